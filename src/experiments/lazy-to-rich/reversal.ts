/**
 * Dominé et al. 2025, App. D.2 (spec §5.9, §3.3, §3.7): reversal learning. After a network has
 * learned Σ_yx, the task switches to −Σ_yx.
 *
 * **Method.**
 * 1. *Aligned network.* The learned state is the task-aligned λ-balanced init with a_α(0) = −s̃_α
 *    relative to the reversed task (W(0) = Σ_yx exactly; `taskAlignedInit`). Per mode, a(t) follows
 *    the §3.7 closed form (`alignedModeValue`); the full-matrix closed form (`exactSolution`, §3.4)
 *    gives the same a_α(t) = (Ũ′ᵀW(t)Ṽ)_αα for λ ≠ 0 and **refuses at λ = 0**, where B = W₁Ṽ +
 *    W₂ᵀŨ′ = 0 (spec §3.3): the flow goes to the saddle a = 0 and stays there. A DOP853 gradient
 *    flow from the same weights shows the same numbers.
 * 2. *Random λ-balanced inits.* Several seeds: learn Σ from a small random λ-balanced init (gradient
 *    flow to t₁), then −Σ from the end state (to t₂); at λ = 0 the second phase stalls (an odd
 *    network size makes sign det W(0) ≠ sign det(−Σ), §3.3), any λ ≠ 0 succeeds.
 *
 * Checks: the [V] values a(5) = −2.3e-5, a(20) = 0 (λ = 0), a(5) = 0.965, a(20) = 1.000 (λ = 0.1),
 * a(5) = 0.9999 (λ = 1) for s̃ = 1, to the printed digits; the refusal and its explanation; the
 * success rate of random-init reversals.
 *
 * Time is t/τ (τ = 1).
 *
 * @example
 * const result = reversalExperiment.run({ budget: 'quick', seed: 0 });
 * result.checks.every((c) => c.pass); // → true
 * @module
 */
import type { Experiment, ExperimentCheck, ExperimentOptions, ExperimentResult } from '../types.js';
import { Matrix } from '../../linalg/matrix.js';
import { matmul } from '../../linalg/ops.js';
import { createRandom } from '../../random/index.js';
import { randomLowRankTask, reversedTask, taskSvd, taskLoss, type LinearTask } from '../../tasks/index.js';
import { lambdaBalancedInit, taskAlignedInit } from '../../init/index.js';
import { slogdet } from '../../linalg/solve.js';
import type { RandomStream } from '../../random/index.js';
import { alignedModeValue } from '../../theory/lazy-to-rich/aligned.js';
import { exactSolution } from '../../theory/lazy-to-rich/index.js';
import { gradientFlow } from '../../train/index.js';
import { smallMultiples, type Panel } from '../../plot/index.js';
import type { LineSeries } from '../../plot/line-plot.js';
import { check, fmt, lambdaLabel, linspace, logspace, product, table, entryColor } from './common.js';

/** Settings of the reversal experiment. */
export interface ReversalSettings {
  /** λ values (0 stalls; the spec's values are for 0, 0.1 and 1). */
  readonly lambdas: readonly number[];
  /** Task singular values (the first is the s̃ = 1 mode of the spec values). */
  readonly singularValues: readonly number[];
  /** End time of the reversal phase and number of output times. */
  readonly tEnd: number;
  readonly samples: number;
  /** Random-init part: number of seeds, init scale, phase lengths. */
  readonly seeds: number;
  readonly initScale: number;
  readonly tLearn: number;
  readonly tReverse: number;
  readonly rtol: number;
  readonly atol: number;
}

/** The settings for a budget. */
export function reversalSettings(budget: ExperimentOptions['budget']): ReversalSettings {
  const base = { lambdas: [0, 0.1, 1], singularValues: [1, 0.8, 0.6], tEnd: 20, initScale: 1e-2, tLearn: 40, tReverse: 40, rtol: 1e-12, atol: 1e-14 };
  return budget === 'paper' ? { ...base, samples: 201, seeds: 20 } : { ...base, samples: 81, seeds: 6 };
}

