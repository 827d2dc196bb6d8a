/**
 * The environment of the users' servers beyond literal values (issue 22, z2jh #1103, #1757,
 * #2097, #2817): `singleUser.secretEnv` takes a variable from a key of a Secret, by reference
 * (`valueFrom.secretKeyRef`: the value never reaches the config or dist/), and
 * `singleUser.templatedEnv` takes a KubeSpawner template expanded per server (`{username}`, ...).
 */
import { Hub, SingleUserServerApp } from '../../lib';
import { expectRefused, hubIn, js, P, Row } from '../input-checks';
import { checkTraitsInPython } from '../trait-check';
import { chart, synth } from '../util';
import { loadHubConfig } from './kubespawner-make-pod';

type SingleUser = NonNullable<ConstructorParameters<typeof Hub>[2]['singleUser']>;
const configOf = (singleUser: SingleUser) => hubIn(chart('course'), 'hub', { singleUser }).config;

describe('secretEnv and templatedEnv', () => {
  const singleUser: SingleUser = {
    extraEnv: { EDITOR: 'vim' },
    secretEnv: { DB_PASSWORD: { secretName: 'course-db', key: 'password' } },
    templatedEnv: { SCRATCH: '/scratch/{username}' },
  };

  test('reach KubeSpawner.environment: the Secret by reference, the template as given, beside extraEnv', () => {
    const env = loadHubConfig(configOf(singleUser)).KubeSpawner.environment;
    expect(env).toEqual({
      EDITOR: 'vim',
      DB_PASSWORD: { valueFrom: { secretKeyRef: { name: 'course-db', key: 'password' } } },
      SCRATCH: '/scratch/{username}',
    });
  });

  test('the generated config passes the trait check against the pinned fixtures', () => {
    expect(checkTraitsInPython(configOf(singleUser), 'hub').errors).toEqual([]);
  });

  test('no Secret value is written: only its name and key', () => {
    const c = chart('course');
    hubIn(c, 'hub', { singleUser });
    const text = JSON.stringify(synth(c));
    expect(text).toContain('course-db');
    expect(text).not.toMatch(/valueFrom[^}]*value"/);
  });
});

describe('refuses', () => {
  const rows: Row[] = [
    [
      'an env name that is not one',
      () => configOf({ secretEnv: { 'DB PASSWORD': { secretName: 's', key: 'k' } } }),
      P('singleUser.secretEnv'),
    ],
    [
      'a Secret name that is no DNS subdomain',
      () => configOf({ secretEnv: { DB: { secretName: 'Course_DB', key: 'k' } } }),
      P("singleUser.secretEnv['DB'].secretName"),
    ],
    [
      'a key that is no Secret key',
      () => configOf({ secretEnv: { DB: { secretName: 's', key: 'a/b' } } }),
      P("singleUser.secretEnv['DB'].key"),
    ],
    [
      'a reference without a key (JavaScript)',
      () => configOf({ secretEnv: { DB: js({ secretName: 's' }) } }),
      P("singleUser.secretEnv['DB'].key"),
    ],
    [
      'a placeholder KubeSpawner does not know',
      () => configOf({ templatedEnv: { HOME_DIR: '/home/{user}' } }),
      P("singleUser.templatedEnv['HOME_DIR']"),
    ],
    [
      'an unbalanced brace',
      () => configOf({ templatedEnv: { CONF: '{"a": 1' } }),
      P("singleUser.templatedEnv['CONF']"),
    ],
    [
      'a name set twice, literal and from a Secret',
      () => configOf({ extraEnv: { DB: 'x' }, secretEnv: { DB: { secretName: 's', key: 'k' } } }),
      P('singleUser.secretEnv'),
    ],
    [
      'a name set twice, literal and templated',
      () => configOf({ extraEnv: { DB: 'x' }, templatedEnv: { DB: '{username}' } }),
      P('singleUser.templatedEnv'),
    ],
    [
      'a name the typed props derive',
      () =>
        configOf({ serverApp: SingleUserServerApp.JUPYTER_SERVER, templatedEnv: { JUPYTERHUB_SINGLEUSER_APP: 'x' } }),
      P('singleUser.templatedEnv'),
    ],
  ];
  test.each(rows)('%s', (what, build, message) => expectRefused(what, build, message));
});
