/**
 * The import's own key table (lib/cli/import-keys.ts, import-keys-users.ts), checked against the
 * mapping table docs/parity/z2jh-4.4.0.md: a key the import maps names the API the doc's row
 * names; a key it refuses names that API as the safe alternative; a key the doc types that the
 * import does not handle is reported "not supported by the import yet". And the key list the
 * import validates against (lib/cli/chart-keys.generated.ts) is the one the charts' schemas give.
 */
import * as fs from 'fs';
import * as path from 'path';
import { buildPlan } from '../../lib/cli/import-build';
import { IMPORT_KEYS } from '../../lib/cli/import-keys';
import { Z2JH_KEYS } from '../../lib/cli/chart-keys.generated';
import { ValueLeaf } from '../../lib/cli/import-values';

const ROOT = path.join(__dirname, '..', '..');
const DOC = 'docs/parity/z2jh-4.4.0.md';

/** The doc's rows: option -> equivalent. */
function docRows(): Map<string, string> {
  const rows = new Map<string, string>();
  for (const line of fs.readFileSync(path.join(ROOT, DOC), 'utf8').split('\n')) {
    const m = /^\|\s*`([^`]+)`\s*\|\s*(.+?)\s*\|$/.exec(line);
    if (m) rows.set(m[1], m[2]);
  }
  return rows;
}
const typedApi = (equivalent: string | undefined) => /^`([A-Z][\w.#]*)`$/.exec(equivalent ?? '')?.[1];

test('every key of the table is an option of z2jh 4.4.0 (a row of the mapping table)', () => {
  const rows = docRows();
  expect(Object.keys(IMPORT_KEYS).filter((k) => !rows.has(k))).toEqual([]);
});

test('a key the import maps names the API the mapping table names for it', () => {
  const rows = docRows();
  const differ = Object.entries(IMPORT_KEYS)
    .filter(([, rule]) => rule.api !== undefined)
    .filter(([key, rule]) => typedApi(rows.get(key)) !== rule.api)
    .map(([key, rule]) => `${key}: the import maps it to ${rule.api}, ${DOC} says ${rows.get(key)}`);
  expect(differ).toEqual([]);
});

test('a key the import refuses as insecure names the typed API of the mapping table as the safe alternative', () => {
  const rows = docRows();
  const missing = Object.entries(IMPORT_KEYS)
    .filter(([key, rule]) => rule.refused !== undefined && typedApi(rows.get(key)) !== undefined)
    .filter(([key, rule]) => !rule.instead!.includes(typedApi(rows.get(key))!.split('.')[0]))
    .map(([key, rule]) => `${key}: instead "${rule.instead}" does not name ${rows.get(key)}`);
  expect(missing).toEqual([]);
});

test('a key the import calls Helm-only is not applicable in the mapping table', () => {
  const rows = docRows();
  const differ = Object.entries(IMPORT_KEYS)
    .filter(([, rule]) => rule.helmOnly !== undefined)
    .filter(([key]) => !/^not applicable: /.test(rows.get(key) ?? ''))
    .map(([key]) => `${key}: ${rows.get(key)}`);
  expect(differ).toEqual([]);
});

test('a key the mapping table types that the import does not handle is reported "not supported by the import yet"', () => {
  const rows = docRows();
  const unhandled = [...rows.entries()]
    .filter(([key, eq]) => typedApi(eq) !== undefined && !(key in IMPORT_KEYS) && !key.startsWith('hub.config.'))
    .map(([key]) => key)
    // keys under a key the table handles as a whole (`imagePullSecret`) are that key's
    .filter((key) => !Object.keys(IMPORT_KEYS).some((k) => key.startsWith(`${k}.`)));
  expect(unhandled.length).toBeGreaterThan(10); // the mapping table types more than the import handles, today
  const leaves: ValueLeaf[] = unhandled.map((key) => ({ key, chart: 'z2jh', schemaKey: key, rest: [], value: 'x' }));
  const plan = buildPlan({ leaves, daskhub: false }, 'hub', 'hub', false);
  const wrong = unhandled.filter((key) => {
    const o = plan.outcomes.get(key);
    return !(o?.status === 'not supported' && o.reason.startsWith('not supported by the import yet'));
  });
  expect(wrong).toEqual([]);
});

test("lib/cli/chart-keys.generated.ts is what scripts/gen-chart-keys.js makes of the charts' schemas (not stale)", () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the generator is a plain node script
  const gen = require('../../scripts/gen-chart-keys.js') as { generate: () => string; OUT: string };
  expect(fs.readFileSync(path.join(ROOT, gen.OUT), 'utf8')).toBe(gen.generate());
  expect(fs.readFileSync(path.join(ROOT, gen.OUT), 'utf8')).toMatch(
    /license: BSD 3-Clause, Project Jupyter Contributors/,
  );
  expect(Z2JH_KEYS['singleuser.memory.limit']).toBe('leaf');
  expect(Z2JH_KEYS['hub.config']).toBe('pattern:^[A-Z].*$');
});
