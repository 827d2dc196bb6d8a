/**
 * What the gateway contributes to a hub it serves: its gateway front, the users' servers' env and
 * egress, and the check that its kernels and the hub's servers see the same homes.
 * @internal
 */
import type { Construct } from 'constructs';
import { ConfigTrait } from '../core/config-trait';
import { podPeer, tcpPorts } from '../core/k8s';
import type { HubIntegrationConfig, IHub } from '../hub/hub-integration';
import { literalForKubeSpawner } from '../users/kubespawner-template';
import type { SharedHome } from '../users/shared-home';
import type { EnterpriseGatewayModel } from './enterprise-gateway-model';
import { gatewayClientEnv } from './gateway-env';
import { createGatewayFront, type GatewayFront } from './gateway-front';
import type { KernelSpec } from './kernel-spec';

/**
 * The hub's share of the gateway, for a hub whose users' homes are `home`: its gateway front
 * (its objects and hub service), the users' servers' env and their egress to the front.
 */
export function gatewayHubConfig(
  scope: Construct,
  model: EnterpriseGatewayModel,
  hub: IHub,
  front: GatewayFront,
  home: SharedHome | undefined,
): HubIntegrationConfig {
  // The NFS path is literal; the subPath is a KubeSpawner template ({username}).
  const homePath =
    home && home.storage.server !== undefined && home.storage.path !== undefined
      ? `${literalForKubeSpawner(home.storage.path === '/' ? '' : home.storage.path)}/${home.subPath}`
      : undefined;
  // The front forces the home only when it can expand it (hubHomeErrors refuses kernels that
  // mount homes it cannot): a template it cannot expand would fail every kernel start.
  const frontHome = home && frontExpands(home.subPath) ? homePath : undefined;
  const serviceConfig = createGatewayFront(scope, model, hub, front, frontHome);
  return {
    ...serviceConfig,
    singleUserEnv: {
      ...gatewayClientEnv({
        url: front.url,
        homePath,
        launchTimeoutSeconds: model.deployment.kernelLaunchTimeoutSeconds,
      }),
      // Each server sends its own hub token, which the front identifies: no token is shared between
      // users. KubeSpawner puts an env var after those its `$(VAR)` names (kubespawner/objects.py
      // 467-520 at 7.0.0, _get_env_var_deps and the sort after it), and the kubelet expands it;
      // JUPYTERHUB_API_TOKEN is a plain value of the pod's env (Spawner.get_env).
      JUPYTER_GATEWAY_AUTH_TOKEN: '$(JUPYTERHUB_API_TOKEN)',
    },
    // The front, in the hub's namespace; the gateway itself admits only the fronts.
    singleUserEgress: [{ to: [podPeer(front.podLabels)], ports: tcpPorts(model.port) }],
    // The front forces KERNEL_USERNAME and the home to KubeSpawner's {username} in the 'safe'
    // scheme; pinned, so an upgrade's default cannot move servers' homes away from kernels'.
    hubTraits: [...(serviceConfig.hubTraits ?? []), ConfigTrait.string('KubeSpawner', 'slug_scheme', 'safe')],
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
      if (home && home.subPath.includes('/'))
        return [
          `KernelSpec '${k.name}' mounts the users' homes, but Hub '${hubPath}' keeps them at subPath '${home.subPath}': kernels need one directory per user right below the export (e.g. '{username}')`,
        ];
      return home && !frontExpands(home.subPath)
        ? [
            `KernelSpec '${k.name}' mounts the users' homes, but Hub '${hubPath}' keeps them at subPath '${home.subPath}', which the gateway front cannot expand: it forces the home from the verified user's name alone; use a subPath whose only placeholder is '{username}'`,
          ]
        : [];
    });
}

/**
 * Whether the front can expand a home template: it knows the verified user's name (KubeSpawner's
 * `{username}`), not the user's id or the server's name (`{userid}`, `{servername}`, ...).
 */
function frontExpands(subPath: string): boolean {
  return [...subPath.matchAll(/\{(\w+)\}/g)].every((m) => m[1] === 'username');
}
