/**
 * The owner check of the clusters' dashboards (dask-gateway #570: a scheduler's dashboard is
 * reachable through Traefik at `<prefix>/clusters/<namespace>.<name>/` by anyone who knows the
 * name, without authentication).
 *
 * Design: a Traefik forwardAuth middleware on every dashboard route (the controller adds
 * `KubeController.proxy_web_middlewares` to each route it makes: dask-gateway 2026.3.0
 * `backends/kubernetes/controller.py:1251-1277`), asking a small JupyterHub service (the hub
 * image's `jupyterhub.services.auth`, OAuth with the hub like any hub service) whether the
 * request's user owns the cluster (the DaskCluster's `spec.username`). Chosen because the two
 * alternatives cannot: a NetworkPolicy sees pods, not users (every browser request comes through
 * the same Traefik), and Dask Gateway's own authentication covers its API only, not the dashboard
 * routes Traefik serves straight from the scheduler.
 *
 * Its parts: the service's Deployment (restricted, the hub image) with its account, which may only
 * `get` DaskClusters of the gateway's namespace; its Service, which only Traefik reaches (its
 * NetworkPolicy); the forwardAuth middleware and a second one that drops the browser's cookies and
 * `Authorization` before a request reaches a dashboard (a scheduler runs its user's code; another
 * user's session must never reach it, e.g. an admin's with `dashboardAdminAccess`); the route of
 * its OAuth callback under the gateway's prefix, so the session cookie's path (the prefix) covers
 * the dashboards. The script: `dask-dashboard-auth-script.ts`.
 * @internal
 */
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import {
  IngressRoute,
  IngressRouteSpecRoutesKind,
  IngressRouteSpecRoutesServicesPort,
  Middleware,
} from '../../imports/traefik.io';
import {
  CALLBACK_PATH,
  CHECK_PATH,
  dashboardAuthArgs,
  HEALTH_PATH,
  renderDashboardAuthScript,
} from './dask-dashboard-auth-script';
import { createGatewayDeployment } from './dask-gateway-deployment';
import { DaskGatewayModel, gatewayLabels } from './dask-gateway-model';
import { INSTANCE_LABEL } from './dask-constants';
import { HubService } from '../hub/hub-service';
import { ACCESS_LABELS, IDS } from '../core/constants';
import { checksum, httpProbe, objectMeta } from '../core/k8s';

/** The service's port. */
export const DASHBOARD_AUTH_PORT = 8000;

const SCRIPT_DIR = '/etc/dask-dashboard-auth';

/** The dashboard auth service as a hub service: no URL of its own (Traefik routes its callback), an OAuth client. */
export function createDashboardAuthHubService(scope: Construct, id: string, model: DaskGatewayModel): HubService {
  const n = model.names;
  return new HubService(scope, id, {
    name: n.dashboardAuthService,
    oauthRedirectUri: `${n.prefix}/${CALLBACK_PATH}`,
    // Run by the hub's operator, and it only learns who the user is.
    oauthNoConfirm: true,
    // JupyterHub lets a user log in to a service (its OAuth) only with access to it:
    // `access:services!service=<name>` in the user role (JupyterHub 5.5 `apihandlers/auth.py`, the
    // authorize handler's access check).
    userAccess: true,
    description: `Dask Gateway dashboards: serves each cluster's dashboard to its owner only (Traefik ${n.traefik} asks it)`,
  });
}

/** The Deployment, its account and rights, Service, middlewares, callback route and NetworkPolicy. */
export function createDashboardAuth(scope: Construct, model: DaskGatewayModel, service: HubService): void {
  const n = model.names;
  const labels = gatewayLabels(model, 'dashboardAuth');
  const script = renderDashboardAuthScript();
  new k8s.KubeConfigMap(scope, 'DashboardAuthScript', {
    metadata: objectMeta(scope, n.dashboardAuth, labels),
    data: { 'dashboard_auth.py': script },
  });
  createDashboardAuthRbac(scope, model, labels);
  createGatewayDeployment(scope, model, 'DashboardAuth', 'dashboardAuth', dashboardAuthContainer(model, service), {
    uid: IDS.hub,
    // In the hub's namespace, the hub's access label lets it reach the hub's API (a namespace of
    // its own: the gateway's policy in the hub's namespace admits it).
    podLabels: model.ownNamespace ? {} : { [ACCESS_LABELS.hub]: 'true' },
    // In the hub's namespace, the hub's pull secrets (`HubProps.imagePullSecrets`); a Secret of the
    // hub's namespace is of no use in a namespace of its own.
    imagePullSecrets: model.ownNamespace ? [] : model.hubImagePullSecrets,
    annotations: { 'checksum/dashboard-auth': checksum(script) },
    volumes: [{ name: 'script', configMap: { name: n.dashboardAuth, defaultMode: 0o444 } }],
    mounts: [{ name: 'script', mountPath: SCRIPT_DIR, readOnly: true }],
  });
  new k8s.KubeService(scope, 'DashboardAuthService', {
    metadata: objectMeta(scope, n.dashboardAuth, labels),
    spec: {
      type: 'ClusterIP',
      selector: labels,
      ports: [
        { name: 'http', port: DASHBOARD_AUTH_PORT, targetPort: k8s.IntOrString.fromString('http'), protocol: 'TCP' },
      ],
    },
  });
  createDashboardAuthRoutes(scope, model);
}

