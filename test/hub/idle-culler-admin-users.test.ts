/**
 * Whether deleting idle users deletes admins too (issue 22, z2jh `cull.adminUsers`):
 * jupyterhub-idle-culler 1.4.0's `--cull-admin-users` (default true), checked only when it deletes
 * users (`--cull-users`); `idleCuller.cullAdminUsers: false` writes `--cull-admin-users=false`.
 */
import { expectRefused, hubIn, js, P, Row } from '../input-checks';
import { loadHubConfig } from '../users/kubespawner-make-pod';
import { chart } from '../util';

const cullerCommand = (idleCuller: object): string[] =>
  loadHubConfig(hubIn(chart('course'), 'hub', { idleCuller }).config).JupyterHub.services.find(
    (s: any) => s.name === 'jupyterhub-idle-culler',
  ).command;

test('cullAdminUsers: false with cullUsers keeps admins (--cull-admin-users=false)', () => {
  expect(cullerCommand({ cullUsers: true, cullAdminUsers: false })).toEqual(
    expect.arrayContaining(['--cull-users', '--cull-admin-users=false']),
  );
});

test("by default, and with true, the culler's default holds: no flag", () => {
  for (const options of [{ cullUsers: true }, { cullUsers: true, cullAdminUsers: true }, {}]) {
    expect(cullerCommand(options).some((a) => a.startsWith('--cull-admin-users'))).toBe(false);
  }
});

describe('refuses', () => {
  const rows: Row[] = [
    [
      'cullAdminUsers: false without cullUsers (users are not deleted)',
      () => cullerCommand({ cullAdminUsers: false }),
      P('idleCuller.cullAdminUsers'),
    ],
    [
      'a cullAdminUsers that is no boolean (JavaScript)',
      () => cullerCommand({ cullAdminUsers: js('no') }),
      P('idleCuller.cullAdminUsers'),
    ],
  ];
  test.each(rows)('%s', (what, build, message) => expectRefused(what, build, message));
});
