import { Duration, Size } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { resources } from '../core/k8s';
import { AcmeDirectory, AcmeTlsOptions, checkAcmeEmail } from './acme';
import { checkProps } from '../core/check-props';
import { IMAGES } from '../core/constants';
import { checkNginxValue } from './nginx-values';
import { checkDnsSubdomain, checkPinnedImage, fail } from '../core/validate';
import { checkHost } from '../core/validate-host';

/** Options of a TLS Secret you create ({@link IngressTls.fromSecretName}). */
export interface SecretTlsOptions {
  /**
   * The Secret's key that holds the certificate chain (PEM), when it is not the standard one
   * (Zero to JupyterHub's `proxy.https.secret.crt`). Sidecar mode only: an ingress controller
   * reads the standard keys.
   * @default 'tls.crt'
   */
  readonly certificateKey?: string;
  /**
   * The Secret's key that holds the private key (PEM), when it is not the standard one (Zero to
   * JupyterHub's `proxy.https.secret.key`). Sidecar mode only.
   * @default 'tls.key'
   */
  readonly privateKeyKey?: string;
}

/** Options of a cert-manager issued certificate. */
export interface CertManagerTlsOptions {
  /**
   * Whether the issuer is a ClusterIssuer (else an Issuer in the hub's namespace).
   * @default true
   */
  readonly clusterIssuer?: boolean;

  /**
   * Secret cert-manager writes the certificate to.
   * @default - `<namePrefix>jupyterhub-tls`
   */
  readonly secretName?: string;

  /**
   * Whether the issuer can issue a wildcard certificate (`*.hub.example.org`), which a front
   * door's `subdomainHost` needs: an ACME issuer with a DNS-01 solver, or a CA issuer. An ACME
   * issuer that solves HTTP-01 only cannot ("HTTP-01 ... can't be used to validate wildcard
   * domains", https://letsencrypt.org/docs/challenge-types/), so a front door with `subdomainHost` refuses this source unless it is set.
   * @default false
   */
  readonly issuesWildcards?: boolean;
}

/**
 * Where a front door's certificate comes from, as its source resolves it for the front door
 * ({@link IngressTls.bind}). Return one from your own subclass of {@link IngressTls} to take the
 * certificate from somewhere the factories do not cover.
 */
export interface IngressTlsConfig {
  /**
   * The `kubernetes.io/tls` Secret (keys `tls.crt`, `tls.key`) in the hub's namespace that holds
   * the certificate.
   * @default - the front door's `<namePrefix>jupyterhub-tls`; none with `acme` (the certificate is made in the proxy pod)
   */
  readonly secretName?: string;
  /**
   * The keys of `secretName` that hold the certificate and the private key, when they are not
   * `tls.crt` and `tls.key` (sidecar mode: nginx reads them under the standard names).
   * @default - the standard keys
   */
  readonly secretKeys?: SecretTlsOptions;
  /**
   * Annotations of the Ingress (ingress-resource mode), e.g. cert-manager's issuer.
   * @default - none
   */
  readonly ingressAnnotations?: { [key: string]: string };
  /**
   * Why this source cannot serve nginx in the proxy pod (sidecar mode), as the rest of an error
   * message ("needs 'mode: ...'").
   * @default - it can
   */
  readonly sidecarUnsupported?: string;
  /**
   * Why this source cannot serve an Ingress (ingress-resource mode), as the rest of an error message.
   * @default - it can
   */
  readonly ingressUnsupported?: string;
  /** How the user wrote the source, for error messages (e.g. `IngressTls.fromSecretName('hub-tls')`). */
  readonly description: string;
  /**
   * An ACME client next to nginx in the proxy pod that obtains and renews the certificate
   * (sidecar mode only).
   * @default - none
   */
  readonly acme?: AcmeSettings;
}

