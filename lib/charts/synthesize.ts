import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, Chart, DependencyGraph, Names, Yaml, YamlOutputType } from 'cdk8s';
import { IConstruct } from 'constructs';
import { CarvelPackage } from '../carvel/carvel-package';
import { addAppChecks, withSharedJson } from '../core/app-checks';
import { DNS1123_SUBDOMAIN, fail } from '../core/validate';
import { IsolationSelfTest } from './isolation-self-test';

/**
 * Synthesizes every chart of `app` into `app.outdir`, with the same files and bytes as
 * `app.synth()`, in time linear in the size of the app. Two differences: a chart with a
 * {@link CarvelPackage} is written as its package directory, and a live self-test
 * ({@link IsolationSelfTest}) of the app keeps its id as its file name (`minikube.check.k8s.yaml`,
 * where `app.synth()` adds a hash to a name with a dot).
 *
 * `app.synth()` re-validates and re-resolves dependencies of the whole app once per chart
 * (cdk8s `App._synthChart`), so an app with one chart per hub grows with the square of the
 * number of hubs. This does each of those steps once for the app, then writes each chart.
 * Only the default output type (`FILE_PER_CHART`, without construct metadata) is handled here;
 * any other configuration is passed to `app.synth()` unchanged.
 *
 * @example
 * const app = new App();
 * for (const course of courses) new JupyterHub(new Chart(app, course), 'hub', { namespace: course });
 * synthesize(app);
 */
export function synthesize(app: App): void {
  checkApp(app);
  // The whole-app checks (duplicate objects and Namespaces, overlapping selectors, nodePorts
  // claimed twice) run with the other validations, on either path below; registered once per app.
  addAppChecks(app);
  if (
    app.yamlOutputType !== YamlOutputType.FILE_PER_CHART ||
    (app as unknown as { recordConstructMetadata?: boolean }).recordConstructMetadata
  ) {
    app.synth();
    return;
  }
  fs.mkdirSync(app.outdir, { recursive: true });
  const all = app.node.findAll();
  // The app checks serialize every object; the files below reuse that instead of a second toJson().
  const json = new Map<ApiObject, unknown>();
  withSharedJson(json, () => validateOnce(all));
  const chartsDependOnEachOther = resolveDependenciesOnce(all);
  let index = 0;
  for (const chart of app.charts) {
    const base = fileBase(chart);
    const name = chartsDependOnEachOther ? `${(index++).toString().padStart(4, '0')}-${base}` : base;
    // A chart with a CarvelPackage is written as a package directory (dist/<chart>/), not one file.
    const carvel = CarvelPackage.of(chart);
    if (carvel) {
      carvel.writeBundle(
        path.join(app.outdir, name),
        chartObjects(chart).map((o) => ({ object: o, json: json.get(o) ?? o.toJson() })),
      );
      continue;
    }
    Yaml.save(
      path.join(app.outdir, name + app.outputFileExtension),
      chartObjects(chart).map((o) => json.get(o) ?? o.toJson()),
    );
  }
}

/**
 * A chart's file name without extension: cdk8s's DNS label of its path, except for a top-level
 * {@link IsolationSelfTest}, which keeps its id (`minikube.check`, beside `minikube`), dots and all.
 */
function fileBase(chart: Chart): string {
  const id = chart.node.id;
  if (chart instanceof IsolationSelfTest && chart.node.scopes.length === 2 && DNS1123_SUBDOMAIN.test(id)) return id;
  return Names.toDnsLabel(chart);
}

/** Fails unless `app` is a cdk8s App (a JavaScript caller may pass anything). */
function checkApp(app: unknown): void {
  if (app instanceof App) return;
  if (app instanceof Chart)
    fail('app', app.node.path, "is a Chart: pass the Chart's App, synthesize(App.of(chart)) or synthesize(app)");
  fail('app', app, 'must be a cdk8s App, the root of your charts: const app = new App(); ...; synthesize(app)');
}

/** Every construct's validations, reported together with their paths, as `app.synth()` does. */
function validateOnce(all: IConstruct[]): void {
  const errors = all.flatMap((c) => c.node.validate().map((e) => `[${c.node.path}] ${e}`));
  if (errors.length > 0) throw new Error(`Validation failed with the following errors:\n  ${errors.join('\n  ')}`);
}

/**
 * The dependencies cdk8s infers before writing: a chart depends on the charts nested in it and
 * on the charts its constructs depend on; an object depends on the objects of what its construct
 * depends on. Returns whether any chart depends on another (file names are then numbered).
 */
function resolveDependenciesOnce(all: IConstruct[]): boolean {
  let chartsDependOnEachOther = false;
  for (const parent of all) {
    if (!(parent instanceof Chart)) continue;
    for (const child of parent.node.children) {
      if (child instanceof Chart) {
        parent.node.addDependency(child);
        chartsDependOnEachOther = true;
      }
    }
  }
  const edges = all.flatMap((source) => source.node.dependencies.map((target) => ({ source, target })));
  for (const { source, target } of edges) {
    if (Chart.of(source) !== Chart.of(target)) {
      Chart.of(source).node.addDependency(Chart.of(target));
      chartsDependOnEachOther = true;
    }
  }
  // Again, now with the chart-to-chart dependencies just added (as cdk8s does).
  const allEdges = all.flatMap((source) => source.node.dependencies.map((target) => ({ source, target })));
  for (const { source, target } of allEdges) {
    const targets = objectsOf(target);
    for (const s of objectsOf(source)) {
      for (const t of targets) if (s !== t) s.node.addDependency(t);
    }
  }
  return chartsDependOnEachOther;
}

/** The ApiObjects at or below a construct that belong to its own chart. */
function objectsOf(c: IConstruct): ApiObject[] {
  const chart = Chart.of(c);
  return c.node.findAll().filter((x): x is ApiObject => x instanceof ApiObject && Chart.of(x) === chart);
}

/** A chart's objects in dependency order, without those of nested charts. */
function chartObjects(chart: Chart): ApiObject[] {
  return new DependencyGraph(chart.node)
    .topology()
    .filter((x): x is ApiObject => x instanceof ApiObject && Chart.of(x) === chart);
}
