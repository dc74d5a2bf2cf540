/**
 * SVG text primitives shared by every figure: number printing, XML escaping, element strings and
 * the deterministic document identifier.
 *
 * Every figure is a pure function from data and options to a string, so everything here is a pure
 * string function. Numbers are printed with a fixed number of decimals (trailing zeros and `-0`
 * removed) so that the same input always produces the byte-identical SVG.
 *
 * @module
 */

/** Placeholder that figures use in element ids; {@link finalizeSvg} replaces it by a content hash. */
export const ID_PLACEHOLDER = '__LRID__';

/**
 * Prints a pixel coordinate with at most `decimals` decimals (default 2), without trailing zeros,
 * and never as `-0`.
 *
 * **Special cases**: non-finite input prints as `0` (callers filter non-finite data before this
 * point; the guard only keeps the document well-formed).
 *
 * @example
 * num(3.14159); // → '3.14'
 * num(-0.0001); // → '0'
 * num(2); // → '2'
 */
export function num(value: number, decimals = 2): string {
  if (!Number.isFinite(value)) return '0';
  let s = value.toFixed(decimals);
  if (s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '');
  if (s === '-0') s = '0';
  return s;
}

/**
 * Escapes text for use in XML character data and in double-quoted attribute values
 * (`& < > " '`), and drops characters that XML 1.0 forbids (C0 controls other than tab, LF, CR).
 *
 * @example
 * escapeXml('a < b & "c"'); // → 'a &lt; b &amp; &quot;c&quot;'
 */
export function escapeXml(text: string): string {
  // Fast path: path data and most labels contain nothing to escape.
  if (!/[&<>"'\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/.test(text)) return text;
  let out = '';
  for (const ch of text) {
    const c = ch.codePointAt(0) as number;
    if (ch === '&') out += '&amp;';
    else if (ch === '<') out += '&lt;';
    else if (ch === '>') out += '&gt;';
    else if (ch === '"') out += '&quot;';
    else if (ch === "'") out += '&apos;';
    else if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) continue;
    else if (c === 0xfffe || c === 0xffff) continue;
    else out += ch;
  }
  return out;
}

/** Attribute values: numbers are printed with {@link num}, strings escaped; `undefined` is omitted. */
export type Attributes = Record<string, string | number | undefined>;

function attributeString(attributes: Attributes): string {
  let s = '';
  for (const key of Object.keys(attributes)) {
    const value = attributes[key];
    if (value === undefined) continue;
    s += ` ${key}="${typeof value === 'number' ? num(value) : escapeXml(value)}"`;
  }
  return s;
}

/**
 * An SVG element string. `children` is inserted verbatim (it must already be markup); pass
 * `text` instead for escaped character data.
 *
 * @example
 * element('rect', { x: 1, y: 2, width: 3, height: 4 }); // → '<rect x="1" y="2" width="3" height="4"/>'
 * element('text', { x: 0 }, undefined, 'a<b'); // → '<text x="0">a&lt;b</text>'
 */
export function element(name: string, attributes: Attributes = {}, children?: string, text?: string): string {
  const inner = (children ?? '') + (text === undefined ? '' : escapeXml(text));
  if (inner === '') return `<${name}${attributeString(attributes)}/>`;
  return `<${name}${attributeString(attributes)}>${inner}</${name}>`;
}

/** A `<g>` wrapping `children`; empty groups are omitted entirely. */
export function group(attributes: Attributes, children: string): string {
  return children === '' ? '' : element('g', attributes, children);
}

/**
 * Builds an SVG path `d` string for a polyline: `M x0 y0 L x1 y1 x2 y2 …` (implicit repeated
 * line-to). Coordinates are interleaved `[x0, y0, x1, y1, …]`.
 */
export function polylinePath(points: readonly number[], close = false): string {
  if (points.length < 2) return '';
  let d = `M${num(points[0])} ${num(points[1])}`;
  if (points.length > 2) d += 'L';
  for (let k = 2; k < points.length; k += 2) {
    d += `${k > 2 ? ' ' : ''}${num(points[k])} ${num(points[k + 1])}`;
  }
  return close ? `${d}Z` : d;
}

/** Default font stack: DejaVu Sans (what the rasteriser finds on Debian) with generic fallback. */
export const FONT_FAMILY = 'DejaVu Sans, Helvetica, Arial, sans-serif';

/**
 * Approximate advance width of `text` in pixels at `fontSize` (DejaVu Sans metrics averaged per
 * character class). Used only for layout (margins, legend width), never for correctness.
 */
export function textWidth(text: string, fontSize: number): number {
  let units = 0;
  for (const ch of text) {
    if (/[ilj.,:;'|!]/.test(ch)) units += 0.32;
    else if (/[mwMW]/.test(ch)) units += 0.9;
    else if (/[A-Z]/.test(ch)) units += 0.7;
    else if (/[⁰¹²³⁴⁵⁶⁷⁸⁹⁻]/.test(ch)) units += 0.42;
    else units += 0.6;
  }
  return units * fontSize;
}

/** 32-bit FNV-1a hash of a string, as 8 hex digits. */
export function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let k = 0; k < text.length; k++) {
    h ^= text.charCodeAt(k);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/**
 * Wraps figure content in the root `<svg>` (with `xmlns`, `width`, `height`, `viewBox`, font) and
 * replaces {@link ID_PLACEHOLDER} in ids by a hash of the content, so that several figures embedded
 * in one HTML page (or one small-multiples figure) never share a clip-path or gradient id unless
 * their content is identical, while the output stays a deterministic function of the input.
 */
export function finalizeSvg(width: number, height: number, title: string | undefined, description: string, body: string): string {
  const head = (title === undefined ? '' : element('title', {}, undefined, title)) +
    (description === '' ? '' : element('desc', {}, undefined, description));
  const content = head + element('rect', { width, height, fill: '#ffffff' }) + body;
  const id = `lr${fnv1a(content)}`;
  const svg = element(
    'svg',
    {
      xmlns: 'http://www.w3.org/2000/svg',
      width,
      height,
      viewBox: `0 0 ${num(width)} ${num(height)}`,
      'font-family': FONT_FAMILY,
      'font-size': 12,
    },
    content,
  );
  return svg.split(ID_PLACEHOLDER).join(id);
}
