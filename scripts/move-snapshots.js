#!/usr/bin/env node
/**
 * Moves jest snapshot entries to the .snap file of the test file they now belong to, without
 * recording them again: the test files moved from test/ to test/<domain>/ (one file per construct),
 * and `jest --ci` refuses to write snapshots. Each entry's text is copied byte for byte (jest's
 * key order, natural sort, is kept); a .snap file left without entries is deleted. Then the
 * multiset of (key, content) pairs across every .snap file under test/ is compared before and
 * after: the script fails unless it is the same.
 *
 * Usage: node scripts/move-snapshots.js   (a move whose source is gone is skipped: it ran already)
 */
const fs = require('fs');
const path = require('path');
const naturalCompare = require('natural-compare');

const ROOT = path.join(__dirname, '..');
const HEADER = '// Jest Snapshot v1, https://goo.gl/fbAQLP\n';

/** From a .snap file to another: every entry, or those whose key starts with one of `keys`. */
const MOVES = [
  ['test/__snapshots__/hub.test.ts.snap', 'test/hub/__snapshots__/hub.test.ts.snap'],
  ['test/__snapshots__/proxy.test.ts.snap', 'test/front-door/__snapshots__/proxy.test.ts.snap'],
  ['test/__snapshots__/nginx-ingress.test.ts.snap', 'test/front-door/__snapshots__/nginx-ingress.test.ts.snap'],
  ['test/__snapshots__/minikube-chart.test.ts.snap', 'test/charts/__snapshots__/minikube-chart.test.ts.snap'],
  ['test/__snapshots__/jeg-lab-chart.test.ts.snap', 'test/charts/__snapshots__/jeg-lab-chart.test.ts.snap'],
  [
    'test/__snapshots__/gateway.test.ts.snap',
    'test/kernels/__snapshots__/enterprise-gateway.test.ts.snap',
    ['EnterpriseGateway '],
  ],
  [
    'test/__snapshots__/gateway.test.ts.snap',
    'test/kernels/__snapshots__/nfs-storage.test.ts.snap',
    ['defaults of the storage and kernel constructs (snapshots) NfsStorage'],
  ],
  [
    'test/__snapshots__/gateway.test.ts.snap',
    'test/kernels/__snapshots__/kernel-spec.test.ts.snap',
    ['defaults of the storage and kernel constructs (snapshots) KernelSpec'],
  ],
];

/** The entries of a .snap file: key -> the entry's text as written (`exports[...] = ...;`). */
function entries(file) {
  const text = fs.readFileSync(file, 'utf8');
  if (!text.startsWith(HEADER)) throw new Error(`${file}: not a jest snapshot file`);
  const out = new Map();
  const starts = [...text.matchAll(/^exports\[`/gm)].map((m) => m.index);
  starts.forEach((start, i) => {
    const chunk = text.slice(start, i + 1 < starts.length ? starts[i + 1] : text.length).replace(/\n+$/, '');
    out.set(keyOf(chunk), chunk);
  });
  return out;
}

/** An entry's key and content, as jest reads them (the .snap file is a CommonJS module). */
function evaluate(chunk) {
  const exports = {};
  new Function('exports', chunk)(exports);
  const [[key, value]] = Object.entries(exports);
  return { key, value };
}
const keyOf = (chunk) => evaluate(chunk).key;

function write(file, map) {
  if (map.size === 0) {
    fs.rmSync(file);
    const dir = path.dirname(file);
    if (fs.readdirSync(dir).length === 0) fs.rmdirSync(dir);
    return;
  }
  const keys = [...map.keys()].sort(naturalCompare);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${HEADER}\n${keys.map((k) => map.get(k)).join('\n\n')}\n`);
}

/** Every (key, content) pair of every .snap file under test/, as sorted strings. */
function pairs() {
  const files = (dir) =>
    fs
      .readdirSync(dir, { withFileTypes: true })
      .flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]))
      .filter((f) => f.endsWith('.snap'));
  return files(path.join(ROOT, 'test'))
    .flatMap((f) => [...entries(f).values()].map(evaluate))
    .map(({ key, value }) => JSON.stringify([key, value]))
    .sort();
}

const before = pairs();
for (const [from, to, keys] of MOVES) {
  const source = path.join(ROOT, from);
  if (!fs.existsSync(source)) {
    console.log(`skip ${from} (moved already)`);
    continue;
  }
  const target = path.join(ROOT, to);
  const src = entries(source);
  const dst = fs.existsSync(target) ? entries(target) : new Map();
  let n = 0;
  for (const [key, chunk] of src) {
    if (keys && !keys.some((k) => key.startsWith(k))) continue;
    if (dst.has(key)) throw new Error(`${to} has ${key} already`);
    dst.set(key, chunk);
    src.delete(key);
    n++;
  }
  write(target, dst);
  write(source, src);
  console.log(`${from} -> ${to}: ${n} entr${n === 1 ? 'y' : 'ies'}`);
}
const after = pairs();
const same = before.length === after.length && before.every((p, i) => p === after[i]);
console.log(
  `(key, content) pairs across test/**/*.snap: ${before.length} before, ${after.length} after: ${same ? 'identical' : 'DIFFERENT'}`,
);
if (!same) process.exit(1);
