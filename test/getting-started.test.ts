/**
 * docs/getting-started.md, done as written: its ```sh step blocks and its file blocks
 * (```json file=..., ```ts file=...), in the order of the document, are one shell session in a
 * temporary folder that holds the packed library where the document says (`cdk8s-jupyterhub/`,
 * as `npm pack` names it). Nothing is typed here that the document does not say, so the document
 * cannot drift from what works. The `cdk8s init` variant needs the network (its `cdk8s import`
 * downloads from GitHub): its `main.ts` is compiled with the template's own `tsconfig.json` and
 * synthesized, and what the document says about the template is checked against the installed
 * cdk8s-cli's.
 */
import { spawnSync, SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { attribute, DocBlock, docBlocks } from './doc-blocks';
import { installedVersion, outputOf, packedTarball, ROOT, withNpm } from './packed-library';
import { strictErrors } from './strict-schema';

const DOC = 'docs/getting-started.md';
const TEXT = fs.readFileSync(path.join(ROOT, DOC), 'utf8');
const BLOCKS = docBlocks(ROOT, DOC);
const TEMPLATE = path.join(ROOT, 'node_modules', 'cdk8s-cli', 'templates', 'typescript-app');

const isStep = (b: DocBlock) => b.lang === 'sh' && b.attributes.includes('step');
const isFile = (b: DocBlock) => attribute(b, 'file') !== undefined && attribute(b, 'variant') === undefined;

/** The walkthrough as one bash script: the steps' commands, and a here-document per file. */
function walkthrough(): string {
  const lines = ['set -euo pipefail'];
  for (const b of BLOCKS) {
    if (isStep(b)) lines.push(`# ${DOC}:${b.line}`, b.code);
    else if (isFile(b)) {
      if (b.code.includes('DOC_FILE_END'))
        throw new Error(`${DOC}:${b.line}: the file holds the here-document's end marker`);
      lines.push(`# ${DOC}:${b.line}`, `cat > '${attribute(b, 'file')}' <<'DOC_FILE_END'`, `${b.code}DOC_FILE_END`);
    }
  }
  lines.push('echo "WALKTHROUGH_ENDED_IN=$(pwd)"');
  return lines.join('\n');
}

/** The document's tarball path, e.g. `../cdk8s-jupyterhub/cdk8s-jupyterhub-0.1.0.tgz`. */
function tarballsNamed(): string[] {
  return [...new Set([...TEXT.matchAll(/\.\.\/cdk8s-jupyterhub\/(cdk8s-jupyterhub-[^\s/]+\.tgz)/g)].map((m) => m[1]))];
}

const objectsIn = (file: string) => (yaml.loadAll(fs.readFileSync(file, 'utf8')) as any[]).filter(Boolean);

describe(`${DOC}: a new project, step by step, against the packed library`, () => {
  let work: string;
  let project: string;
  let transcript: string;
  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'getting-started-'));
    const tarball = packedTarball();
    const script = walkthrough();
    let result: SpawnSyncReturns<string> | undefined;
    withNpm(
      work,
      `the steps of ${DOC}`,
      (env) => (result = spawnSync('bash', ['-c', script], { cwd: work, env, encoding: 'utf8', timeout: 600_000 })),
      () => {
        // A fresh folder for each attempt, with the library where step 1 leaves it.
        for (const e of fs.readdirSync(work)) fs.rmSync(path.join(work, e), { recursive: true, force: true });
        fs.mkdirSync(path.join(work, 'cdk8s-jupyterhub'));
        fs.copyFileSync(tarball, path.join(work, 'cdk8s-jupyterhub', path.basename(tarball)));
      },
    );
    transcript = outputOf(result!);
    project = /WALKTHROUGH_ENDED_IN=(.*)/.exec(result!.stdout)![1];
  }, 900_000);
  afterAll(() => {
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  test('the document has steps to run and the files they need, and the README links to it', () => {
    expect(BLOCKS.filter(isStep).length).toBeGreaterThanOrEqual(2);
    expect(BLOCKS.filter(isFile).map((b) => attribute(b, 'file'))).toEqual(['tsconfig.json', 'main.ts']);
    expect(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8')).toContain('(docs/getting-started.md)');
  });

  test('it installs the tarball that `npm pack` writes', () => {
    expect(tarballsNamed()).toEqual([path.basename(packedTarball())]);
  });

  test('it pins the TypeScript this repository compiles with, and the project gets exactly that', () => {
    const pinned = /--save-exact typescript@(\S+)/.exec(
      BLOCKS.filter(isStep)
        .map((b) => b.code)
        .join(''),
    );
    expect(pinned?.[1]).toBe(installedVersion('typescript'));
    const pkg = JSON.parse(fs.readFileSync(path.join(project, 'package.json'), 'utf8'));
    expect(pkg.devDependencies).toEqual({ typescript: installedVersion('typescript') });
    expect(
      JSON.parse(fs.readFileSync(path.join(project, 'node_modules/typescript/package.json'), 'utf8')).version,
    ).toBe(installedVersion('typescript'));
  });

  test('the project has the library beside its peer dependencies, with one copy of cdk8s', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(project, 'package.json'), 'utf8'));
    expect(Object.keys(pkg.dependencies).sort()).toEqual(['cdk8s', 'cdk8s-jupyterhub', 'cdk8s-plus-27', 'constructs']);
    const copies = spawnSync('find', ['node_modules', '-path', '*/cdk8s/package.json'], {
      cwd: project,
      encoding: 'utf8',
    });
    expect(copies.stdout.trim().split('\n')).toEqual(['node_modules/cdk8s/package.json']);
  });

  test('`npm run build` compiled main.ts and `npm run synth` wrote the chart: valid objects, the namespace first', () => {
    expect(fs.existsSync(path.join(project, 'main.js'))).toBe(true);
    const file = path.join(project, 'dist', 'my-hub.k8s.yaml');
    if (!fs.existsSync(file)) throw new Error(`the steps wrote no ${file}; their output:\n${transcript}`);
    const objects = objectsIn(file);
    expect(objects[0]).toMatchObject({ kind: 'Namespace', metadata: { name: 'my-hub' } });
    expect(objects.filter((o) => o.kind === 'Deployment').map((o) => [o.metadata.name, o.metadata.namespace])).toEqual([
      ['hub', 'my-hub'],
      ['proxy', 'my-hub'],
    ]);
    expect(objects.flatMap((o) => strictErrors(o))).toEqual([]);
  });

  describe('with `cdk8s init`', () => {
    const block = BLOCKS.find((b) => attribute(b, 'variant') === 'cdk8s-init')!;
    const template = JSON.parse(fs.readFileSync(path.join(TEMPLATE, 'package.json'), 'utf8'));

    test("what the document says about the template is what the installed cdk8s-cli's template has", () => {
      const pin = /pins\s+`typescript`\s+to\s+`([^`]+)`/.exec(TEXT);
      expect(pin?.[1]).toBe(template.devDependencies.typescript);
      const plus = /comes with\s+`(cdk8s-plus-\d+)`/.exec(TEXT);
      expect(Object.keys(template.dependencies)).toContain(plus?.[1]);
      const hooks = fs.readFileSync(path.join(TEMPLATE, '.hooks.sscaff.js'), 'utf8');
      expect(hooks).toContain("execSync('npm install'");
      expect(hooks).toContain("execSync('npm run import'");
      expect(fs.readFileSync(path.join(TEMPLATE, 'cdk8s.yaml'), 'utf8')).toMatch(/imports:\s*\n\s*- k8s/);
      expect(template.scripts).toMatchObject({ compile: 'tsc --build', synth: 'cdk8s synth' });
    });

    test("its main.ts compiles with the template's tsconfig.json against the packed library and synthesizes", () => {
      expect(block).toBeDefined();
      const dir = path.join(project, 'init-variant');
      fs.mkdirSync(dir);
      fs.copyFileSync(path.join(TEMPLATE, 'tsconfig.json'), path.join(dir, 'tsconfig.json'));
      fs.writeFileSync(path.join(dir, 'main.ts'), block.code);
      const tsc = spawnSync(
        process.execPath,
        [path.join(project, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'],
        {
          cwd: dir,
          encoding: 'utf8',
        },
      );
      expect(outputOf(tsc)).toBe('');
      const run = spawnSync(process.execPath, ['main.js'], { cwd: dir, encoding: 'utf8' });
      expect(outputOf(run)).toBe('');
      const objects = objectsIn(path.join(dir, 'dist', 'my-hubs.k8s.yaml'));
      expect(objects.filter((o) => o.kind === 'Deployment').map((o) => o.metadata.name)).toEqual(['hub', 'proxy']);
      expect(objects.flatMap((o) => strictErrors(o))).toEqual([]);
    });
  });
});
