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
 * Where the TLS certificate of the hub's front door comes from. Private keys are never part of
 * the synthesized manifests: they live in a Secret you or cert-manager create.
 */
export class IngressTls {
  /** A `kubernetes.io/tls` Secret (keys `tls.crt`, `tls.key`) that you create. */
  public static fromSecretName(secretName: string): IngressTls {
    return new IngressTls(secretName, undefined, false, true);
  }

  /** A certificate cert-manager issues for the Ingress (ingress-resource mode). */
  public static certManager(issuerName: string, options: CertManagerTlsOptions = {}): IngressTls {
    return new IngressTls(options.secretName, issuerName, true, options.clusterIssuer ?? true);
  }

  private constructor(
    /** Secret with the certificate. */
    public readonly secretName: string | undefined,
    /** cert-manager issuer name. */
    public readonly issuerName: string | undefined,
    /** Whether cert-manager issues the certificate. */
    public readonly certManager: boolean,
    /** Whether the issuer is a ClusterIssuer. */
    public readonly clusterIssuer: boolean,
  ) {}
}
