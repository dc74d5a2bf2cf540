/**
 * What the phase-diagram view computes (pure; run in its worker): the (γ_σ², γ_w) grid of Tu,
 * Aranguri & Jacot (2024) measured by early-stopped GD at small d — the very point function of the
 * registered `mixed/fig2` experiment ({@link fig2Point}, with its streams, so the same grid
 * reproduces the experiment's cells) — and the width-exponent grid of Xu & Ziyin (2025): the phase
 * of §B.5 and, at finite width d, K∞/K₀ and ζ∞ of the closed form at a sampled Gaussian init.
 * @module
 */
import { createRandom } from '../../../../random/index.js';
import { svdValues } from '../../../../linalg/decompositions.js';
import { spectralNorm } from '../../../../linalg/norms.js';
import { noisyLowRankTask } from '../../../../tasks/noisy-low-rank.js';
import { fig2Point, mixedFig2Settings, type Fig2Point } from '../../../../experiments/mixed/fig2.js';
import { linspace } from '../../../../experiments/lazy-to-rich/common.js';
import { phaseBoundaries, scalarWidthExact, widthPhase, type WidthExponents, type WidthPhase } from '../../../../theory/three-mechanisms/index.js';
import { scalarWidthInit } from '../../../../models/scalar-width.js';

/** The grid of the mixed (γ_σ², γ_w) diagram. */
export interface MixedGridSpec {
  /** Size d of the square task (d_in = d_out = d). */
  d: number;
  /** Rank k of A*. */
  rank: number;
  nx: number;
  ny: number;
  gsMin: number;
  gsMax: number;
  gwMin: number;
  gwMax: number;
  /** Maximum GD iterations (750 in the paper's code). */
  maxIterations: number;
  seed: number;
}

/** One computed cell of the mixed diagram (flattened {@link Fig2Point}). */
export interface MixedCell {
  i: number;
  j: number;
  gammaSigma2: number;
  gammaW: number;
  width: number;
  sigma2: number;
  learningRate: number;
  minTest: number;
  stableRank: number;
  minIteration: number;
  /** ln max_n ‖A_GD − A_(1)‖²/d². */
  lnDistance: number;
  lazyPrediction: number;
  /** 0 active, 1 boundary, 2 lazy (classifier of §A.5-7). */
  regime: number;
  regimeLabel: string;
  infiniteNoise: boolean;
  underparameterized: boolean;
}

/** Grid values of the two axes. */
export function mixedAxes(spec: MixedGridSpec): { gs: number[]; gw: number[] } {
  return { gs: linspace(spec.gsMin, spec.gsMax, spec.nx), gw: linspace(spec.gwMin, spec.gwMax, spec.ny) };
}

function cellOf(p: Fig2Point, i: number, j: number): MixedCell {
  return {
    i,
    j,
    gammaSigma2: p.gammaSigma2,
    gammaW: p.gammaW,
    width: p.width,
    sigma2: p.sigma2,
    learningRate: p.learningRate,
    minTest: p.minTest,
    stableRank: p.stableRankAtMin,
    minIteration: p.minIteration,
    lnDistance: Math.log(p.distance),
    lazyPrediction: p.lazyPrediction,
    regime: p.regime.regime === 'active' ? 0 : p.regime.regime === 'boundary' ? 1 : 2,
    regimeLabel: p.regime.regime,
    infiniteNoise: p.regime.infiniteNoise,
    underparameterized: p.regime.underparameterized,
  };
}

/**
 * Computes the mixed grid row by row (γ_w ascending), calling `onRow` after each row. Streams as in
 * `runMixedFig2`: the task from `createRandom(seed, 'mixed', 'fig2').split('task')`, cell (i, j)
 * from `.split('init', i, j)`.
 * @example
 * const cells = mixedGrid({ d: 20, rank: 5, nx: 8, ny: 8, gsMin: -3, gsMax: 0, gwMin: 0, gwMax: 2.8, maxIterations: 750, seed: 0 });
 */
