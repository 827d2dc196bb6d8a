/**
 * What a hub's integrations contribute, collected in the order they were added, with the checks
 * that no two of them (nor the hub itself) claim the same env var, service, Secret, trait or
 * singleton (proxy API, public URL, scheduler, priority), and the merged views the hub renders.
 * @internal
 */
import { k8s } from 'cdk8s-plus-27';
import { HUB_ENV } from '../core/constants';
import { podPeer, tcpPorts } from '../core/k8s';
import { fail } from '../core/validate';
import { HubComponent, HubExposure, HubIntegrationConfig, HubServiceSpec } from './hub-integration';
import type { HubModel } from './hub-model';
import { userEnvProp } from '../users/user-env';

/** Names the hub itself has, that no integration may take. */
export interface HubOwnNames {
  /** Env vars of the hub container. */
  readonly hubEnv: readonly string[];
  /** Secrets the hub generates itself. */
  readonly generatedSecrets: readonly string[];
  /** Mount paths and volume names of the hub pod. */
  readonly volumes: readonly string[];
  readonly mountPaths: readonly string[];
}

/** The integrations' contributions to one hub. */
export class HubContributions {
  private readonly configs: HubIntegrationConfig[] = [];

  public constructor(
    private readonly hubPath: string,
    private readonly model: HubModel,
    private readonly own: HubOwnNames,
  ) {}

  /** Every contribution, in the order added. */
  public get all(): readonly HubIntegrationConfig[] {
    return this.configs;
  }

  /** Checks a contribution against the hub and the others, then keeps it. */
  public add(config: HubIntegrationConfig): void {
    this.checkSingletons(config);
    // Services first: an integration that owns a hub service (a gateway) is told its name is taken.
    this.checkServices(config);
    this.checkSingleUserEnv(config);
    this.checkHubEnv(config);
    this.checkNames(config);
    this.configs.push(config);
  }

  public proxyApiUrl(): string | undefined {
    return this.first((c) => c.proxyApiUrl);
  }

  public publicUrl(): string | undefined {
    return this.first((c) => c.publicUrl);
  }

  public exposure(): HubExposure | undefined {
    return this.first((c) => c.exposure);
  }

  public schedulerName(): string | undefined {
    return this.first((c) => c.singleUserScheduling?.schedulerName);
  }

  public priorityClassName(): string | undefined {
    return this.first((c) => c.singleUserScheduling?.priorityClassName);
  }

  public services(): HubServiceSpec[] {
    return this.configs.flatMap((c) => c.services ?? []);
  }

  public generatedSecrets(): { name: string; keys: string[] }[] {
    return this.configs.flatMap((c) => c.generatedSecrets ?? []).map((s) => ({ name: s.name, keys: s.keys }));
  }

  /** Env of the hub container from the integrations: plain values, then Secret keys. */
  public hubEnv(): k8s.EnvVar[] {
    const plain = this.configs.flatMap((c) => Object.entries(c.hubEnv ?? {})).map(([name, value]) => ({ name, value }));
    const secret = this.configs
      .flatMap((c) => Object.entries(c.hubSecretEnv ?? {}))
      .map(([name, ref]) => ({ name, valueFrom: { secretKeyRef: { name: ref.name as string, key: ref.key } } }));
    return [...plain, ...secret];
  }

  public hubVolumes(): k8s.Volume[] {
    return this.configs.flatMap((c) => c.hubVolumes ?? []);
  }

  public hubVolumeMounts(): k8s.VolumeMount[] {
    return this.configs.flatMap((c) => c.hubVolumeMounts ?? []);
  }

