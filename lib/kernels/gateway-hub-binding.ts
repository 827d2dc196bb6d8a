/**
 * What the gateway contributes to a hub it serves: the users' servers' env and egress, and the
 * check that its kernels and the hub's servers see the same homes.
 * @internal
 */
import { tcpPorts } from '../core/k8s';
import type { HubIntegrationConfig } from '../hub/hub-integration';
import { literalForKubeSpawner } from '../users/kubespawner-template';
import type { SharedHome } from '../users/shared-home';
import type { EnterpriseGatewayModel } from './enterprise-gateway-model';
import { gatewayClientEnv } from './gateway-env';
import { namespacedPeer } from './gateway-network-policies';
import { TOKEN_KEY } from './kernel-constants';
import type { KernelSpec } from './kernel-spec';

/** The hub's share of the gateway, for a hub in `hubNamespace` whose users' homes are `home`. */
export function gatewayHubConfig(
  model: EnterpriseGatewayModel,
  hubNamespace: string,
  home: SharedHome | undefined,
): HubIntegrationConfig {
  return {
    singleUserEnv: gatewayClientEnv({
      url: model.url,
      // The NFS path is literal; the subPath is a KubeSpawner template ({username}).
      homePath:
        home && home.storage.server !== undefined && home.storage.path !== undefined
          ? `${literalForKubeSpawner(home.storage.path === '/' ? '' : home.storage.path)}/${home.subPath}`
          : undefined,
      launchTimeoutSeconds: model.deployment.kernelLaunchTimeoutSeconds,
    }),
    singleUserSecretEnv: { JUPYTER_GATEWAY_AUTH_TOKEN: { name: model.tokenSecretName, key: TOKEN_KEY } },
    // The gateway's API, in its own namespace (kernels are its pods, not the server's peers).
    singleUserEgress: [
      { to: [namespacedPeer(model.podLabels, model.namespace, hubNamespace)], ports: tcpPorts(model.port) },
    ],
  };
}

/** Kernel specs whose home is not the users' home of the hub at `hubPath` (checked at synth). */
export function hubHomeErrors(specs: readonly KernelSpec[], hubPath: string, home: SharedHome | undefined): string[] {
  return specs
    .filter((k) => k.homeStorage)
    .flatMap((k) => {
      if (k.homeStorage !== home?.storage) {
        return [
          `KernelSpec '${k.name}' mounts '${k.homeStorage!.node.path}' as home, but the users' servers of Hub '${hubPath}' use ${home ? `'${home.storage.node.path}'` : 'no shared storage'}: give both the same NfsStorage, so kernels see the users' files`,
        ];
      }
      // The kernel pod template accepts exactly one directory below the export.
      return home && home.subPath.includes('/')
        ? [
            `KernelSpec '${k.name}' mounts the users' homes, but Hub '${hubPath}' keeps them at subPath '${home.subPath}': kernels need one directory per user right below the export (e.g. '{username}')`,
          ]
        : [];
    });
}
