/**
 * Fig. 5 of Dominé et al. 2025, spec §5.5 (+ recipe R9): architecture × λ and the "delayed rich"
 * regime.
 *
 * **Protocol** [S] (spec §5.5 suggestion): funnel 7-3-3, square 3-3-3 and inverted funnel 3-3-7,
 * λ ∈ {−10, 0, 10}, a small-scale λ-balanced init (network singular values 1e-3), a random whitened
 * regression task per shape (P = 20, as in R3). The NTK kernel distance S(K(0), K(t)) (§4.4, Fort et
 * al. 2020, on the task's inputs X) and the excess loss L − L_min = ½‖W(t) − Σ_yx‖²_F are drawn
 * against log t from the closed form (§3.4, any t), with DOP853 gradient-flow markers from the same
 * start.
 *
 * **Expected** (§3.5): funnels are lazy as λ → +∞ and inverted funnels as λ → −∞ (tiny kernel
 * distance, exponential convergence at rate ≈ |λ|); the opposite sign gives a fast lazy phase that
 * fits only what the big layer's fixed row/column space can express, a plateau, then a slow rich
 * phase at rate min_α (k_α − |λ|/2) = s̃_α²/(k_α + |λ|/2) (R9).
 * @module
 */
import { Matrix } from '../../linalg/matrix.js';
import { matmul, sub } from '../../linalg/ops.js';
import { frobeniusNorm } from '../../linalg/norms.js';
import { svd } from '../../linalg/decompositions.js';
import { createRandom, type RandomStream } from '../../random/index.js';
import { smallMultiples, type LineSeries, type Panel, type ReferenceLine } from '../../plot/index.js';
import { gaussianRegressionTask, type DataTask } from '../../tasks/index.js';
import { gradientFlow } from '../../train/index.js';
import { exactSolution, delayedRichRate, type ExactState } from '../../theory/lazy-to-rich/index.js';
import { ntkKernelDistance } from '../../metrics/index.js';
import type { Budget, Experiment, ExperimentCheck, ExperimentOptions, ExperimentResult } from '../types.js';
import { check, distFro, drawBalancedInit, fittedDecayRate, fmt, lambdaLabel, logspace, product, relFro, shapeLabel, table } from './common.js';

/** Settings of one run of the Fig. 5 experiment. */
export interface Fig5Settings {
  readonly shapes: ReadonlyArray<readonly [number, number, number]>;
  readonly lambdas: readonly number[];
  /** Network singular values of the initial W(0) (small-scale init). */
  readonly scale: number;
  readonly samples: number;
  /** Closed-form curve: log-spaced times from tMin to tMax. */
  readonly tMin: number;
  readonly tMax: number;
  readonly points: number;
  /** Gradient-flow markers up to this time. */
  readonly flowEnd: number;
  readonly flowPoints: number;
}

/** Settings per budget (`test`: the unit tests' size). */
export function fig5Settings(budget: Budget | 'test'): Fig5Settings {
  const shapes = [[7, 3, 3], [3, 3, 3], [3, 3, 7]] as const;
  const lambdas = [-10, 0, 10];
  if (budget === 'paper') return { shapes, lambdas, scale: 1e-3, samples: 20, tMin: 1e-3, tMax: 1e4, points: 600, flowEnd: 1e4, flowPoints: 50 };
  if (budget === 'quick') return { shapes, lambdas, scale: 1e-3, samples: 20, tMin: 1e-3, tMax: 1e4, points: 300, flowEnd: 3000, flowPoints: 30 };
  return { shapes, lambdas, scale: 1e-3, samples: 20, tMin: 1e-3, tMax: 1e4, points: 120, flowEnd: 20, flowPoints: 12 };
}

/** Closed form vs DOP853 (rtol = 1e-13, atol = 1e-14) relative error of W(t) (the integrator's error dominates; see fig2). */
export const FIG5_FLOW_TOLERANCE = 1e-9;
/** Tolerances of the reference gradient flow. */
export const FIG5_FLOW_RTOL = 1e-13;
export const FIG5_FLOW_ATOL = 1e-14;

interface Case {
  shape: readonly [number, number, number];
  lambda: number;
  task: DataTask;
  W1: Matrix;
  W2: Matrix;
  redraws: number;
  times: number[];
  states: ExactState[];
  residual: number[];
  excessLoss: number[];
  kernel: number[];
  flowTimes: number[];
  flowResidual: number[];
  flowKernel: number[];
  flowErr: number;
  regime: string;
  rate: number;
  residualAt: (t: number) => number;
  kernelAt: (t: number) => number;
}

