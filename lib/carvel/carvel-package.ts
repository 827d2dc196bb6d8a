import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, Chart, Yaml } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { PackageInstall, PackageRepository } from '../../imports/packaging.carvel.dev';
import { openApiSchema, yttSchema } from './ytt-schema';
import { yttTemplate } from './ytt-templates';
import { addAppChecks } from '../core/app-checks';
import { checkProps } from '../core/check-props';
import { checkDnsLabel, checkDnsSubdomain, checkImageReference, fail } from '../core/validate';
import { PackageValue, PackageValueType } from './package-values';

/** Props of {@link CarvelPackage}. */
export interface CarvelPackageProps {
  /**
   * The package's name (`PackageMetadata` name, `Package` refName): a DNS subdomain of at least
   * three parts, e.g. `jupyter.tanzu.vmware.com` (the seed's).
   */
  readonly packageName: string;
  /** The package version (semver), e.g. `1.0.0`. */
  readonly version: string;
  /** The install-time values: every placeholder the chart's objects hold must be one of them. */
  readonly values: PackageValue[];
  /**
   * Repository of the package content bundle (`imgpkg push -b <repository>:<version>`), e.g.
   * `registry.example.org/jupyter-package-content`.
   */
  readonly bundleRepository: string;
  /**
   * Repository of the package repository bundle, e.g. `registry.example.org/jupyter-package-repo`.
   */
  readonly repositoryBundleRepository: string;
  /** Name shown by `tanzu package available list`. */
  readonly displayName: string;
  /** One line about the package. */
  readonly shortDescription: string;
  /**
   * A paragraph about the package.
   * @default - the short description
   */
  readonly longDescription?: string;
  /**
   * Categories.
   * @default - none
   */
  readonly categories?: string[];
  /**
   * Release notes of this version.
   * @default - none
   */
  readonly releaseNotes?: string;
  /**
   * Namespace of the example `PackageRepository` and `PackageInstall` (install/).
   * @default 'jupyterhub'
   */
  readonly installNamespace?: string;
}

/**
 * A Carvel package of the objects in its chart (everything but its own objects), for
 * kapp-controller (Tanzu Application Platform: `tanzu package install`). {@link synthesize}
 * writes the chart as a directory `dist/<chart>/` instead of a `.k8s.yaml` file:
 * - `bundle/config/values-schema.yaml`: the ytt data-values schema of {@link PackageValue}s;
 * - `bundle/config/<chart>.yaml`: the objects as ytt templates, each placeholder replaced by
 *   its value (`#@ data.values.<name>`), without namespaces (kapp's target namespace applies);
 * - `bundle/.imgpkg/images.yml`: the images of the templates by tag; `kbld --imgpkg-lock-output`
 *   turns them into digests before `imgpkg push` (README);
 * - `repository/packages/<name>/`: `metadata.yaml` (PackageMetadata) and `<version>.yaml`
 *   (Package: fetch the bundle, `ytt` over `config/`, `kbld` with `.imgpkg/images.yml`,
 *   `kapp` deploy; `valuesSchema.openAPIv3` is the same schema as the ytt one);
 * - `install/`: a `PackageRepository`, an example `PackageInstall` with its ServiceAccount and
 *   RBAC, and `values.example.yaml` (no secret in it).
 * `app.synth()` (instead of `synthesize`) writes the chart as one file with the placeholders.
 */
export class CarvelPackage extends Construct {
  /**
   * The package of a chart, if it has one.
   * @internal
   */
  public static _of(chart: Chart): CarvelPackage | undefined {
    return chart.node.findAll().find((c): c is CarvelPackage => c instanceof CarvelPackage);
  }

  /** The package name. */
  public readonly packageName: string;
  /** The version. */
  public readonly version: string;
  /** The `PackageMetadata` object. */
  public readonly packageMetadata: ApiObject;
  /** The `Package` object. */
  public readonly packageResource: ApiObject;
  /** The `PackageRepository` object (install/). */
  public readonly repository: ApiObject;
  /** The example `PackageInstall` object (install/). */
  public readonly install: ApiObject;
  private readonly values: readonly PackageValue[];
  private readonly installObjects: Construct;
  private readonly repositoryObjects: Construct;

