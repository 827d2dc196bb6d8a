/**
 * The hub container's probes and lifecycle hooks and the hub Deployment's strategy (issue 22,
 * z2jh `hub.livenessProbe`, `hub.readinessProbe`, `hub.lifecycle.postStart`/`preStop`,
 * `hub.deploymentStrategy.type`).
 */
import { Duration } from 'cdk8s';
import { Hub, HubDatabase, HubDeploymentStrategy } from '../../lib';
import { expectRefused, hubIn, js, P, Row } from '../input-checks';
import { strictErrors } from '../strict-schema';
import { chart, container, find, synth } from '../util';

type HubPropsPart = Partial<ConstructorParameters<typeof Hub>[2]>;

function deploymentOf(p: HubPropsPart) {
  const c = chart('course');
  hubIn(c, 'hub', p);
  const objs = synth(c);
  expect(objs.flatMap((o) => strictErrors(o))).toEqual([]);
  return find(objs, 'Deployment', 'hub');
}
const hubContainer = (p: HubPropsPart) => container(deploymentOf(p), 'hub');

describe('probes', () => {
  test("by default, Zero to JupyterHub's numbers on GET <baseUrl>hub/health", () => {
    const hub = hubContainer({ baseUrl: '/jh/' });
    const get = { path: '/jh/hub/health', port: 'http' };
    expect(hub.livenessProbe).toEqual({
      httpGet: get,
      initialDelaySeconds: 300,
      periodSeconds: 10,
      timeoutSeconds: 3,
      failureThreshold: 30,
    });
    expect(hub.readinessProbe).toEqual({ httpGet: get, periodSeconds: 2, timeoutSeconds: 1, failureThreshold: 1000 });
  });

  test('the numbers given replace the defaults, each on its own', () => {
    const hub = hubContainer({
      livenessProbe: { initialDelay: Duration.seconds(60), timeout: Duration.seconds(5) },
      readinessProbe: { initialDelay: Duration.seconds(0), period: Duration.seconds(5), failureThreshold: 100 },
    });
    expect(hub.livenessProbe).toMatchObject({
      initialDelaySeconds: 60,
      periodSeconds: 10,
      timeoutSeconds: 5,
      failureThreshold: 30,
    });
    expect(hub.readinessProbe).toMatchObject({
      initialDelaySeconds: 0,
      periodSeconds: 5,
      timeoutSeconds: 1,
      failureThreshold: 100,
    });
  });

  test('enabled: false removes a probe', () => {
    const hub = hubContainer({ livenessProbe: { enabled: false }, readinessProbe: { enabled: false } });
    expect(hub.livenessProbe).toBeUndefined();
    expect(hub.readinessProbe).toBeUndefined();
  });
});

describe('lifecycle hooks', () => {
  test('postStartCommand and preStopCommand are exec hooks of the hub container', () => {
    const hub = hubContainer({ postStartCommand: ['sh', '-c', 'echo up'], preStopCommand: ['sleep', '5'] });
    expect(hub.lifecycle).toEqual({
      postStart: { exec: { command: ['sh', '-c', 'echo up'] } },
      preStop: { exec: { command: ['sleep', '5'] } },
    });
  });

  test('none by default', () => {
    expect(hubContainer({}).lifecycle).toBeUndefined();
  });
});

describe('deploymentStrategy', () => {
  test('Recreate by default', () => {
    expect(deploymentOf({}).spec.strategy).toEqual({ type: 'Recreate' });
  });

  test('RollingUpdate with a database two pods can open (Kubernetes default numbers: one extra pod)', () => {
    const d = deploymentOf({
      deploymentStrategy: HubDeploymentStrategy.ROLLING_UPDATE,
      database: HubDatabase.external({ url: 'postgresql://jupyterhub@db:5432/jupyterhub' }),
    });
    expect(d.spec.strategy).toEqual({ type: 'RollingUpdate' });
  });
});

describe('refuses', () => {
  const rows: Row[] = [
    [
      'RollingUpdate with sqlite on its claim',
      () => deploymentOf({ deploymentStrategy: HubDeploymentStrategy.ROLLING_UPDATE }),
      P('deploymentStrategy'),
    ],
    [
      'an unknown strategy (JavaScript)',
      () => deploymentOf({ deploymentStrategy: js('Canary') }),
      P('deploymentStrategy'),
    ],
    [
      'a period below one second',
      () => deploymentOf({ livenessProbe: { period: Duration.millis(500) } }),
      P('livenessProbe.period'),
    ],
    [
      'a failure threshold of 0',
      () => deploymentOf({ readinessProbe: { failureThreshold: 0 } }),
      P('readinessProbe.failureThreshold'),
    ],
    [
      'numbers of a disabled probe',
      () => deploymentOf({ livenessProbe: { enabled: false, period: Duration.seconds(5) } }),
      P('livenessProbe.period'),
    ],
    ['a probe that is no object (JavaScript)', () => deploymentOf({ livenessProbe: js(true) }), P('livenessProbe')],
    ['an empty hook', () => deploymentOf({ postStartCommand: [] }), P('postStartCommand')],
    ['a hook with an empty argument', () => deploymentOf({ preStopCommand: ['sleep', ''] }), P('preStopCommand')],
  ];
  test.each(rows)('%s', (what, build, message) => expectRefused(what, build, message));
});
