import { Code, Commented, Expr } from './import-code';
import { ValueLeaf } from './import-values';

/** What became of one key of the values file. */
export type Outcome =
  | { readonly status: 'mapped'; readonly api: string; readonly note?: string }
  | {
      readonly status: 'secret';
      readonly api: string;
      readonly secretName: string;
      readonly secretKey: string;
      readonly note?: string;
    }
  | { readonly status: 'helm-only'; readonly reason: string }
  | { readonly status: 'not supported'; readonly reason: string }
  | { readonly status: 'refused'; readonly reason: string; readonly instead: string };

/** A Secret the chart references, which the cluster must have (the values held its value). */
export interface SecretNeed {
  readonly name: string;
  readonly key: string;
  /** The values' key that held the value. */
  readonly from: string;
  /** Whether it exists already (a takeover keeps the release's). */
  readonly keep: boolean;
}

type Props = { [prop: string]: Expr };

/** What a key of the table does to the plan. */
export type Apply = (plan: ImportPlan, leaf: ValueLeaf) => void;

/** A key the import maps (`api`, `apply`), or a reason it does not. */
export interface KeyRule {
  readonly api?: string;
  readonly apply?: Apply;
  readonly helmOnly?: string;
  readonly unsupported?: string;
  readonly refused?: string;
  readonly instead?: string;
}

/** Sets `props[prop][key] = value`, making the map `props[prop]` when it is not there yet. */
export function putIn(props: Props, prop: string, key: string, value: Expr): void {
  const map = (props[prop] ??= {}) as Props;
  map[key] = value;
}

/** The chart the import writes, built key by key, and what became of each key. */
export class ImportPlan {
  public readonly hub: Props = {};
  public readonly singleUser: Props = {};
  public readonly traits: { [struct: string]: Props } = {};
  public readonly proxy: Props = {};
  public readonly idleCuller: Props = {};
  public readonly storage: Props = {};
  public storageKind: 'dynamic' | 'static' | 'none' | undefined;
  public readonly staticStorage: Props = {};
  public readonly database: Props = {};
  public authFactory: string | undefined;
  /** `singleuser.storage.static.pvcName`: the existing claim every user's home is on. */
  public sharedClaim: string | undefined;
  public readonly auth: Props = {};
  public ingress: Props | undefined;
  public https: Props | undefined;
  public readonly services: { [name: string]: Props } = {};
  public scheduler: Props | undefined;
  public placeholders: Props | undefined;
  public puller: Props | undefined;
  public dask: Props | undefined;
  public readonly secrets: SecretNeed[] = [];
  /** The values' placeholders (`<hub-name>`), each with the example written instead. */
  public readonly valuePlaceholders: string[] = [];
  /** The examples written for placeholders, by key. */
  public readonly placeholderValues = new Map<string, unknown>();
  /** Raw `resources` blocks by target (`hub`, `proxy`), converted once all their leaves are in. */
  public readonly resources: { [target: string]: { [side: string]: { [res: string]: unknown } } } = {};
  public readonly outcomes = new Map<string, Outcome>();
  public readonly lib = new Set<string>(['Hub', 'Proxy', 'synthesize']);
  public readonly cdk8s = new Set<string>(['App', 'Chart']);
  public kplus = false;
  /** Leaves kept for a handler that reads several keys at once (authenticator, storage, https). */
  public readonly byKey = new Map<string, ValueLeaf>();

  public constructor(
    public readonly name: string,
    public readonly namespace: string,
    public readonly takeover: boolean,
  ) {}

  public mapped(leaf: ValueLeaf, api: string, note?: string): void {
    this.outcomes.set(leaf.key, { status: 'mapped', api, note });
  }
  public helmOnly(leaf: ValueLeaf, reason: string): void {
    this.outcomes.set(leaf.key, { status: 'helm-only', reason });
  }
  public unsupported(leaf: ValueLeaf, reason: string): void {
    this.outcomes.set(leaf.key, { status: 'not supported', reason });
  }
  public refused(leaf: ValueLeaf, reason: string, instead: string): void {
    this.outcomes.set(leaf.key, { status: 'refused', reason, instead });
  }

  /**
   * A secret value of the values file: the chart references Secret `name` (key `key`) instead, and
   * the report says to create it; the value itself goes nowhere.
   */
  public secret(leaf: ValueLeaf, api: string, name: string, key: string, keep = false): Expr {
    this.needSecret(leaf, api, name, key, keep);
    this.kplus = true;
    return { secret: Code.call('kplus.Secret.fromSecretName', Code.ref('chart'), name, name), key };
  }

  /** Records a Secret the chart references by name and key (`secretEnv`): the report says to create it. */
  public needSecret(leaf: ValueLeaf, api: string, name: string, key: string, keep = false): void {
    this.outcomes.set(leaf.key, { status: 'secret', api, secretName: name, secretKey: key });
    if (!this.secrets.some((s) => s.name === name && s.key === key))
      this.secrets.push({ name, key, from: leaf.key, keep });
  }

  /** Marks a name of the library (or cdk8s) as used: the chart imports it. */
  public use(name: string, from: 'lib' | 'cdk8s' = 'lib'): Code {
    (from === 'lib' ? this.lib : this.cdk8s).add(name.split('.')[0]);
    return Code.ref(name);
  }

  /** A call of a library (or cdk8s) static: `plan.call('Size.gibibytes', 2)`. */
  public call(fn: string, ...args: Expr[]): Code {
    const root = fn.split('.')[0];
    if (root === 'kplus') this.kplus = true;
    else if (['Size', 'Duration'].includes(root)) this.cdk8s.add(root);
    else this.lib.add(root);
    return Code.call(fn, ...args);
  }

  /** A value with the comment that says why it is written so. */
  public static because(comment: string, value: Expr): Commented {
    return new Commented(comment, value);
  }
}
