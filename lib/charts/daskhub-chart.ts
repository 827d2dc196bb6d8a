import { isIP } from 'net';
import { Chart, ChartProps, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { AcmeDirectory } from '../front-door/acme';
import { Authenticator } from '../auth/authenticator';
import { DaskClusterOption } from '../dask/dask-cluster-option';
import { DaskGateway } from '../dask/dask-gateway';
import { Hub } from '../hub/hub';
import { IngressTls } from '../front-door/ingress-tls';
import { checkProps } from '../core/check-props';
import { checkDnsLabel, fail, isPinnedImage } from '../core/validate';
import { checkHost } from '../core/validate-host';
import { Namespace } from '../core/namespace';
import { NamespaceQuota } from '../core/namespace-quota';
import { NginxIngress } from '../front-door/nginx-ingress';
import { NodePool, NodePurpose } from '../users/node-pool';
import { Proxy } from '../front-door/proxy';
import { IsolationSelfTest } from './isolation-self-test';

/**
 * Props of {@link DaskhubChart}. Where the original daskhub deployment's `config.yaml` has a placeholder
 * (`<adapp-client-id>`, `<your-email>`, ...), the default is a clearly fake example that passes the
 * checks, so that `dist/daskhub.k8s.yaml` can be synthesized and read: set every one of them before
 * deploying (with the defaults Azure AD refuses the sign-in and Let's Encrypt refuses the
 * `example.org` contact). The original deployment's `<hub-name>` and `<azure-region>` (AKS's name of the load
 * balancer) are the options `azureDnsLabelName` and `azureRegion`; `main.ts` gives them examples.
 */
export interface DaskhubChartProps extends ChartProps {
  /**
   * The host name users reach the hub at: nginx's server name, the name of the certificate from
   * the ACME directory (HTTP-01: it must resolve to `proxy-public`'s load balancer), and the OAuth
   * callback `https://<host>/hub/oauth_callback`. One DNS name, no wildcard, no IP address.
   * @default - `<azureDnsLabelName>.<azureRegion>.cloudapp.azure.com` with `azureDnsLabelName`, else `'daskhub.example.org'` (an example)
   */
  readonly host?: string;

  /**
   * AKS: the DNS label of `proxy-public`'s public IP
   * (`service.beta.kubernetes.io/azure-dns-label-name`, the original deployment's `<hub-name>`): Azure then
   * resolves `<azureDnsLabelName>.<azureRegion>.cloudapp.azure.com` to the load balancer, the
   * default `host` (a `host` of your own may be a CNAME to that name). Give `azureRegion` with it,
   * or `host`.
   * @default - no DNS name from Azure: point the host's DNS record at the load balancer's address
   */
  readonly azureDnsLabelName?: string;

  /**
   * AKS: the Azure region of the cluster, as in its host names (the original deployment's `<azure-region>`), for
   * the default `host` `<azureDnsLabelName>.<azureRegion>.cloudapp.azure.com`. Only with
   * `azureDnsLabelName`; not with a `host` outside that region's zone.
   * @default - none: the `host` is given, or not Azure's
   */
  readonly azureRegion?: string;

  /**
   * The Microsoft Entra ID (Azure AD) tenant of the app registration: its id (a GUID) or a verified
   * domain (the original deployment's `<adapp-tenant-id>`).
   * @default '00000000-0000-0000-0000-000000000000' (an example)
   */
  readonly tenantId?: string;

  /**
   * Client (application) id of the app registration (the original deployment's `<adapp-client-id>`; not a secret).
   * Its redirect URI is `https://<host>/hub/oauth_callback`.
   * @default '11111111-1111-1111-1111-111111111111' (an example)
   */
  readonly clientId?: string;

  /**
   * Secret in namespace `dhub` that holds the app registration's client secret (the original deployment's
   * `<adapp-client-secret>`, which the chart never holds): create it with
   * `kubectl -n dhub create secret generic azure-ad-oauth --from-literal=client-secret=...`.
   * @default 'azure-ad-oauth'
   */
  readonly clientSecretName?: string;

  /**
   * Key of the client secret in that Secret.
   * @default 'client-secret'
   */
  readonly clientSecretKey?: string;

  /**
   * Users who may log in (user names as the `unique_name` claim gives them, e.g.
   * `ada@contoso.onmicrosoft.com`). The original lists nobody (with OAuthenticator 16 and later only its
   * admins could log in); nobody but `adminUsers` and `allowedGroups` unless you list them.
   * @default - none
   */
  readonly allowedUsers?: string[];

  /**
   * Members of these Azure AD groups (object ids, as the ID token's `groups` claim lists them) may log in.
   * @default - none
   */
  readonly allowedGroups?: string[];

  /**
   * Admins (they may log in too).
   * @default ['admin'] (an example: use the `unique_name` of real accounts)
   */
  readonly adminUsers?: string[];

  /**
   * Members of these Azure AD groups (object ids) are admins.
   * @default - none
   */
  readonly adminGroups?: string[];

  /**
   * Contact address of the Let's Encrypt account (the original deployment's `<your-email>`); by setting it you
   * accept the directory's terms of service.
   * @default 'hub-admin@example.org' (an example, which Let's Encrypt refuses)
   */
  readonly contactEmail?: string;

  /**
   * The ACME directory: `AcmeDirectory.LETS_ENCRYPT_STAGING` while DNS and the load balancer are
   * being set up (untrusted certificates, generous rate limits), then Let's Encrypt's production.
   * @default AcmeDirectory.LETS_ENCRYPT (the original deployment's `letsencrypt`)
   */
  readonly acmeDirectory?: AcmeDirectory;

  /**
   * Image of the users' servers, and the default image of their Dask clusters; it must have
   * `dask-gateway` installed. A moving tag (the original deployment's `:latest`) goes through the explicit
   * `singleUser.allowUnpinnedImage` opt-out: nodes pull it on every start (`imagePullPolicy:
   * Always`), the Dask clusters' pods too; pin the tag you tested instead when you can.
   * @default 'mcr.microsoft.com/planetary-computer/python:latest' (the original deployment's)
   */
  readonly singleUserImage?: string;
}

/** The original deployment's Azure zone of AKS's DNS labels. */
const AZURE_ZONE = 'cloudapp.azure.com';

/** The chart's props by the paths the constructs it makes them into report them under. */
const PROP_PATHS: { readonly [inner: string]: keyof DaskhubChartProps } = {
  'authenticator.tenantId': 'tenantId',
  'authenticator.clientId': 'clientId',
  'authenticator.clientSecret.secret.name': 'clientSecretName',
  'authenticator.clientSecret.key': 'clientSecretKey',
  'authenticator.allowedUsers': 'allowedUsers',
  'authenticator.allowedGroups': 'allowedGroups',
  'authenticator.adminUsers': 'adminUsers',
  'authenticator.adminGroups': 'adminGroups',
  'tls.email': 'contactEmail',
  'singleUser.image': 'singleUserImage',
};

/**
 * Runs `build`, naming in its errors the chart's prop the caller wrote instead of the path the
 * chart passed the value on to (`Invalid 'tls.email'` becomes `Invalid 'contactEmail'`).
 */
function asChartProps<T>(build: () => T): T {
  try {
    return build();
  } catch (e) {
    const m = e instanceof Error ? /^Invalid '([^']*)'/.exec(e.message) : null;
    const prop = m ? PROP_PATHS[m[1]] : undefined;
    if (e instanceof Error && m && prop) {
      const message = `Invalid '${prop}'${e.message.slice(m[0].length)}`;
      // Split and joined, not replace(): a message may hold `$'`, a replacement pattern.
      if (e.stack?.includes(e.message)) e.stack = e.stack.split(e.message).join(message);
      e.message = message;
    }
    throw e;
  }
}

