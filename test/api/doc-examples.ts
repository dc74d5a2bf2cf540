/**
 * Extracting and running the `@example` blocks of the doc comments in src/ (used by
 * examples-in-docs.test.ts). The conventions an example follows:
 *
 * - It is TypeScript, run as the body of an async function. In scope: every namespace of the public
 *   API (`linalg`, `theory`, …), every value exported through it by its plain name (`Matrix`,
 *   `exactSolution`, …), and the exports of the module the comment is in (they win). `import`
 *   lines are honoured: `'lazyrich'`, `'lazyrich/<namespace>'`, `'lazyrich/node'`, or a path relative
 *   to the file or to src/.
 * - `expr; // → value (remark)` checks the value of a one-line expression statement (or of the variable
 *   declared on that line: `const x = expr; // → value`). The value is a literal: number, string,
 *   boolean, null, array or object (an object lists the keys it checks). A number with decimals is the
 *   value rounded to the digits shown (±½ unit of the last); an integer matches to 1e-9 relative;
 *   `≈ value` allows 1 % relative.
 *   Typed arrays and matrices compare as (nested) arrays.
 * - A line that is only `// → value` states the value of the one-line statement just above it.
 * - `console.log(…); // prints text` checks what the call printed (numbers as above).
 * - `stmt; // throws Text` checks that the statement throws an error whose class name or message
 *   contains Text.
 * - A fenced block (```ts … ```) inside the example is the code; text outside fences is prose.
 */
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve as resolvePath } from 'node:path';
import { pathToFileURL } from 'node:url';
import { inspect } from 'node:util';
import ts from 'typescript';

export const ROOT = new URL('../../', import.meta.url).pathname;
export const SRC = join(ROOT, 'src');

/** One `@example` block. */
export interface DocExample {
  /** File relative to the repository root. */
  file: string;
  /** 1-based line of the `@example` tag. */
  line: number;
  /** The code (comment markers stripped), lines aligned with `lines`. */
  code: string;
  /** The 1-based source line of each code line. */
  lines: number[];
}

export function sourceFiles(dir = SRC): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** Every `@example` of every doc comment of a file. */
export function extractExamples(path: string): DocExample[] {
  const text = readFileSync(path, 'utf8');
  const file = relative(ROOT, path);
  const out: DocExample[] = [];
  const comment = /\/\*\*[\s\S]*?\*\//g;
  for (let m = comment.exec(text); m !== null; m = comment.exec(text)) {
    const startLine = text.slice(0, m.index).split('\n').length;
    const body = m[0].replace(/^\/\*\*/, '').replace(/\*\/$/, '');
    const rawLines = body.split('\n').map((l) => l.replace(/^\s*\* ?/, '').replace(/^\s*\*$/, ''));
    // rawLines[0] is the text right after `/**` (line startLine).
    let current: { line: number; code: string[]; lines: number[] } | undefined;
    const flush = (): void => {
      if (current) {
        const ex = fromTagContent(file, current.line, current.code, current.lines);
        if (ex) out.push(ex);
      }
      current = undefined;
    };
    rawLines.forEach((l, i) => {
      const lineNo = startLine + i;
      const tag = /^\s*@(\w+)\s?(.*)$/.exec(l);
      if (tag && !insideFence(current)) {
        flush();
        if (tag[1] === 'example') current = { line: lineNo, code: [tag[2]], lines: [lineNo] };
        return;
      }
      if (current) {
        current.code.push(l);
        current.lines.push(lineNo);
      }
    });
    flush();
  }
  return out;
}

