/**
 * A {@link RunResult} as plain JSON data: every Float64Array becomes an array of numbers (NaN and
 * ±Inf become null, as JSON.stringify writes them). Used by `lazyrich run --json`.
 * @module
 */
import type { RunResult } from './types.js';

/** The JSON form of a {@link RunArray}. */
export interface RunArrayJson {
  shape: number[];
  data: (number | null)[];
}

/** The JSON form of a {@link RunResult}. */
export interface RunResultJson extends Omit<RunResult, 'series' | 'arrays'> {
  series: { t: (number | null)[]; columns: Record<string, (number | null)[]> };
  arrays: Record<string, RunArrayJson>;
}

function plain(values: Float64Array): (number | null)[] {
  return Array.from(values, (v) => (Number.isFinite(v) ? v : null));
}

/**
 * Converts a run result to plain JSON data (see the module comment).
 * @example
 * import { runDocument } from './index.js';
 * const json = JSON.parse(JSON.stringify(runResultToJson(runDocument({ model: { kind: 'scalar-width', kappa: 0.1, etaU: 1, etaW: 2 }, task: { kind: 'scalar', a: 1.5, sigmaXX: 1 }, init: { kind: 'explicit', u: [0.1, 0.2, -0.3], w: [0.3, -0.1, 0.2] }, train: { method: 'flow', tEnd: 5 } }))));
 * json.kind; // → "scalar-width"
 */
export function runResultToJson(result: RunResult): RunResultJson {
  return {
    ...result,
    series: { t: plain(result.series.t), columns: Object.fromEntries(Object.entries(result.series.columns).map(([k, v]) => [k, plain(v)])) },
    arrays: Object.fromEntries(Object.entries(result.arrays).map(([k, a]) => [k, { shape: [...a.shape], data: plain(a.data) }])),
  };
}
