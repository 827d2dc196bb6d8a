/**
 * The hub's authenticator resolved into the form the hub renders: what `Authenticator.bind()`
 * returned (the library's classes or a user's own), checked as untrusted input, with its traits
 * as config lines and its Secret keys as env vars of the hub container.
 * @internal
 */
import { k8s } from 'cdk8s-plus-27';
import type { Authenticator } from '../auth/authenticator';
import type { AuthenticatorBinding } from '../auth/authenticator-binding';
import { checkConfigComment, ConfigTrait } from '../core/config-trait';
import { HUB_ENV } from '../core/constants';
import { secretEnv } from '../core/k8s';
import type { ConfigLine } from '../core/trait-setting';
import { checkDnsSubdomain, checkEnvName, checkPort, checkSecretKey, fail } from '../core/validate';
import { checkUrl } from '../auth/authenticator-config';

/** What the authenticator contributes to the hub config and the hub container. */
export interface AuthenticatorModel {
  /** `c.JupyterHub.authenticator_class`. */
  readonly className: string;
  readonly adminUsers: string[];
  readonly allowedUsers: string[];
  readonly allowAll: boolean;
  /** Lines written after the common Authenticator settings: the comment, then the traits. */
  readonly lines: ConfigLine[];
  /** Env of the hub container from Secret keys (client secrets, passwords); the lines read them with `os.environ`. */
  readonly env: k8s.EnvVar[];
  /** Whether admins can also come from groups (so `adminAccess` needs no `adminUsers`). */
  readonly adminGroups: boolean;
  /** TCP ports the hub reaches the identity provider on (the hub's NetworkPolicy opens them). */
  readonly egressPorts: number[];
  /** Set for OAuth authenticators. */
  readonly oauth?: { readonly configClass: string; readonly callbackUrl?: string };
  /** Secrets the hub's `secret-init` generates for the authenticator (its passwords). */
  readonly generatedSecrets: { readonly name: string; readonly keys: string[] }[];
  /** Whether any password logs in (the dummy authenticator). */
  readonly acceptsAnyPassword: boolean;
  /** Whether the user allowed that although the hub is reachable from outside the cluster. */
  readonly openNetworkAllowed: boolean;
}

/** JupyterHub's classes that accept any password (jupyterhub 5.5.0 pyproject.toml: entry point `dummy`). */
const ANY_PASSWORD_CLASSES = ['dummy', 'jupyterhub.auth.DummyAuthenticator'];
const CLASS_NAME = /^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;
const PY_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Env vars the hub container has of its own. */
const OWN_ENV = ['PYTHONUNBUFFERED', ...Object.values(HUB_ENV)];

function list<T>(prop: string, value: T[] | undefined, what: string): T[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) fail(`authenticator.${prop}`, value, `must be a list of ${what}`);
  return [...value];
}

function flag(prop: string, value: boolean | undefined): boolean {
  if (value !== undefined && typeof value !== 'boolean') fail(`authenticator.${prop}`, value, 'must be true or false');
  return value ?? false;
}

/** The hub container's env from the binding's Secret keys. */
function envOf(secrets: AuthenticatorBinding['secretEnv']): k8s.EnvVar[] {
  if (secrets === undefined) return [];
  if (typeof secrets !== 'object' || secrets === null)
    fail('authenticator.secretEnv', secrets, 'must be a map of env var names to Secret keys ({ name, key })');
  return Object.entries(secrets).map(([envName, ref]) => {
    checkEnvName('authenticator.secretEnv', envName);
    if (OWN_ENV.includes(envName))
      fail(
        'authenticator.secretEnv',
        envName,
        "is an env var the hub container already has: give the authenticator's its own name",
      );
    const name = ref?.name;
    if (typeof name !== 'string')
      fail(`authenticator.secretEnv['${envName}'].name`, name, "must be the name of a Secret in the hub's namespace");
    checkDnsSubdomain(`authenticator.secretEnv['${envName}'].name`, name);
    checkSecretKey(`authenticator.secretEnv['${envName}'].key`, ref.key);
    return secretEnv(envName, name, ref.key);
  });
}

