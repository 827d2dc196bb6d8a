/**
 * The environment of the users' servers, resolved from the single-user options: literal values
 * (`extraEnv`), KubeSpawner templates (`templatedEnv`) and keys of Secrets by reference
 * (`secretEnv`), beside the env the typed props derive. All reach KubeSpawner's `environment`
 * trait: a dict value becomes the container's env var as given (KubeSpawner 7.0.0
 * `objects.py:482`, `get_k8s_model(V1EnvVar, env)`), and every string in it is expanded as a
 * template (`spawner.py:2113`, `_expand_env`), so a Secret's name and key are checked to carry no
 * brace (a DNS subdomain and a Secret key have none).
 */
import { checkDnsSubdomain, checkEnvName, checkSecretKey, fail } from '../core/validate';
import { checkKubeSpawnerTemplate } from './kubespawner-template';
import type { SingleUserOptions } from './single-user-options';

/** The resolved env of the users' servers, by where each value comes from. @internal */
export interface UserEnvModel {
  /** Env derived from the hub's own props (before integrations' env). */
  readonly derivedEnv: { readonly [name: string]: string };
  /** The user's `extraEnv`: literals (after integrations' env). */
  readonly extraEnv: { readonly [name: string]: string };
  /** The user's `templatedEnv`: KubeSpawner templates, as given. */
  readonly templatedEnv: { readonly [name: string]: string };
  /** The user's `secretEnv`: Secret keys by reference. */
  readonly secretEnv: { readonly [name: string]: { readonly name: string; readonly key: string } };
}

/** Which prop sets each env var of the user servers the user gives (for errors). @internal */
export function userEnvProp(model: UserEnvModel, name: string): string | undefined {
  if (name in model.extraEnv) return 'singleUser.extraEnv';
  if (name in model.templatedEnv) return 'singleUser.templatedEnv';
  if (name in model.secretEnv) return 'singleUser.secretEnv';
  return undefined;
}

function resolveSecretEnv(su: SingleUserOptions): UserEnvModel['secretEnv'] {
  const out: { [name: string]: { name: string; key: string } } = {};
  for (const [name, ref] of Object.entries(su.secretEnv ?? {})) {
    checkEnvName('singleUser.secretEnv', name);
    const at = `singleUser.secretEnv['${name}']`;
    if (typeof ref !== 'object' || ref === null) fail(at, ref, 'must be { secretName, key }: a key of a Secret');
    if (typeof ref.secretName !== 'string') fail(`${at}.secretName`, ref.secretName, 'must be the name of a Secret');
    if (typeof ref.key !== 'string') fail(`${at}.key`, ref.key, 'must be a key of the Secret');
    out[name] = {
      name: checkDnsSubdomain(`${at}.secretName`, ref.secretName),
      key: checkSecretKey(`${at}.key`, ref.key),
    };
  }
  return out;
}

/** The user env, checked: valid names, each set by one prop only, none the typed props derive. @internal */
export function resolveUserEnv(su: SingleUserOptions): UserEnvModel {
  const extraEnv = su.extraEnv ?? {};
  Object.keys(extraEnv).forEach((k) => checkEnvName('singleUser.extraEnv', k));
  const templatedEnv = su.templatedEnv ?? {};
  for (const [name, value] of Object.entries(templatedEnv)) {
    checkEnvName('singleUser.templatedEnv', name);
    checkKubeSpawnerTemplate(`singleUser.templatedEnv['${name}']`, value);
  }
  const secretEnv = resolveSecretEnv(su);
  const derivedEnv: { [name: string]: string } = su.serverApp ? { JUPYTERHUB_SINGLEUSER_APP: su.serverApp } : {};
  const seen = new Map<string, string>(Object.keys(derivedEnv).map((n) => [n, "the typed props ('serverApp')"]));
  const given: [string, readonly string[]][] = [
    ['singleUser.extraEnv', Object.keys(extraEnv)],
    ['singleUser.templatedEnv', Object.keys(templatedEnv)],
    ['singleUser.secretEnv', Object.keys(secretEnv)],
  ];
  for (const [prop, names] of given) {
    for (const name of names) {
      const other = seen.get(name);
      if (other?.startsWith('the typed props'))
        fail(prop, name, `is derived from ${other}: remove it from ${prop.replace('singleUser.', '')}`);
      if (other) fail(prop, name, `is set by ${other} too: an env var of the user servers has one source`);
      seen.set(name, prop);
    }
  }
  return { derivedEnv, extraEnv, templatedEnv, secretEnv };
}
