/**
 * The docs' TypeScript examples, as a user copies them: every TypeScript block of README.md,
 * CONTRIBUTING.md and docs/*.md is compiled with strict `tsc` against the packed library
 * (installed next to its peer dependencies, as `test/consumer.test.ts` installs it), and every
 * block that can run is run: each object it writes must pass the strict Kubernetes schema.
 *
 * The convention (CONTRIBUTING.md, "Code blocks in the docs"):
 * - ```ts: a complete program, compiled as it is and run.
 * - ```ts fragment: statements compiled after a prelude that imports every export of
 *   cdk8s-jupyterhub, `App`, `Chart`, `Duration` and `Size` from cdk8s, cdk8s-plus-27 as `kplus`
 *   and its `ServiceType` (the fragment's own imports replace those of the same name), makes
 *   `app` and `chart` (a real App and Chart), and declares the names the docs use for what an
 *   earlier block made (`ns`, `hub`, `proxy`, `tls`, `authenticator`, `gwNs`, `python`), inside a block of its
 *   own so that the fragment may define them again. A fragment that uses none of the declared
 *   names is run, and its `app` synthesized; one that does is compiled only.
 * - ```ts file=... / append=...: files a walkthrough writes, compiled by the walkthrough's own
 *   test (CONTRIBUTING.md's recipe: test/contributing.test.ts; docs/getting-started.md:
 *   test/getting-started.test.ts), as are the other blocks of CONTRIBUTING.md's recipes.
 * - Anything that is not TypeScript has another language tag (`sh`, `text`, `yaml`, ...).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'js-yaml';
import * as ts from 'typescript';
import { attribute, DocBlock, docBlocks, testedDocs } from './doc-blocks';
import { installedVersion, npmInstall, packedTarball, ROOT } from './packed-library';
import { httpRouteErrors } from './front-door/gateway-api-schema';
import { strictErrors } from './strict-schema';

/** The names a fragment may use for what an earlier block made, and their types. */
const DECLARED: { readonly [name: string]: string } = {
  ns: 'Namespace',
  hub: 'Hub',
  proxy: 'Proxy',
  tls: 'IngressTls',
  authenticator: 'Authenticator',
  // seed 004's composition (README.md): the gateway's namespace and its kernel spec
  gwNs: 'Namespace',
  python: 'KernelSpec',
};

const COMPILER_OPTIONS: ts.CompilerOptions = {
  strict: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.CommonJS,
  esModuleInterop: true,
  skipLibCheck: false,
  types: [],
};

/** Why a TypeScript block is not compiled here, or undefined when it is. */
function compiledElsewhere(block: DocBlock): string | undefined {
  if (attribute(block, 'file') !== undefined || attribute(block, 'append') !== undefined)
    return 'a file of a walkthrough: compiled by its own test';
  if (block.doc === 'CONTRIBUTING.md' && block.section.startsWith('Recipe: '))
    return "part of CONTRIBUTING.md's recipe: compiled by test/contributing.test.ts";
  return undefined;
}

const isTypeScript = (b: DocBlock) => b.lang === 'ts' || b.lang === 'typescript';
const BLOCKS = testedDocs(ROOT)
  .flatMap((doc) => docBlocks(ROOT, doc))
  .filter((b) => isTypeScript(b) && compiledElsewhere(b) === undefined);

/** One block as a source file: its text and, per line, the document line it comes from. */
interface Example {
  readonly block: DocBlock;
  readonly id: string;
  readonly fragment: boolean;
  readonly text: string;
  /** The document line of each line of `text` (undefined: a line of the prelude). */
  readonly origin: readonly (number | undefined)[];
}

const IMPORT = /^import\s+(?:\*\s+as\s+(\w+)|\{([^}]*)\})\s+from\s+'([^']+)';/;

/** A fragment's own import statements (hoisted to the file's top) and the names they bind. */
function ownImports(lines: string[]): {
  statements: { at: number; count: number; text: string }[];
  names: Set<string>;
} {
  const statements: { at: number; count: number; text: string }[] = [];
  const names = new Set<string>();
  for (let i = 0; i < lines.length; i++) {
    if (!/^import\b/.test(lines[i])) continue;
    let j = i;
    while (!/;\s*(\/\/.*)?$/.test(lines[j]) && j + 1 < lines.length) j++;
    const text = lines.slice(i, j + 1).join('\n');
    const m = IMPORT.exec(text.replace(/\s+/g, ' '));
    if (!m) throw new Error(`an import this test cannot read: ${text}`);
    if (m[1]) names.add(m[1]);
    for (const n of (m[2] ?? '').split(',').map((s) => s.trim())) if (n) names.add(n.split(/\s+as\s+/).pop() as string);
    statements.push({ at: i, count: j - i + 1, text });
    i = j;
  }
  return { statements, names };
}

