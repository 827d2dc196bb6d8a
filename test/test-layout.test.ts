/**
 * The layout of test/: the tests of a construct are in test/<domain>/, beside the other constructs
 * of its lib/<domain>/ folder, in a file named after the construct's file (optionally with a topic:
 * `<construct>-<topic>.test.ts`); the top of test/ holds only the suites that span lib/ and the
 * shared helpers. Each construct's file holds its behaviour, the bad input it refuses and the good
 * input it accepts.
 */
import * as fs from 'fs';
import * as path from 'path';

const TEST = __dirname;
const LIB = path.join(__dirname, '..', 'lib');
const DOMAINS = fs
  .readdirSync(LIB, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

/** The suites that span lib/ (the whole app, the generated files, the docs, the repository). */
const CROSS_CUTTING = [
  'api-docs',
  'app-checks',
  'architecture',
  'bad-input-from-docs',
  'consumer',
  'contributing',
  'docs-examples',
  'docs-links',
  'generated-ascii',
  'generated-files',
  'getting-started',
  'golden',
  'manifest-checks',
  'no-wall-clock-assertions',
  'parity-tables',
  'pod-security',
  'prop-specs',
  'schema',
  'synthesize',
  'takeover',
  'test-layout',
  'trust-model',
  'yaml-readers',
];
/** Folders of test/ that are no lib/ domain: the e2e tests, the checkers, fixtures, schema tools. */
const OTHER_FOLDERS = ['checkers', 'e2e', 'fixtures', 'schema'];

const testFiles = (dir: string) => fs.readdirSync(dir).filter((f) => f.endsWith('.test.ts'));

test('the top of test/ holds only the suites that span lib/; the tests of a construct are in test/<domain>/', () => {
  expect(testFiles(TEST).map((f) => f.replace(/\.test\.ts$/, ''))).toEqual(CROSS_CUTTING);
  const folders = fs
    .readdirSync(TEST, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name);
  expect(folders.filter((f) => !DOMAINS.includes(f) && !OTHER_FOLDERS.includes(f))).toEqual([]);
});

test('every test file under test/<domain>/ is named after a file of lib/<domain>/, maybe with a topic after it', () => {
  const strays: string[] = [];
  for (const domain of DOMAINS) {
    const dir = path.join(TEST, domain);
    if (!fs.existsSync(dir)) continue;
    const sources = fs
      .readdirSync(path.join(LIB, domain))
      .filter((f) => f.endsWith('.ts'))
      .map((f) => f.replace(/\.ts$/, ''));
    for (const file of testFiles(dir)) {
      const name = file.replace(/\.test\.ts$/, '');
      if (!sources.some((s) => name === s || name.startsWith(`${s}-`))) strays.push(`${domain}/${file}`);
    }
  }
  expect(strays).toEqual([]);
});

test('no test file imports another test file (each runs once, in a module registry of its own)', () => {
  const all = (dir: string): string[] =>
    fs
      .readdirSync(dir, { withFileTypes: true })
      .flatMap((e) =>
        e.isDirectory() ? (e.name === 'fixtures' ? [] : all(path.join(dir, e.name))) : [path.join(dir, e.name)],
      )
      .filter((f) => f.endsWith('.ts'));
  const imports = all(TEST).flatMap((f) =>
    [...fs.readFileSync(f, 'utf8').matchAll(/from '(\.[^']*\.test)'/g)].map(
      (m) => `${path.relative(TEST, f)}: ${m[1]}`,
    ),
  );
  expect(imports).toEqual([]);
});