  public constructor(scope: Construct, id: string, props: CarvelPackageProps) {
    checkProps('CarvelPackageProps', props);
    super(scope, id);
    addAppChecks(this);
    this.packageName = checkDnsSubdomain('packageName', props.packageName);
    if (props.packageName.split('.').length < 3)
      fail(
        'packageName',
        props.packageName,
        "must have at least three parts separated by '.' (kapp-controller requires it), e.g. 'jupyter.tanzu.vmware.com'",
      );
    if (!/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/.test(props.version))
      fail('version', props.version, "must be a semantic version such as '1.0.0'");
    this.version = props.version;
    checkImageReference('bundleRepository', `${props.bundleRepository}:${props.version}`);
    checkImageReference('repositoryBundleRepository', `${props.repositoryBundleRepository}:${props.version}`);
    const namespace = checkDnsLabel('installNamespace', props.installNamespace ?? 'jupyterhub');
    const names = new Set<string>();
    for (const v of props.values) {
      if (names.has(v.name)) fail('values', v.name, 'is declared twice: declare each value once');
      names.add(v.name);
      const other = props.values.find((o) => o !== v && o.placeholder.includes(v.placeholder));
      if (other)
        fail('values', v.name, `has a placeholder inside the placeholder of '${other.name}': rename one of them`);
    }
    this.values = [...props.values];

    this.repositoryObjects = new Construct(this, 'repository');
    [this.packageMetadata, this.packageResource] = this.repositoryFiles(props);
    this.installObjects = new Construct(this, 'install');
    [this.repository, this.install] = this.installFiles(props, namespace);
  }

  /** PackageMetadata and Package: the repository bundle's files. */
  private repositoryFiles(props: CarvelPackageProps): [ApiObject, ApiObject] {
    const metadata = new ApiObject(this.repositoryObjects, 'metadata', {
      apiVersion: 'data.packaging.carvel.dev/v1alpha1',
      kind: 'PackageMetadata',
      metadata: { name: props.packageName },
      spec: {
        displayName: props.displayName,
        shortDescription: props.shortDescription,
        longDescription: props.longDescription ?? props.shortDescription,
        ...(props.categories !== undefined ? { categories: props.categories } : {}),
      },
    });
    const pkg = new ApiObject(this.repositoryObjects, 'package', {
      apiVersion: 'data.packaging.carvel.dev/v1alpha1',
      kind: 'Package',
      metadata: { name: `${props.packageName}.${props.version}` },
      spec: {
        refName: props.packageName,
        version: props.version,
        ...(props.releaseNotes !== undefined ? { releaseNotes: props.releaseNotes } : {}),
        valuesSchema: { openAPIv3: openApiSchema(props.values) },
        template: {
          spec: {
            fetch: [{ imgpkgBundle: { image: `${props.bundleRepository}:${props.version}` } }],
            template: [{ ytt: { paths: ['config/'] } }, { kbld: { paths: ['.imgpkg/images.yml', '-'] } }],
            deploy: [{ kapp: {} }],
          },
        },
      },
    });

    return [metadata, pkg];
  }

