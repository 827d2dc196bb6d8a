/**
 * Browser end to end (issue 15): a user's first five minutes in headless Chromium, through the
 * synthesized front door (nginx → CHP → hub) of the minikube chart, and of the same chart built
 * with a non-root base URL. The stack is the one hub-e2e.test.ts runs (harness.ts); README.md here
 * says what is swapped for what. Screenshots of every step go to test-results/browser/<variant>/.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Testing } from 'cdk8s';
import type {
  BrowserContext,
  ConsoleMessage,
  Page,
  Request as PwRequest,
  WebSocket as PwWebSocket,
} from 'playwright-core';
import { AcmeDirectory, IngressTls, MinikubeChart } from '../../lib';
import { Obj, seedCharts } from '../util';
import { acmePrograms, Pebble, privateNetwork, RunCa } from './acme-harness';
import {
  acquireMachineLock,
  CHROMIUM_ARGS,
  ChartUnderTest,
  chartsUnderTest,
  chromiumBin,
  configString,
  hubIdentity,
  hubPythonHas,
  loginOf,
  Proc,
  processesUnder,
  request,
  Resp,
  SHARED_PASSWORD_CLASS,
  sleep,
  Stack,
  StackOptions,
  which,
} from './harness';

const ROOT = path.join(__dirname, '..', '..');
/** Where the screenshots and console logs of a run go (git-ignored; CI keeps it as an artifact). */
const RESULTS = path.join(ROOT, 'test-results', 'browser');

// ---------------------------------------------------------------------------------------------
// The charts: minikube as synthesized, and the same composition with a non-root base URL
// ---------------------------------------------------------------------------------------------

const synthesized = (build: (app: App) => Chart): Obj[] => Testing.synth(build(Testing.app())) as Obj[];

/** Whether a chart's nginx serves HTTPS (then plain HTTP only redirects, and the journey needs TLS). */
const servesTls = (c: ChartUnderTest) => /^\s*listen\s+\d+\s+ssl\s*;/m.test(c.nginx?.conf ?? '');

/**
 * Every chart with a plain-HTTP front door (nginx): the seed charts that have one, plus minikube
 * at /jupyter/. A front door with TLS runs over HTTPS (below).
 */
const variants: ChartUnderTest[] = [
  ...chartsUnderTest(seedCharts()).filter((c) => c.nginx && !servesTls(c)),
  ...chartsUnderTest({
    'minikube-base-url': synthesized((app) => new MinikubeChart(app, 'minikube-base-url', { baseUrl: '/jupyter/' })),
  }),
];

/** The synthesized nginx.conf without the websocket upgrade headers (the failure case). */
function withoutUpgradeHeaders(conf: string): string {
  const out = conf
    .split('\n')
    .filter((l) => !/^\s*proxy_set_header\s+(Upgrade|Connection)\s/.test(l))
    .join('\n');
  if (out.split('\n').length !== conf.split('\n').length - 2)
    throw new Error('the nginx.conf has no proxy_set_header Upgrade / Connection lines to remove');
  return out;
}

/**
 * The override lines of the browser run: user servers start 2 s later, as a pod that is scheduled
 * and pulls its image would (a local server is often up within the hub's 1 s wait, and then the
 * progress page is never shown).
 */
const SPAWN_DELAY = [
  '# browser e2e: a pod needs seconds to be scheduled and started; a local server does not. 2 s, so the progress page is always shown.',
  'import asyncio  # noqa: E402',
  'async def e2e_pod_start_delay(spawner):',
  '    await asyncio.sleep(2)',
  'c.Spawner.pre_spawn_hook = e2e_pod_start_delay',
];

// ---------------------------------------------------------------------------------------------
// Prerequisites: skip with a reason where they are missing, fail under CI=true
// ---------------------------------------------------------------------------------------------

function missingPrerequisites(): string[] {
  const missing: string[] = [];
  if (!chromiumBin()) missing.push('chromium (/usr/bin/chromium; apt-get install chromium)');
  let nbclassic = false;
  try {
    nbclassic = hubPythonHas('nbclassic');
  } catch {
    /* no jupyterhub: hub-e2e says so */
  }
  if (!nbclassic) missing.push('the classic notebook UI for jupyter_server (apt-get install python3-nbclassic)');
  return missing;
}
const missing = missingPrerequisites();
const skipReason = missing.length
  ? `browser e2e skipped: missing ${missing.join(', ')}; run \`bash scripts/system-deps.sh\` (as root)`
  : '';
if (skipReason) {
  console.warn(skipReason);
}

// ---------------------------------------------------------------------------------------------
// Steps with screenshots; a failing step names itself, its screenshot and the console log
// ---------------------------------------------------------------------------------------------

/** A step of the user's journey that failed. */
class StepFailed extends Error {
  public constructor(
    public readonly step: string,
    public readonly screenshot: string,
    public readonly consoleLog: string[],
    public readonly reason: Error,
  ) {
    super(
      `browser step '${step}' failed: ${reason.message}\n  screenshot: ${screenshot}\n  browser console log (${consoleLog.length} lines):\n${consoleLog.map((l) => `    ${l}`).join('\n') || '    (empty)'}`,
    );
    this.name = 'StepFailed';
  }
}

