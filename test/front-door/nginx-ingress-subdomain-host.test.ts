import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
/**
 * Per-user origins (opt-in): an NginxIngress's `subdomainHost` serves each user's server at
 * `https://<user>.<subdomainHost>` (JupyterHub's `c.JupyterHub.subdomain_host`, recommended for
 * untrusted users). What it needs is checked when the door is made: a DNS name, the door's host the
 * wildcard below it, a TLS source able to issue the wildcard (not HTTP-01 ACME), and a public port
 * known to make the users' URLs. nginx answers both names (a real `nginx -t` on the config), the
 * Ingress has a rule and a TLS host for each, configurable-http-proxy routes by host, the hub's
 * config sets `subdomain_host` to its public URL (run in Debian's JupyterHub), and the OAuth
 * callback stays on the hub's own host.
 */
import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { ServiceType } from 'cdk8s-plus-27';
import {
  Authenticator,
  Hub,
  IngressTls,
  JupyterHub,
  NginxIngress,
  NginxIngressMode,
  NginxIngressProps,
  Proxy,
} from '../../lib';
import { chartIn, expectAccepted, expectRefused, find, hubConfig, P, Row } from '../input-checks';
import { PYTHON } from '../kernel-launcher';
import { anyLogin, container, Obj, synthWith, wire } from '../util';
import { nginxTest } from '../nginx-check';

const FIXTURES = path.join(__dirname, '..', 'fixtures');

/** The per-user origins of the README: the hub's host, the wildcard beside it, a wildcard certificate from a Secret. */
const SUBDOMAINS: NginxIngressProps = {
  subdomainHost: 'hub.example.org',
  host: '*.hub.example.org',
  tls: IngressTls.fromSecretName('hub-wildcard-tls'),
};

/** A hub behind nginx (`door`), its proxy on a LoadBalancer unless told; the objects and the door. */
function build(
  door: NginxIngressProps,
  o: { serviceType?: kplus.ServiceType; auth?: (c: Chart) => Authenticator } = {},
): { objs: Obj[]; nginx: NginxIngress } {
  let nginx!: NginxIngress;
  const objs = synthWith((c) => {
    const hub = new Hub(c, 'hub', { authenticator: o.auth ? o.auth(c) : anyLogin() });
    nginx = new NginxIngress(c, 'nginx', door);
    wire(hub, new Proxy(c, 'proxy', { serviceType: o.serviceType }), nginx);
  });
  return { objs, nginx };
}

const configOf = (objs: Obj[]): string => find(objs, 'ConfigMap', 'hub-config').data['jupyterhub_config.py'];
const chpCommandOf = (objs: Obj[]): string[] => container(find(objs, 'Deployment', 'proxy'), 'chp').command;

/**
 * Loads the config into Debian's JupyterHub (`JupyterHub.load_config_file`, as `jupyterhub -f`
 * does, with a stand-in `kubespawner` module) and prints what the app makes of it: its subdomain host, domain and the hub's route.
 */
