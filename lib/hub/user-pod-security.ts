/**
 * The users' pods against the Pod Security level of the hub's namespace: an init container that
 * runs as root (`runAsRoot`, root and added capabilities) and `allowPrivilegeEscalation` break
 * `restricted`, so they are admitted only where the namespace's level was lowered explicitly, by
 * the `podSecurity` of the library's {@link Namespace} the hub is created in. Outside one the level is not known (the labels of a
 * chart's or kubectl's namespace are the user's), and a spawn could fail at run time only.
 * @internal
 */
import type { Construct } from 'constructs';
import { Namespace } from '../core/namespace';
import { PodSecurityLevel } from '../core/pod-security';
import { fail } from '../core/validate';
import type { HubModel } from './hub-model';

/** Refuses a root init container or privilege escalation unless the hub's Namespace enforces `baseline` or `privileged`. */
export function checkUserPodSecurity(hub: Construct, model: HubModel): void {
  const x = model.singleUser.extras;
  const [prop] = [...x.rootContainers, ...(x.allowPrivilegeEscalation ? ['singleUser.allowPrivilegeEscalation'] : [])];
  if (prop === undefined) return;
  const what = prop.endsWith('.runAsRoot')
    ? 'runs the init container as root'
    : 'lets the server gain privileges (setuid programs)';
  const level = Namespace.podSecurityOf(hub);
  if (level === PodSecurityLevel.BASELINE || level === PodSecurityLevel.PRIVILEGED) return;
  const where =
    level === undefined
      ? 'the hub is not in a Namespace of the library, so the Pod Security its namespace enforces is not known'
      : `Pod Security '${level}' of the hub's Namespace refuses it`;
  fail(
    prop,
    true,
    `${what}, and ${where}: create the hub in a Namespace with podSecurity: PodSecurityLevel.BASELINE (read what that admits in the TSDoc of 'runAsRoot'), or do without root (e.g. a storage that gives the server's fsGid the files)`,
  );
}
