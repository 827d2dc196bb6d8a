import { Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { renderNginxConf } from './nginx-conf';
import { IngressTls, IngressTlsConfig } from './ingress-tls';
import { ACME_PATHS, addAcmeClient, AcmePodParts } from './acme-client';
import { checkProps } from '../core/check-props';
import { HubNames, IDS, IMAGES, NGINX_PATHS, PORTS } from '../core/constants';
import { checksum, httpProbe, objectMeta, resources, restrictedContainer, sizeBytes } from '../core/k8s';
import {
  checkAnnotations,
  checkDnsSubdomain,
  checkNodePort,
  checkPinnedImage,
  checkPort,
  checkSeconds,
  checkSize,
  fail,
} from '../core/validate';
import { checkHost } from '../core/validate-host';
import { Proxy, ProxyPublicPort } from './proxy';
import { publicOrigin, publicUrlIntegration } from './public-service';
import { addAppChecks } from '../core/app-checks';

/** Where nginx runs. */
export enum NginxIngressMode {
  /**
   * nginx in the proxy pod in front of configurable-http-proxy, configured by a generated
   * `nginx.conf` (the seed's topology, without an ingress controller).
   */
  SIDECAR = 'sidecar',
  /**
   * A `networking.k8s.io/v1` Ingress for an ingress controller the cluster already runs.
   */
  INGRESS_RESOURCE = 'ingress-resource',
}

/** Settings of an {@link NginxIngress} (everything but the proxy it fronts). */
export interface NginxIngressOptions {
  /**
   * Where nginx runs.
   * @default NginxIngressMode.SIDECAR
   */
  readonly mode?: NginxIngressMode;

  /**
   * nginx image (sidecar mode); an unprivileged image (uid 101, ports above 1024).
   * @default 'docker.io/nginxinc/nginx-unprivileged:1.29.3-alpine'
   */
  readonly image?: string;

  /**
   * Largest request body (notebook uploads), the seed's `proxy-body-size`.
   * @default Size.mebibytes(64)
   */
  readonly maxBodySize?: Size;

  /**
   * How long nginx waits to connect to the proxy.
   * @default Duration.seconds(10)
   */
  readonly connectTimeout?: Duration;

  /**
   * How long a connection may stay silent (also idle websockets) before nginx closes it.
   * @default Duration.hours(1)
   */
  readonly readTimeout?: Duration;

  /**
   * Host name users reach the hub at (`server_name`, the Ingress rule's host). Required with TLS
   * in ingress-resource mode.
   * @default - any host (with `IngressTls.acme()`: its hosts)
   */
  readonly host?: string;

  /**
   * HTTPS: a certificate from a Secret, from cert-manager (ingress-resource mode) or from an ACME
   * server such as Let's Encrypt (`IngressTls.acme()`, sidecar mode). In sidecar mode HTTP then
   * only redirects to HTTPS (except ACME challenges).
   * @default - plain HTTP
   */
  readonly tls?: IngressTls;

  /**
   * Port of `proxy-public` for HTTPS (sidecar mode with TLS).
   * @default 443
   */
  readonly httpsPort?: number;

  /**
   * Fixed node port for HTTPS (sidecar mode with TLS, NodePort or LoadBalancer Service).
   * @default - Kubernetes picks one
   */
  readonly httpsNodePort?: number;

  /**
   * IngressClass of the Ingress (ingress-resource mode).
   * @default 'nginx'
   */
  readonly ingressClassName?: string;

  /**
   * Extra annotations of the Ingress (ingress-resource mode), for controller-specific settings.
   * @default - none
   */
  readonly annotations?: { [key: string]: string };

  /**
   * Resources of the nginx container (sidecar mode).
   * @default - requests 50m CPU and 64Mi memory; limits 500m CPU and 256Mi
   */
  readonly resources?: kplus.ContainerResources;
}

/** Props of {@link NginxIngress}. */
export interface NginxIngressProps extends NginxIngressOptions {
  /** The proxy nginx sits in front of. */
  readonly proxy: Proxy;
}

/** Settings shared by both modes, validated. */
interface CommonSettings {
  readonly names: HubNames;
  readonly maxBodyBytes: number;
  readonly connectTimeout: number;
  readonly readTimeout: number;
}

/**
 * The hub's front door. In {@link NginxIngressMode.SIDECAR} mode (the default, as the seed)
 * nginx runs in the proxy pod with a generated `nginx.conf` (ConfigMap `nginx-proxy-config`):
 * `proxy-public` → nginx → configurable-http-proxy, with the body-size limit, websocket upgrade,
 * timeouts and optional TLS. In {@link NginxIngressMode.INGRESS_RESOURCE} mode it is a standard
 * Ingress for the cluster's ingress controller, pointing at `proxy-public`.
 */
export class NginxIngress extends Construct {
  /** The generated `nginx.conf` (sidecar mode). */
  public readonly config?: string;
  /** The Ingress (ingress-resource mode). */
  public readonly ingress?: k8s.KubeIngress;

  private readonly proxy: Proxy;

  public constructor(scope: Construct, id: string, props: NginxIngressProps) {
    checkProps('NginxIngressProps', props);
    super(scope, id);
    // Whole-app checks (duplicate objects, overlapping selectors, nodePorts), once per app.
    addAppChecks(this);
    this.proxy = props.proxy;
    const common: CommonSettings = {
      names: new HubNames(this.proxy.namePrefix),
      maxBodyBytes: sizeBytes(checkSize('maxBodySize', props.maxBodySize ?? Size.mebibytes(64))),
      connectTimeout: checkSeconds('connectTimeout', props.connectTimeout ?? Duration.seconds(10)),
      readTimeout: checkSeconds('readTimeout', props.readTimeout ?? Duration.hours(1)),
    };
    const ingressMode = (props.mode ?? NginxIngressMode.SIDECAR) === NginxIngressMode.INGRESS_RESOURCE;
    // A wildcard is a valid Ingress host and nginx server_name; an IPv4 address only nginx's (the API refuses it in an Ingress).
    if (props.host !== undefined) checkHost('host', props.host, { wildcard: true, ip: !ingressMode });
    if (props.annotations !== undefined) checkAnnotations('annotations', props.annotations);

    if (ingressMode) {
      this.ingress = this.initIngressMode(props, common);
      return;
    }
    this.config = this.initSidecarMode(props, common);
  }

  /** Ingress-resource mode: the Ingress, and the hub's public URL from its host. */
  private initIngressMode(props: NginxIngressProps, common: CommonSettings): k8s.KubeIngress {
    for (const p of ['image', 'resources', 'httpsPort', 'httpsNodePort'] as const) {
      if (props[p] !== undefined)
        fail(p, props[p], "applies to sidecar mode only: remove it, or use 'mode: NginxIngressMode.SIDECAR'");
    }
    const ingress = this.createIngress(props, common);
    // The controller serves the standard ports: the hub's public URL (OAuth callbacks) is the host's.
    if (props.host !== undefined && !props.host.startsWith('*.')) {
      this.proxy.hub.addIntegration(publicUrlIntegration(publicOrigin(props.host, props.tls !== undefined, undefined)));
    }
    return ingress;
  }

  /** Sidecar mode: the generated nginx.conf in its ConfigMap, and nginx (and an ACME client) in the proxy pod. */
  private initSidecarMode(props: NginxIngressProps, common: CommonSettings): string {
    for (const p of ['ingressClassName', 'annotations'] as const) {
      if (props[p] !== undefined)
        fail(
          p,
          props[p],
          "applies to ingress-resource mode only: remove it, or use 'mode: NginxIngressMode.INGRESS_RESOURCE'",
        );
    }
    const tls = props.tls?._bind({ defaultSecretName: `${common.names.prefix}jupyterhub-tls`, host: props.host });
    if (tls?.sidecarUnsupported) fail('tls', tls.description, tls.sidecarUnsupported);
    const httpsPort = this.checkHttpsPorts(props, tls);
    const acme = tls?.acme ? this.addAcme(tls) : undefined;
    const tlsFiles = acme
      ? { certificateFile: ACME_PATHS.tlsFile, keyFile: ACME_PATHS.tlsFile, perHandshake: true }
      : {
          certificateFile: `${NGINX_PATHS.tlsDir}/tls.crt`,
          keyFile: `${NGINX_PATHS.tlsDir}/tls.key`,
          perHandshake: false,
        };
    const config = renderNginxConf({
      httpPort: PORTS.nginxHttp,
      tls: tls ? { port: PORTS.nginxHttps, ...tlsFiles, redirectPort: httpsPort } : undefined,
      acmeChallengeRoot: acme ? ACME_PATHS.webroot : undefined,
      upstream: `127.0.0.1:${PORTS.proxyHttp}`,
      serverNames: tls?.acme ? tls.acme.hosts : props.host !== undefined ? [props.host] : [],
      maxBodyBytes: common.maxBodyBytes,
      connectTimeoutSeconds: common.connectTimeout,
      readTimeoutSeconds: common.readTimeout,
      sendTimeoutSeconds: common.readTimeout,
      tmpDir: NGINX_PATHS.tmp,
      healthPath: '/_nginx_healthz',
    });
    new k8s.KubeConfigMap(this, 'Config', {
      metadata: objectMeta(this, common.names.nginxConfig, this.proxy.podLabels),
      data: { 'nginx.conf': config },
    });
    this.addSidecar(props, common, config, tls, httpsPort, acme);
    return config;
  }

  /** The ACME client next to nginx: it needs port 80 for HTTP-01 validation. */
  private addAcme(tls: IngressTlsConfig): AcmePodParts {
    const proxy = this.proxy;
    if (proxy.publicServiceType === kplus.ServiceType.LOAD_BALANCER && proxy.publicPort !== 80) {
      fail(
        'tls',
        tls.description,
        `needs the Proxy's HTTP 'port' to be 80 (it is ${proxy.publicPort}): the ACME server validates HTTP-01 challenges on port 80 of the host`,
      );
    }
    return addAcmeClient(this, tls.acme!, new HubNames(proxy.namePrefix), proxy.podLabels);
  }

  /** Checks the HTTPS port props against the proxy's; returns the HTTPS Service port. */
  private checkHttpsPorts(props: NginxIngressProps, tls: IngressTlsConfig | undefined): number {
    const proxy = this.proxy;
    if (!tls && (props.httpsPort !== undefined || props.httpsNodePort !== undefined)) {
      fail(
        props.httpsPort !== undefined ? 'httpsPort' : 'httpsNodePort',
        props.httpsPort ?? props.httpsNodePort,
        "needs 'tls': without TLS nginx serves plain HTTP only",
      );
    }
    const httpsPort = checkPort('httpsPort', props.httpsPort ?? 443);
    if (tls && httpsPort === proxy.publicPort)
      fail('httpsPort', httpsPort, `must differ from the proxy's HTTP port (${proxy.publicPort})`);
    if (props.httpsNodePort !== undefined) {
      checkNodePort('httpsNodePort', props.httpsNodePort);
      if (proxy.publicServiceType === kplus.ServiceType.CLUSTER_IP)
        fail('httpsNodePort', props.httpsNodePort, "needs the Proxy's 'serviceType' to be NODE_PORT or LOAD_BALANCER");
      if (props.httpsNodePort === proxy.httpNodePort)
        fail('httpsNodePort', props.httpsNodePort, "must differ from the Proxy's HTTP 'nodePort'");
    }
    return httpsPort;
  }

  /** Puts nginx into the proxy pod, in front of CHP. */
  private addSidecar(
    props: NginxIngressProps,
    common: CommonSettings,
    config: string,
    tls: IngressTlsConfig | undefined,
    httpsPort: number,
    acme: AcmePodParts | undefined,
  ): void {
    const proxy = this.proxy;
    const mounts: k8s.VolumeMount[] = [
      { name: 'nginx-config', mountPath: NGINX_PATHS.configDir, readOnly: true },
      { name: 'nginx-tmp', mountPath: NGINX_PATHS.tmp },
    ];
    const volumes: k8s.Volume[] = [
      { name: 'nginx-config', configMap: { name: common.names.nginxConfig, defaultMode: 0o444 } },
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
      // Owner read plus the pod's fsGroup (nginx's group): no other user can read the key.
      volumes.push({ name: 'nginx-tls', secret: { secretName: tls.secretName as string, defaultMode: 0o440 } });
    }
    if (tls) {
      ports.push({ name: 'nginx-https', containerPort: PORTS.nginxHttps, protocol: 'TCP' });
      publicPorts.push({ name: 'https', port: httpsPort, targetPort: 'nginx-https', nodePort: props.httpsNodePort });
    }
    proxy.addFrontDoor(
      {
        containers: [
          {
            name: 'nginx',
            image: checkPinnedImage('image', props.image ?? IMAGES.nginx),
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
            resources: resources('resources', props.resources, {
              cpuRequest: '50m',
              cpuLimit: '500m',
              memoryRequest: Size.mebibytes(64),
              memoryLimit: Size.mebibytes(256),
            }),
            // Unprivileged image: listens on 8080/8443, so no capability is needed to bind.
            securityContext: restrictedContainer(IDS.nginx, IDS.nginx, true),
            volumeMounts: mounts,
          },
          ...(acme?.containers ?? []),
        ],
        ...(acme ? { initContainers: acme.initContainers, egress: acme.egress } : {}),
        volumes,
        podAnnotations: { 'checksum/nginx-config': checksum(config), ...acme?.podAnnotations },
        fsGroup: tls ? IDS.nginx : undefined,
        publicPorts,
        publicContainerPorts: tls ? [PORTS.nginxHttp, PORTS.nginxHttps] : [PORTS.nginxHttp],
        // The hub's public URL (OAuth callbacks) comes from the host and TLS, never typed twice.
        host: props.host ?? tls?.acme?.hosts[0],
        https: tls !== undefined,
      },
      this.node.path,
    );
  }

  private createIngress(props: NginxIngressProps, common: CommonSettings): k8s.KubeIngress {
    const tls = props.tls?._bind({ defaultSecretName: `${common.names.prefix}jupyterhub-tls`, host: props.host });
    if (tls?.ingressUnsupported) fail('tls', tls.description, tls.ingressUnsupported);
    if (tls && props.host === undefined)
      fail('tls', tls.description, "needs 'host': a TLS certificate is issued for a host name");
    const className = checkDnsSubdomain('ingressClassName', props.ingressClassName ?? 'nginx');
    const annotations: { [key: string]: string } = {
      // Understood by ingress-nginx and the controllers that kept its annotations; others ignore them.
      'nginx.ingress.kubernetes.io/proxy-body-size': String(common.maxBodyBytes),
      'nginx.ingress.kubernetes.io/proxy-connect-timeout': String(common.connectTimeout),
      'nginx.ingress.kubernetes.io/proxy-read-timeout': String(common.readTimeout),
      'nginx.ingress.kubernetes.io/proxy-send-timeout': String(common.readTimeout),
      ...tls?.ingressAnnotations,
      ...props.annotations,
    };
    return new k8s.KubeIngress(this, 'Resource', {
      metadata: objectMeta(this, common.names.ingress, this.proxy.podLabels, annotations),
      spec: {
        ingressClassName: className,
        tls: tls ? [{ hosts: [props.host as string], secretName: tls.secretName as string }] : undefined,
        rules: [
          {
            host: props.host,
            http: {
              paths: [
                {
                  path: '/',
                  pathType: 'Prefix',
                  backend: { service: { name: this.proxy.publicServiceName, port: { number: this.proxy.publicPort } } },
                },
              ],
            },
          },
        ],
      },
    });
  }
}
