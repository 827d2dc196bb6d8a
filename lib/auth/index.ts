/** Who may log in: authenticators. */
export { Authenticator } from './authenticator';
export type {
  CustomAuthenticatorOptions,
  DummyAuthenticatorOptions,
  NativeAuthenticatorOptions,
} from './authenticator';
export type { AuthenticatorOptions } from './authenticator-options';
export { LdapTlsStrategy } from './ldap-authenticator';
export type { LdapAuthenticatorOptions, LdapLookupOptions } from './ldap-authenticator';
export type {
  AzureAdAuthenticatorOptions,
  GitHubAuthenticatorOptions,
  GoogleAuthenticatorOptions,
  OAuthAuthenticatorOptions,
  OpenIdConnectAuthenticatorOptions,
} from './oauth-authenticator';
export type { SharedPasswordAuthenticatorOptions } from './shared-password-authenticator';
