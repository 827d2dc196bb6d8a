/**
 * The kernel-image-puller's options resolved into a model (`KernelImagePullerOptions`).
 * @internal
 */
import { Duration, Size } from 'cdk8s';
import type { k8s } from 'cdk8s-plus-27';
import { resources } from '../core/k8s';
import {
  checkAbsolutePath,
  checkDnsSubdomain,
  checkImageReference,
  checkPinnedImage,
  checkSeconds,
  fail,
} from '../core/validate';
import { PullPolicy, resolveWorkload, WorkloadModel } from '../core/workload-options';
import { KernelImageFetcher, KernelImagePullerOptions } from './kernel-image-puller-props';
import { GATEWAY } from './kernel-constants';

/** Env names the puller's container gets from the library. */
export const PULLER_ENV = [
  'KIP_GATEWAY_HOST',
  'KIP_AUTH_TOKEN',
  'KIP_INTERVAL',
  'KIP_PULL_POLICY',
  'KIP_CRI_ENDPOINT',
  'KIP_DEFAULT_CONTAINER_REGISTRY',
  'KIP_IMAGE_FETCHER',
  'KIP_IMAGES',
];

/** The resolved puller. */
export interface KernelImagePullerModel {
  readonly image: string;
  readonly pullPolicy: string;
  readonly intervalSeconds: number;
  readonly criSocket: string;
  readonly defaultContainerRegistry?: string;
  readonly fetcher: KernelImageFetcher;
  readonly images: readonly string[];
  readonly serviceAccountName: string;
  readonly resources: k8s.ResourceRequirements;
  readonly placement?: { readonly affinity: k8s.Affinity; readonly tolerations?: k8s.Toleration[] };
  readonly workload: WorkloadModel;
}

const P = 'kernelImagePullerOptions';

function checkFetcher(o: KernelImagePullerOptions): { fetcher: KernelImageFetcher; images: string[] } {
  const fetcher = o.fetcher ?? KernelImageFetcher.KERNEL_SPECS;
  const fetchers = Object.values(KernelImageFetcher) as string[];
  if (!fetchers.includes(fetcher))
    fail(`${P}.fetcher`, fetcher, `must be one of ${fetchers.join(', ')} (KernelImageFetcher)`);
  const images = (o.images ?? []).map((image, i) => checkImageReference(`${P}.images[${i}]`, image));
  if (fetcher === KernelImageFetcher.STATIC_LIST && images.length === 0)
    fail(`${P}.images`, o.images, 'must list the images to pull with KernelImageFetcher.STATIC_LIST');
  if (fetcher !== KernelImageFetcher.STATIC_LIST && o.images !== undefined)
    fail(`${P}.images`, o.images, "is read only with 'fetcher: KernelImageFetcher.STATIC_LIST': remove it or set that");
  return { fetcher, images };
}

/** Validates the puller's options (`name`: the gateway's). */
export function resolveKernelImagePuller(
  enabled: boolean,
  options: KernelImagePullerOptions | undefined,
  name: string,
): KernelImagePullerModel | undefined {
  if (!enabled) {
    if (options !== undefined)
      fail(P, options, "sets up the gateway's kernel-image-puller: add 'kernelImagePuller: true' or remove it");
    return undefined;
  }
  const o = options ?? {};
  const pullPolicy = o.pullPolicy ?? PullPolicy.IF_NOT_PRESENT;
  if (pullPolicy !== PullPolicy.IF_NOT_PRESENT && pullPolicy !== PullPolicy.ALWAYS)
    fail(
      `${P}.pullPolicy`,
      pullPolicy,
      'must be PullPolicy.IF_NOT_PRESENT or PullPolicy.ALWAYS (the puller knows no other)',
    );
  const registry = o.defaultContainerRegistry;
  if (registry !== undefined && !/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]{1,5})?$/.test(registry))
    fail(`${P}.defaultContainerRegistry`, registry, "must be a registry host (and port), e.g. 'docker.io'");
  const intervalSeconds = checkSeconds(`${P}.interval`, o.interval ?? Duration.minutes(5));
  return {
    image: checkPinnedImage(`${P}.image`, o.image ?? GATEWAY.kernelImagePuller),
    pullPolicy,
    intervalSeconds,
    criSocket: checkAbsolutePath(`${P}.criSocket`, o.criSocket ?? '/run/containerd/containerd.sock'),
    defaultContainerRegistry: registry,
    ...checkFetcher(o),
    serviceAccountName: checkDnsSubdomain(
      `${P}.serviceAccountName`,
      o.serviceAccountName ?? `${name}-kernel-image-puller`,
    ),
    resources: resources(`${P}.resources`, o.resources, {
      cpuRequest: '50m',
      cpuLimit: '500m',
      memoryRequest: Size.mebibytes(64),
      memoryLimit: Size.mebibytes(256),
    }),
    placement: o.nodePool?.podPlacement(),
    workload: resolveWorkload(`${P}.workload`, o.workload, PULLER_ENV),
  };
}
