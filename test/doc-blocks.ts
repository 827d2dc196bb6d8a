/**
 * The fenced code blocks of a Markdown document, for the tests that compile and run them
 * (`test/docs-examples.test.ts`, `test/getting-started.test.ts`).
 */
import * as fs from 'fs';
import * as path from 'path';

/** One fenced code block. */
export interface DocBlock {
  /** The document, relative to the repository (`README.md`, `docs/getting-started.md`). */
  readonly doc: string;
  /** The line of the opening fence (1-based). */
  readonly line: number;
  /** The first word of the info string (`ts`, `sh`, ...; '' without one). */
  readonly lang: string;
  /** The rest of the info string, split at spaces (`fragment`, `file=main.ts`, `step`). */
  readonly attributes: readonly string[];
  /** The `## ` heading the block is under ('' before the first one). */
  readonly section: string;
  /** The block's text, each line ending with a newline, indentation of the fence removed. */
  readonly code: string;
}

/** The value of a `name=value` attribute of a block, or undefined. */
export function attribute(block: DocBlock, name: string): string | undefined {
  return block.attributes.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
}

/** The fenced code blocks of one document (backtick fences; a fence may be indented, as in a list). */
export function docBlocks(root: string, doc: string): DocBlock[] {
  const lines = fs.readFileSync(path.join(root, doc), 'utf8').split('\n');
  const blocks: DocBlock[] = [];
  let section = '';
  for (let i = 0; i < lines.length; i++) {
    const heading = /^## (.*)$/.exec(lines[i]);
    if (heading) section = heading[1].trim();
    const open = /^( *)(`{3,})\s*([^`]*)$/.exec(lines[i]);
    if (!open) continue;
    const [, indent, fence, info] = open;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length && !new RegExp(`^ *${fence}\\s*$`).test(lines[j]); j++) {
      body.push(lines[j].startsWith(indent) ? lines[j].slice(indent.length) : lines[j].trimStart());
    }
    if (j === lines.length) throw new Error(`${doc}:${i + 1}: a code block that is never closed`);
    const [lang = '', ...attributes] = info.trim().split(/\s+/).filter(Boolean);
    blocks.push({ doc, line: i + 1, lang, attributes, section, code: body.map((l) => `${l}\n`).join('') });
    i = j;
  }
  return blocks;
}

/** The Markdown documents whose examples are tested: README.md, CONTRIBUTING.md and docs/*.md. */
export function testedDocs(root: string): string[] {
  const docsDir = path.join(root, 'docs');
  const docs = fs.existsSync(docsDir)
    ? fs
        .readdirSync(docsDir)
        .filter((f) => f.endsWith('.md'))
        .sort()
        .map((f) => `docs/${f}`)
    : [];
  return ['README.md', 'CONTRIBUTING.md', ...docs];
}

/**
 * The text of a section of a document (`README.md`, `docs/minikube.md`): from `heading` to the next
 * heading of level 2; the whole document without a heading.
 */
export function docSection(root: string, file: string, heading?: string): string {
  const text = fs.readFileSync(path.join(root, file), 'utf8');
  if (heading === undefined) return text;
  const start = text.indexOf(`\n${heading}`);
  if (start < 0) throw new Error(`${file} has no section ${heading}`);
  const next = text.indexOf('\n## ', start + heading.length + 1);
  return text.slice(start, next < 0 ? undefined : next);
}