/** The ACME client of {@link IngressTls.acme}, validated: what it orders, from where, and its images. */
export interface AcmeSettings {
  /** Contact address of the ACME account. */
  readonly email: string;
  /** The ACME server's directory URL (`https://`). */
  readonly directoryUrl: string;
  /** Host names of the certificate (DNS names, no wildcard); the first names the client's files. */
  readonly hosts: string[];
  /** Renew when fewer than this many days are left. */
  readonly renewDays: number;
  /** Image of the ACME client (lego), pinned. */
  readonly image: string;
  /** Image with `python3` that keeps the client's state in its Secret, pinned. */
  readonly stateImage: string;
  /**
   * Resources of the client's container.
   * @default - requests 10m CPU and 32Mi memory; limits 200m CPU and 128Mi
   */
  readonly resources?: k8s.ResourceRequirements;
  /**
   * Resources of the state containers.
   * @default - requests 10m CPU and 32Mi memory; limits 200m CPU and 128Mi
   */
  readonly stateResources?: k8s.ResourceRequirements;
}

/** What a front door tells the certificate source when it binds it. */
export interface IngressTlsContext {
  /**
   * The front door's `host`.
   * @default - none: the door answers any host
   */
  readonly host?: string;
  /**
   * The front door's `subdomainHost` (per-user origins): the certificate must then be valid for
   * `*.<subdomainHost>` too, and `host` is the hub's own host (`subdomainHost`).
   * @default - none: no wildcard is needed
   */
  readonly subdomainHost?: string;
}

/** The ACME containers' default resources: small, they sleep between checks. */
const ACME_RESOURCES = {
  cpuRequest: '10m',
  cpuLimit: '200m',
  memoryRequest: Size.mebibytes(32),
  memoryLimit: Size.mebibytes(128),
};

/** The ACME client image (lego; the generator's flags are checked against 4.9.1 and 4.35.2). */
const LEGO_IMAGE = 'docker.io/goacme/lego:v4.35.2';

/**
 * Where the TLS certificate of the hub's front door comes from. Private keys are never part of
 * the synthesized manifests: they live in a Secret you or cert-manager create, or are made in the
 * proxy pod by an ACME client ({@link IngressTls.acme}).
 *
 * A source of your own is a subclass that implements {@link bind}:
 *
 * @example
 * class VaultSyncedTls extends IngressTls {
 *   public bind(): IngressTlsConfig {
 *     // A Secret that your secret operator keeps up to date.
 *     return { secretName: 'hub-tls-from-vault', description: 'VaultSyncedTls' };
 *   }
 * }
 */
export abstract class IngressTls {
  /**
   * A Secret with the certificate that you create: a `kubernetes.io/tls` Secret (keys `tls.crt`,
   * `tls.key`), or in sidecar mode any Secret, its keys named in `options`.
   * @param secretName the Secret, in the front door's namespace
   * @param options the keys, when they are not the standard ones
   */
  public static fromSecretName(secretName: string, options: SecretTlsOptions = {}): IngressTls {
    checkProps('IngressTls.fromSecretName', { secretName, options });
    return new SecretTls(checkDnsSubdomain('secretName', secretName), checkSecretKeys(options));
  }

  /** A certificate cert-manager issues for the Ingress (ingress-resource mode). */
  public static certManager(issuerName: string, options: CertManagerTlsOptions = {}): IngressTls {
    checkProps('IngressTls.certManager', { issuerName, options });
    checkDnsSubdomain('issuerName', issuerName);
    if (options.secretName !== undefined) checkDnsSubdomain('options.secretName', options.secretName);
    return new CertManagerTls(issuerName, options);
  }

  /**
   * A certificate from an ACME server (Let's Encrypt by default) for the given hosts, obtained
   * and renewed by an ACME client (lego) next to nginx in the proxy pod (sidecar mode only):
   * HTTP-01 validation through nginx on port 80, HTTP redirected to HTTPS except the challenge
   * path, the account and certificate kept in a Secret across restarts, a renewed certificate
   * served without a restart. See docs/customizing.md, "Automatic HTTPS".
   */
  public static acme(options: AcmeTlsOptions): IngressTls {
    checkProps('IngressTls.acme', { options });
    checkAcmeEmail('tls.email', options.email);
    return new AcmeTls(options);
  }

