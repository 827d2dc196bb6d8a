import { Size } from 'cdk8s';
import {
  DaskOptionSnippet,
  environmentOption,
  imageOption,
  workerCoresOption,
  workerMemoryOption,
} from './dask-gateway-config';
import { safeBytes } from './dask-amounts';
import { checkProps } from '../core/check-props';
import { checkEnvName, checkPinnedImage, checkSafeMagnitude, fail } from '../core/validate';

/** The worker cores a user may pick, for {@link DaskClusterOption.workerCores}. */
export interface DaskWorkerCoresOptions {
  /**
   * Cores of a worker when the user picks none.
   * @default 1
   */
  readonly default?: number;
  /**
   * Fewest cores a user may pick.
   * @default 1
   */
  readonly min?: number;
  /**
   * Most cores a user may pick.
   * @default 16
   */
  readonly max?: number;
  /**
   * The CPU request is `requestFraction × min(cores / 2, 1)`; the limit is the cores picked. A
   * worker asks the scheduler for at most one core and may use up to its limit (the original
   * daskhub deployment's formula: many workers fit on a node, and they burst when the node is
   * idle).
   * @default 0.88
   */
  readonly requestFraction?: number;
  /**
   * Label shown to the user.
   * @default 'Worker Cores'
   */
  readonly label?: string;
}

/** The worker memory a user may pick, for {@link DaskClusterOption.workerMemory}. */
export interface DaskWorkerMemoryOptions {
  /**
   * Memory of a worker when the user picks none.
   * @default Size.gibibytes(2)
   */
  readonly default?: Size;
  /**
   * Least memory a user may pick.
   * @default Size.gibibytes(1)
   */
  readonly min?: Size;
  /**
   * Most memory a user may pick.
   * @default Size.gibibytes(32)
   */
  readonly max?: Size;
  /**
   * The memory request is `requestFraction × memory`; the limit is the memory picked (the original
   * daskhub deployment's formula).
   * @default 0.95
   */
  readonly requestFraction?: number;
  /**
   * Label shown to the user (the value is in GiB).
   * @default 'Worker Memory (GiB)'
   */
  readonly label?: string;
}

/** The image a user may pick for a cluster, for {@link DaskClusterOption.image}. */
export interface DaskImageOptions {
  /**
   * Image when the user picks none. The users' servers also send their own image as the
   * default (`DASK_GATEWAY__CLUSTER__OPTIONS__IMAGE`), so workers run what the notebook runs.
   * @default - the hub's single-user image
   */
  readonly default?: string;
  /**
   * Label shown to the user.
   * @default 'Image'
   */
  readonly label?: string;
}

/** The environment variables a user may add to a cluster, for {@link DaskClusterOption.environment}. */
export interface DaskEnvironmentOptions {
  /**
   * Variables when the user adds none.
   * @default - none
   */
  readonly default?: { [name: string]: string };
  /**
   * Label shown to the user.
   * @default 'Environment Variables'
   */
  readonly label?: string;
}

/**
 * What the gateway needs to render an option.
 * @internal
 */
export interface DaskOptionContext {
  /** Image of the hub's users' servers, if known. */
  readonly singleUserImage?: string;
  /** The clusters' configured environment. */
  readonly environment: { readonly [name: string]: string };
}

/**
 * A choice users make when they start a Dask cluster (`c.Backend.cluster_options`): bounded
 * worker cores and memory, the image, environment variables. The gateway checks each choice and
 * turns it into cluster settings; give the options to {@link DaskGatewayProps.clusterOptions}.
 * @see https://gateway.dask.org/cluster-options.html
 */
export abstract class DaskClusterOption {
  /**
   * Worker cores, a number between `min` and `max` (a `Float`). The cores picked are the worker's
   * CPU limit and its threads (`--nthreads`: the whole cores, at least one); its CPU request is
   * smaller (see `requestFraction`).
   * @throws if the bounds, default or fraction are not numbers in order.
   */
  public static workerCores(options: DaskWorkerCoresOptions = {}): DaskClusterOption {
    checkProps('DaskClusterOption.workerCores', { options });
    const o = {
      default: options.default ?? 1,
      min: options.min ?? 1,
      max: options.max ?? 16,
      requestFraction: checkFraction('workerCores.requestFraction', options.requestFraction ?? 0.88),
      label: checkLabel('workerCores.label', options.label ?? 'Worker Cores'),
    };
    checkBounds('workerCores', o.min, o.default, o.max);
    return new FixedOption('worker_cores', workerCoresOption(o));
  }

