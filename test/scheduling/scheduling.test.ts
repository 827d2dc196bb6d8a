/**
 * The scheduling pieces together (lib/scheduling/scheduling.ts: the names and namespace checks
 * they share): two hubs in one app with every piece, through the schema (1.27, 1.36) and lint
 * checks; their cluster-scoped objects; the errors they share.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, YamlOutputType } from 'cdk8s';
import { ImagePuller, Namespace, synthesize, UserPlaceholders, UserScheduler } from '../../lib';
import { chart, find, Obj } from '../util';
import { hubWith } from '../users/every-single-user';
import { courseA, schedulingChart } from './scheduling-fixture';

describe('scheduling: pre-puller, placeholders, user scheduler, disruption budgets', () => {
  let outdir: string;
  let objs: Obj[];
  beforeAll(() => {
    outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'scheduling-'));
    const app = new App({ outdir, yamlOutputType: YamlOutputType.FILE_PER_CHART });
    schedulingChart(app, 'course-a', 'course-a');
    schedulingChart(app, 'course-b', 'course-b');
    synthesize(app);
    objs = courseA();
  });
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  const checker = (script: string, ...args: string[]) => {
    const r = spawnSync(process.execPath, [path.join(__dirname, '..', 'checkers', script), ...args], {
      encoding: 'utf8',
      cwd: path.join(__dirname, '..', '..'),
    });
    return `${r.stdout}${r.stderr}`;
  };

  test.each([
    ['1.27', 'k8s-1.27'],
    ['1.36', 'k8s-1.36'],
  ])('zero schema errors on Kubernetes %s, two hubs in one app', (version, models) => {
    expect(checker('validate.mjs', '--models', models, '--k8s-version', version, outdir)).toMatch(
      /^\d+ objects, 0 invalid$/m,
    );
  });

  test("zero lint errors but the user servers' NetworkPolicy (their pods are made at run time)", () => {
    const out = checker('lint.mjs', outdir);
    const errors = out
      .split('\n')
      .filter((l) => l.startsWith('error ') && !/^error netpol-selector NetworkPolicy\/singleuser: /.test(l));
    expect(errors).toEqual([]);
    // No container without limits, non-root settings or a read-only root.
    expect(
      out.split('\n').filter((l) => /resource-limits|readonly-root-fs|run-as-root|capabilities-drop/.test(l)),
    ).toEqual([]);
  });

  test('cluster-scoped objects are named after the namespace and release, without a namespace', () => {
    const cluster = objs.filter((o) => ['PriorityClass', 'ClusterRole', 'ClusterRoleBinding'].includes(o.kind));
    expect(cluster.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'ClusterRole/course-a-jupyterhub-user-scheduler',
      'ClusterRoleBinding/course-a-jupyterhub-user-scheduler',
      'PriorityClass/course-a-jupyterhub-default-priority',
      'PriorityClass/course-a-jupyterhub-user-placeholder-priority',
    ]);
    for (const o of cluster) expect(o.metadata.namespace).toBeUndefined();
    expect(find(objs, 'PriorityClass', 'course-a-jupyterhub-user-placeholder-priority').value).toBe(-10);
    expect(find(objs, 'PriorityClass', 'course-a-jupyterhub-default-priority').value).toBe(0);
  });

  test('errors: a hub without a namespace, another namespace, a second scheduler, placeholders above the users', () => {
    const bare = chart();
    const hub = hubWith({}, bare);
    expect(() => hub.addIntegration(new UserPlaceholders(bare, 'p', { replicas: 1 }))).toThrow(
      /has no namespace, and the PriorityClass is cluster-scoped/,
    );
    const c = new Chart(new App(), 'y', { namespace: 'y' });
    const h2 = hubWith({}, c);
    const other = new Namespace(c, 'other');
    expect(() => new ImagePuller(other, 'p', { hub: h2 })).toThrow(/is in namespace 'y', the image puller in 'other'/);
    h2.addIntegration(new UserScheduler(c, 's1'));
    expect(() => h2.addIntegration(new UserScheduler(c, 's2'))).toThrow(
      /sets the user pods' schedulerName a second time/,
    );
    expect(() => new UserPlaceholders(c, 'p2', { replicas: 1, placeholderPriority: 5 })).toThrow(
      /Invalid 'placeholderPriority' \(5\): must be below 'userPriority' \(0\)/,
    );
  });
});
