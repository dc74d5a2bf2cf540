/**
 * From zod issues to one plain sentence: `init.lambda: expected a number, got "abc"`.
 *
 * Rules (each message starts with the config path, then what was expected and what was given):
 * - wrong type → `expected a number, got "abc"`; NaN/±Infinity → `expected a finite number, got NaN`;
 * - missing field → `missing required field; expected …`;
 * - unknown key → `unknown key; did you mean "lambda"?` (closest known key by edit distance), or
 *   the list of allowed keys when nothing is close;
 * - unknown kind → `unknown kind "x"; known kinds: …` (with a suggestion when one is close);
 * - enums → the allowed values; bounds → `expected a positive integer, got -5`;
 * - refinements (ragged matrices, training requirements) carry their own sentence.
 * When a document has several problems the first is reported, unknown keys first (a misspelt key
 * also makes the intended key "missing", and the misspelling is the useful message).
 * @module
 */
import type { z } from 'zod';
import { ConfigError } from '../errors/index.js';

type Issue = z.core.$ZodIssue;
type Path = ReadonlyArray<PropertyKey>;

/** `init.W1[1][0]` from `['init', 'W1', 1, 0]`; `(document)` for the root. */
export function formatPath(path: Path): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(document)' : out;
}

/** The value at `path` in `root`, or undefined. */
export function valueAt(root: unknown, path: Path): unknown {
  let v: unknown = root;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key as string];
  }
  return v;
}

