import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { PackageInstall, PackageRepository } from '../../imports/packaging.carvel.dev';
import type { CarvelPackageModel } from './carvel-package-model';

/**
 * The install/ objects: a `PackageRepository`, and an example `PackageInstall` with the
 * ServiceAccount kapp deploys as and its RBAC.
 * @internal
 */

/** The `PackageRepository` of the repository bundle. */
export function packageRepositoryObject(scope: Construct, model: CarvelPackageModel): PackageRepository {
  return new PackageRepository(scope, 'repository', {
    metadata: { name: `${model.shortName}-package-repository`, namespace: model.installNamespace },
    spec: { fetch: { imgpkgBundle: { image: model.repositoryBundleImage } } },
  });
}

/**
 * The installer's ServiceAccount and RBAC, returned as what the PackageInstall must wait for:
 * the ServiceAccount and its two RoleBindings.
 */
export function installerRbacObjects(scope: Construct, model: CarvelPackageModel): ApiObject[] {
  const serviceAccount = model.serviceAccountName;
  const namespace = model.installNamespace;
  // A new list for each binding: YAML would write one shared object as an anchor and an alias.
  const subjects = () => [{ kind: 'ServiceAccount', name: serviceAccount, namespace }];
  const sa = new ApiObject(scope, 'service-account', {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: serviceAccount, namespace },
  });
  // kapp creates the hub's Roles and RoleBindings: it needs what they grant, hence the namespace's `admin` role.
  const adminBinding = new ApiObject(scope, 'admin-binding', {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: `${serviceAccount}-admin`, namespace },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'admin' },
    subjects: subjects(),
  });
  // `admin` does not cover Contour's HTTPProxy.
  const contourRole = new ApiObject(scope, 'contour-role', {
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
  const contourBinding = new ApiObject(scope, 'contour-binding', {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: `${serviceAccount}-contour`, namespace },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: `${serviceAccount}-contour` },
    subjects: subjects(),
  });
  contourBinding.node.addDependency(contourRole);
  return [sa, adminBinding, contourBinding];
}

/** The example `PackageInstall`: its values come from a Secret made with kubectl. */
export function packageInstallObject(scope: Construct, model: CarvelPackageModel): PackageInstall {
  return new PackageInstall(scope, 'install', {
    metadata: { name: model.shortName, namespace: model.installNamespace },
    spec: {
      serviceAccountName: model.serviceAccountName,
      packageRef: { refName: model.packageName, versionSelection: { constraints: model.version } },
      // The values file, with the secrets in it, is a Secret made with kubectl (docs/carvel.md), never a file in dist/.
      values: [{ secretRef: { name: `${model.shortName}-values` } }],
    },
  });
}
