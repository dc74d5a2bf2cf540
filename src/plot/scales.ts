/**
 * Position scales: maps from a data interval (the domain) onto a pixel interval (the range).
 *
 * A linear scale is `p = r0 + (v - d0)·(r1 - r0)/(d1 - d0)`; a log scale is the same map applied to
 * `log10 v`. A reversed domain (`d0 > d1`) or reversed range simply flips the direction, which is how
 * the y axis (pixels grow downwards) and reversed axes are expressed.
 *
 * **Method**: the domain of an axis comes from {@link resolveDomain}: an explicit domain is validated
 * and used as given; otherwise the extent of the plotted data is padded by 4 % of its span on each
 * side (in log10 space for log axes). Degenerate domains `[v, v]` are widened (linear: by 10 % of
 * |v|, or to [-1, 1] at 0; log: to [v/√10, v·√10]) so that a constant series is still drawn.
 *
 * **Special cases**: a log axis whose explicit domain has a non-positive or non-finite end throws a
 * {@link DomainError}; data ≤ 0 on a log axis is not part of the extent (the marks drop such points
 * and the figure notes how many were dropped).
 *
 * @module
 */
import { ConfigError, DomainError } from '../errors/index.js';

/** Kind of a position scale. */
export type ScaleKind = 'linear' | 'log';

/** A position scale from data space to pixels. */
export interface Scale {
  readonly kind: ScaleKind;
  /** Data interval `[d0, d1]`; `d0 > d1` means a reversed axis. */
  readonly domain: readonly [number, number];
  /** Pixel interval `[r0, r1]` that `d0` and `d1` map to. */
  readonly range: readonly [number, number];
  /** Data value → pixel. Non-positive input on a log scale gives NaN (callers drop it). */
  map(value: number): number;
  /** Pixel → data value. */
  invert(pixel: number): number;
}

/**
 * Creates a linear or log10 scale.
 *
 * @example
 * const s = createScale('log', [1, 100], [0, 200]);
 * s.map(10); // → 100
 * s.invert(200); // → 100
 */
export function createScale(kind: ScaleKind, domain: readonly [number, number], range: readonly [number, number]): Scale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  if (!Number.isFinite(d0) || !Number.isFinite(d1)) {
    throw new ConfigError(`createScale: domain [${d0}, ${d1}] must be two finite numbers.`);
  }
  if (!Number.isFinite(r0) || !Number.isFinite(r1)) {
    throw new ConfigError(`createScale: range [${r0}, ${r1}] must be two finite pixel positions.`);
  }
  if (kind === 'log' && (d0 <= 0 || d1 <= 0)) {
    throw new DomainError(`createScale: a log axis needs a positive domain, got [${d0}, ${d1}]; give a domain with both ends > 0 or use scale 'linear'.`);
  }
  const t = kind === 'log' ? Math.log10 : (v: number) => v;
  const tInv = kind === 'log' ? (u: number) => 10 ** u : (u: number) => u;
  const u0 = t(d0);
  const u1 = t(d1);
  const du = u1 - u0;
  const mid = (r0 + r1) / 2;
  return {
    kind,
    domain: [d0, d1],
    range: [r0, r1],
    map(value: number): number {
      if (kind === 'log' && !(value > 0)) return Number.NaN;
      if (du === 0) return mid;
      return r0 + ((t(value) - u0) / du) * (r1 - r0);
    },
    invert(pixel: number): number {
      if (r1 === r0) return d0;
      return tInv(u0 + ((pixel - r0) / (r1 - r0)) * du);
    },
  };
}

/** Running extent of finite values (positive only when `kind` is log). */
export interface Extent {
  min: number;
  max: number;
  /** Finite values that could not be shown on a log axis because they are ≤ 0. */
  droppedNonPositive: number;
}

/** An empty extent, to be grown with {@link includeValues}. */
export function emptyExtent(): Extent {
  return { min: Number.POSITIVE_INFINITY, max: Number.NEGATIVE_INFINITY, droppedNonPositive: 0 };
}

/** Grows `extent` by the finite values of `values` (positive only, for log axes). */
export function includeValues(extent: Extent, values: ArrayLike<number>, kind: ScaleKind): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    if (kind === 'log' && v <= 0) {
      extent.droppedNonPositive++;
      continue;
    }
    if (v < extent.min) extent.min = v;
    if (v > extent.max) extent.max = v;
  }
}

/** Widens a degenerate interval `[v, v]` (see the module comment). */
export function widenDegenerate(kind: ScaleKind, v: number): [number, number] {
  if (kind === 'log') return [v / Math.sqrt(10), v * Math.sqrt(10)];
  if (v === 0) return [-1, 1];
  const h = Math.abs(v) * 0.1;
  return [v - h, v + h];
}

/**
 * The domain of one axis: the explicit `domain` if given (validated; degenerate widened), else the
 * padded data extent, else `[0, 1]` (linear) or `[1, 10]` (log) when there is no data at all.
 *
 * @param what names the axis in error messages, e.g. `"linePlot x axis"`.
 */
export function resolveDomain(
  kind: ScaleKind,
  explicit: readonly [number, number] | undefined,
  extent: Extent,
  what: string,
  pad = 0.04,
): [number, number] {
  if (explicit !== undefined) {
    const [a, b] = explicit;
    if (!Number.isFinite(a) || !Number.isFinite(b)) {
      throw new ConfigError(`${what}: domain [${a}, ${b}] must be two finite numbers.`);
    }
    if (kind === 'log' && (a <= 0 || b <= 0)) {
      throw new DomainError(`${what}: a log axis needs a positive domain, got [${a}, ${b}]; give both ends > 0 or use scale 'linear'.`);
    }
    if (a === b) return widenDegenerate(kind, a);
    return [a, b];
  }
  if (!(extent.min <= extent.max)) return kind === 'log' ? [1, 10] : [0, 1];
  if (extent.min === extent.max) return widenDegenerate(kind, extent.min);
  if (kind === 'log') {
    const a = Math.log10(extent.min);
    const b = Math.log10(extent.max);
    const h = (b - a) * pad;
    return [10 ** (a - h), 10 ** (b + h)];
  }
  const h = (extent.max - extent.min) * pad;
  return [extent.min - h, extent.max + h];
}
