/**
 * The hub pod's extras from the Hub's typed props (`extraEnv`, `workload.extraEnv`, `secretEnv`, `extraFiles`,
 * `templatePaths`, `templateVars`): one integration of the hub, through the slots every
 * integration has (hubEnv, hubSecretEnv, hubVolumes, hubVolumeMounts, templatePaths, hubTraits),
 * so that the hub's checks of env names, volumes and mount paths hold for them too.
 * @internal
 */
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { ConfigTrait } from '../core/config-trait';
import { checksum, objectMeta } from '../core/k8s';
import {
  checkAbsolutePath,
  checkDnsSubdomain,
  checkEnvName,
  checkSecretKey,
  checkYamlText,
  fail,
} from '../core/validate';
import type { HubIntegrationConfig, IHub, IHubIntegration } from './hub-integration';
import type { HubProps } from './hub-props';
import type { HubPodExtras } from './hub-containers';
import { hubOwnMounts } from './hub-pod-spec';

/** A ConfigMap holds at most 1 MiB (the API server's limit on an object's data). */
const CONFIG_MAP_MAX_BYTES = 1024 * 1024;
const VOLUME = 'hub-files';
const JINJA_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Whether the Hub's props have any pod extra. */
export function hasHubExtras(props: HubProps): boolean {
  const extras: unknown[] = [props.extraEnv, props.secretEnv, props.extraFiles, props.templatePaths];
  extras.push(props.templateVars, props.extraVolumes, props.extraVolumeMounts);
  return extras.some((p) => p !== undefined) || Object.keys(props.workload?.extraEnv ?? {}).length > 0;
}

function checkEnv(props: HubProps): void {
  Object.keys(props.extraEnv ?? {}).forEach((n) => checkEnvName('extraEnv', n));
  for (const [name, ref] of Object.entries(props.secretEnv ?? {})) {
    checkEnvName('secretEnv', name);
    if (name in (props.extraEnv ?? {})) fail('secretEnv', name, 'is in extraEnv too: an env var has one source');
    const at = `secretEnv['${name}']`;
    if (typeof ref !== 'object' || ref === null) fail(at, ref, 'must be { secretName, key }: a key of a Secret');
    checkDnsSubdomain(`${at}.secretName`, ref.secretName);
    checkSecretKey(`${at}.key`, ref.key);
  }
}

function checkFiles(props: HubProps): void {
  const own = hubOwnMounts().map((m) => m.mountPath);
  const seen = new Set<string>();
  let bytes = 0;
  (props.extraFiles ?? []).forEach((f, i) => {
    const at = `extraFiles[${i}]`;
    if (typeof f?.path !== 'string') fail(`${at}.path`, f?.path, 'must be the absolute path of the file');
    if (typeof f.content !== 'string') fail(`${at}.content`, f.content, 'must be the text of the file');
    checkAbsolutePath(`${at}.path`, f.path);
    checkYamlText(`${at}.content`, f.content);
    const under = own.find((m) => f.path === m || f.path.startsWith(`${m}/`));
    if (under) fail(`${at}.path`, f.path, `is in '${under}', a directory the hub mounts itself: put it elsewhere`);
    if (seen.has(f.path)) fail(`${at}.path`, f.path, 'is the path of another of the extraFiles');
    seen.add(f.path);
    bytes += Buffer.byteLength(f.content, 'utf8');
  });
  if (bytes > CONFIG_MAP_MAX_BYTES)
    fail(
      'extraFiles',
      `${bytes} bytes`,
      'must hold at most 1 MiB together (one ConfigMap): mount larger files from a volume',
    );
}

/** `extraVolumeMounts` outside the hub's own directories and the paths of `extraFiles`. */
function checkMounts(props: HubProps, pod: HubPodExtras): void {
  const own = hubOwnMounts().map((m) => m.mountPath);
  const files = (props.extraFiles ?? []).map((f) => f.path);
  pod.mounts.forEach((m, i) => {
    const under = own.find((o) => m.mountPath === o || m.mountPath.startsWith(`${o}/`));
    if (under)
      fail(
        `extraVolumeMounts[${i}].mountPath`,
        m.mountPath,
        `is in '${under}', a directory the hub mounts itself: mount it elsewhere`,
      );
    if (files.includes(m.mountPath))
      fail(
        `extraVolumeMounts[${i}].mountPath`,
        m.mountPath,
        'is the path of one of the extraFiles: mount it elsewhere',
      );
  });
}

function checkTemplates(props: HubProps): void {
  (props.templatePaths ?? []).forEach((p, i) => checkAbsolutePath(`templatePaths[${i}]`, p));
  for (const [key, value] of Object.entries(props.templateVars ?? {})) {
    if (!JINJA_NAME.test(key)) fail('templateVars', key, "must be a Jinja variable name (letters, digits, '_')");
    if (typeof value !== 'string') fail(`templateVars['${key}']`, value, 'must be a string');
    checkYamlText(`templateVars['${key}']`, value);
  }
}

/** The hub's extras, as an integration of the hub (added by the Hub from its props). */
export class HubExtras implements IHubIntegration {
  public constructor(
    private readonly scope: Construct,
    private readonly props: HubProps,
    private readonly labels: { [key: string]: string },
    private readonly pod: HubPodExtras,
  ) {
    checkEnv(props);
    checkFiles(props);
    checkMounts(props, pod);
    checkTemplates(props);
  }

  public bindToHub(hub: IHub): HubIntegrationConfig {
    const p = this.props;
    const files = p.extraFiles ?? [];
    // Named after the files' content: a subPath mount never sees a ConfigMap's update, so a change
    // is a new ConfigMap, which the pod template names, and the hub rolls out.
    const digest = checksum(...files.flatMap((f) => [f.path, f.content])).slice(0, 10);
    const name = `${hub.namePrefix}${VOLUME}-${digest}`;
    if (files.length > 0) {
      new k8s.KubeConfigMap(this.scope, 'ExtraFiles', {
        metadata: objectMeta(this.scope, name, this.labels),
        data: Object.fromEntries(files.map((f, i) => [`file-${i}`, f.content])),
      });
    }
    const secretEnv = Object.entries(p.secretEnv ?? {}).map(([n, r]) => [n, { name: r.secretName, key: r.key }]);
    return {
      // `workload.extraEnv` beside `extraEnv` (a name in both is refused by the hub's model).
      hubEnv: p.workload?.extraEnv ? { ...p.extraEnv, ...p.workload.extraEnv } : p.extraEnv,
      hubSecretEnv: secretEnv.length > 0 ? Object.fromEntries(secretEnv) : undefined,
      // The files' ConfigMap and `extraVolumes`, mounted as `extraFiles` and `extraVolumeMounts` say.
      hubVolumes: [...(files.length > 0 ? [{ name: VOLUME, configMap: { name } }] : []), ...this.pod.volumes],
      hubVolumeMounts: [
        ...files.map((f, i) => ({ name: VOLUME, mountPath: f.path, subPath: `file-${i}`, readOnly: true })),
        ...this.pod.mounts,
      ],
      templatePaths: p.templatePaths,
      hubTraits: p.templateVars ? [ConfigTrait.stringMap('JupyterHub', 'template_vars', p.templateVars)] : undefined,
    };
  }
}
