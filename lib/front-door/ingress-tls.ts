import { Duration } from 'cdk8s';
import { AcmeDirectory, AcmeTlsOptions, checkAcmeEmail } from './acme';
import { checkProps } from '../core/check-props';
import { IMAGES } from '../core/constants';
import { checkNginxValue } from './nginx-values';
import { checkDnsSubdomain, checkPinnedImage, fail } from '../core/validate';
import { checkHost } from '../core/validate-host';

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
}

/**
 * Where a front door's certificate comes from, once resolved.
 * @internal
 */
export interface IngressTlsConfig {
  /** The `kubernetes.io/tls` Secret; none for ACME (the certificate is made in the proxy pod). */
  readonly secretName?: string;
  /** Annotations of the Ingress (cert-manager's issuer). */
  readonly ingressAnnotations: { readonly [key: string]: string };
  /** Why this source cannot serve nginx in the proxy pod, if it cannot. */
  readonly sidecarUnsupported?: string;
  /** Why this source cannot serve an Ingress, if it cannot. */
  readonly ingressUnsupported?: string;
  /** How the user wrote it, for error messages. */
  readonly description: string;
  /** An ACME client in the proxy pod, validated. */
  readonly acme?: AcmeSettings;
}

/**
 * `IngressTls.acme()`'s options, validated.
 * @internal
 */
export interface AcmeSettings {
  readonly email: string;
  readonly directoryUrl: string;
  /** Host names of the certificate; the first names lego's files. */
  readonly hosts: readonly string[];
  readonly renewDays: number;
  readonly image: string;
  readonly stateImage: string;
}

/**
 * What a front door tells the certificate source when it binds it.
 * @internal
 */
export interface TlsBindContext {
  /** Name of the TLS Secret when the source does not name one. */
  readonly defaultSecretName: string;
  /** The front door's `host`, if it has one. */
  readonly host?: string;
}

/** The ACME client image (lego; the generator's flags are checked against 4.9.1 and 4.35.2). */
const LEGO_IMAGE = 'docker.io/goacme/lego:v4.35.2';

/**
 * Where the TLS certificate of the hub's front door comes from. Private keys are never part of
 * the synthesized manifests: they live in a Secret you or cert-manager create, or are made in the
 * proxy pod by an ACME client ({@link IngressTls.acme}).
 */
export abstract class IngressTls {
  /** A `kubernetes.io/tls` Secret (keys `tls.crt`, `tls.key`) that you create. */
  public static fromSecretName(secretName: string): IngressTls {
    checkProps('IngressTls.fromSecretName', { secretName });
    return new SecretTls(checkDnsSubdomain('secretName', secretName));
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
   * served without a restart. See the README's "Automatic HTTPS".
   */
  public static acme(options: AcmeTlsOptions): IngressTls {
    checkProps('IngressTls.acme', { options });
    checkAcmeEmail('tls.email', options.email);
    return new AcmeTls(options);
  }

  /**
   * Validates the source against the front door that uses it.
   * @internal
   */
  public abstract _bind(ctx: TlsBindContext): IngressTlsConfig;
}

class SecretTls extends IngressTls {
  public constructor(private readonly secretName: string) {
    super();
  }

  public _bind(): IngressTlsConfig {
    checkDnsSubdomain('tls.secretName', this.secretName);
    return {
      secretName: this.secretName,
      ingressAnnotations: {},
      description: `IngressTls.fromSecretName('${this.secretName}')`,
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

  public _bind(ctx: TlsBindContext): IngressTlsConfig {
    checkDnsSubdomain('tls.issuerName', this.issuerName);
    const secretName = checkDnsSubdomain('tls.secretName', this.options.secretName ?? ctx.defaultSecretName);
    const annotation =
      (this.options.clusterIssuer ?? true) ? 'cert-manager.io/cluster-issuer' : 'cert-manager.io/issuer';
    const description = `IngressTls.certManager('${this.issuerName}')`;
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

  public _bind(ctx: TlsBindContext): IngressTlsConfig {
    const o = this.options;
    const email = checkAcmeEmail('tls.email', o.email);
    const hosts = o.hosts ?? (ctx.host !== undefined ? [ctx.host] : []);
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
    if (ctx.host !== undefined && !hosts.includes(ctx.host)) {
      fail(
        'tls.hosts',
        hosts,
        `does not include the front door's host '${ctx.host}': the certificate would not be valid for it; add it or change 'host'`,
      );
    }
    const renewBefore = o.renewBefore ?? Duration.days(30);
    const days = renewBefore.toMilliseconds() / 86_400_000;
    if (!Number.isInteger(days) || days < 1)
      fail(
        'tls.renewBefore',
        `${renewBefore.toSeconds()}s`,
        'must be a whole number of days, at least 1 (e.g. Duration.days(30))',
      );
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
        renewDays: days,
        image: checkPinnedImage('tls.image', o.image ?? LEGO_IMAGE),
        stateImage: checkPinnedImage('tls.stateImage', o.stateImage ?? IMAGES.hub),
      },
    };
  }
}
