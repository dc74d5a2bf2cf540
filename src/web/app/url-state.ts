/**
 * The explorer's whole state lives in the URL query, so a link reproduces a view: `?view=<id>&<key>=<value>…`.
 * This module is the codec between a query string and a view's parameter record. It is pure (no DOM
 * access) so it runs under node:test.
 *
 * Values are typed by the view's defaults: a key whose default is a number is read as a finite number,
 * a boolean as `1`/`0` (also `true`/`false`), a string as is. Keys the view does not declare and values
 * that do not parse are ignored (the default is kept), so a hand-edited link cannot break a view.
 * @module
 */

/** One parameter value of a view (what a URL query can carry). */
export type ParamValue = string | number | boolean;

/** A view's parameter record (the part of the URL after `view=`). */
export type ViewParams = Record<string, ParamValue>;

/** The decoded URL: which view, and its parameters (defaults merged with the query). */
export interface UrlState {
  /** The view id (`view=` in the query). */
  view: string;
  /** The view's parameters: every key of its defaults, overridden by valid query values. */
  params: ViewParams;
}

/** The query key that names the view. */
export const VIEW_KEY = 'view';

/**
 * Reads one raw query value with the type of its default; `undefined` when it does not parse
 * (non-finite number, unknown boolean spelling).
 * @example
 * coerceParam('0.5', 1);    // 0.5
 * coerceParam('abc', 1);    // undefined
 * coerceParam('1', false);  // true
 */
export function coerceParam(raw: string, defaultValue: ParamValue): ParamValue | undefined {
  if (typeof defaultValue === 'number') {
    const s = raw.trim();
    if (s === '') return undefined;
    const n = Number(s);
    return Number.isFinite(n) ? n : undefined;
  }
  if (typeof defaultValue === 'boolean') {
    if (raw === '1' || raw === 'true') return true;
    if (raw === '0' || raw === 'false') return false;
    return undefined;
  }
  return raw;
}

/** Writes one value as a query string value (numbers in their shortest round-trip form, booleans as 1/0). */
export function formatParam(value: ParamValue): string {
  if (typeof value === 'boolean') return value ? '1' : '0';
  return String(value);
}

/**
 * The view parameters of a query: `defaults`, overridden by every query key the defaults declare
 * whose value parses with the default's type.
 * @example
 * decodeParams('?view=two-layer&lambda=2&bogus=1', { lambda: 0, gd: true }); // { lambda: 2, gd: true }
 */
export function decodeParams(search: string | URLSearchParams, defaults: ViewParams): ViewParams {
  const q = typeof search === 'string' ? new URLSearchParams(search) : search;
  const out: ViewParams = { ...defaults };
  for (const key of Object.keys(defaults)) {
    const raw = q.get(key);
    if (raw === null) continue;
    const v = coerceParam(raw, defaults[key]);
    if (v !== undefined) out[key] = v;
  }
  return out;
}

/**
 * The view id of a query: its `view=` value when it is one of `ids`, else `fallback`.
 * @example
 * decodeView('?view=mixed', ['two-layer', 'mixed'], 'two-layer'); // 'mixed'
 */
export function decodeView(search: string | URLSearchParams, ids: readonly string[], fallback: string): string {
  const q = typeof search === 'string' ? new URLSearchParams(search) : search;
  const v = q.get(VIEW_KEY);
  return v !== null && ids.includes(v) ? v : fallback;
}

/**
 * The query string (with the leading `?`) of a view and its parameters: `view` first, then every
 * parameter in the record's key order. `decodeParams(encodeState(v, p), p)` returns `p`.
 * @example
 * encodeState('two-layer', { lambda: -1.5, gd: true }); // '?view=two-layer&lambda=-1.5&gd=1'
 */
export function encodeState(view: string, params: ViewParams): string {
  const q = new URLSearchParams();
  q.set(VIEW_KEY, view);
  for (const [key, value] of Object.entries(params)) {
    if (key === VIEW_KEY) continue;
    q.set(key, formatParam(value));
  }
  return `?${q.toString()}`;
}

/**
 * The whole decoded URL state for a list of views (each with its `id` and `defaults`); the first
 * view is the fallback.
 * @example
 * const views = [{ id: 'two-layer', defaults: { lambda: 0 } }, { id: 'mixed', defaults: { d: 10, gd: true } }];
 * decodeState('?view=mixed&d=20', views); // → { view: "mixed", params: { d: 20, gd: true } }
 */
export function decodeState(search: string, views: readonly { id: string; defaults: ViewParams }[]): UrlState {
  if (views.length === 0) throw new Error('decodeState: no views are registered.');
  const ids = views.map((v) => v.id);
  const view = decodeView(search, ids, ids[0]);
  const entry = views.find((v) => v.id === view)!;
  return { view, params: decodeParams(search, entry.defaults) };
}
