import * as kplus from 'cdk8s-plus-27';

/**
 * A container next to the user's server (an extra container) or before it (an init container).
 * It runs as the server's uid and fsGid, not as root (but an init container with `runAsRoot`),
 * without privilege escalation or capabilities, with a read-only root filesystem (mount an
 * `emptyDir` volume where it writes).
 */
export interface UserContainer {
  /** Container name, a DNS-1123 label unique in the pod. */
  readonly name: string;

  /** Image, pinned to a tag or digest. */
  readonly image: string;

  /**
   * Command (entrypoint). KubeSpawner expands `{username}` in its strings; write `{{` for a literal brace.
   * @default - the image's entrypoint
   */
  readonly command?: string[];

  /**
   * Arguments. KubeSpawner expands `{username}` in its strings; write `{{` for a literal brace.
   * @default - the image's command
   */
  readonly args?: string[];

  /**
   * Environment variables (literal values).
   * @default - none
   */
  readonly env?: { [name: string]: string };

  /**
   * CPU and memory requests and limits.
   * @default - requests 50m CPU and 64Mi memory; limits 500m CPU and 256Mi
   */
  readonly resources?: kplus.ContainerResources;

  /**
   * Volumes of `singleUser.extraVolumes` to mount, by volume name, at the mount path the volume
   * declares.
   * @default - none
   */
  readonly volumes?: string[];

  /**
   * Run this init container as root, to give a volume to the server's uid and fsGid (z2jh #421,
   * #2299: an NFS export whose directories root owns, where `fsGroup` does not apply), e.g.
   * `command: ['chown', '-R', '1000:100', '/srv/shared']`. It runs as uid 0 and gid 0 with only
   * the capabilities `CHOWN`, `FOWNER` and `DAC_OVERRIDE` (all others dropped), without privilege
   * escalation, with a read-only root filesystem and seccomp `RuntimeDefault`. Only init
   * containers may: an extra container runs beside the server for its whole life.
   *
   * **Warning: this lowers the Pod Security of the hub's whole namespace.** Pod Security
   * `restricted` refuses root and added capabilities, so the hub must be created in a
   * {@link Namespace} with `podSecurity: PodSecurityLevel.BASELINE` (or `PRIVILEGED`); a hub
   * outside a Namespace of the library is refused, as its level is unknown. `baseline` then admits,
   * for every pod of that namespace, not only this container: running as root, adding the
   * capabilities AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE,
   * SETFCAP, SETGID, SETPCAP, SETUID and SYS_CHROOT, privilege escalation (setuid programs), no
   * seccomp profile, and every volume type but `hostPath` (e.g. an inline NFS volume). It still
   * refuses privileged containers, host namespaces, ports and paths. `warn` and `audit` stay
   * `restricted`, so every apply and the audit log name the pods that need the lower level. In the
   * container, root may change the owner and mode of every file on the volumes it mounts.
   * @default false (the server's uid and fsGid, non-root, no capabilities)
   */
  readonly runAsRoot?: boolean;
}
