/**
 * Issue 20, item 5: the trust model the docs state for each seed chart is the one `dist/` has.
 * Each chart's section in the README (or a page of docs/) holds, after a
 * `<!-- trust-model: <chart> -->` marker, two tables: what each pod holds (a read-only root, a
 * ServiceAccount token and why, the Secrets it can read) and who reaches whom (its
 * NetworkPolicies' ingress and egress, the peers named as the chart's pods). The rows are
 * computed from the synthesized chart and its run-time pods (`trust-model.ts`); a statement in
 * the docs that the output does not bear out fails here, with the table the output gives.
 */
import * as fs from 'fs';
import * as path from 'path';
import { chartPods, TrustRow, trustModel, trustTables } from './trust-model';
import { JINJA } from './kernel-launcher';
import { seedCharts } from './util';

const ROOT = path.join(__dirname, '..');

/** README.md and every page of docs/. */
function docs(): { file: string; text: string }[] {
  const pages = fs.existsSync(path.join(ROOT, 'docs'))
    ? (fs.readdirSync(path.join(ROOT, 'docs'), { recursive: true }) as string[])
        .filter((f) => f.endsWith('.md'))
        .map((f) => path.join('docs', f))
    : [];
  return ['README.md', ...pages.sort()].map((file) => ({ file, text: fs.readFileSync(path.join(ROOT, file), 'utf8') }));
}

const code = (cell: string) =>
  cell.trim() === 'none'
    ? []
    : cell
        .split('<br>')
        .map((x) => x.trim().replace(/^`|`$/g, ''))
        .filter((x) => x !== '');

function tableRows(lines: string[]): string[][] {
  return lines
    .filter((l) => l.startsWith('|') && !/^\|\s*---/.test(l))
    .slice(1)
    .map((l) =>
      l
        .replace(/^\||\|$/g, '')
        .split(' | ')
        .map((c) => c.trim()),
    );
}

interface Stated {
  readonly file: string;
  readonly rows: (TrustRow & { why: string })[];
}

/** The two tables after a chart's marker, read back as rows. */
function stated(chart: string): Stated | undefined {
  for (const { file, text } of docs()) {
    const at = text.indexOf(`<!-- trust-model: ${chart} -->`);
    if (at < 0) continue;
    const lines = text.slice(at).split('\n').slice(1);
    const blocks: string[][] = [];
    let current: string[] = [];
    for (const l of lines) {
      if (l.startsWith('|')) current.push(l);
      else if (current.length > 0) {
        blocks.push(current);
        current = [];
        if (blocks.length === 2) break;
      } else if (l.trim() !== '' && blocks.length === 0 && !l.startsWith('<!--')) continue;
    }
    if (current.length > 0) blocks.push(current);
    const [holds, reach] = blocks.map(tableRows);
    const rows = holds.map(([pod, root, token, secrets]) => {
      const r = reach.find(([p]) => p === pod) ?? [pod, '', ''];
      const m = /^(yes|no)(?::\s*(.*))?$/.exec(token);
      return {
        pod: pod.replace(/^`|`$/g, ''),
        readOnlyRoot: root,
        token: m?.[1] === 'yes',
        why: m?.[2] ?? '',
        secrets: code(secrets),
        admits: code(r[1]),
        connects: code(r[2]),
      };
    });
    return { file, rows };
  }
  return undefined;
}

// The live self-tests (`<chart>.check`) are not installs: their pods hold nothing (test/charts/isolation-self-test.test.ts).
const charts = Object.entries(seedCharts()).filter(
  ([id, objs]) => !id.endsWith('.check') && chartPods(objs).length > 0,
);

test('the seed charts with pods: each has its trust model in the docs', () => {
  expect(charts.map(([id]) => id)).toEqual(['minikube', 'jeg-lab', 'gke', 'daskhub', 'carvel']);
  for (const [id] of charts) expect({ id, stated: stated(id) !== undefined }).toEqual({ id, stated: true });
});

const withJinja = JINJA === undefined && process.env.CI !== 'true' ? describe.skip : describe;

withJinja.each(charts)('the trust model of %s, as the docs state it', (id, objs) => {
  const computed = trustModel(objs);
  const doc = stated(id)!;

  test('names every pod of the chart and of its programs at run time, and no other', () => {
    expect(doc.rows.map((r) => r.pod).sort()).toEqual(computed.map((r) => r.pod).sort());
  });

  test('what each pod holds and who reaches it is what dist/ has', () => {
    const withoutWhy = doc.rows.map(({ why: _why, ...r }) => r);
    const byPod = (rows: TrustRow[]) => [...rows].sort((a, b) => a.pod.localeCompare(b.pod));
    const want = trustTables(computed, Object.fromEntries(doc.rows.map((r) => [r.pod, r.why])));
    expect({ file: doc.file, rows: byPod(withoutWhy) }).toEqual({
      file: doc.file,
      rows: byPod(computed),
      // On a mismatch, the tables dist/ bears out (keep the docs' reasons):
      ...(JSON.stringify(byPod(withoutWhy)) === JSON.stringify(byPod(computed)) ? {} : { tables: want }),
    });
  });

  test('every pod that holds a ServiceAccount token says why', () => {
    for (const r of doc.rows.filter((x) => x.token))
      expect({ pod: r.pod, why: r.why.length > 10 }).toEqual({ pod: r.pod, why: true });
  });
});

/** The pods that run users' code: a user's server, a kernel, a Dask scheduler or worker. */
const usersCode = (pod: string) => /^(user server|kernel |dask (scheduler|worker))/.test(pod);

withJinja.each(charts)("%s: the pods that run users' code", (_id, objs) => {
  const rows = trustModel(objs).filter((r) => usersCode(r.pod));

  test('hold no ServiceAccount token', () => {
    for (const r of rows) expect({ pod: r.pod, token: r.token }).toEqual({ pod: r.pod, token: false });
  });

  test("read no Secret but their own cluster's TLS credentials", () => {
    for (const r of rows)
      expect({ pod: r.pod, secrets: r.secrets.filter((s) => !/^dask-credentials-/.test(s)) }).toEqual({
        pod: r.pod,
        secrets: [],
      });
  });

  test('cannot connect to the cloud metadata endpoint (169.254.169.254) but for DNS', () => {
    for (const r of rows)
      for (const rule of r.connects) {
        const [ports, to] = rule.split(/ → /);
        const dnsOnly = ports.split(', ').every((p) => /^53(\/udp)?$/.test(p));
        if (dnsOnly) continue;
        for (const peer of to.split(', ')) {
          const [cidr, except = ''] = peer.split(' except ');
          const covers = ['0.0.0.0/0', '169.254.0.0/16', '169.254.169.254/32'].includes(cidr);
          if (covers) expect({ pod: r.pod, peer }).toEqual({ pod: r.pod, peer: expect.stringContaining(' except ') });
          if (covers)
            expect({ pod: r.pod, except: except.split(' ') }).toEqual({
              pod: r.pod,
              except: expect.arrayContaining(['169.254.169.254/32']),
            });
        }
      }
  });
});
