/**
 * The hub's OAuth callback against its front door's public URL: plain HTTP is refused for an OAuth
 * login unless the host is the local machine or the callback is written out.
 *
 * Providers accept an `http://` redirect URI for localhost only: Azure AD / Entra ID ("Redirect
 * URIs must begin with the scheme https. There are some exceptions for localhost redirect URIs",
 * https://learn.microsoft.com/entra/identity-platform/reply-url), Google ("Redirect URIs must use
 * the HTTPS scheme, not plain HTTP. Localhost URIs ... are exempt",
 * https://developers.google.com/identity/protocols/oauth2/web-server#uri-validation). And over
 * plain HTTP the provider's login code and the hub's cookie travel in clear text. A front door with
 * a host and no TLS would otherwise turn the derived callback into `http://` without a word.
 * @internal
 */
import { fail, show } from '../core/validate';

/** A host the providers allow `http://` for: the local machine. */
function isLoopback(hostname: string): boolean {
  const h = hostname.toLowerCase();
  return h === 'localhost' || h === '[::1]' || /^127(\.\d{1,3}){3}$/.test(h);
}

/**
 * Whether an explicit https callback stands for a plain-HTTP public URL with TLS terminated in
 * front of the door (a load balancer): the same host and path, https where the door serves http
 * (the port is the load balancer's, the user's to say).
 */
export function tlsTerminatedBefore(explicit: string, derived: string): boolean {
  const e = new URL(explicit);
  const d = new URL(derived);
  return e.protocol === 'https:' && d.protocol === 'http:' && e.hostname === d.hostname && e.pathname === d.pathname;
}

/**
 * Refuses a derived plain-HTTP callback for an OAuth authenticator (loopback hosts aside), naming
 * the front door's `tls` and the two ways out (`callbackUrl` written out, https or http).
 */
export function checkOAuthOverHttp(hubPath: string, configClass: string, publicUrl: string, derived: string): void {
  const u = new URL(derived);
  if (u.protocol !== 'http:' || isLoopback(u.hostname)) return;
  const https = `https://${u.hostname}${u.pathname}`;
  fail(
    'tls',
    undefined,
    `Hub '${hubPath}' has an OAuth authenticator (${configClass}) and its front door's public URL ${show(publicUrl)} is plain HTTP (a host and no 'tls'): the OAuth callback would be ${show(derived)}, but providers refuse an http:// callback for any host but localhost (Google and Azure AD require https), and the login code and the hub's cookie would travel in clear text. ` +
      `Give the front door 'tls' (IngressTls.acme(...), IngressTls.fromSecretName(...)); ` +
      `if TLS is terminated in front of it (a load balancer), set the authenticator's 'callbackUrl' to ${show(https)}; ` +
      `to serve OAuth over plain HTTP anyway, set 'callbackUrl' to ${show(derived)}`,
  );
}
