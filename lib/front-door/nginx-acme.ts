/**
 * The ACME client of `IngressTls.acme()` wired to nginx in the proxy pod: the proxy's port
 * checked for HTTP-01 validation, the client's objects made, and the files nginx serves from it.
 * @internal
 */
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { HubNames, NGINX_PATHS } from '../core/constants';
import { fail } from '../core/validate';
import { ACME_PATHS, addAcmeClient, AcmePodParts } from './acme-client';
import type { IngressTlsConfig } from './ingress-tls';
import type { NginxTlsModel } from './nginx-conf';
import type { IProxy } from './proxy-front-door';

/** The ACME client next to nginx: it needs port 80 for HTTP-01 validation. */
export function bindAcmeClient(scope: Construct, tls: IngressTlsConfig, proxy: IProxy): AcmePodParts {
  if (proxy.publicServiceType === kplus.ServiceType.LOAD_BALANCER && proxy.publicPort !== 80) {
    fail(
      'tls',
      tls.description,
      `needs the Proxy's HTTP 'port' to be 80 (it is ${proxy.publicPort}): the ACME server validates HTTP-01 challenges on port 80 of the host`,
    );
  }
  return addAcmeClient(scope, tls.acme!, new HubNames(proxy.namePrefix), proxy.podLabels);
}

/** Where nginx reads its certificate: the ACME client's published file (at every handshake), else the Secret's mount. */
export function nginxTlsFiles(acme: boolean): Omit<NginxTlsModel, 'port' | 'redirectPort' | 'hsts'> {
  return acme
    ? { certificateFile: ACME_PATHS.tlsFile, keyFile: ACME_PATHS.tlsFile, perHandshake: true }
    : {
        certificateFile: `${NGINX_PATHS.tlsDir}/tls.crt`,
        keyFile: `${NGINX_PATHS.tlsDir}/tls.key`,
        perHandshake: false,
      };
}

/** The challenge directory nginx serves on its HTTP port, with an ACME client. */
export function acmeChallengeRoot(acme: boolean): string | undefined {
  return acme ? ACME_PATHS.webroot : undefined;
}
