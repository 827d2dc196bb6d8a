/**
 * nginx in the proxy pod, in front of configurable-http-proxy: its generated `nginx.conf`, the
 * ConfigMap holding it, and the container, volumes and public ports it adds to the proxy pod
 * (with the ACME client's, when `IngressTls.acme()` gives the certificate).
 * @internal
 */
import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { HubNames, IDS, NGINX_PATHS, PORTS } from '../core/constants';
import { checksum, httpProbe, objectMeta } from '../core/k8s';
import { fail } from '../core/validate';
import type { AcmePodParts } from './acme-client';
import { acmeChallengeRoot, bindAcmeClient, nginxTlsFiles } from './nginx-acme';
import { renderNginxConf } from './nginx-conf';
import { allowRulesEgress, openPortsIngress } from '../core/network-policy-options';
import { defaultTlsSecretName, NginxIngressModel, NginxSidecarModel } from './nginx-ingress-model';
import type { IProxy, ProxyPublicPort, ProxySidecar } from './proxy-front-door';

/** The generated `nginx.conf`. */
export function renderSidecarConf(m: NginxIngressModel, s: NginxSidecarModel): string {
  const acme = m.tls?.acme !== undefined;
  return renderNginxConf({
    httpPort: PORTS.nginxHttp,
    tls: m.tls
      ? { port: PORTS.nginxHttps, ...nginxTlsFiles(acme), redirectPort: s.httpsPort, hsts: s.hsts }
      : undefined,
    acmeChallengeRoot: acmeChallengeRoot(acme),
    upstream: `127.0.0.1:${PORTS.proxyHttp}`,
    serverNames: serverNames(m),
    maxBodyBytes: m.maxBodyBytes,
    connectTimeoutSeconds: m.connectTimeout,
    readTimeoutSeconds: m.readTimeout,
    sendTimeoutSeconds: m.readTimeout,
    tmpDir: NGINX_PATHS.tmp,
    healthPath: '/_nginx_healthz',
  });
}

/** The names nginx answers to: the ACME certificate's hosts, else the host (and with per-user origins the hub's host and the wildcard), else any. */
function serverNames(m: NginxIngressModel): string[] {
  if (m.tls?.acme) return m.tls.acme.hosts;
  if (m.subdomainHost !== undefined) return [m.subdomainHost, m.host as string];
  return m.host !== undefined ? [m.host] : [];
}

/** Checks the HTTPS port props against the proxy's. */
function checkHttpsPorts(m: NginxIngressModel, s: NginxSidecarModel, proxy: IProxy): void {
  if (m.tls && s.httpsPort === proxy.publicPort)
    fail('httpsPort', s.httpsPort, `must differ from the proxy's HTTP port (${proxy.publicPort})`);
  if (s.httpsNodePort !== undefined) {
    if (proxy.publicServiceType === kplus.ServiceType.CLUSTER_IP)
      fail('httpsNodePort', s.httpsNodePort, "needs the Proxy's 'serviceType' to be NODE_PORT or LOAD_BALANCER");
    if (s.httpsNodePort === proxy.httpNodePort)
      fail('httpsNodePort', s.httpsNodePort, "must differ from the Proxy's HTTP 'nodePort'");
  }
}

/**
 * Checks the sidecar against the proxy, then makes its objects under `scope` (the ACME client's,
 * then the ConfigMap) and returns what it adds to the proxy pod.
 */
export function bindNginxSidecar(
  scope: Construct,
  m: NginxIngressModel,
  s: NginxSidecarModel,
  config: string,
  proxy: IProxy,
): ProxySidecar {
  checkHttpsPorts(m, s, proxy);
  const acme = m.tls?.acme ? bindAcmeClient(scope, m.tls, proxy) : undefined;
  const names = new HubNames(proxy.namePrefix);
  new k8s.KubeConfigMap(scope, 'Config', {
    metadata: objectMeta(scope, names.nginxConfig, proxy.podLabels),
    data: { 'nginx.conf': config },
  });
  return sidecarParts(m, s, config, names, proxy, acme);
}

