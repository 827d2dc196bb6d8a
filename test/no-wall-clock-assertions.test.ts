/**
 * No test asserts on elapsed time: on a loaded machine any such bound fails sooner or later, and
 * a correctness test that fails for speed says nothing about correctness. Timings belong in
 * `npm run bench` (scripts/bench.js), which prints them and never fails on them.
 *
 * What counts: an `expect(...)` (its value or its matcher's arguments) or an `assert...(...)`
 * that reads the clock (`Date.now()`, `performance.now()`, `process.hrtime`, `new Date()`, ...)
 * or uses a variable computed from such a reading. A bounded wait stays allowed: a loop or a
 * helper with a deadline (`if (Date.now() > end) throw ...`) limits how long a test waits for
 * something, it does not assert that anything is fast.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

/** A reading of the wall clock. */
function readsClock(node: ts.Node): boolean {
  if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
    const callee = node.expression.getText();
    if (/^(Date\.now|performance\.now|process\.hrtime(\.bigint)?|process\.uptime)$/.test(callee)) return true;
    if (callee === 'Date' && (node.arguments?.length ?? 0) === 0) return true;
  }
  return ts.isPropertyAccessExpression(node) && node.getText() === 'performance.timeOrigin';
}

/** The assertions of a file that depend on the wall clock, as `file:line: text`. */
export function wallClockAssertions(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const initializers = new Map<string, ts.Node[]>();
  const collect = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer)
      initializers.set(node.name.text, [...(initializers.get(node.name.text) ?? []), node.initializer]);
    if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isIdentifier(node.left)
    )
      initializers.set(node.left.text, [...(initializers.get(node.left.text) ?? []), node.right]);
    ts.forEachChild(node, collect);
  };
  collect(source);
  const derived = new Set<string>();
  const dependsOnClock = (node: ts.Node): boolean =>
    readsClock(node) ||
    (ts.isIdentifier(node) && derived.has(node.text)) ||
    ts.forEachChild(node, (child) => dependsOnClock(child) || undefined) === true;
  // Variables computed from a clock reading, directly or through other such variables.
  for (let grew = true; grew;) {
    grew = false;
    for (const [name, values] of initializers)
      if (!derived.has(name) && values.some(dependsOnClock)) {
        derived.add(name);
        grew = true;
      }
  }
  const found: string[] = [];
  /** The calls of an assertion chain, `expect(a).not.toBeLessThan(b)` -> [toBeLessThan(b), expect(a)]. */
  const chain = (call: ts.CallExpression): ts.CallExpression[] | undefined => {
    const calls: ts.CallExpression[] = [];
    let e: ts.Expression = call;
    while (ts.isPropertyAccessExpression(e) || ts.isCallExpression(e)) {
      if (ts.isCallExpression(e)) calls.push(e);
      e = e.expression;
    }
    return ts.isIdentifier(e) && /^(expect|assert)$/.test(e.text) ? calls : undefined;
  };
  const ORDERING = /^(toBeLessThan|toBeLessThanOrEqual|toBeGreaterThan|toBeGreaterThanOrEqual)$/;
  const ARITHMETIC = [
    ts.SyntaxKind.MinusToken,
    ts.SyntaxKind.LessThanToken,
    ts.SyntaxKind.LessThanEqualsToken,
    ts.SyntaxKind.GreaterThanToken,
    ts.SyntaxKind.GreaterThanEqualsToken,
  ];
  /** A difference or comparison of clock readings (elapsed time, or a reading against a bound). */
  const measuresTime = (node: ts.Node): boolean =>
    (ts.isBinaryExpression(node) &&
      ARITHMETIC.includes(node.operatorToken.kind) &&
      (dependsOnClock(node.left) || dependsOnClock(node.right))) ||
    ts.forEachChild(node, (child) => measuresTime(child) || undefined) === true;
  const visit = (node: ts.Node): void => {
    // The outermost call of an assertion chain (not the `expect(a)` inside `expect(a).toBe(b)`).
    const outermost = ts.isCallExpression(node) && !ts.isPropertyAccessExpression(node.parent);
    const calls = outermost ? chain(node as ts.CallExpression) : undefined;
    if (calls) {
      const args = calls.flatMap((c) => [...c.arguments]);
      const matcher = calls[0].expression;
      const ordering = ts.isPropertyAccessExpression(matcher) && ORDERING.test(matcher.name.text);
      if (args.some(measuresTime) || (ordering && args.some(dependsOnClock))) {
        const line = source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
        found.push(`${file}:${line}: ${node.getText().split('\n')[0]}`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function testSources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'fixtures' || e.name === '__snapshots__' ? [] : testSources(p);
    return /\.(ts|js|mjs)$/.test(e.name) ? [p] : [];
  });
}

describe('no test asserts on wall-clock time', () => {
  test('the check finds an assertion on elapsed time, directly or through variables', () => {
    const code = [
      'const t0 = Date.now();',
      'const ms = Date.now() - t0;',
      'expect(ms).toBeLessThan(20000);',
      'expect(Date.now() - t0).toBeLessThan(2000);',
      'const start = performance.now(); const took = () => performance.now() - start;',
      'expect(took()).toBeLessThanOrEqual(5);',
      'const t = process.hrtime.bigint(); assert.ok(process.hrtime.bigint() - t < 10n);',
      'expect(100).toBeGreaterThan(Number(process.hrtime.bigint() - t));',
    ].join('\n');
    expect(wallClockAssertions('sample.ts', code)).toEqual([
      'sample.ts:3: expect(ms).toBeLessThan(20000)',
      'sample.ts:4: expect(Date.now() - t0).toBeLessThan(2000)',
      'sample.ts:6: expect(took()).toBeLessThanOrEqual(5)',
      'sample.ts:7: assert.ok(process.hrtime.bigint() - t < 10n)',
      'sample.ts:8: expect(100).toBeGreaterThan(Number(process.hrtime.bigint() - t))',
    ]);
  });

  test('a bounded wait (a deadline) is not an assertion on time', () => {
    const code = [
      'for (const end = Date.now() + 10_000; !ok() && Date.now() < end; ) await sleep(100);',
      'const end = Date.now() + 5000;',
      'while (!done()) { if (Date.now() > end) throw new Error("not within 5 s"); await sleep(50); }',
      "expect(result).toBe('ready');",
      'timings.push(`first: ${Date.now() - t0} ms`);',
      'const file = `/tmp/script_${process.pid}_${Date.now()}.py`; const r = run(file);',
      'expect(r.status).toBe(0);',
    ].join('\n');
    expect(wallClockAssertions('sample.ts', code)).toEqual([]);
  });

  test('no file under test/ has one', () => {
    const root = path.join(__dirname, '..');
    const found = testSources(__dirname)
      .filter((f) => f !== __filename)
      .flatMap((f) => wallClockAssertions(path.relative(root, f), fs.readFileSync(f, 'utf8')));
    expect(found).toEqual([]);
  });
});
