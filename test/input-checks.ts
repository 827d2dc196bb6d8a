/**
 * The tables of bad and good input in test/<domain>/: bad input is refused with its prop named
 * (`Invalid '<prop>'`), or for whole-app errors both construct paths; good input a user would
 * expect to work must synthesize and pass the strict schema check (refusing good input is a defect
 * too), and its YAML must read the same to YAML 1.1 readers as to a YAML 1.2 reader.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import * as jsyaml from 'js-yaml';
import * as YAML from 'yaml';
import { Hub, Proxy, synthesize } from '../lib';
import { strictErrors } from './strict-schema';
import { anyLogin, chart, find as findObject } from './util';

/** A row: what is wrong, the construction (or synthesis) that must throw, what the error must say. */
export type Row = [string, () => unknown, RegExp];

/** A good input: its name, how it is built, and what to check in the output. */
export type Good = [string, (a: App) => void, (docs: any[]) => void];

export const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The error names `prop` first, in the house style. */
export const P = (prop: string) => new RegExp(`^Invalid '${escape(prop)}' \\(`);
/** Both construct paths, in the order the error names them. */
export const both = (first: string, second: string) => new RegExp(`'${escape(first)}'.*'${escape(second)}'`);
/** A value as a JavaScript caller may pass it, whatever its type. */
export const js = (v: unknown) => v as any;
export const long = (n: number, ch = 'a') => ch.repeat(n);
export const tmp = (prefix: string) => fs.mkdtempSync(path.join(os.tmpdir(), prefix));

export const chartIn = (a: App, id: string, namespace?: string) =>
  new Chart(a, id, { disableResourceNameHashes: true, namespace });
/** Builds an app and synthesizes it with `synthesize`, which runs the whole-app checks. */
export const app = (build: (a: App) => void) => () => {
  const a = new App({ outdir: tmp('bad-input-') });
  build(a);
  synthesize(a);
};
/** A Hub with its Proxy (a Hub without one fails validation). */
export const hubIn = (scope: Construct, id: string, props: Partial<ConstructorParameters<typeof Hub>[2]> = {}) => {
  const hub = new Hub(scope, id, { authenticator: anyLogin(), ...props });
  hub.addIntegration(new Proxy(scope, `${id}-proxy`));
  return hub;
};

/** Asserts that `build` throws an Error whose message matches, never a bare JavaScript error. */
export function expectRefused(_what: string, build: () => unknown, message: RegExp): void {
  let error: unknown;
  try {
    build();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(Error);
  expect((error as Error).message).toMatch(message);
  // Never a bare JavaScript error (TypeError: cannot read properties of undefined ...).
  expect(error).not.toBeInstanceOf(TypeError);
}

/** Every document of every file `synthesize` wrote, as a YAML 1.2 reader sees it; asserts YAML 1.1 readers see the same. */
export function readBack(outdir: string): any[] {
  const docs: any[] = [];
  for (const file of fs
    .readdirSync(outdir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()) {
    const text = fs.readFileSync(path.join(outdir, file), 'utf8');
    const v12 = YAML.parseAllDocuments(text).map((d) => d.toJS());
    expect(YAML.parseAllDocuments(text, { version: '1.1' }).map((d) => d.toJS())).toEqual(v12);
    expect(jsyaml.loadAll(text, { schema: jsyaml.YAML11_SCHEMA })).toEqual(v12);
    docs.push(...v12.filter((d) => d !== null));
  }
  return docs;
}

/** Builds an app, synthesizes it (with the whole-app checks) and checks every object against the strict schema. */
export function synthGood(build: (a: App) => void): any[] {
  const a = new App({ outdir: tmp('good-input-') });
  build(a);
  synthesize(a);
  const docs = readBack(a.outdir);
  expect(docs.length).toBeGreaterThan(0);
  expect(docs.flatMap((o) => strictErrors(o))).toEqual([]);
  return docs;
}

/** Asserts a good input: it synthesizes, passes the strict schema, reads the same in YAML 1.1, and `check` holds. */
export function expectAccepted(_what: string, build: (a: App) => void, check: (docs: any[]) => void): void {
  check(synthGood(build));
}

/** The one object of a kind and name in synthesized documents (untyped, as YAML reads them); fails the test when absent. */
export const find = (docs: any[], kind: string, name: string): any => findObject(docs, kind, name);
/** The generated jupyterhub_config.py of the ConfigMap `name`. */
export const hubConfig = (docs: any[], name = 'hub-config'): string =>
  find(docs, 'ConfigMap', name).data['jupyterhub_config.py'];

/** Nothing more to check than that it synthesizes and is valid. */
export const none = () => undefined;

/** A Secret key reference (the Secret is created out of band; only its name and key are written). */
export const authRef = (key: string, name = 'hub-auth') => ({
  secret: kplus.Secret.fromSecretName(chart(), `ref-${name}-${key}`, name),
  key,
});
/** The error names `prop` and never shows the secret given as text. */
export const secretRefused = (prop: string) =>
  new RegExp(`^(?!.*hunter2)Invalid '${escape(prop)}' \\('\\*\\*\\*'\\): must be a reference to a Secret key`);
