/**
 * The shape of lib/: folders by domain whose imports run one way (charts -> features -> hub ->
 * auth/users -> core), no import cycles (type-only imports included), small files and functions,
 * constructs linked through `IHub` and `bindToHub` only (no self-registration, no reading of another
 * construct's `@internal` members), no `*Kind` enums to switch on, and a jsii-compilable public API.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

const LIB = path.join(__dirname, '..', 'lib');

function libFiles(dir = LIB): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return libFiles(p);
    return p.endsWith('.ts') ? [p] : [];
  });
}

function parse(file: string): ts.SourceFile {
  return ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
}

/** Local imports of a file (`import type` and `export ... from` included), as absolute paths. */
function localImports(file: string): string[] {
  const info = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, false);
  return info.importedFiles
    .map((f) => f.fileName)
    .filter((f) => f.startsWith('.'))
    .map((f) => path.resolve(path.dirname(file), f) + '.ts')
    .filter((f) => fs.existsSync(f));
}

/** The domain folders, lowest first; a folder may import only from itself and folders of a lower rank. */
const DOMAIN_RANK: { [folder: string]: number } = {
  core: 0,
  auth: 1,
  users: 1,
  hub: 2,
  'front-door': 3,
  kernels: 3,
  dask: 3,
  scheduling: 3,
  carvel: 3,
  charts: 4,
  // The command line (bin/cdk8s-jupyterhub.js): tools over YAML, above every construct.
  cli: 5,
};

/** The domain folder of a lib/ file, or undefined for the files beside index.ts (index, generated registries). */
function domainOf(file: string): string | undefined {
  const parts = path.relative(LIB, file).split(path.sep);
  return parts.length > 1 ? parts[0] : undefined;
}

function isGenerated(file: string): boolean {
  return file.endsWith('.generated.ts');
}

/** Lines of a node, less the lines inside template literals (embedded scripts and templates). */
function codeLines(sf: ts.SourceFile, node: ts.Node): number {
  const line = (pos: number) => sf.getLineAndCharacterOfPosition(pos).line;
  let template = 0;
  const visit = (n: ts.Node) => {
    if (ts.isTemplateExpression(n) || ts.isNoSubstitutionTemplateLiteral(n)) {
      template += line(n.getEnd()) - line(n.getStart(sf));
      return;
    }
    ts.forEachChild(n, visit);
  };
  visit(node);
  return line(node.getEnd()) - line(node.getStart(sf)) + 1 - template;
}

describe('lib/ is folders by domain whose imports run one way', () => {
  test('every lib/ file is in a declared domain folder (or is index.ts or a generated registry beside it)', () => {
    const stray = libFiles()
      .filter((f) =>
        domainOf(f) === undefined
          ? !/^(index|.*\.generated)\.ts$/.test(path.basename(f))
          : !(domainOf(f)! in DOMAIN_RANK),
      )
      .map((f) => path.relative(LIB, f));
    expect(stray).toEqual([]);
  });

  test('imports run charts -> {kernels, dask, front-door, scheduling, carvel} -> hub -> {auth, users} -> core', () => {
    const against: string[] = [];
    for (const file of libFiles()) {
      const from = domainOf(file);
      if (from === undefined) continue;
      for (const target of localImports(file).filter((t) => !path.relative(LIB, t).startsWith('..'))) {
        const to = domainOf(target);
        if (to === undefined || to === from) {
          if (to === undefined && !isGenerated(target))
            against.push(`${path.relative(LIB, file)} -> ${path.relative(LIB, target)} (index.ts re-exports only)`);
          continue;
        }
        if (!(DOMAIN_RANK[to] < DOMAIN_RANK[from]))
          against.push(`${path.relative(LIB, file)} -> ${path.relative(LIB, target)}`);
      }
    }
    expect(against).toEqual([]);
  });

  test('index.ts files only re-export', () => {
    const found: string[] = [];
    for (const file of libFiles().filter((f) => path.basename(f) === 'index.ts')) {
      for (const st of parse(file).statements) {
        const sideEffectImport = ts.isImportDeclaration(st) && st.importClause === undefined;
        if (!ts.isExportDeclaration(st) && !sideEffectImport)
          found.push(`${path.relative(LIB, file)}: ${st.getText().slice(0, 60)}`);
      }
    }
    expect(found).toEqual([]);
  });

  test('no two lib/ files share a name', () => {
    const seen = new Map<string, string[]>();
    for (const f of libFiles().filter((x) => path.basename(x) !== 'index.ts'))
      seen.set(path.basename(f), [...(seen.get(path.basename(f)) ?? []), path.relative(LIB, f)]);
    expect([...seen.values()].filter((v) => v.length > 1)).toEqual([]);
  });
});

