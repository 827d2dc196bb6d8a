import { Size } from 'cdk8s';
import { literalForKubeSpawner } from './kubespawner-template';
import type { PyValue } from '../core/python';
import { checkProps } from '../core/check-props';
import { sizeQuantity } from '../core/k8s';
import {
  checkAbsolutePath,
  checkDnsLabel,
  checkDnsSubdomain,
  checkSecretKey,
  checkSize,
  checkYamlText,
  fail,
} from '../core/validate';

/** Options of a volume mounted into the user's server. */
export interface UserVolumeMountOptions {
  /**
   * Mount it read-only.
   * @default - true for ConfigMap and Secret volumes, false otherwise
   */
  readonly readOnly?: boolean;

  /**
   * Mount only this path of the volume.
   * @default - the whole volume
   */
  readonly subPath?: string;
}

/** Options of an `emptyDir` volume. */
export interface UserEmptyDirOptions {
  /**
   * Largest size of the volume.
   * @default - no limit (the node's disk)
   */
  readonly sizeLimit?: Size;

  /**
   * Keep it in memory (tmpfs; counts against the memory limit).
   * @default false
   */
  readonly memory?: boolean;
}

/** Options of a volume made of ConfigMap or Secret keys. */
export interface UserFilesVolumeOptions {
  /**
   * Keys to mount, each as the given file name (relative path) in the mount directory.
   * @default - every key, as a file of its name
   */
  readonly items?: { [key: string]: string };

  /**
   * File mode of the files, e.g. `0o444`.
   * @default 0o444 for ConfigMaps, 0o440 for Secrets (readable by the fsGid group)
   */
  readonly defaultMode?: number;
}

/**
 * A volume mounted into the user's server (`c.KubeSpawner.volumes` / `volume_mounts`). Choose
 * with a static factory; the name is the volume's in the pod (a DNS-1123 label; `home` is taken).
 */
export abstract class UserVolume {
  /** A scratch directory that lives as long as the pod. */
  public static emptyDir(name: string, mountPath: string, options: UserEmptyDirOptions = {}): UserVolume {
    checkProps('UserVolume.emptyDir', { name, mountPath, options });
    const medium = options.memory ? { medium: 'Memory' } : {};
    const size =
      options.sizeLimit === undefined
        ? {}
        : { sizeLimit: sizeQuantity(checkSize('singleUser.extraVolumes.sizeLimit', options.sizeLimit)) };
    return new PlainVolume(name, mountPath, { emptyDir: { ...medium, ...size } }, { readOnly: false });
  }

  /** An existing claim in the hub's namespace (e.g. shared course data). */
  public static persistentVolumeClaim(
    name: string,
    claimName: string,
    mountPath: string,
    options: UserVolumeMountOptions = {},
  ): UserVolume {
    checkProps('UserVolume.persistentVolumeClaim', { name, claimName, mountPath, options });
    checkDnsSubdomain('singleUser.extraVolumes.claimName', claimName);
    return new PlainVolume(
      name,
      mountPath,
      { persistentVolumeClaim: { claimName, readOnly: options.readOnly ?? false } },
      { readOnly: options.readOnly ?? false, subPath: options.subPath },
    );
  }

  /**
   * Files from a ConfigMap in the hub's namespace (all keys, or `items`), mounted read-only as a
   * directory, e.g. a course's settings or a `jupyter_server_config.json`.
   */
  public static configMap(
    name: string,
    configMapName: string,
    mountPath: string,
    options: UserFilesVolumeOptions = {},
  ): UserVolume {
    checkProps('UserVolume.configMap', { name, configMapName, mountPath, options });
    checkDnsSubdomain('singleUser.extraVolumes.configMapName', configMapName);
    return new PlainVolume(
      name,
      mountPath,
      { configMap: { name: configMapName, ...filesOf(options, 0o444) } },
      { readOnly: true },
    );
  }

  /**
   * One key of a ConfigMap in the hub's namespace as one file at `filePath` (the other files of
   * that directory stay). A file mounted this way is not updated when the ConfigMap changes.
   */
  public static configMapFile(name: string, configMapName: string, key: string, filePath: string): UserVolume {
    checkProps('UserVolume.configMapFile', { name, configMapName, key, filePath });
    checkDnsSubdomain('singleUser.extraVolumes.configMapName', configMapName);
    checkSecretKey('singleUser.extraVolumes.key', key);
    return new PlainVolume(
      name,
      filePath,
      { configMap: { name: configMapName, items: [{ key, path: key }], defaultMode: 0o444 } },
      { readOnly: true, subPath: key },
    );
  }

  /** Keys of a Secret in the hub's namespace as files, read-only, readable by the fsGid group only. */
  public static secret(
    name: string,
    secretName: string,
    mountPath: string,
    options: UserFilesVolumeOptions = {},
  ): UserVolume {
    checkProps('UserVolume.secret', { name, secretName, mountPath, options });
    checkDnsSubdomain('singleUser.extraVolumes.secretName', secretName);
    return new PlainVolume(name, mountPath, { secret: { secretName, ...filesOf(options, 0o440) } }, { readOnly: true });
  }

  /** Name of the volume in the pod. */
  public abstract readonly name: string;

  /**
   * The volume and its mount, validated, as KubeSpawner takes them (literal strings escaped).
   * @internal
   */
  public abstract _bind(prop: string): { volume: PyValue; mount: PyValue; mountPath: string };
}

function filesOf(options: UserFilesVolumeOptions, mode: number): { items?: PyValue[]; defaultMode: number } {
  const items = Object.entries(options.items ?? {}).map(([key, path]) => {
    checkSecretKey('singleUser.extraVolumes.items', key);
    if (path === '' || path.startsWith('/') || path.split('/').includes('..'))
      fail('singleUser.extraVolumes.items', path, "must be a relative file path without '..', e.g. 'settings.json'");
    return { key, path: literalForKubeSpawner(checkYamlText('singleUser.extraVolumes.items', path, true)) };
  });
  const defaultMode = options.defaultMode ?? mode;
  if (!Number.isInteger(defaultMode) || defaultMode < 0 || defaultMode > 0o777)
    fail('singleUser.extraVolumes.defaultMode', defaultMode, 'must be a file mode from 0 to 0o777, e.g. 0o444');
  return { ...(items.length > 0 ? { items } : {}), defaultMode };
}

class PlainVolume extends UserVolume {
  public constructor(
    public readonly name: string,
    private readonly mountPath: string,
    private readonly source: { [key: string]: PyValue },
    private readonly mount: { readOnly: boolean; subPath?: string },
  ) {
    super();
  }

  public _bind(prop: string) {
    checkDnsLabel(`${prop}.name`, this.name);
    if (this.name === 'home') fail(`${prop}.name`, this.name, "is the volume of the users' homes: choose another name");
    const mountPath = checkAbsolutePath(`${prop}.mountPath`, this.mountPath);
    const subPath = this.mount.subPath;
    if (subPath !== undefined && (subPath === '' || subPath.startsWith('/') || subPath.split('/').includes('..'))) {
      fail(`${prop}.subPath`, subPath, "must be a relative path inside the volume without '..'");
    }
    return {
      volume: { name: this.name, ...this.source },
      mount: {
        name: this.name,
        mountPath: literalForKubeSpawner(mountPath),
        ...(subPath !== undefined
          ? { subPath: literalForKubeSpawner(checkYamlText(`${prop}.subPath`, subPath, true)) }
          : {}),
        ...(this.mount.readOnly ? { readOnly: true } : {}),
      },
      mountPath,
    };
  }
}
