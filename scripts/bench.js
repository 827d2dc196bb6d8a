#!/usr/bin/env node
/*
 * `npm run bench`: whole-process wall time (median of several runs) and peak memory of
 * synthesizing the seed charts and N = 1, 10, 100, 500 hubs (one chart each), next to the floor
 * (a node process that only loads cdk8s and cdk8s-plus-27); and, timed inside the process, 10,000
 * runtime prop checks and the generation of the prop specs (`npm run gen:props`), which tests used
 * to bound. Prints numbers; never fails on them: timings are not tests.
 * BENCH_QUICK=1 runs fewer repetitions; BENCH_ONLY=check-props,gen-props (scenario names of
 * bench-child.js) runs only those, next to the floor.
 */
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { refresh } = require('./synth');

const quick = process.env.BENCH_QUICK === '1';
const child = path.join(__dirname, 'bench-child.js');

const only = process.env.BENCH_ONLY ? process.env.BENCH_ONLY.split(',') : undefined;
const wanted = (scenario) => only === undefined || only.includes(scenario);

function run(args, runs) {
  const walls = [];
  const works = [];
  let rss = 0;
  for (let i = 0; i < runs; i++) {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-'));
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [child, ...args.map((x) => (x === 'OUT' ? out : x))], { encoding: 'utf8' });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
    walls.push(ms);
    const report = JSON.parse(r.stdout.trim().split('\n').pop());
    rss = Math.max(rss, report.maxRssKiB);
    if (report.workMs !== undefined) works.push(report.workMs);
    fs.rmSync(out, { recursive: true, force: true });
  }
  walls.sort((x, y) => x - y);
  works.sort((x, y) => x - y);
  const work = works.length > 0 ? works[Math.floor(works.length / 2)] : undefined;
  return { median: walls[Math.floor(walls.length / 2)], min: walls[0], rssMiB: rss / 1024, runs, work };
}

refresh();
const rows = [];
const floor = run(['floor'], quick ? 3 : 7);
const add = (name, r) => {
  rows.push({ name, ...r });
  console.log(
    `${name.padEnd(34)} ${String(r.runs).padStart(4)}  ${(r.median / 1000).toFixed(2).padStart(8)} s  ${(r.median / floor.median).toFixed(2).padStart(7)}x  ${r.rssMiB.toFixed(0).padStart(6)} MiB  ${(r.rssMiB / floor.rssMiB).toFixed(2).padStart(6)}x`,
  );
};
console.log(`node ${process.version}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB`);
console.log(`${'scenario'.padEnd(34)} runs  median wall  vs floor  peak RSS  vs floor`);
add('floor (load cdk8s + cdk8s-plus-27)', floor);
if (wanted('seeds')) add('seed charts (minikube + jeg-lab)', run(['seeds', 'OUT'], quick ? 3 : 7));
const hubs = {};
if (wanted('hubs')) {
  for (const n of [1, 10, 100, 500]) {
    hubs[n] = run(['hubs', String(n), 'OUT'], n >= 500 ? 3 : quick ? 3 : 5);
    add(`${n} hubs, synthesize()`, hubs[n]);
  }
}
if (wanted('hubs-app-synth'))
  for (const n of [10, 100])
    add(`${n} hubs, cdk8s app.synth()`, run(['hubs-app-synth', String(n), 'OUT'], quick || n >= 100 ? 1 : 3));
const timedInProcess = [];
if (wanted('check-props')) {
  const r = run(['check-props', '10000'], quick ? 3 : 5);
  add('10,000 prop checks', r);
  timedInProcess.push(
    `10,000 runtime prop checks: ${r.work.toFixed(0)} ms (${((r.work / 10000) * 1000).toFixed(1)} µs each)`,
  );
}
if (wanted('gen-props')) {
  const r = run(['gen-props'], quick ? 1 : 3);
  add('prop specs generation (gen:props)', r);
  timedInProcess.push(`prop specs generated from lib/'s declarations: ${(r.work / 1000).toFixed(2)} s`);
}
if (timedInProcess.length > 0) console.log(`in the process, without loading: ${timedInProcess.join('; ')}`);
if (hubs[500]) {
  const perHub = (hubs[500].median - hubs[1].median) / 499;
  const perHubMem = (hubs[500].rssMiB - hubs[1].rssMiB) / 499;
  console.log(`marginal cost per hub (1 -> 500): ${perHub.toFixed(1)} ms, ${(perHubMem * 1024).toFixed(0)} KiB`);
}
const seeds = rows.find((r) => r.name.startsWith('seed charts'));
if (seeds && hubs[500])
  console.log(
    `targets: seed charts within 2x of the floor: ${(seeds.median / floor.median).toFixed(2)}x; 500 hubs under 10 s and 1 GiB: ${(hubs[500].median / 1000).toFixed(2)} s, ${hubs[500].rssMiB.toFixed(0)} MiB`,
  );
