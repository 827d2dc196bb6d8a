/**
 * Small builders for the pieces every workload repeats: labels, security contexts, resources,
 * probes and NetworkPolicy peers.
 * @internal
 */
import { createHash } from 'crypto';
import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { Namespace } from './namespace';
import { APP, CLOUD_METADATA_IP, PRIVATE_RANGES } from './constants';
import { checkCpu, checkSize, fail } from './validate';

/** The immutable selector labels of a component. */
export function selectorLabels(release: string, component: string): { [key: string]: string } {
  return { app: APP, component, release };
}

/** Renders a Size as a Kubernetes quantity in the largest whole binary unit. */
export function sizeQuantity(size: Size): string {
  const kib = size.toKibibytes();
  if (!Number.isInteger(kib) || kib <= 0) {
    throw new Error(`Size ${kib}KiB must be a positive whole number of KiB`);
  }
  if (kib % (1024 * 1024) === 0) return `${kib / (1024 * 1024)}Gi`;
  if (kib % 1024 === 0) return `${kib / 1024}Mi`;
  return `${kib}Ki`;
}

/** Bytes of a Size. */
export function sizeBytes(size: Size): number {
  return size.toKibibytes() * 1024;
}

/** Defaults for a container's resources. */
export interface ResourceDefaults {
  readonly cpuRequest: string;
  readonly cpuLimit: string;
  readonly memoryRequest: Size;
  readonly memoryLimit: Size;
}

/**
 * Requests and limits from typed props over defaults; a limit below its request is an error.
 */
export function resources(
  prop: string,
  given: kplus.ContainerResources | undefined,
  d: ResourceDefaults,
): k8s.ResourceRequirements {
  const cpuRequest = given?.cpu?.request?.amount ?? d.cpuRequest;
  const cpuLimit = given?.cpu?.limit?.amount ?? d.cpuLimit;
  const memRequest = checkSize(`${prop}.memory.request`, given?.memory?.request ?? d.memoryRequest);
  const memLimit = checkSize(`${prop}.memory.limit`, given?.memory?.limit ?? d.memoryLimit);
  checkCpu(`${prop}.cpu.request`, cpuRequest);
  checkCpu(`${prop}.cpu.limit`, cpuLimit);
  const cores = (s: string) => (s.endsWith('m') ? Number(s.slice(0, -1)) / 1000 : Number(s));
  if (cores(cpuLimit) < cores(cpuRequest)) {
    fail(`${prop}.cpu.limit`, cpuLimit, `must be at least the CPU request (${cpuRequest})`);
  }
  if (memLimit.toKibibytes() < memRequest.toKibibytes()) {
    fail(
      `${prop}.memory.limit`,
      sizeQuantity(memLimit),
      `must be at least the memory request (${sizeQuantity(memRequest)})`,
    );
  }
  return {
    requests: { cpu: k8s.Quantity.fromString(cpuRequest), memory: k8s.Quantity.fromString(sizeQuantity(memRequest)) },
    limits: { cpu: k8s.Quantity.fromString(cpuLimit), memory: k8s.Quantity.fromString(sizeQuantity(memLimit)) },
  };
}

