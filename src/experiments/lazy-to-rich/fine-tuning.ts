/**
 * Dominé et al. 2025, App. D.4 (spec §5.10, §2.3 "Rebalancing"): fine-tuning. A network pre-trained
 * on task A is rebalanced to a new λ_FT at a fixed network function, then fine-tuned on a related
 * task B; the loss after a fixed fine-tuning budget is read off as a function of λ_FT.
 *
 * **Method.** Pre-train on A from a small λ-balanced init (λ_PT, DOP853 gradient flow to
 * convergence). `rebalance(W₁, W₂, λ_FT)` keeps W = W₂W₁ and sets W₂ᵀW₂ − W₁W₁ᵀ = λ_FT·I. Fine-tune
 * on B: exact solution (§3.4) from the rebalanced weights, checked against gradient flow at a few
 * λ_FT. Task B = A + a random perturbation of relative size `perturbation` (sign det Σ_B = sign det
 * Σ_A, so that λ_FT = 0 on square networks is not B-singular, §3.3).
 *
 * **What to expect.** With |λ_FT| large the fine-tuning dynamics become the shallow (lazy) limit
 * W(t) = Σ_B + (W(0) − Σ_B)e^{−|λ|t} (§3.5) for the "matching" sign (square: both signs; funnel
 * N_i > N_o: λ > 0), so the loss after a fixed budget falls with |λ_FT| ("larger λ_FT helps" [P]); for
 * a funnel, λ_FT ≪ 0 is the delayed-rich direction and fine-tuning slows down instead.
 *
 * @example
 * const result = fineTuningExperiment.run({ budget: 'quick', seed: 0 });
 * result.checks.every((c) => c.pass); // → true
 * @module
 */
import type { Experiment, ExperimentCheck, ExperimentOptions, ExperimentResult } from '../types.js';
import { Matrix } from '../../linalg/matrix.js';
import { det } from '../../linalg/solve.js';
import { createRandom, gaussianMatrix } from '../../random/index.js';
import { randomLowRankTask, taskLoss, whitenedTask, type LinearTask } from '../../tasks/index.js';
import { measureBalance, rebalance } from '../../init/index.js';
import { exactSolution } from '../../theory/lazy-to-rich/index.js';
import { gradientFlow } from '../../train/index.js';
import { smallMultiples, type Panel } from '../../plot/index.js';
import type { LineSeries } from '../../plot/line-plot.js';
import { check, fmt, lambdaLabel, linspace, logspace, product, relFro, shapeLabel, table, entryColor } from './common.js';
import { detMatchedBalancedInit } from './reversal.js';

/** One network shape N_i-N_h-N_o with N_h = min(N_i, N_o). */
export interface FineTuningShape {
  readonly ni: number;
  readonly no: number;
}

/** Settings of the fine-tuning experiment. */
export interface FineTuningSettings {
  readonly shapes: readonly FineTuningShape[];
  /** λ of pre-training and its init scale and duration. */
  readonly lambdaPretrain: number;
  readonly initScale: number;
  readonly tPretrain: number;
  /** λ_FT grid and the λ_FT values shown as loss curves / checked against gradient flow. */
  readonly lambdaGrid: readonly number[];
  readonly lambdaCurves: readonly number[];
  /** Fine-tuning budget (t/τ) at which the loss is read off. */
  readonly budgetTime: number;
  /** Relative size of the A → B perturbation. */
  readonly perturbation: number;
  readonly rtol: number;
  readonly atol: number;
}

/** The settings for a budget. */
export function fineTuningSettings(budget: ExperimentOptions['budget']): FineTuningSettings {
  const base = {
    shapes: [{ ni: 4, no: 4 }, { ni: 6, no: 3 }],
    lambdaPretrain: 0,
    initScale: 1e-3,
    tPretrain: 60,
    lambdaCurves: [-8, -2, 0, 2, 8],
    budgetTime: 0.5,
    perturbation: 0.5,
    rtol: 1e-11,
    atol: 1e-13,
  };
  return budget === 'paper' ? { ...base, lambdaGrid: linspace(-10, 10, 201) } : { ...base, lambdaGrid: linspace(-10, 10, 41) };
}