function insideFence(current: { code: string[] } | undefined): boolean {
  if (!current) return false;
  return current.code.filter((l) => /^\s*```/.test(l)).length % 2 === 1;
}

function fromTagContent(file: string, line: number, code: string[], lines: number[]): DocExample | undefined {
  let keep: boolean[];
  if (code.some((l) => /^\s*```/.test(l))) {
    // Only the fenced code runs; the fence lines themselves are blanked.
    let inside = false;
    keep = code.map((l) => {
      if (/^\s*```/.test(l)) {
        inside = !inside;
        return false;
      }
      return inside;
    });
  } else {
    keep = code.map(() => true);
  }
  const kept = code.map((l, i) => (keep[i] ? l : ''));
  while (kept.length > 0 && kept[kept.length - 1].trim() === '') {
    kept.pop();
    lines = lines.slice(0, kept.length);
  }
  if (kept.every((l) => l.trim() === '')) return undefined;
  return { file, line, code: kept.join('\n'), lines: lines.slice(0, kept.length) };
}

// ---------------------------------------------------------------------------------------------
// Expected values

type Expected =
  | { kind: 'number'; value: number; text: string; approx: boolean }
  | { kind: 'string'; value: string }
  | { kind: 'literal'; value: boolean | null | undefined }
  | { kind: 'array'; items: Expected[] }
  | { kind: 'object'; entries: [string, Expected][] };

/** Parses the literal of a `// → value` comment. */
export function parseExpected(text: string): Expected {
  let i = 0;
  const s = text.trim();
  let approx = false;
  if (s.startsWith('≈')) {
    approx = true;
    i = 1;
  }
  const ws = (): void => {
    while (i < s.length && /\s/.test(s[i])) i++;
  };
  const fail = (why: string): never => {
    throw new Error(`cannot read the expected value ${JSON.stringify(text)}: ${why} at column ${i}`);
  };
  const value = (): Expected => {
    ws();
    const c = s[i];
    if (c === '[') {
      i++;
      const items: Expected[] = [];
      ws();
      if (s[i] === ']') {
        i++;
        return { kind: 'array', items };
      }
      for (;;) {
        items.push(value());
        ws();
        if (s[i] === ',') {
          i++;
          ws();
          if (s[i] === ']') {
            i++;
            break;
          }
          continue;
        }
        if (s[i] === ']') {
          i++;
          break;
        }
        fail('expected , or ]');
      }
      return { kind: 'array', items };
    }
    if (c === '{') {
      i++;
      const entries: [string, Expected][] = [];
      ws();
      if (s[i] === '}') {
        i++;
        return { kind: 'object', entries };
      }
      for (;;) {
        ws();
        let key: string;
        if (s[i] === '"' || s[i] === "'") key = str();
        else {
          const k = /^[A-Za-z_$][\w$]*/.exec(s.slice(i));
          if (!k) fail('expected a key');
          key = k![0];
          i += key.length;
        }
        ws();
        if (s[i] !== ':') fail('expected :');
        i++;
        entries.push([key, value()]);
        ws();
        if (s[i] === ',') {
          i++;
          ws();
          if (s[i] === '}') {
            i++;
            break;
          }
          continue;
        }
        if (s[i] === '}') {
          i++;
          break;
        }
        fail('expected , or }');
      }
      return { kind: 'object', entries };
    }
    if (c === '"' || c === "'") return { kind: 'string', value: str() };
    for (const [word, v] of [
      ['true', true],
      ['false', false],
      ['null', null],
      ['undefined', undefined],
    ] as const) {
      if (s.startsWith(word, i)) {
        i += word.length;
        return { kind: 'literal', value: v };
      }
    }
    const n = /^[-+]?(?:Infinity|NaN|(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?)/i.exec(s.slice(i));
    if (n) {
      i += n[0].length;
      return { kind: 'number', value: Number(n[0]), text: n[0], approx };
    }
    return fail('expected a literal');
  };
  const str = (): string => {
    const q = s[i];
    let j = i + 1;
    let out = '';
    while (j < s.length && s[j] !== q) {
      if (s[j] === '\\') j++;
      out += s[j];
      j++;
    }
    if (j >= s.length) fail('unterminated string');
    i = j + 1;
    return out;
  };
  const v = value();
  ws();
  // A parenthesised remark may follow the value: `// → 0.5 (task A forgotten)`.
  if (i !== s.length && !(s[i] === '(' && s.endsWith(')'))) fail('unexpected text after the value');
  return v;
}

/** Tolerance of a number as written: rounded to the digits shown, ±½ unit of the last (integers: 1e-9 relative). */
function tolerance(e: Extract<Expected, { kind: 'number' }>): number {
  if (!Number.isFinite(e.value)) return 0;
  const m = /^[-+]?(\d*)(?:\.(\d*))?(?:e([-+]?\d+))?$/i.exec(e.text)!;
  const decimals = m[2]?.length ?? 0;
  const exponent = m[3] === undefined ? 0 : Number(m[3]);
  let tol = m[2] === undefined && m[3] === undefined ? 1e-9 * Math.max(1, Math.abs(e.value)) : 0.5 * 10 ** (exponent - decimals);
  if (e.approx) tol = Math.max(tol, 1e-2 * Math.abs(e.value));
  return tol * (1 + 1e-9);
}

function plain(x: unknown): unknown {
  if (ArrayBuffer.isView(x) && !(x instanceof DataView)) return Array.from(x as unknown as ArrayLike<number>);
  if (x !== null && typeof x === 'object' && typeof (x as { toArray?: unknown }).toArray === 'function' && 'rows' in x && 'cols' in x) {
    return (x as unknown as { toArray(): number[][] }).toArray();
  }
  return x;
}

/** Why `actual` does not match `expected`, or undefined when it does. */
export function mismatch(actual: unknown, expected: Expected, path = 'value'): string | undefined {
  const a = plain(actual);
  switch (expected.kind) {
    case 'number': {
      if (typeof a !== 'number') return `${path}: expected the number ${expected.text}, got ${show(a)}`;
      if (Number.isNaN(expected.value)) return Number.isNaN(a) ? undefined : `${path}: expected NaN, got ${a}`;
      const tol = tolerance(expected);
      return Math.abs(a - expected.value) <= tol || a === expected.value
        ? undefined
        : `${path}: expected ${expected.approx ? '≈ ' : ''}${expected.text} (±${tol.toPrecision(2)}), got ${a}`;
    }
    case 'string':
      return a === expected.value ? undefined : `${path}: expected ${JSON.stringify(expected.value)}, got ${show(a)}`;
    case 'literal':
      return a === expected.value ? undefined : `${path}: expected ${String(expected.value)}, got ${show(a)}`;
    case 'array': {
      if (!Array.isArray(a)) return `${path}: expected an array, got ${show(a)}`;
      if (a.length !== expected.items.length) return `${path}: expected ${expected.items.length} entries, got ${a.length}: ${show(a)}`;
      for (let k = 0; k < a.length; k++) {
        const why = mismatch(a[k], expected.items[k], `${path}[${k}]`);
        if (why) return why;
      }
      return undefined;
    }
    case 'object': {
      if (a === null || typeof a !== 'object') return `${path}: expected an object, got ${show(a)}`;
      for (const [key, e] of expected.entries) {
        const why = mismatch((a as Record<string, unknown>)[key], e, `${path}.${key}`);
        if (why) return why;
      }
      return undefined;
    }
  }
}

function show(x: unknown): string {
  return inspect(x, { depth: 3, maxArrayLength: 12, breakLength: Infinity });
}

/** Compares printed text with the expected text: numbers as in {@link mismatch}, the rest verbatim. */
export function printedMismatch(printed: string, expectedText: string): string | undefined {
  const num = /[-+]?(?:Infinity|(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?)/gi;
  const split = (s: string): { words: string[]; numbers: string[] } => ({
    words: s.split(num).map((w) => w.replace(/\s+/g, ' ').trim()),
    numbers: s.match(num) ?? [],
  });
  let exp = expectedText.trim();
  let approx = false;
  if (exp.startsWith('≈')) {
    approx = true;
    exp = exp.slice(1);
  }
  const a = split(printed.trim());
  const e = split(exp);
  if (a.numbers.length !== e.numbers.length || a.words.join('#') !== e.words.join('#')) {
    return `printed ${JSON.stringify(printed.trim())}, expected ${JSON.stringify(expectedText.trim())}`;
  }
  for (let k = 0; k < e.numbers.length; k++) {
    const why = mismatch(Number(a.numbers[k]), { kind: 'number', value: Number(e.numbers[k]), text: e.numbers[k].replace(/^\+/, ''), approx }, `number ${k + 1}`);
    if (why) return `printed ${JSON.stringify(printed.trim())}: ${why}`;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Turning an example into a function

const CHECK = /^(\s*)(.*?)\s*\/\/\s*(→|prints\b|throws\b)\s*(.*)$/;

/**
 * Rewrites the example: `import` lines become dynamic imports, and the `// →`, `// prints`,
 * `// throws` lines become checks. Returns TypeScript (an async function body).
 */
export function instrument(ex: DocExample): string {
  const src = ex.code.split('\n');
  const out: string[] = [];
  for (let k = 0; k < src.length; k++) {
    let l = src[k];
    const lineNo = ex.lines[k];
    // import … from '…' (possibly over several lines)
    if (/^\s*import\s/.test(l)) {
      let stmt = l;
      while (!/from\s+['"][^'"]+['"]\s*;?\s*(\/\/.*)?$/.test(stmt) && k + 1 < src.length) {
        k++;
        stmt += ` ${src[k]}`;
        out.push('');
      }
      out.push(rewriteImport(stmt, ex));
      continue;
    }
    // A line that is only `// → value` states the value of the statement on the line before.
    const alone = /^\s*\/\/\s*→\s*(.*)$/.exec(l);
    if (alone) {
      let j = out.length - 1;
      while (j >= 0 && out[j].trim() === '') j--;
      if (j >= 0 && /;\s*$/.test(out[j]) && !out[j].includes('//') && !/^\s*(import|export|if|for|while|return|\}|__)/.test(out[j])) {
        const prevLine = ex.lines[j] ?? lineNo;
        out[j] = rewriteCheck(`${out[j]} // → ${alone[1]}`, prevLine, ex) ?? out[j];
      }
      out.push(l);
      continue;
    }
    const rewritten = rewriteCheck(l, lineNo, ex);
    if (rewritten !== undefined) l = rewritten;
    out.push(l);
  }
  return out.join('\n');
}

/** The check a `code // → value` (or `// prints`, `// throws`) line becomes; undefined for other lines. */
function rewriteCheck(l: string, lineNo: number, ex: DocExample): string | undefined {
  {
    const m = CHECK.exec(l);
    if (m && m[2].trim() !== '' && !m[2].trim().startsWith('//')) {
      const [, indent, codeRaw, kind, rest] = m;
      const code = codeRaw.replace(/;\s*$/, '');
      const at = JSON.stringify(`${ex.file}:${lineNo}`);
      if (kind === '→') {
        const decl = /^(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::[^=]+)?=\s*([\s\S]+)$/.exec(code);
        if (decl) l = `${indent}${code}; __check(${decl[1]}, ${JSON.stringify(rest)}, ${at});`;
        else l = `${indent}__check((${code}), ${JSON.stringify(rest)}, ${at});`;
      } else if (kind.startsWith('prints')) {
        l = `${indent}__printed.length = 0; ${code}; __checkPrinted(${JSON.stringify(rest)}, ${at});`;
      } else {
        l = `${indent}await __throws(async () => { ${code}; }, ${JSON.stringify(rest)}, ${at});`;
      }
      return l;
    }
  }
  return undefined;
}

function rewriteImport(stmt: string, ex: DocExample): string {
  const s = stmt.replace(/\/\/.*$/, '').trim();
  if (/^import\s+type\s/.test(s)) return '';
  const m = /^import\s+([\s\S]+?)\s+from\s+['"]([^'"]+)['"]\s*;?$/.exec(s);
  if (!m) {
    const bare = /^import\s+['"]([^'"]+)['"]\s*;?$/.exec(s);
    if (bare) return `await __import(${JSON.stringify(bare[1])}, ${JSON.stringify(ex.file)});`;
    throw new Error(`${ex.file}:${ex.line}: cannot read the import ${JSON.stringify(stmt)}`);
  }
  const [, clause, spec] = m;
  const mod = `await __import(${JSON.stringify(spec)}, ${JSON.stringify(ex.file)})`;
  const ns = /^\*\s+as\s+([\w$]+)$/.exec(clause.trim());
  if (ns) return `const ${ns[1]} = ${mod};`;
  const named = /^\{([\s\S]*)\}$/.exec(clause.trim());
  if (named) {
    const parts = named[1]
      .split(',')
      .map((p) => p.trim())
      .filter((p) => p !== '' && !p.startsWith('type '))
      .map((p) => p.replace(/\s+as\s+/, ': '));
    return parts.length === 0 ? '' : `const { ${parts.join(', ')} } = ${mod};`;
  }
  throw new Error(`${ex.file}:${ex.line}: unsupported import form ${JSON.stringify(stmt)}`);
}

/** Resolves an example's import specifier to a file URL. */
export function resolveImport(spec: string, file: string): string {
  let path: string | undefined;
  if (spec === 'lazyrich') path = join(SRC, 'index.ts');
  else if (spec === 'lazyrich/node') path = join(SRC, 'index.node.ts');
  else if (spec.startsWith('lazyrich/')) path = join(SRC, 'api', `${spec.slice('lazyrich/'.length)}.ts`);
  else if (spec.startsWith('.')) {
    const ts = spec.replace(/\.js$/, '.ts');
    const candidates = [resolvePath(dirname(join(ROOT, file)), ts), resolvePath(SRC, ts)];
    path = candidates.find((p) => existsSync(p));
    if (!path) throw new Error(`import ${JSON.stringify(spec)}: no such module relative to ${file} or to src/`);
  } else {
    return spec; // a package
  }
  if (!existsSync(path)) throw new Error(`import ${JSON.stringify(spec)}: ${relative(ROOT, path)} does not exist`);
  return pathToFileURL(path).href;
}

/** Compiles the instrumented example to JavaScript (an async function taking the scope). */
export function compile(ex: DocExample, scopeNames: readonly string[]): (...args: unknown[]) => Promise<unknown> {
  const body = instrument(ex);
  const wrapped = `async function __example(${scopeNames.join(', ')}) {{\n${body}\n}}`;
  const js = ts.transpileModule(wrapped, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, verbatimModuleSyntax: false, isolatedModules: true },
    reportDiagnostics: true,
    fileName: 'example.ts',
  });
  const syntax = (js.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (syntax.length > 0) {
    throw new Error(`syntax: ${syntax.map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' ')).join('; ')}`);
  }
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  return new Function(`${js.outputText}\nreturn __example;`)() as (...args: unknown[]) => Promise<unknown>;
}
