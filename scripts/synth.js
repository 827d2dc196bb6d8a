#!/usr/bin/env node
/*
 * Synthesizes the app (main.ts) into dist/, fast and never stale:
 * every .ts source of the app is hashed; those whose hash changed since the last run (or that
 * are new) are transpiled with sucrase (no type check: `npm test` type-checks) into
 * .synth-cache/, outputs of deleted sources are removed, then the compiled app runs in this
 * process with plain node. A warm run transpiles nothing and loads no compiler.
 */
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const cacheDir = path.join(root, '.synth-cache');
const manifestFile = path.join(cacheDir, 'manifest.json');
const SOURCES = ['main.ts', 'lib', 'imports'];

function sources() {
  const out = [];
  const walk = (rel) => {
    const abs = path.join(root, rel);
    if (!fs.existsSync(abs)) return;
    if (fs.statSync(abs).isDirectory()) {
      for (const e of fs.readdirSync(abs).sort()) walk(path.join(rel, e));
    } else if (rel.endsWith('.ts') && !rel.endsWith('.d.ts')) {
      out.push(rel);
    }
  };
  SOURCES.forEach(walk);
  return out;
}

function refresh() {
  let manifest = {};
  try {
    manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
  } catch {
    manifest = {};
  }
  const next = {};
  let sucrase;
  for (const rel of sources()) {
    const code = fs.readFileSync(path.join(root, rel), 'utf8');
    const hash = crypto.createHash('sha256').update(code).digest('hex');
    const outFile = path.join(cacheDir, rel.replace(/\.ts$/, '.js'));
    if (manifest[rel] !== hash || !fs.existsSync(outFile)) {
      sucrase = sucrase || require('sucrase');
      const js = sucrase.transform(code, { transforms: ['typescript', 'imports'], filePath: rel }).code;
      fs.mkdirSync(path.dirname(outFile), { recursive: true });
      fs.writeFileSync(outFile, js);
    }
    next[rel] = hash;
  }
  for (const rel of Object.keys(manifest)) {
    if (!(rel in next)) fs.rmSync(path.join(cacheDir, rel.replace(/\.ts$/, '.js')), { force: true });
  }
  fs.mkdirSync(cacheDir, { recursive: true });
  fs.writeFileSync(manifestFile, JSON.stringify(next, null, 1));
}

module.exports = { refresh, cacheDir };

if (require.main === module) {
  refresh();
  const { buildApp } = require(path.join(cacheDir, 'main.js'));
  const { synthesize } = require(path.join(cacheDir, 'lib', 'index.js'));
  synthesize(buildApp());
}
