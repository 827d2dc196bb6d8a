import type { PackageValue } from './package-values';

/** Props of {@link CarvelPackage}. */
export interface CarvelPackageProps {
  /**
   * The package's name (`PackageMetadata` name, `Package` refName): a DNS subdomain of at least
   * three parts, e.g. `jupyter.tanzu.vmware.com` (the original Tanzu deployment's).
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