/** The host: given (one DNS name, for HTTP-01), Azure's name of the load balancer, or the example. */
function resolveHost(props: DaskhubChartProps): string {
  const { host, azureDnsLabelName: label, azureRegion: region } = props;
  if (label !== undefined) checkDnsLabel('azureDnsLabelName', label);
  if (region !== undefined) checkDnsLabel('azureRegion', region);
  if (region !== undefined && label === undefined)
    fail(
      'azureRegion',
      region,
      "has no effect without 'azureDnsLabelName': it only names the Azure host of that label",
    );
  if (host === undefined) {
    if (label === undefined) return 'daskhub.example.org';
    if (region === undefined)
      fail(
        'azureDnsLabelName',
        label,
        `needs 'azureRegion' for the host ${label}.<azureRegion>.${AZURE_ZONE} that Azure gives the load balancer, or 'host'`,
      );
    return `${label}.${region}.${AZURE_ZONE}`;
  }
  if (host.startsWith('*.') || isIP(host) !== 0)
    fail(
      'host',
      host,
      "must be one DNS name (e.g. 'hub.example.org'): its certificate is proven by HTTP-01, which proves neither a wildcard nor an address",
    );
  checkHost('host', host, { wildcard: false, ip: false });
  if (region !== undefined && !host.endsWith(`.${AZURE_ZONE}`))
    fail(
      'azureRegion',
      region,
      `has no effect with 'host' '${host}', which is not Azure's name of the load balancer: remove it`,
    );
  if (region !== undefined && !host.endsWith(`.${region}.${AZURE_ZONE}`))
    fail(
      'azureRegion',
      region,
      `disagrees with 'host' '${host}': give the region the host names, or leave 'azureRegion' out`,
    );
  return host;
}

