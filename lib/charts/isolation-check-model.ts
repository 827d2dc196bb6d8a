/**
 * The live isolation self-test's plan, its types: what each pod of the check is, and what the
 * check is made from (the hub, its gateways), as {@link planIsolationCheck} reads them.
 * @internal
 */

/** Labels of a pod. */
export type Labels = { readonly [key: string]: string };

/** One thing a pod reaches or tries: a name, or a TCP port (a decoy's answers its banner; `http` expects a status line). */
export interface CheckProbe {
  readonly name: string;
  readonly kind: 'dns' | 'tcp' | 'http' | 'decoy';
  readonly host: string;
  readonly port?: number;
  readonly path?: string;
  /** The role whose banner a decoy answers with. */
  readonly decoy?: string;
  /** Whether it must connect (`open`) or must not (`closed`). */
  readonly expect?: 'open' | 'closed';
  /**
   * For a target outside the cluster (no decoy can stand for it): the proof that it is there, a
   * pod that may reach it being ready. Without the proof the line is SKIP: it proves nothing.
   */
  readonly provenBy?: CheckGate;
}

/** A proof a prober waits for: a name that resolves while its pod is ready. */
export interface CheckGate {
  readonly host: string;
  readonly about: string;
}

/** Another prober's verdict: its ready name resolves once it passed; its alive name while it runs. */
export interface CheckResult {
  readonly name: string;
  readonly ready: string;
  readonly alive: string;
  readonly logs: string;
}

/** One pod of the check (a Job of one pod). */
export interface CheckPod {
  /** Its part, e.g. `user-server`, `peer`, `kernel-decoy`. */
  readonly role: string;
  /** Name of its Job and its Service (`<name>-ready`: the Service of its readiness). */
  readonly name: string;
  readonly namespace?: string;
  /** What it stands for, in words. */
  readonly about: string;
  /** The labels it carries for the NetworkPolicies (those of what it stands for). */
  readonly labels: Labels;
  /** Whether it runs where the users' servers run (their node selector, tolerations, affinity). */
  readonly userPlacement: boolean;
  /** When it is ready: never; while its peers answer and its awaited hellos are fresh; once it passed. */
  readonly readyWhen: 'never' | 'peers' | 'verdict';
  readonly listen: readonly number[];
  readonly peers: readonly CheckProbe[];
  /** Listen port -> roles whose hello it waits for. */
  readonly awaitHellos: { readonly [port: string]: readonly string[] };
  readonly gates: readonly CheckGate[];
  /** Present on probers only. */
  readonly checks?: readonly CheckProbe[];
  readonly results: readonly CheckResult[];
  /** Host of the main prober's Service: it runs until that pod came and went. */
  readonly until?: string;
  readonly deadlineSeconds: number;
  readonly gateReserveSeconds: number;
  readonly resultReserveSeconds: number;
}

/** The hub as the check sees it. */
export interface CheckHub {
  readonly namespace?: string;
  readonly namePrefix: string;
  readonly serviceName: string;
  readonly port: number;
  readonly baseUrl: string;
  /** The labels KubeSpawner gives a user's server pod (those NetworkPolicies select). */
  readonly userPodLabels: Labels;
  /** The labels of Zero to JupyterHub that let a pod through the hub's, the proxy API's and the servers' policies. */
  readonly accessLabels: Labels;
  readonly proxyApiService: string;
  readonly proxyApiPort: number;
  /** An external database the hub connects to. */
  readonly database?: { readonly host: string; readonly port: number };
  /** What the users' NetworkPolicy opens on purpose: the metadata endpoint, the private IPs. */
  readonly usersOpen?: { readonly metadata: boolean; readonly privateIPs: boolean };
}

/**
 * The gateway front (issue 19): a JupyterHub service in the hub's namespace that users' servers
 * reach instead of the gateway, which then admits only the front.
 */
export interface CheckGatewayFront {
  /** The URL users' servers are given (`JUPYTER_GATEWAY_URL`). */
  readonly url: string;
}

/** An Enterprise Gateway as the check sees it: its API, and (one of this app) its pods and kernels. */
export interface CheckGateway {
  readonly url: string;
  readonly namespace?: string;
  readonly podLabels?: Labels;
  readonly kernelNamespace?: string;
  readonly kernelLabels: Labels;
  /** Its front, where users' servers reach it through one. */
  readonly front?: CheckGatewayFront;
}

/** A Dask Gateway as the check sees it. */
export interface CheckDask {
  readonly namespace: string;
  /** The users' address of the gateway, through Traefik (`http://<traefik>.<ns>:80<prefix>`). */
  readonly address: string;
  readonly apiLabels: Labels;
  readonly traefikLabels: Labels;
  readonly schedulerLabels: Labels;
  readonly workerLabels: Labels;
  readonly apiPort: number;
  readonly schedulerPort: number;
  readonly dashboardPort: number;
  readonly schedulerApiPort: number;
}

/** What the check is made from. */
export interface CheckInputs {
  readonly hub: CheckHub;
  readonly gateway?: CheckGateway;
  readonly dask?: CheckDask;
  readonly timeoutSeconds: number;
}

/** The cloud metadata endpoint's API (node credentials on every cloud). */
export const METADATA = { host: '169.254.169.254', port: 80 };
/** The port non-decoys listen on (every Service needs a port for its DNS records; it answers the banner). */
export const STATUS_PORT = 8080;
/** The port of the kernel decoy (kernels listen on ports of their own choosing). */
export const KERNEL_DECOY_PORT = 52000;
/** Seconds the main prober keeps for its probes and results after waiting for the proofs. */
export const GATE_RESERVE = 120;
/** Seconds every other pod outlives the main prober's deadline. */
export const HELPER_EXTRA = 120;

/** The name of a Service as seen from a pod of `from`: short in its own namespace. */
export function hostOf(name: string, namespace: string | undefined, from: string | undefined): string {
  return namespace === undefined || namespace === from ? name : `${name}.${namespace}.svc`;
}

/** Host and port of an http URL. */
export function hostPort(url: string): { host: string; port: number; path: string } {
  const u = new URL(url);
  return { host: u.hostname, port: u.port ? Number(u.port) : 80, path: u.pathname };
}

/** A pod of the plan while it is drawn up. */
export interface PodDraft {
  role: string;
  namespace?: string;
  about: string;
  labels: Labels;
  userPlacement?: boolean;
  readyWhen?: 'never' | 'peers' | 'verdict';
  listen?: number[];
  peers?: CheckProbe[];
  awaitHellos?: { [port: string]: string[] };
  gates?: CheckGate[];
  checks?: CheckProbe[];
  results?: CheckResult[];
}
