/**
 * SharedPasswordAuthenticator: JupyterHub 5's shared password for workshops, with an admin
 * password: its config against the pinned hub image's traits (login-harness.ts), the bad input it
 * refuses, naming the prop, and good input a user would expect to work.
 */
import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Authenticator, Hub, NginxIngress, Proxy } from '../../lib';
import { authRef, chartIn, expectAccepted, expectRefused, Good, P, Row, secretRefused } from '../input-checks';
import { find, wire } from '../util';
import { describeAuthenticator } from './login-harness';

describeAuthenticator('sharedPassword');

const shared =
  (o: object = {}) =>
  () =>
    Authenticator.sharedPassword({ userPassword: authRef('user-password'), allowAll: true, ...o } as any);

const refusals: Row[] = [
  // Secrets given as text
  ['a shared user password as text', shared({ userPassword: 'hunter2' }), secretRefused('authenticator.userPassword')],
  [
    'a shared admin password as text',
    shared({ adminPassword: 'hunter2', adminUsers: ['boss'] }),
    secretRefused('authenticator.adminPassword'),
  ],
  // Who may log in
  ['the shared password with nobody allowed', shared({ allowAll: undefined }), P('authenticator.allowedUsers')],
  [
    'shared-password admins without an admin password (they could never log in)',
    shared({ adminUsers: ['boss'] }),
    P('authenticator.adminPassword'),
  ],
  [
    'a shared admin password without admin users',
    shared({ adminPassword: authRef('admin-password') }),
    P('authenticator.adminPassword'),
  ],
  [
    "the same Secret key for the users' and the admins' password",
    shared({ adminUsers: ['boss'], adminPassword: authRef('user-password') }),
    P('authenticator.adminPassword'),
  ],
];

describe('refuses bad input, naming the prop', () => {
  test.each(refusals)('%s', expectRefused);
});

/** A hub with `auth` behind nginx, built in a chart with a namespace. */
const loginGood =
  (auth: (c: Chart) => Authenticator, o: { hub?: object; proxy?: object; nginx?: object } = {}) =>
  (a: App) => {
    const c = chartIn(a, 'c', 'course');
    const h = new Hub(c, 'hub', { authenticator: auth(c), ...o.hub });
    wire(h, new Proxy(c, 'proxy', { ...o.proxy }), new NginxIngress(c, 'nginx', { ...o.nginx }));
  };
const inChart = (c: Chart, key: string) => ({ secret: kplus.Secret.fromSecretName(c, `ref-${key}`, 'hub-auth'), key });

const accepted: Good[] = [
  [
    'a workshop with a shared password and an admin password',
    loginGood((c) =>
      Authenticator.sharedPassword({
        userPassword: inChart(c, 'user-password'),
        adminPassword: inChart(c, 'admin-password'),
        adminUsers: ['instructor'],
        allowAll: true,
      }),
    ),
    (d) =>
      expect(
        find(d, 'Deployment', 'hub').spec.template.spec.containers[0].env.filter(
          (e: any) => e.valueFrom?.secretKeyRef?.name === 'hub-auth',
        ),
      ).toHaveLength(2),
  ],
];

describe('accepts good input a user would expect to work: synthesizes, passes the strict schema, reads the same in YAML 1.1', () => {
  test.each(accepted)('%s', expectAccepted);
});
