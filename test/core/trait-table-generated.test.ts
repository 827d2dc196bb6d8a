/**
 * The typed trait props are generated (scripts/gen-traits.js) from the enriched trait fixture
 * (test/fixtures/traits-enriched, written by scripts/extract-traits.py from the pinned programs'
 * trait dumps and sources): the committed files are what the generator writes now, the fixture
 * agrees with the dumps, and the structs say what the programs say (deprecations, unions, refusals).
 */
import * as fs from 'fs';
import * as path from 'path';
import { DASK_GATEWAY_TRAIT_TABLES } from '../../lib/dask/dask-gateway-traits.generated';
import { HUB_TRAIT_TABLES } from '../../lib/hub/hub-traits.generated';
import { ENRICHED } from '../trait-check';

const ROOT = path.join(__dirname, '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generate, GROUPS } = require('../../scripts/gen-traits.js') as {
  generate: () => { [file: string]: string };
  GROUPS: { dir: string; name: string; part: 'hub' | 'dask'; classes: { cls: string; struct: string }[] }[];
};
const enriched = JSON.parse(fs.readFileSync(ENRICHED, 'utf8'));
const dumps = {
  hub: JSON.parse(fs.readFileSync(path.join(ROOT, 'test/fixtures/traits-k8s-hub-4.4.0.json'), 'utf8')).classes,
  dask: JSON.parse(fs.readFileSync(path.join(ROOT, 'test/fixtures/traits-dask-gateway-server-2026.3.0.json'), 'utf8'))
    .classes,
};

test('the committed generated files are what scripts/gen-traits.js writes from the fixture (else: npm run gen)', () => {
  const files = generate();
  expect(Object.keys(files).length).toBeGreaterThan(0);
  for (const [file, text] of Object.entries(files)) {
    expect(`${file}:\n${fs.readFileSync(path.join(ROOT, file), 'utf8')}`).toBe(`${file}:\n${text}`);
  }
});

test.each(['hub', 'dask'] as const)(
  'the enriched fixture (%s) has every trait of each class in scope, with the type and deprecation of its dump',
  (part) => {
    for (const [cls, traits] of Object.entries(enriched[part]) as [string, any][]) {
      const dump = dumps[part][cls];
      expect(Object.keys(traits).sort()).toEqual(Object.keys(dump).sort());
      for (const [trait, e] of Object.entries(traits) as [string, any][]) {
        expect([cls, trait, e.type, e.deprecated]).toEqual([cls, trait, dump[trait].type, dump[trait].deprecated]);
        expect([cls, trait, e.spec?.type]).toEqual([cls, trait, dump[trait].type]);
      }
    }
  },
);

test('the fixture names its sources (pinned tags) and ships their licenses', () => {
  for (const [program, source] of Object.entries(enriched.sources) as [string, any][]) {
    expect(source.tag).toMatch(/^v?\d+\.\d+\.\d+$/);
    expect(fs.readFileSync(path.join(path.dirname(ENRICHED), `LICENSE-${program}`), 'utf8')).toMatch(/BSD|Copyright/);
  }
});

describe.each(GROUPS.flatMap((g) => g.classes.map((c) => [c.struct, g, c.cls] as const)))(
  '%s',
  (struct, group, cls) => {
    const text = fs.readFileSync(path.join(ROOT, group.dir, `${group.name}-traits.generated.ts`), 'utf8');
    const body = text.slice(text.indexOf(`export interface ${struct} {`));
    const members = body.slice(0, body.indexOf('\n}\n'));
    const tables = { ...HUB_TRAIT_TABLES, ...DASK_GATEWAY_TRAIT_TABLES };
    const table = Object.values(tables)
      .map((load) => load())
      .find((t) => t.struct === struct)!;

    test('a prop per trait that is data, none for a Type, Callable or secret trait', () => {
      for (const [prop, [trait, kind]] of Object.entries(table.traits)) {
        const declared = new RegExp(`\\n  readonly ${prop}\\?: `).test(members);
        expect([trait, prop, declared]).toEqual([trait, prop, kind !== 'refused']);
      }
    });

    test('a deprecated trait is marked @deprecated', () => {
      for (const [prop, [trait, kind]] of Object.entries(table.traits)) {
        if (kind === 'refused' || !enriched[group.part][cls][trait].deprecated) continue;
        const doc = members.slice(0, members.indexOf(`\n  readonly ${prop}?: `));
        expect([prop, doc.slice(doc.lastIndexOf('/**'))]).toEqual([prop, expect.stringContaining('@deprecated')]);
      }
    });
  },
);
