/**
 * The hub pod's typed extras beside the library's own: `extraVolumes`, their mounts in the hub
 * container (`extraVolumeMounts`), and the `initContainers` and `extraContainers`, each run as
 * the hub's non-root user with the hub's restricted security context.
 * @internal
 */
import { Size } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { resources } from '../core/k8s';
import {
  checkAbsolutePath,
  checkDnsLabel,
  checkEnvName,
  checkPinnedImage,
  checkYamlText,
  fail,
} from '../core/validate';
import type { HubProps } from './hub-props';
import type { HubContainer, HubVolumeMount } from './hub-pod-props';

/** The typed extras of the hub pod, validated. */
export interface HubPodExtras {
  readonly volumes: k8s.Volume[];
  /** Mounts of the hub container. */
  readonly mounts: k8s.VolumeMount[];
  readonly initContainers: k8s.Container[];
  readonly containers: k8s.Container[];
}

/** Names of the hub pod's own volumes and containers. */
const OWN_VOLUMES = ['config', 'db', 'tmp', 'hub-files'];
const OWN_CONTAINERS = ['hub', 'secret-init'];

function mountsOf(prop: string, given: readonly HubVolumeMount[] | undefined, readOnly: Map<string, boolean>) {
  if (given !== undefined && !Array.isArray(given)) fail(prop, given, 'must be a list of { volume, mountPath }');
  const paths = new Set<string>();
  return (given ?? []).map((m, i): k8s.VolumeMount => {
    const at = `${prop}[${i}]`;
    const ro = readOnly.get(m?.volume);
    if (ro === undefined)
      fail(
        `${at}.volume`,
        m?.volume,
        `is not one of 'extraVolumes' (${[...readOnly.keys()].map((k) => `'${k}'`).join(', ') || 'none'}): add it there`,
      );
    const mountPath = checkAbsolutePath(`${at}.mountPath`, m.mountPath);
    if (paths.has(mountPath)) fail(`${at}.mountPath`, mountPath, 'is the path of another mount of this container');
    paths.add(mountPath);
    const sub = m.subPath;
    if (sub !== undefined && (sub === '' || sub.startsWith('/') || sub.split('/').includes('..')))
      fail(`${at}.subPath`, sub, "must be a relative path inside the volume without '..'");
    return {
      name: m.volume,
      mountPath,
      ...(sub !== undefined ? { subPath: checkYamlText(`${at}.subPath`, sub, true) } : {}),
      ...((m.readOnly ?? ro) ? { readOnly: true } : {}),
    };
  });
}

function containerOf(prop: string, c: HubContainer, readOnly: Map<string, boolean>, pod: PodSettings): k8s.Container {
  checkDnsLabel(`${prop}.name`, c.name);
  const argv = (p: string, list: readonly string[] | undefined) => {
    if (list !== undefined && (!Array.isArray(list) || list.some((a) => typeof a !== 'string' || a.includes('\0'))))
      fail(p, list, 'must be a list of strings without NUL characters');
    return list?.map((a) => checkYamlText(p, a));
  };
  const env = Object.entries(c.env ?? {}).map(([name, value]) => ({
    name: checkEnvName(`${prop}.env`, name),
    value: checkYamlText(`${prop}.env['${name}']`, value),
  }));
  const mounts = mountsOf(`${prop}.volumeMounts`, c.volumeMounts, readOnly);
  return {
    name: c.name,
    image: checkPinnedImage(`${prop}.image`, c.image),
    imagePullPolicy: pod.policy ?? 'IfNotPresent',
    command: argv(`${prop}.command`, c.command),
    args: argv(`${prop}.args`, c.args),
    ...(env.length > 0 ? { env } : {}),
    resources: resources(`${prop}.resources`, c.resources, {
      cpuRequest: '50m',
      cpuLimit: '500m',
      memoryRequest: Size.mebibytes(64),
      memoryLimit: Size.mebibytes(256),
    }),
    securityContext: pod.security,
    ...(mounts.length > 0 ? { volumeMounts: mounts } : {}),
  };
}

function containersOf(
  prop: string,
  given: readonly HubContainer[] | undefined,
  readOnly: Map<string, boolean>,
  taken: Set<string>,
  pod: PodSettings,
) {
  if (given !== undefined && !Array.isArray(given)) fail(prop, given, 'must be a list of containers { name, image }');
  return (given ?? []).map((c, i) => {
    if (c === null || typeof c !== 'object') fail(`${prop}[${i}]`, c, 'must be a container { name, image }');
    if (taken.has(c.name)) fail(`${prop}[${i}].name`, c.name, 'is the name of another container of the hub pod');
    taken.add(c.name);
    return containerOf(`${prop}[${i}]`, c, readOnly, pod);
  });
}

/** What the extra containers share with the hub: the workload's pull policy, if any, and the security context. */
export interface PodSettings {
  readonly policy?: string;
  readonly security: k8s.SecurityContext;
}

/** Validates the hub pod's typed extras. */
export function resolveHubPodExtras(props: HubProps, pod: PodSettings): HubPodExtras {
  const readOnly = new Map<string, boolean>();
  const given = props.extraVolumes ?? [];
  if (!Array.isArray(given)) fail('extraVolumes', given, 'must be a list of HubVolume (HubVolume.emptyDir(...), ...)');
  const volumes = given.map((v, i) => {
    if (typeof v?._bind !== 'function')
      fail(`extraVolumes[${i}]`, v, "must be a HubVolume, e.g. HubVolume.emptyDir('scratch')");
    const { volume, readOnly: ro } = v._bind(`extraVolumes[${i}]`);
    if (OWN_VOLUMES.includes(volume.name)) fail(`extraVolumes[${i}].name`, volume.name, "is a volume of the hub's own");
    if (readOnly.has(volume.name))
      fail(`extraVolumes[${i}].name`, volume.name, 'is the name of another of the extraVolumes');
    readOnly.set(volume.name, ro);
    return volume;
  });
  const taken = new Set(OWN_CONTAINERS);
  return {
    volumes,
    mounts: mountsOf('extraVolumeMounts', props.extraVolumeMounts, readOnly),
    initContainers: containersOf('initContainers', props.initContainers, readOnly, taken, pod),
    containers: containersOf('extraContainers', props.extraContainers, readOnly, taken, pod),
  };
}
