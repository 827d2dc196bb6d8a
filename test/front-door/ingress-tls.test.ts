/**
 * IngressTls: where nginx's certificate comes from (a Secret, cert-manager, or a source of your own
 * that implements bind()); the bad input it refuses, naming the prop. IngressTls.acme() has
 * acme.test.ts beside this file.
 */
import { App } from 'cdk8s';
import { ServiceType } from 'cdk8s-plus-27';
import {
  Hub,
  IngressTls,
  IngressTlsConfig,
  IngressTlsContext,
  NginxIngress,
  NginxIngressMode,
  NginxIngressProps,
  Proxy,
} from '../../lib';
import { chartIn, expectAccepted, expectRefused, Good, js, none, P, Row } from '../input-checks';
import { anyLogin, chart, find, Obj, synthWith, wire } from '../util';

function nginxChart(
  props: NginxIngressProps = {},
  proxyType = ServiceType.NODE_PORT,
): { objs: Obj[]; nginx: NginxIngress } {
  let nginx!: NginxIngress;
  const objs = synthWith((c) => {
    const hub = new Hub(c, 'hub', { authenticator: anyLogin() });
    const proxy = new Proxy(c, 'proxy', {
      serviceType: proxyType,
      nodePort: proxyType === ServiceType.CLUSTER_IP ? undefined : 32020,
    });
    nginx = new NginxIngress(c, 'nginx', props);
    proxy.addFrontDoor(nginx);
    hub.addIntegration(proxy);
  });
  return { objs, nginx };
}

describe('a TLS source of your own: a subclass of IngressTls that implements bind()', () => {
  class OperatorTls extends IngressTls {
    public readonly seen: IngressTlsContext[] = [];
    public bind(context: IngressTlsContext): IngressTlsConfig {
      this.seen.push(context);
      return { secretName: 'hub-tls-from-operator', description: 'OperatorTls' };
    }
  }

  test('sidecar mode mounts its Secret; the source is told the host', () => {
    const tls = new OperatorTls();
    const { objs } = nginxChart({ host: 'hub.example.org', tls });
    expect(tls.seen).toEqual([{ host: 'hub.example.org' }]);
    expect(find(objs, 'Deployment', 'proxy').spec.template.spec.volumes).toContainEqual({
      name: 'nginx-tls',
      secret: { secretName: 'hub-tls-from-operator', defaultMode: 0o440 },
    });
  });

  test('ingress-resource mode names its Secret in the Ingress', () => {
    const { objs } = nginxChart(
      { mode: NginxIngressMode.INGRESS_RESOURCE, host: 'hub.example.org', tls: new OperatorTls() },
      ServiceType.CLUSTER_IP,
    );
    expect(find(objs, 'Ingress', 'jupyterhub').spec.tls).toEqual([
      { hosts: ['hub.example.org'], secretName: 'hub-tls-from-operator' },
    ]);
  });

  test('what it returns is checked like the built-in sources', () => {
    class BadTls extends IngressTls {
      public bind(): IngressTlsConfig {
        return { secretName: 'Not A Name', description: 'BadTls' };
      }
    }
    expect(() => new NginxIngress(chart(), 'nginx', { tls: new BadTls() })).toThrow(/^Invalid 'tls.secretName' /);
  });
});

const refusals: Row[] = [
  // Wrong types from JavaScript
  ['IngressTls.fromSecretName(42)', () => IngressTls.fromSecretName(js(42)), P('secretName')],
  ['IngressTls.certManager() without an issuer', () => IngressTls.certManager(js(undefined)), P('issuerName')],
  [
    "IngressTls.certManager(issuer, { clusterIssuer: 'true' })",
    () => IngressTls.certManager('le', js({ clusterIssuer: 'true' })),
    P('options.clusterIssuer'),
  ],
  // Values that reach a Kubernetes field without that field's rule
  ["IngressTls.fromSecretName('')", () => IngressTls.fromSecretName(''), P('secretName')],
  ["IngressTls.fromSecretName('My_TLS')", () => IngressTls.fromSecretName('My_TLS'), P('secretName')],
  ["IngressTls.certManager('')", () => IngressTls.certManager(''), P('issuerName')],
  ["IngressTls.certManager('Lets Encrypt')", () => IngressTls.certManager('Lets Encrypt'), P('issuerName')],
  [
    "IngressTls.certManager(issuer, { secretName: 'Bad Name' })",
    () => IngressTls.certManager('le', { secretName: 'Bad Name' }),
    P('options.secretName'),
  ],
];

describe('refuses bad input, naming the prop', () => {
  test.each(refusals)('%s', expectRefused);
});

/** A hub and its proxy behind nginx with these props, in a chart with a namespace. */
const withNginx =
  (nginxProps: object, proxyProps: object = {}) =>
  (a: App) => {
    const c = chartIn(a, 'c', 'course');
    const h = new Hub(c, 'hub', { authenticator: anyLogin() });
    wire(h, new Proxy(c, 'proxy', { ...proxyProps }), new NginxIngress(c, 'nginx', { ...nginxProps }));
  };

const accepted: Good[] = [
  [
    "a TLS Secret name with dots ('hub.example-org.tls')",
    withNginx({ tls: IngressTls.fromSecretName('hub.example-org.tls') }),
    none,
  ],
];

describe('accepts good input a user would expect to work: synthesizes, passes the strict schema, reads the same in YAML 1.1', () => {
  test.each(accepted)('%s', expectAccepted);
});
