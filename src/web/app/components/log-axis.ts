/**
 * Log-axis range, tick positions and tick labels of the uPlot wrapper (`LinePlot.svelte`), computed
 * from integer decade exponents so that no step depends on floating-point sums landing exactly on a
 * power of ten.
 *
 * Why: uPlot 1.6's own log-axis splits walk from the scale minimum by repeated addition and rounding
 * (`split += incr; split = roundDec(split, fixedDec.get(incr))`). In Chromium, where `10 ** 23` is
 * 1.0000000000000001e23, a minimum such as 9e-23 steps to 9.999999999999999e-23 (just below the next
 * decade), then to 1.0999999999999998e-22, which becomes the increment; that value has no entry in
 * uPlot's decimal table, so the next rounding is to 0 decimals and every further split is 0 ≤ max:
 * the loop pushes zeros until the array overflows ("Invalid array length", a 10–45 s stall of the
 * two-layer view's loss plot at λ = 1.15, 20×20, whose loss decays to ≈ 9e-23). Minima below about
 * 1e-30 fail the same way in Node. Here the range is whole decades, clamped to at most
 * {@link LOG_AXIS_MAX_DECADES} below the maximum, and the splits are m·10^e parsed from decimal
 * text, a bounded list.
 * @module
 */

/** Most decades a log axis spans: data further below the maximum is drawn off the plot (clipped). */
export const LOG_AXIS_MAX_DECADES = 15;

/** Exponent bounds of the decades used (10^±307 are normal doubles). */
const MIN_EXP = -307;
const MAX_EXP = 307;

/** 10^e exactly as the decimal literal `1e{e}` parses (not `10 ** e`, which may be off by an ulp). */
function decade(e: number): number {
  return Number(`1e${e}`);
}

/** The largest integer e with 10^e ≤ v (v > 0, finite), within [MIN_EXP, MAX_EXP]. */
function floorExp(v: number): number {
  let e = Math.floor(Math.log10(v));
  if (decade(e) > v) e--;
  else if (decade(e + 1) <= v) e++;
  return Math.min(MAX_EXP, Math.max(MIN_EXP, e));
}

/** The smallest integer e with 10^e ≥ v (v > 0, finite), within [MIN_EXP, MAX_EXP]. */
function ceilExp(v: number): number {
  let e = Math.ceil(Math.log10(v));
  if (decade(e) < v) e++;
  else if (decade(e - 1) >= v) e--;
  return Math.min(MAX_EXP, Math.max(MIN_EXP, e));
}

/**
 * The range of a log scale for data in [dataMin, dataMax]: whole decades [10^a, 10^b] around the
 * positive data, at least one decade wide and at most `maxDecades` (the minimum is raised to
 * 10^(b − maxDecades) when the data reach further down). Non-positive or non-finite bounds (no
 * positive data) give [1, 10].
 * @param dataMin - smallest plotted value (uPlot passes null when a scale has no data)
 * @param dataMax - largest plotted value
 * @param maxDecades - most decades shown (default {@link LOG_AXIS_MAX_DECADES})
 * @example
 * logRange(9.1e-23, 3.6); // → [1e-14, 10] (15 decades below 10)
 * logRange(0.02, 3.6); // → [0.01, 10]
 */
export function logRange(dataMin: number | null, dataMax: number | null, maxDecades = LOG_AXIS_MAX_DECADES): [number, number] {
  const hi = dataMax != null && Number.isFinite(dataMax) && dataMax > 0 ? dataMax : null;
  if (hi === null) return [1, 10];
  const lo = dataMin != null && Number.isFinite(dataMin) && dataMin > 0 && dataMin <= hi ? dataMin : hi;
  let b = ceilExp(hi);
  let a = floorExp(lo);
  if (a >= b) {
    // All data on one power of ten (lo = hi = 10^a): one decade either side.
    a = Math.max(MIN_EXP, a - 1);
    b = Math.min(MAX_EXP, b + 1);
  }
  const span = Math.max(1, Math.floor(maxDecades));
  if (b - a > span) a = b - span;
  return [decade(a), decade(b)];
}

/**
 * Tick positions of a log axis on [min, max]: every m·10^e (m = 1…9) inside the range, each parsed
 * from its decimal text (so `toExponential` shows the true leading digit, which uPlot's label filter
 * reads). At most `maxDecades` + 1 decades are covered (the top ones); an empty or invalid range
 * gives the finite positive bounds alone.
 * @param maxDecades - most decades listed (default {@link LOG_AXIS_MAX_DECADES})
 * @example
 * logSplits(0.5, 3); // → [0.5, 0.6, 0.7, 0.8, 0.9, 1, 2, 3]
 */
export function logSplits(min: number, max: number, maxDecades = LOG_AXIS_MAX_DECADES): number[] {
  const okMin = Number.isFinite(min) && min > 0;
  const okMax = Number.isFinite(max) && max > 0;
  if (!okMin || !okMax || !(max > min)) return [okMin ? min : okMax ? max : 1];
  const eHi = floorExp(max);
  const eLo = Math.max(floorExp(min), eHi - Math.max(1, Math.floor(maxDecades)));
  const tol = 1e-12;
  const out: number[] = [];
  for (let e = eLo; e <= eHi; e++) {
    for (let m = 1; m <= 9; m++) {
      const v = Number(`${m}e${e}`);
      if (v >= min * (1 - tol) && v <= max * (1 + tol)) out.push(v);
    }
  }
  return out.length > 0 ? out : [min, max];
}

/** The power of ten `v` is (its exponent), or null when it is not one (relative tolerance 1e-9). */
function powerOfTen(v: number | null | undefined): number | null {
  if (v == null || !(v > 0) || !Number.isFinite(v)) return null;
  const e = Math.round(Math.log10(v));
  return Math.abs(v / decade(e) - 1) < 1e-9 ? e : null;
}

/**
 * Labels of a log axis's ticks: only powers of ten, at most about `maxLabels` of them (every n-th
 * decade, n the same for the whole axis, exponents divisible by n), written `1e-3` below 0.01 or from
 * 1e4, else as the shortest decimal; every other tick (and null, which uPlot's filter uses for hidden
 * ticks) gets ''.
 * @example
 * logTickLabels([0.01, 0.02, 0.1, 1, 10, 1e4]); // → ['0.01', '', '0.1', '1', '10', '1e4']
 */
export function logTickLabels(splits: readonly (number | null)[], maxLabels = 6): string[] {
  let decades = 0;
  for (const v of splits) if (powerOfTen(v) !== null) decades++;
  const step = Math.max(1, Math.ceil(decades / Math.max(1, maxLabels)));
  return splits.map((v) => {
    const e = powerOfTen(v);
    if (e === null || e % step !== 0) return '';
    return e < -2 || e >= 4 ? `1e${e}` : String(decade(e));
  });
}

/**
 * Grid lines of a log axis: the powers of ten among the splits (null elsewhere, which uPlot skips),
 * so that a many-decade axis is not shaded by the eight intermediate lines of every decade.
 * @example
 * logGridFilter([0.5, 1, 2, 10]); // → [null, 1, null, 10]
 */
export function logGridFilter(splits: readonly (number | null)[]): (number | null)[] {
  return splits.map((v) => (powerOfTen(v) !== null ? v : null));
}