/** A container that cannot escalate, holds no capabilities and runs as the given non-root user. */
export function restrictedContainer(uid: number, gid: number, readOnlyRootFilesystem: boolean): k8s.SecurityContext {
  return {
    runAsUser: uid,
    runAsGroup: gid,
    runAsNonRoot: true,
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** Pod-level security settings. */
export function restrictedPod(fsGroup?: number): k8s.PodSecurityContext {
  return {
    runAsNonRoot: true,
    seccompProfile: { type: 'RuntimeDefault' },
    ...(fsGroup !== undefined ? { fsGroup, fsGroupChangePolicy: 'OnRootMismatch' } : {}),
  };
}

/** An HTTP GET probe on a named port. */
export function httpProbe(
  path: string,
  port: string,
  o: { initialDelaySeconds?: number; periodSeconds: number; failureThreshold: number; timeoutSeconds?: number },
): k8s.Probe {
  return {
    httpGet: { path, port: k8s.IntOrString.fromString(port) },
    initialDelaySeconds: o.initialDelaySeconds,
    periodSeconds: o.periodSeconds,
    failureThreshold: o.failureThreshold,
    timeoutSeconds: o.timeoutSeconds ?? 3,
  };
}

/** A short content hash for pod-template annotations (restarts pods when a mounted file changes). */
export function checksum(...parts: string[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(p).update('\0');
  return h.digest('hex');
}

/** NetworkPolicy peer: pods in the same namespace with these labels. */
export function podPeer(labels: { [key: string]: string }): k8s.NetworkPolicyPeer {
  return { podSelector: { matchLabels: labels } };
}

/** NetworkPolicy ports for TCP port numbers. */
export function tcpPorts(...ports: number[]): k8s.NetworkPolicyPort[] {
  return ports.map((port) => ({ protocol: 'TCP', port: k8s.IntOrString.fromNumber(port) }));
}

/**
 * Egress to DNS servers, on port 53 only: kube-dns in kube-system, a cache on a private address,
 * or one on a link-local address: a node-local cache (169.254.20.10) and, on GKE with Cloud DNS,
 * the metadata server 169.254.169.254, every pod's resolver there (Zero to JupyterHub 4.4.0
 * allows it too, `dnsPortsCloudMetadataServer`, `_helpers-netpol.tpl:33-44`; its issues #3167,
 * #3179, #3180). The metadata API on that address (port 80) is in no rule of this one. `only`
 * leaves peers out, as Zero to JupyterHub's `dnsPorts*` flags do (`_helpers-netpol.tpl:33-62`):
 * the private and link-local ranges go with `privateIPs` (less the metadata server without
 * `cloudMetadataServer`), the metadata server alone with `cloudMetadataServer`; with every
 * peer left out the rule has an empty `to`, for the caller to drop.
 */
export function dnsEgress(
  only: { kubeSystem: boolean; privateIPs: boolean; cloudMetadataServer: boolean } = {
    kubeSystem: true,
    privateIPs: true,
    cloudMetadataServer: true,
  },
): k8s.NetworkPolicyEgressRule {
  const metadata = `${CLOUD_METADATA_IP}/32`;
  const linkLocal = only.cloudMetadataServer
    ? { cidr: '169.254.0.0/16' }
    : { cidr: '169.254.0.0/16', except: [metadata] };
  return {
    to: [
      ...(only.kubeSystem
        ? [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } } }]
        : []),
      ...(only.privateIPs
        ? [...PRIVATE_RANGES, linkLocal].map((b) => ({ ipBlock: typeof b === 'string' ? { cidr: b } : b }))
        : []),
      ...(!only.privateIPs && only.cloudMetadataServer ? [{ ipBlock: { cidr: metadata } }] : []),
    ],
    ports: [
      { protocol: 'UDP', port: k8s.IntOrString.fromNumber(53) },
      { protocol: 'TCP', port: k8s.IntOrString.fromNumber(53) },
    ],
  };
}

/** An env var read from a Secret key. */
export function secretEnv(name: string, secretName: string, key: string): k8s.EnvVar {
  return { name, valueFrom: { secretKeyRef: { name: secretName, key } } };
}

/** Metadata of a namespaced object: its name, labels and, inside a {@link Namespace}, that namespace. */
export function objectMeta(
  scope: Construct,
  name: string,
  labels: { [key: string]: string },
  annotations?: { [key: string]: string },
): k8s.ObjectMeta {
  const namespace = Namespace._explicit(scope);
  return { name, labels, ...(annotations ? { annotations } : {}), ...(namespace ? { namespace } : {}) };
}

/** Metadata of a cluster-scoped object (pass the object to `clusterScoped`). */
export function clusterMeta(name: string, labels: { [key: string]: string }): k8s.ObjectMeta {
  return { name, labels };
}

export { clusterScoped } from './cluster-scoped';
