/**
 * `lazyrich compare <config> [--json] [--out dir] [--tolerance x]`: the simulation of the document
 * beside the exact solution at the same times t/τ, the relative error of W over time, and — when
 * the largest error exceeds the tolerance — the likely cause:
 *
 * - **step size** (GD/SGD): GD differs from gradient flow by O(η) (spec §6 R7). When a rerun at
 *   η/2 is cheap (≤ 200 000 steps) it is made: an error that halves with η is the step size.
 *   Otherwise the |λ|·η and s̃_max·η heuristics are reported.
 * - **balance drift**: the measured change of W₂ᵀW₂ − W₁W₁ᵀ during the run (zero under exact flow,
 *   O(η²) per GD step, spec §2.1), relative to the weights' scale.
 * - **singular B**: 1/cond(B) < 1e-3 from the solution's diagnostics, with the det-sign explanation of
 *   spec §3.3; near a singular B both the closed form and the simulation are round-off sensitive.
 * - **mini-batch noise** (SGD) and **integration tolerance** (flow).
 *
 * When the closed form does not apply (inputs not whitened, init not λ-balanced, N_h ≠ min(N_i,
 * N_o), B singular) there is nothing to compare: the reason is printed and the exit code is 2.
 * `--out` writes compare.svg/png (exact curves, simulation points and the residual) and the data.
 * @module
 */
import type { Command } from 'commander';
import type { CliContext } from '../main.js';
import { DomainError, LazyrichError } from '../../errors/index.js';
import type { BuiltDocument, BuiltExperiment, TrainPlan } from '../../config/index.js';
import type { Matrix } from '../../linalg/matrix.js';
import { frobeniusNorm } from '../../linalg/norms.js';
import { matmul, sub } from '../../linalg/ops.js';
import { networkFunction } from '../../models/index.js';
import type { Trajectory } from '../../models/types.js';
import { exactSolution, type ExactDiagnostics, type ExactSolution } from '../../theory/lazy-to-rich/index.js';
import { CATEGORICAL, smallMultiples, type LineSeries } from '../../plot/index.js';
import { loadDocument, parseSeedOption } from '../load-config.js';
import { KIND_COMMANDS } from '../kinds/index.js';
import { runSimulation, requireTrain, evenTimes } from '../simulation.js';
import { balanceDrift, simulationJson } from './simulate.js';
import { nested, num, table } from '../format.js';
import { ensureDir, writeCsv, writeFigure, writeJson } from '../write-outputs.js';

/** Default largest relative error of W accepted as agreement. */
export const DEFAULT_COMPARE_TOLERANCE = 1e-2;
/** 1/cond(B) below which compare names a nearly singular B (the closed form itself refuses below 1e-10). */
export const NEAR_SINGULAR_B = 1e-3;
/** Largest number of steps of the η/2 rerun made to test the step-size hypothesis. */
export const HALF_STEP_BUDGET = 200_000;

/** One named likely cause of a disagreement. */
export interface CompareCause {
  cause: 'step size' | 'balance drift' | 'singular B' | 'mini-batch noise' | 'integration tolerance' | 'unknown';
  detail: string;
}

/** ‖A − B‖_F / ‖B‖_F (absolute when ‖B‖_F = 0). */
export function relativeErrorOf(A: Matrix, B: Matrix): number {
  const d = frobeniusNorm(sub(A, B));
  const n = frobeniusNorm(B);
  return n > 0 ? d / n : d;
}

function maxRelativeError(traj: Trajectory, sol: ExactSolution): number[] {
  return traj.weights.map((w, k) => relativeErrorOf(networkFunction(w), sol.networkFunction(traj.t[k])));
}

