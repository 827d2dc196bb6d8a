/**
 * Issue 20, item 1: `Authenticator.native()` with no admin is an error. With NativeAuthenticator
 * 1.3 a user who signs up logs in only once an admin approved them (`/hub/authorize`, which needs
 * `admin:users`): `create_user` authorizes a sign-up at once only with `open_signup` or for a name
 * in `admin_users`/`allowed_users` (nativeauthenticator 1.3.0 nativeauthenticator.py:311), and
 * `authenticate()` refuses an unauthorized user (nativeauthenticator.py:241). With no admin, nobody
 * could ever approve a sign-up.
 */
import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Authenticator, Hub, NativeAuthenticator, Proxy } from '../../lib';

const NO_ADMIN =
  /^Invalid 'authenticator\.adminUsers' \(\[\]\): is empty: with NativeAuthenticator a user who signs up can log in only once an admin approved them at \/hub\/authorize, so with no admin nobody could approve a sign-up; list 'adminUsers'/;

describe('NativeAuthenticator needs an admin, who approves the sign-ups', () => {
  test('without options at all (a JavaScript caller) it is an error naming them', () => {
    expect(() => (Authenticator.native as (o?: object) => Authenticator)()).toThrow(/^Invalid 'options'/);
  });

  test.each([
    ['empty options', () => Authenticator.native({})],
    ['an empty admin list', () => Authenticator.native({ adminUsers: [] })],
    [
      'only allowed users (pre-approved, but nobody approves anyone else)',
      () => Authenticator.native({ allowedUsers: ['ada'] }),
    ],
    ['every approved sign-up allowed, and nobody to approve them', () => new NativeAuthenticator({ allowAll: true })],
  ])('%s is an error naming adminUsers', (_what, build) => {
    expect(build).toThrow(NO_ADMIN);
  });

  test('with an admin it renders the admins, who sign up under those names and are approved at once', () => {
    const c = new Chart(Testing.app(), 'c');
    const hub = new Hub(c, 'hub', { authenticator: Authenticator.native({ adminUsers: ['teacher'] }) });
    hub.addIntegration(new Proxy(c, 'proxy', { serviceType: kplus.ServiceType.LOAD_BALANCER }));
    Testing.synth(c);
    expect(hub.config).toContain('c.JupyterHub.authenticator_class = "nativeauthenticator.NativeAuthenticator"');
    expect(hub.config).toContain('c.Authenticator.admin_users = {"teacher"}');
  });
});
