/**
 * The CarvelPackage's props resolved into one validated model: names checked, defaults filled
 * in, image references composed. The package's Kubernetes objects and its bundle files are built
 * from this model and nothing else.
 * @internal
 */
import type { CarvelPackageProps } from './carvel-package-props';
import type { PackageValue } from './package-values';
import { checkDnsLabel, checkDnsSubdomain, fail } from '../core/validate';

/** What `tanzu package available list` and `get` show of the package (its PackageMetadata). */
export interface CarvelPackageMetadataModel {
  readonly displayName: string;
  readonly shortDescription: string;
  /** The long description, or the short one. */
  readonly longDescription: string;
  readonly categories?: readonly string[];
}

/** Everything a CarvelPackage renders, validated. */
export interface CarvelPackageModel {
  /** The package name: a DNS subdomain of at least three parts. */
  readonly packageName: string;
  /** The package name's first part: the prefix of the install/ objects' names. */
  readonly shortName: string;
  /** The version (semver). */
  readonly version: string;
  /** The values, each declared once, no placeholder inside another. */
  readonly values: readonly PackageValue[];
  /** The content bundle, `<bundleRepository>:<version>`. */
  readonly bundleImage: string;
  /** The repository bundle, `<repositoryBundleRepository>:<version>`. */
  readonly repositoryBundleImage: string;
  /** Namespace of the install/ objects. */
  readonly installNamespace: string;
  /** ServiceAccount of the example PackageInstall. */
  readonly serviceAccountName: string;
  readonly metadata: CarvelPackageMetadataModel;
  readonly releaseNotes?: string;
}

const SEMVER = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;
/** An image repository without tag or digest (registry host, optional port, path). */
const REPOSITORY = /^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(\/[a-z0-9]+([._-]+[a-z0-9]+)*)*$/;

/** An image repository path (no tag, no digest), such as imgpkg pushes a bundle to. */
export function checkRepository(prop: string, value: string): string {
  if (!REPOSITORY.test(value) || value.length > 255)
    fail(
      prop,
      value,
      "must be an image repository (lower-case registry host and path, no tag or digest), e.g. 'registry.example.org/jupyterhub'",
    );
  return value;
}

/** Validates the props (in the order the errors are reported) and resolves them. */
export function resolveCarvelPackageModel(props: CarvelPackageProps): CarvelPackageModel {
  const packageName = checkDnsSubdomain('packageName', props.packageName);
  if (props.packageName.split('.').length < 3)
    fail(
      'packageName',
      props.packageName,
      "must have at least three parts separated by '.' (kapp-controller requires it), e.g. 'jupyter.tanzu.vmware.com'",
    );
  if (!SEMVER.test(props.version)) fail('version', props.version, "must be a semantic version such as '1.0.0'");
  // The version is the bundles' tag, and a tag has no '+' (OCI: [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}).
  if (props.version.includes('+') || props.version.length > 128)
    fail('version', props.version, "is the bundles' image tag: no '+build' metadata, at most 128 characters");
  const bundleImage = `${checkRepository('bundleRepository', props.bundleRepository)}:${props.version}`;
  const repositoryBundleImage = `${checkRepository('repositoryBundleRepository', props.repositoryBundleRepository)}:${props.version}`;
  const installNamespace = checkDnsLabel('installNamespace', props.installNamespace ?? 'jupyterhub');
  checkValues(props.values);
  const shortName = packageName.split('.')[0];
  return {
    packageName,
    shortName,
    version: props.version,
    values: [...props.values],
    bundleImage,
    repositoryBundleImage,
    installNamespace,
    serviceAccountName: `${shortName}-installer`,
    metadata: {
      displayName: props.displayName,
      shortDescription: props.shortDescription,
      longDescription: props.longDescription ?? props.shortDescription,
      ...(props.categories !== undefined ? { categories: [...props.categories] } : {}),
    },
    ...(props.releaseNotes !== undefined ? { releaseNotes: props.releaseNotes } : {}),
  };
}

/** Each value declared once; no placeholder inside another's (the templates could not tell them apart). */
function checkValues(values: readonly PackageValue[]): void {
  const names = new Set<string>();
  for (const v of values) {
    if (names.has(v.name)) fail('values', v.name, 'is declared twice: declare each value once');
    names.add(v.name);
    const other = values.find((o) => o !== v && o.placeholder.includes(v.placeholder));
    if (other)
      fail('values', v.name, `has a placeholder inside the placeholder of '${other.name}': rename one of them`);
  }
}
