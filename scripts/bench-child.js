#!/usr/bin/env node
/*
 * One measured run for scripts/bench.js: loads what the scenario needs, synthesizes into the given
 * directory, and prints {"maxRssKiB": ...} (peak resident memory of this process) on stdout.
 *   floor                 only load cdk8s and cdk8s-plus-27
 *   seeds OUTDIR          the repository's two seed charts, as `npm run synth` does
 *   hubs N OUTDIR         N hubs, one Chart and namespace each, written by synthesize()
 *   hubs-app-synth N OUT  the same, written by cdk8s's own app.synth()
 *   check-props N         N runtime prop checks of one JupyterHubProps (what a JavaScript caller's props go through)
 *   gen-props             generating the prop specs from lib/'s declarations (`npm run gen:props`, without writing)
 * The scenarios that time a part of their work in the process print it too, as "workMs".
 */
'use strict';
const path = require('path');
const cache = path.join(__dirname, '..', '.synth-cache');
const [scenario, a, b] = process.argv.slice(2);
let workMs;
const timed = (work) => {
  const start = process.hrtime.bigint();
  work();
  workMs = Number(process.hrtime.bigint() - start) / 1e6;
};

if (scenario === 'floor') {
  require('cdk8s');
  require('cdk8s-plus-27');
} else if (scenario === 'seeds') {
  const load = require('./synth').loadCompiled();
  const { buildApp } = load('main.ts');
  const { synthesize } = load('lib/index.ts');
  synthesize(buildApp(a));
} else if (scenario === 'hubs' || scenario === 'hubs-app-synth') {
  const { App, Chart } = require('cdk8s');
  const { Authenticator, JupyterHub, synthesize } = require('./synth').loadCompiled()('lib/index.ts');
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
} else if (scenario === 'check-props') {
  const { Size } = require('cdk8s');
  const { Authenticator } = require(path.join(cache, 'lib', 'index.js'));
  const { checkProps } = require(path.join(cache, 'lib', 'core', 'check-props.js'));
  const props = {
    namespace: 'course',
    frontDoorOptions: { maxBodySize: Size.mebibytes(1) },
    hub: {
      authenticator: Authenticator.dummy(),
      singleUser: { image: 'x:1', cmd: ['a', 'b'], extraEnv: { A: 'b', C: 'd' } },
    },
  };
  timed(() => {
    for (let i = 0; i < Number(a); i++) checkProps('JupyterHubProps', props);
  });
} else if (scenario === 'gen-props') {
  const { generate } = require('./gen-prop-specs');
  timed(() => generate());
} else {
  throw new Error(`unknown scenario ${scenario}`);
}
process.stdout.write(JSON.stringify({ maxRssKiB: process.resourceUsage().maxRSS, workMs }) + '\n');