function runCase(shape: readonly [number, number, number], lambda: number, settings: Fig5Settings, root: RandomStream): Case {
  const [ni, nh, no] = shape;
  const label = shapeLabel(ni, nh, no);
  const task = gaussianRegressionTask(root.split('task', label), { ni, no, p: settings.samples, whiten: 'pca' });
  const X = task.X;
  const { W1, W2, redraws } = drawBalancedInit(task, lambda, nh, root.split('init', label, String(lambda)), { scale: settings.scale });
  const sol = exactSolution(task, { W1, W2 });
  const times = logspace(settings.tMin, settings.tMax, settings.points);
  const states = sol.trajectory([0, ...times]);
  const s0 = states[0];
  const rest = states.slice(1);
  const residual = rest.map((s) => distFro(s.W, task.sigmaYX));
  const kernel = rest.map((s) => ntkKernelDistance(s0, s, X));
  const flowTimes = logspace(1e-2, settings.flowEnd, settings.flowPoints);
  const flow = gradientFlow(task, { W1, W2 }, { times: [0, ...flowTimes], rtol: FIG5_FLOW_RTOL, atol: FIG5_FLOW_ATOL });
  const flowStates = sol.trajectory(flowTimes);
  let flowErr = 0;
  const flowResidual: number[] = [];
  const flowKernel: number[] = [];
  flowTimes.forEach((_, k) => {
    const [a, b] = flow.weights[k + 1];
    const W = product(b, a);
    flowErr = Math.max(flowErr, relFro(W, flowStates[k].W));
    flowResidual.push(distFro(W, task.sigmaYX));
    flowKernel.push(ntkKernelDistance(s0, { W1tW1: matmul(a, a, { transA: true }), W2W2t: matmul(b, b, { transB: true }) }, X));
  });
  return {
    shape, lambda, task, W1, W2, redraws, times, states: rest, residual,
    excessLoss: residual.map((r) => 0.5 * r * r), kernel, flowTimes, flowResidual, flowKernel, flowErr,
    regime: sol.diagnostics.regime,
    rate: sol.diagnostics.asymptoticRate,
    residualAt: (t) => distFro(sol.networkFunction(t), task.sigmaYX),
    kernelAt: (t) => ntkKernelDistance(s0, sol.at(t), X),
  };
}

/** ‖Σ_yx (I − P)‖_F with P the projector on the row space of W₁ (what a frozen first layer can fit). */
function frozenRowSpaceResidual(sigma: Matrix, W1: Matrix): number {
  const { Vt } = svd(W1);
  const V = Matrix.zeros(W1.cols, W1.rows);
  for (let i = 0; i < W1.cols; i++) for (let a = 0; a < W1.rows; a++) V.data[i * W1.rows + a] = Vt.data[a * W1.cols + i];
  const proj = matmul(matmul(sigma, V), V, { transB: true });
  return frobeniusNorm(sub(sigma, proj));
}

/** ‖(I − P) Σ_yx‖_F with P the projector on the column space of W₂ (what a frozen second layer can fit). */
function frozenColumnSpaceResidual(sigma: Matrix, W2: Matrix): number {
  const { U } = svd(W2);
  const Uc = Matrix.zeros(W2.rows, W2.cols);
  for (let i = 0; i < W2.rows; i++) for (let a = 0; a < W2.cols; a++) Uc.data[i * W2.cols + a] = U.data[i * U.cols + a];
  const proj = matmul(Uc, matmul(Uc, sigma, { transA: true }));
  return frobeniusNorm(sub(sigma, proj));
}

const LAMBDA_COLORS = ['#0072b2', '#000000', '#d55e00'];
const LAMBDA_DASHES = ['6 3', '', ''];

/**
 * Runs Fig. 5 at the given size (`test` is an internal, smaller size for the unit tests); `overrides`
 * replace individual settings (tests use them to show that a check can fail). Pure and deterministic
 * given the seed; time is t/τ (GD step k ↔ t = k·η).
 *
 * @example
 * const result = runFig5({ budget: 'quick', seed: 0 });
 * result.checks.filter((c) => c.name.startsWith('Delayed-rich decay rate')).every((c) => c.pass); // → true
 */