function loadInJupyterHub(config: string): { subdomain_host: string; domain: string; hub_routespec: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jh-sub-'));
  const file = path.join(dir, 'jupyterhub_config.py');
  fs.writeFileSync(file, config);
  // KubeSpawner is not installed here: a stand-in module of that name (the spawner plays no part in the routes).
  fs.writeFileSync(
    path.join(dir, 'kubespawner.py'),
    'from jupyterhub.spawner import LocalProcessSpawner as KubeSpawner\n',
  );
  const py = [
    'import json, sys',
    'from jupyterhub.app import JupyterHub',
    'app = JupyterHub()',
    'app.load_config_file(sys.argv[1])',
    'print(json.dumps({"subdomain_host": app.subdomain_host, "domain": app.domain, "hub_routespec": app.hub_routespec}))',
  ].join('\n');
  try {
    const out = execFileSync(PYTHON, ['-c', py, file], {
      encoding: 'utf8',
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', HOME: dir, PYTHONPATH: dir },
    });
    return JSON.parse(out.trim().split('\n').pop() as string);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('per-user origins behind nginx in the proxy pod (sidecar mode)', () => {
  test('nginx answers the hub host and every user subdomain, on HTTP (redirect) and HTTPS', () => {
    const conf = build(SUBDOMAINS).nginx.config as string;
    const names = [...conf.matchAll(/^\s*server_name (.*);$/gm)].map((m) => m[1]);
    expect(names).toEqual(['hub.example.org *.hub.example.org', 'hub.example.org *.hub.example.org']);
  });

  test('a real `nginx -t` accepts the config', () => {
    const r = nginxTest(build(SUBDOMAINS).nginx.config as string);
    expect(r.output).toBe('');
    expect(r.status).toBe(0);
  });

  test('configurable-http-proxy routes by host (`--host-routing`), as JupyterHub starts it with subdomain_host', () => {
    expect(chpCommandOf(build(SUBDOMAINS).objs)).toContain('--host-routing');
  });

  test("the hub's config sets subdomain_host to the hub's public URL, port included", () => {
    expect(configOf(build(SUBDOMAINS).objs)).toMatch(
      /^c\.JupyterHub\.subdomain_host = "https:\/\/hub\.example\.org"$/m,
    );
    const nodePort = build({ ...SUBDOMAINS, httpsNodePort: 30443 }, { serviceType: ServiceType.NODE_PORT });
    expect(configOf(nodePort.objs)).toMatch(/^c\.JupyterHub\.subdomain_host = "https:\/\/hub\.example\.org:30443"$/m);
  });

  test('subdomain_host is a trait of the targeted hub image (k8s-hub 4.4.0: JupyterHub 5.5) and of JupyterHub 5.5', () => {
    for (const fixture of ['traits-k8s-hub-4.4.0.json', 'jupyterhub-5.5-kubespawner-7.0-traits.json']) {
      const traits = JSON.parse(fs.readFileSync(path.join(FIXTURES, fixture), 'utf8'));
      expect(traits.classes.JupyterHub.subdomain_host).toMatchObject({ type: 'Unicode', deprecated: false });
    }
  });

  test("Debian's JupyterHub loads the config: the hub's domain is the subdomain host, its route every host's '/'", () => {
    expect(loadInJupyterHub(configOf(build(SUBDOMAINS).objs))).toEqual({
      subdomain_host: 'https://hub.example.org',
      domain: 'hub.example.org',
      hub_routespec: '/',
    });
  });

  test("the OAuth callback stays on the hub's own host, not a user's subdomain", () => {
    const auth = (c: Chart) =>
      Authenticator.github({
        clientId: 'id',
        clientSecret: { secret: kplus.Secret.fromSecretName(c, 'oauth', 'hub-oauth'), key: 'client-secret' },
        allowAll: true,
      });
    expect(configOf(build(SUBDOMAINS, { auth }).objs)).toMatch(
      /^c\.GitHubOAuthenticator\.oauth_callback_url = "https:\/\/hub\.example\.org\/hub\/oauth_callback"$/m,
    );
  });

  test('without subdomainHost nothing of it is written (opt-in)', () => {
    const { objs } = build({ host: 'hub.example.org', tls: IngressTls.fromSecretName('hub-tls') });
    expect(configOf(objs)).not.toContain('subdomain_host');
    expect(chpCommandOf(objs)).not.toContain('--host-routing');
  });
});

describe('per-user origins behind the cluster ingress controller (ingress-resource mode)', () => {
  test('the Ingress has a rule and a TLS host for the hub host and the wildcard; strict schema', () => {
    expectAccepted(
      'cert-manager issuer that issues wildcards',
      (a) => {
        const c = chartIn(a, 'hub');
        const hub = new Hub(c, 'hub', { authenticator: anyLogin() });
        wire(
          hub,
          new Proxy(c, 'proxy', { serviceType: ServiceType.CLUSTER_IP }),
          new NginxIngress(c, 'nginx', {
            ...SUBDOMAINS,
            mode: NginxIngressMode.INGRESS_RESOURCE,
            tls: IngressTls.certManager('letsencrypt-dns01', { issuesWildcards: true }),
          }),
        );
      },
      (docs) => {
        const ingress = find(docs, 'Ingress', 'jupyterhub');
        expect(ingress.spec.rules.map((r: any) => r.host)).toEqual(['hub.example.org', '*.hub.example.org']);
        expect(ingress.spec.tls).toEqual([
          { hosts: ['hub.example.org', '*.hub.example.org'], secretName: 'jupyterhub-tls' },
        ]);
        expect(ingress.metadata.annotations['cert-manager.io/cluster-issuer']).toBe('letsencrypt-dns01');
        expect(hubConfig(docs)).toMatch(/^c\.JupyterHub\.subdomain_host = "https:\/\/hub\.example\.org"$/m);
        expect(container(find(docs, 'Deployment', 'proxy'), 'chp').command).toContain('--host-routing');
      },
    );
  });
});

describe('per-user origins through the JupyterHub composite (`frontDoorOptions`)', () => {
  test('the same door, its errors naming frontDoorOptions', () => {
    const make = (frontDoorOptions: NginxIngressProps) => () =>
      new JupyterHub(new Chart(new App(), 'c'), 'jh', { hub: { authenticator: anyLogin() }, frontDoorOptions });
    const jh = make(SUBDOMAINS)() as JupyterHub;
    expect(jh.hub.config).toMatch(/^c\.JupyterHub\.subdomain_host = "https:\/\/hub\.example\.org"$/m);
    expectRefused('no wildcard host', make({ ...SUBDOMAINS, host: 'hub.example.org' }), /frontDoorOptions/);
  });
});

describe('refuses per-user origins without what they need', () => {
  const door = (props: NginxIngressProps) => () => new NginxIngress(new Chart(new App(), 'c'), 'nginx', props);
  const rows: Row[] = [
    [
      'no wildcard host: the door answers the hub host only',
      door({ ...SUBDOMAINS, host: 'hub.example.org' }),
      /^Invalid 'host' \('hub\.example\.org'\): must be the wildcard '\*\.hub\.example\.org' with 'subdomainHost'/,
    ],
    [
      'no host at all',
      door({ ...SUBDOMAINS, host: undefined }),
      /^Invalid 'host' \(undefined\): must be the wildcard '\*\.hub\.example\.org'/,
    ],
    [
      'the wildcard of another domain',
      door({ ...SUBDOMAINS, host: '*.other.org' }),
      /^Invalid 'host' \('\*\.other\.org'\): does not match 'subdomainHost' 'hub\.example\.org'/,
    ],
    [
      'an IP address as subdomain host',
      door({ ...SUBDOMAINS, subdomainHost: '10.0.0.5', host: '*.10.0.0.5' }),
      /^Invalid 'subdomainHost' \('10\.0\.0\.5'\): must be a DNS name, not an IP address/,
    ],
    [
      'an IPv6 address as subdomain host',
      door({ ...SUBDOMAINS, subdomainHost: '[fd00::5]' }),
      /^Invalid 'subdomainHost' \('\[fd00::5\]'\): must be a DNS name, not an IP address/,
    ],
    [
      'the wildcard typed as the subdomain host',
      door({ ...SUBDOMAINS, subdomainHost: '*.hub.example.org' }),
      /^Invalid 'subdomainHost' \('\*\.hub\.example\.org'\): must be the hub's own host, without '\*\.'/,
    ],
    ['not a DNS name', door({ ...SUBDOMAINS, subdomainHost: 'Hub_Example' }), P('subdomainHost')],
    ['no TLS', door({ ...SUBDOMAINS, tls: undefined }), /^Invalid 'tls' \(undefined\): is needed with 'subdomainHost'/],
    [
      'ACME (HTTP-01) cannot issue the wildcard',
      door({ ...SUBDOMAINS, tls: IngressTls.acme({ email: 'admin@example.org' }) }),
      /^Invalid 'tls' \('IngressTls\.acme\(\{ email: 'admin@example\.org' \}\)'\): cannot issue the wildcard certificate for '\*\.hub\.example\.org'.*HTTP-01/,
    ],
    [
      'ACME (HTTP-01) with the hosts listed',
      door({ ...SUBDOMAINS, tls: IngressTls.acme({ email: 'admin@example.org', hosts: ['hub.example.org'] }) }),
      /^Invalid 'tls' .*cannot issue the wildcard certificate/,
    ],
    [
      'a cert-manager issuer not said to issue wildcards',
      door({ ...SUBDOMAINS, mode: NginxIngressMode.INGRESS_RESOURCE, tls: IngressTls.certManager('letsencrypt') }),
      /^Invalid 'tls' \('IngressTls\.certManager\('letsencrypt'\)'\): cannot be shown to issue the wildcard certificate.*issuesWildcards: true/,
    ],
    [
      'a ClusterIP proxy in sidecar mode: the port users reach is unknown',
      () => build(SUBDOMAINS, { serviceType: ServiceType.CLUSTER_IP }),
      /^Invalid 'subdomainHost' \('hub\.example\.org'\): needs the port users reach the hub at/,
    ],
    [
      'a NodePort proxy whose HTTPS node port Kubernetes picks',
      () => build(SUBDOMAINS, { serviceType: ServiceType.NODE_PORT }),
      /^Invalid 'subdomainHost' \('hub\.example\.org'\): needs the port users reach the hub at/,
    ],
  ];
  test.each(rows)('%s', (what, construct, message) => expectRefused(what, construct, message));
});
