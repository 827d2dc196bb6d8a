/**
 * Issue 21, item 4: the user scheduler's kube-scheduler follows Kubernetes' version skew policy
 * (https://kubernetes.io/releases/version-skew-policy/#kube-controller-manager-kube-scheduler-and-cloud-controller-manager):
 * never newer than the cluster's API server, at most one minor older. The cluster's minor is a
 * prop (`kubernetesVersion`); every minor the library supports (1.27 to 1.36, the two schemas the
 * tests validate against) picks a pinned image within skew, and any other minor is refused.
 */
import { App, Chart } from 'cdk8s';
import { Authenticator, Hub, Namespace, Proxy, UserScheduler, UserSchedulerProps } from '../../lib';
import { find, Obj, synth } from '../util';

const SUPPORTED = ['1.27', '1.28', '1.29', '1.30', '1.31', '1.32', '1.33', '1.34', '1.35', '1.36'];

function schedulerImage(props: UserSchedulerProps): string {
  const c = new Chart(new App(), 'c', { disableResourceNameHashes: true });
  const ns = new Namespace(c, 'course');
  const hub = new Hub(ns, 'hub', {
    authenticator: Authenticator.dummy({ adminUsers: ['admin'], allowOpenNetwork: true }),
  });
  hub.addIntegration(new Proxy(ns, 'proxy'));
  hub.addIntegration(new UserScheduler(ns, 'user-scheduler', props));
  const objs: Obj[] = synth(c);
  return find(objs, 'Deployment', 'user-scheduler').spec.template.spec.containers[0].image;
}

/** The minor of a `registry.k8s.io/kube-scheduler:v1.N.P` image. */
function minorOf(image: string): number {
  const m = /^registry\.k8s\.io\/kube-scheduler:v1\.(\d+)\.(\d+)$/.exec(image);
  if (!m) throw new Error(`not a pinned kube-scheduler release: ${image}`);
  return Number(m[1]);
}

describe('the kube-scheduler image follows the cluster version (skew policy)', () => {
  test.each(SUPPORTED)(
    'Kubernetes %s: a pinned kube-scheduler not newer than the API server, at most one minor older',
    (version) => {
      const cluster = Number(version.split('.')[1]);
      const minor = minorOf(schedulerImage({ kubernetesVersion: version }));
      expect(minor).toBeLessThanOrEqual(cluster);
      expect(minor).toBeGreaterThanOrEqual(cluster - 1);
    },
  );

  test('by default, the kube-scheduler of the oldest supported version (1.27): a newer cluster sets kubernetesVersion', () => {
    expect(schedulerImage({})).toBe(schedulerImage({ kubernetesVersion: '1.27' }));
    expect(minorOf(schedulerImage({}))).toBe(27);
  });

  test.each([
    ['1.26', /Invalid 'kubernetesVersion' \('1\.26'\): .*1\.27 to 1\.36/],
    ['1.37', /Invalid 'kubernetesVersion' \('1\.37'\): .*1\.27 to 1\.36/],
    ['2.0', /Invalid 'kubernetesVersion' \('2\.0'\): .*1\.27 to 1\.36/],
    ['1.3', /Invalid 'kubernetesVersion' \('1\.3'\): .*1\.27 to 1\.36/],
    ['v1.30', /Invalid 'kubernetesVersion' \('v1\.30'\): must be a Kubernetes minor version such as '1\.30'/],
    ['1.30.4', /Invalid 'kubernetesVersion' \('1\.30\.4'\): must be a Kubernetes minor version such as '1\.30'/],
    ['1.030', /Invalid 'kubernetesVersion' \('1\.030'\): must be a Kubernetes minor version such as '1\.30'/],
  ])('an unsupported or malformed version %s is refused at construction', (version, message) => {
    expect(() => new UserScheduler(new Chart(new App(), 'c'), 's', { kubernetesVersion: version })).toThrow(message);
  });

  test('an image of its own wins, and is held to the skew policy when it names a kube-scheduler release', () => {
    expect(schedulerImage({ image: 'registry.k8s.io/kube-scheduler:v1.31.2', kubernetesVersion: '1.32' })).toBe(
      'registry.k8s.io/kube-scheduler:v1.31.2',
    );
    expect(schedulerImage({ image: 'example.org/mirror/kube-scheduler:v1.31.2' })).toBe(
      'example.org/mirror/kube-scheduler:v1.31.2',
    );
    const c = () => new Chart(new App(), 'c');
    expect(
      () => new UserScheduler(c(), 's', { image: 'registry.k8s.io/kube-scheduler:v1.33.1', kubernetesVersion: '1.32' }),
    ).toThrow(
      /Invalid 'image' \('registry\.k8s\.io\/kube-scheduler:v1\.33\.1'\): is newer than 'kubernetesVersion' \(1\.32\)/,
    );
    expect(
      () => new UserScheduler(c(), 's', { image: 'registry.k8s.io/kube-scheduler:v1.30.1', kubernetesVersion: '1.32' }),
    ).toThrow(/Invalid 'image' \('registry\.k8s\.io\/kube-scheduler:v1\.30\.1'\): is more than one minor older/);
  });
});
