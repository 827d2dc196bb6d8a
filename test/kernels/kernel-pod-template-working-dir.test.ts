/**
 * The kernel's working directory (issue 21, item 9). With `EG_MIRROR_WORKING_DIRS`, Jupyter
 * Server sends the notebook's directory as `KERNEL_WORKING_DIR`; the kernel pod template keeps it
 * as the container's `workingDir` when it lies inside the mounted home. A directory a user may
 * well have, with parentheses, commas, quotes, non-ASCII letters or `..` inside a name, is kept
 * as sent (it only ever reaches the YAML through `tojson`), instead of being dropped without a
 * word; a path outside the home, or one climbing out of it with a `..` segment, is still dropped.
 *
 * Rendered with the real Jinja2 and PyYAML, as Enterprise Gateway 3.3.0's launcher renders the
 * jeg-lab chart's kernel pod template.
 */
import { JINJA, MISSING, render } from '../kernel-launcher';
import { strictErrors } from '../strict-schema';
import { find, seedCharts } from '../util';

const KERNEL_ID = '0f3d9c1e-5b8a-4c2e-9d7f-1a2b3c4d5e6f';

/** The jeg-lab kernel's pod for alice, launched from `workingDir`. */
function launchFrom(workingDirs: string[]): any[] {
  const cm = find(seedCharts()['jeg-lab'], 'ConfigMap', 'kernelspec-python-kubernetes');
  const base = {
    ...JSON.parse(cm.data['kernel.json']).env,
    KERNEL_ID,
    KERNEL_POD_NAME: `alice-${KERNEL_ID}`,
    KERNEL_NAMESPACE: 'enterprise-gateway-kernels',
    KERNEL_USERNAME: 'alice',
    KERNEL_HOME_NFS_PATH: '/home/nfs_share/claim/alice',
  };
  const cases = workingDirs.map((dir) => ({ ...base, KERNEL_WORKING_DIR: dir }));
  return render(cm.data['kernel-pod.yaml.j2'], cases).results.map((r) => {
    if (r.error) throw new Error(r.error);
    expect(r.docs).toHaveLength(1);
    return r.docs![0];
  });
}

const KEPT = [
  '/home/jovyan',
  '/home/jovyan/work',
  '/home/jovyan/Project (copy)',
  '/home/jovyan/results,2024',
  '/home/jovyan/Übungen/Blatt 1',
  "/home/jovyan/it's here",
  '/home/jovyan/a "quoted" name',
  '/home/jovyan/v1..v2',
  '/home/jovyan/{{ 7*7 }}',
  '/home/jovyan/x"\n  hostNetwork: true',
  '/home/jovyan/work/',
];

const DROPPED = [
  '/proc/self/fd/7',
  '/home/jovyan/../../etc',
  '/home/jovyan/..',
  '/home/jovyan/work/../../../proc/self/fd/7',
  '/home/jovyanx/work',
  'home/jovyan/work',
  '',
];

const suite = JINJA ? describe : describe.skip;
if (!JINJA) {
  if (process.env.CI === 'true')
    test('python3-jinja2 and python3-yaml are installed in CI', () => {
      throw new Error(MISSING);
    });
  else console.log(`${MISSING}: the working-directory rendering tests are skipped`);
}

suite(`the kernel's working directory, rendered by Jinja2 ${JINJA ?? ''} as the launcher renders it`, () => {
  test('every directory inside the home is kept exactly as sent, whatever its characters', () => {
    const pods = launchFrom(KEPT);
    KEPT.forEach((dir, i) => {
      const pod = pods[i];
      expect({ dir, workingDir: pod.spec.containers[0].workingDir }).toEqual({ dir, workingDir: dir });
      expect({ dir, errors: strictErrors(pod) }).toEqual({ dir, errors: [] });
      // Data, never YAML or Jinja2: nothing but the working directory changes.
      expect({ dir, hostNetwork: pod.spec.hostNetwork }).toEqual({ dir, hostNetwork: false });
    });
  });

  test('a path outside the home, or one climbing out of it, is still dropped (the image working directory is used)', () => {
    const pods = launchFrom(DROPPED);
    DROPPED.forEach((dir, i) => {
      expect({ dir, workingDir: pods[i].spec.containers[0].workingDir }).toEqual({ dir, workingDir: undefined });
    });
  });
});