/** Task B = A + ε‖Σ_A‖·G/‖G‖ with G Gaussian, with sign det Σ_B = sign det Σ_A for square tasks. */
function relatedTask(A: LinearTask, eps: number, stream: ReturnType<typeof createRandom>): LinearTask {
  for (let attempt = 0; attempt < 64; attempt++) {
    const G = gaussianMatrix(stream.fork(attempt), A.no, A.ni);
    let gn = 0;
    let an = 0;
    for (const v of G.data) gn += v * v;
    for (const v of A.sigmaYX.data) an += v * v;
    const S = A.sigmaYX.clone();
    for (let k = 0; k < S.data.length; k++) S.data[k] += (eps * Math.sqrt(an / gn)) * G.data[k];
    if (A.ni !== A.no || Math.sign(det(S)) === Math.sign(det(A.sigmaYX))) return whitenedTask(S, { name: `${A.name} (perturbed)` });
  }
  throw new Error('relatedTask: no perturbation with the same det sign in 64 draws');
}

/** Runs the fine-tuning experiment with explicit settings. */
export function runFineTuning(options: ExperimentOptions, settings: FineTuningSettings = fineTuningSettings(options.budget)): ExperimentResult {
  const root = createRandom(options.seed, 'lazy-to-rich', 'fine-tuning');
  const checks: ExperimentCheck[] = [];
  const panels: Panel[] = [];
  const gridRows: Record<string, Array<number | string>> = { shape: [], lambdaFT: [], lossAtBudget: [] };
  const curveTimes = logspace(1e-3, 20, 60);
  for (const [si, shape] of settings.shapes.entries()) {
    const r = Math.min(shape.ni, shape.no);
    const label = shapeLabel(shape.ni, r, shape.no);
    const sv = Array.from({ length: r }, (_, a) => 2 - (1.5 * a) / Math.max(1, r - 1));
    const taskA = randomLowRankTask(root.split('task', label), { ni: shape.ni, no: shape.no, rank: r, singularValues: sv, name: `A ${label}` });
    const taskB = relatedTask(taskA, settings.perturbation, root.split('perturbation', label));
    const init = detMatchedBalancedInit(taskA, settings.lambdaPretrain, settings.initScale, root.split('init', label));
    const pre = gradientFlow(taskA, init, { times: [settings.tPretrain], rtol: settings.rtol, atol: settings.atol });
    const [W1, W2] = pre.weights[pre.weights.length - 1];
    const Wpre = product(W2, W1);
    const preLoss = taskLoss(taskA, Wpre);
    let worstFunction = 0;
    let worstBalance = 0;
    const lossAtBudget: number[] = [];
    for (const lft of settings.lambdaGrid) {
      const rb = rebalance(W1, W2, lft);
      worstFunction = Math.max(worstFunction, relFro(product(rb.W2, rb.W1), Wpre));
      const mb = measureBalance(rb.W1, rb.W2);
      worstBalance = Math.max(worstBalance, Math.abs(mb.lambda - lft) + mb.deviation);
      const sol = exactSolution(taskB, rb);
      const l = sol.loss(settings.budgetTime);
      lossAtBudget.push(l);
      gridRows.shape.push(label);
      gridRows.lambdaFT.push(lft);
      gridRows.lossAtBudget.push(l);
    }
    checks.push(check(
      `${label}: rebalance keeps the pre-trained function and sets the new λ`,
      'rebalancing at fixed function (§2.3 [D, V])',
      `max ‖W′ − W‖/‖W‖ = ${fmt(worstFunction)}, max |λ′ − λ_FT| + ‖B′ − λ′I‖ = ${fmt(worstBalance)}; pre-training loss ${fmt(preLoss)}`,
      '≤ 1e-12 and ≤ 1e-10',
      worstFunction <= 1e-12 && worstBalance <= 1e-10,
    ));
    // Exact vs simulation on a few λ_FT.
    let worstSim = 0;
    const series: LineSeries[] = [];
    settings.lambdaCurves.forEach((lft, ci) => {
      const rb = rebalance(W1, W2, lft);
      const sol = exactSolution(taskB, rb);
      const exact = curveTimes.map((t) => sol.loss(t));
      const sim = gradientFlow(taskB, rb, { times: curveTimes, rtol: settings.rtol, atol: settings.atol });
      for (let k = 0; k < curveTimes.length; k++) worstSim = Math.max(worstSim, Math.abs(sim.loss[k] - exact[k]) / Math.max(exact[k], 1e-6));
      series.push({ x: curveTimes, y: exact.map((v) => Math.max(v, 1e-16)), label: `λ_FT = ${fmt(lft).replace('-', '−')}`, color: entryColor(ci), width: 2 });
      series.push({ x: curveTimes.filter((_, k) => k % 3 === 0), y: Array.from(sim.loss).filter((_, k) => k % 3 === 0).map((v) => Math.max(v, 1e-16)), color: entryColor(ci), marker: 'circle', line: false });
    });
    checks.push(check(
      `${label}: fine-tuning loss, exact solution vs DOP853 gradient flow from the rebalanced weights`,
      'closed form applies after rebalancing (λ-balanced start)',
      `max relative difference ${fmt(worstSim)} over λ_FT ∈ {${settings.lambdaCurves.join(', ')}}`,
      '≤ 1e-6 (absolute below loss 1e-6)',
      worstSim <= 1e-6,
    ));
    const g = settings.lambdaGrid;
    const i0 = g.indexOf(0);
    const posIdx = g.map((l, i) => (l >= 0 ? i : -1)).filter((i) => i >= 0);
    const negIdx = g.map((l, i) => (l <= 0 ? i : -1)).filter((i) => i >= 0).reverse();
    const decreasing = (idx: number[]): boolean => idx.every((q, k) => k === 0 || lossAtBudget[q] < lossAtBudget[idx[k - 1]]);
    const posHelps = decreasing(posIdx);
    const negHelps = decreasing(negIdx);
    const lMax = lossAtBudget[g.length - 1];
    const lMin = lossAtBudget[0];
    if (shape.ni === shape.no) {
      // Square, full rank: τẆ = A(Σ − W) + (Σ − W)B with A = (WWᵀ + λ²/4)^{1/2}, B = (WᵀW + λ²/4)^{1/2}
      // (the ±λ/2 parts of W₂W₂ᵀ and W₁ᵀW₁ cancel, §4.2), so W(t) depends on λ only through λ².
      let worstSym = 0;
      g.forEach((l, i) => {
        const j = g.indexOf(-l);
        if (j >= 0) worstSym = Math.max(worstSym, Math.abs(lossAtBudget[i] - lossAtBudget[j]) / lossAtBudget[i]);
      });
      checks.push(check(
        `${label} (square): the fine-tuning loss is even in λ_FT`,
        '[D, ours] square full-rank nets: τẆ = (WWᵀ + λ²/4)^{1/2}(Σ − W) + (Σ − W)(WᵀW + λ²/4)^{1/2} depends on λ² only',
        `max |L(λ) − L(−λ)|/L(λ) = ${fmt(worstSym)}`,
        '≤ 1e-8',
        worstSym <= 1e-8,
      ));
      checks.push(check(
        `${label} (square): the loss after a fixed budget t = ${settings.budgetTime} falls as |λ_FT| grows, on both sides`,
        '"larger λ_FT helps" (App. D.4 [P]); square nets are lazy for λ → ±∞ (§3.5)',
        `loss at λ_FT = ${g[0]}, 0, ${g[g.length - 1]}: ${fmt(lMin)}, ${fmt(lossAtBudget[i0])}, ${fmt(lMax)}; monotone for λ ≥ 0: ${posHelps}, for λ ≤ 0: ${negHelps}`,
        'strictly decreasing in |λ_FT| on both sides',
        posHelps && negHelps,
      ));
    } else {
      checks.push(check(
        `${label} (funnel): λ_FT > 0 speeds fine-tuning up, λ_FT ≪ 0 is the delayed-rich direction`,
        '"larger λ_FT helps" (App. D.4 [P]); funnels are lazy for λ → +∞, delayed-rich for λ → −∞ (§3.5)',
        `loss at λ_FT = ${g[0]}, 0, ${g[g.length - 1]}: ${fmt(lMin)}, ${fmt(lossAtBudget[i0])}, ${fmt(lMax)}; monotone decreasing for λ ≥ 0: ${posHelps}`,
        'strictly decreasing for λ_FT ≥ 0, and loss(λ_FT = max) < loss(0) < loss(λ_FT = min)',
        posHelps && lMax < lossAtBudget[i0] && lossAtBudget[i0] < lMin,
      ));
    }
    panels.push({
      kind: 'line',
      title: `${label}: loss on B after t = ${settings.budgetTime} vs λ_FT`,
      series: [{ x: g, y: lossAtBudget, label: 'exact solution', color: entryColor(si) }],
      x: { label: 'λ_FT (after rebalancing)' },
      y: { label: `loss on B at t = ${settings.budgetTime}`, scale: 'log' },
      lines: [{ kind: 'vertical', x: 0, label: 'λ_FT = 0' }],
    });
    panels.push({
      kind: 'line',
      title: `${label}: fine-tuning loss curves`,
      series,
      x: { label: 'fine-tuning time t/τ', scale: 'log' },
      y: { label: 'loss on B', scale: 'log' },
    });
  }
  return {
    id: 'lazy-to-rich/fine-tuning',
    title: 'App. D.4: fine-tuning after rebalancing to λ_FT at fixed function',
    figures: [{
      name: 'fine-tuning',
      caption: `Fine-tuning on a perturbed task after rebalancing the pre-trained network to λ_FT: loss after a budget t = ${settings.budgetTime} vs λ_FT (left) and loss curves (right; lines exact, markers gradient flow).`,
      svg: smallMultiples({ title: 'App. D.4: fine-tuning vs the rebalanced λ_FT', columns: 2, panelWidth: 480, panelHeight: 330, panels }),
    }],
    tables: [table('fine-tuning-loss', gridRows, { lambdaFT: 'λ after rebalancing', lossAtBudget: `loss on B at t = ${settings.budgetTime}` })],
    checks,
    notes: [
      `Shapes ${settings.shapes.map((s) => shapeLabel(s.ni, Math.min(s.ni, s.no), s.no)).join(', ')}; task A random with s̃ from 2 down to 0.5, task B = A + perturbation of relative Frobenius size ${settings.perturbation}; pre-training at λ = ${settings.lambdaPretrain} (init scale ${settings.initScale}, det-matched) to t = ${settings.tPretrain} by DOP853 gradient flow; rebalance with the Procrustes-closest hidden rotation.`,
      'Found: for square full-rank networks W(t) depends on λ only through λ² (the ±λ/2 parts of the Gram matrices cancel in τẆ = W₂W₂ᵀ(Σ − W) + (Σ − W)W₁ᵀW₁), so the square fine-tuning curve is exactly even in λ_FT; rectangular networks break the symmetry through the null space of the larger Gram matrix.',
      'The paper draws a LoRA analogy (a large λ_FT makes one layer large and nearly fixed, the other small and adaptive); we reproduce the measurable part: the loss after a fixed budget vs λ_FT.',
    ],
  };
}

/** The registered fine-tuning experiment. */
export const fineTuningExperiment: Experiment = {
  id: 'lazy-to-rich/fine-tuning',
  title: 'App. D.4: fine-tuning',
  reproduces: 'Dominé et al. 2025, App. D.4 (spec §5.10)',
  run: (options) => runFineTuning(options),
};
