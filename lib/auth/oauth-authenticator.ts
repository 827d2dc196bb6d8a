import type * as kplus from 'cdk8s-plus-27';
import { AuthenticatorOptions } from './authenticator-options';
import { PySet } from '../core/python';
import {
  AUTH_ENV,
  AuthenticatorConfig,
  checkNames,
  checkUrl,
  groupLines,
  OAUTH_CALLBACK_PATH,
  secretFromEnv,
  whoMayLogIn,
  WhoMayLogIn,
} from './authenticator-config';
import { ConfigLine, comment, setting } from '../core/trait-setting';
import { fail } from '../core/validate';
import { checkHost } from '../core/validate-host';

/**
 * Options shared by the OAuth authenticators (OAuthenticator 17). Register the hub as an OAuth
 * application with the provider; its redirect (callback) URL is
 * `https://<host><baseUrl>hub/oauth_callback`, derived from the hub's front door (the
 * `NginxIngress` host and whether TLS is on) unless given as `callbackUrl`.
 */
export interface OAuthAuthenticatorOptions extends AuthenticatorOptions {
  /** Client (application) id the provider gave the hub's OAuth application; not a secret. */
  readonly clientId: string;

  /**
   * The OAuth application's client secret: a key of a Secret in the hub's namespace, handed to the
   * hub container by `secretKeyRef` and read by the config with `os.environ`. It never appears in
   * the hub's ConfigMap or in the synthesized YAML.
   */
  readonly clientSecret: kplus.SecretValue;

  /**
   * The OAuth callback (redirect) URL registered with the provider, ending in
   * `<baseUrl>hub/oauth_callback`. Give it only when the hub's front door does not know the public
   * host (no `NginxIngress` host, a NodePort without a fixed port, an outer load balancer); when
   * both are known they must agree.
   * @default - derived from the hub's public URL (the front door's host, https with TLS) and `baseUrl`
   */
  readonly callbackUrl?: string;

  /**
   * Name on the login button ("Sign in with ...").
   * @default - the provider's name (OAuthenticator's default)
   */
  readonly loginService?: string;
}

/** Options of {@link Authenticator.github} (OAuthenticator's `GitHubOAuthenticator`). */
export interface GitHubAuthenticatorOptions extends OAuthAuthenticatorOptions {
  /**
   * Let members of these GitHub organizations (`my-org`) or teams (`my-org:team-slug`) log in.
   * The `read:org` scope is requested for them, so private membership counts too.
   * @default - none
   */
  readonly allowedOrganizations?: string[];

  /**
   * Base URL of a GitHub Enterprise Server, e.g. `https://github.example.org`.
   * @default 'https://github.com'
   */
  readonly githubUrl?: string;
}

/** Options of {@link Authenticator.google} (OAuthenticator's `GoogleOAuthenticator`). */
export interface GoogleAuthenticatorOptions extends OAuthAuthenticatorOptions {
  /**
   * Only accounts of these Google Workspace domains may sign in (`hosted_domain`); with exactly
   * one, user names lose the `@domain`. This restricts, it does not allow: list users or set
   * `allowAll: true` to let every account of the domains in.
   * @default - any Google account may try (and still has to be allowed)
   */
  readonly hostedDomains?: string[];
}

/** Options of {@link Authenticator.azureAd} (OAuthenticator's `AzureAdOAuthenticator`). */
export interface AzureAdAuthenticatorOptions extends OAuthAuthenticatorOptions {
  /**
   * The Microsoft Entra ID (Azure AD) tenant: its id (a GUID) or a verified domain such as
   * `contoso.onmicrosoft.com`. The multi-tenant aliases (`common`, `organizations`, `consumers`)
   * are refused: only the tenant's own accounts can sign in.
   */
  readonly tenantId: string;

  /**
   * ID-token claim that becomes the JupyterHub user name (`username_claim`).
   * @default 'unique_name' (the sign-in name; OAuthenticator's default `name` is the display name, neither unique nor stable)
   */
  readonly usernameClaim?: string;

  /**
   * Let members of these groups log in (group object ids as the `groups` claim of the ID token
   * lists them; configure the app registration to emit it). Turns on JupyterHub's group management.
   * @default - none
   */
  readonly allowedGroups?: string[];

  /**
   * Members of these groups are admins (and may log in).
   * @default - none
   */
  readonly adminGroups?: string[];
}

/**
 * Options of {@link Authenticator.openIdConnect}: any OpenID Connect provider (Keycloak, Dex,
 * Authentik, Okta, ...) through OAuthenticator's `GenericOAuthenticator`. The three endpoints are in
 * the provider's `/.well-known/openid-configuration`.
 */
export interface OpenIdConnectAuthenticatorOptions extends OAuthAuthenticatorOptions {
  /** The provider's `authorization_endpoint` (users' browsers go there). */
  readonly authorizeUrl: string;

