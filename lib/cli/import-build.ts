/** Runs the key table over a values file's leaves: the plan of the chart, and what became of each key. */
import { authenticatorClass, authenticatorOptions, hubConfig } from './import-auth';
import { isSecretKey } from './import-convert';
import { Code, Expr } from './import-code';
import { IMPORT_KEYS, KeyRule, REFUSED_CONTEXT, resources } from './import-keys';
import { ImportPlan } from './import-plan';
import { ValueLeaf, ValuesFile } from './import-values';
import { daskGatewayKey } from './import-dask';
import { extraVolumes } from './import-volumes';

/** Builds the plan: every leaf gets an outcome; a secret value is never kept. */
export function buildPlan(values: ValuesFile, name: string, namespace: string, takeover: boolean): ImportPlan {
  const plan = new ImportPlan(name, namespace, takeover);
  const auth = values.leaves.find((l) => l.key.endsWith('hub.config.JupyterHub.authenticator_class'));
  if (auth) authenticatorClass(plan, auth);
  for (const given of values.leaves) {
    if (given === auth) continue;
    const leaf = withoutPlaceholder(plan, given);
    try {
      applyLeaf(plan, leaf);
    } catch (e) {
      // A value the prop cannot take (a ValueError, or a check of the table): reported, never fatal.
      plan.unsupported(leaf, `not supported by the import yet: ${(e as Error).message}`);
    }
    const status = plan.outcomes.get(leaf.key)?.status;
    if (
      isSecretKey(leaf.key) &&
      status !== 'secret' &&
      status !== 'refused' &&
      leaf.value !== '' &&
      leaf.value !== null
    )
      plan.outcomes.set(leaf.key, withSecretNote(plan, leaf));
  }
  finish(plan, auth);
  return plan;
}

function applyLeaf(plan: ImportPlan, leaf: ValueLeaf): void {
  if (leaf.chart === 'dask-gateway') return daskGatewayKey(plan, leaf);
  if (leaf.schemaKey === 'auth') {
    return plan.unsupported(
      leaf,
      'z2jh 0.x `auth` (removed in z2jh 1.0): write it as hub.config.<Authenticator> and import again',
    );
  }
  if (leaf.schemaKey.startsWith('hub.config')) return hubConfig(plan, leaf);
  const rule: KeyRule | undefined = /SecurityContext$/.test(leaf.schemaKey) ? REFUSED_CONTEXT : ruleOf(leaf.schemaKey);
  if (!rule) return plan.unsupported(leaf, 'not supported by the import yet');
  if (rule.refused) return plan.refused(leaf, rule.refused, rule.instead!);
  if (rule.apply) rule.apply(plan, leaf);
  if (plan.outcomes.has(leaf.key)) return;
  if (rule.helmOnly) plan.helmOnly(leaf, rule.helmOnly);
  else if (rule.api) plan.mapped(leaf, rule.api);
  else plan.unsupported(leaf, rule.unsupported ?? 'not supported by the import yet');
}

/** Values such as z2jh's guides write them (`<hub-name>.<azure-region>.cloudapp.azure.com`, `<your-email>`): valid examples, to be set. */
function withoutPlaceholder(plan: ImportPlan, leaf: ValueLeaf): ValueLeaf {
  const PLACEHOLDER = /<[^<>\s]+>/;
  const has = (v: unknown) => typeof v === 'string' && PLACEHOLDER.test(v);
  if (isSecretKey(leaf.key) || !(has(leaf.value) || (Array.isArray(leaf.value) && leaf.value.some(has)))) return leaf;
  const key = leaf.key.toLowerCase();
  const example = (v: unknown): unknown => {
    if (!has(v)) return v;
    const text = v as string;
    const whole = /^<[^<>\s]+>$/.test(text);
    if (whole && /email/.test(key)) return 'hub-admin@example.org';
    if (whole && /tenant/.test(key)) return '00000000-0000-0000-0000-000000000000';
    if (whole && /client_?id/.test(key)) return '11111111-1111-1111-1111-111111111111';
    return text.replace(/<([^<>\s]+)>/g, (_m, word: string) => word.toLowerCase().replace(/[^a-z0-9-]+/g, '-'));
  };
  const value = Array.isArray(leaf.value) ? leaf.value.map(example) : example(leaf.value);
  plan.placeholderValues.set(leaf.key, value);
  plan.valuePlaceholders.push(`${leaf.key}: ${JSON.stringify(leaf.value)}, written as ${JSON.stringify(value)}`);
  return { ...leaf, value };
}

