#!/usr/bin/env node
/*
 * Generates API.md from the TSDoc of everything lib/index.ts exports, with the TypeScript
 * compiler API. Also enforces the public-API rules: every export and every public member has a
 * doc comment, every optional prop of a props/options interface has @default, interface members
 * are readonly, and props use no union types or generics (a jsii binding stays possible).
 *   node scripts/api-docs.js                     write API.md
 *   node scripts/api-docs.js --check             exit 1 if API.md is stale or a rule is broken
 *   node scripts/api-docs.js --entry F --stdout  document another entry file, print to stdout
 *
 * The Markdown must render whatever the TSDoc holds: text in table cells is one line, `|` is
 * escaped, generated code spans use a fence longer than any backtick run inside them, and a
 * backtick without a partner in the TSDoc is escaped, so nested backticks never break a table.
 * Optional members are marked `?` in every table (props, class members, interface members).
 */
'use strict';
const fs = require('fs');
const path = require('path');
const ts = require('typescript');

const root = path.resolve(__dirname, '..');

// ---------------------------------------------------------------------------------------------
// Markdown helpers (exported for the test)

/** A CommonMark code span holding `text` verbatim (on one line), whatever backticks it contains. */
function code(text) {
  const s = String(text).replace(/\s+/g, ' ').trim();
  if (!s) return '';
  const longest = Math.max(0, ...(s.match(/`+/g) || []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  const pad = s.startsWith('`') || s.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${s}${pad}${fence}`;
}

/**
 * Splits Markdown inline text into code spans and the text between them, by CommonMark's rule: a
 * run of n backticks opens a code span only if a later run of exactly n backticks closes it.
 * Returns `[{ code: boolean, text }]`; `text` of a code span includes its fences. Backticks that
 * open nothing come back as `{ code: false, lone: true }`.
 */
function splitCodeSpans(md) {
  const parts = [];
  let text = '';
  let i = 0;
  while (i < md.length) {
    if (md[i] === '\\' && i + 1 < md.length && /[!-/:-@[-`{-~]/.test(md[i + 1])) {
      text += md.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (md[i] !== '`') {
      text += md[i++];
      continue;
    }
    let n = 0;
    while (md[i + n] === '`') n++;
    let close = -1;
    for (let j = i + n; j < md.length;) {
      if (md[j] !== '`') {
        j++;
        continue;
      }
      let m = 0;
      while (md[j + m] === '`') m++;
      if (m === n) {
        close = j;
        break;
      }
      j += m;
    }
    if (text) parts.push({ code: false, text });
    text = '';
    if (close < 0) {
      parts.push({ code: false, lone: true, text: md.slice(i, i + n) });
      i += n;
    } else {
      parts.push({ code: true, text: md.slice(i, close + n) });
      i = close + n;
    }
  }
  if (text) parts.push({ code: false, text });
  return parts;
}

/**
 * TSDoc prose (Markdown) as the content of one table cell: one line (paragraphs become `<br><br>`,
 * fenced code blocks become code spans, one per line), lone backticks escaped, `<` outside code
 * spans escaped (so `Array<string>` stays text), and every `|` escaped (GFM splits cells on it,
 * even inside code spans).
 */
function cell(md) {
  const blocks = [];
  const fenced = /^[ \t]*(`{3,}|~{3,})[^\n]*\n([\s\S]*?)^[ \t]*\1[ \t]*$/gm;
  let last = 0;
  for (let m; (m = fenced.exec(md));) {
    blocks.push(md.slice(last, m.index), { lines: m[2].split('\n').filter((l) => l.trim()) });
    last = m.index + m[0].length;
  }
  blocks.push(md.slice(last));
  const prose = (s) =>
    s
      .split(/\n[ \t]*\n/)
      .map((p) => p.replace(/\s*\n\s*/g, ' ').trim())
      .filter(Boolean)
      .map((p) =>
        splitCodeSpans(p)
          .map((t) =>
            t.code ? t.text.replace(/\s+/g, ' ') : t.lone ? t.text.replace(/`/g, '\\`') : t.text.replace(/</g, '&lt;'),
          )
          .join(''),
      )
      .join('<br><br>');
  const out = blocks
    .map((b) => (typeof b === 'string' ? prose(b) : b.lines.map(code).join('<br>')))
    .filter(Boolean)
    .join('<br>');
  return escapePipes(out);
}

/** `|` escaped for a GFM table cell (an already escaped one is kept). */
const escapePipes = (s) => s.replace(/\\?\|/g, '\\|');

/** One table row; each cell is already Markdown (`cell()` or `code()`). */
const row = (...cells) => `| ${cells.map((c) => escapePipes(c.replace(/\\\|/g, '|')) || ' ').join(' | ')} |`;

/**
 * A `@default` as a cell: `- text` (jsii's convention) is a description; `value (remark)` is code
 * and prose; text that already holds Markdown code spans stays Markdown; anything else is code.
 */
function defaultCell(text) {
  const t = text.trim();
  if (!t) return '';
  if (/^-(\s|$)/.test(t)) return cell(t.replace(/^-\s*/, ''));
  const m = /^(\S.*?)\s+(\(.*\))$/s.exec(t);
  if (m && !m[1].includes('`')) return `${code(m[1])} ${cell(m[2])}`;
  if (t.includes('`')) return cell(t);
  return code(t);
}

/**
 * Problems a GFM renderer would show in `markdown`'s tables: a row with another number of cells
 * than its header, or a backtick in a cell that opens no code span (it prints literally, and
 * everything after it in the cell is mis-rendered). Returns messages with line numbers.
 */
function tableProblems(markdown) {
  const problems = [];
  const cellsOf = (line) =>
    line
      .trim()
      .replace(/^\|/, '')
      .replace(/(?<!\\)\|$/, '')
      .split(/(?<!\\)\|/);
  let columns = 0;
  let inFence = false;
  markdown.split('\n').forEach((line, i) => {
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    if (inFence || !line.trim().startsWith('|')) {
      columns = 0;
      return;
    }
    const cells = cellsOf(line);
    if (!columns) {
      columns = cells.length;
      return;
    }
    if (cells.length !== columns) problems.push(`line ${i + 1}: ${cells.length} cells, the header has ${columns}`);
    for (const c of cells) {
      if (splitCodeSpans(c.replace(/\\\|/g, '|')).some((p) => p.lone))
        problems.push(`line ${i + 1}: a backtick opens no code span in '${c.trim()}'`);
    }
  });
  return problems;
}

// ---------------------------------------------------------------------------------------------
// The generator

function generate(entry) {
  const program = ts.createProgram([entry], {
    strict: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    skipLibCheck: true,
  });
  const checker = program.getTypeChecker();
  const problems = [];
  const moduleSym = checker.getSymbolAtLocation(program.getSourceFile(entry));
  if (!moduleSym) return { text: '', count: 0, problems: [`${entry}: not a module`] };
  const exported = checker
    .getExportsOfModule(moduleSym)
    .map((s) => (s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s));
  const names = new Set(exported.map((s) => s.getName()));

  /** Display parts (TSDoc text with `{@link}`s) as Markdown. */
  const markdown = (parts) => {
    let out = '';
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i];
      if (p.kind === 'link' && p.text.startsWith('{@link')) {
        let name = '';
        let label = '';
        for (i++; i < parts.length && !(parts[i].kind === 'link' && parts[i].text === '}'); i++) {
          if (parts[i].kind === 'linkName') name += parts[i].text;
          else label += parts[i].text;
        }
        label = label.trim();
        if (!name) [name, label] = [label.split(/\s+/)[0], label.split(/\s+/).slice(1).join(' ')];
        const shown = label || name;
        const top = name.split('.')[0];
        out += names.has(top) ? `[${label ? shown : code(shown)}](#${top.toLowerCase()})` : label ? shown : code(shown);
      } else {
        out += p.text;
      }
    }
    return out.trim();
  };
  const doc = (sym) => markdown(sym.getDocumentationComment(checker));
  const tags = (sym) => sym.getJsDocTags(checker).map((t) => ({ name: t.name, text: markdown(t.text || []) }));
  const tag = (sym, name) => tags(sym).find((t) => t.name === name);
  const isInternal = (sym) => sym.getName().startsWith('_') || !!tag(sym, 'internal');
  const typeText = (node) => (node ? node.getText().replace(/\s+/g, ' ') : '');
  // Parameters without modifiers (`private readonly props: X` is `props: X` to a caller).
  const params = (node) =>
    node.parameters
      .map(
        (p) =>
          `${p.dotDotDotToken ? '...' : ''}${p.name.getText()}${p.questionToken ? '?' : ''}${p.type ? `: ${typeText(p.type)}` : ''}${p.initializer ? ` = ${typeText(p.initializer)}` : ''}`,
      )
      .join(', ');
  const sourceLink = (decl) => path.relative(root, decl.getSourceFile().fileName);
  const requireDoc = (sym, where) => {
    if (!doc(sym)) problems.push(`${where}: no doc comment`);
  };
  const heritage = (decl, out) => {
    for (const h of decl.heritageClauses || []) {
      const word = h.token === ts.SyntaxKind.ExtendsKeyword ? 'Extends' : 'Implements';
      out.push(`${word} ${h.types.map((t) => code(t.getText())).join(', ')}.`, '');
    }
  };
  const examples = (sym, out) => {
    for (const ex of tags(sym).filter((t) => t.name === 'example')) out.push('```ts', ex.text, '```', '');
  };
  const header = (sym, decl, kind, out) => {
    out.push(`### ${sym.getName()}`, '', `*${kind}* — ${code(sourceLink(decl))}`, '');
    requireDoc(sym, sym.getName());
    heritage(decl, out);
    out.push(doc(sym), '');
  };
  /** A member's signature: `static`, `readonly`, `?` for optional, parameters and type. */
  const signature = (m, msym, isStatic, isReadonly) => {
    const name = `${isStatic ? 'static ' : ''}${msym.getName()}${m.questionToken ? '?' : ''}`;
    if (ts.isMethodDeclaration(m) || ts.isMethodSignature(m)) return `${name}(${params(m)}): ${typeText(m.type)}`;
    if (ts.isGetAccessor(m)) return `${isStatic ? 'static ' : ''}get ${msym.getName()}: ${typeText(m.type)}`;
    if (ts.isSetAccessor(m)) return `${isStatic ? 'static ' : ''}set ${msym.getName()}(${params(m)})`;
    const type = typeText(m.type) || checker.typeToString(checker.getTypeOfSymbolAtLocation(msym, m));
    return `${isReadonly ? 'readonly ' : ''}${name}: ${type}`;
  };

  function renderClass(sym, decl, out) {
    header(sym, decl, `${ts.getCombinedModifierFlags(decl) & ts.ModifierFlags.Abstract ? 'abstract ' : ''}class`, out);
    examples(sym, out);
    const ctor = decl.members.find(ts.isConstructorDeclaration);
    if (ctor && !(ts.getCombinedModifierFlags(ctor) & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected))) {
      out.push('```ts', `new ${sym.getName()}(${params(ctor)})`, '```', '');
    }
    const rows = [];
    const seen = new Set();
    for (const m of decl.members) {
      if (ts.isConstructorDeclaration(m) || ts.isClassStaticBlockDeclaration(m) || !m.name) continue;
      const flags = ts.getCombinedModifierFlags(m);
      if (flags & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected) || ts.isPrivateIdentifier(m.name)) continue;
      const msym = checker.getSymbolAtLocation(m.name);
      if (!msym || isInternal(msym)) continue;
      const isStatic = !!(flags & ts.ModifierFlags.Static);
      const where = `${sym.getName()}.${msym.getName()}`;
      // Overloads and get/set pairs: one row per signature, one doc check per member.
      if (!seen.has(`${isStatic}:${msym.getName()}`)) requireDoc(msym, where);
      seen.add(`${isStatic}:${msym.getName()}`);
      // Overloads: one row per signature, none for the implementation.
      if (
        ts.isMethodDeclaration(m) &&
        m.body &&
        decl.members.some(
          (o) => o !== m && ts.isMethodDeclaration(o) && !o.body && o.name.getText() === m.name.getText(),
        )
      )
        continue;
      rows.push(row(code(signature(m, msym, isStatic, !!(flags & ts.ModifierFlags.Readonly))), cell(doc(msym))));
    }
    if (rows.length) out.push('| member | description |', '| --- | --- |', ...rows, '');
  }

  /** `IFoo` (a behaviour or a reference): members with signatures. `FooProps`/`FooOptions` (data): props with defaults. */
  const isBehavioural = (sym) => /^I[A-Z]/.test(sym.getName());

  function renderInterface(sym, decl, out) {
    header(sym, decl, 'interface', out);
    examples(sym, out);
    const behavioural = isBehavioural(sym);
    if (decl.typeParameters) problems.push(`${sym.getName()}: generics in a public interface`);
    const rows = [];
    for (const m of decl.members) {
      if (!m.name) {
        problems.push(`${sym.getName()}: an index or call signature (not representable in other languages)`);
        continue;
      }
      const msym = checker.getSymbolAtLocation(m.name);
      if (!msym || isInternal(msym)) continue;
      const where = `${sym.getName()}.${msym.getName()}`;
      requireDoc(msym, where);
      const readonly = !!(ts.getCombinedModifierFlags(m) & ts.ModifierFlags.Readonly);
      if (ts.isPropertySignature(m) && !readonly) problems.push(`${where}: not readonly`);
      if (behavioural) {
        rows.push(row(code(signature(m, msym, false, readonly)), cell(doc(msym))));
        continue;
      }
      if (!ts.isPropertySignature(m)) {
        problems.push(`${where}: a method in a props interface`);
        continue;
      }
      if (m.type && ts.isUnionTypeNode(m.type)) problems.push(`${where}: union type '${typeText(m.type)}'`);
      const def = tag(msym, 'default');
      if (m.questionToken && !def) problems.push(`${where}: optional without @default`);
      rows.push(
        row(
          code(`${msym.getName()}${m.questionToken ? '?' : ''}`),
          code(typeText(m.type)),
          def ? defaultCell(def.text) : m.questionToken ? '*optional*' : '*required*',
          cell(doc(msym)),
        ),
      );
    }
    if (!rows.length) return;
    if (behavioural) out.push('| member | description |', '| --- | --- |', ...rows, '');
    else out.push('| prop | type | default | description |', '| --- | --- | --- | --- |', ...rows, '');
  }

  function renderEnum(sym, decl, out) {
    header(sym, decl, 'enum', out);
    out.push('| member | value | description |', '| --- | --- | --- |');
    for (const m of decl.members) {
      const msym = checker.getSymbolAtLocation(m.name);
      requireDoc(msym, `${sym.getName()}.${msym.getName()}`);
      out.push(row(code(msym.getName()), m.initializer ? code(m.initializer.getText()) : '', cell(doc(msym))));
    }
    out.push('');
  }

  function renderFunction(sym, decl, out) {
    out.push(`### ${sym.getName()}`, '', `*function* — ${code(sourceLink(decl))}`, '');
    requireDoc(sym, sym.getName());
    out.push('```ts', `${sym.getName()}(${params(decl)}): ${typeText(decl.type)}`, '```', '', doc(sym), '');
    examples(sym, out);
  }

  function renderTypeAlias(sym, decl, out) {
    header(sym, decl, 'type', out);
    out.push(
      '```ts',
      `type ${sym.getName()}${decl.typeParameters ? `<${decl.typeParameters.map((p) => p.getText()).join(', ')}>` : ''} = ${typeText(decl.type)}`,
      '```',
      '',
    );
  }

  function renderVariable(sym, decl, out) {
    header(sym, decl, 'const', out);
    out.push(
      '```ts',
      `const ${sym.getName()}: ${typeText(decl.type) || checker.typeToString(checker.getTypeOfSymbolAtLocation(sym, decl))}`,
      '```',
      '',
    );
  }

  const groups = {
    Constructs: [],
    Charts: [],
    'Value classes': [],
    Functions: [],
    Interfaces: [],
    'Props and options': [],
    Enums: [],
    Types: [],
    Constants: [],
  };
  for (const sym of exported) {
    const decl =
      (sym.declarations || []).find((d) => !ts.isFunctionDeclaration(d) || d.body) || (sym.declarations || [])[0];
    if (!decl) {
      problems.push(`${sym.getName()}: no declaration`);
      continue;
    }
    if (ts.isClassDeclaration(decl)) {
      const ext = (decl.heritageClauses || []).find((h) => h.token === ts.SyntaxKind.ExtendsKeyword);
      const base = ext ? ext.getText() : '';
      (/\bChart\b/.test(base)
        ? groups.Charts
        : /\bConstruct\b/.test(base)
          ? groups.Constructs
          : groups['Value classes']
      ).push([sym, decl, renderClass]);
    } else if (ts.isInterfaceDeclaration(decl))
      (isBehavioural(sym) ? groups.Interfaces : groups['Props and options']).push([sym, decl, renderInterface]);
    else if (ts.isEnumDeclaration(decl)) groups.Enums.push([sym, decl, renderEnum]);
    else if (ts.isFunctionDeclaration(decl))
      groups.Functions.push([sym, (sym.declarations || []).find((d) => !d.body) || decl, renderFunction]);
    else if (ts.isTypeAliasDeclaration(decl)) groups.Types.push([sym, decl, renderTypeAlias]);
    else if (ts.isVariableDeclaration(decl)) groups.Constants.push([sym, decl, renderVariable]);
    else problems.push(`${sym.getName()}: unsupported export kind ${ts.SyntaxKind[decl.kind]}`);
  }

  const out = [
    '# API reference',
    '',
    '<!-- Generated by scripts/api-docs.js from the TSDoc in lib/. Do not edit; run `npm run docs`. -->',
    '',
  ];
  for (const [title, items] of Object.entries(groups)) {
    if (!items.length) continue;
    items.sort((a, b) => a[0].getName().localeCompare(b[0].getName()));
    out.push(`## ${title}`, '', ...items.map(([s]) => `- [${s.getName()}](#${s.getName().toLowerCase()})`), '');
    for (const [s, d, render] of items) render(s, d, out);
  }
  const text =
    out
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trimEnd() + '\n';
  problems.push(...tableProblems(text).map((p) => `generated Markdown, ${p}`));
  return { text, count: exported.length, problems };
}

function main(argv) {
  const opt = (name) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
  const entry = path.resolve(opt('--entry') || path.join(root, 'lib', 'index.ts'));
  const target = path.join(root, 'API.md');
  const { text, count, problems } = generate(entry);
  if (problems.length) {
    console.error(`API rules broken:\n  ${problems.join('\n  ')}`);
    return 1;
  }
  if (argv.includes('--stdout')) {
    process.stdout.write(text);
  } else if (argv.includes('--check')) {
    const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : '';
    if (current !== text) {
      console.error('API.md is out of date: run `npm run docs` and commit it.');
      return 1;
    }
    console.log(`API.md is up to date (${count} exports).`);
  } else {
    fs.writeFileSync(target, text);
    console.log(`wrote API.md (${count} exports)`);
  }
  return 0;
}

module.exports = { code, cell, defaultCell, row, splitCodeSpans, tableProblems, generate };
if (require.main === module) process.exitCode = main(process.argv.slice(2));