describe('lib/ files and functions stay small', () => {
  test('no file over 400 lines (generated registries aside)', () => {
    const big = libFiles()
      .filter((f) => !isGenerated(f))
      .map((f) => [path.relative(LIB, f), fs.readFileSync(f, 'utf8').split('\n').length] as const)
      .filter(([, n]) => n > 400)
      .map(([f, n]) => `${f}: ${n} lines`);
    expect(big).toEqual([]);
  });

  test('no function over 60 lines (lines inside template literals do not count)', () => {
    const long: string[] = [];
    for (const file of libFiles().filter((f) => !isGenerated(f))) {
      const sf = parse(file);
      const visit = (n: ts.Node) => {
        if (ts.isFunctionLike(n) && (n as ts.FunctionLikeDeclaration).body) {
          const lines = codeLines(sf, n);
          if (lines > 60) {
            const name =
              (n as ts.FunctionLikeDeclaration).name?.getText(sf) ??
              (ts.isConstructorDeclaration(n) ? 'constructor' : '(anonymous)');
            long.push(
              `${path.relative(LIB, file)}:${sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1} ${name}: ${lines} lines`,
            );
          }
        }
        ts.forEachChild(n, visit);
      };
      visit(sf);
    }
    expect(long).toEqual([]);
  });
});

describe('constructs are wired one way: integrations are given to the hub, readers take IHub', () => {
  test('every prop or parameter that names a hub is IHub, never the concrete Hub (a chart may expose the Hub it made)', () => {
    const found: string[] = [];
    for (const file of libFiles()) {
      const sf = parse(file);
      const visit = (n: ts.Node) => {
        if ((ts.isPropertySignature(n) || ts.isParameter(n)) && n.type && /^Hub$/.test(n.type.getText(sf)))
          found.push(`${path.relative(LIB, file)}: ${n.getText(sf).slice(0, 60)}`);
        ts.forEachChild(n, visit);
      };
      visit(sf);
    }
    expect(found).toEqual([]);
  });

  test('no constructor registers itself with another construct (x.addSomething(this))', () => {
    const found: string[] = [];
    for (const file of libFiles()) {
      const sf = parse(file);
      const visit = (n: ts.Node, inCtor: boolean) => {
        const ctor = inCtor || ts.isConstructorDeclaration(n);
        if (
          ctor &&
          ts.isCallExpression(n) &&
          ts.isPropertyAccessExpression(n.expression) &&
          n.expression.expression.kind !== ts.SyntaxKind.ThisKeyword &&
          /^(add|register|attach)/.test(n.expression.name.text) &&
          n.arguments.some((a) => a.kind === ts.SyntaxKind.ThisKeyword)
        )
          found.push(`${path.relative(LIB, file)}: ${n.getText(sf).slice(0, 80)}`);
        ts.forEachChild(n, (c) => visit(c, ctor && !ts.isClassLike(c)));
      };
      visit(sf, false);
    }
    expect(found).toEqual([]);
  });

  test("no construct's @internal member is read outside its domain folder", () => {
    // The @internal (`_`-named) members of classes that are constructs (extend Construct or Chart).
    const internal = new Map<string, string>(); // member -> declaring file
    for (const file of libFiles()) {
      const sf = parse(file);
      for (const st of sf.statements) {
        if (!ts.isClassDeclaration(st)) continue;
        const base =
          st.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.getText(sf) ?? '';
        if (!/^(Construct|Chart|kplus\.|k8s\.)/.test(base)) continue;
        for (const m of st.members) {
          const name = m.name?.getText(sf);
          if (name?.startsWith('_')) internal.set(name, file);
        }
      }
    }
    const found: string[] = [];
    for (const file of libFiles()) {
      const sf = parse(file);
      const visit = (n: ts.Node) => {
        if (
          ts.isPropertyAccessExpression(n) &&
          internal.has(n.name.text) &&
          domainOf(internal.get(n.name.text)!) !== domainOf(file) &&
          n.expression.kind !== ts.SyntaxKind.ThisKeyword
        )
          found.push(
            `${path.relative(LIB, file)}: ${n.getText(sf)} (declared in ${path.relative(LIB, internal.get(n.name.text)!)})`,
          );
        ts.forEachChild(n, visit);
      };
      visit(sf);
    }
    expect(found).toEqual([]);
  });
});