  /**
   * Resolves the source for the front door that uses it; called once by that door (an
   * {@link NginxIngress}) when it is created. May check the context and throw.
   * @param context what the front door tells the source (its host)
   * @returns where the certificate comes from
   */
  public abstract bind(context: IngressTlsContext): IngressTlsConfig;
}

/** A Secret's key: letters, digits, '-', '_', '.' (the API's rule), the two different. */
function checkSecretKeys(o: SecretTlsOptions): SecretTlsOptions | undefined {
  const keys: [string, string | undefined][] = [
    ['options.certificateKey', o.certificateKey],
    ['options.privateKeyKey', o.privateKeyKey],
  ];
  for (const [prop, key] of keys) {
    if (key !== undefined && (typeof key !== 'string' || !/^[-._a-zA-Z0-9]{1,253}$/.test(key) || /^\.\.?$/.test(key)))
      fail(prop, key, "must be a Secret key: letters, digits, '-', '_' and '.' (e.g. 'cert.pem')");
  }
  const crt = o.certificateKey ?? 'tls.crt';
  const key = o.privateKeyKey ?? 'tls.key';
  if (crt === key) fail('options.privateKeyKey', key, "is the certificate's key too: the two must differ");
  return crt === 'tls.crt' && key === 'tls.key' ? undefined : { certificateKey: crt, privateKeyKey: key };
}

class SecretTls extends IngressTls {
  public constructor(
    private readonly secretName: string,
    private readonly keys: SecretTlsOptions | undefined,
  ) {
    super();
  }

  public bind(context: IngressTlsContext = {}): IngressTlsConfig {
    checkProps('IngressTls#bind', { context });
    checkDnsSubdomain('tls.secretName', this.secretName);
    const k = this.keys;
    return {
      secretName: this.secretName,
      ingressAnnotations: {},
      description: `IngressTls.fromSecretName('${this.secretName}'${k ? `, { certificateKey: '${k.certificateKey}', privateKeyKey: '${k.privateKeyKey}' }` : ''})`,
      ...(k
        ? {
            secretKeys: k,
            ingressUnsupported:
              "names keys other than 'tls.crt' and 'tls.key', which an ingress controller does not read: give the Secret the standard keys, or use 'mode: NginxIngressMode.SIDECAR'",
          }
        : {}),
    };
  }
}

class CertManagerTls extends IngressTls {
  public constructor(
    private readonly issuerName: string,
    private readonly options: CertManagerTlsOptions,
  ) {
    super();
  }

  public bind(context: IngressTlsContext = {}): IngressTlsConfig {
    checkProps('IngressTls#bind', { context });
    checkDnsSubdomain('tls.issuerName', this.issuerName);
    const secretName =
      this.options.secretName === undefined ? undefined : checkDnsSubdomain('tls.secretName', this.options.secretName);
    const annotation =
      (this.options.clusterIssuer ?? true) ? 'cert-manager.io/cluster-issuer' : 'cert-manager.io/issuer';
    const description = `IngressTls.certManager('${this.issuerName}')`;
    if (context.subdomainHost !== undefined && !(this.options.issuesWildcards ?? false))
      fail(
        'tls',
        description,
        `cannot be shown to issue the wildcard certificate for '*.${context.subdomainHost}' that 'subdomainHost' needs: an ACME issuer solving HTTP-01 cannot (wildcards need DNS-01); if the issuer solves DNS-01 or is a CA, say so with IngressTls.certManager('${this.issuerName}', { issuesWildcards: true })`,
      );
    return {
      secretName,
      ingressAnnotations: { [annotation]: this.issuerName },
      description,
      sidecarUnsupported: `needs 'mode: NginxIngressMode.INGRESS_RESOURCE' (cert-manager reads Ingress annotations); in sidecar mode use IngressTls.fromSecretName() with the Secret a cert-manager Certificate writes`,
    };
  }
}