/**
 * DaskHub: JupyterHub in namespace `dhub` with Dask Gateway beside it, behind nginx with
 * a Let's Encrypt certificate for its `host` (on AKS, as in the original deployment,
 * `<azureDnsLabelName>.<azureRegion>.cloudapp.azure.com`, the Service's Azure DNS label agreeing),
 * Azure AD sign-in (client secret from a Secret), and the original deployment's three node pools: core (hub, proxy, the gateway's API server, controller and Traefik), user (users'
 * servers and Dask schedulers) and the spot worker pool (Dask workers). Users' servers start Dask
 * clusters (bounded cores and memory, the notebook's image by default, their own environment
 * variables). The CRDs are in {@link DaskhubCrdsChart}, applied first. Beside it, in the app, the chart
 * `<id>.check`: its live isolation self-test ({@link IsolationSelfTest}), with a decoy scheduler and API
 * server and a prober labelled as a Dask worker.
 */
export class DaskhubChart extends Chart {
  /** The namespace `dhub`. */
  public readonly hubNamespace: Namespace;
  /** The hub. */
  public readonly hub: Hub;
  /** The proxy. */
  public readonly proxy: Proxy;
  /** Dask Gateway. */
  public readonly gateway: DaskGateway;

  /** The namespace of Dask Gateway and its clusters, `dhub-dask`: of its own, apart from the hub's Secrets. */
  public readonly daskNamespace: Namespace;

  /** The front door: nginx with the ACME client in the proxy pod. */
  public readonly frontDoor: NginxIngress;
  /**
   * The quotas and limits of `dhub` (the hub, the proxy, nginx and 20 user servers) and of
   * `dhub-dask` (the gateway and 20 Dask clusters at their largest, one per active server).
   */
  public readonly quotas: NamespaceQuota[];
  /** The live isolation self-test, a chart of its own beside this one (`dist/<id>.check.k8s.yaml`). */
  public readonly isolationCheck: IsolationSelfTest;

  public constructor(scope: Construct, id: string = 'daskhub', props: DaskhubChartProps = {}) {
    checkProps('DaskhubChartProps', props);
    const {
      host: _host,
      azureDnsLabelName,
      azureRegion: _azureRegion,
      tenantId,
      clientId,
      clientSecretName,
      clientSecretKey,
      allowedUsers,
      allowedGroups,
      adminUsers,
      adminGroups,
      contactEmail,
      acmeDirectory,
      singleUserImage,
      ...chartProps
    } = props;
    super(scope, id, { disableResourceNameHashes: true, ...chartProps });
    const host = resolveHost(props);
    const image = singleUserImage ?? 'mcr.microsoft.com/planetary-computer/python:latest';
    this.hubNamespace = new Namespace(this, 'dhub');
    this.hub = asChartProps(() => this.createHub(props, image));
    // The original deployment's proxy-public: a LoadBalancer (on AKS with the DNS label; the proxy on the core pool, as the hub).
    this.proxy = new Proxy(this.hubNamespace, 'proxy', {
      serviceType: kplus.ServiceType.LOAD_BALANCER,
      azureDnsLabelName,
    });
    // The original deployment's proxy.https: Let's Encrypt for the host, by an ACME client beside nginx (not z2jh's autohttps).
    this.frontDoor = asChartProps(
      () =>
        new NginxIngress(this.hubNamespace, 'nginx', {
          host,
          tls: IngressTls.acme({ email: contactEmail ?? 'hub-admin@example.org', directory: acmeDirectory }),
        }),
    );
    // The front door first: the hub derives the OAuth callback URL from its host when the proxy is added.
    this.proxy.addFrontDoor(this.frontDoor);
    this.hub.addIntegration(this.proxy);
    this.daskNamespace = new Namespace(this, 'dhub-dask');
    this.gateway = this.createDaskGateway();
    this.quotas = [this.hubNamespace, this.daskNamespace].map((ns) => new NamespaceQuota(ns, 'quota'));
    // The Namespaces first in the file, so `kubectl apply -f` creates them before their contents.
    this.hubNamespace.orderBefore(this);
    this.daskNamespace.orderBefore(this);
    this.isolationCheck = new IsolationSelfTest(scope, `${id}.check`, { hub: this.hub, daskGateway: this.gateway });
  }

