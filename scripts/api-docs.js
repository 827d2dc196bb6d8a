#!/usr/bin/env node
/*
 * Generates API.md from the TSDoc of everything lib/index.ts exports, with the TypeScript
 * compiler API. Also enforces the public-API rules: every export and every public member has a
 * doc comment, every optional prop has @default, props interfaces are readonly and use no union
 * types or generics (a jsii binding stays possible).
 *   node scripts/api-docs.js          write API.md
 *   node scripts/api-docs.js --check  exit 1 if API.md is stale or a rule is broken
 */
'use strict';
const fs = require('fs');
const path = require('path');
const ts = require('typescript');

const root = path.resolve(__dirname, '..');
const entry = path.join(root, 'lib', 'index.ts');
const target = path.join(root, 'API.md');

const program = ts.createProgram([entry], { strict: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, skipLibCheck: true });
const checker = program.getTypeChecker();
const problems = [];

const doc = (sym) => ts.displayPartsToString(sym.getDocumentationComment(checker)).trim();
const tags = (sym) => sym.getJsDocTags(checker).map((t) => ({ name: t.name, text: ts.displayPartsToString(t.text || []).trim() }));
const tag = (sym, name) => tags(sym).find((t) => t.name === name);
const isInternal = (sym) => sym.getName().startsWith('_') || !!tag(sym, 'internal');
const typeText = (node) => (node ? node.getText().replace(/\s+/g, ' ') : '');
const oneLine = (s) => s.replace(/\n+/g, ' ');
const sourceLink = (decl) => path.relative(root, decl.getSourceFile().fileName);

function requireDoc(sym, where) {
  if (!doc(sym)) problems.push(`${where}: no doc comment`);
}

function renderClass(sym, decl, out) {
  out.push(`### ${sym.getName()}`, '', `*class* — \`${sourceLink(decl)}\``, '');
  requireDoc(sym, sym.getName());
  if (decl.heritageClauses) out.push(`Extends \`${decl.heritageClauses.map((h) => h.types.map((t) => t.getText()).join(', ')).join(', ')}\`.`, '');
  out.push(doc(sym), '');
  for (const ex of tags(sym).filter((t) => t.name === 'example')) out.push('```ts', ex.text, '```', '');
  const ctor = decl.members.find(ts.isConstructorDeclaration);
  if (ctor && !(ts.getCombinedModifierFlags(ctor) & ts.ModifierFlags.Private)) {
    out.push('```ts', `new ${sym.getName()}(${ctor.parameters.map((p) => p.getText().replace(/\s+/g, ' ')).join(', ')})`, '```', '');
  }
  const rows = [];
  for (const m of decl.members) {
    if (ts.isConstructorDeclaration(m) || !m.name) continue;
    const flags = ts.getCombinedModifierFlags(m);
    if (flags & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) continue;
    const msym = checker.getSymbolAtLocation(m.name);
    if (!msym || isInternal(msym)) continue;
    const isStatic = !!(flags & ts.ModifierFlags.Static);
    const where = `${sym.getName()}.${msym.getName()}`;
    requireDoc(msym, where);
    let signature;
    if (ts.isMethodDeclaration(m)) signature = `${isStatic ? 'static ' : ''}${msym.getName()}(${m.parameters.map((p) => p.getText().replace(/\s+/g, ' ')).join(', ')}): ${typeText(m.type)}`;
    else if (ts.isGetAccessor(m)) signature = `${isStatic ? 'static ' : ''}get ${msym.getName()}: ${typeText(m.type)}`;
    else signature = `${isStatic ? 'static ' : ''}${flags & ts.ModifierFlags.Readonly ? 'readonly ' : ''}${msym.getName()}: ${typeText(m.type) || checker.typeToString(checker.getTypeOfSymbolAtLocation(msym, m))}`;
    rows.push(`| \`${signature.replace(/\|/g, '\\|')}\` | ${oneLine(doc(msym))} |`);
  }
  if (rows.length) out.push('| member | description |', '| --- | --- |', ...rows, '');
}

