/**
 * The synthesized YAML reads back the same with a YAML 1.1 reader (kubectl's, PyYAML) as with a
 * YAML 1.2 reader: the seed charts and a chart with user names a YAML 1.1 reader would read
 * otherwise (line-break look-alikes, 'yes', 'on', '0644', '1:20', '~'). Each construct's good
 * input is read back the same way (test/input-checks.ts).
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { Authenticator, Hub, Proxy, synthesize } from '../lib';
import { buildApp } from '../main';
import { chartIn, find, readBack, tmp } from './input-checks';

const PYTHON = fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const PYYAML = spawnSync(PYTHON, ['-c', 'import yaml'], { encoding: 'utf8' }).status === 0;

describe('the synthesized YAML reads back the same with a YAML 1.1 reader as with a YAML 1.2 reader', () => {
  const outdir = tmp('yaml11-');
  const seeds = buildApp(outdir);
  const names = chartIn(seeds, 'names', 'names');
  new Hub(names, 'hub', {
    authenticator: Authenticator.dummy({
      adminUsers: ['ad\u2028min', 'x\u0085y', 'p\u2029q', 'caf\u00e9', 'yes', 'on', '0644', '1:20', '~'],
    }),
    release: 'no',
  }).addIntegration(new Proxy(names, 'proxy'));
  synthesize(seeds);
  const files = fs
    .readdirSync(outdir)
    .filter((f) => f.endsWith('.yaml'))
    .sort();

  test('both seed charts and a chart with non-ASCII user names', () => {
    expect(files).toEqual(
      expect.arrayContaining(['gke.k8s.yaml', 'jeg-lab.k8s.yaml', 'minikube.k8s.yaml', 'names.k8s.yaml']),
    );
    const docs = readBack(outdir); // asserts yaml (version 1.1) and js-yaml (YAML 1.1 schema) against yaml (1.2)
    expect(find(docs, 'Deployment', 'hub').metadata).toBeDefined();
    const config = docs.find(
      (o) => o.kind === 'ConfigMap' && o.metadata.namespace === 'names' && o.metadata.name === 'hub-config',
    ).data['jupyterhub_config.py'];
    expect(config).toContain('"ad\\u2028min"');
    expect(config).toContain('"x\\x85y"');
    expect(
      find(
        docs.filter((o) => o.metadata.namespace === 'names'),
        'Deployment',
        'hub',
      ).metadata.labels.release,
    ).toBe('no');
  });

  (PYYAML ? test : test.skip)('PyYAML (YAML 1.1, as kubectl reads line breaks) reads the same objects', () => {
    for (const file of files) {
      const text = fs.readFileSync(path.join(outdir, file), 'utf8');
      const fromPy = JSON.parse(
        execFileSync(
          PYTHON,
          [
            '-c',
            'import json, sys, yaml; print(json.dumps([d for d in yaml.safe_load_all(open(sys.argv[1], encoding="utf-8")) if d is not None]))',
            path.join(outdir, file),
          ],
          { encoding: 'utf8' },
        ),
      );
      expect(fromPy).toEqual(
        YAML.parseAllDocuments(text)
          .map((d) => d.toJS())
          .filter((d) => d !== null),
      );
    }
  });
});
