/**
 * What the OAuth authenticator classes share: the checks of the client id, client secret, callback
 * URL and login button, the settings every OAuth config starts with, and the group settings.
 * @internal
 */
import { ConfigTrait } from '../core/config-trait';
import { fail } from '../core/validate';
import type { AuthenticatorBinding } from './authenticator-binding';
import {
  AUTH_ENV,
  checkNames,
  checkUrl,
  OAUTH_CALLBACK_PATH,
  secretFromEnv,
  WhoMayLogIn,
} from './authenticator-checks';
import type { OAuthAuthenticatorOptions } from './oauth-authenticator-options';

/** A claim name or scope: printable ASCII without spaces. */
export const TOKEN = { re: /^[\x21-\x7e]+$/, fix: 'must be printable ASCII without spaces' };

/** An OAuth provider as OAuthenticator names it. */
export interface OAuthProvider {
  /** Display name, for comments and messages. */
  readonly name: string;
  readonly className: string;
  readonly configClass: string;
}

/** A single claim name. */
export function claim(prop: string, value: string): string {
  return checkNames(prop, [value], 'a claim name', TOKEN)[0];
}

/** Checks what every OAuth authenticator shares; returns the settings every OAuth config starts with. */
function oauthBase(p: OAuthProvider, options: OAuthAuthenticatorOptions) {
  const cls = p.configClass;
  const clientId = options.clientId;
  if (clientId.trim() === '' || !TOKEN.re.test(clientId))
    fail(
      'authenticator.clientId',
      clientId,
      'must be the client id the provider shows for the application: printable ASCII without spaces',
    );
  const secret = secretFromEnv('clientSecret', options.clientSecret, AUTH_ENV.clientSecret);
  let callbackUrl: string | undefined;
  if (options.callbackUrl !== undefined) {
    callbackUrl = checkUrl('authenticator.callbackUrl', options.callbackUrl, { http: true });
    if (!new URL(callbackUrl).pathname.endsWith(`/${OAUTH_CALLBACK_PATH}`)) {
      fail(
        'authenticator.callbackUrl',
        callbackUrl,
        `must end in '/${OAUTH_CALLBACK_PATH}' (JupyterHub's callback below the hub's base URL), e.g. 'https://hub.example.org/${OAUTH_CALLBACK_PATH}'`,
      );
    }
  }
  if (options.loginService !== undefined) checkNames('loginService', [options.loginService], 'a name');
  const traits = [
    ConfigTrait.string(cls, 'client_id', clientId),
    ConfigTrait.fromEnv(cls, 'client_secret', secret.envName),
    ...(options.loginService !== undefined ? [ConfigTrait.string(cls, 'login_service', options.loginService)] : []),
  ];
  return {
    comment: `OAuth with ${p.name}: the client secret is read from the hub's env (Secret '${secret.secretName}', key '${secret.key}').`,
    traits,
    secretEnv: { [secret.envName]: secret.selector },
    callbackUrl,
  };
}

/**
 * The binding of an OAuth authenticator: the shared settings, then `specific`. The hub calls the
 * provider's token and user endpoints over https: on 443, and on the port each of `urls` names.
 */
export function oauthBinding(
  p: OAuthProvider,
  options: OAuthAuthenticatorOptions,
  who: WhoMayLogIn,
  o: { readonly specific: readonly ConfigTrait[]; readonly urls?: readonly string[]; readonly adminGroups?: boolean },
): AuthenticatorBinding {
  const base = oauthBase(p, options);
  const egressPorts = [...new Set([443, ...(o.urls ?? []).map((u) => Number(new URL(u).port || 443))])];
  return {
    className: p.className,
    ...who,
    comment: base.comment,
    traits: [...base.traits, ...o.specific],
    secretEnv: base.secretEnv,
    egressPorts,
    adminGroups: o.adminGroups ?? false,
    oauth: { configClass: p.configClass, callbackUrl: base.callbackUrl },
  };
}

/**
 * The group settings of an OAuth authenticator: JupyterHub keeps each user's groups from the
 * provider (`manage_groups`), read from `groupsKey` of the login's auth state.
 */
export function groupTraits(
  cls: string,
  groupsKey: string,
  allowedGroups: readonly string[],
  adminGroups: readonly string[],
): ConfigTrait[] {
  if (allowedGroups.length === 0 && adminGroups.length === 0) return [];
  return [
    ConfigTrait.boolean(cls, 'manage_groups', true),
    ConfigTrait.string(cls, 'auth_state_groups_key', groupsKey),
    ...(allowedGroups.length > 0 ? [ConfigTrait.stringSet(cls, 'allowed_groups', [...allowedGroups])] : []),
    ...(adminGroups.length > 0 ? [ConfigTrait.stringSet(cls, 'admin_groups', [...adminGroups])] : []),
  ];
}