function renderInterface(sym, decl, out) {
  out.push(`### ${sym.getName()}`, '', `*interface* — \`${sourceLink(decl)}\``, '');
  requireDoc(sym, sym.getName());
  if (decl.heritageClauses) out.push(`Extends \`${decl.heritageClauses.map((h) => h.types.map((t) => t.getText()).join(', ')).join(', ')}\`.`, '');
  out.push(doc(sym), '');
  if (decl.typeParameters) problems.push(`${sym.getName()}: generics in a props interface`);
  const rows = [];
  for (const m of decl.members) {
    if (!ts.isPropertySignature(m)) continue;
    const msym = checker.getSymbolAtLocation(m.name);
    const where = `${sym.getName()}.${msym.getName()}`;
    requireDoc(msym, where);
    if (!(ts.getCombinedModifierFlags(m) & ts.ModifierFlags.Readonly)) problems.push(`${where}: not readonly`);
    if (m.type && ts.isUnionTypeNode(m.type)) problems.push(`${where}: union type '${typeText(m.type)}'`);
    const def = tag(msym, 'default');
    if (m.questionToken && !def) problems.push(`${where}: optional without @default`);
    rows.push(`| \`${msym.getName()}${m.questionToken ? '?' : ''}\` | \`${typeText(m.type).replace(/\|/g, '\\|')}\` | ${def ? `\`${def.text.replace(/\|/g, '\\|')}\`` : m.questionToken ? '' : '*required*'} | ${oneLine(doc(msym))} |`);
  }
  if (rows.length) out.push('| prop | type | default | description |', '| --- | --- | --- | --- |', ...rows, '');
}

function renderEnum(sym, decl, out) {
  out.push(`### ${sym.getName()}`, '', `*enum* — \`${sourceLink(decl)}\``, '');
  requireDoc(sym, sym.getName());
  out.push(doc(sym), '', '| member | value | description |', '| --- | --- | --- |');
  for (const m of decl.members) {
    const msym = checker.getSymbolAtLocation(m.name);
    requireDoc(msym, `${sym.getName()}.${msym.getName()}`);
    out.push(`| \`${msym.getName()}\` | \`${m.initializer ? m.initializer.getText() : ''}\` | ${oneLine(doc(msym))} |`);
  }
  out.push('');
}

function renderFunction(sym, decl, out) {
  out.push(`### ${sym.getName()}`, '', `*function* — \`${sourceLink(decl)}\``, '');
  requireDoc(sym, sym.getName());
  out.push('```ts', `${sym.getName()}(${decl.parameters.map((p) => p.getText()).join(', ')}): ${typeText(decl.type)}`, '```', '', doc(sym), '');
  for (const ex of tags(sym).filter((t) => t.name === 'example')) out.push('```ts', ex.text, '```', '');
}

const moduleSym = checker.getSymbolAtLocation(program.getSourceFile(entry));
const exported = checker.getExportsOfModule(moduleSym).map((s) => (s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s));
const groups = { Constructs: [], Charts: [], 'Value classes': [], Functions: [], 'Props and options': [], Enums: [] };
for (const sym of exported) {
  const decl = sym.declarations[0];
  const isConstruct = ts.isClassDeclaration(decl) && decl.heritageClauses && /\b(Construct|Chart)\b/.test(decl.heritageClauses[0].getText());
  if (ts.isClassDeclaration(decl)) {
    (isConstruct ? (/Chart\b/.test(decl.heritageClauses[0].getText()) ? groups.Charts : groups.Constructs) : groups['Value classes']).push([sym, decl, renderClass]);
  } else if (ts.isInterfaceDeclaration(decl)) groups['Props and options'].push([sym, decl, renderInterface]);
  else if (ts.isEnumDeclaration(decl)) groups.Enums.push([sym, decl, renderEnum]);
  else if (ts.isFunctionDeclaration(decl)) groups.Functions.push([sym, decl, renderFunction]);
  else problems.push(`${sym.getName()}: unsupported export kind`);
}

const out = ['# API reference', '', '<!-- Generated by scripts/api-docs.js from the TSDoc in lib/. Do not edit; run `npm run docs`. -->', ''];
for (const [title, items] of Object.entries(groups)) {
  if (!items.length) continue;
  items.sort((a, b) => a[0].getName().localeCompare(b[0].getName()));
  out.push(`## ${title}`, '', ...items.map(([s]) => `- [${s.getName()}](#${s.getName().toLowerCase()})`), '');
  for (const [s, d, render] of items) render(s, d, out);
}
const text = out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd() + '\n';

if (problems.length) {
  console.error(`API rules broken:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
if (process.argv.includes('--check')) {
  const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : '';
  if (current !== text) {
    console.error('API.md is out of date: run `npm run docs` and commit it.');
    process.exit(1);
  }
  console.log(`API.md is up to date (${exported.length} exports).`);
} else {
  fs.writeFileSync(target, text);
  console.log(`wrote API.md (${exported.length} exports)`);
}
