/**
 * HubDatabase: the hub's database (sqlite on a claim, in memory, or an external PostgreSQL or
 * MySQL with its password from a Secret); the bad input it refuses, naming the prop.
 */
import { App, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Hub, HubDatabase, Proxy } from '../../lib';
import { chartIn, expectAccepted, expectRefused, Good, js, none, P, Row } from '../input-checks';
import { anyLogin, chart, container, env, find, Obj, synthWith } from '../util';

/** A hub with its proxy (a hub alone fails validation: nobody could reach it). */
function hubChart(props: Partial<ConstructorParameters<typeof Hub>[2]> = {}): Obj[] {
  return synthWith((c) =>
    new Hub(c, 'hub', { authenticator: anyLogin(), ...props }).addIntegration(new Proxy(c, 'proxy')),
  );
}
const hub = (props: object) => () => new Hub(chart(), 'hub', { authenticator: anyLogin(), ...(props as any) });
/** One hub with its proxy in a chart with a namespace, from the given Hub props. */
const oneHub =
  (props: Partial<ConstructorParameters<typeof Hub>[2]> = {}) =>
  (a: App) => {
    const c = chartIn(a, 'c', 'course');
    new Hub(c, 'hub', { authenticator: anyLogin(), ...props }).addIntegration(new Proxy(c, 'proxy'));
  };

describe('HubDatabase', () => {
  test('sqlite on a claim with a typed size and storage class', () => {
    const objs = hubChart({
      database: HubDatabase.sqlitePvc({ size: Size.gibibytes(2), storageClassName: 'standard' }),
    });
    expect(find(objs, 'PersistentVolumeClaim', 'hub-db-dir').spec).toMatchObject({
      storageClassName: 'standard',
      resources: { requests: { storage: '2Gi' } },
    });
  });

  test('external: URL in the config, password from a Secret, the port opened in the NetworkPolicy, no claim', () => {
    const objs = synthWith((c) => {
      const password = { secret: kplus.Secret.fromSecretName(c, 'pw', 'db-credentials'), key: 'password' };
      new Hub(c, 'hub', {
        authenticator: anyLogin(),
        database: HubDatabase.external({ url: 'postgresql://hub@db:5432/hub', password }),
      }).addIntegration(new Proxy(c, 'proxy'));
    });
    expect(objs.some((o) => o.kind === 'PersistentVolumeClaim')).toBe(false);
    const hub = container(find(objs, 'Deployment', 'hub'), 'hub');
    expect(env(hub, 'PGPASSWORD')).toEqual({ secretKeyRef: { name: 'db-credentials', key: 'password' } });
    expect(find(objs, 'ConfigMap', 'hub-config').data['jupyterhub_config.py']).toContain(
      'c.JupyterHub.db_url = "postgresql://hub@db:5432/hub"',
    );
    expect(find(objs, 'NetworkPolicy', 'hub').spec.egress).toContainEqual({
      ports: [{ protocol: 'TCP', port: 5432 }],
    });
  });

  test('in memory: an emptyDir, no claim', () => {
    const objs = hubChart({ database: HubDatabase.sqliteMemory() });
    expect(objs.some((o) => o.kind === 'PersistentVolumeClaim')).toBe(false);
    expect(find(objs, 'Deployment', 'hub').spec.template.spec.volumes).toContainEqual({ name: 'db', emptyDir: {} });
  });
});

const refusals: Row[] = [
  // Wrong types from JavaScript
  ["database: 'sqlite'", hub({ database: 'sqlite' }), P('database')],
  [
    'database: a factory not called',
    hub({ database: HubDatabase.sqlitePvc }),
    /^Invalid 'database' \(function sqlitePvc\)/,
  ],
  ["HubDatabase.sqlitePvc({ size: '1Gi' })", () => HubDatabase.sqlitePvc({ size: js('1Gi') }), P('options.size')],
  ['HubDatabase.external() without options', () => HubDatabase.external(js(undefined)), P('options')],
  ['HubDatabase.external({ url: 5 })', () => HubDatabase.external(js({ url: 5 })), P('options.url')],
  [
    "HubDatabase.external({ port: '5432' })",
    () => HubDatabase.external(js({ url: 'postgresql://hub@db/hub', port: '5432' })),
    P('options.port'),
  ],
  [
    'a database password as a string',
    () => HubDatabase.external(js({ url: 'postgresql://hub@db/hub', password: 'secret' })),
    P('options.password'),
  ],
  // Values that reach a Kubernetes field without that field's rule
  [
    'a database password Secret without a name (a plain object)',
    hub({
      database: HubDatabase.external({ url: 'postgresql://hub@db/hub', password: js({ secret: {}, key: 'pw' }) }),
    }),
    P('database.password'),
  ],
  [
    'a database password key with a space',
    hub({
      database: HubDatabase.external({
        url: 'postgresql://hub@db/hub',
        password: { secret: kplus.Secret.fromSecretName(chart(), 's', 'db'), key: 'pass word' },
      }),
    }),
    P('database.password.key'),
  ],
  [
    'database port 70000',
    hub({ database: HubDatabase.external({ url: 'postgresql://hub@db/hub', port: 70000 }) }),
    P('database.port'),
  ],
  ['database size of zero', hub({ database: HubDatabase.sqlitePvc({ size: Size.gibibytes(0) }) }), P('database.size')],
  [
    "database storageClassName 'Fast SSD'",
    hub({ database: HubDatabase.sqlitePvc({ storageClassName: 'Fast SSD' }) }),
    P('database.storageClassName'),
  ],
  // Construction errors naming the prop, the value and the fix
  [
    'a storage class that is not a DNS name',
    hub({ database: HubDatabase.sqlitePvc({ storageClassName: 'Fast SSD' }) }),
    /Invalid 'database.storageClassName' \('Fast SSD'\): must be a DNS-1123 subdomain/,
  ],
  [
    'a database URL with a password in it',
    hub({ database: HubDatabase.external({ url: 'postgresql://hub:s3cret@db/hub' }) }),
    /Invalid 'database.url' \('postgresql:\/\/hub:\*\*\*@db\/hub'\): must not contain a password .*put it in a Secret and pass 'password'/,
  ],
  [
    'a database URL of an unsupported kind',
    hub({ database: HubDatabase.external({ url: 'oracle://db/hub' }) }),
    /Invalid 'database.url' \('oracle:\/\/db\/hub'\): must be a PostgreSQL or MySQL/,
  ],
];

describe('refuses bad input, naming the prop', () => {
  test.each(refusals)('%s', expectRefused);
});

const accepted: Good[] = [
  [
    "an external PostgreSQL with a driver and port ('postgresql+psycopg://hub@db.example.org:6432/hub')",
    oneHub({
      database: HubDatabase.external({ url: 'postgresql+psycopg://hub@db.example.org:6432/hub' }),
    }),
    none,
  ],
  [
    "an empty database storage class ('': no dynamic provisioning)",
    oneHub({ database: HubDatabase.sqlitePvc({ storageClassName: '' }) }),
    none,
  ],
];

describe('accepts good input a user would expect to work: synthesizes, passes the strict schema, reads the same in YAML 1.1', () => {
  test.each(accepted)('%s', expectAccepted);
});
