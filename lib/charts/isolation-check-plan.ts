/**
 * The live isolation self-test as data: which pods it runs, what each stands for (its labels),
 * what each listens on, reaches again and again, waits for and tries, and what it reports. One
 * JSON config per pod, read by `isolation_check.py`; {@link IsolationSelfTest} turns the plan
 * into Jobs, Services and ConfigMaps.
 *
 * The rule that keeps the test honest: every target a prober must not reach is a decoy (a pod
 * of the check, labelled as what it stands for, so the same NetworkPolicies select it) or a real
 * Service, and a pod that may reach it (by those policies) proves it reachable first. A prober
 * probes only after every such proof holds (its gates: DNS names that resolve only while the
 * proving pod is ready), so a refused probe means the policy refused it, not that nothing
 * listened or that the network is down.
 * @internal
 */
import {
  CheckDask,
  CheckGateway,
  CheckInputs,
  CheckPod,
  hostPort,
  KERNEL_DECOY_PORT,
  Labels,
} from './isolation-check-model';
import { PlannerBase } from './isolation-check-planner';

/** Builds the plan: the pods of the hub, and of each gateway there is. */
export function planIsolationCheck(inputs: CheckInputs): CheckPod[] {
  return new Planner(inputs).build();
}

/** The hub's pods, and the gateways' parts. */
class Planner extends PlannerBase {
  public build(): CheckPod[] {
    this.addHubPods();
    const gw = this.inputs.gateway;
    if (gw) this.addGatewayFront(gw);
    // The kernels' side: only for a gateway of this app whose kernels share one namespace.
    if (gw?.podLabels !== undefined && gw.kernelNamespace !== undefined)
      this.addKernelPods({ ...gw, podLabels: gw.podLabels, kernelNamespace: gw.kernelNamespace });
    if (this.inputs.dask) this.addDaskPods(this.inputs.dask);
    return this.drafts.map((d) => this.finish(d));
  }

  /**
   * What a user's server must reach of the gateway: its API, or the gateway front where one
   * stands before it (issue 19; {@link CheckGateway.front}, filled in by `gatewayFrontOf`).
   * With a front, the gateway's API becomes the front's backend; its "cannot reach directly"
   * line needs a peer labelled as the front's pods, and such a peer may not prove it by its
   * readiness (the front's Service selects those labels and would send it users' traffic).
   */
  private addGatewayFront(gw: CheckGateway): void {
    const target = gw.front
      ? { name: "a user's server reaches the gateway front", url: gw.front.url }
      : { name: "a user's server reaches the Enterprise Gateway's API", url: gw.url };
    const { host, port } = hostPort(target.url);
    this.mustReach({ name: target.name, kind: 'http', host, port, path: '/api' });
  }

  /**
   * The kernels' side, for a gateway of this app whose kernels share one namespace: a decoy
   * kernel that a pod labelled as the gateway reaches, and a prober labelled as a kernel.
   */
  private addKernelPods(gw: CheckGateway & { podLabels: Labels; kernelNamespace: string }): void {
    const kns = gw.kernelNamespace;
    const peerAbout = 'a pod labelled as the gateway reaches the decoy kernel';
    this.drafts.push(
      {
        role: 'gateway-peer',
        namespace: gw.namespace,
        about: "the kernels' allowed peer: labelled as the gateway's pods, it reaches the decoy kernel",
        labels: gw.podLabels,
        peers: [],
      },
      {
        role: 'kernel-decoy',
        namespace: kns,
        about:
          "a decoy kernel (another user's): labelled as the gateway's kernels; ready while the gateway peer's hellos come",
        labels: gw.kernelLabels,
        readyWhen: 'peers',
        listen: [KERNEL_DECOY_PORT],
        awaitHellos: { [KERNEL_DECOY_PORT]: ['gateway-peer'] },
      },
    );
    this.draft('gateway-peer').peers!.push(
      this.decoy('the decoy kernel', 'kernel-decoy', KERNEL_DECOY_PORT, gw.namespace),
    );
    this.addGate('kernel-decoy', peerAbout);
    this.mustNotReach((from) => [
      this.decoy(
        "a user's server cannot reach a kernel (the gateway's backend)",
        'kernel-decoy',
        KERNEL_DECOY_PORT,
        from,
        'closed',
      ),
    ]);
    this.addProber({
      role: 'kernel',
      namespace: kns,
      about: "the prober of a kernel: labelled as the gateway's kernels, it tries what a kernel must not reach",
      labels: gw.kernelLabels,
      gates: ['kernel-decoy'],
      checks: [
        { name: 'a kernel resolves names (DNS)', kind: 'dns', host: hostPort(gw.url).host, expect: 'open' },
        ...this.hubForbidden('a kernel', kns, true),
        this.decoy("a kernel cannot reach another user's kernel", 'kernel-decoy', KERNEL_DECOY_PORT, kns, 'closed'),
      ],
      result: "a kernel's checks",
    });
  }