/** The rule of a chart key, or of the nearest key above it that has one (`imagePullSecret` for `imagePullSecret.password`). */
function ruleOf(schemaKey: string): KeyRule | undefined {
  for (let k = schemaKey; k; k = k.includes('.') ? k.slice(0, k.lastIndexOf('.')) : '')
    if (IMPORT_KEYS[k]) return IMPORT_KEYS[k];
  return undefined;
}

/** A secret value under a key the import does not map: not carried over, and the report says so. */
function withSecretNote(plan: ImportPlan, leaf: ValueLeaf) {
  const prev = plan.outcomes.get(leaf.key);
  const why = prev && 'reason' in prev ? prev.reason : 'not supported by the import yet';
  return {
    status: 'not supported' as const,
    reason: `${why}; a secret value: not carried over (keep it in a Secret of your own)`,
  };
}

/** What needs every leaf first: storage, database, authenticator, resources, https. */
function finish(plan: ImportPlan, auth: ValueLeaf | undefined): void {
  for (const [target, block] of Object.entries(plan.resources)) {
    const props = target === 'hub' ? plan.hub : plan.proxy;
    props.resources = resources(plan, block);
  }
  finishDask(plan);
  finishStorage(plan);
  finishDatabase(plan);
  dropDerivedCallback(plan);
  let options: { [k: string]: unknown } = {};
  try {
    options = authenticatorOptions(plan);
  } catch (e) {
    if (auth) plan.unsupported(auth, `not supported by the import yet: ${(e as Error).message}`);
    plan.authFactory = undefined;
  }
  if (plan.authFactory) plan.hub.authenticator = plan.call(plan.authFactory, options as { [k: string]: Expr });
  else
    plan.hub.authenticator = ImportPlan.because(
      'the values name no authenticator (z2jh then lets anyone in with any password): the native one, admins approve sign-ups',
      plan.call('Authenticator.native', { adminUsers: ['admin'] }),
    );
  if (Object.keys(plan.idleCuller).length > 0) plan.hub.idleCuller = { ...plan.idleCuller };
  if (Object.keys(plan.traits).length > 0) plan.hub.traits = { ...plan.traits };
  if (plan.singleUser.networkPolicy === false && plan.singleUser.blockCloudMetadata === undefined)
    plan.singleUser.blockCloudMetadata = ImportPlan.because(
      'the values turn the user NetworkPolicy off, and it is what blocks the cloud metadata server: turn it on if you can',
      false,
    );
  const image = plan.singleUser.image;
  if (typeof image === 'string' && !/:[^/]+$/.test(image.replace(/:latest$/, '')))
    plan.singleUser.allowUnpinnedImage = ImportPlan.because(
      'the values name a moving tag: pin the tag you tested',
      true,
    );
  finishVolumes(plan);
  if (plan.https?.type === 'offload') {
    // TLS ends at the load balancer: the proxy's public Service takes https on 443 to its http port.
    plan.proxy.httpsOffload = true;
    for (const key of plan.outcomes.keys())
      if (/proxy\.https\.(enabled|type)$/.test(key))
        plan.outcomes.set(key, { status: 'mapped', api: 'ProxyProps.httpsOffload' });
  }
  if (Object.keys(plan.singleUser).length > 0) plan.hub.singleUser = { ...plan.singleUser };
}

/** The hub derives its OAuth callback from the front door's host: the values' own is dropped (the library refuses one that disagrees). */
function dropDerivedCallback(plan: ImportPlan): void {
  const hosts = (plan.ingress?.hosts ?? plan.https?.hosts) as string[] | undefined;
  if (plan.auth.callbackUrl === undefined || !hosts?.length) return;
  const derived = `https://${hosts[0]}/hub/oauth_callback`;
  const given = String(plan.auth.callbackUrl);
  delete plan.auth.callbackUrl;
  for (const [key, o] of plan.outcomes)
    if (/oauth_callback_url$/.test(key) && o.status === 'mapped')
      plan.outcomes.set(key, {
        ...o,
        note:
          given === derived
            ? 'derived from the front door host'
            : `not used: the hub derives ${derived} from the front door host, the values had ${given}`,
      });
}

