/** Carvel (Tanzu) packaging: values and the package bundle. */
export { PackageValue, PackageValueFormat, PackageValueType } from './package-values';
export type {
  BooleanPackageValueOptions,
  IntegerPackageValueOptions,
  StringPackageValueOptions,
} from './package-values';
export { CarvelPackage } from './carvel-package';
export type { CarvelPackageProps } from './carvel-package';