/** The promise, or a rejection after `ms` (the timer is cleared either way). */
function timeLimit<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<T>((_r, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: not done within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** One browser session (a fresh profile) of one user, with its console log and screenshots. */
class Journey {
  public readonly log: string[] = [];
  public readonly shots: string[] = [];
  public readonly kernelSocketErrors: string[] = [];
  /** The page the user looks at (its screenshot is the step's). */
  public page!: Page;
  private n = 0;
  private readonly t0 = Date.now();

  public constructor(
    public readonly context: BrowserContext,
    public readonly dir: string,
  ) {
    for (const p of context.pages()) this.watch(p);
    context.on('page', (p) => this.watch(p));
    this.page = context.pages()[0];
  }

  private note(line: string): void {
    this.log.push(`${((Date.now() - this.t0) / 1000).toFixed(1).padStart(5)}s ${line}`);
  }

  private watch(p: Page): void {
    p.setDefaultTimeout(15_000);
    p.setDefaultNavigationTimeout(15_000);
    const where = () => {
      try {
        return new URL(p.url()).pathname;
      } catch {
        return p.url();
      }
    };
    p.on('console', (m: ConsoleMessage) => this.note(`[${where()}] console.${m.type()}: ${m.text()}`));
    p.on('pageerror', (e) => this.note(`[${where()}] page error: ${e.message}`));
    p.on('requestfailed', (r) =>
      this.note(
        `[${where()}] request failed: ${r.method()} ${new URL(r.url()).pathname} ${r.failure()?.errorText ?? ''}`,
      ),
    );
    p.on('response', (r) => {
      if (r.status() >= 400)
        this.note(`[${where()}] HTTP ${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`);
    });
    p.on('websocket', (ws: PwWebSocket) => {
      const wsPath = new URL(ws.url()).pathname;
      this.note(`[${where()}] websocket open ${wsPath}`);
      ws.on('socketerror', (e) => {
        this.note(`[${where()}] websocket error ${wsPath}: ${e}`);
        if (/\/api\/kernels\/[^/]+\/channels$/.test(wsPath)) this.kernelSocketErrors.push(`${wsPath}: ${e}`);
      });
      ws.on('close', () => this.note(`[${where()}] websocket closed ${wsPath}`));
    });
  }

  /** Runs a step within `timeoutMs`, then screenshots the page; on failure, screenshots and throws StepFailed. */
  public async step(name: string, timeoutMs: number, body: () => Promise<void>): Promise<void> {
    const file = path.join(this.dir, `${String(++this.n).padStart(2, '0')}-${name}`);
    this.note(`--- step ${name}`);
    try {
      await timeLimit(body(), timeoutMs, `step '${name}'`);
      await this.page.screenshot({ path: `${file}.png`, fullPage: true, timeout: 10_000 });
      this.shots.push(`${file}.png`);
    } catch (e) {
      const shot = `${file}-FAILED.png`;
      try {
        await this.page.screenshot({ path: shot, fullPage: true, timeout: 10_000 });
        this.shots.push(shot);
      } catch (se) {
        this.note(`screenshot of the failed step failed: ${(se as Error).message}`);
      }
      this.writeLog();
      throw new StepFailed(name, shot, [...this.log], e as Error);
    }
  }

  public writeLog(): void {
    fs.writeFileSync(path.join(this.dir, 'console.log'), this.log.join('\n') + '\n');
  }
}

/** Flags and environment added to Chromium's (the TLS variant: host mapping, HOME with the NSS database). */
interface BrowserExtras {
  readonly args?: string[];
  readonly env?: { [k: string]: string };
}

/** Chromium with a fresh profile in the run's directory (so a leftover process is found and killed by PID). */
async function openBrowser(stack: Stack, variant: string, extra: BrowserExtras = {}): Promise<Journey> {
  // Loaded only when the browser runs: a machine without it skips before this.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { chromium } = require('playwright-core') as typeof import('playwright-core');
  const dir = path.join(RESULTS, variant);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const context = await chromium.launchPersistentContext(path.join(stack.dir, 'chromium-profile'), {
    executablePath: chromiumBin(),
    args: [...CHROMIUM_ARGS, ...(extra.args ?? [])],
    env: extra.env ? ({ ...process.env, ...extra.env } as { [k: string]: string }) : undefined,
    headless: true,
    viewport: { width: 1280, height: 800 },
    timeout: 30_000,
  });
  return new Journey(context, dir);
}

/**
 * Shuts down the user's kernels through the server's API with the browser's cookies (after a
 * failed journey: a kernel started by the page would outlive its server, which is stopped by
 * SIGINT). Best effort, bounded.
 */
async function shutDownKernels(j: Journey, stack: Stack, user: string): Promise<void> {
  const url = `${stack.publicOrigin}${stack.baseUrl}user/${user}/api/kernels`;
  try {
    const xsrf = (await j.context.cookies(url)).find((c) => c.name === '_xsrf')?.value ?? '';
    const r = await j.context.request.get(url, { timeout: 5_000, maxRedirects: 0 });
    if (r.status() !== 200) return;
    for (const k of (await r.json()) as { id: string }[]) {
      await j.context.request.delete(`${url}/${k.id}`, { headers: { 'X-XSRFToken': xsrf }, timeout: 10_000 });
    }
  } catch {
    /* the browser or the server is gone */
  }
}

/**
 * Starts the stack and the browser, runs `body`, then stops everything (the browser first, then
 * the stack by PID) and checks nothing is left running; a failure of `body` is thrown after the
 * clean-up, unmasked.
 */
async function withStackAndBrowser(
  stack: Stack,
  variant: string,
  user: string,
  body: (j: Journey) => Promise<void>,
  browser: BrowserExtras = {},
): Promise<void> {
  let journey: Journey | undefined;
  let failure: unknown;
  try {
    await stack.start();
    journey = await openBrowser(stack, variant, browser);
    await body(journey);
  } catch (e) {
    failure = e;
  }
  if (journey) await shutDownKernels(journey, stack, user);
  await closeBrowser(journey);
  const report = await stack.stop();
  if (failure) throw failure;
  expect({ strays: report.strays, liveServerPids: report.liveServerPids }).toEqual({ strays: [], liveServerPids: [] });
}

/** Closes the browser within 10 s. */
async function closeBrowser(j: Journey | undefined): Promise<void> {
  if (!j) return;
  j.writeLog();
  await timeLimit(j.context.close(), 10_000, 'closing the browser').catch(() => undefined);
}

// ---------------------------------------------------------------------------------------------
// The user's first five minutes
// ---------------------------------------------------------------------------------------------

/**
 * Runs in the page before its own scripts: records every server-sent event an EventSource receives
 * (the spawn progress) in sessionStorage, which survives the page's reload when the server is ready.
 * The EventSource itself is the browser's, unchanged.
 */
const RECORD_PROGRESS = `(() => {
  const ES = window.EventSource;
  if (!ES || ES.e2eWrapped) return;
  function Recording(url, init) {
    const es = new ES(url, init);
    es.addEventListener('message', (e) => {
      const seen = JSON.parse(sessionStorage.getItem('e2e-progress') || '[]');
      seen.push(JSON.parse(e.data));
      sessionStorage.setItem('e2e-progress', JSON.stringify(seen));
    });
    return es;
  }
  Recording.prototype = ES.prototype;
  Recording.e2eWrapped = true;
  window.EventSource = Recording;
})();`;

const UPLOAD = { name: 'e2e-upload.txt', content: 'uploaded through the notebook UI\n' };

/**
 * A GET made by the page itself (`fetch`, same origin, redirects not followed: status 0), so it
 * goes through the browser's network stack with its cookies, certificate trust and host mapping
 * (Playwright's own request client resolves and verifies in Node, and knows neither).
 */
async function pageGet(p: Page, url: string): Promise<{ status: number; json?: unknown }> {
  const get = p.evaluate(async (u: string) => {
    const r = await fetch(u, { redirect: 'manual', credentials: 'same-origin' });
    const text = await r.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: r.status, json };
  }, url);
  return timeLimit(get, 10_000, `GET ${url} from the page`);
}

/**
 * What a user does: opens the hub, logs in through the form, waits on the progress page until the
 * server is there, opens a new notebook, runs print(6*7) and sees 42, uploads a file, logs out and
 * finds the session gone. `until` stops after that step (the failure case needs no more).
 */
async function firstFiveMinutes(j: Journey, stack: Stack, user: string, until?: string): Promise<void> {
  const origin = stack.publicOrigin;
  const base = stack.baseUrl;
  const userPrefix = `${base}user/${user}/`;
  const pathOf = (p: Page) => new URL(p.url()).pathname;
  const done = (name: string) => name === until;

  // Record the spawn progress events as the page receives them (server-sent events through nginx
  // and CHP); kept in sessionStorage across the page's reload when the server is ready.
  await j.context.addInitScript({ content: RECORD_PROGRESS });

  await j.step('login-form', 20_000, async () => {
    await j.page.goto(`${origin}${base}`);
    await j.page.waitForURL((u) => u.pathname === `${base}hub/login`);
    await j.page.locator('#username_input').waitFor({ state: 'visible' });
    await j.page.locator('#password_input').waitFor({ state: 'visible' });
  });
  if (done('login-form')) return;

  await j.step('login', 20_000, async () => {
    await j.page.fill('#username_input', user);
    // The chart's admin password (generated in the cluster; the run's Secret value here), or any for the dummy login.
    await j.page.fill('#password_input', loginOf(stack.chart.hubConfig, () => stack.hubEnv()).password());
    await Promise.all([
      j.page.waitForURL((u) => u.pathname.startsWith(`${base}hub/spawn-pending/${user}`)),
      j.page.click('#login_submit'),
    ]);
    const cookies = (await j.context.cookies()).map((c) => c.name);
    if (!cookies.includes('jupyterhub-session-id'))
      throw new Error(`no jupyterhub-session-id cookie after login: ${cookies.join(', ')}`);
  });
  if (done('login')) return;

  await j.step('spawn-progress', 15_000, async () => {
    await j.page.getByText('Your server is starting up').waitFor({ state: 'visible' });
    await j.page.locator('#progress-bar').waitFor({ state: 'attached' });
    // The event stream has reached the page (the first event, "Server requested").
    await j.page.locator('#progress-log .progress-log-event').first().waitFor({ state: 'attached' });
  });
  if (done('spawn-progress')) return;

  await j.step('server-ready', 30_000, async () => {
    // On the "ready" event the page reloads and the hub sends the user to the server (/tree).
    await j.page.waitForURL((u) => u.pathname === `${userPrefix}tree` || u.pathname === `${userPrefix}tree/`, {
      timeout: 30_000,
    });
    const events: any[] = await j.page.evaluate('JSON.parse(sessionStorage.getItem("e2e-progress") || "[]")');
    const last = events[events.length - 1];
    if (!last?.ready || last.progress !== 100)
      throw new Error(`the progress stream did not end with a ready event at 100%: ${JSON.stringify(events)}`);
  });
  if (done('server-ready')) return;

  await j.step('notebook-ui', 20_000, async () => {
    // The classic UI's own page with its static assets under the base URL (a 404 there is a broken prefix).
    await j.page.locator('#notebook_list').waitFor({ state: 'visible' });
    await j.page.locator('#new-dropdown-button').waitFor({ state: 'visible' });
    await j.page.locator('#logout').waitFor({ state: 'visible' });
    const notFound = j.log.filter((l) => / HTTP 404 GET /.test(l) && !/favicon/.test(l));
    if (notFound.length) throw new Error(`the notebook UI's resources were not found:\n${notFound.join('\n')}`);
  });
  if (done('notebook-ui')) return;

  const tree = j.page;
  await j.step('new-notebook', 30_000, async () => {
    await tree.click('#new-dropdown-button');
    const [nb] = await Promise.all([
      j.context.waitForEvent('page', { timeout: 15_000 }),
      tree.click('#kernel-python3 a'),
    ]);
    j.page = nb;
    await nb.waitForURL((u) => u.pathname.startsWith(`${userPrefix}notebooks/`) && u.pathname.endsWith('.ipynb'));
    await nb.locator('#notebook_name').waitFor({ state: 'visible' });
    await nb.locator('.cell.code_cell .CodeMirror').first().waitFor({ state: 'visible' });
  });
  if (done('new-notebook')) return;

  await j.step('kernel', 30_000, async () => {
    const nb = j.page;
    // The page talks to the kernel over a websocket: fail as soon as that cannot open.
    let over = false;
    const socketFailed = (async () => {
      while (!over) {
        if (j.kernelSocketErrors.length)
          throw new Error(`the kernel websocket failed: ${j.kernelSocketErrors.join('; ')}`);
        await sleep(100);
      }
    })();
    const ran = (async () => {
      await nb.locator('#kernel_indicator_icon.kernel_idle_icon').waitFor({ state: 'attached', timeout: 20_000 });
      await nb.locator('.cell.code_cell .CodeMirror').first().click();
      await nb.keyboard.type('print(6*7)');
      await nb.keyboard.press('Shift+Enter');
      await nb
        .locator('.cell.code_cell')
        .first()
        .locator('.output_subarea.output_stdout pre')
        .filter({ hasText: /^\s*42\s*$/ })
        .waitFor({ state: 'visible', timeout: 20_000 });
    })();
    try {
      await Promise.race([ran, socketFailed]);
    } finally {
      over = true;
      await socketFailed.catch(() => undefined);
      ran.catch(() => undefined); // still waiting when the socket failed first: ends when the page closes
    }
  });
  if (done('kernel')) return;

  await j.step('save-and-halt', 20_000, async () => {
    const nb = j.page;
    const file = path.join(stack.homes, user, decodeURIComponent(pathOf(nb).slice(`${userPrefix}notebooks/`.length)));
    await nb.click('#filelink');
    await nb.click('#save_checkpoint a');
    // Saved through the contents API (PUT with the _xsrf header): the cell and its output, on disk.
    const saved = () => {
      try {
        return JSON.parse(fs.readFileSync(file, 'utf8'));
      } catch {
        return undefined;
      }
    };
    const text = (v: unknown) => (Array.isArray(v) ? v.join('') : v); // nbformat may split multi-line strings into lists
    const ok = (n: any) =>
      text(n?.cells?.[0]?.source) === 'print(6*7)' && text(n.cells[0].outputs?.[0]?.text) === '42\n';
    for (const end = Date.now() + 10_000; !ok(saved()) && Date.now() < end;) await sleep(100);
    if (!ok(saved()))
      throw new Error(`${file} does not hold the cell and its output 42: ${JSON.stringify(saved()?.cells)}`);
    // File → Close and Halt: the page shuts its kernel down and closes itself.
    await nb.click('#filelink');
    await Promise.all([nb.waitForEvent('close', { timeout: 15_000 }), nb.click('#close_and_halt a')]);
    j.page = tree;
    await tree.bringToFront();
    const kernels = await pageGet(tree, `${origin}${userPrefix}api/kernels`);
    const running = kernels.status === 200 ? kernels.json : kernels.status;
    if (!Array.isArray(running) || running.length)
      throw new Error(`kernels still running after Close and Halt: ${JSON.stringify(running)}`);
  });
  if (done('save-and-halt')) return;

  await j.step('upload', 20_000, async () => {
    await tree.setInputFiles('#upload_span_input', {
      name: UPLOAD.name,
      mimeType: 'text/plain',
      buffer: Buffer.from(UPLOAD.content),
    });
    // The list gets a row with the file's name (an input, to rename it) and an Upload button.
    const row = tree.locator('#notebook_list .list_item:has(.upload_button)');
    const named = await row.locator('input.filename_input').inputValue();
    if (named !== UPLOAD.name) throw new Error(`the upload row names ${JSON.stringify(named)}, not ${UPLOAD.name}`);
    await row.locator('.upload_button').click();
    await tree.locator('#notebook_list .list_item a.item_link', { hasText: UPLOAD.name }).waitFor({ state: 'visible' });
    const stored = path.join(stack.homes, user, UPLOAD.name);
    for (const end = Date.now() + 5_000; !fs.existsSync(stored) && Date.now() < end;) await sleep(100);
    const content = fs.existsSync(stored) ? fs.readFileSync(stored, 'utf8') : undefined;
    if (content !== UPLOAD.content)
      throw new Error(
        `the uploaded file in the user's home is ${JSON.stringify(content)}, not ${JSON.stringify(UPLOAD.content)}`,
      );
  });
  if (done('upload')) return;

  await j.step('logout', 20_000, async () => {
    await Promise.all([
      tree.waitForURL((u) => u.pathname === `${base}hub/login` || u.pathname === `${base}hub/logout`),
      tree.click('#logout'),
    ]);
    await tree.locator('#username_input').waitFor({ state: 'visible' });
  });
  if (done('logout')) return;

  await j.step('session-gone', 20_000, async () => {
    const left = (await j.context.cookies()).map((c) => c.name).filter((n) => n.startsWith('jupyterhub-'));
    if (left.length) throw new Error(`cookies left after logout: ${left.join(', ')}`);
    // Neither the hub nor the user's server lets the browser in any more: both send it to the login form.
    for (const p of [`${base}hub/home`, `${userPrefix}tree`]) {
      await tree.goto(`${origin}${p}`);
      await tree.locator('#username_input').waitFor({ state: 'visible' });
      if (!pathOf(tree).startsWith(`${base}hub/login`))
        throw new Error(`${p} ended at ${tree.url()}, not the login form`);
    }
    const api = await pageGet(tree, `${origin}${userPrefix}api/contents`);
    if (api.status !== 403)
      throw new Error(`${userPrefix}api/contents answers ${api.status} after logout, not 403 (0: a redirect)`);
  });
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

test('the /jupyter/ variant is MinikubeChart with its baseUrl prop; at "/" it is the seed chart itself', () => {
  expect(synthesized((app) => new MinikubeChart(app, 'minikube', { baseUrl: '/' }))).toEqual(seedCharts().minikube);
  const v = variants.find((c) => c.id === 'minikube-base-url') as ChartUnderTest;
  expect(configString(v.hubConfig, 'JupyterHub', 'base_url')).toBe('/jupyter/');
  expect(variants.map((c) => c.id)).toContain('minikube');
});

/**
 * The user the journey logs in as: the chart's first admin, with its generated admin password
 * (the shared-password authenticator of the demo charts; the override runs JupyterHub 5.5.0's own
 * class) or any password (the dummy authenticator).
 */
function loginUser(chart: ChartUnderTest): string {
  const authenticator = configString(chart.hubConfig, 'JupyterHub', 'authenticator_class');
  if (authenticator !== 'dummy' && authenticator !== SHARED_PASSWORD_CLASS)
    throw new Error(
      `the browser e2e logs in with the shared-password or the dummy authenticator; chart ${chart.id} uses ${authenticator}`,
    );
  return loginOf(chart.hubConfig, () => ({})).user;
}

const ci = process.env.CI === 'true';
if (skipReason && ci) {
  test('browser e2e prerequisites are installed (CI=true: a skip is a failure)', () => {
    throw new Error(skipReason);
  });
}

(skipReason ? describe.skip : describe)('in headless Chromium, through the synthesized front door', () => {
  // The ports are the manifests' fixed ones: jest runs on one machine take turns.
  let releaseLock: (() => void) | undefined;
  beforeAll(async () => {
    releaseLock = await acquireMachineLock(300_000);
  }, 310_000);
  afterAll(() => releaseLock?.());

  describe.each(
    variants.map((c): [string, string, ChartUnderTest] => [
      c.id,
      configString(c.hubConfig, 'JupyterHub', 'base_url') ?? '/',
      c,
    ]),
  )('chart %s (base URL %s)', (id, _base, chart) => {
    const admin = loginUser(chart);

    test(`as ${admin}: login form, spawn progress, notebook UI, print(6*7) → 42, save and halt, upload, logout, session gone`, async () => {
      const stack = new Stack(chart, { notebookUi: true, extraOverride: SPAWN_DELAY });
      await withStackAndBrowser(stack, id, admin, async (journey) => {
        await firstFiveMinutes(journey, stack, admin);
        // Nothing broke on the way that the steps did not look at: no script error, no server error.
        expect(journey.log.filter((l) => / page error: | HTTP 5\d\d | websocket error /.test(l))).toEqual([]);
        expect(journey.shots.map((s) => path.basename(s))).toEqual([
          '01-login-form.png',
          '02-login.png',
          '03-spawn-progress.png',
          '04-server-ready.png',
          '05-notebook-ui.png',
          '06-new-notebook.png',
          '07-kernel.png',
          '08-save-and-halt.png',
          '09-upload.png',
          '10-logout.png',
          '11-session-gone.png',
        ]);
      });
    }, 120_000);
  });

  test('nginx.conf without the websocket Upgrade/Connection headers: the journey fails at the kernel step, with its screenshot and the console log', async () => {
    const chart = variants.find((c) => c.id === 'minikube') as ChartUnderTest;
    const admin = loginUser(chart);
    const variant = 'minikube-broken-websocket';
    const stack = new Stack(chart, {
      notebookUi: true,
      extraOverride: SPAWN_DELAY,
      editNginxConf: withoutUpgradeHeaders,
    });
    await withStackAndBrowser(stack, variant, admin, async (journey) => {
      const failure = await firstFiveMinutes(journey, stack, admin, 'kernel').then(
        () => undefined,
        (e) => e,
      );
      expect(failure).toBeInstanceOf(StepFailed);
      const f = failure as StepFailed;
      expect({ step: f.step, reason: f.reason.message }).toEqual({
        step: 'kernel',
        reason: expect.stringMatching(/^the kernel websocket failed: .*\/api\/kernels\/[^/]+\/channels: .*\b400\b/),
      });
      // The failure names its screenshot (written) and carries the browser's console log.
      expect(f.screenshot).toBe(path.join(RESULTS, variant, '07-kernel-FAILED.png'));
      expect(fs.existsSync(f.screenshot)).toBe(true);
      expect(f.message).toContain(`screenshot: ${f.screenshot}`);
      expect(f.message).toMatch(/websocket error \S*\/api\/kernels\/[^/]+\/channels/);
      // Every step before the kernel passed, with its screenshot.
      expect(journey.shots.map((s) => path.basename(s))).toEqual([
        '01-login-form.png',
        '02-login.png',
        '03-spawn-progress.png',
        '04-server-ready.png',
        '05-notebook-ui.png',
        '06-new-notebook.png',
        '07-kernel-FAILED.png',
      ]);
    });
  }, 120_000);
});

// ---------------------------------------------------------------------------------------------
// Over HTTPS: the minikube composition with IngressTls.acme() and a host, a certificate issued by
// a local Pebble through the synthesized nginx, and Chromium trusting Pebble's root
// ---------------------------------------------------------------------------------------------

const TLS_HOST = 'hub.browser-e2e.test';
const TLS_EMAIL = 'admin@browser-e2e.test';
/** Pebble's ports (loopback), as in acme-e2e.test.ts; HTTP-01 on nginx's HTTP port. */
const TLS_PEBBLE_PORTS = { acme: 14000, management: 15000, dns: 8053, dnsManagement: 8055 };

const tlsVariant = chartsUnderTest(
  {
    'minikube-tls': synthesized(
      (app) =>
        new MinikubeChart(app, 'minikube-tls', {
          host: TLS_HOST,
          tls: IngressTls.acme({
            email: TLS_EMAIL,
            directory: AcmeDirectory.fromUrl(`https://127.0.0.1:${TLS_PEBBLE_PORTS.acme}/dir`),
          }),
        }),
    ),
  },
  { withAcmeNginx: true },
)[0];

/** Where the synthesized pod has the ACME client's files nginx reads (the ACME client's volumes). */
const ACME_WEBROOT = '/var/lib/acme-webroot';
const ACME_TLS_FILE = '/var/lib/acme-tls/tls.pem';

/**
 * The TLS run's stack: the public origin is `https://<host>` (the browser maps the host to
 * loopback), and the harness's own REST calls (user list, the clean stop) go to CHP directly,
 * since nginx's HTTP port only redirects and Node's client knows neither the host nor the CA.
 */
class TlsStack extends Stack {
  public override get publicOrigin(): string {
    return `https://${TLS_HOST}`;
  }

  public override api(p: string, opts: { method?: string; body?: unknown } = {}): Promise<Resp> {
    return request(`http://127.0.0.1:${this.chpPorts().port}${this.baseUrl}hub/api${p}`, {
      method: opts.method,
      headers: {
        Authorization: `token ${this.serviceToken}`,
        ...(opts.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      },
      body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
    });
  }
}

/** The synthesized nginx.conf with the ACME client's directories (pod volumes) moved to the run's. */
function withRunAcmePaths(conf: string, dirs: { webroot: string; tlsFile: string }): string {
  for (const p of [ACME_WEBROOT, ACME_TLS_FILE])
    if (!conf.includes(p)) throw new Error(`the nginx.conf does not name ${p}`);
  return conf.split(ACME_WEBROOT).join(dirs.webroot).split(ACME_TLS_FILE).join(dirs.tlsFile);
}

/** The redirect chain of a navigation's final request, first request first. */
function redirectChain(r: PwRequest): PwRequest[] {
  const chain: PwRequest[] = [];
  for (let x: PwRequest | null = r; x; x = x.redirectedFrom()) chain.unshift(x);
  return chain;
}

const tlsNet = privateNetwork();
const tlsPrograms = acmePrograms();
const certutil = which('certutil', ['/usr/bin/certutil']);
const tlsMissing = [
  ...tlsPrograms.missing.filter((m) => ['pebble', 'pebble-challtestsrv', 'lego', 'openssl'].includes(m)),
  ...(certutil ? [] : ['certutil (apt-get install libnss3-tools)']),
];
const tlsSkipReason = skipReason
  ? skipReason
  : !tlsNet.isolated
    ? `browser e2e over TLS skipped: it runs only in a network namespace of its own (this one has ${tlsNet.interfaces.join(', ')}): unshare -n bash -c 'ip link set lo up; npx jest test/e2e/browser'`
    : tlsMissing.length
      ? `browser e2e over TLS skipped: missing ${tlsMissing.join(', ')}; run \`bash scripts/system-deps.sh\` (as root)`
      : '';
if (tlsSkipReason && tlsSkipReason !== skipReason) console.warn(tlsSkipReason);
if (tlsSkipReason && tlsSkipReason !== skipReason && tlsNet.isolated && ci) {
  test('browser e2e over TLS prerequisites are installed (CI=true: a skip is a failure)', () => {
    throw new Error(tlsSkipReason);
  });
}

test('the TLS variant is the minikube composition; without host and TLS it is the minikube seed chart', () => {
  expect(synthesized((app) => new MinikubeChart(app, 'minikube', {}))).toEqual(seedCharts().minikube);
  expect(tlsVariant.nginx?.conf).toContain(`server_name ${TLS_HOST};`);
});

(tlsSkipReason ? describe.skip : describe)(
  'over HTTPS, with a certificate from a local Pebble the browser trusts',
  () => {
    let releaseLock: (() => void) | undefined;
    beforeAll(async () => {
      releaseLock = await acquireMachineLock(300_000);
    }, 310_000);
    afterAll(() => releaseLock?.());

    const admin = loginUser(tlsVariant);

    test(`chart minikube-tls, as ${admin}: http:// redirects (308) except the ACME challenge path, then the same journey over https://`, async () => {
      const bins = tlsPrograms.found;
      const t0 = Date.now();
      const timings: string[] = [];
      const mark = (what: string) => timings.push(`${what}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      const work = fs.mkdtempSync(path.join(os.tmpdir(), 'browser-tls-'));
      fs.chmodSync(work, 0o755);
      const webroot = path.join(work, 'acme-webroot');
      const tlsFile = path.join(work, 'acme-tls', 'tls.pem');
      fs.mkdirSync(webroot);
      fs.mkdirSync(path.dirname(tlsFile));
      // nginx's workers (nobody when the harness is root) read the challenges and the certificate.
      const nginxUser = hubIdentity();
      if (nginxUser) fs.chownSync(path.dirname(tlsFile), 0, nginxUser.gid);
      fs.chmodSync(path.dirname(tlsFile), 0o750);
      const opts: StackOptions = {
        notebookUi: true,
        extraOverride: SPAWN_DELAY,
        editNginxConf: (conf) => withRunAcmePaths(conf, { webroot, tlsFile }),
      };
      const stack = new TlsStack(tlsVariant, opts);
      const ca = new RunCa(work, bins.openssl);
      const pebble = new Pebble(work, bins, { ...TLS_PEBBLE_PORTS, http01: 8080 }, ca.leaf('pebble'), ca.cert);
      let lego: Proc | undefined;
      let failure: unknown;
      try {
        await pebble.start();
        mark('pebble up');
        // The browser's trust: Pebble's root (generated at its start, thrown away with the run) in a
        // new NSS database under the browser's HOME, the place Chromium on Linux reads user-added CAs from.
        const home = path.join(stack.dir, 'browser-home');
        const nssdb = path.join(home, '.pki', 'nssdb');
        fs.mkdirSync(nssdb, { recursive: true });
        const rootFile = path.join(work, 'pebble-root.pem');
        fs.writeFileSync(rootFile, pebble.root as string);
        execFileSync(certutil as string, ['-N', '-d', `sql:${nssdb}`, '--empty-password'], {
          stdio: 'ignore',
          timeout: 10_000,
        });
        execFileSync(
          certutil as string,
          ['-A', '-d', `sql:${nssdb}`, '-n', 'Pebble root (this run only)', '-t', 'C,,', '-i', rootFile],
          { stdio: 'ignore', timeout: 10_000 },
        );
        const browser: BrowserExtras = {
          // The host is loopback, its port 80 nginx's HTTP port and 443 its HTTPS port (the Service's mapping).
          args: [`--host-resolver-rules=MAP ${TLS_HOST}:80 127.0.0.1:8080, MAP ${TLS_HOST}:443 127.0.0.1:8443`],
          env: { HOME: home },
        };

        await withStackAndBrowser(
          stack,
          'minikube-tls',
          admin,
          async (j) => {
            mark('stack and browser up');
            // The certificate: Debian's lego (the client the pod runs) orders it from Pebble, which
            // validates HTTP-01 through the synthesized nginx's challenge location; the file nginx
            // reads at each handshake is written as the pod's client writes it (certificate chain, then key).
            lego = new Proc(
              'lego',
              bins.lego,
              [
                '--server',
                pebble.directoryUrl,
                '--email',
                TLS_EMAIL,
                '--accept-tos',
                '--domains',
                TLS_HOST,
                '--key-type',
                'ec256',
                '--http',
                '--http.webroot',
                webroot,
                '--path',
                path.join(work, 'lego'),
                'run',
              ],
              {
                cwd: work,
                env: { PATH: '/usr/bin:/bin', LEGO_CA_CERTIFICATES: ca.cert },
                logFile: path.join(work, 'lego.log'),
              },
            );
            const r = await lego.waitExit(30_000);
            if (r.code !== 0) throw new Error(`lego run exited ${JSON.stringify(r)}\n${lego.tail()}`);
            const certs = path.join(work, 'lego', 'certificates');
            fs.writeFileSync(
              tlsFile,
              Buffer.concat([
                fs.readFileSync(path.join(certs, `${TLS_HOST}.crt`)),
                fs.readFileSync(path.join(certs, `${TLS_HOST}.key`)),
              ]),
              { mode: 0o640 },
            );
            if (nginxUser) fs.chownSync(tlsFile, 0, nginxUser.gid);
            expect(pebble.issued()).toHaveLength(1);
            expect((stack.nginx as Proc).output).toMatch(
              /"GET \/\.well-known\/acme-challenge\/[A-Za-z0-9_-]{20,} HTTP\/1\.1" 200 /,
            );
            mark('certificate issued by Pebble through nginx');

            const probe = { name: 'e2e-probe', content: 'served over plain HTTP\n' };
            fs.mkdirSync(path.join(webroot, '.well-known', 'acme-challenge'), { recursive: true });
            fs.writeFileSync(path.join(webroot, '.well-known', 'acme-challenge', probe.name), probe.content, {
              mode: 0o644,
            });
            await j.step('http-redirect', 20_000, async () => {
              // The ACME challenge path stays plain HTTP (no redirect)...
              const challenge = await j.page.goto(`http://${TLS_HOST}/.well-known/acme-challenge/${probe.name}`);
              const cChain = redirectChain(challenge!.request()).map((x) => x.url());
              if (challenge?.status() !== 200 || cChain.length !== 1 || (await challenge.text()) !== probe.content)
                throw new Error(
                  `the challenge path answered ${challenge?.status()} via ${cChain.join(' -> ')}, not 200 with the file`,
                );
              // ...everything else is a 308 to https://, where the hub's login form is (the first HTTPS page: no HSTS before it).
              const resp = await j.page.goto(`http://${TLS_HOST}/hub/?next=%2Fhub%2F`);
              const chain = redirectChain(resp!.request());
              const first = await chain[0].response();
              if (first?.status() !== 308 || first.headers().location !== `https://${TLS_HOST}/hub/?next=%2Fhub%2F`)
                throw new Error(
                  `http:// answered ${first?.status()} to ${first?.headers().location}, not 308 to https://${TLS_HOST}/hub/?next=%2Fhub%2F`,
                );
              await j.page.waitForURL(
                (u) => u.protocol === 'https:' && u.host === TLS_HOST && u.pathname === '/hub/login',
              );
              await j.page.locator('#username_input').waitFor({ state: 'visible' });
              // The certificate the browser accepted is Pebble's for the host (a CA it did not trust would have failed the navigation).
              const sec = await resp!.securityDetails();
              if (sec?.subjectName !== TLS_HOST || !/^Pebble Intermediate CA/.test(sec.issuer ?? ''))
                throw new Error(`the page's certificate is ${JSON.stringify(sec)}, not Pebble's for ${TLS_HOST}`);
              const hsts = await resp!.headerValue('strict-transport-security');
              if (hsts !== 'max-age=31536000') throw new Error(`Strict-Transport-Security is ${hsts}`);
            });
            await firstFiveMinutes(j, stack, admin);
            mark('journey done');
            expect(j.log.filter((l) => / page error: | HTTP 5\d\d | websocket error /.test(l))).toEqual([]);
            expect(j.shots.map((s) => path.basename(s))).toEqual([
              '01-http-redirect.png',
              '02-login-form.png',
              '03-login.png',
              '04-spawn-progress.png',
              '05-server-ready.png',
              '06-notebook-ui.png',
              '07-new-notebook.png',
              '08-kernel.png',
              '09-save-and-halt.png',
              '10-upload.png',
              '11-logout.png',
              '12-session-gone.png',
            ]);
          },
          browser,
        );
      } catch (e) {
        failure = e;
      }
      if (lego?.running) await lego.stop('SIGTERM', 5_000);
      await pebble.stop();
      await sleep(100);
      const strays = processesUnder(work);
      for (const s of strays) {
        try {
          process.kill(s.pid, 'SIGKILL');
        } catch {
          /* gone */
        }
      }
      mark('stopped');
      console.log(`browser e2e over TLS, timings:\n  ${timings.join('\n  ')}`);
      if (!process.env.E2E_KEEP) fs.rmSync(work, { recursive: true, force: true });
      if (failure) throw failure;
      expect(strays).toEqual([]);
    }, 120_000);
  },
);
