/**
 * `runDocument` for model kind `single-neuron` (Kunin et al. 2024; spec connectivity §6):
 * f(x) = a·wᵀx on a whitened task L = ½‖a·w − β*‖². The simulation is `singleNeuronGd` or
 * `singleNeuronFlow` (DOP853); the exact side is `singleNeuronExact` (both Riccati branches, any
 * δ = η_w a² − η_a‖w‖²) from the same (a, w) at the recorded times. Also used by
 * `lazyrich exact/simulate/compare` (src/cli/kinds/single-neuron.ts).
 *
 * Series: `loss`, `a`, `phi` (cos∠(w, β*)), `kernelDistance` (S(K(0), K(t)) of K = η_w a²I +
 * η_a wwᵀ), with the exact side the same with `Exact` and `relativeError` (of β = a·w). Label
 * `init`: upstream (δ > 0), balanced (δ = 0) or downstream (δ < 0), the spec's naming (§6).
 * @module
 */
import { DomainError } from '../../errors/index.js';
import type { BuiltDocument, TrainPlan } from '../../config/index.js';
import type { Trajectory } from '../../models/types.js';
import { singleNeuronFlow, singleNeuronGd, singleNeuronParams } from '../../models/single-neuron.js';
import { conservedQuantity, singleNeuronExact, singleNeuronKernelDistance, type SingleNeuronSolution } from '../../theory/single-neuron/index.js';
import { BASE_UNITS, assertFiniteSeries, baseSummary, guardSimulation, lastOf, relativeDistance, tryExact, unavailable, vectorArray, type KindRun } from './common.js';
import { DEFAULT_RECORDS, evenTimes } from './simulation.js';
import type { ExactAvailability } from './types.js';

/** A built single-neuron document. */
export type BuiltSingleNeuronDocument = Extract<BuiltDocument, { family: 'single-neuron' }>;

/**
 * The exact solution of the document (throws the theory's DomainError when a(0) = 0 or β* = 0).
 * @example
 * const built = buildDocument(validateExperiment({ model: { kind: 'single-neuron', etaW: 1, etaA: 1 }, task: { kind: 'whitened-vector', betaStar: [1, -0.5] }, init: { kind: 'explicit', a: 0.3, w: [0.1, 0.05] }, train: { method: 'flow', tEnd: 5 } }));
 * singleNeuronSolutionOf(built).at(0).beta; // → [0.03, 0.015] (β = a·w)
 */
export function singleNeuronSolutionOf(built: BuiltSingleNeuronDocument): SingleNeuronSolution {
  return singleNeuronExact({ etaW: built.model.etaW, etaA: built.model.etaA }, { betaStar: Array.from(built.betaStar) }, { a: built.a, w: Array.from(built.w) });
}

/**
 * Simulates the plan: `singleNeuronFlow` at the plan's tolerances (records at `record.times` or
 * about 100 even times) or `singleNeuronGd`.
 * @throws DomainError for `sgd` (a whitened-vector task has no samples to batch).
 * @example
 * import { requireTrain } from './simulation.js';
 * const built = buildDocument(validateExperiment({ model: { kind: 'single-neuron', etaW: 1, etaA: 1 }, task: { kind: 'whitened-vector', betaStar: [1, -0.5] }, init: { kind: 'explicit', a: 0.3, w: [0.1, 0.05] }, train: { method: 'flow', tEnd: 5 } }));
 * const plan = requireTrain(built, 'run');
 * const loss = simulateSingleNeuron(built, plan).loss;
 * loss[loss.length - 1] < loss[0]; // → true
 */
export function simulateSingleNeuron(built: BuiltSingleNeuronDocument, plan: TrainPlan): Trajectory {
  const rates = { etaW: built.model.etaW, etaA: built.model.etaA };
  const data = { betaStar: Array.from(built.betaStar) };
  const init = { a: built.a, w: Array.from(built.w) };
  if (plan.method === 'flow') return singleNeuronFlow(rates, data, init, { times: plan.recordTimes ?? evenTimes(plan.tEnd, DEFAULT_RECORDS), rtol: plan.rtol, atol: plan.atol });
  if (plan.method === 'gd') {
    const steps = plan.steps as number;
    return singleNeuronGd(rates, data, init, { learningRate: plan.learningRate as number, steps, recordEvery: plan.recordEvery ?? Math.max(1, Math.round(steps / DEFAULT_RECORDS)) });
  }
  throw new DomainError('train.method: a single-neuron model on a whitened-vector task has no samples to batch, so "sgd" does not apply; use "gd" or "flow".', { path: 'train.method' });
}

/** cos∠(w, β*) as the theory computes it (0 when w = 0). */
function phiOf(w: readonly number[], bhat: readonly number[]): number {
  let nw = 0;
  let d = 0;
  for (let i = 0; i < w.length; i++) {
    nw += w[i] * w[i];
    d += w[i] * bhat[i];
  }
  return nw === 0 ? 0 : d / Math.sqrt(nw);
}

/**
 * Runs a single-neuron document: the simulation beside the exact solution at the same times.
 * @throws DomainError for `sgd`; ConvergenceError naming train.learningRate when GD diverges.
 * @example
 * import { requireTrain } from './simulation.js';
 * const built = buildDocument(validateExperiment({ model: { kind: 'single-neuron', etaW: 1, etaA: 1 }, task: { kind: 'whitened-vector', betaStar: [1, -0.5] }, init: { kind: 'explicit', a: 0.3, w: [0.1, 0.05] }, train: { method: 'flow', tEnd: 5 } }));
 * const plan = requireTrain(built, 'run');
 * const r = runSingleNeuron(built, plan);
 * r.summary.delta; // → 0.0775 (δ = a² − ‖w‖² = 0.09 − 0.0125)
 */