  /** The PackageRepository, and the example PackageInstall with its ServiceAccount and RBAC. */
  private installFiles(props: CarvelPackageProps, namespace: string): [ApiObject, ApiObject] {
    const serviceAccount = `${props.packageName.split('.')[0]}-installer`;
    const repository = new PackageRepository(this.installObjects, 'repository', {
      metadata: { name: `${props.packageName.split('.')[0]}-package-repository`, namespace },
      spec: { fetch: { imgpkgBundle: { image: `${props.repositoryBundleRepository}:${props.version}` } } },
    });
    const sa = new ApiObject(this.installObjects, 'service-account', {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: serviceAccount, namespace },
    });
    // kapp creates the hub's Roles and RoleBindings: it needs what they grant, hence the namespace's `admin` role.
    const adminBinding = new ApiObject(this.installObjects, 'admin-binding', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: `${serviceAccount}-admin`, namespace },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'admin' },
      subjects: [{ kind: 'ServiceAccount', name: serviceAccount, namespace }],
    });
    // `admin` does not cover Contour's HTTPProxy.
    const contourRole = new ApiObject(this.installObjects, 'contour-role', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: `${serviceAccount}-contour`, namespace },
      rules: [
        {
          apiGroups: ['projectcontour.io'],
          resources: ['httpproxies'],
          verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'],
        },
      ],
    });
    const contourBinding = new ApiObject(this.installObjects, 'contour-binding', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: `${serviceAccount}-contour`, namespace },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: `${serviceAccount}-contour` },
      subjects: [{ kind: 'ServiceAccount', name: serviceAccount, namespace }],
    });
    contourBinding.node.addDependency(contourRole);
    const install = new PackageInstall(this.installObjects, 'install', {
      metadata: { name: props.packageName.split('.')[0], namespace },
      spec: {
        serviceAccountName: serviceAccount,
        packageRef: { refName: props.packageName, versionSelection: { constraints: props.version } },
        // The values file, with the secrets in it, is a Secret made with kubectl (README), never a file in dist/.
        values: [{ secretRef: { name: `${props.packageName.split('.')[0]}-values` } }],
      },
    });
    install.node.addDependency(sa, adminBinding, contourBinding, repository);
    return [repository, install];
  }

  /** The package values. */
  public get packageValues(): PackageValue[] {
    return [...this.values];
  }

  /**
   * Writes the package directory `dir` from the chart's objects (in order, with their JSON).
   * @internal
   */
  public _writeBundle(dir: string, objects: readonly { readonly object: ApiObject; readonly json: unknown }[]): void {
    const own = (o: IConstruct, root: Construct) => o.node.scopes.includes(root);
    const content = objects.filter((o) => !own(o.object, this));
    const chartName = path.basename(dir);
    const files: { [rel: string]: string } = {};
    files['bundle/config/values-schema.yaml'] = yttSchema(this.values);
    files[`bundle/config/${chartName}.yaml`] = yttTemplate(
      content.map((o) => o.json),
      this.values,
      `config/${chartName}.yaml`,
    );
    files['bundle/.imgpkg/images.yml'] = imagesLock(content.map((o) => o.json));
    const repo = objects.filter((o) => own(o.object, this.repositoryObjects)).map((o) => o.json);
    files[`repository/packages/${this.packageName}/metadata.yaml`] = Yaml.stringify(
      ...repo.filter((o) => (o as { kind: string }).kind === 'PackageMetadata'),
    );
    files[`repository/packages/${this.packageName}/${this.version}.yaml`] = Yaml.stringify(
      ...repo.filter((o) => (o as { kind: string }).kind === 'Package'),
    );
    const install = objects.filter((o) => own(o.object, this.installObjects)).map((o) => o.json);
    files['install/package-repository.yaml'] = Yaml.stringify(
      ...install.filter((o) => (o as { kind: string }).kind === 'PackageRepository'),
    );
    files['install/package-install.yaml'] = Yaml.stringify(
      ...install.filter((o) => (o as { kind: string }).kind !== 'PackageRepository'),
    );
    files['install/values.example.yaml'] = exampleValues(this.values);
    fs.rmSync(dir, { recursive: true, force: true });
    for (const [rel, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), text);
    }
  }
}

/** The images in `image` fields of the objects (placeholders left out), as an imgpkg ImagesLock by tag. */
function imagesLock(objects: readonly unknown[]): string {
  const images = new Set<string>();
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n !== null && typeof n === 'object') {
      for (const [k, v] of Object.entries(n)) {
        if (k === 'image' && typeof v === 'string' && !v.includes('pkgvalue')) images.add(v);
        else walk(v);
      }
    }
  };
  objects.forEach(walk);
  const lines = [
    '#! The images of config/, by tag. Before `imgpkg push`, `kbld --imgpkg-lock-output` rewrites this file',
    '#! with each image\'s sha256 digest (README: "Build and push the package"); kapp-controller\'s kbld step',
    '#! then deploys those digests.',
    '---',
    'apiVersion: imgpkg.carvel.dev/v1alpha1',
    'kind: ImagesLock',
    'images:',
  ];
  for (const image of [...images].sort())
    lines.push(`- image: ${image}`, '  annotations:', `    kbld.carvel.dev/id: ${image}`);
  return lines.join('\n') + '\n';
}

/** A values file with every default, and a comment for each value without one. */
function exampleValues(values: readonly PackageValue[]): string {
  const lines = [
    '# Values for `tanzu package install --values-file` (see `--values-schema`). Values without a default must be given.',
  ];
  for (const v of values) {
    lines.push(`# ${v.description}`);
    const dflt = v._spec().defaultValue;
    if (dflt === undefined)
      lines.push(
        `# ${v.name}: ${v.sensitive ? '<secret: set it in the Secret made from this file, never commit it>' : '<required>'}`,
      );
    else lines.push(`${v.name}: ${v.type === PackageValueType.STRING ? JSON.stringify(dflt) : String(dflt)}`);
  }
  return lines.join('\n') + '\n';
}
