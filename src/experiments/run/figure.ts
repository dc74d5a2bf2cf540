/**
 * The figure of one run: the loss of the exact solution (line) beside the simulation (points) on a
 * log axis, and the relative error of the simulation against the exact solution over time t/τ.
 * Without an exact side only the simulated loss is drawn. Pure (data → SVG string).
 * @module
 */
import { CATEGORICAL, smallMultiples, type LineSeries, type Panel } from '../../plot/index.js';
import type { RunResult } from './types.js';

/** Positive values kept, others NaN (a log axis breaks the line there). */
function positive(values: Float64Array): Float64Array {
  return values.map((v) => (v > 0 ? v : NaN));
}

/**
 * The SVG of a run (see the module comment).
 * @example
 * import { runDocument } from './index.js';
 * const svg = runFigure(runDocument({ model: { kind: 'scalar-width', kappa: 0.1, etaU: 1, etaW: 2 }, task: { kind: 'scalar', a: 1.5, sigmaXX: 1 }, init: { kind: 'explicit', u: [0.1, 0.2, -0.3], w: [0.3, -0.1, 0.2] }, train: { method: 'flow', tEnd: 5 } }));
 * svg.startsWith('<svg'); // → true
 */
export function runFigure(result: RunResult): string {
  const { t, columns } = result.series;
  const method = result.labels.method ?? 'simulation';
  // At most ~40 simulation markers, so the exact line stays visible beneath them.
  const stride = Math.max(1, Math.ceil(t.length / 40));
  const picked = Array.from(t.keys()).filter((k) => k % stride === 0 || k === t.length - 1);
  const lossSeries: LineSeries[] = [
    {
      x: picked.map((k) => t[k]),
      y: positive(Float64Array.from(picked, (k) => columns.loss[k])),
      label: method,
      color: CATEGORICAL[1],
      marker: 'circle',
      line: !columns.lossExact,
    },
  ];
  if (columns.lossExact) lossSeries.push({ x: t, y: positive(columns.lossExact), label: 'exact', color: CATEGORICAL[0], width: 1.5 });
  const panels: Panel[] = [{ kind: 'line', title: 'loss', series: lossSeries, x: { label: 't/τ' }, y: { label: 'loss', scale: 'log' } }];
  if (columns.relativeError) {
    panels.push({
      kind: 'line',
      title: 'relative error of the simulation',
      // From the second record on: at t = 0 both sides start from the same weights (round-off only).
      series: [{ x: t.subarray(1), y: positive(columns.relativeError.subarray(1)), label: 'relative error', color: CATEGORICAL[2] }],
      x: { label: 't/τ' },
      y: { label: 'relative error', scale: 'log' },
    });
  }
  const exact = result.exact.available ? `exact (line) vs ${method} (points)` : `${method}; no exact side`;
  return smallMultiples({ title: `${result.kind}: ${exact}`, columns: panels.length, panelWidth: 480, panelHeight: 340, panels });
}
