#!/usr/bin/env node
/*
 * One measured run for scripts/bench.js: loads what the scenario needs, synthesizes into the given
 * directory, and prints {"maxRssKiB": ...} (peak resident memory of this process) on stdout.
 *   floor                 only load cdk8s and cdk8s-plus-27
 *   seeds OUTDIR          the repository's two seed charts, as `npm run synth` does
 *   hubs N OUTDIR         N hubs, one Chart and namespace each, written by synthesize()
 *   hubs-app-synth N OUT  the same, written by cdk8s's own app.synth()
 */
'use strict';
const path = require('path');
const cache = path.join(__dirname, '..', '.synth-cache');
const [scenario, a, b] = process.argv.slice(2);

if (scenario === 'floor') {
  require('cdk8s');
  require('cdk8s-plus-27');
} else if (scenario === 'seeds') {
  const { buildApp } = require(path.join(cache, 'main.js'));
  const { synthesize } = require(path.join(cache, 'lib', 'index.js'));
  synthesize(buildApp(a));
} else if (scenario === 'hubs' || scenario === 'hubs-app-synth') {
  const { App, Chart } = require('cdk8s');
  const { Authenticator, JupyterHub, synthesize } = require(path.join(cache, 'lib', 'index.js'));
  const app = new App({ outdir: b });
  for (let i = 0; i < Number(a); i++) {
    const course = `course-${String(i).padStart(4, '0')}`;
    new JupyterHub(new Chart(app, course), 'hub', {
      namespace: course,
      hub: { release: course, authenticator: Authenticator.native({ adminUsers: ['teacher'] }) },
    });
  }
  if (scenario === 'hubs') synthesize(app);
  else app.synth();
} else {
  throw new Error(`unknown scenario ${scenario}`);
}
process.stdout.write(JSON.stringify({ maxRssKiB: process.resourceUsage().maxRSS }) + '\n');
