#!/usr/bin/env node
/*
 * The `cdk8s-jupyterhub` command (package.json `bin`). In the installed package it runs the
 * compiled build/lib/cli/main.js; in a checkout of the repository (lib/cli/main.ts beside it) it
 * runs the TypeScript sources through sucrase, so `npx cdk8s-jupyterhub` never runs a stale build.
 */
'use strict';
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const source = path.join(root, 'lib', 'cli', 'main.ts');
let cli;
if (fs.existsSync(source)) {
  require('sucrase/register/ts');
  cli = require(source);
} else {
  cli = require(path.join(root, 'build', 'lib', 'cli', 'main.js'));
}

const io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readStdin: () => fs.readFileSync(0, 'utf8'),
};
process.exitCode = cli.main(process.argv.slice(2), io);
