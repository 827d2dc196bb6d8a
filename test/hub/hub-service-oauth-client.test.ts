/**
 * HubService as an OAuth client without a URL of its own (issue 19: the Dask dashboard auth
 * service, whose callback Traefik routes): `oauthRedirectUri` and `oauthNoConfirm` are written as
 * the service's `oauth_redirect_uri` and `oauth_no_confirm` (JupyterHub 5.5.0
 * `services/service.py:342`, `:253`); a redirect that is no absolute path is refused.
 */
import { Chart, Testing } from 'cdk8s';
import { Authenticator, Hub, HubService, Proxy } from '../../lib';
import { find, Obj } from '../util';

function hubWith(svc: (c: Chart) => HubService): string {
  const c = new Chart(Testing.app(), 'test', { disableResourceNameHashes: true, namespace: 'lab' });
  const hub = new Hub(c, 'hub', { authenticator: Authenticator.dummy({ allowOpenNetwork: true }) });
  hub.addIntegration(new Proxy(c, 'proxy'));
  hub.addIntegration(svc(c));
  return find(Testing.synth(c) as Obj[], 'ConfigMap', 'hub-config').data['jupyterhub_config.py'];
}

test('a service without a URL, with its OAuth callback and no confirmation page', () => {
  const config = hubWith(
    (c) =>
      new HubService(c, 'dash', {
        name: 'dash',
        oauthRedirectUri: '/services/gw/dash/oauth_callback',
        oauthNoConfirm: true,
      }),
  );
  expect(config).toContain(
    '{"name": "dash", "api_token": os.environ["HUB_SERVICE_TOKEN_DASH"], "oauth_redirect_uri": "/services/gw/dash/oauth_callback", "oauth_no_confirm": True}',
  );
});

test('without them, nothing changes for a service', () => {
  const config = hubWith((c) => new HubService(c, 'plain', { name: 'plain' }));
  expect(config).toContain('{"name": "plain", "api_token": os.environ["HUB_SERVICE_TOKEN_PLAIN"]}');
});

describe('refuses', () => {
  test.each([
    ['a URL instead of a path', 'http://example.org/callback'],
    ['a relative path', 'services/x/oauth_callback'],
    ['a space', '/services/x/oauth callback'],
  ])('%s', (_what, uri) => {
    const c = new Chart(Testing.app(), 'test', { namespace: 'lab' });
    expect(() => new HubService(c, 'x', { name: 'x', oauthRedirectUri: uri })).toThrow(
      /Invalid 'oauthRedirectUri'.*must be an absolute path/,
    );
  });
});
