/**
 * How a gateway takes on its kernel specs: the checks that a spec can be mounted by this gateway,
 * the context each spec's kernel pod template is rendered with, and the checks of the kernels
 * the gateway offers as a whole.
 * @internal
 */
import type { IConstruct } from 'constructs';
import { fail } from '../core/validate';
import type { EnterpriseGatewayModel } from './enterprise-gateway-model';
import type { KernelHomeClaims } from './kernel-home-claims';
import type { KernelGatewayContext, KernelSpec } from './kernel-spec';

/** The gateway each KernelSpec belongs to (a KernelSpec is mounted by one gateway). */
const OWNER = new WeakMap<KernelSpec, IConstruct>();

/**
 * Checks that `gateway` may offer `spec` besides `specs`, and makes it the spec's gateway.
 * @throws if the spec belongs to another gateway, lives in another namespace, or its name is taken.
 */
export function takeKernelSpec(
  gateway: IConstruct,
  model: EnterpriseGatewayModel,
  specs: readonly KernelSpec[],
  spec: KernelSpec,
): void {
  if (model.kernels.specsStorage)
    fail(
      'kernelSpecs',
      spec.name,
      "conflicts with 'kernelSpecsStorage': kernelspecs come either from KernelSpec ConfigMaps or from a claim, not both",
    );
  if (model.kernels.specsImage)
    fail(
      'kernelSpecs',
      spec.name,
      "conflicts with 'kernelSpecsImage': kernelspecs come from one source (KernelSpec ConfigMaps, a claim or an image)",
    );
  const owner = OWNER.get(spec);
  if (owner && owner !== gateway) {
    fail(
      'kernelSpecs',
      spec.node.path,
      `already belongs to the gateway '${owner.node.path}': create one KernelSpec per gateway`,
    );
  }
  if (spec.namespace !== model.namespace) {
    fail(
      'kernelSpecs',
      spec.node.path,
      `is in namespace '${spec.namespace}', the gateway in '${model.namespace}': create the KernelSpec next to the gateway, so its ConfigMap can be mounted`,
    );
  }
  const clash = specs.find((s) => s.name === spec.name || s.configMapName === spec.configMapName);
  if (clash)
    fail(
      'kernelSpecs',
      spec.name,
      `clashes with the kernel spec '${clash.name}' of this gateway: give each kernel a distinct name`,
    );
  OWNER.set(spec, gateway);
}

/** Where the gateway runs `spec`'s kernels, for its pod template (its home claim created on first use). */
export function kernelGatewayContext(
  model: EnterpriseGatewayModel,
  spec: KernelSpec,
  homeClaims: KernelHomeClaims,
): KernelGatewayContext {
  const kernels = model.kernels;
  return {
    kernelNamespace: kernels.namespace,
    serviceAccountName: kernels.serviceAccountName,
    automountServiceAccountToken: kernels.apiToken,
    homeClaimName:
      spec.homeStorage && kernels.namespace !== undefined ? homeClaims.claimFor(spec.homeStorage) : undefined,
  };
}

/** What is wrong with the kernels the gateway at `path` offers (checked at synth). */
export function kernelSpecErrors(path: string, model: EnterpriseGatewayModel, specs: readonly KernelSpec[]): string[] {
  const errors: string[] = [];
  const names = specs.map((s) => s.name);
  const allowed = model.deployment.allowedKernels ?? names;
  const specsStorage = model.kernels.specsStorage ?? model.kernels.specsImage;
  if (!specsStorage && specs.length === 0)
    errors.push(
      `EnterpriseGateway '${path}' offers no kernels: give it 'kernelSpecs', 'kernelSpecsStorage' or 'kernelSpecsImage'`,
    );
  if (!specsStorage) {
    for (const k of allowed)
      if (!names.includes(k))
        errors.push(
          `'allowedKernels' lists '${k}', which is not a kernel spec of this gateway (${JSON.stringify(names)})`,
        );
  }
  const def = model.deployment.defaultKernelName;
  if (def !== undefined && !allowed.includes(def))
    errors.push(`'defaultKernelName' ('${def}') is not among the allowed kernels ${JSON.stringify(allowed)}`);
  return errors;
}
