/**
 * A hub-managed service (issue 22, z2jh `hub.services.<name>.command`): `HubServiceProps.command`
 * becomes the service's `command` in `c.JupyterHub.services`, which JupyterHub 5.5 runs as a
 * process of the hub container.
 */
import { HubScope, HubService } from '../../lib';
import { expectRefused, hubIn, js, P, Row } from '../input-checks';
import { checkTraitsInPython } from '../trait-check';
import { loadHubConfig } from '../users/kubespawner-make-pod';
import { chart } from '../util';

function configWith(command?: string[]): string {
  const c = chart('course');
  const hub = hubIn(c, 'hub');
  hub.addIntegration(new HubService(c, 'reports', { name: 'reports', command, scopes: [HubScope.LIST_USERS] }));
  return hub.config;
}
const reports = (config: string) => loadHubConfig(config).JupyterHub.services.find((s: any) => s.name === 'reports');

test('command is the managed service command of the hub config, argument for argument; the config passes the trait check', () => {
  const config = configWith(['python3', '-m', 'reports', '--title={not a template}']);
  expect(reports(config).command).toEqual(['python3', '-m', 'reports', '--title={not a template}']);
  expect(checkTraitsInPython(config, 'hub').errors).toEqual([]);
});

test('without it the service is not run by the hub', () => {
  expect(reports(configWith())).not.toHaveProperty('command');
});

describe('refuses', () => {
  const rows: Row[] = [
    ['an empty command', () => configWith([]), P('command')],
    ['an empty argument', () => configWith(['python3', '']), P('command')],
    ['an argument with a NUL character', () => configWith(['python3', 'a\0b']), P('command[1]')],
    ['a command that is no list (JavaScript)', () => configWith(js('python3 -m reports')), P('command')],
  ];
  test.each(rows)('%s', (what, build, message) => expectRefused(what, build, message));
});
