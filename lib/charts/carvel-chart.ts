import { ApiObject, Chart, ChartProps, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { Authenticator } from '../auth/authenticator';
import { CarvelPackage } from '../carvel/carvel-package';
import { checkRepository } from '../carvel/carvel-package-model';
import { ContourHttpProxy } from '../front-door/contour-http-proxy';
import { Hub } from '../hub/hub';
import type { HubProps } from '../hub/hub-props';
import { HubSecret } from '../hub/hub-secret';
import { checkProps } from '../core/check-props';
import { NamespaceQuota } from '../core/namespace-quota';
import { checkLabelMap } from '../core/validate';
import { PackageValue } from '../carvel/package-values';
import { PackageValueFormat } from '../carvel/package-value-format';
import { Proxy } from '../front-door/proxy';
import { IsolationSelfTest } from './isolation-self-test';

/** Props of {@link CarvelChart}. */
export interface CarvelChartProps extends ChartProps {
  /**
   * The registry path the bundles are pushed to: `<registry>/jupyter-package-content:<version>`
   * and `<registry>/jupyter-package-repo:<version>` (the original deployment's names).
   * @default 'registry.example.org/jupyterhub'
   */
  readonly registry?: string;
  /**
   * The package version.
   * @default '1.0.0'
   */
  readonly version?: string;
  /**
   * A `kubernetes.io/tls` Secret with the certificate for `jupyter-<install namespace>.<base_domain>`,
   * made before the install: the HTTPProxy then serves HTTPS.
   * @default - no TLS (HTTP, as the original deployment's `ingress_protocol` may be)
   */
  readonly tlsSecretName?: string;
}

/**
 * JupyterHub on Tanzu Application Platform as the original deployment packaged it: the Carvel package
 * `jupyter.tanzu.vmware.com`, installed with `tanzu package install --values-file`. The values:
 * `base_domain`, `single_user_image` (pinned), `image_pull_secret` (a registry Secret such as
 * `tanzu secret registry add` exports), `login_username` and `login_password` (the
 * shared-password login: the password lands only in Secret `jupyterhub-login` at install time
 * and has no default). The hub answers at `jupyter-<namespace>.<base_domain>` through a Contour
 * HTTPProxy, where the namespace is the PackageInstall's, which kapp-controller gives the
 * templates ({@link PackageValue.installNamespace}; at most 55 characters). A changed values
 * file rolls the hub (see {@link CarvelPackage}). {@link synthesize} writes it as the directory
 * `dist/carvel/`. Beside it, in the app, the chart `<id>.check`: its live isolation self-test
 * ({@link IsolationSelfTest}), without namespaces (`kubectl apply -n <namespace>`).
 */
export class CarvelChart extends Chart {
  /** The hub. */
  public readonly hub: Hub;
  /** The proxy. */
  public readonly proxy: Proxy;
  /** The HTTPProxy. */
  public readonly route: ContourHttpProxy;
  /** The package. */
  public readonly carvelPackage: CarvelPackage;
  /** The quota and limits of the install namespace. */
  public readonly quota: NamespaceQuota;
  /** The live isolation self-test, a chart of its own beside this one (`dist/<id>.check.k8s.yaml`). */
  public readonly isolationCheck: IsolationSelfTest;

  public constructor(scope: Construct, id: string = 'carvel', props: CarvelChartProps = {}) {
    checkProps('CarvelChartProps', props);
    if (props.labels !== undefined) checkLabelMap('labels', props.labels);
    const { registry: registryProp, version: versionProp, tlsSecretName, ...chartProps } = props;
    if (chartProps.namespace !== undefined)
      throw new Error(
        `Invalid 'namespace' ('${chartProps.namespace}'): a package's objects have no namespace (kapp installs them into the PackageInstall's); leave it out`,
      );
    super(scope, id, { disableResourceNameHashes: true, ...chartProps });
    const registry = checkRepository('registry', registryProp ?? 'registry.example.org/jupyterhub');
    const version = versionProp ?? '1.0.0';

    const { namespace, baseDomain, image, pullSecret, username, password } = packageValues();

    // The password becomes a Secret at install time (ytt writes the value into stringData); dist/ holds only the placeholder.
    const loginSecretName = 'jupyterhub-login';
    new ApiObject(this, 'login', {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: loginSecretName },
      type: 'Opaque',
      stringData: { password: password.placeholder },
    });

    this.hub = new Hub(this, 'hub', hubProps(this, loginSecretName, image, pullSecret, username));
    this.proxy = new Proxy(this, 'proxy', { serviceType: kplus.ServiceType.CLUSTER_IP, port: 80 });
    this.route = new ContourHttpProxy(this, 'route', {
      fqdn: `jupyter-${namespace.placeholder}.${baseDomain.placeholder}`,
      tlsSecretName,
    });
    this.proxy.addFrontDoor(this.route);
    this.hub.addIntegration(this.proxy);
    this.quota = new NamespaceQuota(this, 'quota');

    this.carvelPackage = new CarvelPackage(this, 'package', {
      packageName: 'jupyter.tanzu.vmware.com',
      version,
      values: [namespace, baseDomain, image, pullSecret, username, password],
      bundleRepository: `${registry}/jupyter-package-content`,
      repositoryBundleRepository: `${registry}/jupyter-package-repo`,
      displayName: 'JupyterHub on Tanzu',
      shortDescription: 'Management environment for Jupyter notebooks',
      longDescription:
        'JupyterHub (cdk8s-jupyterhub): hub, configurable-http-proxy and a Contour HTTPProxy, with a shared-password login',
      categories: ['ML', 'AI', 'datascience', 'machine learning'],
      releaseNotes: `JupyterHub ${version}, generated by cdk8s-jupyterhub`,
    });
    this.isolationCheck = new IsolationSelfTest(scope, `${id}.check`, { hub: this.hub });
  }
}

