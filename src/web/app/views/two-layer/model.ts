/**
 * The two-layer λ-balanced view's pure part: its URL parameters, the experiment document they
 * describe (the same document language as `lazyrich run`, validated by src/config), and the time
 * grid. Dominé et al., ICLR 2025 ("From Lazy to Rich"), spec `lazy-to-rich.md` §2–§4.
 * @module
 */
import { validateExperiment, type ExperimentDocument } from '../../../../config/index.js';
import { ConfigError } from '../../../../errors/index.js';
import type { ViewParams } from '../../url-state.js';

/** Task choices of the view. */
export const TWO_LAYER_TASKS = ['semantic', 'random', 'custom'] as const;

/** The view's parameters and their defaults (each is a URL query key). */
export const TWO_LAYER_DEFAULTS = {
  /** Balance λ of W₂ᵀW₂ − W₁W₁ᵀ = λI. */
  lambda: 0,
  /** Singular values of W(0) = W₂W₁ (init scale). */
  scale: 0.05,
  /** Task: semantic hierarchy (8×8), random low-rank (N_i, N_o, rank) or custom Σ_yx. */
  task: 'random',
  /** Input, hidden and output widths (random task; hidden must be min(N_i, N_o) for the closed form). */
  ni: 5,
  nh: 5,
  no: 5,
  /** Rank of the random task. */
  rank: 3,
  /** Σ_yx of the custom task: rows separated by `;` or new lines, entries by `,` or spaces. */
  sigma: '2, 0.5; 0.1, 1',
  /** Seed of the task and the initial weights. */
  seed: 1,
  /** Final time t/τ. */
  tEnd: 20,
  /** Number of exact evaluation times. */
  points: 400,
  /** Learning rate η (GD step k ↔ t = kη). */
  eta: 0.05,
  /** Simulation: `gd` or `flow` (gradient flow, DOP853). */
  method: 'gd',
  /** Time of the representation heatmaps, as a fraction of tEnd. */
  rsmAt: 0.25,
} satisfies ViewParams;

/** The parameter record of the view (after URL decoding). */
export type TwoLayerParams = typeof TWO_LAYER_DEFAULTS;

/**
 * Parses a matrix typed as text: rows separated by `;` or new lines, entries by commas or spaces.
 * @throws ConfigError (path `sigma`) for an empty, ragged or non-numeric matrix
 * @example
 * parseMatrixText('2, 0.5; 0.1 1'); // [[2, 0.5], [0.1, 1]]
 */
export function parseMatrixText(text: string, path = 'sigma'): number[][] {
  const rows = text
    .split(/[;\n]/)
    .map((r) => r.trim())
    .filter((r) => r.length > 0)
    .map((r) => r.split(/[\s,]+/).filter((v) => v.length > 0));
  if (rows.length === 0) throw new ConfigError(`${path}: the matrix is empty; type rows separated by ";" with entries separated by ",", e.g. "2, 0.5; 0.1, 1".`, { path });
  const out = rows.map((r, i) =>
    r.map((v, j) => {
      const x = Number(v);
      if (!Number.isFinite(x)) throw new ConfigError(`${path}: entry (${i + 1}, ${j + 1}) is "${v}", not a number; type numbers like 0.5 or -1e-2.`, { path });
      return x;
    }),
  );
  const n = out[0].length;
  const bad = out.findIndex((r) => r.length !== n);
  if (bad >= 0) throw new ConfigError(`${path}: ragged matrix: row 1 has ${n} entries but row ${bad + 1} has ${out[bad].length}; give every row the same number of entries.`, { path });
  return out;
}

/** Number of GD steps of the view's simulation: round(tEnd/η), at least 1. */
export function stepsOf(p: Pick<TwoLayerParams, 'tEnd' | 'eta'>): number {
  return Math.max(1, Math.round(p.tEnd / p.eta));
}

/**
 * The experiment document of the view's configuration: model two-layer-linear, the chosen task, a
 * λ-balanced init (`scale`, `seed`, `hidden` = N_h) and the simulation (`gd` with η and
 * round(tEnd/η) steps, or `flow` to tEnd). Validated with src/config, so `lazyrich run` accepts it.
 * @throws ConfigError naming the field when a parameter is invalid
 * @example
 * twoLayerDocument({ ...TWO_LAYER_DEFAULTS, lambda: 1 }).init; // { kind: 'lambda-balanced', lambda: 1, … }
 */
export function twoLayerDocument(p: TwoLayerParams): ExperimentDocument {
  let task: Record<string, unknown>;
  let hidden: number | undefined;
  if (p.task === 'semantic') task = { kind: 'semantic' };
  else if (p.task === 'custom') task = { kind: 'whitened', sigmaYX: parseMatrixText(p.sigma) };
  else if (p.task === 'random') {
    task = { kind: 'random-low-rank', ni: p.ni, no: p.no, rank: Math.min(p.rank, p.ni, p.no), seed: p.seed };
    hidden = p.nh;
  } else throw new ConfigError(`task: "${p.task}" is not a task of this view; choose semantic, random or custom.`, { path: 'task' });
  const train =
    p.method === 'flow'
      ? { method: 'flow', tEnd: p.tEnd }
      : { method: 'gd', learningRate: p.eta, steps: stepsOf(p) };
  const doc = {
    model: { kind: 'two-layer-linear' },
    task,
    init: { kind: 'lambda-balanced', lambda: p.lambda, scale: p.scale, seed: p.seed, ...(hidden !== undefined ? { hidden } : {}) },
    train,
    seed: p.seed,
  };
  return validateExperiment(doc);
}

/**
 * `n` evenly spaced evaluation times of the exact solution from 0 to tEnd (t/τ; at least 2).
 * @example
 * timeGrid(10, 5); // [0, …, 10] (5 increasing times)
 */
export function timeGrid(tEnd: number, n: number): Float64Array {
  const m = Math.max(2, Math.floor(n));
  const out = new Float64Array(m);
  for (let i = 0; i < m; i++) out[i] = (tEnd * i) / (m - 1);
  return out;
}