/** The spec §5.9 [V] values for the s̃ = 1 mode started at a = −1. */
export const REVERSAL_REFERENCE: ReadonlyArray<{ lambda: number; t: number; value: number; printed: string; digits: number }> = [
  { lambda: 0, t: 5, value: -2.3e-5, printed: '−2.3e-5', digits: 0.05e-5 },
  { lambda: 0, t: 20, value: 0, printed: '0', digits: 5e-4 },
  { lambda: 0.1, t: 5, value: 0.965, printed: '0.965', digits: 5e-4 },
  { lambda: 0.1, t: 20, value: 1.0, printed: '1.000', digits: 5e-4 },
  { lambda: 1, t: 5, value: 0.9999, printed: '0.9999', digits: 5e-5 },
];

/** Negates row 0 of W₂ (keeps W₂ᵀW₂, hence the balance, and flips sign det W). */
function flipFirstOutputRow(W2: Matrix): Matrix {
  const out = W2.clone();
  for (let j = 0; j < out.cols; j++) out.data[j] = -out.data[j];
  return out;
}

/**
 * A task-agnostic λ-balanced init of a square network whose det-sign matches Σ_yx
 * (spec §3.3: at λ = 0 a mismatched square init has a singular B and stalls at a saddle; we condition
 * on the matching sign for every λ so all λ share the same directions).
 */
export function detMatchedBalancedInit(task: LinearTask, lambda: number, scale: number, stream: RandomStream): { W1: Matrix; W2: Matrix } {
  const init = lambdaBalancedInit({ lambda, ni: task.ni, no: task.no, scale, stream });
  if (task.ni !== task.no) return { W1: init.W1, W2: init.W2 };
  const sW = slogdet(product(init.W2, init.W1)).sign;
  const sS = slogdet(task.sigmaYX).sign;
  return sW === sS ? { W1: init.W1, W2: init.W2 } : { W1: init.W1, W2: flipFirstOutputRow(init.W2) };
}

/** a_α(t) = (Ũᵀ W Ṽ)_αα of a network map W. */
function modeValues(W: Matrix, U: Matrix, V: Matrix): number[] {
  const M = matmul(matmul(U, W, { transA: true }), V);
  return Array.from({ length: M.rows }, (_, a) => M.get(a, a));
}

