/** Carvel (Tanzu) packaging: values and the package bundle. */
export { PackageValue, PackageValueType } from './package-values';
export { PackageValueFormat } from './package-value-format';
export type {
  BooleanPackageValueOptions,
  InstallNamespaceOptions,
  IntegerPackageValueOptions,
  StringPackageValueOptions,
} from './package-values';
export { CarvelPackage } from './carvel-package';
export type { CarvelBundleObject } from './carvel-package';
export type { CarvelPackageProps } from './carvel-package-props';
