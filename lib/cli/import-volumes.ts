/**
 * `singleuser.storage.extraVolumes` with `extraVolumeMounts` (Kubernetes volumes and mounts, paired
 * by name) as the library's UserVolume factories: claims, ConfigMaps, Secrets and emptyDirs.
 */
import { bool, str, ValueError } from './import-convert';
import { Expr } from './import-code';
import { ImportPlan } from './import-plan';

type Obj = { [k: string]: unknown };

/** The extra volumes, or a ValueError naming what the import cannot write. */
export function extraVolumes(plan: ImportPlan, volumes: unknown, mounts: unknown): Expr[] {
  if (!Array.isArray(volumes) || !Array.isArray(mounts)) throw new ValueError('lists of volumes and of mounts');
  return volumes.map((v: Obj) => {
    const name = str(v.name);
    const mount = (mounts as Obj[]).find((m) => m.name === name);
    if (!mount) throw new ValueError(`volume ${name} has no mount in singleuser.storage.extraVolumeMounts`);
    const path = str(mount.mountPath);
    const readOnly = mount.readOnly === undefined ? undefined : bool(mount.readOnly);
    const options: { [k: string]: Expr } = {};
    if (v.persistentVolumeClaim) {
      if (readOnly !== undefined) options.readOnly = readOnly;
      if (mount.subPath !== undefined) options.subPath = str(mount.subPath);
      const claim = str((v.persistentVolumeClaim as Obj).claimName);
      return plan.call(
        'UserVolume.persistentVolumeClaim',
        name,
        claim,
        path,
        ...(Object.keys(options).length ? [options] : []),
      );
    }
    if (mount.subPath !== undefined) throw new ValueError(`volume ${name}: a subPath is supported for claims only`);
    if (v.configMap) return plan.call('UserVolume.configMap', name, str((v.configMap as Obj).name), path);
    if (v.secret) return plan.call('UserVolume.secret', name, str((v.secret as Obj).secretName), path);
    if (v.emptyDir) {
      const memory = (v.emptyDir as Obj).medium === 'Memory';
      return plan.call('UserVolume.emptyDir', name, path, ...(memory ? [{ memory: true }] : []));
    }
    throw new ValueError(`volume ${name}: only persistentVolumeClaim, configMap, secret and emptyDir volumes`);
  });
}
