/**
 * CONTRIBUTING.md's recipes, done for real: each recipe's files are written into a copy of the
 * repository, `npm run gen` regenerates what it generates, the copy compiles with the project's
 * strict tsconfig, the recipe's usage example synthesizes, and the files the copy differs in are
 * exactly the ones the recipe names.
 */
import { execFileSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'js-yaml';

const ROOT = path.join(__dirname, '..');
const DOC = fs.readFileSync(path.join(ROOT, 'CONTRIBUTING.md'), 'utf8');
const COPIED = [
  'lib',
  'imports',
  'scripts',
  'package.json',
  'tsconfig.json',
  'tsconfig.build.json',
  'README.md',
  'API.md',
  // What npm run gen writes the typed trait structs from (scripts/gen-traits.js).
  'test/fixtures/traits-enriched',
];

interface Recipe {
  readonly title: string;
  readonly files: { readonly path: string; readonly text: string; readonly append: boolean }[];
  readonly usage: string;
  readonly touched: string[];
}

/** The recipes of CONTRIBUTING.md: `## Recipe: ...` sections with their file blocks, usage block and "Files touched". */
function recipes(): Recipe[] {
  return DOC.split(/^## /m)
    .filter((s) => s.startsWith('Recipe: '))
    .map((section) => {
      const blocks = [...section.matchAll(/^```ts( (file|append)=(\S+))?\n([\s\S]*?)^```$/gm)];
      const touchedLine = /Files touched:([\s\S]*?)\.\n/.exec(section);
      return {
        title: section.split('\n')[0],
        files: blocks
          .filter((b) => b[2] !== undefined)
          .map((b) => ({ path: b[3], text: b[4], append: b[2] === 'append' })),
        usage: blocks.find((b) => b[2] === undefined)?.[4] ?? '',
        touched: [...(touchedLine?.[1] ?? '').matchAll(/`([^`]+)`/g)].map((m) => m[1]).sort(),
      };
    });
}

function hashTree(dir: string, rel = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const r = path.join(rel, e.name);
    if (e.name === 'node_modules' || e.name === 'build' || e.name === 'out' || r === 'main.ts') continue;
    if (e.isDirectory()) for (const [k, v] of hashTree(dir, r)) out.set(k, v);
    else
      out.set(
        r,
        crypto
          .createHash('sha256')
          .update(fs.readFileSync(path.join(dir, r)))
          .digest('hex'),
      );
  }
  return out;
}

function copyRepo(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recipe-'));
  for (const p of COPIED) fs.cpSync(path.join(ROOT, p), path.join(dir, p), { recursive: true });
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

function run(dir: string, cmd: string, args: string[]): string {
  return execFileSync(cmd, args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Applies a recipe to a fresh copy, regenerates, compiles and synthesizes its usage example. */
function apply(recipe: Recipe): { dir: string; changed: string[]; objects: { [k: string]: any }[] } {
  const dir = copyRepo();
  const before = hashTree(dir);
  for (const f of recipe.files) {
    fs.mkdirSync(path.dirname(path.join(dir, f.path)), { recursive: true });
    if (f.append) fs.appendFileSync(path.join(dir, f.path), f.text);
    else fs.writeFileSync(path.join(dir, f.path), f.text);
  }
  run(dir, 'npm', ['run', '--silent', 'gen']);
  const after = hashTree(dir);
  const changed = [...new Set([...before.keys(), ...after.keys()])]
    .filter((k) => before.get(k) !== after.get(k))
    .sort();
  // The library's names the example uses (not members like `kplus.Secret`), and kplus if it is used.
  const names = [...recipe.usage.matchAll(/(?<![.\w])([A-Z][A-Za-z]+)\b/g)]
    .map((m) => m[1])
    .filter((n) => n !== 'App' && n !== 'Chart');
  fs.writeFileSync(
    path.join(dir, 'main.ts'),
    [
      "import { App, Chart } from 'cdk8s';",
      ...(/\bkplus\./.test(recipe.usage) ? ["import * as kplus from 'cdk8s-plus-27';"] : []),
      `import { ${[...new Set(names)].sort().join(', ')} } from './lib';`,
      'const app = new App({ outdir: process.argv[2] });',
      "const chart = new Chart(app, 'recipe', { disableResourceNameHashes: true });",
      recipe.usage,
      'app.synth();',
      '',
    ].join('\n'),
  );
  run(dir, 'npx', ['tsc', '-p', 'tsconfig.build.json']);
  run(dir, 'node', ['build/main.js', path.join(dir, 'out')]);
  const objects = yaml.loadAll(fs.readFileSync(path.join(dir, 'out', 'recipe.k8s.yaml'), 'utf8')) as {
    [k: string]: any;
  }[];
  return { dir, changed, objects };
}

function byKindName(objects: { [k: string]: any }[], kind: string, name: string): { [k: string]: any } {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (found === undefined) throw new Error(`no ${kind} ${name} in the recipe's output`);
  return found;
}

describe('CONTRIBUTING.md recipe: add a hub integration', () => {
  const recipe = recipes().find((r) => /hub integration/.test(r.title))!;
  let result: ReturnType<typeof apply>;
  beforeAll(() => {
    result = apply(recipe);
  }, 240_000);
  afterAll(() => fs.rmSync(result.dir, { recursive: true, force: true }));

  test('the recipe has its file, its index.ts line and a usage example', () => {
    expect(recipe.files.map((f) => f.path)).toEqual(['lib/grading/grader.ts', 'lib/index.ts']);
    expect(recipe.usage).toMatch(/hub\.addIntegration\(new Grader/);
  });

  test('it touches its own file, lib/index.ts and the generated files, exactly as the recipe says', () => {
    // Hand-written files exactly as listed; beyond them only generated files (what `npm run gen` rewrites).
    const handWritten = (files: string[]) => files.filter((f) => !/\.generated\.ts$|^API\.md$/.test(f));
    expect(handWritten(result.changed)).toEqual(handWritten(recipe.touched));
    expect(result.changed).toEqual(expect.arrayContaining(recipe.touched));
  });

  test('the integration has its Deployment and Service, and its token comes from a Secret made in the cluster', () => {
    expect(byKindName(result.objects, 'Deployment', 'grader')).toBeDefined();
    expect(byKindName(result.objects, 'Service', 'grader')).toBeDefined();
    const hub = byKindName(result.objects, 'Deployment', 'hub');
    const env = hub.spec.template.spec.containers[0].env;
    expect(env).toContainEqual({
      name: 'GRADER_API_TOKEN',
      valueFrom: { secretKeyRef: { name: 'grader-api-token', key: 'token' } },
    });
    const config = byKindName(result.objects, 'ConfigMap', 'hub-config').data;
    expect(config['secret_init.py']).toContain('grader-api-token');
    expect(config['jupyterhub_config.py']).toContain('"api_token": os.environ["GRADER_API_TOKEN"]');
    expect(config['jupyterhub_config.py']).toContain('"url": "http://grader:8080"');
  });

  test('network access is said as intent: the hub opens its egress, the integration policy admits it', () => {
    const toGrader = { to: [{ podSelector: { matchLabels: { app: 'grader', release: 'jupyterhub' } } }] };
    for (const policy of ['proxy', 'singleuser']) {
      const egress = byKindName(result.objects, 'NetworkPolicy', policy).spec.egress;
      expect(egress).toContainEqual({ ...toGrader, ports: [{ port: 8080, protocol: 'TCP' }] });
    }
    const access = byKindName(result.objects, 'NetworkPolicy', 'grader');
    expect(access.spec.podSelector.matchLabels).toEqual({ app: 'grader', release: 'jupyterhub' });
    expect(access.spec.ingress[0].ports).toEqual([{ port: 8080, protocol: 'TCP' }]);
    expect(access.spec.ingress[0].from.map((p: any) => p.podSelector.matchLabels.component)).toEqual([
      'singleuser-server',
      'proxy',
    ]);
  });
});

describe('CONTRIBUTING.md recipe: add an authenticator', () => {
  const recipe = recipes().find((r) => /authenticator/.test(r.title))!;
  const traits = JSON.parse(
    fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'traits-k8s-hub-4.4.0.json'), 'utf8'),
  ).classes;
  let result: ReturnType<typeof apply>;
  beforeAll(() => {
    result = apply(recipe);
  }, 240_000);
  afterAll(() => fs.rmSync(result.dir, { recursive: true, force: true }));

  test('the recipe is a class in a file of its own and two export lines', () => {
    expect(recipe.files.map((f) => f.path)).toEqual(['lib/auth/gitlab-authenticator.ts', 'lib/auth/index.ts']);
    expect(recipe.files[0].text).toMatch(/export class GitLabAuthenticator extends Authenticator/);
  });

  test('it touches its own file, the folder index.ts and the generated files, exactly as the recipe says', () => {
    const handWritten = (files: string[]) => files.filter((f) => !/\.generated\.ts$|^API\.md$/.test(f));
    expect(handWritten(result.changed)).toEqual(handWritten(recipe.touched));
    expect(result.changed).toEqual(expect.arrayContaining(recipe.touched));
  });

  test('the hub config uses it, every GitLabOAuthenticator trait exists in OAuthenticator 17.4, the secret comes by reference', () => {
    const config: string = byKindName(result.objects, 'ConfigMap', 'hub-config').data['jupyterhub_config.py'];
    expect(config).toContain('c.JupyterHub.authenticator_class = "oauthenticator.gitlab.GitLabOAuthenticator"');
    expect(config).toContain('c.GitLabOAuthenticator.allowed_gitlab_groups = {"physics"}');
    expect(config).toContain(
      'c.GitLabOAuthenticator.oauth_callback_url = "https://hub.example.org/hub/oauth_callback"',
    );
    const used = [...config.matchAll(/^c\.GitLabOAuthenticator\.(\w+) = /gm)].map((m) => m[1]);
    expect(used.length).toBeGreaterThan(2);
    for (const t of used) expect(traits.GitLabOAuthenticator[t]).toMatchObject({ deprecated: false });
    const hub = byKindName(result.objects, 'Deployment', 'hub');
    const env = hub.spec.template.spec.containers[0].env;
    expect(env.find((e: any) => e.valueFrom?.secretKeyRef?.name === 'gitlab-oauth')).toBeDefined();
    expect(JSON.stringify(result.objects)).not.toContain('client-secret-value');
  });

  test('the registry is derived: a Hub without an authenticator names the new class among the choices', () => {
    const script =
      "const { Chart, Testing } = require('cdk8s'); const { Hub } = require('./build/lib');" +
      "try { new Hub(new Chart(Testing.app(), 'c'), 'hub', {}); } catch (e) { console.log(e.message); }";
    const message = run(result.dir, 'node', ['-e', script]);
    expect(message).toMatch(/GitLabAuthenticator \(OAuth login with GitLab\.com or a self-managed GitLab\)/);
  });
});
