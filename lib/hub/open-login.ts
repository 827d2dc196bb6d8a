/**
 * The hub's checks of its login against its reach: an authenticator that accepts any password
 * (the dummy one) behind a front door the outside of the cluster reaches is an open door, as is
 * a generated login Secret that is another Secret of the hub.
 * @internal
 */
import * as kplus from 'cdk8s-plus-27';
import { fail } from '../core/validate';
import type { HubExposure } from './hub-integration';
import type { HubModel } from './hub-model';

/** The fixes of an open login: a real login, or the explicit opt-out for a closed network. */
const FIX =
  "use a login with a password: Authenticator.generatedSharedPassword({ adminUsers: ['admin'], allowAll: true }) (both passwords generated in the cluster into Secret 'hub-login'; read one with kubectl get secret hub-login -o jsonpath='{.data.admin-password}' | base64 -d) or a real one (Authenticator.github(), .native(), ...); or, on a closed lab network that nobody else reaches only, say so with Authenticator.dummy({ allowOpenNetwork: true })";

/**
 * Refuses an authenticator that accepts any password when the outside of the cluster reaches the
 * hub (what its proxy says), unless the user allowed it (`allowOpenNetwork`).
 */
export function checkOpenLogin(model: HubModel, exposure: HubExposure, hubPath: string): void {
  const auth = model.authenticator;
  if (!exposure.outsideCluster || !auth.acceptsAnyPassword || auth.openNetworkAllowed) return;
  const admins = auth.adminUsers.length > 0 ? ` (as admin ${auth.adminUsers.map((u) => `'${u}'`).join(', ')} too)` : '';
  fail(
    'authenticator',
    auth.className,
    `accepts any password, and Hub '${hubPath}' is reachable from outside the cluster through ${exposure.via.join(' and ')}: anyone who finds the address logs in${admins} and runs code in the cluster. ${FIX[0].toUpperCase()}${FIX.slice(1)}`,
  );
}

/** A Secret the authenticator generates must be none of the hub's own. */
export function checkGeneratedLoginSecrets(model: HubModel): void {
  for (const s of model.authenticator.generatedSecrets) {
    if (s.name === model.secret.secretName) {
      fail(
        'authenticator.secretName',
        s.name,
        `is the hub's own Secret (the proxy token and cookie secret, 'secret'): give the login Secret another name, e.g. '${model.names.prefix}hub-login'`,
      );
    }
  }
}

/** A NodePort or LoadBalancer hub Service is a way in from outside: an any-password login is refused. */
export function checkHubServiceReach(model: HubModel, hubPath: string): void {
  const type = model.service.type;
  if (type === kplus.ServiceType.CLUSTER_IP) return;
  checkOpenLogin(model, { outsideCluster: true, via: [`Service '${model.names.hub}' of type ${type}`] }, hubPath);
}
