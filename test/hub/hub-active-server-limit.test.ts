/**
 * Issue 20, item 4 (fair shares): `activeServerLimit` caps the user servers active at once, all
 * users together (`c.JupyterHub.active_server_limit`, a trait of JupyterHub 5.5: a spawn beyond it
 * is refused with "try again later", handlers/base.py), and is what a NamespaceQuota of the hub's
 * namespace admits.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Authenticator, Hub } from '../../lib';
import { chart } from '../util';

const TRAITS = JSON.parse(
  fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'jupyterhub-5.5-kubespawner-7.0-traits.json'), 'utf8'),
);

const hubWith = (activeServerLimit?: unknown) =>
  new Hub(chart('course'), 'hub', { authenticator: Authenticator.dummy(), activeServerLimit } as never);

test('is not set by default (JupyterHub: no limit), and 0 on the construct', () => {
  const hub = hubWith();
  expect(hub.config).not.toMatch(/active_server_limit/);
  expect(hub.activeServerLimit).toBe(0);
});

test('sets c.JupyterHub.active_server_limit, a trait of JupyterHub 5.5', () => {
  const hub = hubWith(20);
  expect(hub.config).toMatch(/^c\.JupyterHub\.active_server_limit = 20$/m);
  expect(hub.activeServerLimit).toBe(20);
  expect(TRAITS.classes.JupyterHub.active_server_limit).toEqual({ type: 'Int', deprecated: false });
});

describe('refuses', () => {
  test.each([
    [-1, "Invalid 'activeServerLimit' (-1)"],
    [1.5, "Invalid 'activeServerLimit' (1.5)"],
    ['20', "Invalid 'activeServerLimit' ('20')"],
  ])('%j', (value, message) => {
    expect(() => hubWith(value)).toThrow(message);
  });
});