function fragmentSource(
  block: DocBlock,
  libraryExports: readonly string[],
): { text: string; origin: (number | undefined)[] } {
  const body = block.code.replace(/\n$/, '').split('\n');
  const own = ownImports(body);
  const out: { text: string; origin: number | undefined }[] = [];
  const prelude = (text: string) => out.push({ text, origin: undefined });
  const fromLib = libraryExports.filter((n) => !own.names.has(n));
  const fromCdk8s = ['App', 'Chart', 'Duration', 'Size'].filter(
    (n) => !own.names.has(n) && !libraryExports.includes(n),
  );
  prelude(`import { ${fromLib.join(', ')} } from 'cdk8s-jupyterhub';`);
  if (fromCdk8s.length > 0) prelude(`import { ${fromCdk8s.join(', ')} } from 'cdk8s';`);
  if (!own.names.has('kplus')) prelude("import * as kplus from 'cdk8s-plus-27';");
  if (!own.names.has('ServiceType') && !libraryExports.includes('ServiceType'))
    prelude("import { ServiceType } from 'cdk8s-plus-27';");
  const hoisted = new Set<number>();
  for (const s of own.statements) {
    s.text.split('\n').forEach((t, k) => out.push({ text: t, origin: block.line + 1 + s.at + k }));
    for (let k = 0; k < s.count; k++) hoisted.add(s.at + k);
  }
  prelude('const app = new App();');
  prelude("const chart = new Chart(app, 'docs');");
  for (const [name, type] of Object.entries(DECLARED))
    prelude(`declare const ${name}: import('cdk8s-jupyterhub').${type};`);
  prelude('{');
  body.forEach((t, k) => out.push({ text: hoisted.has(k) ? '' : t, origin: block.line + 1 + k }));
  prelude('}');
  prelude('synthesize(app);');
  return { text: out.map((l) => `${l.text}\n`).join(''), origin: out.map((l) => l.origin) };
}

function exampleOf(block: DocBlock, libraryExports: readonly string[]): Example {
  const id = `${block.doc.replace(/\W+/g, '-')}-L${block.line}`;
  const fragment = block.attributes.includes('fragment');
  if (fragment) return { block, id, fragment, ...fragmentSource(block, libraryExports) };
  const lines = block.code.replace(/\n$/, '').split('\n');
  return { block, id, fragment, text: block.code, origin: lines.map((_, k) => block.line + 1 + k) };
}

const where = (b: DocBlock) => `${b.doc}:${b.line}`;

/** The compiled examples: each one's diagnostics (mapped to document lines) and whether it runs. */
interface Compiled {
  readonly app: string;
  readonly examples: Example[];
  readonly diagnostics: Map<string, string[]>;
  /** Diagnostics outside the examples (the packed library's declarations, the options). */
  readonly elsewhere: string[];
  /** Per fragment, the declared names it uses (none: it runs). */
  readonly usesDeclared: Map<string, string[]>;
}

function format(d: ts.Diagnostic, example?: Example): string {
  const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
  if (!d.file || d.start === undefined) return `TS${d.code}: ${message}`;
  const line = d.file.getLineAndCharacterOfPosition(d.start).line;
  if (!example) return `${d.file.fileName}:${line + 1}: TS${d.code}: ${message}`;
  const docLine = example.origin[line];
  const at =
    docLine === undefined
      ? `${where(example.block)} (the fragment's prelude: ${d.file.text.split('\n')[line].trim()})`
      : `${example.block.doc}:${docLine}`;
  return `${at}: TS${d.code}: ${message}`;
}

/** The names the library exports (values and types), read from its packed declarations. */
function exportsOfLibrary(app: string): { names: string[]; program: ts.Program } {
  const probe = path.join(app, 'exports-probe.ts');
  fs.writeFileSync(probe, "import * as library from 'cdk8s-jupyterhub';\nexport { library };\n");
  const program = ts.createProgram([probe], COMPILER_OPTIONS);
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(probe)!;
  const decl = source.statements.find(ts.isImportDeclaration)!;
  const module = checker.getSymbolAtLocation(decl.moduleSpecifier);
  if (!module) throw new Error('the packed library cannot be resolved from the test project');
  return {
    names: checker
      .getExportsOfModule(module)
      .map((s) => s.name)
      .sort(),
    program,
  };
}

