/**
 * The shape of lib/, as the extension-points issue set it: no import cycles (type-only imports
 * included), no `*Kind` enums to switch on, no public writable `_` fields linking constructs,
 * short constructors, and the public API compilable by jsii.
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