/** The original deployment's hub: the shared-password login, the server image from the values. */
function hubProps(
  scope: Construct,
  loginSecretName: string,
  image: PackageValue,
  pullSecret: PackageValue,
  username: PackageValue,
): HubProps {
  return {
    authenticator: Authenticator.sharedPassword({
      userPassword: { secret: kplus.Secret.fromSecretName(scope, 'login-ref', loginSecretName), key: 'password' },
      allowedUsers: [username.placeholder],
    }),
    // Cookie secret and proxy token made in the cluster by the hub's secret-init: never in the bundle.
    secret: HubSecret.generated(),
    // Fair shares: at most 20 servers at once, each within 2Gi and 1 CPU; the namespace's quota is sized for them.
    activeServerLimit: 20,
    singleUser: {
      image: image.placeholder,
      imagePullSecrets: [pullSecret.placeholder],
      memoryLimit: Size.gibibytes(2),
      cpuGuarantee: kplus.Cpu.millis(100),
      cpuLimit: kplus.Cpu.units(1),
    },
  };
}

/** The package's values (its values file's keys, typed; the password without a default; the namespace from kapp-controller). */
function packageValues() {
  // The original package's `namespace` value, now the PackageInstall's own (a label of the host name jupyter-<namespace>).
  const namespace = PackageValue.installNamespace({
    description: 'The namespace of the PackageInstall; the hub answers at jupyter-<namespace>.<base_domain>',
    maxLength: 55,
  });
  const baseDomain = PackageValue.stringValue('base_domain', {
    description: 'The ingress domain, e.g. apps.example.org',
    format: PackageValueFormat.dnsSubdomain(),
  });
  const image = PackageValue.stringValue('single_user_image', {
    description: "The users' server image, pinned to a tag or digest",
    defaultValue: 'quay.io/jupyter/scipy-notebook:2025-10-20',
    format: PackageValueFormat.pinnedImage(),
  });
  const pullSecret = PackageValue.stringValue('image_pull_secret', {
    description:
      'A Secret of type kubernetes.io/dockerconfigjson in the namespace to pull the server image with (e.g. from tanzu secret registry add --export-to-all-namespaces)',
    defaultValue: 'regsecret',
    format: PackageValueFormat.dnsSubdomain(),
  });
  const username = PackageValue.stringValue('login_username', {
    description: 'The user name that may log in',
    defaultValue: 'jupyter',
    format: PackageValueFormat.pattern(
      '^[a-z][a-z0-9_-]{0,31}$',
      'a lower-case user name: a letter, then up to 31 letters, digits, _ and -',
    ),
  });
  const password = PackageValue.stringValue('login_password', {
    description: 'The login password, at least 8 characters; stored in Secret jupyterhub-login',
    format: PackageValueFormat.any(8),
    sensitive: true,
  });
  return { namespace, baseDomain, image, pullSecret, username, password };
}