/** The likely causes of a large disagreement, most specific first. */
export function diagnoseDisagreement(
  built: BuiltExperiment,
  plan: TrainPlan,
  traj: Trajectory,
  sol: ExactSolution,
  maxError: number,
): CompareCause[] {
  const causes: CompareCause[] = [];
  const d: ExactDiagnostics = sol.diagnostics;
  const s1 = d.taskSingularValues.length > 0 ? d.taskSingularValues[0] : 0;
  if (d.inverseConditionB < 1e-6 || d.detSignMismatch) {
    causes.push({
      cause: 'singular B',
      detail:
        `B is nearly singular (1/cond(B) = ${d.inverseConditionB.toExponential(2)}` +
        (d.detSignMismatch ? ', and sign det W(0) differs from sign det Σ_yx' : '') +
        '), so the trajectory passes near a saddle where both the closed form and the simulation are round-off sensitive (spec §3.3); change the init (another seed, or |λ| further from 0)',
    });
  }
  if (plan.method === 'gd' || plan.method === 'sgd') {
    const eta = plan.learningRate as number;
    const steps = plan.steps as number;
    let halfNote = '';
    let stepIsCause = false;
    if (plan.method === 'gd' && steps * 2 <= HALF_STEP_BUDGET) {
      const half: TrainPlan = {
        ...plan,
        learningRate: eta / 2,
        ...(plan.learningRates ? { learningRates: plan.learningRates.map((r) => r / 2) } : {}),
        steps: steps * 2,
        recordTimes: Array.from(traj.t),
      };
      delete half.recordEvery;
      const errHalf = Math.max(...maxRelativeError(runSimulation(built, half), sol));
      const ratio = errHalf / maxError;
      stepIsCause = ratio > 0.3 && ratio < 0.7;
      halfNote = `halving η to ${eta / 2} changed the max error from ${maxError.toExponential(2)} to ${errHalf.toExponential(2)} (ratio ${ratio.toFixed(2)}${stepIsCause ? ', ≈ 0.5: first-order GD error, spec §6 R7' : ', not the 0.5 of a step-size error'})`;
    } else {
      stepIsCause = true;
      halfNote = `|λ|·η = ${(Math.abs(sol.lambda) * eta).toExponential(2)} and s̃_max·η = ${(s1 * eta).toExponential(2)}; GD differs from gradient flow by O(η) (spec §6 R7)`;
    }
    if (stepIsCause) causes.push({ cause: 'step size', detail: `${halfNote}; use a smaller learningRate or method "flow"` });
    else causes.push({ cause: 'unknown', detail: halfNote });
  }
  const drift = balanceDrift(traj);
  const [W1, W2] = traj.weights[0];
  const scale = Math.max(frobeniusNorm(matmul(W2, W2, { transA: true })), frobeniusNorm(matmul(W1, W1, { transB: true })), frobeniusNorm(built.task.sigmaYX));
  const relDrift = scale > 0 ? drift / scale : drift;
  if (relDrift > Math.min(1e-3, maxError)) {
    const fromStep = causes.some((c) => c.cause === 'step size');
    causes.push({
      cause: 'balance drift',
      detail: `W₂ᵀW₂ − W₁W₁ᵀ moved by ${drift.toExponential(2)} (${relDrift.toExponential(2)} of the weights' scale) during the run, so the simulation left the λ-balanced set the closed form assumes (conserved by the flow, O(η²) per GD step, spec §2.1)${fromStep ? '; here it comes from the finite step size' : ''}`,
    });
  }
  if (plan.method === 'sgd') {
    causes.push({ cause: 'mini-batch noise', detail: `SGD with batch ${plan.batchSize} follows gradient flow only on average; use method "gd" (or batchSize = P) to compare with the theory` });
  }
  if (plan.method === 'flow' && causes.length === 0) {
    causes.push({ cause: 'integration tolerance', detail: `the flow was integrated at rtol ${plan.rtol}, atol ${plan.atol}; lower them (e.g. rtol 1e-12)` });
  }
  // A measured step-size effect explains the error best (it halves with η), so it comes first; then a nearly
  // singular B (which amplifies any perturbation near the saddle), the balance drift, SGD noise, tolerances.
  const order: CompareCause['cause'][] = ['step size', 'singular B', 'balance drift', 'mini-batch noise', 'integration tolerance', 'unknown'];
  const named = causes.filter((c) => c.cause !== 'unknown');
  return (named.length > 0 ? named : causes).sort((a, b) => order.indexOf(a.cause) - order.indexOf(b.cause));
}

