/**
 * CHP's liveness and readiness probes (Zero to JupyterHub's `proxy.chp.livenessProbe` and
 * `proxy.chp.readinessProbe`, issue 22): the library's check with the user's timing over it, or
 * none; the bad input refused with the prop named.
 */
import { Duration } from 'cdk8s';
import { Hub, Proxy, ProxyProps } from '../../lib';
import { expectRefused, P, Row } from '../input-checks';
import { strictErrors } from '../strict-schema';
import { anyLogin, container, find, synthWith, wire } from '../util';

function chp(props: ProxyProps): any {
  const objs = synthWith((c) => wire(new Hub(c, 'hub', { authenticator: anyLogin() }), new Proxy(c, 'proxy', props)));
  const d = find(objs, 'Deployment', 'proxy');
  expect(strictErrors(d)).toEqual([]);
  return container(d, 'chp');
}

const check = { httpGet: { path: '/_chp_healthz', port: 'http' } };

test("by default Zero to JupyterHub's numbers", () => {
  const c = chp({});
  expect(c.livenessProbe).toEqual({
    ...check,
    initialDelaySeconds: 60,
    periodSeconds: 10,
    failureThreshold: 30,
    timeoutSeconds: 3,
  });
  expect(c.readinessProbe).toEqual({ ...check, periodSeconds: 2, failureThreshold: 1000, timeoutSeconds: 1 });
});

test('the given fields replace the library’s, the others stay', () => {
  const c = chp({
    livenessProbe: { initialDelay: Duration.seconds(5), failureThreshold: 3 },
    readinessProbe: { period: Duration.seconds(10), timeout: Duration.seconds(2) },
  });
  expect(c.livenessProbe).toEqual({
    ...check,
    initialDelaySeconds: 5,
    periodSeconds: 10,
    failureThreshold: 3,
    timeoutSeconds: 3,
  });
  expect(c.readinessProbe).toEqual({ ...check, periodSeconds: 10, failureThreshold: 1000, timeoutSeconds: 2 });
});

test('enabled: false leaves the probe out', () => {
  const c = chp({ livenessProbe: { enabled: false }, readinessProbe: { enabled: false } });
  expect(c.livenessProbe).toBeUndefined();
  expect(c.readinessProbe).toBeUndefined();
});

describe('refuses bad input, naming the prop', () => {
  const rows: Row[] = [
    ['a period of 0', () => chp({ livenessProbe: { period: Duration.seconds(0) } }), P('livenessProbe.period')],
    ['half a second', () => chp({ readinessProbe: { timeout: Duration.millis(500) } }), P('readinessProbe.timeout')],
    ['no failures allowed', () => chp({ livenessProbe: { failureThreshold: 0 } }), P('livenessProbe.failureThreshold')],
    [
      'timing of a disabled probe',
      () => chp({ readinessProbe: { enabled: false, period: Duration.seconds(3) } }),
      P('readinessProbe.period'),
    ],
  ];
  test.each(rows)('%s', (what, b, message) => expectRefused(what, b, message));
});
