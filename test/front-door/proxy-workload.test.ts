/**
 * The proxy pod as Zero to JupyterHub's `proxy.labels`, `proxy.annotations` and `proxy.chp.*` shape
 * it (issue 22): the pod's labels, annotations, tolerations, pull secrets and history
 * (`ProxyProps.workload`), CHP's extra env and pull policy, its default and error targets and
 * typed command-line flags (`ProxyProps.chpFlags`); read back from the objects, valid for the
 * Kubernetes API, and the bad input refused with the prop named.
 */
import { Duration } from 'cdk8s';
import { Hub, NginxIngress, Proxy, ProxyProps, PullPolicy } from '../../lib';
import { expectRefused, P, Row } from '../input-checks';
import { strictErrors } from '../strict-schema';
import { anyLogin, container, find, Obj, synthWith, wire } from '../util';

function proxyObjects(props: ProxyProps = {}, nginx = false): Obj[] {
  const objs = synthWith((c) => {
    const doors = nginx ? [new NginxIngress(c, 'nginx')] : [];
    wire(new Hub(c, 'hub', { authenticator: anyLogin() }), new Proxy(c, 'proxy', props), ...doors);
  });
  for (const o of objs) expect(strictErrors(o)).toEqual([]);
  return objs;
}

const deployment = (objs: Obj[]) => find(objs, 'Deployment', 'proxy');
const chp = (objs: Obj[]) => container(deployment(objs), 'chp');

describe('the proxy pod (ProxyProps.workload)', () => {
  test('labels and annotations of the pod (proxy.labels, proxy.annotations), the selector unchanged', () => {
    const d = deployment(
      proxyObjects({ workload: { podLabels: { team: 'data' }, podAnnotations: { 'example.org/owner': 'ops' } } }),
    );
    expect(d.spec.template.metadata.labels).toMatchObject({ team: 'data', component: 'proxy' });
    expect(d.spec.template.metadata.annotations).toEqual({ 'example.org/owner': 'ops' });
    expect(d.spec.selector.matchLabels.team).toBeUndefined();
  });

  test('extra env and the pull policy are CHP’s; a front door in the pod keeps its own', () => {
    const objs = proxyObjects(
      { workload: { extraEnv: { NODE_OPTIONS: '--max-old-space-size=256' }, imagePullPolicy: PullPolicy.ALWAYS } },
      true,
    );
    expect(chp(objs).env).toContainEqual({ name: 'NODE_OPTIONS', value: '--max-old-space-size=256' });
    expect(chp(objs).imagePullPolicy).toBe('Always');
    const nginx = container(deployment(objs), 'nginx');
    expect(nginx.imagePullPolicy).toBe('IfNotPresent');
    expect(nginx.env).toBeUndefined();
  });

  test('tolerations, pull secrets, priority and the history kept (proxy.chp.tolerations, image.pullSecrets, revisionHistoryLimit)', () => {
    const toleration = { key: 'system', operator: 'Exists', effect: 'NoSchedule' };
    const d = deployment(
      proxyObjects({
        workload: {
          tolerations: [toleration],
          imagePullSecrets: ['registry'],
          revisionHistoryLimit: 2,
          priorityClassName: 'core',
        },
      }),
    );
    expect(d.spec.revisionHistoryLimit).toBe(2);
    expect(d.spec.template.spec.tolerations).toEqual([toleration]);
    expect(d.spec.template.spec.imagePullSecrets).toEqual([{ name: 'registry' }]);
    expect(d.spec.template.spec.priorityClassName).toBe('core');
  });

  test('annotations of the ServiceAccount', () => {
    const sa = find(
      proxyObjects({ workload: { serviceAccountAnnotations: { 'iam.gke.io/gcp-service-account': 'p@x.iam' } } }),
      'ServiceAccount',
      'proxy',
    );
    expect(sa.metadata.annotations).toEqual({ 'iam.gke.io/gcp-service-account': 'p@x.iam' });
  });

  test('without it, the pod is as before', () => {
    const d = deployment(proxyObjects());
    expect(d.spec.revisionHistoryLimit).toBeUndefined();
    expect(d.spec.template.spec.tolerations).toBeUndefined();
    expect(chp(proxyObjects()).imagePullPolicy).toBe('IfNotPresent');
  });
});

describe("CHP's targets and flags", () => {
  test('defaultTarget and errorTarget replace the hub as --default-target and --error-target', () => {
    const cmd = chp(
      proxyObjects({ defaultTarget: 'http://maintenance:8080', errorTarget: 'http://errors.jhub.svc:9000/errors' }),
    ).command;
    expect(cmd).toContain('--default-target=http://maintenance:8080');
    expect(cmd).toContain('--error-target=http://errors.jhub.svc:9000/errors');
  });

  test('by default both are the hub', () => {
    const cmd = chp(proxyObjects()).command;
    expect(cmd).toContain('--default-target=http://hub:8081');
    expect(cmd).toContain('--error-target=http://hub:8081/hub/error');
  });

  test('chpFlags: timeouts in milliseconds, custom headers one flag each, sorted', () => {
    const cmd = chp(
      proxyObjects({
        chpFlags: {
          timeout: Duration.minutes(5),
          proxyTimeout: Duration.seconds(30),
          keepAliveTimeout: Duration.seconds(5),
          customHeaders: { 'X-Hub': 'main', 'X-A': 'b c' },
          xForward: false,
          autoRewrite: true,
        },
      }),
    ).command;
    expect(cmd.slice(8)).toEqual([
      '--timeout=300000',
      '--proxy-timeout=30000',
      '--keep-alive-timeout=5000',
      '--custom-header=X-A:b c',
      '--custom-header=X-Hub:main',
      '--no-x-forward',
      '--auto-rewrite',
    ]);
  });
});

describe('refuses bad input, naming the prop', () => {
  const build = (props: ProxyProps) => () => proxyObjects(props);
  const rows: Row[] = [
    [
      'a label the library sets',
      build({ workload: { podLabels: { component: 'x' } } }),
      P('workload.podLabels.component'),
    ],
    [
      "the proxy's token variable",
      build({ workload: { extraEnv: { CONFIGPROXY_AUTH_TOKEN: 'x' } } }),
      P('workload.extraEnv.CONFIGPROXY_AUTH_TOKEN'),
    ],
    ['a negative history', build({ workload: { revisionHistoryLimit: -1 } }), P('workload.revisionHistoryLimit')],
    ['a default target that is no URL', build({ defaultTarget: 'hub:8081' }), P('defaultTarget')],
    ['an error target with a space', build({ errorTarget: 'http://a b/' }), P('errorTarget')],
    ['an ftp error target', build({ errorTarget: 'ftp://errors/' }), P('errorTarget')],
    ['a timeout below a millisecond', build({ chpFlags: { timeout: Duration.millis(0) } }), P('chpFlags.timeout')],
    ['a header name with a colon', build({ chpFlags: { customHeaders: { 'X:Y': 'v' } } }), P('chpFlags.customHeaders')],
    [
      'a header value with a newline',
      build({ chpFlags: { customHeaders: { 'X-Y': 'a\nb' } } }),
      P('chpFlags.customHeaders.X-Y'),
    ],
  ];
  test.each(rows)('%s', (what, b, message) => expectRefused(what, b, message));
});