/** The figure: exact W entries (lines) with simulation points, and the relative error over time. */
export function compareFigure(built: BuiltExperiment, traj: Trajectory, sol: ExactSolution, relErr: number[]): string {
  const tEnd = traj.t[traj.t.length - 1];
  const dense = evenTimes(tEnd, 200);
  const Wexact = dense.map((t) => sol.networkFunction(t));
  const Wsim = traj.weights.map((w) => networkFunction(w));
  const { rows, cols } = Wexact[0];
  const series: LineSeries[] = [];
  let e = 0;
  for (let i = 0; i < rows && e < 12; i++) {
    for (let j = 0; j < cols && e < 12; j++, e++) {
      const color = CATEGORICAL[e % CATEGORICAL.length];
      series.push({ x: dense, y: Wexact.map((W) => W.get(i, j)), color, label: `W[${i}][${j}] exact`, width: 1.5 });
      series.push({ x: traj.t, y: Wsim.map((W) => W.get(i, j)), color, marker: 'circle', label: `W[${i}][${j}] ${traj.provenance.method}` });
    }
  }
  const positive = relErr.map((v) => (v > 0 ? v : NaN));
  return smallMultiples({
    title: `${built.widths.join('-')} network, λ = ${num(sol.lambda, 0).trim()}: exact (lines) vs ${traj.provenance.method} (points)`,
    columns: 2,
    panelWidth: 480,
    panelHeight: 340,
    panels: [
      { kind: 'line', title: 'network function W = W₂W₁', series, x: { label: 't/τ' }, y: { label: 'entry of W' } },
      {
        kind: 'line',
        title: 'relative error ‖W_sim − W_exact‖/‖W_exact‖',
        series: [{ x: traj.t, y: positive, label: 'relative error', marker: 'circle', line: true }],
        x: { label: 't/τ' },
        y: { label: 'relative error', scale: 'log' },
      },
    ],
  });
}

/** What `compare` computed (exported for tests). */
export interface CompareResult {
  json: Record<string, unknown>;
  text: string;
}

/** Runs `compare` and returns its JSON object and text (exported for tests). */
export function runCompare(file: string, opts: { json?: boolean; out?: string; seed?: string; tolerance?: string }): CompareResult {
  const tolerance = opts.tolerance === undefined ? DEFAULT_COMPARE_TOLERANCE : Number(opts.tolerance);
  if (!Number.isFinite(tolerance) || tolerance <= 0) {
    throw new DomainError(`--tolerance: expected a positive number, got "${opts.tolerance}".`, { path: '--tolerance' });
  }
  const loaded = loadDocument(file, { seed: parseSeedOption(opts.seed) });
  const plan = requireTrain(loaded, 'compare');
  if (loaded.family !== 'linear') return compareKind(loaded, plan, tolerance, opts);
  const built = loaded;
  if (built.model.kind !== 'two-layer-linear') {
    throw new DomainError(`model.kind: there is no exact solution for "${built.model.kind}" to compare with (only two-layer-linear has one); run "lazyrich simulate" instead.`, {
      path: 'model.kind',
    });
  }
  let sol: ExactSolution;
  try {
    sol = exactSolution(built.task, { W1: built.weights[0], W2: built.weights[1] });
  } catch (error) {
    if (error instanceof LazyrichError) {
      throw new DomainError(`the exact solution does not apply to this config, so there is nothing to compare: ${error.message.replace(/[.\s]+$/, '')}.`, {
        path: error.path ?? 'init',
        cause: error,
      });
    }
    throw error;
  }
  const traj = runSimulation(built, plan);
  const relErr = maxRelativeError(traj, sol);
  const maxError = Math.max(...relErr);
  const kMax = relErr.indexOf(maxError);
  const agree = maxError <= tolerance;
  const causes = agree ? [] : diagnoseDisagreement(built, plan, traj, sol, maxError);
  const exactW = traj.weights.map((_, k) => sol.networkFunction(traj.t[k]));
  const exactLoss = Array.from(traj.t, (t) => sol.loss(t));
  const json: Record<string, unknown> = {
    t: Array.from(traj.t),
    relativeError: relErr,
    maxRelativeError: maxError,
    tMaxRelativeError: traj.t[kMax],
    tolerance,
    agree,
    causes,
    lambda: sol.lambda,
    regime: sol.diagnostics.regime,
    inverseConditionB: sol.diagnostics.inverseConditionB,
    exact: { W: exactW.map(nested), loss: exactLoss },
    simulation: simulationJson(built, traj),
    units: { t: 't/tau' },
    model: built.model.kind,
  };
  const written: string[] = [];
  if (opts.out) {
    ensureDir(opts.out);
    written.push(...writeFigure(opts.out, 'compare', compareFigure(built, traj, sol, relErr)));
    written.push(writeJson(opts.out, 'compare.json', json));
    written.push(
      writeCsv(opts.out, 'compare.csv', {
        t: Array.from(traj.t),
        loss_simulation: Array.from(traj.loss),
        loss_exact: exactLoss,
        relative_error_W: relErr,
      }),
    );
  }
  const p = traj.provenance;
  const lines = [
    `compare: ${built.widths.join('-')} network, λ = ${num(sol.lambda, 0).trim()} (regime ${sol.diagnostics.regime}), ${p.method}${p.learningRate !== undefined ? ` η = ${p.learningRate}` : ''} vs the exact solution (spec §3.4); time t/τ`,
    '',
  ];
  const show = traj.t.length <= 25 ? [...traj.t.keys()] : Array.from({ length: 21 }, (_, k) => Math.round((k * (traj.t.length - 1)) / 20));
  lines.push(
    ...table(
      ['t/τ', 'loss (sim)', 'loss (exact)', 'rel. error of W'],
      show.map((k) => [num(traj.t[k]), num(traj.loss[k]), num(exactLoss[k]), num(relErr[k])]),
    ),
  );
  lines.push('', `max relative error ${maxError.toExponential(2)} at t = ${num(traj.t[kMax], 0).trim()} (tolerance ${tolerance}): ${agree ? 'agree' : 'disagree'}`);
  for (const c of causes) lines.push(`likely cause — ${c.cause}: ${c.detail}.`);
  if (written.length > 0) lines.push('', `wrote ${written.join(', ')}`);
  return { json, text: lines.join('\n') + '\n' };
}