  /** Egress rules for one part of the hub: the raw rules first, then the connections. */
  public egressOf(component: HubComponent, hubNamespace: string | undefined): k8s.NetworkPolicyEgressRule[] {
    const raw = this.configs.flatMap((c) => {
      if (component === HubComponent.HUB) return c.hubEgress ?? [];
      if (component === HubComponent.PROXY) return c.proxyEgress ?? [];
      return c.singleUserEgress ?? [];
    });
    const connections = this.configs
      .flatMap((c) => c.connections ?? [])
      .filter((x) => x.from === component)
      .map((x): k8s.NetworkPolicyEgressRule => {
        const peer = podPeer(x.toPodLabels);
        const ns = x.toNamespace;
        return {
          to: [
            ns === undefined || ns === hubNamespace
              ? peer
              : { ...peer, namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': ns } } },
          ],
          ports: tcpPorts(...x.ports),
        };
      });
    return [...raw, ...connections];
  }

  private first<T>(pick: (c: HubIntegrationConfig) => T | undefined): T | undefined {
    return this.configs.map(pick).find((v) => v !== undefined);
  }

  private checkSingletons(config: HubIntegrationConfig): void {
    if (config.proxyApiUrl !== undefined && this.proxyApiUrl() !== undefined) {
      fail('hub', this.hubPath, 'already has a Proxy: create one Proxy per Hub');
    }
    if (config.exposure !== undefined && this.exposure() !== undefined) {
      fail(
        'integrations',
        config.exposure.via,
        "says a second time how the outside reaches the hub: only the hub's Proxy says it, once",
      );
    }
    for (const key of ['schedulerName', 'priorityClassName'] as const) {
      if (
        config.singleUserScheduling?.[key] !== undefined &&
        this.configs.some((c) => c.singleUserScheduling?.[key] !== undefined)
      ) {
        fail(
          'integrations',
          config.singleUserScheduling[key],
          `sets the user pods' ${key} a second time: a hub has one user scheduler and one set of user placeholders`,
        );
      }
    }
  }

  private checkSingleUserEnv(config: HubIntegrationConfig): void {
    const su = this.model.singleUser;
    const envNames = (c: HubIntegrationConfig) => [
      ...Object.keys(c.singleUserEnv ?? {}),
      ...Object.keys(c.singleUserSecretEnv ?? {}),
    ];
    const taken = new Set([...Object.keys(su.derivedEnv), ...this.configs.flatMap(envNames)]);
    for (const name of envNames(config)) {
      const prop = userEnvProp(su, name);
      if (prop)
        fail(
          prop,
          name,
          `is derived from the typed props (an integration of the hub sets it): remove it from ${prop.replace('singleUser.', '')}`,
        );
      if (taken.has(name))
        fail(
          'integrations',
          name,
          'is set by two integrations of the hub: an env var of the user servers can have one source only',
        );
    }
  }

  private checkHubEnv(config: HubIntegrationConfig): void {
    const hubEnv = new Set([
      'PYTHONUNBUFFERED',
      ...Object.values(HUB_ENV),
      ...this.own.hubEnv,
      ...this.configs.flatMap((c) => [...Object.keys(c.hubSecretEnv ?? {}), ...Object.keys(c.hubEnv ?? {})]),
    ]);
    for (const name of [...Object.keys(config.hubSecretEnv ?? {}), ...Object.keys(config.hubEnv ?? {})]) {
      if (hubEnv.has(name))
        fail(
          'integrations',
          name,
          "is an env var the hub container already has: give each integration's hub env var its own name",
        );
      hubEnv.add(name);
    }
  }

  private checkServices(config: HubIntegrationConfig): void {
    const services = new Set(this.services().map((s) => s.name));
    for (const s of config.services ?? []) {
      if (services.has(s.name))
        fail('integrations', s.name, 'is a service name the hub already has: give each hub service its own name');
    }
  }

  private checkNames(config: HubIntegrationConfig): void {
    const secrets = new Set([...this.own.generatedSecrets, ...this.generatedSecrets().map((s) => s.name)]);
    for (const s of config.generatedSecrets ?? []) {
      if (secrets.has(s.name))
        fail('integrations', s.name, 'is a Secret the hub already generates: give each generated Secret its own name');
    }
    const volumes = new Set([...this.own.volumes, ...this.hubVolumes().map((v) => v.name)]);
    for (const v of config.hubVolumes ?? []) {
      if (volumes.has(v.name))
        fail('integrations', v.name, 'is a volume the hub pod already has: give each hub volume its own name');
      volumes.add(v.name);
    }
    const paths = new Set([...this.own.mountPaths, ...this.hubVolumeMounts().map((m) => m.mountPath)]);
    for (const m of config.hubVolumeMounts ?? []) {
      if (!volumes.has(m.name))
        fail(
          'integrations',
          m.name,
          "is mounted in the hub container but is no volume of the hub pod: add it to the integration's hubVolumes",
        );
      if (paths.has(m.mountPath))
        fail('integrations', m.mountPath, 'is a mount path the hub container already has: mount each volume elsewhere');
      paths.add(m.mountPath);
    }
    const traits = new Set(this.configs.flatMap((c) => (c.hubTraits ?? []).map((t) => `${t.className}.${t.trait}`)));
    for (const t of config.hubTraits ?? []) {
      const key = `${t.className}.${t.trait}`;
      if (traits.has(key))
        fail('integrations', key, 'is a hub trait another integration already sets: set each trait once');
      traits.add(key);
    }
  }
}