/** nginx's container. */
function nginxContainer(s: NginxSidecarModel, ports: k8s.ContainerPort[], mounts: k8s.VolumeMount[]): k8s.Container {
  return {
    name: 'nginx',
    image: s.image,
    imagePullPolicy: 'IfNotPresent',
    command: ['nginx', '-c', NGINX_PATHS.configFile, '-g', 'daemon off;'],
    ports,
    readinessProbe: httpProbe('/_nginx_healthz', 'nginx-http', {
      periodSeconds: 5,
      failureThreshold: 3,
      timeoutSeconds: 1,
    }),
    livenessProbe: httpProbe('/_nginx_healthz', 'nginx-http', {
      initialDelaySeconds: 10,
      periodSeconds: 10,
      failureThreshold: 3,
    }),
    resources: s.resources,
    ...(Object.keys(s.workload.extraEnv).length > 0
      ? { env: Object.entries(s.workload.extraEnv).map(([name, value]) => ({ name, value })) }
      : {}),
    securityContext: s.securityContext,
    volumeMounts: mounts,
  };
}

/** The TLS Secret as nginx reads it: owner read plus the pod's fsGroup (nginx's group), standard file names. */
function tlsSecretVolume(tls: NonNullable<NginxIngressModel['tls']>, names: HubNames): k8s.Volume {
  const secretName = tls.secretName ?? defaultTlsSecretName(names.prefix);
  // Keys other than the standard ones are mounted under the standard names nginx reads.
  const k = tls.secretKeys;
  const items = k
    ? [
        { key: k.certificateKey ?? 'tls.crt', path: 'tls.crt' },
        { key: k.privateKeyKey ?? 'tls.key', path: 'tls.key' },
      ]
    : undefined;
  return { name: 'nginx-tls', secret: { secretName, defaultMode: 0o440, ...(items ? { items } : {}) } };
}

/** What nginx (and its ACME client) add to the proxy pod and to `proxy-public`. */
function sidecarParts(
  m: NginxIngressModel,
  s: NginxSidecarModel,
  config: string,
  names: HubNames,
  proxy: IProxy,
  acme: AcmePodParts | undefined,
): ProxySidecar {
  const tls = m.tls;
  const mounts: k8s.VolumeMount[] = [
    { name: 'nginx-config', mountPath: NGINX_PATHS.configDir, readOnly: true },
    { name: 'nginx-tmp', mountPath: NGINX_PATHS.tmp },
  ];
  const volumes: k8s.Volume[] = [
    { name: 'nginx-config', configMap: { name: names.nginxConfig, defaultMode: 0o444 } },
    { name: 'nginx-tmp', emptyDir: {} },
  ];
  const ports: k8s.ContainerPort[] = [{ name: 'nginx-http', containerPort: PORTS.nginxHttp, protocol: 'TCP' }];
  const publicPorts: ProxyPublicPort[] = [
    { name: 'http', port: proxy.publicPort, targetPort: 'nginx-http', nodePort: proxy.httpNodePort },
  ];
  if (acme) {
    mounts.push(...acme.nginxMounts);
    volumes.push(...acme.volumes);
  } else if (tls) {
    mounts.push({ name: 'nginx-tls', mountPath: NGINX_PATHS.tlsDir, readOnly: true });
    volumes.push(tlsSecretVolume(tls, names));
  }
  if (tls) {
    ports.push({ name: 'nginx-https', containerPort: PORTS.nginxHttps, protocol: 'TCP' });
    publicPorts.push({ name: 'https', port: s.httpsPort, targetPort: 'nginx-https', nodePort: s.httpsNodePort });
  }
  // The door's pull policy is its containers' (nginx, the ACME client's); CHP keeps the Proxy's.
  const policy = (c: k8s.Container): k8s.Container =>
    s.workload.imagePullPolicy ? { ...c, imagePullPolicy: s.workload.imagePullPolicy } : c;
  const rules = s.networkPolicyRules;
  const egress = [...(acme?.egress ?? []), ...(rules ? [...allowRulesEgress(rules.allow), ...rules.egress] : [])];
  return {
    containers: [nginxContainer(s, ports, mounts), ...(acme?.containers ?? [])].map(policy),
    ...(acme ? { initContainers: acme.initContainers.map(policy) } : {}),
    ...(s.workloadOptions ? { workload: s.workloadOptions } : {}),
    ...(egress.length > 0 ? { egress } : {}),
    ...(rules
      ? {
          ingress: [...openPortsIngress(rules.allowedIngressPorts), ...rules.ingress],
          networkPolicyProp: 'networkPolicyRules',
        }
      : {}),
    volumes,
    podAnnotations: { 'checksum/nginx-config': checksum(config), ...acme?.podAnnotations },
    fsGroup: tls ? IDS.nginx : undefined,
    publicPorts,
    publicContainerPorts: tls ? [PORTS.nginxHttp, PORTS.nginxHttps] : [PORTS.nginxHttp],
    host: s.host,
    https: tls !== undefined,
  };
}