/** Runs the reversal experiment with explicit settings. */
export function runReversal(options: ExperimentOptions, settings: ReversalSettings = reversalSettings(options.budget)): ExperimentResult {
  const root = createRandom(options.seed, 'lazy-to-rich', 'reversal');
  const n = settings.singularValues.length;
  const task: LinearTask = randomLowRankTask(root.split('task'), { ni: n, no: n, rank: n, singularValues: settings.singularValues, name: 'reversal task' });
  const rev = reversedTask(task);
  const svdRev = taskSvd(rev);
  const checks: ExperimentCheck[] = [];
  // Log-spaced output times (most of the motion is before t = 5) plus 0 and the reference times.
  const times = [...new Set([0, ...logspace(1e-2, settings.tEnd, settings.samples - 1), ...REVERSAL_REFERENCE.map((r) => r.t).filter((t) => t <= settings.tEnd)])].sort((a, b) => a - b);
  const pos = (v: readonly number[]): number[] => v.filter((_, k) => times[k] > 0);
  const modePanels: Panel[] = [];
  const rows: Record<string, number[]> = { lambda: [], t: [], alignedFormula: [], exactSolution: [], gradientFlow: [] };
  const measured = new Map<string, { formula: number; exact: number; flow: number }>();
  let worstAgreement = 0;
  let refusal = '';
  for (const [li, lambda] of settings.lambdas.entries()) {
    // The learned state W = Σ_yx, i.e. a_α = −s̃_α relative to the reversed task.
    const init = taskAlignedInit({ task: rev, lambda, a0: Array.from(svdRev.s, (v) => -v) });
    let exact: ReturnType<typeof exactSolution> | undefined;
    try {
      exact = exactSolution(rev, init);
    } catch (e) {
      if (lambda !== 0) throw e;
      refusal = e instanceof Error ? e.message : String(e);
    }
    const sim = gradientFlow(rev, init, { times, rtol: settings.rtol, atol: settings.atol });
    const series: LineSeries[] = [];
    const formula = times.map((t) => alignedModeValue(svdRev.s[0], -svdRev.s[0], lambda, t));
    const flow = sim.weights.map((w) => modeValues(matmul(w[1], w[0]), svdRev.U, svdRev.V)[0]);
    const ex = exact === undefined ? undefined : exact.networkFunctionTrajectory(times).map((W) => modeValues(W, svdRev.U, svdRev.V)[0]);
    times.forEach((t, k) => {
      rows.lambda.push(lambda);
      rows.t.push(t);
      rows.alignedFormula.push(formula[k]);
      rows.exactSolution.push(ex === undefined ? Number.NaN : ex[k]);
      rows.gradientFlow.push(flow[k]);
      worstAgreement = Math.max(worstAgreement, Math.abs(flow[k] - formula[k]), ex === undefined ? 0 : Math.abs(ex[k] - formula[k]));
      measured.set(`${lambda}@${t}`, { formula: formula[k], exact: ex === undefined ? Number.NaN : ex[k], flow: flow[k] });
    });
    series.push({ x: pos(times), y: pos(formula), label: 'aligned closed form (§3.7)', color: entryColor(li), width: 2 });
    if (ex !== undefined) series.push({ x: pos(times), y: pos(ex), label: 'full closed form (§3.4)', color: '#222222', dash: '4 3' });
    series.push({ x: pos(Array.from(sim.t)).filter((_, k) => k % 2 === 0), y: pos(flow).filter((_, k) => k % 2 === 0), label: 'gradient flow (DOP853)', color: entryColor(li), marker: 'circle', line: false });
    modePanels.push({
      kind: 'line',
      title: `${lambdaLabel(lambda)}: mode s̃ = ${fmt(svdRev.s[0])}`,
      series,
      x: { label: 'time t/τ', scale: 'log' },
      y: { label: 'a(t) relative to −Σ', domain: [-1.05, 1.05] },
      lines: [{ kind: 'horizontal', y: 0, label: 'saddle a = 0' }],
    });
  }
  checks.push(check(
    'aligned closed form (§3.7), full closed form (§3.4) and DOP853 gradient flow agree on a(t)',
    'analytics = simulation',
    `max |difference| ${fmt(worstAgreement)}`,
    '≤ 1e-8 (ODE rtol 1e-12)',
    worstAgreement <= 1e-8,
  ));
  for (const ref of REVERSAL_REFERENCE) {
    const m = measured.get(`${ref.lambda}@${ref.t}`);
    if (m === undefined) continue;
    const pass = Math.abs(m.formula - ref.value) <= ref.digits && Math.abs(m.flow - ref.value) <= ref.digits;
    checks.push(check(
      `${lambdaLabel(ref.lambda)}: a(${ref.t}) of the s̃ = 1 mode from a(0) = −1`,
      ref.printed,
      `${ref.value === 0 || Math.abs(ref.value) < 1e-3 ? m.formula.toExponential(3) : m.formula.toFixed(6)} (closed form), ${ref.value === 0 || Math.abs(ref.value) < 1e-3 ? m.flow.toExponential(3) : m.flow.toFixed(6)} (gradient flow)`,
      `to the printed digits (±${ref.digits})`,
      pass,
    ));
  }
  checks.push(check(
    'λ = 0: the closed form refuses the reversed task (B singular) and explains why',
    'at λ = 0 the new B is singular; the flow stalls at the saddle (§3.3, §5.9)',
    refusal === '' ? 'returned numbers' : `refused: "${refusal.slice(0, 160)}${refusal.length > 160 ? '…' : ''}"`,
    'DomainError mentioning B',
    refusal !== '' && /\bB\b/.test(refusal),
  ));

  // ---- Random λ-balanced inits: learn Σ, then −Σ ------------------------------------------------
  const sMin = settings.singularValues[n - 1];
  const stallLevel = 0.5 * sMin * sMin;
  const rRows: Record<string, number[]> = { lambda: [], seed: [], lossAfterLearning: [], lossAfterReversal: [] };
  const lossPanels: Panel[] = [];
  const successes = new Map<number, number>();
  const tRev = linspace(0, settings.tReverse, 41);
  for (const [li, lambda] of settings.lambdas.entries()) {
    const series: LineSeries[] = [];
    let ok = 0;
    for (let sd = 0; sd < settings.seeds; sd++) {
      const init = detMatchedBalancedInit(task, lambda, settings.initScale, root.split('random-init', sd));
      const learn = gradientFlow(task, init, { times: [settings.tLearn], rtol: settings.rtol, atol: settings.atol });
      const w = learn.weights[learn.weights.length - 1];
      const back = gradientFlow(rev, { W1: w[0], W2: w[1] }, { times: tRev, rtol: settings.rtol, atol: settings.atol });
      const lossLearn = taskLoss(task, matmul(w[1], w[0]));
      const lossRev = back.loss[back.loss.length - 1];
      const success = lambda === 0 ? lossRev >= 0.5 * stallLevel : lossRev <= 1e-8;
      if (success) ok++;
      rRows.lambda.push(lambda);
      rRows.seed.push(sd);
      rRows.lossAfterLearning.push(lossLearn);
      rRows.lossAfterReversal.push(lossRev);
      series.push({ x: Array.from(back.t).slice(1), y: Array.from(back.loss).slice(1).map((v) => Math.max(v, 1e-16)), color: entryColor(li), label: sd === 0 ? `seed 0…${settings.seeds - 1}` : undefined });
    }
    successes.set(lambda, ok);
    lossPanels.push({
      kind: 'line',
      title: `${lambdaLabel(lambda)}: loss on −Σ`,
      series,
      x: { label: 'time since the switch t/τ' },
      y: { label: 'loss', scale: 'log', domain: [1e-16, 10] },
      lines: [{ kind: 'horizontal', y: stallLevel, label: '½ s̃_min²' }],
    });
  }
  for (const lambda of settings.lambdas) {
    const ok = successes.get(lambda) ?? 0;
    checks.push(check(
      lambda === 0
        ? `λ = 0, random inits: reversal stalls (loss stays ≥ ¼ s̃_min² = ${fmt(0.5 * stallLevel)} at t = ${settings.tReverse})`
        : `${lambdaLabel(lambda)}, random inits: reversal succeeds (loss ≤ 1e-8 at t = ${settings.tReverse})`,
      lambda === 0 ? 'λ = 0 stalls at the saddle' : '"non-zero λ guarantees success in reversal learning"',
      `${ok}/${settings.seeds} seeds`,
      `${settings.seeds}/${settings.seeds}`,
      ok === settings.seeds,
    ));
  }

  return {
    id: 'lazy-to-rich/reversal',
    title: 'App. D.2: reversal learning — λ = 0 stalls at a saddle, any λ ≠ 0 escapes',
    figures: [
      {
        name: 'reversal-modes',
        caption: 'Reversal Σ → −Σ from the learned, task-aligned state: the s̃ = 1 mode a(t) for each λ (aligned closed form, full closed form where it applies, gradient flow).',
        svg: smallMultiples({ title: 'App. D.2: reversal learning, aligned mode', columns: settings.lambdas.length, panelWidth: 400, panelHeight: 300, panels: modePanels }),
      },
      {
        name: 'reversal-random',
        caption: `Reversal from random λ-balanced inits (${settings.seeds} seeds): loss on −Σ after learning Σ to t = ${settings.tLearn}; λ = 0 stays at the saddle level.`,
        svg: smallMultiples({ title: 'App. D.2: reversal from random λ-balanced inits', columns: settings.lambdas.length, panelWidth: 400, panelHeight: 300, panels: lossPanels }),
      },
    ],
    tables: [
      table('reversal-aligned-mode', rows, { t: 't/τ', alignedFormula: 'a(t), §3.7', exactSolution: 'a(t), §3.4 (NaN: refused)', gradientFlow: 'a(t), DOP853' }),
      table('reversal-random-inits', rRows, { lossAfterLearning: `loss on Σ at t = ${settings.tLearn}`, lossAfterReversal: `loss on −Σ at t = ${settings.tReverse} after the switch` }),
    ],
    checks,
    notes: [
      `Task: random ${n}×${n} whitened task with s̃ = [${settings.singularValues.join(', ')}]; the spec's numbers are for the s̃ = 1 mode (modes decouple under the aligned init). Reversal flips the sign of Σ_yx (reversedTask).`,
      `Gradient flow: DOP853 rtol ${settings.rtol}, atol ${settings.atol}.`,
      `Random part: lambdaBalancedInit with network singular values ${settings.initScale}; phase 1 on Σ to t = ${settings.tLearn}, phase 2 on −Σ to t = ${settings.tReverse}. With ${n} odd, sign det(−Σ) = −sign det Σ, so at λ = 0 the learned state is det-mismatched with the new task and B is singular (spec §3.3); the stall would end only when round-off breaks the balance (t ≈ 1000 in the spec's experiment).`,
    ],
  };
}

/** The registered reversal experiment. */
export const reversalExperiment: Experiment = {
  id: 'lazy-to-rich/reversal',
  title: 'App. D.2: reversal learning',
  reproduces: 'Dominé et al. 2025, App. D.2 (spec §5.9)',
  run: (options) => runReversal(options),
};
