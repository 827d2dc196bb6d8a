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
          template: [{ ytt: { paths: ['config/'] } }, { kbld: { paths: ['.imgpkg/images.yml', '-'] } }],
          deploy: [{ kapp: {} }],
        },
      },
    },
  });
}