  /** The original deployment's hub: Azure AD, the original deployment's image, the core and user pools. */
  private createHub(props: DaskhubChartProps, image: string): Hub {
    return new Hub(this.hubNamespace, 'hub', {
      // The original deployment's AzureAdOAuthenticator; the callback URL is derived from the front door's host.
      authenticator: Authenticator.azureAd({
        tenantId: props.tenantId ?? '00000000-0000-0000-0000-000000000000',
        clientId: props.clientId ?? '11111111-1111-1111-1111-111111111111',
        clientSecret: {
          secret: kplus.Secret.fromSecretName(this, 'ClientSecret', props.clientSecretName ?? 'azure-ad-oauth'),
          key: props.clientSecretKey ?? 'client-secret',
        },
        allowedUsers: props.allowedUsers,
        allowedGroups: props.allowedGroups,
        adminUsers: props.adminUsers ?? ['admin'],
        adminGroups: props.adminGroups,
      }),
      singleUser: {
        image,
        // Explicit opt-out of the pinned-image rule for the original deployment's `tag: latest` (pull policy Always).
        allowUnpinnedImage: !isPinnedImage(image),
        defaultUrl: '/lab',
        // Fair shares: each server (its kernels run in it; its Dask clusters do not) within 4Gi and 2 CPUs.
        memoryLimit: Size.gibibytes(4),
        cpuGuarantee: kplus.Cpu.millis(100),
        cpuLimit: kplus.Cpu.units(2),
      },
      // Fair shares: at most 20 servers at once, which the namespace's quota is sized for.
      activeServerLimit: 20,
      // The original deployment's pools, as z2jh's defaults place pods on them (`matchNodePurpose: prefer`).
      nodePool: NodePool.nodePurpose(NodePurpose.CORE),
      userNodePool: NodePool.nodePurpose(NodePurpose.USER),
    });
  }

  /** The original deployment's Dask Gateway: its pools and its option handler as typed options. */
  private createDaskGateway(): DaskGateway {
    // In a namespace of its own: its pods (reached by users' code) get no right on the hub's Secrets.
    const gateway = new DaskGateway(this.daskNamespace, 'dask-gateway', {
      // The API server, controller and Traefik on the core pool (the hub's), schedulers on the user pool.
      scheduler: { nodePool: NodePool.nodePurpose(NodePurpose.USER) },
      // The original deployment's dask-gateway.gateway.backend.worker.extraPodConfig: workers required on the spot worker pool.
      worker: { nodePool: NodePool.daskWorkers({ required: true, azureSpot: true }) },
      // Fair shares per cluster (dask-gateway has no limit per user): at most 16 cores and 64 GiB
      // requested and 8 workers; dhub-dask's quota admits one such cluster per active server.
      clusterMaxCores: 16,
      clusterMaxMemory: Size.gibibytes(64),
      clusterMaxWorkers: 8,
      // The original deployment's 01-optionHandler, as typed options.
      clusterOptions: [
        DaskClusterOption.workerCores({ default: 1, min: 1, max: 16, requestFraction: 0.88 }),
        DaskClusterOption.workerMemory({
          default: Size.gibibytes(2),
          min: Size.gibibytes(1),
          max: Size.gibibytes(32),
          requestFraction: 0.95,
        }),
        DaskClusterOption.image(),
        DaskClusterOption.environment(),
      ],
    });
    this.hub.addIntegration(gateway);
    return gateway;
  }
}