export function runSingleNeuron(built: BuiltSingleNeuronDocument, plan: TrainPlan): KindRun {
  const rates = { etaW: built.model.etaW, etaA: built.model.etaA };
  const traj = guardSimulation(plan, () => simulateSingleNeuron(built, plan));
  const t = Float64Array.from(traj.t);
  const n = t.length;
  const params = traj.weights.map((w) => singleNeuronParams(w));
  const loss = Float64Array.from(traj.loss);
  assertFiniteSeries(plan, t, { loss, a: params.map((p) => p.a) });
  const bs = Array.from(built.betaStar);
  const nb = Math.hypot(...bs);
  const bhat = bs.map((v) => v / nb);
  const notes: string[] = [];
  let kd: Float64Array;
  try {
    kd = Float64Array.from(params, (p) => singleNeuronKernelDistance(rates, params[0], p));
  } catch (error) {
    notes.push(`kernel distance undefined: ${(error as Error).message}`);
    kd = new Float64Array(n).fill(NaN);
  }
  const columns: Record<string, Float64Array> = {
    loss,
    a: Float64Array.from(params, (p) => p.a),
    phi: Float64Array.from(params, (p) => phiOf(p.w, bhat)),
    kernelDistance: kd,
  };
  const last = params[n - 1];
  const betaFinal = last.w.map((wi) => last.a * wi);
  const arrays: KindRun['arrays'] = {
    wInitial: vectorArray(built.w),
    aInitial: vectorArray([built.a]),
    wFinal: vectorArray(last.w),
    aFinal: vectorArray([last.a]),
    betaFinal: vectorArray(betaFinal),
    betaStar: vectorArray(bs),
  };
  const units: Record<string, string> = {
    ...BASE_UNITS,
    loss: 'loss ½‖a·w − β*‖² of the simulation',
    lossExact: 'loss ½‖a·w − β*‖² of the exact solution',
    relativeError: '‖β_sim − β_exact‖/‖β_exact‖ with β = a·w (dimensionless)',
    a: 'second-layer weight a (simulation)',
    phi: 'cos∠(w, β*) (simulation)',
    kernelDistance: 'kernel distance S(K(0), K(t)) of K = η_w a²I + η_a wwᵀ (simulation; summary: at the last record)',
    aExact: 'a of the exact solution',
    phiExact: 'cos∠(w, β*) of the exact solution',
    kernelDistanceExact: 'kernel distance of the exact solution',
    delta: 'conserved δ = η_w a² − η_a‖w‖² of the initial weights',
    phiEnd: 'cos∠(w, β*) at the last record (simulation)',
    wInitial: 'w(0) (length d)',
    aInitial: 'a(0) (length 1)',
    wFinal: 'w at the last record (simulation)',
    aFinal: 'a at the last record (simulation)',
    betaFinal: 'network function β = a·w at the last record (simulation)',
    betaFinalExact: 'β = a·w at the last record (exact solution)',
    betaStar: 'target β*',
  };
  const ex = tryExact(() => singleNeuronSolutionOf(built));
  let exact: ExactAvailability;
  let exactCols: { lossExact: Float64Array; relativeError: Float64Array } | undefined;
  let kdExactEnd: number | null = null;
  if (ex.ok) {
    const sol = ex.value;
    const pts = Array.from(t, (x) => sol.at(x));
    const lossExact = Float64Array.from(pts, (p) => p.loss);
    const relativeError = Float64Array.from(pts, (p, k) => relativeDistance(params[k].w.map((wi) => params[k].a * wi), p.beta));
    const kdExact = Float64Array.from(pts, (p) => p.kernelDistance);
    Object.assign(columns, { lossExact, relativeError, aExact: Float64Array.from(pts, (p) => p.a), phiExact: Float64Array.from(pts, (p) => p.phi), kernelDistanceExact: kdExact });
    arrays.betaFinalExact = vectorArray(pts[n - 1].beta);
    exactCols = { lossExact, relativeError };
    kdExactEnd = lastOf(kdExact);
    exact = { available: true, what: 'exact solution of Kunin et al. 2024 (spec connectivity §6) from the same (a, w), at the recorded times; relativeError is of β = a·w' };
  } else {
    exact = unavailable(ex.reason);
  }
  const delta = conservedQuantity(rates, { a: built.a, w: Array.from(built.w) });
  const scale = rates.etaW * built.a * built.a + rates.etaA * Array.from(built.w).reduce((s, v) => s + v * v, 0);
  const labels: Record<string, string> = {
    method: plan.method,
    init: Math.abs(delta) <= 1e-12 * scale ? 'balanced' : delta > 0 ? 'upstream' : 'downstream',
  };
  if (plan.method === 'gd' && ex.ok) notes.push(`GD with η = ${plan.learningRate} differs from the gradient flow of the exact solution by O(η).`);
  const theta0 = [built.a, ...built.w];
  const thetaT = [last.a, ...last.w];
  const n0 = Math.hypot(...theta0);
  const summary: Record<string, number | null> = {
    ...baseSummary(plan, t, loss, exactCols),
    delta,
    kernelDistance: lastOf(kd),
    kernelDistanceExact: kdExactEnd,
    phiEnd: lastOf(columns.phi),
    weightChange: n0 > 0 ? Math.hypot(...thetaT.map((v, i) => v - theta0[i])) / n0 : null,
  };
  return { exact, summary, labels, series: { t, columns }, arrays, units, notes };
}