  /** The provider's `token_endpoint` (the hub calls it with the client secret). */
  readonly tokenUrl: string;

  /** The provider's `userinfo_endpoint`. */
  readonly userdataUrl: string;

  /**
   * Scopes requested.
   * @default ['openid', 'profile', 'email']
   */
  readonly scope?: string[];

  /**
   * Userinfo claim that becomes the JupyterHub user name.
   * @default 'preferred_username'
   */
  readonly usernameClaim?: string;

  /**
   * Userinfo claim listing the user's groups (used with `allowedGroups` / `adminGroups`).
   * @default 'groups'
   */
  readonly groupsClaim?: string;

  /**
   * Let members of these groups log in. Turns on JupyterHub's group management.
   * @default - none
   */
  readonly allowedGroups?: string[];

  /**
   * Members of these groups are admins (and may log in).
   * @default - none
   */
  readonly adminGroups?: string[];
}

/** The multi-tenant aliases of the Microsoft identity platform. */
const AZURE_ALIASES = ['common', 'organizations', 'consumers'];
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A claim name or scope: printable ASCII without spaces. */
const TOKEN = { re: /^[\x21-\x7e]+$/, fix: 'must be printable ASCII without spaces' };
/** A GitHub organization (`org`) or team (`org:team-slug`). */
const GITHUB_ORG = {
  re: /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?::[A-Za-z0-9][A-Za-z0-9_.-]*)?$/,
  fix: "must be an organization ('my-org') or a team ('my-org:team-slug') as in its GitHub URL",
};

interface Provider {
  /** Display name, for comments and messages. */
  readonly name: string;
  readonly className: string;
  readonly configClass: string;
}

/** Checks what every OAuth factory shares; returns the lines every OAuth config starts with, and its env. */
function oauthBase(p: Provider, options: OAuthAuthenticatorOptions) {
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
  const lines: ConfigLine[] = [
    comment(
      `OAuth with ${p.name}: the client secret is read from the hub's env (Secret '${secret.secretName}', key '${secret.key}').`,
    ),
    setting(cls, 'client_id', clientId),
    setting(cls, 'client_secret', secret.value),
    setting(cls, 'login_service', options.loginService),
  ];
  return { lines, env: [secret.env], callbackUrl };
}

function oauthConfig(
  p: Provider,
  options: OAuthAuthenticatorOptions,
  who: WhoMayLogIn,
  specific: ConfigLine[],
  adminGroups = false,
): AuthenticatorConfig {
  const base = oauthBase(p, options);
  // The hub calls the provider's token and user endpoints: https, on 443 or the port a URL names.
  const urls = specific.flatMap((l) =>
    'trait' in l && typeof l.value === 'string' && /^https:\/\//.test(l.value) ? [l.value] : [],
  );
  const egressPorts = [...new Set([443, ...urls.map((u) => Number(new URL(u).port || 443))])];
  return {
    egressPorts,
    className: p.className,
    ...who,
    lines: [...base.lines, ...specific],
    env: base.env,
    adminGroups,
    oauth: { configClass: p.configClass, callbackUrl: base.callbackUrl },
  };
}

/** A single claim name. */
function claim(prop: string, value: string): string {
  return checkNames(prop, [value], 'a claim name', TOKEN)[0];
}

/**
 * The config of {@link Authenticator.github}.
 * @internal
 */
export function gitHubConfig(options: GitHubAuthenticatorOptions): AuthenticatorConfig {
  const p = {
    name: 'GitHub',
    className: 'oauthenticator.github.GitHubOAuthenticator',
    configClass: 'GitHubOAuthenticator',
  };
  const orgs = checkNames('allowedOrganizations', options.allowedOrganizations, 'an organization or team', GITHUB_ORG);
  const who = whoMayLogIn(options, {
    others: orgs,
    alternatives: ", 'allowedOrganizations'",
    everyone: 'every GitHub account',
  });
  const githubUrl =
    options.githubUrl === undefined
      ? undefined
      : checkUrl('authenticator.githubUrl', options.githubUrl, { originOnly: true });
  return oauthConfig(p, options, who, [
    setting(p.configClass, 'github_url', githubUrl?.replace(/\/+$/, '')),
    setting(p.configClass, 'allowed_organizations', orgs.length > 0 ? new PySet(orgs) : undefined),
    // Without read:org GitHub shows only public membership.
    setting(p.configClass, 'scope', orgs.length > 0 ? ['read:org'] : undefined),
  ]);
}

/**
 * The config of {@link Authenticator.google}.
 * @internal
 */