  /**
   * Worker memory, in GiB between `min` and `max` (a `Float`).
   * @throws if the bounds or default are out of order, or the fraction is not in (0, 1].
   */
  public static workerMemory(options: DaskWorkerMemoryOptions = {}): DaskClusterOption {
    checkProps('DaskClusterOption.workerMemory', { options });
    const gib = (prop: string, s: Size) => safeBytes(prop, s) / 2 ** 30;
    const o = {
      default: gib('workerMemory.default', options.default ?? Size.gibibytes(2)),
      min: gib('workerMemory.min', options.min ?? Size.gibibytes(1)),
      max: gib('workerMemory.max', options.max ?? Size.gibibytes(32)),
      requestFraction: checkFraction('workerMemory.requestFraction', options.requestFraction ?? 0.95),
      label: checkLabel('workerMemory.label', options.label ?? 'Worker Memory (GiB)'),
    };
    checkBounds('workerMemory', o.min, o.default, o.max);
    return new FixedOption('worker_memory', workerMemoryOption(o));
  }

  /**
   * The cluster's image (a `String`); a choice without a tag or digest is refused.
   * @throws if the default is not a pinned image reference.
   */
  public static image(options: DaskImageOptions = {}): DaskClusterOption {
    checkProps('DaskClusterOption.image', { options });
    if (options.default !== undefined) checkPinnedImage('image.default', options.default);
    return new ImageOption(options.default, checkLabel('image.label', options.label ?? 'Image'));
  }

  /**
   * Environment variables for the cluster's schedulers and workers (a `Mapping`), added to the
   * gateway's `clusterEnvironment`.
   * @throws if a default variable's name is not a valid environment variable name.
   */
  public static environment(options: DaskEnvironmentOptions = {}): DaskClusterOption {
    checkProps('DaskClusterOption.environment', { options });
    for (const name of Object.keys(options.default ?? {})) checkEnvName('environment.default', name);
    return new EnvironmentOption(
      { ...(options.default ?? {}) },
      checkLabel('environment.label', options.label ?? 'Environment Variables'),
    );
  }

  /** Name of the option (`worker_cores`, `worker_memory`, `image`, `environment`). */
  public abstract readonly field: string;

  /**
   * The option's declaration and handler lines.
   * @internal
   */
  public abstract _bind(context: DaskOptionContext): DaskOptionSnippet;
}

class FixedOption extends DaskClusterOption {
  public constructor(
    public readonly field: string,
    private readonly snippet: DaskOptionSnippet,
  ) {
    super();
  }
  public _bind(_context: DaskOptionContext): DaskOptionSnippet {
    return this.snippet;
  }
}

class ImageOption extends DaskClusterOption {
  public readonly field = 'image';
  public constructor(
    private readonly defaultImage: string | undefined,
    private readonly label: string,
  ) {
    super();
  }
  public _bind(context: DaskOptionContext): DaskOptionSnippet {
    const image = this.defaultImage ?? context.singleUserImage;
    if (image === undefined)
      fail(
        'clusterOptions',
        'image',
        "has no default: the hub's single-user image is unknown, so give DaskClusterOption.image({ default })",
      );
    return imageOption({ default: image, label: this.label });
  }
}

class EnvironmentOption extends DaskClusterOption {
  public readonly field = 'environment';
  public constructor(
    private readonly defaults: { [name: string]: string },
    private readonly label: string,
  ) {
    super();
  }
  public _bind(context: DaskOptionContext): DaskOptionSnippet {
    return environmentOption({ default: this.defaults, label: this.label, base: { ...context.environment } });
  }
}

function checkBounds(prop: string, min: number, def: number, max: number): void {
  for (const [name, v] of [
    ['min', min],
    ['default', def],
    ['max', max],
  ] as const) {
    if (!Number.isFinite(v) || v <= 0) fail(`${prop}.${name}`, v, 'must be a number greater than 0');
    checkSafeMagnitude(`${prop}.${name}`, v);
  }
  if (!(min <= def && def <= max))
    fail(`${prop}.default`, def, `must be between 'min' (${min}) and 'max' (${max}), and 'min' at most 'max'`);
}

function checkFraction(prop: string, v: number): number {
  if (!Number.isFinite(v) || v <= 0 || v > 1)
    fail(prop, v, 'must be a fraction greater than 0 and at most 1 (e.g. 0.88): the request may not exceed the limit');
  return v;
}

function checkLabel(prop: string, label: string): string {
  if (!/^[\x20-\x7e]{1,80}$/.test(label))
    fail(prop, label, 'must be one line of at most 80 printable ASCII characters');
  return label;
}
