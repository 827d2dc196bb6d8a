import { App, Chart, Testing } from 'cdk8s';
import { Authenticator, Hub, IProxyFrontDoor, Proxy } from '../lib';
import { buildApp } from '../main';

/**
 * The authenticator of tests that are not about logging in: the dummy one with any name allowed,
 * what a Hub got before it had to be given one.
 */
export function anyLogin(): Authenticator {
  return Authenticator.dummy({ allowAll: true });
}

/**
 * Wires a proxy as the API asks: its front doors given to it first, then the proxy to the hub
 * (which binds the proxy and, through it, the doors). Returns the proxy.
 */
export function wire(hub: Hub, proxy: Proxy, ...doors: IProxyFrontDoor[]): Proxy {
  for (const door of doors) proxy.addFrontDoor(door);
  hub.addIntegration(proxy);
  return proxy;
}

/** A Kubernetes object as synthesized. */
export type Obj = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [k: string]: any;
};

/** A chart with readable names, as the seed charts use (in `namespace` if given). */
export function chart(namespace?: string): Chart {
  return new Chart(Testing.app(), 'test', { disableResourceNameHashes: true, namespace });
}

/** Synthesizes one chart (running its validations, as `app.synth()` does). */
export function synth(c: Chart): Obj[] {
  return Testing.synth(c) as Obj[];
}

/** Builds a chart with `build` and synthesizes it. */
export function synthWith(build: (c: Chart) => void): Obj[] {
  const c = chart();
  build(c);
  return synth(c);
}

/** The seed charts of main.ts, synthesized in memory. */
export function seedCharts(): { [id: string]: Obj[] } {
  const app: App = buildApp(Testing.app().outdir);
  const out: { [id: string]: Obj[] } = {};
  for (const c of app.charts) out[c.node.id] = Testing.synth(c) as Obj[];
  return out;
}

/** The one object of a kind and name; fails the test when absent. */
export function find(objs: Obj[], kind: string, name: string): Obj {
  const o = objs.find((x) => x.kind === kind && x.metadata.name === name);
  if (!o) throw new Error(`no ${kind}/${name} in [${objs.map((x) => `${x.kind}/${x.metadata.name}`).join(', ')}]`);
  return o;
}

/** All objects of a kind. */
export function all(objs: Obj[], kind: string): Obj[] {
  return objs.filter((x) => x.kind === kind);
}

/** Whether a label selector (matchLabels only) selects a label set. */
export function selects(
  selector: Record<string, string> | undefined,
  labels: Record<string, string> | undefined,
): boolean {
  if (!selector || Object.keys(selector).length === 0) return true;
  return Object.entries(selector).every(([k, v]) => labels?.[k] === v);
}

/** Pod templates of the workloads, with their owners. */
export function podTemplates(objs: Obj[]): { owner: Obj; labels: Record<string, string>; spec: any }[] {
  return objs
    .filter((o) => ['Deployment', 'StatefulSet', 'DaemonSet'].includes(o.kind))
    .map((o) => ({ owner: o, labels: o.spec.template.metadata.labels, spec: o.spec.template.spec }));
}

/** A container of a workload by name. */
export function container(workload: Obj, name: string): any {
  const c = [...(workload.spec.template.spec.initContainers ?? []), ...workload.spec.template.spec.containers].find(
    (x: any) => x.name === name,
  );
  if (!c) throw new Error(`no container ${name} in ${workload.kind}/${workload.metadata.name}`);
  return c;
}

/** The value of an env var (literal) or its source. */
export function env(c: any, name: string): any {
  const e = (c.env ?? []).find((x: any) => x.name === name);
  return e?.value ?? e?.valueFrom;
}