export function mixedGrid(spec: MixedGridSpec, onRow: (row: MixedCell[], j: number) => void = () => {}): { cells: MixedCell[]; ySingularValues: number[] } {
  const st = { ...mixedFig2Settings('quick'), d: spec.d, rank: spec.rank, maxIterations: spec.maxIterations };
  const { gs, gw } = mixedAxes(spec);
  const root = createRandom(spec.seed, 'mixed', 'fig2');
  const task = noisyLowRankTask({ d: spec.d, rank: spec.rank, stream: root.split('task') });
  const ySv = svdValues(task.Y);
  const yStar = spectralNorm(task.Astar);
  const cells: MixedCell[] = [];
  for (let j = 0; j < gw.length; j++) {
    const row: MixedCell[] = [];
    for (let i = 0; i < gs.length; i++) {
      row.push(cellOf(fig2Point(task, ySv, yStar, { ...st, gammaSigma2: gs, gammaW: gw }, gs[i], gw[j], root.split('init', i, j)), i, j));
    }
    cells.push(...row);
    onRow(row, j);
  }
  return { cells, ySingularValues: Array.from(ySv) };
}

/** The exponent names of §B.5 a width diagram can put on its axes. */
export const EXPONENT_KEYS = ['c', 'eU', 'eW', 'bU', 'bW'] as const;

/** The grid of the width-exponent diagram. */
export interface WidthGridSpec {
  /** The fixed exponents; the two axis keys are overwritten per cell. */
  base: WidthExponents;
  xKey: keyof WidthExponents;
  yKey: keyof WidthExponents;
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
  n: number;
  /** Finite width of the sampled init. */
  d: number;
  /** Target slope a (Σ_xx = 1). */
  a: number;
  seed: number;
}

/** Numeric code of a phase for the heatmap. */
export const PHASE_CODES: Record<WidthPhase, number> = {
  'no-learning': 0,
  kernel: 1,
  'feature-learning': 2,
  'strong-feature-learning': 3,
  unstable: 4,
};

/** One cell of the width diagram. */
export interface WidthCell {
  i: number;
  j: number;
  x: number;
  y: number;
  phase: WidthPhase;
  phaseCode: number;
  /** log_d Δ = 𝒜 + max(𝓑, 0). */
  rateExp: number;
  /** log₁₀|K∞/K₀ − 1| at the sampled init of width d (floored at −12). */
  logKernelChange: number;
  /** ζ∞ at the sampled init. */
  zetaInf: number;
  /** t_c at the sampled init. */
  tc: number;
}

/**
 * The width-exponent grid: per cell the §B.5 phase and the closed form of the 1-D model at a
 * Gaussian init of width d with σ² = d^b (stream `createRandom(seed, 'explorer', 'width', i, j)`),
 * plus the two phase boundaries (𝓑 = 0 and learning in O(1) time) in the plane.
 * @example widthGrid({ base: { c: 1, eU: 1, eW: 1, bU: 0, bW: 0 }, xKey: 'c', yKey: 'eU', xMin: 0, xMax: 2, yMin: -1, yMax: 2, n: 16, d: 1000, a: 1, seed: 0 });
 */
export function widthGrid(spec: WidthGridSpec): { cells: WidthCell[]; xs: number[]; ys: number[]; boundaries: { name: string; x: number[]; y: number[] }[] } {
  const xs = linspace(spec.xMin, spec.xMax, spec.n);
  const ys = linspace(spec.yMin, spec.yMax, spec.n);
  const cells: WidthCell[] = [];
  const task = { a: spec.a, sigmaXX: 1 };
  for (let j = 0; j < ys.length; j++) {
    for (let i = 0; i < xs.length; i++) {
      const e: WidthExponents = { ...spec.base, [spec.xKey]: xs[i], [spec.yKey]: ys[j] };
      const ph = widthPhase(e, 1e-9);
      const d = spec.d;
      const init = scalarWidthInit(createRandom(spec.seed, 'explorer', 'width', i, j), d, { sigmaU: Math.sqrt(d ** e.bU), sigmaW: Math.sqrt(d ** e.bW) });
      const ex = scalarWidthExact({ kappa: d ** -e.c, etaU: d ** e.eU, etaW: d ** e.eW }, task, init);
      const change = Math.abs(ex.KInf / ex.K0 - 1);
      cells.push({
        i,
        j,
        x: xs[i],
        y: ys[j],
        phase: ph.phase,
        phaseCode: PHASE_CODES[ph.phase],
        rateExp: ph.rateExp,
        logKernelChange: Number.isFinite(change) ? Math.log10(Math.max(change, 1e-12)) : NaN,
        zetaInf: ex.zetaInf,
        tc: ex.tc,
      });
    }
  }
  const boundaries = phaseBoundaries(spec.base, spec.xKey, spec.yKey, [spec.xMin, spec.xMax], [spec.yMin, spec.yMax], 81).map((b) => ({
    name: b.name,
    x: Array.from(b.x),
    y: Array.from(b.y),
  }));
  return { cells, xs, ys, boundaries };
}
