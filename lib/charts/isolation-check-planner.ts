/**
 * Draws up the live isolation self-test: the hub's pods (a decoy user's server, the peer with
 * Zero to JupyterHub's access labels, the prober labelled as a user's server) and the helpers the
 * gateways' parts build on ({@link planIsolationCheck} adds those).
 * @internal
 */
import { PORTS } from '../core/constants';
import {
  CheckHub,
  CheckInputs,
  CheckPod,
  CheckProbe,
  GATE_RESERVE,
  HELPER_EXTRA,
  hostOf,
  Labels,
  METADATA,
  PodDraft,
  STATUS_PORT,
} from './isolation-check-model';

/** The drafts of the pods, and how they name and reach each other. */
export class PlannerBase {
  protected readonly drafts: PodDraft[] = [];
  /** The proofs (roles whose readiness others wait for), the hub's peer first. */
  protected readonly gates: { role: string; about: string }[] = [];
  protected readonly name: string;
  protected readonly hub: CheckHub;

  public constructor(protected readonly inputs: CheckInputs) {
    this.hub = inputs.hub;
    this.name = `${inputs.hub.namePrefix}isolation-check`;
  }

  /** The Job and Service name of a role (the main prober's is the check's name). */
  protected podName(role: string): string {
    return role === 'user-server' ? this.name : `${this.name}-${role}`;
  }

  /** The draft of a role's pod. */
  protected draft(role: string): PodDraft {
    const d = this.drafts.find((x) => x.role === role);
    if (!d) throw new Error(`no pod ${role} in the isolation check`);
    return d;
  }

  /** How a pod of namespace `from` names a role's pod (`ready`: its readiness Service). */
  protected hostOfRole(role: string, from: string | undefined, ready = false): string {
    const d = this.draft(role);
    return hostOf(`${this.podName(role)}${ready ? '-ready' : ''}`, d.namespace, from);
  }

  /** A probe of a decoy's port, from a pod of namespace `from`. */
  protected decoy(
    name: string,
    role: string,
    port: number,
    from: string | undefined,
    expect?: 'open' | 'closed',
  ): CheckProbe {
    return { name, kind: 'decoy', host: this.hostOfRole(role, from), port, decoy: role, ...(expect ? { expect } : {}) };
  }

  /** A probe of one of the hub's Services. */
  protected hubService(
    name: string,
    service: string,
    port: number,
    from: string | undefined,
    expect?: 'open' | 'closed',
  ): CheckProbe {
    return { name, kind: 'tcp', host: hostOf(service, this.hub.namespace, from), port, ...(expect ? { expect } : {}) };
  }

  /** What no prober may reach of the hub's side: a user's server, the hub and proxy APIs, the metadata endpoint, the database. */
  protected hubForbidden(who: string, from: string | undefined, hubApi: boolean): CheckProbe[] {
    const h = this.hub;
    return [
      {
        name: `${who} cannot reach the cloud metadata endpoint ${METADATA.host}:${METADATA.port}`,
        kind: 'tcp',
        ...METADATA,
        expect: 'closed',
        provenBy: {
          host: this.hostOfRole('metadata-peer', from, true),
          about: 'a pod no NetworkPolicy restricts reaches it',
        },
      },
      this.decoy(
        `${who} cannot reach another user's server (port ${PORTS.singleUser})`,
        'user-decoy',
        PORTS.singleUser,
        from,
        'closed',
      ),
      ...(hubApi ? [this.hubService(`${who} cannot reach the hub API`, h.serviceName, h.port, from, 'closed')] : []),
      this.hubService(
        `${who} cannot reach the proxy's API (its routing table)`,
        h.proxyApiService,
        h.proxyApiPort,
        from,
        'closed',
      ),
      ...(h.database
        ? [
            {
              name: `${who} cannot reach the hub's database ${h.database.host}:${h.database.port}`,
              kind: 'tcp' as const,
              ...h.database,
              expect: 'closed' as const,
            },
          ]
        : []),
    ];
  }

  protected addHubPods(): void {
    const h = this.hub;
    const ns = h.namespace;
    this.drafts.push({
      role: 'user-decoy',
      namespace: ns,
      about: "a decoy user's server: labelled as the users' servers, listening on their port",
      labels: h.userPodLabels,
      userPlacement: true,
      listen: [PORTS.singleUser],
    });
    this.drafts.push({
      role: 'peer',
      namespace: ns,
      about:
        "the allowed peer of the hub's side: labelled as Zero to JupyterHub's access labels say, it reaches the decoy user's server, the hub API and the proxy's API (and the database)",
      labels: h.accessLabels,
      readyWhen: 'peers',
      peers: [
        this.decoy("the decoy user's server", 'user-decoy', PORTS.singleUser, ns),
        this.hubService('the hub API', h.serviceName, h.port, ns),
        this.hubService("the proxy's API", h.proxyApiService, h.proxyApiPort, ns),
        ...(h.database ? [{ name: "the hub's database", kind: 'tcp' as const, ...h.database }] : []),
      ],
    });
    this.addMetadataPeer(ns);
    this.drafts.push({
      role: 'user-server',
      namespace: ns,
      about:
        "the prober of a user's server: labelled as the users' servers, it tries what a user's server must reach and what it must not",
      labels: h.userPodLabels,
      userPlacement: true,
      gates: [],
      checks: [
        { name: "a user's server resolves names (DNS)", kind: 'dns', host: h.serviceName, expect: 'open' },
        {
          name: "a user's server reaches the hub API",
          kind: 'http',
          host: h.serviceName,
          port: h.port,
          path: `${h.baseUrl}hub/api/`,
          expect: 'open',
        },
      ],
    });
    this.draft('user-server').checks!.push(...this.usersForbidden(ns));
    this.addGate(
      'peer',
      "a pod with the access labels reaches the decoy user's server, the hub API and the proxy's API",
    );
  }

