/**
 * The checks of `Hub.extraConfig`, the Python appended verbatim to `jupyterhub_config.py`:
 *
 * - {@link checkPythonBrackets}, at construction, always: every bracket closed by its own kind
 *   and every string closed, with comments, strings (prefixes, triple quotes, escapes, raw
 *   strings) and f-string fields read as Python's tokenizer reads them;
 * - {@link readExtraConfig}, at synthesis (a validation of the Hub), where a `python3` is on
 *   the PATH: Python's own `compile()` of the text, which finds every other syntax error, and
 *   `ast.parse()`, which finds the `c.<Class>.<trait> =` it assigns (the hub refuses those that
 *   replace what the library sets). It runs nothing of the text. Without a `python3` (or with a
 *   program of that name that does not answer as the script below does) it finds no syntax
 *   error, and the assignments by a scan of the top-level lines.
 * @internal
 */
import { spawnSync } from 'child_process';
import { fail, show } from '../core/validate';

/** A syntax error found: its line (1-based) and what is wrong there. */
interface PythonError {
  readonly line: number;
  readonly message: string;
}

const CLOSES: { readonly [closer: string]: string } = { ')': '(', ']': '[', '}': '{' };
const STRING_START = /^([rRbBuUfF]{1,2})?('''|"""|'|")/;

/** The state of a scan: where it is, and on which line. */
interface Cursor {
  i: number;
  line: number;
}

/**
 * Scans code from `at` to the end, or (in an f-string field, `field`) to the '}' that closes the
 * field; returns the first error.
 */
function scanCode(src: string, at: Cursor, field: boolean): PythonError | undefined {
  const open: { char: string; line: number }[] = [];
  while (at.i < src.length) {
    const c = src[at.i];
    if (c === '#') {
      while (at.i < src.length && src[at.i] !== '\n') at.i++;
    } else if (c === '\n') {
      at.line++;
      at.i++;
    } else if (c === '\\' && src[at.i + 1] === '\n') {
      at.line++;
      at.i += 2;
    } else if (/[A-Za-z0-9_]/.test(c)) {
      const start = STRING_START.exec(src.slice(at.i, at.i + 5));
      if (start !== null && (at.i === 0 || !/[A-Za-z0-9_]/.test(src[at.i - 1]))) {
        const error = scanString(src, at, start[1] ?? '', start[2]);
        if (error) return error;
      } else at.i++;
    } else if (c === "'" || c === '"') {
      const error = scanString(src, at, '', STRING_START.exec(src.slice(at.i, at.i + 3))![2]);
      if (error) return error;
    } else if ('([{'.includes(c)) {
      open.push({ char: c, line: at.line });
      at.i++;
    } else if (c in CLOSES) {
      if (field && c === '}' && open.length === 0) return undefined;
      const last = open.pop();
      if (last === undefined) return { line: at.line, message: `'${c}' closes nothing` };
      if (last.char !== CLOSES[c])
        return { line: at.line, message: `'${c}' does not close the '${last.char}' of line ${last.line}` };
      at.i++;
    } else at.i++;
  }
  const last = open.pop();
  return last === undefined ? undefined : { line: last.line, message: `'${last.char}' is never closed` };
}

/** Scans a string literal at `at` (its prefix and opening quote there); returns an error, if any. */
function scanString(src: string, at: Cursor, prefix: string, quote: string): PythonError | undefined {
  const startLine = at.line;
  const unclosed = {
    line: startLine,
    message: 'the string that starts here is never closed (a closing quote missing, or escaped by a backslash)',
  };
  const fString = /f/i.test(prefix);
  at.i += prefix.length + quote.length;
  while (at.i < src.length) {
    const c = src[at.i];
    if (src.startsWith(quote, at.i)) {
      at.i += quote.length;
      return undefined;
    }
    if (c === '\\') {
      if (src[at.i + 1] === '\n') at.line++;
      at.i += 2;
    } else if (c === '\n') {
      if (quote.length === 1) return unclosed;
      at.line++;
      at.i++;
    } else if (fString && c === '{' && src[at.i + 1] !== '{') {
      at.i++;
      const error = scanCode(src, at, true);
      if (error) return error;
      at.i++; // the field's '}'
    } else at.i += fString && (c === '{' || c === '}') && src[at.i + 1] === c ? 2 : 1;
  }
  return unclosed;
}

/** The text of line `n` (1-based) of `src`. */
function lineOf(src: string, n: number): string {
  return src.split('\n')[n - 1] ?? '';
}

/** Fails on a bracket or quote error of `src` (Python), naming its line. */
export function checkPythonBrackets(prop: string, src: string): string {
  const error = scanCode(src, { i: 0, line: 1 }, false);
  if (error !== undefined) {
    fail(
      prop,
      lineOf(src, error.line),
      `line ${error.line}: ${error.message}; it is Python appended to jupyterhub_config.py, so the hub would not start: fix the Python`,
    );
  }
  return src;
}

/**
 * Compiles stdin; prints the SyntaxError, or the `c.<Class>.<trait>` it assigns (with `=`, not a
 * mutation such as `.update()`), as JSON. Runs nothing of what it compiles and parses.
 */
const COMPILE_SCRIPT = [
  'import ast, json, sys, warnings',
  'warnings.simplefilter("ignore")',
  'src = sys.stdin.buffer.read().decode("utf-8")',
  'version = sys.version.split()[0]',
  'try:',
  '    compile(src, "extraConfig", "exec", dont_inherit=True)',
  '    tree = ast.parse(src)',
  'except SyntaxError as e:',
  '    print(json.dumps({"line": e.lineno or 1, "msg": e.msg, "version": version}))',
  'except ValueError as e:',
  '    print(json.dumps({"line": 1, "msg": str(e), "version": version}))',
  'else:',
  '    assigns = []',
  '    for node in ast.walk(tree):',
  '        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []',
  '        for t in targets:',
  '            for e in t.elts if isinstance(t, (ast.Tuple, ast.List)) else [t]:',
  '                v = getattr(e, "value", None)',
  '                if isinstance(e, ast.Attribute) and isinstance(v, ast.Attribute) and isinstance(v.value, ast.Name) and v.value.id == "c":',
  '                    assigns.append({"line": e.lineno, "cls": v.attr, "trait": e.attr})',
  '    print(json.dumps({"assigns": assigns, "version": version}))',
].join('\n');

/** A `c.<cls>.<trait> = ...` of the text, at its line (1-based). */
export interface TraitAssignment {
  readonly line: number;
  readonly cls: string;
  readonly trait: string;
}

/** What a reading of `extraConfig` found: its syntax errors, as validation messages, and its trait assignments. */
export interface ExtraConfigReading {
  readonly syntaxErrors: string[];
  readonly assigns: TraitAssignment[];
  /** Whether python3 read it (else: no syntax check, and the assignments from a scan of its lines). */
  readonly byPython: boolean;
}

/**
 * The assignments a scan of the lines finds where no python3 is (the fallback, as for the syntax:
 * the construction's bracket check): the top-level lines `c.<Class>.<trait> = ...`.
 */
function scanAssignments(src: string): TraitAssignment[] {
  return src.split('\n').flatMap((text, i) => {
    const m = /^c\.([A-Za-z_][A-Za-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_]*)\s*(:[^=]*)?=(?!=)/.exec(text);
    return m === null ? [] : [{ line: i + 1, cls: m[1], trait: m[2] }];
  });
}

/**
 * Reads `src` with python3's `compile()` and `ast.parse()` where a `python3` answers: its syntax
 * errors and its trait assignments; else the assignments a scan of its lines finds. One
 * synchronous child process, waited for to its end.
 */
export function readExtraConfig(prop: string, src: string): ExtraConfigReading {
  const r = spawnSync('python3', ['-c', COMPILE_SCRIPT], {
    input: src,
    encoding: 'utf8',
    env: { ...process.env, PYTHONIOENCODING: 'utf-8', PYTHONDONTWRITEBYTECODE: '1' },
  });
  const out = (r.stdout ?? '').trim().split('\n').pop() ?? '';
  const fallback = { syntaxErrors: [], assigns: scanAssignments(src), byPython: false };
  if (r.error !== undefined || r.status !== 0 || !out.startsWith('{')) return fallback;
  let found: { line?: number; msg?: string; version: string; assigns?: TraitAssignment[] };
  try {
    found = JSON.parse(out);
  } catch {
    return fallback;
  }
  if (found.assigns !== undefined) return { syntaxErrors: [], assigns: found.assigns, byPython: true };
  const fix = `line ${found.line}: ${found.msg} (python3 ${found.version}'s compile() on this machine); it is Python appended to jupyterhub_config.py, so the hub would not start: fix the Python`;
  return {
    syntaxErrors: [`Invalid '${prop}' (${show(lineOf(src, found.line ?? 1))}): ${fix}`],
    assigns: [],
    byPython: true,
  };
}

/** The text of line `n` (1-based) of `src`, for messages. */
export function extraConfigLine(src: string, n: number): string {
  return lineOf(src, n);
}