/** daskhub: the DaskGateway integration registers its hub service and makes its token itself. */
function finishDask(plan: ImportPlan): void {
  if (!plan.dask) return;
  // The integration sets the users' Dask settings itself (dask/dask-gateway-hub-service.ts singleUserEnv).
  const env = (plan.singleUser.extraEnv ?? {}) as { [k: string]: Expr };
  for (const name of Object.keys(env).filter((n) =>
    /^DASK_(GATEWAY__|LABEXTENSION__|DISTRIBUTED__DASHBOARD)/.test(n),
  )) {
    delete env[name];
    const key = [...plan.outcomes.keys()].find((k) => k.endsWith(`singleuser.extraEnv.${name}`))!;
    plan.mapped(
      { key } as ValueLeaf,
      'DaskGateway',
      name === 'DASK_GATEWAY__CLUSTER__OPTIONS__IMAGE'
        ? 'DaskGatewayProps.clusterOptions [DaskClusterOption.image()]: the integration sets it'
        : 'set by the integration in the users’ servers: not written',
    );
    if (name === 'DASK_GATEWAY__CLUSTER__OPTIONS__IMAGE')
      plan.dask.clusterOptions = [plan.call('DaskClusterOption.image')];
  }
  if (Object.keys(env).length === 0) delete plan.singleUser.extraEnv;
  if (!plan.services['dask-gateway']) return;
  delete plan.services['dask-gateway'];
  for (const [key, o] of plan.outcomes) {
    if (!key.includes('hub.services.dask-gateway.')) continue;
    plan.outcomes.set(key, {
      status: 'secret',
      api: 'DaskGateway',
      secretName: `${plan.name}-dask-gateway-token`,
      secretKey: 'api-token',
      note: 'not carried over: the DaskGateway integration registers the service and makes its token in the cluster',
    });
    const i = plan.secrets.findIndex((s) => s.from === key);
    if (i >= 0) plan.secrets.splice(i, 1);
    void o;
  }
}

/** The extra volumes and their mounts, once both are in. */
function finishVolumes(plan: ImportPlan): void {
  const volumes = plan.byKey.get('singleuser.storage.extraVolumes');
  const mounts = plan.byKey.get('singleuser.storage.extraVolumeMounts');
  if (!volumes && !mounts) return;
  try {
    const list = extraVolumes(plan, volumes?.value, mounts?.value);
    plan.singleUser.extraVolumes = list;
    for (const l of [volumes!, mounts!]) plan.mapped(l, 'SingleUserOptions.extraVolumes', 'UserVolume.* factories');
  } catch (e) {
    for (const l of [volumes, mounts])
      if (l) plan.unsupported(l, `not supported by the import yet: ${(e as Error).message}`);
  }
}

function finishStorage(plan: ImportPlan): void {
  const kind = plan.storageKind ?? (Object.keys(plan.storage).length > 0 ? 'dynamic' : undefined);
  if (kind === 'none') plan.singleUser.storage = plan.call('SingleUserStorage.none');
  else if (kind === 'dynamic' || (kind === undefined && plan.takeover)) {
    const options = { ...plan.storage };
    if (plan.takeover && options.pvcNameTemplate === undefined)
      options.pvcNameTemplate = ImportPlan.because(
        'the release’s claims: users keep their homes',
        'claim-{username}{servername}',
      );
    plan.singleUser.storage = plan.call('SingleUserStorage.dynamic', options);
  } else if (kind === 'static') {
    for (const [key, o] of plan.outcomes)
      if (key.endsWith('singleuser.storage.capacity') && o.status === 'mapped')
        plan.outcomes.set(key, {
          status: 'not supported',
          reason: 'not used with static storage: the existing claim has its own size',
        });
    const claim = String(plan.staticStorage.claimName ?? 'home');
    const options: { [k: string]: Expr } = {};
    if (plan.staticStorage.subPath !== undefined) options.subPath = plan.staticStorage.subPath;
    if (plan.storage.homeMountPath !== undefined) options.homeMountPath = plan.storage.homeMountPath;
    plan.lib.add('NfsStorage');
    plan.sharedClaim = claim;
    plan.singleUser.storage = plan.call('SingleUserStorage.shared', Code.ref('homes'), options);
  }
}

function finishDatabase(plan: ImportPlan): void {
  const { kind, ...options } = plan.database as { [k: string]: Expr };
  const external = kind === 'external' || options.url !== undefined;
  if (!external && options.password !== undefined) {
    delete options.password;
    const i = plan.secrets.findIndex((s) => s.from.endsWith('hub.db.password'));
    plan.outcomes.set(plan.secrets[i].from, {
      status: 'not supported',
      reason: 'a database password with a sqlite database: not used (a secret value: not carried over)',
    });
    plan.secrets.splice(i, 1);
  }
  if (kind === 'sqliteMemory') plan.hub.database = plan.call('HubDatabase.sqliteMemory');
  else if (external) plan.hub.database = plan.call('HubDatabase.external', options);
  else if (Object.keys(options).length > 0 || plan.takeover)
    plan.hub.database = plan.call('HubDatabase.sqlitePvc', { size: plan.call('Size.gibibytes', 1), ...options });
  if (plan.takeover) {
    plan.hub.release = ImportPlan.because('the Helm release’s name: the Deployments’ selectors carry it', plan.name);
    plan.hub.secret = plan.call('HubSecret.fromZeroToJupyterHub');
  }
}