  /**
   * What a user's server must not reach, less what the users' NetworkPolicy opens on purpose
   * (`singleUser.networkPolicyRules.egressAllowRules`): an open metadata endpoint is a line that
   * expects it open (SKIP where nothing answers there); with the private IPs open the database
   * (wherever it is) is no line.
   */
  private usersForbidden(ns: string | undefined): CheckProbe[] {
    const open = this.hub.usersOpen;
    return this.hubForbidden("a user's server", ns, false).flatMap((c): CheckProbe[] => {
      if (open?.metadata && c.host === METADATA.host)
        return [
          {
            ...c,
            name: `a user's server reaches the cloud metadata endpoint ${METADATA.host}:${METADATA.port} (opened by 'cloudMetadataServer')`,
            expect: 'open',
          },
        ];
      if (open?.privateIPs && c.host === this.hub.database?.host) return [];
      return [c];
    });
  }

  /**
   * The metadata endpoint is outside the cluster: its proof is a pod that no policy selects (only
   * the check's own labels) reaching it; where nothing answers there, its lines are SKIP.
   */
  private addMetadataPeer(ns: string | undefined): void {
    this.drafts.push({
      role: 'metadata-peer',
      namespace: ns,
      about: `the metadata endpoint's allowed peer: labelled as nothing a NetworkPolicy selects, it reaches ${METADATA.host}:${METADATA.port} where a cloud serves it`,
      labels: {},
      readyWhen: 'peers',
      peers: [{ name: 'the cloud metadata endpoint', kind: 'tcp', ...METADATA }],
    });
  }

  /** A check the main prober (a user's server) must pass by connecting, before its forbidden ones. */
  protected mustReach(probe: CheckProbe): void {
    const checks = this.draft('user-server').checks!;
    const firstClosed = checks.findIndex((c) => c.expect === 'closed');
    checks.splice(firstClosed < 0 ? checks.length : firstClosed, 0, { ...probe, expect: 'open' });
  }

  /** Checks the main prober (a user's server) must pass by not connecting. */
  protected mustNotReach(probes: (from: string | undefined) => CheckProbe[]): void {
    const user = this.draft('user-server');
    user.checks!.push(...probes(user.namespace));
  }

  /** A proof every prober waits for: the role's pod is ready. */
  protected addGate(role: string, about: string): void {
    this.gates.push({ role, about });
    const user = this.draft('user-server');
    user.gates!.push({ host: this.hostOfRole(role, user.namespace, true), about });
  }

  /** A prober besides the main one: it waits for the hub's proofs and its own, and the main prober waits for its verdict. */
  protected addProber(p: {
    role: string;
    namespace?: string;
    about: string;
    labels: Labels;
    gates: string[];
    checks: CheckProbe[];
    result: string;
  }): void {
    const gates = [this.gates[0], ...p.gates.map((role) => this.gates.find((g) => g.role === role)!)];
    this.drafts.push({
      role: p.role,
      namespace: p.namespace,
      about: p.about,
      labels: p.labels,
      readyWhen: 'verdict',
      gates: gates.map((g) => ({ host: this.hostOfRole(g.role, p.namespace, true), about: g.about })),
      checks: p.checks,
    });
    this.addResult(this.draft('user-server'), p.role, p.result);
  }

  /** The main prober waits for another prober's verdict. */
  protected addResult(user: PodDraft, role: string, name: string): void {
    const d = this.draft(role);
    const logs = `kubectl logs${d.namespace ? ` -n ${d.namespace}` : ''} job/${this.podName(role)}`;
    user.results = [
      ...(user.results ?? []),
      { name, ready: this.hostOfRole(role, user.namespace, true), alive: this.hostOfRole(role, user.namespace), logs },
    ];
  }

  protected finish(d: PodDraft): CheckPod {
    const main = d.role === 'user-server';
    const deadline = this.inputs.timeoutSeconds + (main ? 0 : HELPER_EXTRA);
    const checks = d.checks;
    return {
      role: d.role,
      name: this.podName(d.role),
      namespace: d.namespace,
      about: d.about,
      labels: d.labels,
      userPlacement: d.userPlacement ?? false,
      readyWhen: d.readyWhen ?? 'never',
      listen: d.listen && d.listen.length > 0 ? d.listen : [STATUS_PORT],
      peers: d.peers ?? [],
      awaitHellos: d.awaitHellos ?? {},
      gates: d.gates ?? [],
      ...(checks ? { checks } : {}),
      results: d.results ?? [],
      until: main ? undefined : hostOf(this.name, this.hub.namespace, d.namespace),
      deadlineSeconds: deadline,
      gateReserveSeconds: GATE_RESERVE + (main ? 0 : HELPER_EXTRA),
      resultReserveSeconds: 5,
    };
  }
}
