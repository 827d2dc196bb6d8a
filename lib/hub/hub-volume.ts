import { Size } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { checkProps } from '../core/check-props';
import { sizeQuantity } from '../core/k8s';
import { checkDnsLabel, checkDnsSubdomain, checkSecretKey, checkSize, checkYamlText, fail } from '../core/validate';

/** Options of an `emptyDir` volume of the hub pod. */
export interface HubEmptyDirOptions {
  /**
   * Largest size of the volume.
   * @default - no limit (the node's disk)
   */
  readonly sizeLimit?: Size;

  /**
   * Keep it in memory (tmpfs; counts against the container's memory limit).
   * @default false
   */
  readonly memory?: boolean;
}

/** Options of a volume of the hub pod made of ConfigMap or Secret keys. */
export interface HubFilesVolumeOptions {
  /**
   * Keys to mount, each as the given file name (a relative path) in the mount directory.
   * @default - every key, as a file of its name
   */
  readonly items?: { [key: string]: string };

  /**
   * File mode of the files, e.g. `0o444`.
   * @default 0o444 for ConfigMaps, 0o440 for Secrets
   */
  readonly defaultMode?: number;
}

/**
 * A volume of the hub pod (`HubProps.extraVolumes`, z2jh `hub.extraVolumes`), mounted where
 * `HubProps.extraVolumeMounts` and the extra containers' `volumeMounts` say. Choose with a
 * static factory; the name is the volume's in the pod (a DNS-1123 label; `config`, `db`, `tmp`
 * and `hub-files` are the hub's own).
 */
export abstract class HubVolume {
  /** A scratch directory that lives as long as the pod. */
  public static emptyDir(name: string, options: HubEmptyDirOptions = {}): HubVolume {
    checkProps('HubVolume.emptyDir', { name, options });
    const size = options.sizeLimit;
    return new SourceVolume(name, false, (prop) => ({
      emptyDir: {
        ...(options.memory ? { medium: 'Memory' } : {}),
        ...(size ? { sizeLimit: k8s.Quantity.fromString(sizeQuantity(checkSize(`${prop}.sizeLimit`, size))) } : {}),
      },
    }));
  }

  /** An existing claim in the hub's namespace. */
  public static persistentVolumeClaim(name: string, claimName: string): HubVolume {
    checkProps('HubVolume.persistentVolumeClaim', { name, claimName });
    return new SourceVolume(name, false, (prop) => ({
      persistentVolumeClaim: { claimName: checkDnsSubdomain(`${prop}.claimName`, claimName) },
    }));
  }

  /** Keys of a ConfigMap in the hub's namespace as files (mounted read-only unless the mount says otherwise). */
  public static configMap(name: string, configMapName: string, options: HubFilesVolumeOptions = {}): HubVolume {
    checkProps('HubVolume.configMap', { name, configMapName, options });
    return new SourceVolume(name, true, (prop) => ({
      configMap: { name: checkDnsSubdomain(`${prop}.configMapName`, configMapName), ...filesOf(prop, options, 0o444) },
    }));
  }

  /** Keys of a Secret in the hub's namespace as files, by reference (mounted read-only unless the mount says otherwise). */
  public static secret(name: string, secretName: string, options: HubFilesVolumeOptions = {}): HubVolume {
    checkProps('HubVolume.secret', { name, secretName, options });
    return new SourceVolume(name, true, (prop) => ({
      secret: { secretName: checkDnsSubdomain(`${prop}.secretName`, secretName), ...filesOf(prop, options, 0o440) },
    }));
  }

  /** Name of the volume in the pod. */
  public abstract readonly name: string;

  /**
   * The volume, validated, and whether its mounts are read-only by default.
   * @internal
   */
  public abstract _bind(prop: string): { volume: k8s.Volume; readOnly: boolean };
}

function filesOf(
  prop: string,
  o: HubFilesVolumeOptions,
  mode: number,
): { items?: k8s.KeyToPath[]; defaultMode: number } {
  const items = Object.entries(o.items ?? {}).map(([key, path]) => {
    checkSecretKey(`${prop}.items`, key);
    if (path === '' || path.startsWith('/') || path.split('/').includes('..'))
      fail(`${prop}.items`, path, "must be a relative file path without '..', e.g. 'settings.json'");
    return { key, path: checkYamlText(`${prop}.items`, path, true) };
  });
  const defaultMode = o.defaultMode ?? mode;
  if (!Number.isInteger(defaultMode) || defaultMode < 0 || defaultMode > 0o777)
    fail(`${prop}.defaultMode`, defaultMode, 'must be a file mode from 0 to 0o777, e.g. 0o444');
  return { ...(items.length > 0 ? { items } : {}), defaultMode };
}

class SourceVolume extends HubVolume {
  public constructor(
    public readonly name: string,
    private readonly readOnly: boolean,
    private readonly source: (prop: string) => Omit<k8s.Volume, 'name'>,
  ) {
    super();
  }

  public _bind(prop: string) {
    checkDnsLabel(`${prop}.name`, this.name);
    return { volume: { name: this.name, ...this.source(prop) }, readOnly: this.readOnly };
  }
}
