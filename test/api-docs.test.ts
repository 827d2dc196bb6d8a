import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// The generator is plain JavaScript (run by `npm run docs`); its helpers are exported for this test.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const apiDocs = require('../scripts/api-docs.js') as {
  code(text: string): string;
  cell(md: string): string;
  defaultCell(text: string): string;
  splitCodeSpans(md: string): { code: boolean; lone?: boolean; text: string }[];
  tableProblems(markdown: string): string[];
  generate(entry: string): { text: string; count: number; problems: string[] };
};

const API_MD = path.join(__dirname, '..', 'API.md');

test('API.md is generated from the current TSDoc, and every export follows the public-API rules', () => {
  // Rules: a doc comment on every export and public member; @default on every optional prop of a
  // props/options interface; readonly interface members; no union types or generics in props.
  const r = spawnSync(process.execPath, [path.join(__dirname, '..', 'scripts', 'api-docs.js'), '--check'], {
    encoding: 'utf8',
  });
  expect(r.stderr).toBe('');
  expect(r.stdout).toMatch(/API.md is up to date \(\d+ exports\)/);
  expect(r.status).toBe(0);
}, 60_000);

test("API.md renders: every table row has its header's cells, and every backtick in a cell opens a code span", () => {
  const md = fs.readFileSync(API_MD, 'utf8');
  expect(apiDocs.tableProblems(md)).toEqual([]);
  expect(md.split('\n').filter((l) => l.startsWith('| ')).length).toBeGreaterThan(100);
  // Optional members are marked wherever they appear: props (`name?`) and class members.
  expect(md).toMatch(/^\| `\w+\?` \| /m);
  expect(md).toMatch(/^\| `readonly \w+\?: /m);
  // TSDoc links are Markdown links, not raw `{@link ...}`.
  expect(md).not.toContain('{@link');
});

describe('the generator on TSDoc that used to break the tables (test/fixtures/api-docs/index.ts)', () => {
  let text = '';
  let problems: string[] = [];
  beforeAll(() => {
    ({ text, problems } = apiDocs.generate(path.join(__dirname, 'fixtures', 'api-docs', 'index.ts')));
  }, 60_000);
  const rowOf = (start: string) => text.split('\n').find((l) => l.startsWith(start)) as string;

  test('follows the rules and renders', () => {
    expect(problems).toEqual([]);
    expect(apiDocs.tableProblems(text)).toEqual([]);
  });

  test('optional members are marked optional: props, class properties, interface properties, parameters', () => {
    expect(rowOf('| `prefix?` |')).toBeDefined();
    expect(rowOf('| `name` |')).toContain('*required*');
    expect(text).toMatch(/### Widget[\s\S]*\| `readonly nickname\?: string` \| A nickname/);
    expect(text).toMatch(/### INamed[\s\S]*\| `readonly nickname\?: string` \| A nickname/);
    expect(text).toMatch(/### INamed[\s\S]*\| `greet\(other: INamed, loudly\?: boolean\): string` \|/);
    expect(rowOf('| `readonly name: string` |')).toBeDefined();
  });

  test('a default with backticks stays Markdown; `value (remark)` is code then prose; `- text` is prose', () => {
    expect(rowOf('| `prefix?` |')).toContain("| `''` (the names `hub`, `proxy-public`, ...) |");
    expect(rowOf('| `labels?` |')).toContain(
      '| `<prefix>widget`, or `app: x` when [`WidgetProps.prefix`](#widgetprops) is empty |',
    );
    expect(rowOf('| `volume?` |')).toContain('| `Volume.LOW` |');
  });

  test('pipes are escaped, lone backticks escaped, `<` outside code escaped, paragraphs and fenced code kept on one line', () => {
    expect(rowOf('| `volume?` |')).toContain(
      'written `a \\| b` in prose \\| outside code.<br><br>A second paragraph with Array&lt;string> in it.',
    );
    expect(rowOf('| `labels?` |')).toContain('``` `` ``` or a lone \\` backtick');
    expect(rowOf('| `mode?` |')).toContain(
      "| `x\\|y` | A member whose doc has a fenced block:<br>`new Widget(this, 'w', { mode: 'x\\|y' });` |",
    );
    expect(rowOf('| `get prefix: string \\| undefined` |')).toContain('The type `string \\| undefined`, as a getter.');
    expect(rowOf('| `HIGH` |')).toBe("| `HIGH` | `'high'` | Shout \\| scream. |");
  });

  test('{@link}s become links to the exported name, with their label', () => {
    expect(text).toContain('Props of [`Widget`](#widget).');
    expect(text).toContain('A widget. Implements [`INamed`](#inamed); see [the loud one](#volume).');
  });

  test('extends and implements are told apart; constructor parameters lose their modifiers', () => {
    expect(text).toContain('Extends `Construct`.\n\nImplements `INamed`.');
    expect(text).toContain('new Widget(scope: Construct, id: string, props: WidgetProps)');
  });
});

describe('Markdown helpers', () => {
  test.each([
    ['plain', '`plain`'],
    ['a `b` c', '``a `b` c``'],
    ['`starts`', '`` `starts` ``'],
    ['``double``', '``` ``double`` ```'],
    ['a\n  b', '`a b`'],
  ])('code(%j) is %j, one code span holding the text', (input, span) => {
    expect(apiDocs.code(input)).toBe(span);
    const parts = apiDocs.splitCodeSpans(apiDocs.code(input));
    expect(parts.map((p) => p.code)).toEqual([true]);
  });

  test('tableProblems finds what the old generator wrote: a default with backticks wrapped in one more pair', () => {
    const old =
      '| prop | type | default | description |\n| --- | --- | --- | --- |\n' +
      "| `adminUsers?` | `string[]` | `- no admins for `native`; `['admin']` for `dummy`` | Users. |\n";
    expect(apiDocs.tableProblems(old)).toEqual([expect.stringMatching(/^line 3: a backtick opens no code span/)]);
    // GFM splits cells on `|` even inside a code span: an unescaped one breaks the row.
    expect(apiDocs.tableProblems('| a | b |\n| --- | --- |\n| `x | y` | z |\n')).toContain(
      'line 3: 3 cells, the header has 2',
    );
    expect(apiDocs.tableProblems('| a | b |\n| --- | --- |\n| `x \\| y` | z |\n')).toEqual([]);
    expect(apiDocs.defaultCell("- no admins for `native`; `['admin']` for `dummy`")).toBe(
      "no admins for `native`; `['admin']` for `dummy`",
    );
  });

  test('the rules: a props interface with an optional prop without @default, a mutable prop, no doc, a union type', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'api-docs-'));
    try {
      const entry = path.join(dir, 'index.ts');
      fs.writeFileSync(
        entry,
        [
          '/** Props. */',
          'export interface BadProps {',
          '  /** Optional. */',
          '  readonly a?: string;',
          '  b: number;',
          '  /** A union. @default 1 */',
          '  readonly c?: number | string;',
          '}',
          'export const d = 1;',
        ].join('\n'),
      );
      expect(apiDocs.generate(entry).problems).toEqual([
        'BadProps.a: optional without @default',
        'BadProps.b: no doc comment',
        'BadProps.b: not readonly',
        "BadProps.c: union type 'number | string'",
        'd: no doc comment',
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
