import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { checkProps } from '../core/check-props';
import { fail } from '../core/validate';

/**
 * The ACME server a certificate is ordered from (its directory URL). Let's Encrypt's two
 * directories are constants; any other (an internal CA such as step-ca, a test server) with
 * {@link AcmeDirectory.fromUrl}.
 *
 * Start with {@link AcmeDirectory.LETS_ENCRYPT_STAGING} while DNS and the load balancer are
 * being set up: its rate limits are far higher, and its certificates are not trusted by browsers,
 * so nothing is lost while it fails. Switching the directory orders a new certificate once.
 * @see https://letsencrypt.org/docs/staging-environment/
 */
export class AcmeDirectory {
  /** Let's Encrypt's production directory: browser-trusted certificates, strict rate limits. */
  public static readonly LETS_ENCRYPT = new AcmeDirectory('https://acme-v02.api.letsencrypt.org/directory');

  /** Let's Encrypt's staging directory: untrusted test certificates, generous rate limits. */
  public static readonly LETS_ENCRYPT_STAGING = new AcmeDirectory(
    'https://acme-staging-v02.api.letsencrypt.org/directory',
  );

  /**
   * Any ACME (RFC 8555) directory, by its URL. It must be `https://` (RFC 8555 requires TLS),
   * and its certificate must be trusted by the client image's CA bundle.
   * @param url e.g. 'https://ca.internal.example.org/acme/acme/directory'
   */
  public static fromUrl(url: string): AcmeDirectory {
    checkProps('AcmeDirectory.fromUrl', { url });
    return new AcmeDirectory(checkDirectoryUrl('directory', url));
  }

  /** The directory URL. */
  public readonly url: string;

  private constructor(url: string) {
    this.url = url;
  }
}

/** Options of a certificate obtained from an ACME server by a client in the proxy pod. */
export interface AcmeTlsOptions {
  /**
   * Contact address of the ACME account: Let's Encrypt writes to it about problems with the
   * account or its certificates. By using this option you accept the directory's terms of
   * service (the client registers with `--accept-tos`). Changing it registers a new account and
   * orders a new certificate once (lego keeps one account per directory and email).
   */
  readonly email: string;

  /**
   * Host names the certificate is for (DNS names, no wildcard: HTTP-01 validation cannot prove a
   * wildcard; no IP address). Each must resolve to the proxy's public address, on port 80.
   * @default - the NginxIngress's `host`
   */
  readonly hosts?: string[];

  /**
   * The ACME server.
   * @default AcmeDirectory.LETS_ENCRYPT
   */
  readonly directory?: AcmeDirectory;

  /**
   * Renew when the certificate has less than this left (whole days). Must be shorter than the
   * certificate's lifetime (90 days at Let's Encrypt), or every check (twice a day) renews.
   * The client also follows the server's renewal information (ARI) where the server offers it.
   * @default Duration.days(30)
   */
  readonly renewBefore?: Duration;

  /**
   * Image of the ACME client, lego (its `/lego` binary and the image's `/bin/sh` are used).
   * @default 'docker.io/goacme/lego:v4.35.2'
   */
  readonly image?: string;

  /**
   * Image with `python3` that restores the client's state from its Secret and saves it back (the
   * hub image is already pinned and has what the script needs: Python's standard library).
   * @default 'quay.io/jupyterhub/k8s-hub:4.4.0'
   */
  readonly stateImage?: string;

  /**
   * Resources of the ACME client's container (lego).
   * @default - requests 10m CPU and 32Mi memory; limits 200m CPU and 128Mi
   */
  readonly resources?: kplus.ContainerResources;

  /**
   * Resources of the two containers that restore and save the client's state in its Secret
   * (Zero to JupyterHub's `proxy.secretSync.resources`).
   * @default - requests 10m CPU and 32Mi memory; limits 200m CPU and 128Mi
   */
  readonly stateResources?: kplus.ContainerResources;
}

/** The email address of an ACME account: one plain address (it also names a directory of the client). */
export function checkAcmeEmail(prop: string, value: string): string {
  if (
    !/^[A-Za-z0-9._+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/.test(value) ||
    value.length > 254 ||
    value.startsWith('.')
  ) {
    fail(
      prop,
      value,
      "must be one plain email address such as 'admin@example.org' (letters, digits, '.', '_', '+', '-' before the '@'; it also names a directory of the client)",
    );
  }
  return value;
}

/** An ACME directory URL: https, a host, no credentials, no characters a shell or YAML would read. */
export function checkDirectoryUrl(prop: string, value: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || url.protocol !== 'https:' || url.hostname === '') {
    fail(
      prop,
      value,
      "must be an https:// URL of an ACME directory (RFC 8555 requires TLS), e.g. 'https://acme-v02.api.letsencrypt.org/directory'",
    );
  }
  if (url.username !== '' || url.password !== '')
    fail(prop, value, 'must not hold credentials: an ACME server authenticates accounts by their key');
  if (!/^[\x21-\x7e]+$/.test(value) || /['"`\\$]/.test(value)) {
    fail(prop, value, "must be printable ASCII without spaces, quotes, '$' or '\\' (percent-encode anything else)");
  }
  return value;
}
