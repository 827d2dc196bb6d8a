import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { CarvelPackageModel } from './carvel-package-model';
import { openApiSchema } from './ytt-schema';

/**
 * The repository bundle's objects (`repository/packages/<name>/`): the PackageMetadata and the
 * Package (fetch the content bundle, `ytt` over `config/`, `kbld` with `.imgpkg/images.yml`,
 * `kapp` deploy; `valuesSchema.openAPIv3` is the same schema as the ytt one).
 * @internal
 */

/** The `PackageMetadata` object. */
export function packageMetadataObject(scope: Construct, model: CarvelPackageModel): ApiObject {
  const { displayName, shortDescription, longDescription, categories } = model.metadata;
  return new ApiObject(scope, 'metadata', {
    apiVersion: 'data.packaging.carvel.dev/v1alpha1',
    kind: 'PackageMetadata',
    metadata: { name: model.packageName },
    spec: {
      displayName,
      shortDescription,
      longDescription,
      ...(categories !== undefined ? { categories } : {}),
    },
  });
}

/** The `Package` object of this version. */
export function packageObject(scope: Construct, model: CarvelPackageModel): ApiObject {
  return new ApiObject(scope, 'package', {
    apiVersion: 'data.packaging.carvel.dev/v1alpha1',
    kind: 'Package',
    metadata: { name: `${model.packageName}.${model.version}` },
    spec: {
      refName: model.packageName,
      version: model.version,
      ...(model.releaseNotes !== undefined ? { releaseNotes: model.releaseNotes } : {}),
      valuesSchema: { openAPIv3: openApiSchema(model.values) },
      template: {
        spec: {
          fetch: [{ imgpkgBundle: { image: model.bundleImage } }],
          template: [{ ytt: yttStep(model) }, { kbld: { paths: ['.imgpkg/images.yml', '-'] } }],
          deploy: [{ kapp: {} }],
        },
      },
    },
  });
}

/**
 * The Package's ytt step: the templates, and the values kapp-controller gives them from the
 * App it makes for the PackageInstall (its downward API, `pkg/template/downward_api_values.go:33-51`:
 * each item's `name` is a dotted path into the data values). kapp-controller appends the
 * PackageInstall's values after these (`pkg/packageinstall/app.go:168-174`), each a later
 * `--data-values-file` (`pkg/template/ytt.go:63-76`).
 */
function yttStep(model: CarvelPackageModel): { [key: string]: unknown } {
  const items = model.values
    .filter((v) => v.downwardApiFieldPath !== undefined)
    .map((v) => ({ name: v.name, fieldPath: v.downwardApiFieldPath }));
  return { paths: ['config/'], ...(items.length > 0 ? { valuesFrom: [{ downwardAPI: { items } }] } : {}) };
}
