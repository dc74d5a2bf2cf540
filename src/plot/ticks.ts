/**
 * Axis ticks and tick labels.
 *
 * **Linear axes**: "nice" steps `m·10^e` with `m ∈ {1, 2, 5}`, chosen from the raw step
 * `span/target` by the thresholds √2, √10, √50 on its mantissa (the rule of Heckbert, "Nice numbers
 * for graph labels", Graphics Gems, 1990, as also used by d3-array). Tick values are computed as
 * `k·m·10^e` (or `k·m / 10^-e` for negative `e`, so that e.g. 0.3 prints as 0.3 and not
 * 0.30000000000000004) for the integers `k` inside the domain.
 *
 * **Log axes**: major ticks at the decades `10^k` inside the domain (every `s`-th decade when there
 * are more than `maxLabels` (default 8), with `s ∈ {1, 2, 3, 5, 10, …}`), minor ticks at `j·10^k` (j = 2…9) when every
 * decade is labelled, else at the unlabelled decades. When the domain spans fewer than two decades,
 * `2·10^k` and `5·10^k` are labelled too, and with no decade inside at all it falls back to linear
 * nice ticks.
 *
 * **Labels**: plain decimals with as many decimals as the step needs; scientific notation with a
 * Unicode exponent ("2.5×10⁻⁶") when the largest |tick| is ≥ 10⁵ or < 10⁻³; decades print as "10⁻⁶".
 *
 * **Special cases**: a reversed domain gives the same ticks as the sorted one (ascending); a
 * degenerate domain `[v, v]` gives the single tick v; non-finite ends give no ticks.
 *
 * @module
 */
import type { ScaleKind } from './scales.js';

/** One labelled tick. */
export interface Tick {
  readonly value: number;
  readonly label: string;
}

/** Major (labelled) and minor (unlabelled) ticks of an axis. */
export interface AxisTicks {
  readonly major: Tick[];
  readonly minor: number[];
}

const SUPERSCRIPT: Record<string, string> = {
  '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹', '-': '⁻',
};

/** Writes an integer with Unicode superscript digits, e.g. -6 → "⁻⁶". */
export function superscript(n: number): string {
  return String(n).split('').map((c) => SUPERSCRIPT[c] ?? c).join('');
}

/** A nice step `{ mantissa, exponent }` (mantissa ∈ {1, 2, 5}) for `span / target`. */
export function niceStep(span: number, target: number): { mantissa: number; exponent: number } {
  const raw = span / Math.max(1, target);
  let exponent = Math.floor(Math.log10(raw));
  const r = raw / 10 ** exponent;
  let mantissa: number;
  if (r >= Math.sqrt(50)) {
    mantissa = 1;
    exponent += 1;
  } else if (r >= Math.sqrt(10)) mantissa = 5;
  else if (r >= Math.sqrt(2)) mantissa = 2;
  else mantissa = 1;
  return { mantissa, exponent };
}

function stepValue(k: number, mantissa: number, exponent: number): number {
  return exponent >= 0 ? k * mantissa * 10 ** exponent : (k * mantissa) / 10 ** -exponent;
}

/**
 * Nice tick values inside `[min(a,b), max(a,b)]`, ascending, about `target` of them.
 *
 * @example
 * linearTickValues(0, 1, 5); // → [0, 0.2, 0.4, 0.6, 0.8, 1]
 */
export function linearTickValues(a: number, b: number, target = 5): number[] {
  if (!Number.isFinite(a) || !Number.isFinite(b)) return [];
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  if (lo === hi) return [lo];
  const { mantissa, exponent } = niceStep(hi - lo, target);
  const step = stepValue(1, mantissa, exponent);
  const k0 = Math.ceil(lo / step - 1e-9);
  const k1 = Math.floor(hi / step + 1e-9);
  const out: number[] = [];
  const tolerance = (hi - lo) * 1e-9;
  for (let k = k0; k <= k1 && out.length < 1000; k++) {
    const v = stepValue(k, mantissa, exponent);
    if (v < lo - tolerance || v > hi + tolerance) continue;
    if (out.length > 0 && v === out[out.length - 1]) continue;
    out.push(v === 0 ? 0 : v);
  }
  return out.length > 0 ? out : [lo, hi];
}

/**
 * Labels for a set of linear ticks with common formatting (see the module comment).
 *
 * @example
 * formatLinearTicks([0, 0.5, 1]); // → ['0.0', '0.5', '1.0'] (one number of decimals for all)
 * formatLinearTicks([0, 2e-6, 4e-6]); // → ['0', '2×10⁻⁶', '4×10⁻⁶']
 */
