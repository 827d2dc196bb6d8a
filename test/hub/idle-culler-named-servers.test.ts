/**
 * Named servers (issue 22, z2jh `hub.allowNamedServers`, `hub.namedServerLimitPerUser`,
 * `cull.removeNamedServers`): the hub's traits allow them, and the idle culler removes the named
 * servers it culls (`--remove-named-servers`) when `idleCuller.removeNamedServers` is set.
 */
import { expectRefused, hubIn, js, P, Row } from '../input-checks';
import { checkTraitsInPython } from '../trait-check';
import { loadHubConfig } from '../users/kubespawner-make-pod';
import { chart } from '../util';

const configOf = (removeNamedServers?: boolean) =>
  hubIn(chart('course'), 'hub', {
    traits: { jupyterHub: { allowNamedServers: true, namedServerLimitPerUser: 3 } },
    idleCuller: removeNamedServers === undefined ? {} : { removeNamedServers },
  }).config;
const cullerCommand = (config: string): string[] =>
  loadHubConfig(config).JupyterHub.services.find((s: any) => s.name === 'jupyterhub-idle-culler').command;

test('idleCuller.removeNamedServers adds --remove-named-servers to the culler; the config passes the trait check', () => {
  const config = configOf(true);
  expect(cullerCommand(config)).toContain('--remove-named-servers');
  const check = checkTraitsInPython(config, 'hub');
  expect(check.errors).toEqual([]);
  expect(check.values.JupyterHub).toMatchObject({ allow_named_servers: true, named_server_limit_per_user: 3 });
});

test('by default the culler stops named servers and keeps them', () => {
  expect(cullerCommand(configOf())).not.toContain('--remove-named-servers');
  expect(cullerCommand(configOf(false))).not.toContain('--remove-named-servers');
});

describe('refuses', () => {
  const rows: Row[] = [
    [
      'a removeNamedServers that is no boolean (JavaScript)',
      () => configOf(js('yes')),
      P('idleCuller.removeNamedServers'),
    ],
  ];
  test.each(rows)('%s', (what, build, message) => expectRefused(what, build, message));
});
