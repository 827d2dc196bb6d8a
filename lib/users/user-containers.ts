/**
 * The init and extra containers of the users' pods and the server's lifecycle hooks, validated
 * and resolved as KubeSpawner takes them (camelCase Kubernetes fields).
 * @internal
 */
import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { checkKubeSpawnerTemplate, literalForKubeSpawner } from './kubespawner-template';
import type { PyValue } from '../core/python';
import type { UserContainer } from './user-container';
import { sizeQuantity } from '../core/k8s';
import {
  checkCpu,
  checkDnsLabel,
  checkEnvName,
  checkPinnedImage,
  checkSize,
  checkYamlText,
  fail,
} from '../core/validate';

/**
 * The capabilities a root init container keeps: changing owners (`CHOWN`), modes of files it does
 * not own (`FOWNER`) and reaching files whatever their mode (`DAC_OVERRIDE`); all three are among
 * those Pod Security `baseline` lets a container add.
 */
const ROOT_CAPABILITIES = ['CHOWN', 'DAC_OVERRIDE', 'FOWNER'];

function rootSecurityContext(): PyValue {
  return {
    runAsUser: 0,
    runAsGroup: 0,
    runAsNonRoot: false,
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ['ALL'], add: ROOT_CAPABILITIES },
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

function securityContext(uid: number, fsGid: number): PyValue {
  return {
    runAsUser: uid,
    runAsGroup: fsGid,
    runAsNonRoot: true,
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

function containerResources(prop: string, r: kplus.ContainerResources | undefined): PyValue {
  const cpuReq = r?.cpu?.request?.amount ?? '50m';
  const cpuLim = r?.cpu?.limit?.amount ?? '500m';
  const memReq = checkSize(`${prop}.memory.request`, r?.memory?.request ?? Size.mebibytes(64));
  const memLim = checkSize(`${prop}.memory.limit`, r?.memory?.limit ?? Size.mebibytes(256));
  if (checkCpu(`${prop}.cpu.limit`, cpuLim) < checkCpu(`${prop}.cpu.request`, cpuReq))
    fail(`${prop}.cpu.limit`, cpuLim, `must be at least the CPU request (${cpuReq})`);
  if (memLim.toKibibytes() < memReq.toKibibytes())
    fail(`${prop}.memory.limit`, sizeQuantity(memLim), `must be at least the memory request (${sizeQuantity(memReq)})`);
  return {
    requests: { cpu: cpuReq, memory: sizeQuantity(memReq) },
    limits: { cpu: cpuLim, memory: sizeQuantity(memLim) },
  };
}

/**
 * One init or extra container, run as the server's uid and fsGid (or, for an init container with
 * `runAsRoot`, as root); its volumes are mounted as `mounts` says.
 */
export function containerOf(
  prop: string,
  c: UserContainer,
  ids: { uid: number; fsGid: number },
  mounts: Map<string, PyValue>,
  init: boolean,
): PyValue {
  checkDnsLabel(`${prop}.name`, c.name);
  if (c.runAsRoot !== undefined && typeof c.runAsRoot !== 'boolean')
    fail(`${prop}.runAsRoot`, c.runAsRoot, 'must be true or false');
  if (c.runAsRoot && !init)
    fail(
      `${prop}.runAsRoot`,
      true,
      "is for init containers only (an extra container runs beside the server for its whole life): move the work to 'singleUser.initContainers'",
    );
  const image = checkPinnedImage(`${prop}.image`, c.image);
  const argv = (p: string, list: readonly string[] | undefined) => list?.map((a) => checkKubeSpawnerTemplate(p, a));
  const env = Object.entries(c.env ?? {}).map(([name, value]) => ({
    name: checkEnvName(`${prop}.env`, name),
    value: literalForKubeSpawner(checkYamlText(`${prop}.env['${name}']`, value)),
  }));
  const volumeMounts = (c.volumes ?? []).map((v) => {
    const m = mounts.get(v);
    if (m === undefined)
      fail(
        `${prop}.volumes`,
        v,
        `is not a volume of 'singleUser.extraVolumes' (${[...mounts.keys()].map((k) => `'${k}'`).join(', ') || 'none'}): add it there`,
      );
    return m;
  });
  return {
    name: c.name,
    image,
    imagePullPolicy: 'IfNotPresent',
    command: argv(`${prop}.command`, c.command),
    args: argv(`${prop}.args`, c.args),
    env: env.length > 0 ? env : undefined,
    resources: containerResources(`${prop}.resources`, c.resources),
    securityContext: c.runAsRoot ? rootSecurityContext() : securityContext(ids.uid, ids.fsGid),
    volumeMounts: volumeMounts.length > 0 ? volumeMounts : undefined,
  };
}

/** A `postStart` or `preStop` exec hook. */
export function execHook(prop: string, command: readonly string[] | undefined): PyValue | undefined {
  if (command === undefined) return undefined;
  if (command.length === 0 || command.some((a) => a === '' || a.includes('\0')))
    fail(
      prop,
      command,
      "must be a non-empty list of non-empty arguments, e.g. ['sh', '-c', 'cp -rn /srv/course/. ~/']",
    );
  command.forEach((a) => checkYamlText(prop, a));
  return { exec: { command: [...command] } };
}