describe('the shape of lib/', () => {
  test('no import cycles, type-only imports included', () => {
    const graph = new Map(libFiles().map((f) => [f, localImports(f)]));
    const cycles: string[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (f: string, stack: string[]) => {
      if (state.get(f) === 'done') return;
      if (state.get(f) === 'visiting') {
        cycles.push([...stack.slice(stack.indexOf(f)), f].map((x) => path.relative(LIB, x)).join(' -> '));
        return;
      }
      state.set(f, 'visiting');
      for (const g of graph.get(f) ?? []) visit(g, [...stack, f]);
      state.set(f, 'done');
    };
    for (const f of graph.keys()) visit(f, []);
    expect(cycles).toEqual([]);
  });

  test('no exported *Kind enums and no switch on a kind: value classes carry their own behaviour', () => {
    const found: string[] = [];
    for (const file of libFiles()) {
      const visit = (n: ts.Node) => {
        if (ts.isEnumDeclaration(n) && /Kind$/.test(n.name.text))
          found.push(`${path.relative(LIB, file)}: enum ${n.name.text}`);
        if (ts.isSwitchStatement(n) && /\.kind$/.test(n.expression.getText()))
          found.push(`${path.relative(LIB, file)}: switch (${n.expression.getText()})`);
        ts.forEachChild(n, visit);
      };
      visit(parse(file));
    }
    expect(found).toEqual([]);
  });

  test('no public writable underscore fields: constructs link through methods and interfaces', () => {
    const found: string[] = [];
    for (const file of libFiles()) {
      const visit = (n: ts.Node) => {
        if (ts.isPropertyDeclaration(n) && n.name.getText().startsWith('_')) {
          const mods = ts.getModifiers(n) ?? [];
          const isPrivate = mods.some(
            (m) => m.kind === ts.SyntaxKind.PrivateKeyword || m.kind === ts.SyntaxKind.ProtectedKeyword,
          );
          if (!isPrivate) found.push(`${path.relative(LIB, file)}: ${n.name.getText()}`);
        }
        ts.forEachChild(n, visit);
      };
      visit(parse(file));
    }
    expect(found).toEqual([]);
  });

  test('constructors stay short (at most 60 lines): each object has a named helper', () => {
    const long: string[] = [];
    for (const file of libFiles()) {
      const sf = parse(file);
      const visit = (n: ts.Node) => {
        if (ts.isConstructorDeclaration(n) && n.body) {
          const lines =
            sf.getLineAndCharacterOfPosition(n.body.end).line - sf.getLineAndCharacterOfPosition(n.body.pos).line;
          if (lines > 60)
            long.push(
              `${path.relative(LIB, file)}: ${(n.parent as ts.ClassDeclaration).name?.text} constructor, ${lines} lines`,
            );
        }
        ts.forEachChild(n, visit);
      };
      visit(sf);
    }
    expect(long).toEqual([]);
  });

  test('the Hub never names a particular integration (the gateway, the proxy): it collects IHubIntegration', () => {
    const hub = fs.readFileSync(path.join(LIB, 'hub', 'hub.ts'), 'utf8');
    expect(hub).not.toMatch(/EnterpriseGateway|from '\.\.\/(front-door|kernels)\//);
  });

  test('the public API compiles with jsii (for Python, Java, Go and .NET bindings), with zero errors', () => {
    const out = execFileSync('node', [path.join(__dirname, '..', 'scripts', 'jsii-check.js')], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(out).toMatch(/jsii: 0 errors/);
  });
});