/** A short description of a given value for "got …". */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return 'NaN';
    if (!Number.isFinite(v)) return v > 0 ? 'Infinity' : '-Infinity';
    return String(v);
  }
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 37)}...` : v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.length === 0 ? 'an empty array' : `an array of length ${v.length}`;
  if (typeof v === 'object') return 'an object';
  return typeof v;
}

const EXPECTED: Record<string, string> = {
  number: 'a number',
  int: 'an integer',
  string: 'a string',
  boolean: 'true or false',
  object: 'an object',
  array: 'an array',
  null: 'null',
};

/** Edit distance with adjacent transpositions (optimal string alignment), case-insensitive. */
export function editDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  const m = x.length;
  const n = y.length;
  const d: number[][] = Array.from({ length: m + 1 }, (_, i) => Array.from({ length: n + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= m; i++) {
    for (let j = 1; j <= n; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[m][n];
}

/** The closest candidate to `word` when it is close enough to be a likely typo (≤ 1/3 of its length, at least 1 edit allowed). */
export function closestMatch(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = editDistance(word, c);
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  const limit = Math.max(1, Math.floor(Math.max(word.length, 3) / 3));
  if (best !== undefined && (bestD <= limit || best.toLowerCase().startsWith(word.toLowerCase()) || word.toLowerCase().startsWith(best.toLowerCase()))) {
    return best;
  }
  return undefined;
}

// ---- schema walking (to list the keys an object accepts) ----

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  element?: z.ZodType;
  options?: z.ZodType[];
  discriminator?: string;
  in?: z.ZodType;
}

function defOf(s: z.ZodType): Def {
  return (s as unknown as { _zod: { def: Def } })._zod.def;
}

/** Unwraps optional/default/nullable/pipe wrappers; picks a discriminated-union member by the value's discriminator. */
function resolve(s: z.ZodType, value: unknown): z.ZodType | undefined {
  for (let guard = 0; guard < 20; guard++) {
    const def = defOf(s);
    if ((def.type === 'optional' || def.type === 'default' || def.type === 'nullable' || def.type === 'readonly') && def.innerType) s = def.innerType;
    else if (def.type === 'pipe' && def.in) s = def.in;
    else if (def.type === 'union' && def.options) {
      const disc = def.discriminator;
      if (disc === undefined || value === null || typeof value !== 'object') return undefined;
      const k = (value as Record<string, unknown>)[disc];
      const hit = def.options.find((o) => {
        const sh = defOf(o).shape;
        const lit = sh?.[disc] ? defOf(sh[disc]) as Def & { values?: unknown[] } : undefined;
        return lit?.values?.includes(k);
      });
      if (!hit) return undefined;
      s = hit;
    } else return s;
  }
  return s;
}

/** The schema that validates the value at `path`, when it can be determined. */
export function schemaAt(root: z.ZodType, doc: unknown, path: Path): z.ZodType | undefined {
  let s: z.ZodType | undefined = resolve(root, doc);
  let v: unknown = doc;
  for (const key of path) {
    if (!s) return undefined;
    const def = defOf(s);
    v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[key as string] : undefined;
    if (def.type === 'object' && def.shape && typeof key === 'string') s = def.shape[key];
    else if (def.type === 'array' && def.element && typeof key === 'number') s = def.element;
    else return undefined;
    s = s ? resolve(s, v) : undefined;
  }
  return s;
}

/** The `kind` values of the discriminated union expected at `path` (when it is one), without resolving by value. */
function unionKindsAt(root: z.ZodType, doc: unknown, path: Path): string[] | undefined {
  if (path.length === 0) return undefined;
  const parent = schemaAt(root, doc, path.slice(0, -1));
  const key = path[path.length - 1];
  if (!parent || typeof key !== 'string') return undefined;
  let s: z.ZodType | undefined = defOf(parent).shape?.[key];
  while (s && (defOf(s).type === 'optional' || defOf(s).type === 'default') && defOf(s).innerType) s = defOf(s).innerType;
  if (!s) return undefined;
  const def = defOf(s);
  if (def.type !== 'union' || def.discriminator === undefined || !def.options) return undefined;
  const disc = def.discriminator;
  return def.options.flatMap((o) => {
    const lit = defOf(o).shape?.[disc];
    return lit ? ((defOf(lit) as Def & { values?: unknown[] }).values ?? []).map(String) : [];
  });
}

/** Keys an object schema accepts. */
function keysOf(s: z.ZodType | undefined): string[] {
  if (!s) return [];
  const def = defOf(s);
  return def.type === 'object' && def.shape ? Object.keys(def.shape) : [];
}

// ---- issue → sentence ----

function numberBound(issue: Issue & { code: 'too_small' | 'too_big' }, schema: z.ZodType | undefined): string {
  const format = schema === undefined ? undefined : (schema as unknown as { format?: string | null }).format;
  const isInt = typeof format === 'string' && format.includes('int');
  const noun = isInt ? 'integer' : 'number';
  const b = Number(issue.code === 'too_small' ? issue.minimum : issue.maximum);
  if (issue.code === 'too_small') {
    if (b === 0) return issue.inclusive ? `a non-negative ${noun}` : `a positive ${noun}`;
    return `a ${noun} ${issue.inclusive ? '≥' : '>'} ${b}`;
  }
  return `a ${noun} ${issue.inclusive ? '≤' : '<'} ${b}`;
}

/** One sentence (without the final full stop handling) for one issue. */
export function issueMessage(issue: Issue, doc: unknown, root: z.ZodType): { path: string; message: string } {
  const path = [...issue.path];
  const value = valueAt(doc, path);
  const where = formatPath(path);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const key = issue.keys[0];
      const allowed = keysOf(schemaAt(root, doc, path)).filter((k) => k !== '$schema' || path.length === 0);
      const keyPath = formatPath([...path, key]);
      const guess = closestMatch(key, allowed);
      const tail = guess !== undefined ? `did you mean "${guess}"?` : allowed.length > 0 ? `allowed keys here: ${allowed.join(', ')}` : 'remove it';
      return { path: keyPath, message: `${keyPath}: unknown key; ${tail}` };
    }
    case 'invalid_union': {
      const u = issue as Issue & { discriminator?: string; options?: unknown[]; note?: string };
      if (u.discriminator !== undefined && u.options) {
        const kinds = u.options.map(String);
        const given = valueAt(doc, path);
        const discPath = path[path.length - 1] === u.discriminator ? path : [...path, u.discriminator];
        const at = formatPath(discPath);
        const parent = valueAt(doc, discPath.slice(0, -1));
        if (parent === undefined) {
          const section = formatPath(discPath.slice(0, -1));
          return { path: section, message: `${section}: missing required section; expected an object with "${u.discriminator}" one of ${kinds.join(', ')}` };
        }
        if (parent === null || typeof parent !== 'object' || Array.isArray(parent)) {
          const section = formatPath(discPath.slice(0, -1));
          return { path: section, message: `${section}: expected an object with "${u.discriminator}" one of ${kinds.join(', ')}, got ${describeValue(parent)}` };
        }
        if (given === undefined) return { path: at, message: `${at}: missing required field; expected one of ${kinds.join(', ')}` };
        const guess = typeof given === 'string' ? closestMatch(given, kinds) : undefined;
        return {
          path: at,
          message: `${at}: unknown kind ${describeValue(given)}${guess ? ` (did you mean "${guess}"?)` : ''}; known kinds: ${kinds.join(', ')}`,
        };
      }
      if (typeof value === 'number' && !Number.isFinite(value)) return { path: where, message: `${where}: expected a finite number, got ${describeValue(value)}` };
      return { path: where, message: `${where}: expected ${describeUnion(issue)}, got ${describeValue(value)}` };
    }
    case 'invalid_type': {
      const expected = EXPECTED[issue.expected] ?? issue.expected;
      if (value === undefined) {
        const kinds = unionKindsAt(root, doc, path);
        if (kinds) return { path: where, message: `${where}: missing required section; expected an object with "kind" one of ${kinds.join(', ')}` };
        return { path: where, message: `${where}: missing required field; expected ${expected}` };
      }
      if (issue.expected === 'object' && (value === null || typeof value !== 'object')) {
        const kinds = unionKindsAt(root, doc, path);
        if (kinds) return { path: where, message: `${where}: expected an object with "kind" one of ${kinds.join(', ')}, got ${describeValue(value)}` };
      }
      if (typeof value === 'number' && !Number.isFinite(value) && (issue.expected === 'number' || issue.expected === 'int')) {
        return { path: where, message: `${where}: expected a finite number, got ${describeValue(value)}` };
      }
      if (issue.expected === 'int' && typeof value === 'number') return { path: where, message: `${where}: expected an integer, got ${value}` };
      return { path: where, message: `${where}: expected ${expected}, got ${describeValue(value)}` };
    }
    case 'invalid_value': {
      const values = issue.values.map((v) => JSON.stringify(v));
      const guess = typeof value === 'string' ? closestMatch(value, issue.values.map(String)) : undefined;
      const one = values.length === 1 ? values[0] : `one of ${values.join(', ')}`;
      return { path: where, message: `${where}: expected ${one}, got ${describeValue(value)}${guess ? ` (did you mean "${guess}"?)` : ''}` };
    }
    case 'too_small':
    case 'too_big': {
      if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint') {
        return { path: where, message: `${where}: expected ${numberBound(issue, schemaAt(root, doc, path))}, got ${describeValue(value)}` };
      }
      if (issue.origin === 'array') {
        const n = Number(issue.code === 'too_small' ? issue.minimum : issue.maximum);
        const rel = issue.code === 'too_small' ? 'at least' : 'at most';
        return { path: where, message: `${where}: expected ${rel} ${n} entr${n === 1 ? 'y' : 'ies'}, got ${describeValue(value)}` };
      }
      if (issue.origin === 'string') return { path: where, message: `${where}: expected a non-empty string, got ${describeValue(value)}` };
      return { path: where, message: `${where}: ${issue.message}` };
    }
    case 'custom':
      return { path: where, message: `${where}: ${issue.message}` };
    default:
      return { path: where, message: `${where}: ${issue.message}` };
  }
}

function describeUnion(issue: Issue): string {
  const u = issue as Issue & { errors?: Issue[][] };
  const parts = new Set<string>();
  for (const branch of u.errors ?? []) {
    const first = branch[0];
    if (first?.code === 'invalid_type' && first.path.length === 0) parts.add(EXPECTED[first.expected] ?? first.expected);
  }
  return parts.size > 0 ? [...parts].join(' or ') : 'a different value';
}

/** Orders issues so the most useful one comes first (unknown keys, then unknown kinds, then the rest in document order). */
function rank(issue: Issue): number {
  if (issue.code === 'unrecognized_keys') return 0;
  if (issue.code === 'invalid_union' && (issue as { discriminator?: string }).discriminator !== undefined) return 1;
  return 2;
}

/** The ConfigError for the first (most useful) issue of a failed validation. */
export function issuesToConfigError(issues: readonly Issue[], doc: unknown, root: z.ZodType): ConfigError {
  const sorted = [...issues].sort((a, b) => rank(a) - rank(b));
  const { path, message } = issueMessage(sorted[0], doc, root);
  return new ConfigError(message.endsWith('?') ? message : `${message}.`, { path });
}