export function googleConfig(options: GoogleAuthenticatorOptions): AuthenticatorConfig {
  const p = {
    name: 'Google',
    className: 'oauthenticator.google.GoogleOAuthenticator',
    configClass: 'GoogleOAuthenticator',
  };
  const domains = checkNames('hostedDomains', options.hostedDomains, 'a domain');
  domains.forEach((d) => checkHost('authenticator.hostedDomains', d, { wildcard: false, ip: false }));
  const who = whoMayLogIn(options, {
    others: [],
    alternatives: '',
    everyone: domains.length > 0 ? `every account of ${domains.join(', ')}` : 'every Google account',
  });
  return oauthConfig(p, options, who, [
    setting(p.configClass, 'hosted_domain', domains.length > 0 ? domains : undefined),
  ]);
}

/**
 * The config of {@link Authenticator.azureAd}.
 * @internal
 */
export function azureAdConfig(options: AzureAdAuthenticatorOptions): AuthenticatorConfig {
  const p = {
    name: 'Microsoft Entra ID (Azure AD)',
    className: 'oauthenticator.azuread.AzureAdOAuthenticator',
    configClass: 'AzureAdOAuthenticator',
  };
  const tenant = options.tenantId;
  if (AZURE_ALIASES.includes(tenant.toLowerCase())) {
    fail(
      'authenticator.tenantId',
      tenant,
      "is a multi-tenant alias: give your tenant's id (a GUID from the app registration's overview) or its domain, so that only its accounts can sign in",
    );
  }
  if (!GUID.test(tenant)) {
    try {
      checkHost('authenticator.tenantId', tenant, { wildcard: false, ip: false });
    } catch {
      fail(
        'authenticator.tenantId',
        tenant,
        "must be the tenant id, a GUID such as '72f988bf-86f1-41af-91ab-2d7cd011db47', or a verified domain such as 'contoso.onmicrosoft.com'",
      );
    }
  }
  const allowedGroups = checkNames('allowedGroups', options.allowedGroups, 'a group id');
  const adminGroups = checkNames('adminGroups', options.adminGroups, 'a group id');
  const who = whoMayLogIn(options, {
    others: [...allowedGroups, ...adminGroups],
    alternatives: ", 'allowedGroups', 'adminGroups'",
    everyone: `every account of the tenant '${tenant}'`,
  });
  return oauthConfig(
    p,
    options,
    who,
    [
      setting(p.configClass, 'tenant_id', tenant),
      setting(p.configClass, 'username_claim', claim('usernameClaim', options.usernameClaim ?? 'unique_name')),
      // AzureAdOAuthenticator keeps the ID token's claims under 'user' in the auth state.
      ...groupLines(p.configClass, 'user.groups', allowedGroups, adminGroups),
    ],
    adminGroups.length > 0,
  );
}

/**
 * The config of {@link Authenticator.openIdConnect}.
 * @internal
 */
export function openIdConnectConfig(options: OpenIdConnectAuthenticatorOptions): AuthenticatorConfig {
  const p = {
    name: 'OpenID Connect',
    className: 'oauthenticator.generic.GenericOAuthenticator',
    configClass: 'GenericOAuthenticator',
  };
  const urls = {
    authorize_url: checkUrl('authenticator.authorizeUrl', options.authorizeUrl),
    token_url: checkUrl('authenticator.tokenUrl', options.tokenUrl),
    userdata_url: checkUrl('authenticator.userdataUrl', options.userdataUrl),
  };
  const scope = checkNames('scope', options.scope ?? ['openid', 'profile', 'email'], 'a scope', TOKEN);
  if (!scope.includes('openid'))
    fail('authenticator.scope', scope, "must include 'openid' (OpenID Connect's own scope)");
  const allowedGroups = checkNames('allowedGroups', options.allowedGroups, 'a group name');
  const adminGroups = checkNames('adminGroups', options.adminGroups, 'a group name');
  if (options.groupsClaim !== undefined && allowedGroups.length === 0 && adminGroups.length === 0) {
    fail(
      'authenticator.groupsClaim',
      options.groupsClaim,
      "is only read for 'allowedGroups' or 'adminGroups': list groups or remove it",
    );
  }
  const who = whoMayLogIn(options, {
    others: [...allowedGroups, ...adminGroups],
    alternatives: ", 'allowedGroups', 'adminGroups'",
    everyone: 'every account of the provider',
  });
  const cls = p.configClass;
  return oauthConfig(
    p,
    options,
    who,
    [
      ...Object.entries(urls).map(([trait, url]) => setting(cls, trait, url)),
      setting(cls, 'scope', scope),
      setting(cls, 'username_claim', claim('usernameClaim', options.usernameClaim ?? 'preferred_username')),
      // GenericOAuthenticator keeps the userinfo response under 'oauth_user' in the auth state.
      ...groupLines(
        cls,
        `oauth_user.${claim('groupsClaim', options.groupsClaim ?? 'groups')}`,
        allowedGroups,
        adminGroups,
      ),
    ],
    adminGroups.length > 0,
  );
}
