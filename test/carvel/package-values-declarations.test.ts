/**
 * Package values that ytt could not read, and patterns that would restrict nothing under ytt's
 * unanchored `regexp.match` (issue 21, item 12).
 */
import { CarvelChart, PackageValue, PackageValueFormat } from '../../lib';
import { yttSchema } from '../../lib/carvel/ytt-schema';
import { App } from 'cdk8s';

describe('a value name is a name ytt can read as data.values.<name>', () => {
  // k14s starlark-go syntax/scan.go:1054-1089 (keywords and reserved words) and
  // syntax/block_scanner.go:111-116 (ytt reads the identifier `end` as the end of a block).
  test.each([
    'for',
    'if',
    'in',
    'and',
    'not',
    'or',
    'def',
    'lambda',
    'load',
    'return',
    'while',
    'break',
    'continue',
    'pass',
    'elif',
    'else',
    'end',
    'as',
    'class',
    'import',
    'is',
    'try',
    'with',
    'yield',
  ])('%s is refused', (name) => {
    expect(() => PackageValue.stringValue(name, { description: 'x', defaultValue: 'a' })).toThrow(
      new RegExp(`Invalid 'name' \\('${name}'\\): .*keyword`),
    );
    expect(() => PackageValue.integerValue(name, { description: 'x', defaultValue: 1 })).toThrow(/keyword/);
  });

  test('a name starting with a keyword is fine', () => {
    expect(PackageValue.stringValue('format', { description: 'x', defaultValue: 'a' }).name).toBe('format');
    expect(PackageValue.stringValue('end_date', { description: 'x', defaultValue: 'a' }).name).toBe('end_date');
  });

  test('kapp_controller is the package’s own key', () => {
    expect(() => PackageValue.stringValue('kapp_controller', { description: 'x', defaultValue: 'a' })).toThrow(
      /Invalid 'name' \('kapp_controller'\): .*kapp-controller/,
    );
  });
});

describe('defaults and descriptions in a form YAML 1.1 readers (ytt) see as written', () => {
  test.each([
    ['U+0085', 'a\u0085b'],
    ['U+2028', 'a\u2028b'],
    ['U+2029', 'a\u2029b'],
    ['a C1 control', 'a\u0090b'],
  ])('a default with %s is refused', (_what, dflt) => {
    expect(() => PackageValue.stringValue('greeting', { description: 'x', defaultValue: dflt })).toThrow(
      /Invalid 'values\.greeting\.defaultValue'.*YAML 1\.1/,
    );
  });

  test.each([
    ['U+2028', 'a\u2028b'],
    ['U+0085', 'a\u0085b'],
    ['a tab', 'a\tb'],
  ])('a description with %s is refused', (_what, description) => {
    expect(() => PackageValue.stringValue('greeting', { description, defaultValue: 'a' })).toThrow(
      /Invalid 'values\.greeting\.description'/,
    );
  });

  test('a default with other non-ASCII text, quotes and a newline is written as escapes', () => {
    const v = PackageValue.stringValue('greeting', { description: 'Grüße', defaultValue: 'Grüße "x"\n😀' });
    const schema = yttSchema([v]);
    expect(schema).toMatch(/^[\x20-\x7e\n]*$/);
    expect(schema).toContain('#@schema/desc "Gr\\xc3\\xbc\\xc3\\x9fe"');
  });
});

describe('a pattern restricts the whole value', () => {
  test('a pattern without ^...$ is anchored: ytt and the OpenAPI schema match the whole value', () => {
    const v = PackageValue.stringValue('team', {
      description: 'A team',
      defaultValue: 'abc',
      format: PackageValueFormat.pattern('[a-z-]+', 'lower-case letters'),
    });
    expect(v._spec().format?.pattern).toBe('^(?:[a-z-]+)$');
    expect(yttSchema([v])).toContain('regexp.match("^(?:[a-z-]+)$", v)');
    // Unanchored, this default would have passed: the pattern finds 'def' inside it.
    expect(() =>
      PackageValue.stringValue('team', {
        description: 'A team',
        defaultValue: 'ABC def',
        format: PackageValueFormat.pattern('[a-z-]+', 'lower-case letters'),
      }),
    ).toThrow(/Invalid 'values\.team\.defaultValue' \('ABC def'\)/);
  });

  test.each([
    ['^a|b$', '^(?:^a|b$)$'],
    ['^[a-z]+', '^(?:^[a-z]+)$'],
    ['[a-z]+$', '^(?:[a-z]+$)$'],
    ['^abc\\$', '^(?:^abc\\$)$'],
    ['^(a|b)$', '^(a|b)$'],
    ['^[a-z][a-z0-9_-]{0,31}$', '^[a-z][a-z0-9_-]{0,31}$'],
    ['^[|]$', '^[|]$'],
  ])('%s is kept or anchored as %s', (pattern, anchored) => {
    const format = PackageValueFormat.pattern(pattern, 'x');
    expect(format._rules().pattern).toBe(anchored);
  });
});

test("CarvelChart's registry errors name `registry`", () => {
  expect(() => new CarvelChart(new App(), 'carvel', { registry: 'Registry.Example.org/Team' })).toThrow(
    /^Invalid 'registry' \('Registry\.Example\.org\/Team'\): .*registry/,
  );
  expect(() => new CarvelChart(new App(), 'carvel', { registry: 'registry.example.org/team:1.0' })).toThrow(
    /^Invalid 'registry'/,
  );
  // A version with build metadata is no image tag: the error names `version`, not a repository.
  expect(() => new CarvelChart(new App(), 'carvel', { version: '1.0.0+build.5' })).toThrow(/^Invalid 'version'/);
});
