import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Duration, Size } from 'cdk8s';
import {
  Hub,
  IngressTls,
  IngressTlsConfig,
  IngressTlsContext,
  NginxIngress,
  NginxIngressMode,
  NginxIngressProps,
  Proxy,
} from '../lib';
import { ServiceType } from 'cdk8s-plus-27';
import { anyLogin, chart, container, find, Obj, synthWith } from './util';

const NGINX = fs.existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : 'nginx';

function withNginx(
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

/** Runs the real `nginx -t` on a generated config (TLS files swapped for a throwaway self-signed pair). */
function nginxTest(conf: string): { status: number | null; output: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nginx-t-'));
  try {
    if (conf.includes('/etc/nginx-tls/')) {
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-days',
          '1',
          '-subj',
          '/CN=hub.example.org',
          '-keyout',
          path.join(dir, 'tls.key'),
          '-out',
          path.join(dir, 'tls.crt'),
        ],
        { stdio: 'ignore' },
      );
      conf = conf.split('/etc/nginx-tls/').join(`${dir}/`);
    }
    const file = path.join(dir, 'nginx.conf');
    fs.writeFileSync(file, conf);
    // As in a container, stdout/stderr are a file, not a socket (nginx cannot open /dev/stdout on a socket).
    const log = path.join(dir, 'out.log');
    const fd = fs.openSync(log, 'w');
    const r = spawnSync(NGINX, ['-t', '-q', '-e', 'stderr', '-c', file], { stdio: ['ignore', fd, fd] });
    fs.closeSync(fd);
    return { status: r.status, output: `${fs.readFileSync(log, 'utf8')}${r.error ?? ''}` };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('NginxIngress, sidecar mode (nginx in the proxy pod, as the seed)', () => {
  test('defaults (snapshot of the generated nginx.conf)', () => {
    expect(withNginx().nginx.config).toMatchSnapshot();
  });

  test('a real `nginx -t` accepts the generated config', () => {
    const r = nginxTest(withNginx().nginx.config as string);
    expect(r.output).toBe('');
    expect(r.status).toBe(0);
  });

  test('a real `nginx -t` accepts the TLS config too', () => {
    const r = nginxTest(
      withNginx({ tls: IngressTls.fromSecretName('hub-tls'), host: 'hub.example.org' }).nginx.config as string,
    );
    expect(r.output).toBe('');
    expect(r.status).toBe(0);
  });

  test('`nginx -t` is a real check: it rejects a broken config', () => {
    expect(nginxTest('events {}\nhttp { server { listen 8080; bogus_directive on; } }\n').status).not.toBe(0);
  });

  test('typed settings land in nginx.conf', () => {
    const conf = withNginx({
      maxBodySize: Size.mebibytes(256),
      readTimeout: Duration.minutes(30),
      connectTimeout: Duration.seconds(5),
      host: 'hub.example.org',
    }).nginx.config as string;
    expect(conf).toContain('client_max_body_size 256m;');
    expect(conf).toContain('proxy_read_timeout 1800s;');
    expect(conf).toContain('proxy_send_timeout 1800s;');
    expect(conf).toContain('proxy_connect_timeout 5s;');
    expect(conf).toContain('server_name hub.example.org;');
  });

  test('websockets: Upgrade/Connection passed through, and the Host header keeps the port', () => {
    const conf = withNginx().nginx.config as string;
    expect(conf).toMatch(/map \$http_upgrade \$connection_upgrade \{\s*default upgrade;\s*'' +close;\s*\}/);
    expect(conf).toContain('proxy_set_header Upgrade $http_upgrade;');
    expect(conf).toContain('proxy_set_header Connection $connection_upgrade;');
    expect(conf).toContain('proxy_set_header Host $http_host;');
    expect(conf).toContain('proxy_http_version 1.1;');
  });

  test('nginx joins the proxy pod, and proxy-public points at it', () => {
    const { objs } = withNginx();
    const proxy = find(objs, 'Deployment', 'proxy');
    expect(proxy.spec.template.spec.containers.map((c: any) => c.name)).toEqual(['chp', 'nginx']);
    const nginx = container(proxy, 'nginx');
    expect(nginx.command).toEqual(['nginx', '-c', '/etc/nginx-generated/nginx.conf', '-g', 'daemon off;']);
    expect(nginx.securityContext).toMatchObject({
      runAsUser: 101,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
    expect(find(objs, 'Service', 'proxy-public').spec.ports).toEqual([
      { name: 'http', port: 80, targetPort: 'nginx-http', nodePort: 32020, protocol: 'TCP' },
    ]);
    expect(proxy.spec.template.metadata.annotations['checksum/nginx-config']).toMatch(/^[0-9a-f]{64}$/);
    // The public port is nginx's; CHP's own port is only for pods that opt in.
    const ingress = find(objs, 'NetworkPolicy', 'proxy').spec.ingress;
    expect(ingress[0]).toEqual({ ports: [{ protocol: 'TCP', port: 8080 }] });
    expect(ingress[2]).toEqual({
      from: [{ podSelector: { matchLabels: { 'hub.jupyter.org/network-access-proxy-http': 'true' } } }],
      ports: [{ protocol: 'TCP', port: 8000 }],
    });
  });

  test("TLS: the certificate Secret is mounted for nginx's group only, HTTP redirects to HTTPS, both ports are public", () => {
    const { objs, nginx } = withNginx({ tls: IngressTls.fromSecretName('hub-tls'), httpsNodePort: 32443 });
    const pod = find(objs, 'Deployment', 'proxy').spec.template.spec;
    expect(pod.volumes).toContainEqual({ name: 'nginx-tls', secret: { secretName: 'hub-tls', defaultMode: 0o440 } });
    expect(pod.securityContext.fsGroup).toBe(101);
    expect(nginx.config).toContain('return 308 https://$host$request_uri;');
    expect(nginx.config).toContain('listen 8443 ssl;');
    expect(
      find(objs, 'Service', 'proxy-public').spec.ports.map((p: any) => [p.name, p.port, p.targetPort, p.nodePort]),
    ).toEqual([
      ['http', 80, 'nginx-http', 32020],
      ['https', 443, 'nginx-https', 32443],
    ]);
  });
});

describe('NginxIngress, ingress-resource mode (for an existing ingress controller)', () => {
  test('an Ingress to proxy-public with class, host, TLS from a Secret and the typed limits', () => {
    const { objs } = withNginx(
      {
        mode: NginxIngressMode.INGRESS_RESOURCE,
        host: 'hub.example.org',
        tls: IngressTls.fromSecretName('hub-tls'),
        ingressClassName: 'nginx',
      },
      ServiceType.CLUSTER_IP,
    );
    const ing = find(objs, 'Ingress', 'jupyterhub');
    expect(ing.spec).toEqual({
      ingressClassName: 'nginx',
      tls: [{ hosts: ['hub.example.org'], secretName: 'hub-tls' }],
      rules: [
        {
          host: 'hub.example.org',
          http: {
            paths: [
              { path: '/', pathType: 'Prefix', backend: { service: { name: 'proxy-public', port: { number: 80 } } } },
            ],
          },
        },
      ],
    });
    expect(ing.metadata.annotations!['nginx.ingress.kubernetes.io/proxy-body-size']).toBe(String(64 * 1024 * 1024));
    // No sidecar: proxy-public goes straight to CHP.
    expect(find(objs, 'Deployment', 'proxy').spec.template.spec.containers.map((c: any) => c.name)).toEqual(['chp']);
    expect(find(objs, 'Service', 'proxy-public').spec.ports[0].targetPort).toBe('http');
    expect(objs.some((o) => o.metadata.name === 'nginx-proxy-config')).toBe(false);
  });

  test('cert-manager: the issuer annotation and a derived certificate Secret', () => {
    const { objs } = withNginx(
      { mode: NginxIngressMode.INGRESS_RESOURCE, host: 'hub.example.org', tls: IngressTls.certManager('letsencrypt') },
      ServiceType.CLUSTER_IP,
    );
    const ing = find(objs, 'Ingress', 'jupyterhub');
    expect(ing.metadata.annotations!['cert-manager.io/cluster-issuer']).toBe('letsencrypt');
    expect(ing.spec.tls).toEqual([{ hosts: ['hub.example.org'], secretName: 'jupyterhub-tls' }]);
  });
});

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
    const { objs } = withNginx({ host: 'hub.example.org', tls });
    expect(tls.seen).toEqual([{ host: 'hub.example.org' }]);
    expect(find(objs, 'Deployment', 'proxy').spec.template.spec.volumes).toContainEqual({
      name: 'nginx-tls',
      secret: { secretName: 'hub-tls-from-operator', defaultMode: 0o440 },
    });
  });

  test('ingress-resource mode names its Secret in the Ingress', () => {
    const { objs } = withNginx(
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