class AcmeTls extends IngressTls {
  public constructor(private readonly options: AcmeTlsOptions) {
    super();
  }

  public bind(context: IngressTlsContext = {}): IngressTlsConfig {
    checkProps('IngressTls#bind', { context });
    const o = this.options;
    const email = checkAcmeEmail('tls.email', o.email);
    if (context.subdomainHost !== undefined)
      fail(
        'tls',
        `IngressTls.acme({ email: '${email}' })`,
        `cannot issue the wildcard certificate for '*.${context.subdomainHost}' that 'subdomainHost' needs: its client validates by HTTP-01, and ACME servers validate a wildcard by DNS-01 only; use IngressTls.fromSecretName() with a wildcard certificate (e.g. from a cert-manager Certificate with a DNS-01 solver), or IngressTls.certManager(issuer, { issuesWildcards: true }) in ingress-resource mode`,
      );
    const hosts = acmeHosts(o.hosts ?? (context.host !== undefined ? [context.host] : []), context.host);
    const directoryUrl = (o.directory ?? AcmeDirectory.LETS_ENCRYPT).url;
    return {
      ingressAnnotations: {},
      description: `IngressTls.acme({ email: '${email}' })`,
      ingressUnsupported:
        "runs an ACME client next to nginx in the proxy pod: use 'mode: NginxIngressMode.SIDECAR', or IngressTls.certManager() for an ingress controller",
      acme: {
        email,
        directoryUrl,
        hosts,
        renewDays: renewDays(o.renewBefore ?? Duration.days(30)),
        image: checkPinnedImage('tls.image', o.image ?? LEGO_IMAGE),
        stateImage: checkPinnedImage('tls.stateImage', o.stateImage ?? IMAGES.hub),
        resources: resources('tls.resources', o.resources, ACME_RESOURCES),
        stateResources: resources('tls.stateResources', o.stateResources, ACME_RESOURCES),
      },
    };
  }
}

/** The certificate's hosts: 1 to 100 distinct DNS names, no wildcard, the front door's host among them. */
function acmeHosts(hosts: string[], doorHost: string | undefined): string[] {
  if (hosts.length === 0)
    fail(
      'tls.hosts',
      hosts,
      "is empty: a certificate is issued for host names; give 'hosts' here or the front door's 'host'",
    );
  if (hosts.length > 100)
    fail(
      'tls.hosts',
      `${hosts.length} hosts`,
      "must be at most 100 names (Let's Encrypt's limit per certificate): split the hub's names",
    );
  const seen = new Set<string>();
  hosts.forEach((h, i) => {
    if (h.startsWith('*.'))
      fail(
        `tls.hosts[${i}]`,
        h,
        'is a wildcard, which HTTP-01 validation cannot prove: list each host name, or use IngressTls.fromSecretName() with a certificate obtained by DNS-01 (e.g. a cert-manager Certificate)',
      );
    checkHost(`tls.hosts[${i}]`, h, { wildcard: false, ip: false });
    checkNginxValue(`tls.hosts[${i}]`, h);
    if (seen.has(h)) fail('tls.hosts', hosts, `lists '${h}' twice: list each host once`);
    seen.add(h);
  });
  if (doorHost !== undefined && !hosts.includes(doorHost)) {
    fail(
      'tls.hosts',
      hosts,
      `does not include the front door's host '${doorHost}': the certificate would not be valid for it; add it or change 'host'`,
    );
  }
  return hosts;
}

/** `renewBefore` in whole days, at least 1. */
function renewDays(renewBefore: Duration): number {
  const days = renewBefore.toMilliseconds() / 86_400_000;
  if (!Number.isInteger(days) || days < 1)
    fail(
      'tls.renewBefore',
      `${renewBefore.toSeconds()}s`,
      'must be a whole number of days, at least 1 (e.g. Duration.days(30))',
    );
  return days;
}