export function formatLinearTicks(values: readonly number[]): string[] {
  if (values.length === 0) return [];
  let maxAbs = 0;
  for (const v of values) maxAbs = Math.max(maxAbs, Math.abs(v));
  // Smallest decimal exponent that distinguishes the ticks (the step's exponent).
  let stepExponent = Math.floor(Math.log10(maxAbs || 1));
  for (let i = 1; i < values.length; i++) {
    const d = Math.abs(values[i] - values[i - 1]);
    if (d > 0) stepExponent = Math.min(stepExponent, Math.floor(Math.log10(d) + 1e-9));
  }
  const scientific = maxAbs >= 1e5 || (maxAbs > 0 && maxAbs < 1e-3);
  if (!scientific) {
    const decimals = Math.max(0, Math.min(20, -stepExponent));
    return values.map((v) => {
      const s = v.toFixed(decimals);
      return /^-0(\.0*)?$/.test(s) ? s.slice(1) : s.replace('-', '−');
    });
  }
  return values.map((v) => {
    if (v === 0) return '0';
    const e = Math.floor(Math.log10(Math.abs(v)) + 1e-12);
    const decimals = Math.max(0, Math.min(15, e - stepExponent));
    let mantissa = (v / 10 ** e).toFixed(decimals);
    if (mantissa.includes('.')) mantissa = mantissa.replace(/0+$/, '').replace(/\.$/, '');
    if (mantissa === '10' || mantissa === '-10') return formatScientific(Math.sign(v), e + 1);
    return mantissa === '1' ? `10${superscript(e)}` : mantissa === '-1' ? `−10${superscript(e)}` : `${mantissa.replace('-', '−')}×10${superscript(e)}`;
  });
}

function formatScientific(sign: number, e: number): string {
  return `${sign < 0 ? '−' : ''}10${superscript(e)}`;
}

/** Label of `m·10^k` on a log axis: "10ᵏ" or "m×10ᵏ". */
function logLabel(m: number, k: number): string {
  return m === 1 ? `10${superscript(k)}` : `${m}×10${superscript(k)}`;
}

/**
 * Ticks of a log10 axis over `[min(a,b), max(a,b)]` (both > 0).
 *
 * @example
 * logTicks(1e-3, 1e2).major.map((t) => t.label); // → ['10⁻³', '10⁻²', '10⁻¹', '10⁰', '10¹', '10²']
 */
export function logTicks(a: number, b: number, maxLabels = 8): AxisTicks {
  if (!(a > 0) || !(b > 0) || !Number.isFinite(a) || !Number.isFinite(b)) return { major: [], minor: [] };
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  const la = Math.log10(lo);
  const lb = Math.log10(hi);
  const k0 = Math.ceil(la - 1e-9);
  const k1 = Math.floor(lb + 1e-9);
  const inside = (v: number) => v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9);
  const decades = k1 - k0 + 1;
  if (decades < 1) {
    const values = linearTickValues(lo, hi, 4);
    const labels = formatLinearTicks(values);
    return { major: values.map((value, i) => ({ value, label: labels[i] })), minor: [] };
  }
  const major: Tick[] = [];
  const minor: number[] = [];
  if (decades <= maxLabels) {
    const labelTwoFive = decades <= 2;
    for (let k = k0 - 1; k <= k1; k++) {
      const p = 10 ** k;
      if (k >= k0) major.push({ value: p, label: logLabel(1, k) });
      for (let m = 2; m <= 9; m++) {
        const v = m * p;
        if (!inside(v)) continue;
        if (labelTwoFive && (m === 2 || m === 5)) major.push({ value: v, label: logLabel(m, k) });
        else minor.push(v);
      }
    }
    major.sort((x, y) => x.value - y.value);
    return { major, minor };
  }
  const strides = [1, 2, 3, 5];
  let stride = 1;
  for (let scale = 1; ; scale *= 10) {
    const found = strides.find((s) => decades / (s * scale) <= Math.max(2, maxLabels));
    if (found !== undefined) {
      stride = found * scale;
      break;
    }
  }
  for (let k = k0; k <= k1; k++) {
    if (k % stride === 0) major.push({ value: 10 ** k, label: logLabel(1, k) });
    else if (decades <= 40) minor.push(10 ** k);
  }
  return { major, minor };
}

/**
 * Ticks for an axis of the given kind over a domain (in either order).
 *
 * @example
 * axisTicks('linear', [10, 0]).major.map((t) => t.label); // → ['0', '2', '4', '6', '8', '10']
 */
export function axisTicks(kind: ScaleKind, domain: readonly [number, number], target = 5): AxisTicks {
  if (kind === 'log') return logTicks(domain[0], domain[1], Math.max(2, Math.round(target * 1.6)));
  const values = linearTickValues(domain[0], domain[1], target);
  const labels = formatLinearTicks(values);
  return { major: values.map((value, i) => ({ value, label: labels[i] })), minor: [] };
}
