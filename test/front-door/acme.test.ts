/**
 * Automatic HTTPS (`IngressTls.acme()`): what the front door adds to the proxy pod, as
 * specifications (the ACME client's containers, volumes, RBAC, NetworkPolicy, nginx.conf), a real
 * `nginx -t`, the generated scripts' syntax under busybox's shell and Python, the lego flags
 * against Debian's lego, and every refused input. test/e2e/acme-e2e.test.ts runs it for real.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Duration } from 'cdk8s';
import { ServiceType } from 'cdk8s-plus-27';
import {
  AcmeDirectory,
  AcmeTlsOptions,
  Authenticator,
  Hub,
  IngressTls,
  NginxIngress,
  NginxIngressMode,
  NginxIngressProps,
  Proxy,
} from '../../lib';
import { container, find, Obj, synthWith } from '../util';

const NGINX = fs.existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : 'nginx';
const which = (p: string) =>
  spawnSync('sh', ['-c', `command -v ${p}`], { encoding: 'utf8' }).stdout.trim() || undefined;

function withAcme(
  acme: Partial<AcmeTlsOptions> = {},
  props: NginxIngressProps = {},
  serviceType = ServiceType.LOAD_BALANCER,
  port?: number,
): { objs: Obj[]; nginx: NginxIngress } {
  let nginx!: NginxIngress;
  const objs = synthWith((c) => {
    const hub = new Hub(c, 'hub', { authenticator: Authenticator.dummy() });
    const proxy = new Proxy(c, 'proxy', { serviceType, port });
    nginx = new NginxIngress(c, 'nginx', {
      host: 'hub.example.org',
      tls: IngressTls.acme({ email: 'admin@example.org', ...acme }),
      ...props,
    });
    proxy.addFrontDoor(nginx);
    hub.addIntegration(proxy);
  });
  return { objs, nginx };
}

const podSpec = (objs: Obj[]) => find(objs, 'Deployment', 'proxy').spec.template.spec;
const script = (objs: Obj[], key: string) => find(objs, 'ConfigMap', 'proxy-acme-client').data[key] as string;

describe('IngressTls.acme(): an ACME client next to nginx in the proxy pod', () => {
  test('the pod: nginx, the client (pinned lego), its state sidecar and init container; no token but for the two state containers', () => {
    const spec = podSpec(withAcme().objs);
    expect(spec.containers.map((c: any) => c.name)).toEqual(['chp', 'nginx', 'acme', 'acme-sync']);
    expect(spec.initContainers.map((c: any) => c.name)).toEqual(['acme-restore']);
    expect(spec.automountServiceAccountToken).toBe(false);
    const acme = spec.containers.find((c: any) => c.name === 'acme');
    expect(acme.image).toBe('docker.io/goacme/lego:v4.35.2');
    expect(acme.command).toEqual(['/bin/sh', '/etc/acme-client/acme.sh']);
    expect(container(find(withAcme().objs, 'Deployment', 'proxy'), 'acme-sync').command).toEqual([
      'python3',
      '/etc/acme-client/acme_sync.py',
      'watch',
    ]);
    expect(spec.initContainers[0].command).toEqual(['python3', '/etc/acme-client/acme_sync.py', 'restore']);
    for (const c of [...spec.initContainers, ...spec.containers]) {
      expect({ name: c.name, sc: c.securityContext }).toMatchObject({
        sc: {
          runAsNonRoot: true,
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          capabilities: { drop: ['ALL'] },
        },
      });
      const api = (c.volumeMounts ?? []).some((m: any) => m.name === 'acme-api');
      expect({ name: c.name, api }).toEqual({ name: c.name, api: ['acme-restore', 'acme-sync'].includes(c.name) });
    }
    // The client and the state containers share nginx's group (fsGroup), which may read the key.
    for (const name of ['acme', 'acme-sync', 'acme-restore']) {
      const c = [...spec.initContainers, ...spec.containers].find((x: any) => x.name === name);
      expect(c.securityContext).toMatchObject({ runAsUser: 65532, runAsGroup: 101 });
    }
    expect(spec.securityContext.fsGroup).toBe(101);
  });

  test('volumes: state, challenges and the published certificate in memory; nginx reads only the last two, read-only', () => {
    const spec = podSpec(withAcme().objs);
    const vol = (name: string) => spec.volumes.find((v: any) => v.name === name);
    for (const name of ['acme-state', 'acme-webroot', 'acme-tls'])
      expect(vol(name)).toEqual({ name, emptyDir: { medium: 'Memory', sizeLimit: '4Mi' } });
    expect(vol('acme-api').projected.sources).toEqual([
      { serviceAccountToken: { path: 'token', expirationSeconds: 3600 } },
      { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
      { downwardAPI: { items: [{ path: 'namespace', fieldRef: { fieldPath: 'metadata.namespace' } }] } },
    ]);
    expect(vol('acme-api').projected.defaultMode).toBe(0o440);
    const nginx = spec.containers.find((c: any) => c.name === 'nginx');
    expect(nginx.volumeMounts.filter((m: any) => m.name.startsWith('acme'))).toEqual([
      { name: 'acme-webroot', mountPath: '/var/lib/acme-webroot', readOnly: true },
      { name: 'acme-tls', mountPath: '/var/lib/acme-tls', readOnly: true },
    ]);
    expect(spec.volumes.some((v: any) => v.name === 'nginx-tls')).toBe(false);
  });

  test('RBAC: get and patch on exactly the state Secret, which the manifests hold empty', () => {
    const { objs } = withAcme();
    expect(find(objs, 'Role', 'proxy-acme').rules).toEqual([
      { apiGroups: [''], resources: ['secrets'], resourceNames: ['proxy-acme'], verbs: ['get', 'patch'] },
    ]);
    expect(find(objs, 'RoleBinding', 'proxy-acme')).toMatchObject({
      roleRef: { kind: 'Role', name: 'proxy-acme' },
      subjects: [{ kind: 'ServiceAccount', name: 'proxy' }],
    });
    const secret = find(objs, 'Secret', 'proxy-acme');
    expect(secret).toEqual({ apiVersion: 'v1', kind: 'Secret', metadata: secret.metadata, type: 'Opaque' });
    expect(JSON.stringify(objs)).not.toMatch(/PRIVATE KEY|BEGIN CERTIFICATE/);
  });

  test("NetworkPolicy: the public HTTP and HTTPS ports in; out also to the ACME server's and the API server's ports", () => {
    const { objs } = withAcme({
      directory: AcmeDirectory.fromUrl('https://ca.internal.example.org:9443/acme/acme/directory'),
    });
    const np = find(objs, 'NetworkPolicy', 'proxy').spec;
    expect(np.ingress[0]).toEqual({
      ports: [
        { protocol: 'TCP', port: 8080 },
        { protocol: 'TCP', port: 8443 },
      ],
    });
    expect(np.egress[np.egress.length - 1]).toEqual({
      ports: [9443, 443, 6443, 8443].map((port) => ({ protocol: 'TCP', port })),
    });
  });

  test('nginx.conf: challenges served from the webroot, everything else redirected; the certificate read at each handshake', () => {
    const conf = withAcme({ hosts: ['hub.example.org', 'jupyter.example.org'] }).nginx.config as string;
    expect(conf).toContain(
      '        location ^~ /.well-known/acme-challenge/ {\n            root /var/lib/acme-webroot;\n            default_type text/plain;\n        }',
    );
    expect(conf).toContain('return 308 https://$host$request_uri;');
    expect(conf).toContain('    map "" $tls_certificate_file {\n        default /var/lib/acme-tls/tls.pem;\n    }');
    expect(conf).toContain(
      '        ssl_certificate $tls_certificate_file;\n        ssl_certificate_key $tls_certificate_key_file;',
    );
    expect(conf.match(/server_name hub\.example\.org jupyter\.example\.org;/g)).toHaveLength(2);
  });

  test('a real `nginx -t` accepts it (before any certificate exists: nginx starts, handshakes wait for the file)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'acme-nginx-t-'));
    try {
      const conf = (withAcme().nginx.config as string)
        .split('/var/lib/')
        .join(`${dir}/`)
        .split('/tmp/')
        .join(`${dir}/`);
      fs.writeFileSync(path.join(dir, 'nginx.conf'), conf);
      const log = path.join(dir, 'out.log');
      const fd = fs.openSync(log, 'w');
      const r = spawnSync(NGINX, ['-t', '-q', '-e', 'stderr', '-c', path.join(dir, 'nginx.conf')], {
        stdio: ['ignore', fd, fd],
      });
      fs.closeSync(fd);
      expect(fs.readFileSync(log, 'utf8')).toBe('');
      expect(r.status).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('acme.sh: the typed settings, single-quoted; lego run / renew with the renewal window in days', () => {
    const sh = script(
      withAcme({
        hosts: ['hub.example.org', 'www.example.org'],
        directory: AcmeDirectory.LETS_ENCRYPT_STAGING,
        renewBefore: Duration.days(20),
      }).objs,
      'acme.sh',
    );
    expect(sh).toContain(
      "--email 'admin@example.org' --server 'https://acme-staging-v02.api.letsencrypt.org/directory' --path \"$STATE\" --key-type ec256 --http --http.webroot \"$WEBROOT\" --domains 'hub.example.org' --domains 'www.example.org' \"$@\"",
    );
    expect(sh).toContain('lego_cmd renew --days 20 --no-random-sleep');
    expect(sh).toContain(
      "ORDER='server=https://acme-staging-v02.api.letsencrypt.org/directory email=admin@example.org key-type=ec256 domains=hub.example.org www.example.org'",
    );
    expect(sh).toContain("CRT='/var/lib/acme-state/certificates/hub.example.org.crt'");
    expect(script(withAcme().objs, 'acme.sh')).toContain("--server 'https://acme-v02.api.letsencrypt.org/directory'");
    expect(script(withAcme().objs, 'acme.sh')).toContain('--days 30 ');
  });

  test('the scripts parse: acme.sh under busybox sh (the lego image is alpine), acme_sync.py under python3', () => {
    const { objs } = withAcme();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'acme-scripts-'));
    try {
      fs.writeFileSync(path.join(dir, 'acme.sh'), script(objs, 'acme.sh'));
      fs.writeFileSync(path.join(dir, 'acme_sync.py'), script(objs, 'acme_sync.py'));
      const busybox = which('busybox');
      if (busybox) execFileSync(busybox, ['sh', '-n', path.join(dir, 'acme.sh')]);
      else console.warn('busybox is not installed: acme.sh checked with sh -n only');
      execFileSync('sh', ['-n', path.join(dir, 'acme.sh')]);
      execFileSync('python3', [
        '-c',
        'import ast, sys; ast.parse(open(sys.argv[1]).read())',
        path.join(dir, 'acme_sync.py'),
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("every lego flag acme.sh uses is one Debian's lego (4.9.1, the e2e's) knows", () => {
    const lego = which('lego');
    if (!lego) {
      console.warn('lego is not installed (bash scripts/system-deps.sh): flags not checked');
      return;
    }
    const sh = script(withAcme().objs, 'acme.sh');
    const global = execFileSync(lego, ['--help'], { encoding: 'utf8' });
    const renew = execFileSync(lego, ['renew', '--help'], { encoding: 'utf8' });
    const used = [...new Set([...sh.matchAll(/ --([a-z][a-z.-]+)/g)].map((m) => m[1]))].sort();
    expect(used).toEqual([
      'accept-tos',
      'days',
      'domains',
      'email',
      'http',
      'http.webroot',
      'key-type',
      'no-random-sleep',
      'path',
      'server',
    ]);
    for (const flag of used)
      expect({ flag, known: new RegExp(`--${flag.replace('.', '\\.')}\\b`).test(global + renew) }).toEqual({
        flag,
        known: true,
      });
  });

  test("without the front door's host, nginx answers to the certificate's hosts", () => {
    const { objs } = withAcme({ hosts: ['hub.example.org', 'jupyter.example.org'] }, { host: undefined });
    expect(find(objs, 'ConfigMap', 'nginx-proxy-config').data['nginx.conf']).toContain(
      'server_name hub.example.org jupyter.example.org;',
    );
  });

  describe('refuses bad input, naming the prop', () => {
    const rows: [string, () => unknown, RegExp][] = [
      ['no host at all', () => withAcme({}, { host: undefined }), /^Invalid 'tls.hosts' \(\[\]\): is empty/],
      [
        'a wildcard',
        () => withAcme({ hosts: ['*.example.org'] }, { host: undefined }),
        /^Invalid 'tls.hosts\[0\]' \('\*\.example\.org'\): is a wildcard/,
      ],
      [
        'an IP address',
        () => withAcme({ hosts: ['10.0.0.1'] }, { host: undefined }),
        /^Invalid 'tls.hosts\[0\]' \('10\.0\.0\.1'\): must be a DNS name/,
      ],
      [
        'a host listed twice',
        () => withAcme({ hosts: ['hub.example.org', 'hub.example.org'] }),
        /^Invalid 'tls.hosts' .*lists 'hub.example.org' twice/,
      ],
      [
        "hosts without the front door's host",
        () => withAcme({ hosts: ['other.example.org'] }),
        /^Invalid 'tls.hosts' .*does not include the front door's host 'hub.example.org'/,
      ],
      [
        'a bad email',
        () => IngressTls.acme({ email: 'admin' }),
        /^Invalid 'tls.email' \('admin'\): must be one plain email address/,
      ],
      ['an email with a quote', () => IngressTls.acme({ email: "a'b@example.org" }), /^Invalid 'tls.email'/],
      [
        'an http directory',
        () => AcmeDirectory.fromUrl('http://ca.example.org/directory'),
        /^Invalid 'directory' \('http:\/\/ca\.example\.org\/directory'\): must be an https:\/\/ URL/,
      ],
      [
        'a directory with credentials',
        () => AcmeDirectory.fromUrl('https://u:p@ca.example.org/directory'),
        /^Invalid 'directory' .*must not hold credentials/,
      ],
      [
        'a directory with a quote',
        () => AcmeDirectory.fromUrl("https://ca.example.org/dir'"),
        /^Invalid 'directory' .*without spaces, quotes/,
      ],
      [
        'renewBefore in hours',
        () => withAcme({ renewBefore: Duration.hours(36) }),
        /^Invalid 'tls.renewBefore' \('129600s'\): must be a whole number of days/,
      ],
      ['an unpinned client image', () => withAcme({ image: 'docker.io/goacme/lego:latest' }), /^Invalid 'tls.image'/],
      [
        'ingress-resource mode',
        () => withAcme({}, { mode: NginxIngressMode.INGRESS_RESOURCE }, ServiceType.CLUSTER_IP),
        /^Invalid 'tls' .*runs an ACME client next to nginx in the proxy pod/,
      ],
      [
        'a load balancer without port 80',
        () => withAcme({}, {}, ServiceType.LOAD_BALANCER, 8080),
        /^Invalid 'tls' .*needs the Proxy's HTTP 'port' to be 80 \(it is 8080\)/,
      ],
      [
        'an unknown option (JavaScript)',
        () => IngressTls.acme({ email: 'admin@example.org', renewDays: 3 } as any),
        /^Invalid 'options.renewDays' \(3\): 'renewDays' is not a prop of AcmeTlsOptions/,
      ],
    ];
    test.each(rows)('%s', (_what, build, message) => {
      expect(build).toThrow(message);
    });
  });

  test("the existing sources are unchanged: a Secret's certificate is read once at start, no ACME objects", () => {
    let conf = '';
    const objs = synthWith((c) => {
      const hub = new Hub(c, 'hub', { authenticator: Authenticator.dummy() });
      const proxy = new Proxy(c, 'proxy', { serviceType: ServiceType.NODE_PORT, nodePort: 32020 });
      const nginx = new NginxIngress(c, 'nginx', {
        host: 'hub.example.org',
        tls: IngressTls.fromSecretName('hub-tls'),
      });
      proxy.addFrontDoor(nginx);
      hub.addIntegration(proxy);
      conf = nginx.config as string;
    });
    expect(conf).toContain('ssl_certificate /etc/nginx-tls/tls.crt;');
    expect(conf).not.toContain('acme');
    expect(objs.some((o) => o.metadata.name.startsWith('proxy-acme'))).toBe(false);
  });
});
