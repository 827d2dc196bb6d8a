/**
 * The documentation is the README (what the project is, the two commands, links) and the pages of
 * docs/: every relative link of either resolves to a file of the repository, every `#anchor` to a
 * heading of the page it names, and every page of docs/ is reachable from the README.
 */
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');
const PAGES = [
  'README.md',
  'CONTRIBUTING.md',
  ...fs
    .readdirSync(path.join(ROOT, 'docs'), { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`)
    .sort(),
];

/** A page's text outside fenced code blocks. */
function prose(file: string): string {
  return fs
    .readFileSync(path.join(ROOT, file), 'utf8')
    .replace(/^```[\s\S]*?^```/gm, '')
    .replace(/`[^`\n]*`/g, (code) => (code.includes('](') ? '' : code));
}

/** GitHub's anchor of a heading. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\w\- ]/g, '')
    .replace(/ /g, '-');
}

function anchors(file: string): Set<string> {
  return new Set([...prose(file).matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1])));
}

function links(file: string): string[] {
  return [...prose(file).matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]).filter((t) => !/^[a-z]+:/.test(t));
}

describe.each(PAGES)('%s', (file) => {
  test('every relative link names a file that exists, and every anchor a heading of it', () => {
    const broken = links(file).filter((target) => {
      const [p, anchor] = target.split('#');
      const to = p ? path.normalize(path.join(path.dirname(file), p)) : file;
      if (!fs.existsSync(path.join(ROOT, to))) return true;
      return anchor !== undefined && to.endsWith('.md') && !anchors(to).has(anchor);
    });
    expect(broken).toEqual([]);
  });
});

test('the README keeps the project, the two commands and the links; the guides are pages of docs/', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  expect(readme).toContain('npm ci --omit=optional && npm run synth');
  expect(readme).toContain('\nnpm test ');
  const linked = new Set(links('README.md').map((t) => t.split('#')[0]));
  const pages = fs.readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md'));
  expect(pages.filter((p) => !linked.has(`docs/${p}`) && !links('docs/from-z2jh.md').includes(p))).toEqual([]);
  expect(readme.split('\n').length).toBeLessThan(200);
});