export function runFig5(options: { budget: Budget | 'test'; seed: number }, overrides: Partial<Fig5Settings> = {}): ExperimentResult {
  const settings: Fig5Settings = { ...fig5Settings(options.budget), ...overrides };
  const root = createRandom(options.seed, 'lazy-to-rich', 'fig5');
  const cases: Case[] = [];
  for (const shape of settings.shapes) for (const lambda of settings.lambdas) cases.push(runCase(shape, lambda, settings, root));
  const find = (label: string, lambda: number): Case | undefined => cases.find((c) => shapeLabel(...c.shape) === label && c.lambda === lambda);

  // Figure: row 1 kernel distance, row 2 excess loss; one column per shape; one colour per λ.
  const panels: Panel[] = [];
  for (const row of ['kernel', 'loss'] as const) {
    for (const shape of settings.shapes) {
      const label = shapeLabel(...shape);
      const series: LineSeries[] = [];
      const lines: ReferenceLine[] = [];
      settings.lambdas.forEach((lambda, i) => {
        const c = find(label, lambda);
        if (c === undefined) return;
        const color = LAMBDA_COLORS[i % LAMBDA_COLORS.length];
        const y = row === 'kernel' ? c.kernel : c.excessLoss;
        const ys = row === 'kernel' ? c.flowKernel : c.flowResidual.map((r) => 0.5 * r * r);
        series.push({ x: c.times, y, label: lambdaLabel(lambda), color, dash: LAMBDA_DASHES[i % LAMBDA_DASHES.length] });
        series.push({ x: c.flowTimes, y: ys, color, marker: 'circle' });
        if (i === settings.lambdas.length - 1) series.push({ x: [], y: [], label: 'markers: gradient flow', color: '#555555', marker: 'circle' });
        if (c.regime === 'delayed-rich' && c.rate > 0) lines.push({ kind: 'vertical', x: 1 / c.rate, label: `1/rate (${lambdaLabel(lambda)})`, color });
      });
      panels.push({
        kind: 'line',
        title: `${label} ${shape[0] > shape[2] ? '(funnel)' : shape[0] < shape[2] ? '(inverted funnel)' : '(square)'}`,
        series,
        lines,
        x: { label: 't', unit: 't/τ', scale: 'log' },
        y: row === 'kernel' ? { label: 'kernel distance S(K(0), K(t))' } : { label: 'L − L_min = ½‖W − Σ_yx‖²', scale: 'log', domain: [1e-16, 10] },
      });
    }
  }
  const svg = smallMultiples({
    title: 'Fig. 5 · architecture × λ: kernel distance and loss (lines: exact; markers: gradient flow)',
    columns: settings.shapes.length,
    panels,
    panelWidth: 420,
    panelHeight: 300,
  });

  const checks: ExperimentCheck[] = [];
  const flowErr = Math.max(...cases.map((c) => c.flowErr));
  checks.push(check(
    `Gradient flow (DOP853, rtol = ${FIG5_FLOW_RTOL}, atol = ${FIG5_FLOW_ATOL}) vs exact, all shapes × λ`,
    'closed form = gradient flow (R3)',
    `max_t rel. error of W(t) = ${fmt(flowErr)} (t ≤ ${fmt(settings.flowEnd)})`,
    `≤ ${fmt(FIG5_FLOW_TOLERANCE)}`,
    flowErr <= FIG5_FLOW_TOLERANCE,
  ));

  // The funnel and inverted funnel with the largest |λ| of the sweep: the mismatched sign is delayed
  // rich (funnel λ < 0, inverted funnel λ > 0), the matching sign lazy (spec §3.5).
  const big = Math.max(...settings.lambdas.map(Math.abs));
  const pairs: Array<{ label: string; delayed: number; matching: number; kind: 'row' | 'column'; claim: string }> = [];
  const funnel = settings.shapes.find((sh) => sh[0] > sh[2]);
  const inverted = settings.shapes.find((sh) => sh[0] < sh[2]);
  if (funnel !== undefined) pairs.push({ label: shapeLabel(...funnel), delayed: -big, matching: big, kind: 'row', claim: 'funnels lazy as λ → +∞' });
  if (inverted !== undefined) pairs.push({ label: shapeLabel(...inverted), delayed: big, matching: -big, kind: 'column', claim: 'inverted funnels lazy as λ → −∞' });
  for (const { label, delayed: lambda, kind } of pairs) {
    const c = find(label, lambda);
    if (c === undefined) continue;
    const r1 = c.residualAt(1);
    const r10 = c.residualAt(10);
    const predicted = kind === 'row' ? frozenRowSpaceResidual(c.task.sigmaYX, c.W1) : frozenColumnSpaceResidual(c.task.sigmaYX, c.W2);
    const plateau = r10 / r1;
    checks.push(check(
      `Delayed-rich plateau, ${label} ${lambdaLabel(lambda)}`,
      `‖W − Σ‖ plateaus from t = 1 to 10 (R9: ≈ 0.45 on the spec's task)`,
      `‖W − Σ‖(1) = ${fmt(r1, 4)}, ‖W − Σ‖(10) = ${fmt(r10, 4)} (ratio ${fmt(plateau, 3)}); frozen-${kind}-space prediction ${fmt(predicted, 4)}`,
      '|‖W − Σ‖(1) − prediction| ≤ 5 % (the lazy phase ends on the plateau) and ratio in [0.7, 1] (still there at t = 10)',
      plateau >= 0.7 && plateau <= 1 && Math.abs(r1 - predicted) <= 0.05 * predicted,
    ));
    const rate = delayedRichRate(c.task, lambda);
    // Late window where the slowest mode dominates: from 8/rate to 16/rate.
    const window = logspace(8 / rate, 16 / rate, 20);
    const fitted = fittedDecayRate(window, window.map((t) => c.residualAt(t)));
    // The same fit on an independent simulation: DOP853 from the same start, output on the window.
    const sim = gradientFlow(c.task, { W1: c.W1, W2: c.W2 }, { times: window, rtol: FIG5_FLOW_RTOL, atol: FIG5_FLOW_ATOL });
    const fittedSim = fittedDecayRate(window, sim.weights.map(([a, b]) => distFro(product(b, a), c.task.sigmaYX)));
    const relDiff = Math.abs(fitted - rate) / rate;
    const relDiffSim = Math.abs(fittedSim - rate) / rate;
    checks.push(check(
      `Delayed-rich decay rate, ${label} ${lambdaLabel(lambda)}`,
      'late decay at rate min_α(k_α − |λ|/2) (R9; spec measured 0.0043 vs 0.00434)',
      `fitted ${fmt(fitted, 4)} (closed form) and ${fmt(fittedSim, 4)} (DOP853) on t ∈ [${fmt(window[0])}, ${fmt(window[window.length - 1])}] vs predicted ${fmt(rate, 4)} (${fmt(100 * relDiff, 2)} %, ${fmt(100 * relDiffSim, 2)} %)`,
      '≤ 3 % relative, both',
      relDiff <= 0.03 && relDiffSim <= 0.03,
    ));
  }
  // Matching direction: lazy and fast.
  for (const { label, matching: lambda } of pairs) {
    const c = find(label, lambda);
    if (c === undefined) continue;
    const r1 = c.residualAt(1);
    checks.push(check(
      `Matching direction converges fast, ${label} ${lambdaLabel(lambda)}`,
      '‖W − Σ‖ < 1e-4 by t = 1 (R9)',
      `‖W − Σ‖(1) = ${fmt(r1)}`,
      '< 1e-4',
      r1 < 1e-4,
    ));
  }
  // Laziness: kernel distance at convergence.
  const tEnd = settings.tMax;
  const rows: string[] = [];
  const sInf = (label: string, lambda: number): number => find(label, lambda)?.kernelAt(tEnd) ?? Number.NaN;
  for (const { label, matching: lazyLambda, claim } of pairs) {
    if (find(label, lazyLambda) === undefined || find(label, 0) === undefined || find(label, -lazyLambda) === undefined) continue;
    const lazy = sInf(label, lazyLambda);
    const rich = sInf(label, 0);
    const delayed = sInf(label, -lazyLambda);
    rows.push(`${label}: ${lambdaLabel(lazyLambda)} ${fmt(lazy)}, λ = 0 ${fmt(rich)}, ${lambdaLabel(-lazyLambda)} ${fmt(delayed)}`);
    checks.push(check(
      `Lazy regime, ${label} ${lambdaLabel(lazyLambda)}: S(K(0), K(${fmt(tEnd)}))`,
      `${claim} (§5.5): NTK nearly static`,
      `S = ${fmt(lazy)} (λ = 0: ${fmt(rich)}; ${lambdaLabel(-lazyLambda)}: ${fmt(delayed)})`,
      'S ≤ 0.05 and ≤ S(λ = 0)/5 and ≤ S(opposite sign)/5',
      lazy <= 0.05 && lazy <= rich / 5 && lazy <= delayed / 5,
    ));
  }

  const tableCols: Record<string, Array<number | string>> = { shape: [], lambda: [], t: [], residual: [], excessLoss: [], kernelDistance: [] };
  for (const c of cases) {
    c.times.forEach((t, k) => {
      tableCols.shape.push(shapeLabel(...c.shape));
      tableCols.lambda.push(c.lambda);
      tableCols.t.push(t);
      tableCols.residual.push(c.residual[k]);
      tableCols.excessLoss.push(c.excessLoss[k]);
      tableCols.kernelDistance.push(c.kernel[k]);
    });
  }
  const summary = {
    shape: cases.map((c) => shapeLabel(...c.shape)),
    lambda: cases.map((c) => c.lambda),
    regime: cases.map((c) => c.regime),
    asymptoticRate: cases.map((c) => c.rate),
    residualAt1: cases.map((c) => c.residualAt(1)),
    residualAt10: cases.map((c) => c.residualAt(10)),
    kernelDistanceAt1: cases.map((c) => c.kernelAt(1)),
    kernelDistanceAtEnd: cases.map((c) => c.kernelAt(tEnd)),
    flowMaxRelErrW: cases.map((c) => c.flowErr),
    redraws: cases.map((c) => c.redraws),
  };
  return {
    id: 'lazy-to-rich/fig5',
    title: 'Fig. 5 — architecture × λ, delayed rich',
    figures: [{
      name: 'fig5',
      caption: `S(K(0), K(t)) and ½‖W − Σ_yx‖² against log t for 7-3-3, 3-3-3, 3-3-7 × λ ∈ {${settings.lambdas.map((l) => fmt(l).replace('-', '−')).join(', ')}}; lines exact (§3.4), markers DOP853 gradient flow; dashed verticals at 1/min_α(k_α − |λ|/2) for the delayed-rich cases.`,
      svg,
    }],
    tables: [
      table('fig5-curves', tableCols, { t: 't/τ', residual: '‖W − Σ_yx‖_F', excessLoss: 'L − L_min', kernelDistance: 'S(K(0), K(t))' }),
      table('fig5-summary', summary, { asymptoticRate: '1/τ', residualAt1: '‖W − Σ‖ at t = 1', kernelDistanceAtEnd: `S at t = ${fmt(tEnd)}` }),
    ],
    checks,
    notes: [
      `Settings [S] (spec §5.5 suggestion; the paper's exact settings are unknown): shapes 7-3-3, 3-3-3, 3-3-7; λ ∈ {${settings.lambdas.map((l) => fmt(l).replace('-', '−')).join(', ')}}; λ-balanced init with network singular values ${fmt(settings.scale)}; random whitened regression task per shape (P = ${settings.samples}).`,
      `Closed form on ${settings.points} log-spaced times in [${fmt(settings.tMin)}, ${fmt(settings.tMax)}]; gradient flow (DOP853, rtol = ${FIG5_FLOW_RTOL}, atol = ${FIG5_FLOW_ATOL}) at ${settings.flowPoints} times up to t = ${fmt(settings.flowEnd)}.`,
      'Plateau prediction [D, checked here]: in the fast lazy phase the big layer is frozen, so W fits Σ_yx projected on the row space of W₁(0) (funnel, λ < 0) or the column space of W₂(0) (inverted funnel, λ > 0); the plateau height is the residual ‖Σ_yx(I − P)‖_F.',
      `Kernel distances at t = ${fmt(tEnd)}: ${rows.join('; ')}.`,
      'At λ = 0 on the square shape the draw is repeated until sign det W(0) = sign det Σ_yx (B non-singular, §3.3).',
    ],
  };
}

/** The registered experiment. */
export const fig5Experiment: Experiment = {
  id: 'lazy-to-rich/fig5',
  title: 'Fig. 5 — architecture × λ, delayed rich',
  reproduces: 'Dominé et al. 2025, Fig. 5 (spec §5.5, recipe R9)',
  run: (options: ExperimentOptions) => runFig5(options),
};
