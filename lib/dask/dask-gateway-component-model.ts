/**
 * The options of the gateway's own components (`api`, `controller`, `traefik`, `rbac`),
 * validated once into the settings.
 * @internal
 */
import * as kplus from 'cdk8s-plus-27';
import type { DaskGatewayProps } from './dask-gateway-props';
import { DASK_PORTS } from './dask-constants';
import { resolveWorkload, WorkloadModel, WorkloadOptions } from '../core/workload-options';
import {
  checkAnnotations,
  checkDnsSubdomain,
  checkNodePort,
  checkPort,
  checkPositiveInt,
  checkServiceType,
  fail,
} from '../core/validate';

/** One component's pods: the workload options, the replicas and the ServiceAccount it runs as. */
export interface GatewayComponentModel {
  readonly workload: WorkloadModel;
  readonly replicas: number;
  /** The ServiceAccount given with `rbac: false`; undefined: the gateway's own. */
  readonly serviceAccountName?: string;
}

/** The API server's. */
export interface GatewayApiModel extends GatewayComponentModel {
  readonly livenessProbe: boolean;
  readonly readinessProbe: boolean;
  readonly serviceAnnotations: { readonly [key: string]: string };
}

/** Traefik's, with its Service. */
export interface GatewayTraefikModel extends GatewayComponentModel {
  readonly serviceType: kplus.ServiceType;
  readonly port: number;
  readonly nodePort?: number;
  /** A Service port of its own for the schedulers' TLS (a `tcp` entrypoint); undefined: shares `port`. */
  readonly tcpPort?: number;
  readonly tcpNodePort?: number;
  readonly dashboard: boolean;
  readonly serviceAnnotations: { readonly [key: string]: string };
}

/** The three components, and whether the gateway writes their ServiceAccounts and rights. */
export interface GatewayComponentsModel {
  readonly rbac: boolean;
  readonly api: GatewayApiModel;
  readonly controller: GatewayComponentModel;
  readonly traefik: GatewayTraefikModel;
}

/** Env the library sets in the API server's container. */
const API_ENV = ['JUPYTERHUB_API_TOKEN'];

function annotations(prop: string, value: { readonly [key: string]: string } | undefined) {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    fail(prop, value, 'must be an object of strings');
  checkAnnotations(prop, value);
  return { ...value };
}

function component(
  prop: string,
  o: { workload?: WorkloadOptions; serviceAccountName?: string; replicas?: number } | undefined,
  rbac: boolean,
  env: readonly string[] = [],
): GatewayComponentModel {
  const workload = resolveWorkload(`${prop}.workload`, o?.workload, env);
  const account = o?.serviceAccountName;
  if (account !== undefined) {
    checkDnsSubdomain(`${prop}.serviceAccountName`, account);
    if (rbac)
      fail(
        `${prop}.serviceAccountName`,
        account,
        "is a ServiceAccount of your own, taken with 'rbac: false' only: set 'rbac: false' (and give the account the rights its TSDoc lists), or remove it",
      );
    if (Object.keys(workload.serviceAccountAnnotations).length > 0)
      fail(
        `${prop}.workload.serviceAccountAnnotations`,
        workload.serviceAccountAnnotations,
        `annotate the ServiceAccount of your own ('${account}') where you make it: the gateway does not write it`,
      );
  } else if (!rbac) {
    fail(
      `${prop}.serviceAccountName`,
      undefined,
      "must name a ServiceAccount of your own with 'rbac: false' (the gateway writes none; the namespace's default account has none of the rights it needs)",
    );
  }
  return {
    workload,
    replicas: o?.replicas === undefined ? 1 : checkPositiveInt(`${prop}.replicas`, o.replicas),
    serviceAccountName: account,
  };
}

function nodePort(prop: string, value: number | undefined, serviceType: kplus.ServiceType): number | undefined {
  if (value === undefined) return undefined;
  checkNodePort(prop, value);
  if (serviceType === kplus.ServiceType.CLUSTER_IP)
    fail(
      prop,
      value,
      "applies to a NodePort or LoadBalancer Service: set 'serviceType: ServiceType.NODE_PORT', or remove it",
    );
  return value;
}

function traefik(props: DaskGatewayProps, rbac: boolean): GatewayTraefikModel {
  const t = props.traefik;
  const serviceType = checkServiceType('traefik.serviceType', t?.serviceType ?? kplus.ServiceType.CLUSTER_IP);
  const port = t?.port === undefined ? DASK_PORTS.traefikService : checkPort('traefik.port', t.port);
  const tcpPort = t?.tcpPort === undefined ? undefined : checkPort('traefik.tcpPort', t.tcpPort);
  if (tcpPort === port)
    fail('traefik.tcpPort', tcpPort, `is 'port' too: pick another, or remove it (the schedulers then share 'port')`);
  if (t?.tcpNodePort !== undefined && tcpPort === undefined)
    fail('traefik.tcpNodePort', t.tcpNodePort, "is the node port of 'tcpPort': set 'tcpPort' too, or remove it");
  if (t?.tcpNodePort !== undefined && t.tcpNodePort === t.nodePort)
    fail('traefik.tcpNodePort', t.tcpNodePort, "is 'nodePort' too: pick another");
  if (t?.dashboard === true && props.networkPolicy === false)
    fail(
      'traefik.dashboard',
      true,
      "needs 'networkPolicy' (the dashboard has no authentication: without Traefik's NetworkPolicy every pod reaches it): remove 'networkPolicy: false', or the dashboard",
    );
  return {
    ...component('traefik', t, rbac),
    serviceType,
    port,
    nodePort: nodePort('traefik.nodePort', t?.nodePort, serviceType),
    tcpPort,
    tcpNodePort: nodePort('traefik.tcpNodePort', t?.tcpNodePort, serviceType),
    dashboard: t?.dashboard ?? false,
    serviceAnnotations: annotations('traefik.serviceAnnotations', t?.serviceAnnotations),
  };
}

/** Validates `api`, `controller`, `traefik` and `rbac`. */
export function resolveGatewayComponents(props: DaskGatewayProps): GatewayComponentsModel {
  const rbac = props.rbac ?? true;
  const api = props.api;
  return {
    rbac,
    api: {
      ...component('api', api, rbac, API_ENV),
      livenessProbe: api?.livenessProbe ?? true,
      readinessProbe: api?.readinessProbe ?? true,
      serviceAnnotations: annotations('api.serviceAnnotations', api?.serviceAnnotations),
    },
    controller: component('controller', props.controller, rbac),
    traefik: traefik(props, rbac),
  };
}

/** Annotations for `objectMeta`: a copy, or undefined when there are none. */
export function givenAnnotations(a: { readonly [key: string]: string }): { [key: string]: string } | undefined {
  return Object.keys(a).length > 0 ? { ...a } : undefined;
}