/** `compare` for the model kinds of ../kinds/: the simulation beside the exact side at the recorded times. */
function compareKind(built: Exclude<BuiltDocument, BuiltExperiment>, plan: TrainPlan, tolerance: number, opts: { out?: string }): CompareResult {
  const kind = built.document.model.kind;
  const commands = KIND_COMMANDS[kind];
  if (!commands) throw new DomainError(`model.kind: there is no exact solution for "${kind}" to compare with; run "lazyrich simulate" instead.`, { path: 'model.kind' });
  const r = commands.compare(built, plan);
  const maxError = Math.max(...r.relativeError);
  const kMax = r.relativeError.indexOf(maxError);
  const agree = maxError <= tolerance;
  const json: Record<string, unknown> = {
    t: r.t,
    relativeError: r.relativeError,
    quantity: r.quantity,
    maxRelativeError: maxError,
    tMaxRelativeError: r.t[kMax],
    tolerance,
    agree,
    ...r.json,
    units: { t: 't/tau' },
    model: kind,
  };
  const written: string[] = [];
  if (opts.out) {
    ensureDir(opts.out);
    written.push(writeJson(opts.out, 'compare.json', json), writeCsv(opts.out, 'compare.csv', { t: r.t, relative_error: r.relativeError }));
  }
  const lines = [
    `compare: ${kind}, ${plan.method}${plan.learningRate !== undefined ? ` η = ${plan.learningRate}` : ''} vs the exact side; relative error of ${r.quantity}; time t/τ`,
    '',
    ...table(['t/τ', 'rel. error'], r.t.map((t, k) => [num(t), num(r.relativeError[k])]).filter((_, k) => r.t.length <= 25 || k % Math.ceil(r.t.length / 20) === 0 || k === r.t.length - 1)),
    '',
    `max relative error ${maxError.toExponential(2)} at t = ${num(r.t[kMax], 0).trim()} (tolerance ${tolerance}): ${agree ? 'agree' : 'disagree'}`,
    ...r.lines,
  ];
  if (written.length > 0) lines.push('', `wrote ${written.join(', ')}`);
  return { json, text: lines.join('\n') + '\n' };
}

export function registerCompare(program: Command, ctx: CliContext): void {
  program
    .command('compare')
    .description('simulation beside the exact solution: relative error of W over time t/τ and the likely cause when large')
    .argument('<config>', 'experiment document (JSON or YAML)')
    .option('--json', 'print one JSON object')
    .option('--out <dir>', 'also write compare.svg, compare.png, compare.json and compare.csv to this folder')
    .option('--tolerance <x>', `largest relative error of W counted as agreement (default ${DEFAULT_COMPARE_TOLERANCE})`)
    .option('--seed <n>', 'seed of every random draw without its own seed (overrides the document)')
    .action((config: string, opts: { json?: boolean; out?: string; seed?: string; tolerance?: string }) => {
      ctx.backend();
      const r = runCompare(config, opts);
      ctx.io.out(opts.json ? JSON.stringify(r.json) + '\n' : r.text);
    });
}