function compile(): Compiled {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'docs-examples-'));
  const app = path.join(work, 'app');
  fs.mkdirSync(path.join(app, 'blocks'), { recursive: true });
  fs.writeFileSync(
    path.join(app, 'package.json'),
    JSON.stringify({
      name: 'docs-examples',
      version: '1.0.0',
      private: true,
      dependencies: {
        cdk8s: installedVersion('cdk8s'),
        'cdk8s-plus-27': installedVersion('cdk8s-plus-27'),
        constructs: installedVersion('constructs'),
        'cdk8s-jupyterhub': `file:${packedTarball()}`,
      },
    }),
  );
  npmInstall(app);
  const probe = exportsOfLibrary(app);
  const examples = BLOCKS.map((b) => exampleOf(b, probe.names));
  const files = examples.map((e) => {
    const file = path.join(app, 'blocks', `${e.id}.ts`);
    fs.writeFileSync(file, e.text);
    return file;
  });
  const program = ts.createProgram(
    files,
    { ...COMPILER_OPTIONS, outDir: path.join(app, 'out'), rootDir: path.join(app, 'blocks') },
    undefined,
    probe.program,
  );
  const checker = program.getTypeChecker();
  const byFile = new Map(examples.map((e, i) => [path.resolve(files[i]), e]));
  const diagnostics = new Map<string, string[]>(examples.map((e) => [e.id, []]));
  const elsewhere: string[] = [];
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const example = d.file ? byFile.get(path.resolve(d.file.fileName)) : undefined;
    if (example) diagnostics.get(example.id)!.push(format(d, example));
    else elsewhere.push(format(d));
  }
  const usesDeclared = new Map<string, string[]>();
  for (const [file, example] of byFile) {
    if (!example.fragment) continue;
    const source = program.getSourceFile(file)!;
    const declared = new Set<ts.Symbol>();
    for (const s of source.statements)
      if (ts.isVariableStatement(s) && s.modifiers?.some((m) => m.kind === ts.SyntaxKind.DeclareKeyword))
        for (const d of s.declarationList.declarations) declared.add(checker.getSymbolAtLocation(d.name)!);
    const used = new Set<string>();
    const visit = (node: ts.Node): void => {
      if (ts.isIdentifier(node)) {
        const symbol = checker.getSymbolAtLocation(node);
        if (symbol && declared.has(symbol) && !ts.isVariableDeclaration(node.parent)) used.add(node.text);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
    usesDeclared.set(example.id, [...used].sort());
  }
  program.emit();
  return { app, examples, diagnostics, elsewhere, usesDeclared };
}

function yamlFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory() ? yamlFiles(path.join(dir, e.name)) : /\.ya?ml$/.test(e.name) ? [path.join(dir, e.name)] : [],
    );
}

/** Kinds with a Kubernetes model (custom resources are checked against their CRDs elsewhere). */
const builtIn = (apiVersion: string) =>
  !apiVersion.includes('/') ||
  (/^(apps|batch|policy|autoscaling|[a-z.]+\.k8s\.io)\//.test(apiVersion) &&
    !apiVersion.startsWith('gateway.networking.k8s.io/'));

/** The problems of one object: built-in kinds by the strict schema, Gateway API routes by theirs. */
const problemsOf = (o: { [k: string]: any }): string[] =>
  builtIn(o.apiVersion)
    ? strictErrors(o)
    : o.apiVersion === 'gateway.networking.k8s.io/v1' && o.kind === 'HTTPRoute'
      ? httpRouteErrors(o)
      : [];

/** Runs a compiled example in a directory of its own; returns the objects it wrote. */
function run(compiled: Compiled, example: Example): { [k: string]: any }[] {
  const cwd = path.join(compiled.app, 'runs', example.id);
  fs.mkdirSync(cwd, { recursive: true });
  const js = path.join(compiled.app, 'out', `${example.id}.js`);
  const r = spawnSync(process.execPath, [js], { cwd, encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0)
    throw new Error(`${where(example.block)} failed when run (exit ${r.status ?? r.signal}):\n${r.stderr}${r.stdout}`);
  // ytt templates (a Carvel package's bundle) hold expressions, not values: test/carvel.test.ts renders them.
  return yamlFiles(cwd)
    .filter((f) => !fs.readFileSync(f, 'utf8').includes('#@ load("@ytt:data"'))
    .flatMap((f) => (yaml.loadAll(fs.readFileSync(f, 'utf8')) as any[]).filter((o) => o && o.apiVersion && o.kind));
}

describe('the TypeScript examples of the docs, against the packed library', () => {
  let compiled: Compiled;
  beforeAll(() => {
    compiled = compile();
  }, 300_000);
  afterAll(() => {
    if (compiled) fs.rmSync(path.dirname(compiled.app), { recursive: true, force: true });
  });

  test('the docs have TypeScript examples, each a complete program (with imports) or marked `fragment`', () => {
    expect(BLOCKS.length).toBeGreaterThan(10);
    const unmarked = BLOCKS.filter((b) => !b.attributes.includes('fragment') && !/^import\b/m.test(b.code));
    expect(unmarked.map(where)).toEqual([]);
    const unknown = BLOCKS.filter((b) => b.attributes.some((a) => a !== 'fragment'));
    expect(unknown.map((b) => `${where(b)}: ${b.attributes.join(' ')}`)).toEqual([]);
  });

  test("the packed library's declarations and the examples' settings compile under strict tsc", () => {
    expect(compiled.elsewhere).toEqual([]);
  });

  test.each(BLOCKS.map((b) => [where(b), b] as const))(
    '%s compiles; when it can run, it runs and writes valid objects',
    (_, block) => {
      const example = compiled.examples.find((e) => e.block === block)!;
      expect(compiled.diagnostics.get(example.id)).toEqual([]);
      const declared = compiled.usesDeclared.get(example.id) ?? [];
      if (declared.length > 0) return; // a fragment that continues an earlier block: compiled only
      const objects = run(compiled, example);
      const problems = objects.flatMap(problemsOf);
      expect(problems).toEqual([]);
    },
  );
});
