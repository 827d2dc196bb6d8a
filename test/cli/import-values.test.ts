/**
 * Reading a values file for the import: its leaves with the chart key each is of, and an unknown
 * key as an error that names the key and the nearest valid one (as the library's prop errors do).
 */
import { readValues } from '../../lib/cli/import-values';

const keys = (text: string) => readValues(text, 'values.yaml').leaves.map((l) => `${l.key} <- ${l.schemaKey}`);

test('leaves are the values that are no non-empty mapping, each with the chart key it is of', () => {
  expect(
    keys(`
singleuser:
  memory: { limit: 2G }
  extraEnv: { EDITOR: vim }
  profileList: [{ display_name: Small }]
hub:
  config:
    GitHubOAuthenticator: { client_id: abc }
  services:
    grafana: { apiToken: t }
`),
  ).toEqual([
    'singleuser.memory.limit <- singleuser.memory.limit',
    'singleuser.extraEnv.EDITOR <- singleuser.extraEnv',
    'singleuser.profileList <- singleuser.profileList',
    'hub.config.GitHubOAuthenticator.client_id <- hub.config',
    'hub.services.grafana.apiToken <- hub.services.apiToken',
  ]);
});

test('a daskhub file: jupyterhub: is z2jh, dask-gateway: is the dask-gateway chart', () => {
  const { leaves, daskhub } = readValues(
    'jupyterhub:\n  singleuser:\n    defaultUrl: /lab\ndask-gateway:\n  gateway:\n    loglevel: INFO\n',
    'config.yaml',
  );
  expect(daskhub).toBe(true);
  expect(leaves.map((l) => [l.key, l.chart, l.schemaKey])).toEqual([
    ['jupyterhub.singleuser.defaultUrl', 'z2jh', 'singleuser.defaultUrl'],
    ['dask-gateway.gateway.loglevel', 'dask-gateway', 'gateway.loglevel'],
  ]);
});

test('an unknown key is an error naming it and the nearest valid key', () => {
  expect(() => keys('singleuser:\n  memroy:\n    limit: 2G\n')).toThrow(
    'import: values.yaml: unknown key singleuser.memroy; did you mean singleuser.memory?',
  );
  expect(() => keys('singleuser:\n  memory:\n    limt: 2G\n')).toThrow(
    /unknown key singleuser\.memory\.limt; did you mean singleuser\.memory\.limit\?/,
  );
  expect(() => keys('hub:\n  config:\n    lowercase: {}\n')).toThrow(/unknown key hub\.config\.lowercase/);
  expect(() => keys('hub:\n  services:\n    grafana:\n      apiTokn: t\n')).toThrow(
    /unknown key hub\.services\.grafana\.apiTokn; did you mean hub\.services\.grafana\.apiToken\?/,
  );
  expect(() => readValues('jupyterhub: {}\ndask-gatway: {}\n', 'config.yaml')).toThrow(
    /unknown key dask-gatway; did you mean dask-gateway\?/,
  );
});

test('a file that is no YAML mapping is an error naming the file', () => {
  expect(() => readValues('- a\n- b\n', 'values.yaml')).toThrow('import: values.yaml is no mapping of values');
  expect(() => readValues('a: [\n', 'values.yaml')).toThrow(/^import: values.yaml is no YAML/);
});
