/**
 * The hub pod's extras (issue 22, z2jh #1915, #1266, #436): `extraEnv` and `secretEnv` of the hub
 * container, `extraFiles` mounted from a ConfigMap of the hub, `templatePaths` and `templateVars`
 * (custom login pages). They are one integration of the hub, through the same slots as every
 * other (hubEnv, hubSecretEnv, hubVolumes, hubVolumeMounts, templatePaths, hubTraits).
 */
import { Hub } from '../../lib';
import { expectRefused, hubIn, js, P, Row } from '../input-checks';
import { checkTraitsInPython } from '../trait-check';
import { loadHubConfig } from '../users/kubespawner-make-pod';
import { strictErrors } from '../strict-schema';
import { chart, container, find, synth } from '../util';

type HubPropsPart = Partial<ConstructorParameters<typeof Hub>[2]>;
const LOGIN = '{% extends "templates/login.html" %}\n{% block login %}<p>{{ course }}</p>{{ super() }}{% endblock %}\n';
const props: HubPropsPart = {
  extraEnv: { TZ: 'Europe/Paris' },
  secretEnv: { SMTP_PASSWORD: { secretName: 'course-smtp', key: 'password' } },
  extraFiles: [{ path: '/usr/local/share/jupyterhub/custom/login.html', content: LOGIN }],
  templatePaths: ['/usr/local/share/jupyterhub/custom'],
  templateVars: { course: 'Geology 101' },
};

function built(p: HubPropsPart = props) {
  const c = chart('course');
  const hub = hubIn(c, 'hub', p);
  return { hub, objs: synth(c) };
}

describe('the hub pod extras', () => {
  test('extraEnv and secretEnv are env vars of the hub container; the Secret only by reference', () => {
    const { objs } = built();
    const hub = container(find(objs, 'Deployment', 'hub'), 'hub');
    const byName = (n: string) => hub.env.find((e: any) => e.name === n);
    expect(byName('TZ')).toEqual({ name: 'TZ', value: 'Europe/Paris' });
    expect(byName('SMTP_PASSWORD')).toEqual({
      name: 'SMTP_PASSWORD',
      valueFrom: { secretKeyRef: { name: 'course-smtp', key: 'password' } },
    });
  });

  /** The ConfigMap of the extra files (named after its content). */
  const filesMap = (objs: ReturnType<typeof built>['objs']) =>
    objs.find((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('hub-files-'))!;

  test('extraFiles are keys of a ConfigMap hub-files-<hash>, each mounted read-only at its path', () => {
    const { objs } = built();
    const name = filesMap(objs).metadata.name;
    expect(name).toMatch(/^hub-files-[0-9a-f]{10}$/);
    expect(filesMap(objs).data).toEqual({ 'file-0': LOGIN });
    const deployment = find(objs, 'Deployment', 'hub');
    const mount = container(deployment, 'hub').volumeMounts.find((m: any) => m.name === 'hub-files');
    expect(mount).toEqual({
      name: 'hub-files',
      mountPath: '/usr/local/share/jupyterhub/custom/login.html',
      subPath: 'file-0',
      readOnly: true,
    });
    expect(deployment.spec.template.spec.volumes).toContainEqual({
      name: 'hub-files',
      configMap: { name },
    });
  });

  test("a file's new content rolls the hub out: a new ConfigMap, named in the pod template (a subPath mount never sees an update)", () => {
    const before = built();
    const after = built({
      ...props,
      extraFiles: [{ path: '/usr/local/share/jupyterhub/custom/login.html', content: 'new' }],
    });
    const volume = (objs: ReturnType<typeof built>['objs']) =>
      find(objs, 'Deployment', 'hub').spec.template.spec.volumes.find((v: any) => v.name === 'hub-files').configMap
        .name;
    expect(volume(after.objs)).not.toBe(volume(before.objs));
    expect(volume(after.objs)).toBe(filesMap(after.objs).metadata.name);
    expect(built().objs).toEqual(before.objs); // deterministic
  });

  test('templatePaths and templateVars reach c.JupyterHub, pass the trait check and read back', () => {
    const { hub } = built();
    expect(checkTraitsInPython(hub.config, 'hub').errors).toEqual([]);
    expect(loadHubConfig(hub.config).JupyterHub).toMatchObject({
      template_paths: ['/usr/local/share/jupyterhub/custom'],
      template_vars: { course: 'Geology 101' },
    });
  });

  test('every object passes the strict Kubernetes schema', () => {
    expect(built().objs.flatMap((o) => strictErrors(o))).toEqual([]);
  });

  test('a hub without extras renders no hub-files ConfigMap', () => {
    const { objs } = built({});
    expect(objs.filter((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('hub-files'))).toEqual([]);
  });
});

describe('refuses', () => {
  const rows: Row[] = [
    ['an env name that is not one', () => built({ extraEnv: { 'A B': 'x' } }), P('extraEnv')],
    ['an env var the hub sets itself', () => built({ extraEnv: { PYTHONUNBUFFERED: '0' } }), /PYTHONUNBUFFERED/],
    [
      'a name in both extraEnv and secretEnv',
      () => built({ extraEnv: { A: 'x' }, secretEnv: { A: { secretName: 's', key: 'k' } } }),
      P('secretEnv'),
    ],
    [
      'a Secret name that is no DNS subdomain',
      () => built({ secretEnv: { A: { secretName: 'S_1', key: 'k' } } }),
      P("secretEnv['A'].secretName"),
    ],
    [
      'a relative file path',
      () => built({ extraFiles: [{ path: 'templates/login.html', content: 'x' }] }),
      P('extraFiles[0].path'),
    ],
    [
      'a file path given twice',
      () =>
        built({
          extraFiles: [
            { path: '/a/b', content: 'x' },
            { path: '/a/b', content: 'y' },
          ],
        }),
      P('extraFiles[1].path'),
    ],
    [
      'a file over the hub config mount',
      () => built({ extraFiles: [{ path: '/etc/jupyterhub/jupyterhub_config.py', content: 'x' }] }),
      /etc\/jupyterhub/,
    ],
    [
      'content that is not a string (JavaScript)',
      () => built({ extraFiles: [js({ path: '/a/b', content: 1 })] }),
      /extraFiles\[0\]\.content/,
    ],
    [
      'files over the 1 MiB of a ConfigMap',
      () => built({ extraFiles: [{ path: '/a/b', content: 'x'.repeat(1048577) }] }),
      P('extraFiles'),
    ],
    ['a relative template path', () => built({ templatePaths: ['templates'] }), P('templatePaths[0]')],
    ['a template var that is no identifier', () => built({ templateVars: { 'a-b': 'x' } }), P('templateVars')],
  ];
  test.each(rows)('%s', (what, build, message) => expectRefused(what, build, message));
});
