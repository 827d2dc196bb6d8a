/**
 * Gateway API objects checked against the API's own schema, without a cluster: the types and
 * validators of `@kubernetes-models/gateway-api` 2.0.0 are generated from the Gateway API CRDs
 * (`gateway.networking.k8s.io/v1`). Two checks, as the strict schema check does for the built-in
 * kinds: every field of the object exists in the CRD's types (read from the package's `.d.ts`
 * with the TypeScript compiler: unknown fields are errors), and the package's validator accepts
 * it (types, enums, patterns, lengths; it runs as an ES module, so in a child `node`).
 */
import { spawnSync } from 'child_process';
import * as path from 'path';
import * as ts from 'typescript';

const PACKAGE = path.dirname(require.resolve('@kubernetes-models/gateway-api/package.json'));

let checker: ts.TypeChecker | undefined;
let routeType: ts.Type | undefined;

function httpRouteType(): { checker: ts.TypeChecker; type: ts.Type } {
  if (checker === undefined || routeType === undefined) {
    const file = path.join(PACKAGE, 'gateway.networking.k8s.io', 'v1', 'HTTPRoute.d.ts');
    const program = ts.createProgram([file], { noEmit: true, skipLibCheck: true, types: [] });
    checker = program.getTypeChecker();
    const source = program.getSourceFile(file)!;
    const symbol = checker.getSymbolAtLocation(source)!;
    const iface = checker.getExportsOfModule(symbol).find((s) => s.name === 'IHTTPRoute')!;
    routeType = checker.getDeclaredTypeOfSymbol(iface);
  }
  return { checker, type: routeType };
}

/** The object types a type may be (unions and arrays looked through). */
function objectTypes(c: ts.TypeChecker, t: ts.Type): ts.Type[] {
  const nonNull = c.getNonNullableType(t);
  if (nonNull.isUnion()) return nonNull.types.flatMap((u) => objectTypes(c, u));
  if (c.isArrayType(nonNull)) return objectTypes(c, c.getTypeArguments(nonNull as ts.TypeReference)[0]);
  return nonNull.getFlags() & ts.TypeFlags.Object && c.getPropertiesOfType(nonNull).length > 0 ? [nonNull] : [];
}

function unknownFields(c: ts.TypeChecker, value: unknown, t: ts.Type, at: string, out: string[]): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => unknownFields(c, v, t, `${at}[${i}]`, out));
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const candidates = objectTypes(c, t);
  // A map type (labels, annotations) has an index signature and no fixed fields to check.
  if (candidates.length === 0 || candidates.some((x) => c.getIndexInfosOfType(x).length > 0)) return;
  for (const [key, v] of Object.entries(value)) {
    const prop = candidates.map((x) => c.getPropertyOfType(x, key)).find((p) => p !== undefined);
    if (prop === undefined) {
      out.push(`${at}.${key}: unknown field`);
      continue;
    }
    unknownFields(c, v, c.getTypeOfSymbol(prop), `${at}.${key}`, out);
  }
}

/** What is wrong with an `HTTPRoute`: unknown fields, then the validator's errors. */
export function httpRouteErrors(route: object): string[] {
  const { checker: c, type } = httpRouteType();
  const out: string[] = [];
  unknownFields(c, route, type, '', out);
  const script = `import { HTTPRoute } from '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1';
let input = ''; process.stdin.on('data', (d) => (input += d)).on('end', () => {
  try { new HTTPRoute(JSON.parse(input)).validate(); console.log('[]'); }
  catch (e) { console.log(JSON.stringify((e.errors ?? [{ message: e.message }]).map((x) => (x.instancePath ?? '') + ' ' + x.message))); }
});`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    input: JSON.stringify(route),
    encoding: 'utf8',
    cwd: path.join(__dirname, '..', '..'),
  });
  if (r.status !== 0) throw new Error(`the Gateway API validator failed to run: ${r.stderr}`);
  return [...out, ...(JSON.parse(r.stdout) as string[])];
}
