/**
 * The EnterpriseGateway's workloads resolved: the gateway's, its fronts' and its puller's options,
 * its common labels and bring-your-own RBAC.
 * @internal
 */
import { extraLabels, resolveWorkload, WorkloadModel } from '../core/workload-options';
import { fail } from '../core/validate';
import type { EnterpriseGatewayProps } from './enterprise-gateway-props';
import { GATEWAY_ENV_NAMES } from './gateway-env';
import { KernelImagePullerModel, resolveKernelImagePuller } from './kernel-image-puller-model';

/** The gateway's workloads. */
export interface GatewayWorkloadsModel {
  /** The kernel-image-puller DaemonSet, when it runs. */
  readonly kernelImagePuller?: KernelImagePullerModel;
  /** Labels added to every object of the gateway and to its pods (never to a selector). */
  readonly commonLabels: { readonly [key: string]: string };
  /** Whether the gateway's and the puller's ServiceAccounts and the gateway's rights are created. */
  readonly rbac: boolean;
  /** The gateway pods' options. */
  readonly workload: WorkloadModel;
  /** The gateway fronts' pods' options. */
  readonly frontWorkload: WorkloadModel;
}

/** Env names the library sets in a gateway front's container (`gateway-front.ts`, the script's `FRONT_KUBE_API_URL`). */
const FRONT_ENV_NAMES = [
  'JUPYTERHUB_API_TOKEN',
  'JUPYTERHUB_API_URL',
  'FRONT_GATEWAY_URL',
  'FRONT_GATEWAY_TOKEN',
  'FRONT_ADMIN_USERS',
  'FRONT_CLIENT_KERNEL_ENV',
  'FRONT_HOME_NFS_PATH_TEMPLATE',
  'FRONT_KERNEL_NAMESPACE',
  'FRONT_PORT',
  'FRONT_NAME',
  'FRONT_KUBE_API_URL',
];

/** The workloads' options, the common labels and bring-your-own RBAC. */
export function resolveGatewayWorkloads(props: EnterpriseGatewayProps, name: string): GatewayWorkloadsModel {
  const rbac = props.rbac ?? true;
  const workload = resolveWorkload('workload', props.workload, GATEWAY_ENV_NAMES);
  const kernelImagePuller = resolveKernelImagePuller(
    props.kernelImagePuller ?? false,
    props.kernelImagePullerOptions,
    name,
  );
  if (!rbac) {
    if (props.serviceAccountName === undefined)
      fail('serviceAccountName', undefined, "must name the gateway's ServiceAccount you bring with 'rbac: false'");
    if (kernelImagePuller && props.kernelImagePullerOptions?.serviceAccountName === undefined)
      fail(
        'kernelImagePullerOptions.serviceAccountName',
        undefined,
        "must name the puller's ServiceAccount you bring with 'rbac: false'",
      );
    const annotated = [
      ['workload.serviceAccountAnnotations', workload.serviceAccountAnnotations],
      [
        'kernelImagePullerOptions.workload.serviceAccountAnnotations',
        kernelImagePuller?.workload.serviceAccountAnnotations,
      ],
    ] as const;
    for (const [prop, value] of annotated)
      if (value && Object.keys(value).length > 0)
        fail(
          prop,
          value,
          "annotates a ServiceAccount the gateway creates, and with 'rbac: false' it creates none: annotate yours",
        );
  }
  return {
    rbac,
    workload,
    kernelImagePuller,
    frontWorkload: resolveWorkload('frontWorkload', props.frontWorkload, FRONT_ENV_NAMES),
    commonLabels: extraLabels('commonLabels', props.commonLabels),
  };
}