  /** Dask Gateway's side: decoys of a scheduler and of the API server, their peers, a prober labelled as a worker. */
  private addDaskPods(d: CheckDask): void {
    const front = hostPort(d.address);
    this.mustReach({
      name: "a user's server reaches the Dask Gateway (through Traefik)",
      kind: 'http',
      host: front.host,
      port: front.port,
      path: `${front.path.replace(/\/$/, '')}/api/health`,
    });
    this.addDaskDecoys(d);
    const sched = 'dask-scheduler-decoy';
    const api = 'dask-api-decoy';
    this.mustNotReach((from) => [
      this.decoy(
        "a user's server cannot reach the gateway's API server directly (its backend)",
        api,
        d.apiPort,
        from,
        'closed',
      ),
      this.decoy(
        "a user's server cannot reach a scheduler's TLS port directly",
        sched,
        d.schedulerPort,
        from,
        'closed',
      ),
      this.decoy(
        "a user's server cannot reach a scheduler's dashboard directly",
        sched,
        d.dashboardPort,
        from,
        'closed',
      ),
      this.decoy("a user's server cannot reach a scheduler's API", sched, d.schedulerApiPort, from, 'closed'),
    ]);
    const wns = d.namespace;
    this.addProber({
      role: 'dask-worker',
      namespace: wns,
      about:
        "the prober of a Dask worker: labelled as the clusters' workers, it tries what a worker must reach and what it must not",
      labels: d.workerLabels,
      gates: [sched],
      checks: [
        { name: 'a Dask worker resolves names (DNS)', kind: 'dns', host: this.hostOfRole(sched, wns), expect: 'open' },
        this.decoy("a Dask worker reaches a scheduler's TLS port", sched, d.schedulerPort, wns, 'open'),
        this.decoy("a Dask worker cannot reach another cluster's dashboard", sched, d.dashboardPort, wns, 'closed'),
        this.decoy("a Dask worker cannot reach a scheduler's API", sched, d.schedulerApiPort, wns, 'closed'),
        this.decoy("a Dask worker cannot reach the gateway's API server (its backend)", api, d.apiPort, wns, 'closed'),
        ...this.hubForbidden('a Dask worker', wns, true),
      ],
      result: "a Dask worker's checks",
    });
  }

  /**
   * A decoy scheduler (of another user's cluster) and a decoy API server that reach each other
   * as they may, and a pod labelled as Traefik that reaches the scheduler's TLS port and dashboard.
   */
  private addDaskDecoys(d: CheckDask): void {
    const sched = 'dask-scheduler-decoy';
    const api = 'dask-api-decoy';
    const traefik = 'dask-traefik-peer';
    const ns = d.namespace;
    this.drafts.push(
      {
        role: traefik,
        namespace: ns,
        about:
          "the schedulers' allowed peer: labelled as the gateway's Traefik, it reaches the decoy scheduler's TLS port and dashboard",
        labels: d.traefikLabels,
        peers: [],
      },
      {
        role: api,
        namespace: ns,
        about:
          "a decoy of the gateway's API server: labelled as it and listening on its port, it reaches the decoy scheduler's API",
        labels: d.apiLabels,
        listen: [d.apiPort],
        peers: [],
      },
      {
        role: sched,
        namespace: ns,
        about:
          "a decoy scheduler (of another user's cluster): labelled as the clusters' schedulers, it reaches the decoy API server; ready while that holds and its peers' hellos come",
        labels: d.schedulerLabels,
        readyWhen: 'peers',
        listen: [d.schedulerPort, d.dashboardPort, d.schedulerApiPort],
        awaitHellos: { [d.schedulerPort]: [traefik], [d.dashboardPort]: [traefik], [d.schedulerApiPort]: [api] },
      },
    );
    this.draft(traefik).peers!.push(
      this.decoy("the decoy scheduler's TLS port", sched, d.schedulerPort, ns),
      this.decoy("the decoy scheduler's dashboard", sched, d.dashboardPort, ns),
    );
    this.draft(api).peers!.push(this.decoy("the decoy scheduler's API", sched, d.schedulerApiPort, ns));
    this.draft(sched).peers = [this.decoy('the decoy API server', api, d.apiPort, ns)];
    this.addGate(
      sched,
      "pods labelled as Traefik and as the API server reach the decoy scheduler's ports, and it reaches the decoy API server",
    );
  }
}
