import { Size } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import { clusterMeta, clusterScoped, objectMeta, sizeQuantity } from '../core/k8s';
import { checkDnsSubdomain } from '../core/validate';
import type { INfsStorage } from '../users/shared-home';
import type { EnterpriseGatewayModel } from './enterprise-gateway-model';

/**
 * The kernels' home claims: for each NFS storage a kernel spec mounts as home, a claim in the
 * kernel namespace on the same export, bound to a volume of its own (Pod Security `restricted`
 * allows no inline NFS volumes, and a claim is namespaced). Created once per storage, as
 * `KernelHome<n>Volume` in the gateway and `KernelHome<n>` in the kernel namespace.
 * @internal
 */
export class KernelHomeClaims {
  private readonly claims = new Map<INfsStorage, string>();

  public constructor(
    private readonly scope: Construct,
    private readonly kernelScope: Construct,
    private readonly model: EnterpriseGatewayModel,
  ) {}

  /** The name of the claim on `storage`'s export in the kernel namespace (created on first use). */
  public claimFor(storage: INfsStorage): string {
    const known = this.claims.get(storage);
    if (known) return known;
    const kernelNamespace = this.model.kernels.namespace;
    if (storage.namespace === kernelNamespace) {
      this.claims.set(storage, storage.claimName);
      return storage.claimName;
    }
    const claimName = storage.claimName;
    const volumeName = checkDnsSubdomain('kernelNamespaceName', `${kernelNamespace}-${claimName}`);
    const labels = { ...this.model.podLabels, component: 'kernel-home' };
    const capacity = k8s.Quantity.fromString(sizeQuantity(storage.capacity ?? Size.gibibytes(10)));
    const id = `KernelHome${this.claims.size + 1}`;
    clusterScoped(
      new k8s.KubePersistentVolume(this.scope, `${id}Volume`, {
        metadata: clusterMeta(volumeName, labels),
        spec: {
          capacity: { storage: capacity },
          accessModes: ['ReadWriteMany'],
          persistentVolumeReclaimPolicy: 'Retain',
          storageClassName: '',
          mountOptions: storage.mountOptions,
          nfs: { server: storage.server as string, path: storage.path as string },
          claimRef: { kind: 'PersistentVolumeClaim', apiVersion: 'v1', name: claimName, namespace: kernelNamespace },
        },
      }),
    );
    new k8s.KubePersistentVolumeClaim(this.kernelScope, id, {
      metadata: objectMeta(this.kernelScope, claimName, labels),
      spec: {
        storageClassName: '',
        volumeName,
        accessModes: ['ReadWriteMany'],
        resources: { requests: { storage: capacity } },
      },
    });
    this.claims.set(storage, claimName);
    return claimName;
  }
}
