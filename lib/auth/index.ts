/** Who may log in: the Authenticator base class, the library's authenticators, and what they give the hub. */
export { Authenticator } from './authenticator';
export type {
  AuthenticatorBinding,
  AuthenticatorGeneratedSecret,
  AuthenticatorOAuthCallback,
} from './authenticator-binding';
export type { AuthenticatorOptions } from './authenticator-options';
export type {
  AuthenticatorTraits,
  DummyAuthenticatorTraits,
  SharedPasswordAuthenticatorTraits,
} from './jupyterhub-authenticator-traits.generated';
export type {
  AzureAdOAuthenticatorTraits,
  GenericOAuthenticatorTraits,
  GitHubOAuthenticatorTraits,
  GoogleOAuthenticatorTraits,
} from './oauthenticator-traits.generated';
export type { LdapAuthenticatorTraits } from './ldapauthenticator-traits.generated';
export type { NativeAuthenticatorTraits } from './nativeauthenticator-traits.generated';
export type { OAuthAuthenticatorOptions } from './oauth-authenticator-options';
export { AzureAdAuthenticator } from './azure-ad-authenticator';
export type { AzureAdAuthenticatorOptions } from './azure-ad-authenticator-options';
export { CustomAuthenticator } from './custom-authenticator';
export type { CustomAuthenticatorOptions } from './custom-authenticator-options';
export { DummyAuthenticator } from './dummy-authenticator';
export type { DummyAuthenticatorOptions } from './dummy-authenticator-options';
export { GeneratedSharedPasswordAuthenticator } from './generated-shared-password-authenticator';
export type { GeneratedSharedPasswordAuthenticatorOptions } from './generated-shared-password-authenticator-options';
export { GitHubAuthenticator } from './github-authenticator';
export type { GitHubAuthenticatorOptions } from './github-authenticator-options';
export { GoogleAuthenticator } from './google-authenticator';
export type { GoogleAuthenticatorOptions } from './google-authenticator-options';
export { LdapAuthenticator } from './ldap-authenticator';
export { LdapTlsStrategy } from './ldap-authenticator-options';
export type { LdapAuthenticatorOptions, LdapLookupOptions } from './ldap-authenticator-options';
export { NativeAuthenticator } from './native-authenticator';
export type { NativeAuthenticatorOptions } from './native-authenticator-options';
export { OpenIdConnectAuthenticator } from './open-id-connect-authenticator';
export type { OpenIdConnectAuthenticatorOptions } from './open-id-connect-authenticator-options';
export { SharedPasswordAuthenticator } from './shared-password-authenticator';
export type { SharedPasswordAuthenticatorOptions } from './shared-password-authenticator-options';

// Lets Authenticator's static factories construct the classes above.
import './authenticators.generated';