/** The binding's comment and traits as config lines. */
function linesOf(binding: AuthenticatorBinding): ConfigLine[] {
  const traits = list('traits', binding.traits, 'ConfigTrait settings (ConfigTrait.string(...), ...)');
  traits.forEach((t, i) => {
    if (!(t instanceof ConfigTrait))
      fail(`authenticator.traits[${i}]`, t, 'must be a ConfigTrait, made by ConfigTrait.string(), .fromEnv(), ...');
  });
  // The hub writes these from the binding's other fields.
  const set = new Set([
    'JupyterHub.authenticator_class',
    ...['admin_users', 'allowed_users', 'allow_all'].map((t) => `Authenticator.${t}`),
  ]);
  if (binding.oauth?.configClass !== undefined) set.add(`${binding.oauth.configClass}.oauth_callback_url`);
  for (const t of traits) {
    const key = `${t.className}.${t.trait}`;
    if (set.has(key))
      fail('authenticator.traits', key, 'is a trait the hub or the authenticator already sets: set each trait once');
    set.add(key);
  }
  const comment =
    binding.comment === undefined ? [] : [{ comment: checkConfigComment('authenticator.comment', binding.comment) }];
  return [...comment, ...traits.flatMap((t) => t._lines())];
}

/** The Secrets the binding asks the hub to generate: names and keys checked, each name once. */
function generatedSecretsOf(secrets: AuthenticatorBinding['generatedSecrets']): AuthenticatorModel['generatedSecrets'] {
  const seen = new Set<string>();
  return list('generatedSecrets', secrets, 'Secrets to generate ({ name, keys })').map((s, i) => {
    const prop = `authenticator.generatedSecrets[${i}]`;
    if (typeof s?.name !== 'string')
      fail(`${prop}.name`, s?.name, "must be the name of a Secret in the hub's namespace");
    checkDnsSubdomain(`${prop}.name`, s.name);
    if (seen.has(s.name)) fail(`${prop}.name`, s.name, 'is generated twice: list each Secret once, with all its keys');
    seen.add(s.name);
    const keys = list(`generatedSecrets[${i}].keys`, s.keys, 'Secret keys');
    if (keys.length === 0) fail(`${prop}.keys`, keys, 'must list at least one key to generate');
    keys.forEach((k) => checkSecretKey(`${prop}.keys`, k));
    if (new Set(keys).size !== keys.length) fail(`${prop}.keys`, keys, 'lists a key twice: list each once');
    return { name: s.name, keys };
  });
}

function oauthOf(oauth: AuthenticatorBinding['oauth']): AuthenticatorModel['oauth'] {
  if (oauth === undefined) return undefined;
  if (typeof oauth?.configClass !== 'string' || !PY_IDENTIFIER.test(oauth.configClass))
    fail(
      'authenticator.oauth.configClass',
      oauth?.configClass,
      "must be a Python class name such as 'GenericOAuthenticator'",
    );
  const callbackUrl =
    oauth.callbackUrl === undefined
      ? undefined
      : checkUrl('authenticator.callbackUrl', oauth.callbackUrl, { http: true });
  return { configClass: oauth.configClass, callbackUrl };
}

/** Binds the hub's authenticator and checks what it returned. */
export function resolveAuthenticatorModel(authenticator: Authenticator): AuthenticatorModel {
  const binding = authenticator.bind();
  if (typeof binding !== 'object' || binding === null)
    fail('authenticator', binding, 'must return an AuthenticatorBinding from bind()');
  if (typeof binding.className !== 'string' || !CLASS_NAME.test(binding.className))
    fail(
      'authenticator.className',
      binding.className,
      "must be a Python import path such as 'oauthenticator.generic.GenericOAuthenticator', or an entry point name such as 'dummy'",
    );
  const egressPorts = list('egressPorts', binding.egressPorts, 'TCP ports');
  egressPorts.forEach((p) => checkPort('authenticator.egressPorts', p));
  return {
    className: binding.className,
    adminUsers: list('adminUsers', binding.adminUsers, 'user names'),
    allowedUsers: list('allowedUsers', binding.allowedUsers, 'user names'),
    allowAll: flag('allowAll', binding.allowAll),
    lines: linesOf(binding),
    env: envOf(binding.secretEnv),
    adminGroups: flag('adminGroups', binding.adminGroups),
    egressPorts,
    oauth: oauthOf(binding.oauth),
    generatedSecrets: generatedSecretsOf(binding.generatedSecrets),
    acceptsAnyPassword:
      flag('acceptsAnyPassword', binding.acceptsAnyPassword) || ANY_PASSWORD_CLASSES.includes(binding.className),
    openNetworkAllowed: flag('openNetworkAllowed', binding.openNetworkAllowed),
  };
}