/** The service's container: the script with its settings as arguments, its token and OAuth client in the env. */
function dashboardAuthContainer(model: DaskGatewayModel, service: HubService): k8s.Container {
  const n = model.names;
  return {
    name: 'dashboard-auth',
    image: model.dashboardAuthImage,
    command: dashboardAuthArgs(
      {
        port: DASHBOARD_AUTH_PORT,
        namespace: model.namespace,
        prefix: n.prefix,
        adminAccess: model.dashboardAdminAccess,
      },
      `${SCRIPT_DIR}/dashboard_auth.py`,
    ),
    env: [
      { name: 'JUPYTERHUB_API_TOKEN', valueFrom: { secretKeyRef: service.apiTokenRef } },
      { name: 'JUPYTERHUB_API_URL', value: model.config.hubApiUrl },
      { name: 'JUPYTERHUB_BASE_URL', value: model.hubBaseUrl },
      { name: 'JUPYTERHUB_CLIENT_ID', value: `service-${service.name}` },
      { name: 'JUPYTERHUB_SERVICE_NAME', value: service.name },
      { name: 'JUPYTERHUB_SERVICE_PREFIX', value: `${n.prefix}/` },
      { name: 'JUPYTERHUB_OAUTH_CALLBACK_URL', value: `${n.prefix}/${CALLBACK_PATH}` },
    ],
    ports: [{ name: 'http', containerPort: DASHBOARD_AUTH_PORT, protocol: 'TCP' }],
    readinessProbe: httpProbe(HEALTH_PATH, 'http', { periodSeconds: 10, failureThreshold: 3, timeoutSeconds: 2 }),
    livenessProbe: httpProbe(HEALTH_PATH, 'http', {
      initialDelaySeconds: 5,
      periodSeconds: 10,
      failureThreshold: 6,
      timeoutSeconds: 2,
    }),
  };
}

/** `get` on DaskClusters of the gateway's namespace: the owner of the cluster asked about. */
function createDashboardAuthRbac(scope: Construct, model: DaskGatewayModel, labels: { [key: string]: string }): void {
  const name = model.names.dashboardAuth;
  new k8s.KubeServiceAccount(scope, 'DashboardAuthServiceAccount', {
    metadata: objectMeta(scope, name, labels),
    automountServiceAccountToken: true,
  });
  new k8s.KubeRole(scope, 'DashboardAuthRole', {
    metadata: objectMeta(scope, name, labels),
    rules: [{ apiGroups: ['gateway.dask.org'], resources: ['daskclusters'], verbs: ['get'] }],
  });
  new k8s.KubeRoleBinding(scope, 'DashboardAuthRoleBinding', {
    metadata: objectMeta(scope, name, labels),
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
    subjects: [{ kind: 'ServiceAccount', name, namespace: model.namespace }],
  });
}

/** The two middlewares of every dashboard route and the route of the OAuth callback. */
function createDashboardAuthRoutes(scope: Construct, model: DaskGatewayModel): void {
  const n = model.names;
  const meta = (name: string) =>
    objectMeta(scope, name, { ...gatewayLabels(model, 'traefik'), [INSTANCE_LABEL]: n.name });
  const service = `http://${n.dashboardAuth}.${model.namespace}:${DASHBOARD_AUTH_PORT}`;
  new Middleware(scope, 'DashboardAuthMiddleware', {
    metadata: meta(n.dashboardAuthMiddleware),
    spec: {
      forwardAuth: {
        address: `${service}${n.prefix}/${CHECK_PATH}`,
        // Only these of the browser's headers reach the check; Traefik adds X-Forwarded-Method,
        // -Proto, -Host, -Uri and -For of its own (trustForwardHeader false: a client's are
        // replaced). Traefik 3.3.5 `pkg/middlewares/auth/forward.go:340-417` (writeHeader,
        // filterForwardRequestHeaders).
        authRequestHeaders: ['Accept', 'Authorization', 'Cookie', 'Sec-Fetch-Mode', 'Sec-Fetch-Site'],
        trustForwardHeader: false,
        // The login redirect is a path of the hub, not of the auth service: kept as it is, not made
        // absolute on the auth service's address (`forward.go:286-295` redirectURL). A refusal's
        // status, body and headers (the OAuth state cookie) go to the browser (`:221-240`).
        preserveLocationHeader: true,
      },
    },
  });
  new Middleware(scope, 'DashboardCredentialsMiddleware', {
    metadata: meta(n.dashboardCredentialsMiddleware),
    // An empty value removes the header (Traefik 3.3.5 `pkg/middlewares/headers/header.go:66-80`
    // modifyCustomRequestHeaders): the browser's hub session never reaches a scheduler.
    spec: { headers: { customRequestHeaders: { Cookie: '', Authorization: '' } } },
  });
  new IngressRoute(scope, 'DashboardAuthRoute', {
    metadata: meta(n.dashboardAuth),
    spec: {
      entryPoints: ['web'],
      routes: [
        {
          kind: IngressRouteSpecRoutesKind.RULE,
          // Only the callback: the check is for Traefik's forwardAuth, not routed to browsers.
          match: `Path(\`${n.prefix}/${CALLBACK_PATH}\`)`,
          services: [
            { name: n.dashboardAuth, port: IngressRouteSpecRoutesServicesPort.fromNumber(DASHBOARD_AUTH_PORT) },
          ],
        },
      ],
    },
  });
}
