/**
 * The checks the authenticator classes share: Secret references (never secret values), user
 * lists, names, URLs, and "who may log in".
 * @internal
 */
import type { k8s } from 'cdk8s-plus-27';
import type * as kplus from 'cdk8s-plus-27';
import { checkDnsSubdomain, checkSecretKey, checkUserNames, fail } from '../core/validate';

/** Env vars of the hub container that carry an authenticator's secrets. */
export const AUTH_ENV = {
  clientSecret: 'HUB_OAUTH_CLIENT_SECRET',
  ldapSearchPassword: 'HUB_LDAP_SEARCH_PASSWORD',
  userPassword: 'HUB_SHARED_USER_PASSWORD',
  adminPassword: 'HUB_SHARED_ADMIN_PASSWORD',
} as const;

/** The path JupyterHub serves the OAuth callback at, below the hub's base URL. */
export const OAUTH_CALLBACK_PATH = 'hub/oauth_callback';

/**
 * Refuses a secret given as text before anything else looks at it, without echoing it: a JavaScript
 * caller may pass the secret itself where a Secret reference belongs.
 */
export function refuseSecretText(
  factory: string,
  options: unknown,
  props: readonly string[],
  path = 'authenticator',
): void {
  if (typeof options !== 'object' || options === null) return;
  for (const prop of props) {
    if (typeof (options as { [p: string]: unknown })[prop] === 'string') {
      fail(
        `${path}.${prop}`,
        '***',
        `must be a reference to a Secret key ({ secret: kplus.Secret.fromSecretName(scope, 'id', 'hub-auth'), key: '${prop}' }), never the secret itself: ${factory} would write it into the hub's ConfigMap and dist/ (the value is not shown here)`,
      );
    }
  }
}

/** A Secret key reference read by the hub from its env var `envName`. */
export interface SecretFromEnv {
  readonly envName: string;
  /** The hub container's env var from the Secret key. */
  readonly selector: k8s.SecretKeySelector;
  readonly secretName: string;
  readonly key: string;
}

/** Checks a Secret key reference given as `prop`, to be read by the hub from its env var `envName`. */
export function secretFromEnv(prop: string, ref: kplus.SecretValue, envName: string): SecretFromEnv {
  const name = (ref?.secret as { name?: unknown } | undefined)?.name;
  if (typeof name !== 'string') {
    fail(
      `authenticator.${prop}`,
      '***',
      "must be a kplus.SecretValue such as { secret: kplus.Secret.fromSecretName(scope, 'id', 'hub-auth'), key: 'client-secret' } (a Secret in the hub's namespace)",
    );
  }
  checkDnsSubdomain(`authenticator.${prop}.secret.name`, name);
  checkSecretKey(`authenticator.${prop}.key`, ref.key);
  return { envName, selector: { name, key: ref.key }, secretName: name, key: ref.key };
}

/** A list of names that must be non-empty strings, each once (groups, organizations, domains). */
export function checkNames(
  prop: string,
  value: readonly string[] | undefined,
  what: string,
  pattern?: { readonly re: RegExp; readonly fix: string },
): string[] {
  const list = [...(value ?? [])];
  const seen = new Set<string>();
  for (const v of list) {
    if (v.trim() === '' || v !== v.trim())
      fail(`authenticator.${prop}`, v, `must be ${what} without surrounding spaces`);
    if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(v))
      fail(`authenticator.${prop}`, v, 'must not contain control characters or line separators');
    if (pattern && !pattern.re.test(v)) fail(`authenticator.${prop}`, v, pattern.fix);
    if (seen.has(v)) fail(`authenticator.${prop}`, list, `lists '${v}' twice: list each once`);
    seen.add(v);
  }
  return list;
}

/**
 * An absolute URL with an https scheme (http only when `http`), no user info, query or fragment;
 * `originOnly` refuses a path too. Returns it as written.
 */
export function checkUrl(
  prop: string,
  value: string,
  o: { readonly http?: boolean; readonly originOnly?: boolean } = {},
): string {
  const example = o.originOnly ? "'https://github.example.org'" : "'https://login.example.org/oauth2/authorize'";
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    fail(prop, value, `must be an absolute URL such as ${example}`);
  }
  const schemes = o.http ? ['https:', 'http:'] : ['https:'];
  if (!schemes.includes(url.protocol))
    fail(
      prop,
      value,
      `must be an ${o.http ? 'http(s)' : 'https'} URL such as ${example}${o.http ? '' : ': tokens and secrets travel over it'}`,
    );
  if (url.username !== '' || url.password !== '')
    fail(
      prop,
      value.replace(/\/\/[^@/]*@/, '//***@'),
      'must not contain a user name or password: credentials come from a Secret',
    );
  if (url.search !== '' || url.hash !== '' || /[?#]/.test(value))
    fail(prop, value, "must not have a query ('?') or fragment ('#')");
  if (!/^[\x21-\x7e]+$/.test(value))
    fail(prop, value, 'must be printable ASCII without spaces (percent-encode anything else)');
  if (o.originOnly && url.pathname !== '/')
    fail(prop, value, `must be scheme and host only, without a path, e.g. ${example}`);
  return value;
}

/** The allow and admin settings of an authenticator, resolved and checked. */
export interface WhoMayLogIn {
  readonly adminUsers: string[];
  readonly allowedUsers: string[];
  readonly allowAll: boolean;
}

/**
 * Resolves `adminUsers`, `allowedUsers` and `allowAll` (false unless said) and refuses a
 * configuration that lets nobody in: `others` are the other ways the authenticator allows users
 * (e.g. `['allowedGroups']` when given), `everyone` what `allowAll` would let in.
 */
export function whoMayLogIn(
  options: { readonly adminUsers?: string[]; readonly allowedUsers?: string[]; readonly allowAll?: boolean },
  o: { readonly others: readonly string[]; readonly alternatives: string; readonly everyone: string },
): WhoMayLogIn {
  const adminUsers = [...checkUserNames('authenticator.adminUsers', options.adminUsers ?? [])];
  const allowedUsers = [...checkUserNames('authenticator.allowedUsers', options.allowedUsers ?? [])];
  const allowAll = options.allowAll ?? false;
  if (!allowAll && adminUsers.length === 0 && allowedUsers.length === 0 && o.others.length === 0) {
    fail(
      'authenticator.allowedUsers',
      allowedUsers,
      `is empty, and nothing else lets anyone log in: list 'allowedUsers' or 'adminUsers'${o.alternatives}, or set 'allowAll: true' to let ${o.everyone} in`,
    );
  }
  return { adminUsers, allowedUsers, allowAll };
}
