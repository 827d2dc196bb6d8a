/**
 * The one generator of the gateway's `kernel-launchers` init container command line.
 * @internal
 */

/**
 * The gateway's `kernel-launchers` init container: a directory per kernel spec with a link to the
 * image's launcher, so that the launcher, run from there, reads the spec's own pod template.
 * Names are kernelspec names (letters, digits, '.', '_', '-'), passed as arguments, not in the script.
 */
export function kernelLauncherLinksCommand(dir: string, launcher: string, specNames: readonly string[]): string[] {
  const script = `set -e; for k in "$@"; do mkdir -p "${dir}/$k"; ln -sf "${launcher}" "${dir}/$k/launch_kubernetes.py"; done`;
  return ['sh', '-c', script, 'kernel-launchers', ...specNames];
}
