import * as path from 'path';
import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { carvelBundleFiles, writeCarvelBundle } from './carvel-bundle';
import type { CarvelPackageProps } from './carvel-package-props';
import { CarvelPackageModel, resolveCarvelPackageModel } from './carvel-package-model';
import { installerRbacObjects, packageInstallObject, packageRepositoryObject } from './package-install-objects';
import { packageMetadataObject, packageObject } from './package-repository-objects';
import type { PackageValue } from './package-values';
import { addAppChecks } from '../core/app-checks';
import { checkProps } from '../core/check-props';

/** One object of a chart as {@link CarvelPackage.writeBundle} takes it. */
export interface CarvelBundleObject {
  /** The object. */
  readonly object: ApiObject;
  /** Its JSON (`object.toJson()`, or the copy the app checks already made). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- jsii maps `any`; `unknown` it rejects
  readonly json: any;
}

/**
 * A Carvel package of the objects in its chart (everything but its own objects), for
 * kapp-controller (Tanzu Application Platform: `tanzu package install`). {@link synthesize}
 * writes the chart as a directory `dist/<chart>/` instead of a `.k8s.yaml` file:
 * - `bundle/config/values-schema.yaml`: the ytt data-values schema of {@link PackageValue}s;
 * - `bundle/config/<chart>.yaml`: the objects as ytt templates, each placeholder replaced by
 *   its value (`#@ data.values.<name>`), without namespaces (kapp's target namespace applies).
 *   A value that lands in a generated file is escaped for it at install time: in a Python or
 *   JSON string (its braces doubled where KubeSpawner expands the string), in a Python comment;
 *   where it cannot be escaped (a script after `-c`, Python code, another file format), only a
 *   plain value (letters, digits and `. _ : / @ -`: a DNS name, a pinned image, ...) may be, and
 *   writing the bundle fails for any other. A pod template that reads a ConfigMap holding values
 *   gets its `checksum/config-map` computed by ytt from them, and a Secret holding values is a
 *   kapp versioned object (`<name>-ver-<n>`): new values roll the pods;
 * - `bundle/.imgpkg/images.yml`: the images of the templates by tag; `kbld --imgpkg-lock-output`
 *   turns them into digests before `imgpkg push` (docs/carvel.md);
 * - `repository/packages/<name>/`: `metadata.yaml` (PackageMetadata) and `<version>.yaml`
 *   (Package: fetch the bundle, `ytt` over `config/` with kapp-controller's downward API values
 *   such as {@link PackageValue.installNamespace}, `kbld` with `.imgpkg/images.yml`, `kapp`
 *   deploy; `valuesSchema.openAPIv3` is the same schema as the ytt one, for the values file);
 * - `install/`: a `PackageRepository`, an example `PackageInstall` with its ServiceAccount and
 *   RBAC, and `values.example.yaml` (no secret in it).
 * `app.synth()` (instead of `synthesize`) writes the chart as one file with the placeholders.
 */
export class CarvelPackage extends Construct {
  /** The package of a chart, if it has one (`synthesize` writes such a chart as a package directory). */
  public static of(chart: Chart): CarvelPackage | undefined {
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
  private readonly model: CarvelPackageModel;
  private readonly installObjects: Construct;
  private readonly repositoryObjects: Construct;

  public constructor(scope: Construct, id: string, props: CarvelPackageProps) {
    checkProps('CarvelPackageProps', props);
    super(scope, id);
    addAppChecks(this);
    this.model = resolveCarvelPackageModel(props);
    this.packageName = this.model.packageName;
    this.version = this.model.version;

    this.repositoryObjects = new Construct(this, 'repository');
    this.packageMetadata = packageMetadataObject(this.repositoryObjects, this.model);
    this.packageResource = packageObject(this.repositoryObjects, this.model);
    this.installObjects = new Construct(this, 'install');
    this.repository = packageRepositoryObject(this.installObjects, this.model);
    const installer = installerRbacObjects(this.installObjects, this.model);
    this.install = packageInstallObject(this.installObjects, this.model);
    this.install.node.addDependency(...installer, this.repository);
  }

  /** The package values. */
  public get packageValues(): PackageValue[] {
    return [...this.model.values];
  }

  /**
   * Writes the package directory `dir` from the chart's objects, in order, each with its JSON
   * (what `synthesize` does for a chart with a package).
   */
  public writeBundle(dir: string, objects: CarvelBundleObject[]): void {
    const within = (root: Construct) => (o: CarvelBundleObject) => o.object.node.scopes.includes(root);
    const ownObject = within(this);
    const files = carvelBundleFiles(this.model, path.basename(dir), {
      content: objects.filter((o) => !ownObject(o)).map((o) => o.json),
      repository: objects.filter(within(this.repositoryObjects)).map((o) => o.json),
      install: objects.filter(within(this.installObjects)).map((o) => o.json),
    });
    writeCarvelBundle(dir, files);
  }
}
