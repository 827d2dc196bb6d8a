import { checkProps } from './internal/check-props';
import { checkDnsSubdomain } from './internal/validate';

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
  /** The `kubernetes.io/tls` Secret. */
  readonly secretName: string;
  /** Annotations of the Ingress (cert-manager's issuer). */
  readonly ingressAnnotations: { readonly [key: string]: string };
  /** Why this source cannot serve nginx in the proxy pod, if it cannot. */
  readonly sidecarUnsupported?: string;
  /** How the user wrote it, for error messages. */
  readonly description: string;
}

/**
 * Where the TLS certificate of the hub's front door comes from. Private keys are never part of
 * the synthesized manifests: they live in a Secret you or cert-manager create.
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
   * Validates the source; `defaultSecretName` names the Secret when the source does not.
   * @internal
   */
  public abstract _bind(defaultSecretName: string): IngressTlsConfig;
}

class SecretTls extends IngressTls {
  public constructor(private readonly secretName: string) {
    super();
  }

  public _bind(): IngressTlsConfig {
    checkDnsSubdomain('tls.secretName', this.secretName);
    return { secretName: this.secretName, ingressAnnotations: {}, description: `IngressTls.fromSecretName('${this.secretName}')` };
  }
}

class CertManagerTls extends IngressTls {
  public constructor(private readonly issuerName: string, private readonly options: CertManagerTlsOptions) {
    super();
  }

  public _bind(defaultSecretName: string): IngressTlsConfig {
    checkDnsSubdomain('tls.issuerName', this.issuerName);
    const secretName = checkDnsSubdomain('tls.secretName', this.options.secretName ?? defaultSecretName);
    const annotation = this.options.clusterIssuer ?? true ? 'cert-manager.io/cluster-issuer' : 'cert-manager.io/issuer';
    const description = `IngressTls.certManager('${this.issuerName}')`;
    return {
      secretName,
      ingressAnnotations: { [annotation]: this.issuerName },
      description,
      sidecarUnsupported: `needs 'mode: NginxIngressMode.INGRESS_RESOURCE' (cert-manager reads Ingress annotations); in sidecar mode use IngressTls.fromSecretName() with the Secret a cert-manager Certificate writes`,
    };
  }
}
