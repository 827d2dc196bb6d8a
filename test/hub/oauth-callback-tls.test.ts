/**
 * Removing TLS from the front door must not silently move an OAuth login to `http://`. The hub's
 * OAuth callback is derived from its front door's public URL; with a host and no TLS that URL is
 * plain HTTP, which the providers refuse for any host but localhost (Azure AD: "Redirect URIs
 * must begin with the scheme https. There are some exceptions for localhost"; Google: "Redirect
 * URIs must use the HTTPS scheme, not plain HTTP. Localhost URIs ... are exempt"), and over which
 * the login code and the hub's cookie would travel in clear text. So it is refused at
 * construction, naming the front door's `tls`; `callbackUrl` written out is the way to say "TLS is
 * terminated in front of the door" (https) or "plain HTTP on purpose" (http).
 */
import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Authenticator, Hub, IngressTls, NginxIngress, NginxIngressMode, NginxIngressProps, Proxy } from '../../lib';
import { find, synthWith, wire } from '../util';

const secret = (c: Chart): kplus.SecretValue => ({
  secret: kplus.Secret.fromSecretName(c, 'oauth', 'hub-oauth'),
  key: 'client-secret',
});

const oauth: { [name: string]: (c: Chart, callbackUrl?: string) => Authenticator } = {
  GitHubOAuthenticator: (c, callbackUrl) =>
    Authenticator.github({ clientId: 'id', clientSecret: secret(c), allowAll: true, callbackUrl }),
  GoogleOAuthenticator: (c, callbackUrl) =>
    Authenticator.google({ clientId: 'id', clientSecret: secret(c), allowAll: true, callbackUrl }),
  AzureAdOAuthenticator: (c, callbackUrl) =>
    Authenticator.azureAd({
      clientId: 'id',
      clientSecret: secret(c),
      tenantId: '00000000-0000-0000-0000-000000000000',
      allowAll: true,
      callbackUrl,
    }),
  GenericOAuthenticator: (c, callbackUrl) =>
    Authenticator.openIdConnect({
      clientId: 'id',
      clientSecret: secret(c),
      authorizeUrl: 'https://login.example.org/authorize',
      tokenUrl: 'https://login.example.org/token',
      userdataUrl: 'https://login.example.org/userinfo',
      allowAll: true,
      callbackUrl,
    }),
};

/** A hub with `auth` behind nginx (`door`) on a LoadBalancer; returns the callback its config sets. */
function callbackOf(
  auth: (c: Chart) => Authenticator,
  door: NginxIngressProps,
  o: { baseUrl?: string; serviceType?: kplus.ServiceType } = {},
): string | undefined {
  const objs = synthWith((c) => {
    const hub = new Hub(c, 'hub', { authenticator: auth(c), baseUrl: o.baseUrl });
    wire(hub, new Proxy(c, 'proxy', { serviceType: o.serviceType }), new NginxIngress(c, 'nginx', door));
  });
  const config = find(objs, 'ConfigMap', 'hub-config').data['jupyterhub_config.py'] as string;
  return /^c\.\w+\.oauth_callback_url = "(.*)"$/m.exec(config)?.[1];
}

const REFUSED =
  /^Invalid 'tls' \(undefined\): Hub 'test\/hub' has an OAuth authenticator \((\w+)\) and its front door's public URL 'http:\/\/hub\.example\.org' is plain HTTP \(a host and no 'tls'\)/;

describe('an OAuth hub whose front door has a host but no TLS is refused, naming the front door\'s "tls"', () => {
  test.each(Object.keys(oauth))('%s behind nginx in the proxy pod', (cls) => {
    expect(() => callbackOf(oauth[cls], { host: 'hub.example.org' })).toThrow(REFUSED);
    expect(() => callbackOf(oauth[cls], { host: 'hub.example.org' })).toThrow(`(${cls})`);
  });

  test("behind the cluster's ingress controller (ingress-resource mode)", () => {
    expect(() =>
      callbackOf(
        oauth.GitHubOAuthenticator,
        { mode: NginxIngressMode.INGRESS_RESOURCE, host: 'hub.example.org' },
        { serviceType: kplus.ServiceType.CLUSTER_IP },
      ),
    ).toThrow(REFUSED);
  });

  test('the message names the callback it would have been, and each way out with the URL to write', () => {
    let message = '';
    try {
      callbackOf(oauth.GoogleOAuthenticator, { host: 'hub.example.org' }, { baseUrl: '/jupyter/' });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain("the OAuth callback would be 'http://hub.example.org/jupyter/hub/oauth_callback'");
    expect(message).toContain('providers refuse an http:// callback for any host but localhost');
    expect(message).toContain("Give the front door 'tls' (IngressTls.acme(...), IngressTls.fromSecretName(...))");
    expect(message).toContain(
      "if TLS is terminated in front of it (a load balancer), set the authenticator's 'callbackUrl' to 'https://hub.example.org/jupyter/hub/oauth_callback'",
    );
    expect(message).toContain(
      "to serve OAuth over plain HTTP anyway, set 'callbackUrl' to 'http://hub.example.org/jupyter/hub/oauth_callback'",
    );
  });
});

describe('what stays allowed', () => {
  test('with TLS the callback is https', () => {
    expect(
      callbackOf(oauth.GitHubOAuthenticator, { host: 'hub.example.org', tls: IngressTls.fromSecretName('t') }),
    ).toBe('https://hub.example.org/hub/oauth_callback');
  });

  test.each(['localhost', '127.0.0.1'])('plain HTTP on %s (the providers allow http for localhost)', (host) => {
    expect(callbackOf(oauth.AzureAdOAuthenticator, { host })).toBe(`http://${host}/hub/oauth_callback`);
  });

  test("TLS terminated in front of the door: an https 'callbackUrl' for the door's host is used as given", () => {
    expect(
      callbackOf((c) => oauth.GitHubOAuthenticator(c, 'https://hub.example.org/hub/oauth_callback'), {
        host: 'hub.example.org',
      }),
    ).toBe('https://hub.example.org/hub/oauth_callback');
    // Also when the plain-HTTP URL has a node port: the load balancer's https port is the user's to say.
    expect(
      callbackOf(
        (c) => oauth.GitHubOAuthenticator(c, 'https://hub.example.org/hub/oauth_callback'),
        { host: 'hub.example.org' },
        { serviceType: kplus.ServiceType.NODE_PORT },
      ),
    ).toBe('https://hub.example.org/hub/oauth_callback');
  });

  test("plain HTTP on purpose: the http 'callbackUrl' written out", () => {
    expect(
      callbackOf((c) => oauth.GenericOAuthenticator(c, 'http://hub.example.org/hub/oauth_callback'), {
        host: 'hub.example.org',
      }),
    ).toBe('http://hub.example.org/hub/oauth_callback');
  });

  test("an https 'callbackUrl' for another host still disagrees with the front door", () => {
    expect(() =>
      callbackOf((c) => oauth.GitHubOAuthenticator(c, 'https://other.example.org/hub/oauth_callback'), {
        host: 'hub.example.org',
      }),
    ).toThrow(
      /^Invalid 'authenticator.callbackUrl' \('https:\/\/other\.example\.org\/hub\/oauth_callback'\): disagrees/,
    );
  });

  test('authenticators without OAuth may be served over plain HTTP', () => {
    expect(() =>
      synthWith((c) => {
        const hub = new Hub(c, 'hub', { authenticator: Authenticator.dummy() });
        wire(hub, new Proxy(c, 'proxy'), new NginxIngress(c, 'nginx', { host: 'hub.example.org' }));
      }),
    ).not.toThrow();
  });
});
