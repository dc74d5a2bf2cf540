/**
 * `runDocument` for model kind `scalar-width` (Xu & Ziyin 2025; spec mixed-and-three-mechanisms
 * §B.2–B.3): f(x) = κ Σ uᵢwᵢx with rates η_u, η_w. The simulation is `scalarWidthGd` (step
 * h = train.learningRate, t = k·h) or `scalarWidthFlow` (DOP853); the exact side is
 * `scalarWidthExact` (Riccati closed form) from the same u(0), w(0) at the recorded times. Also used
 * by `lazyrich exact/simulate/compare` (src/cli/kinds/scalar-width.ts).
 *
 * Series: `loss`, `P` (= κuᵀw), `K` (tangent kernel κ²Σ_xx(η_w‖u‖²+η_u‖w‖²)), `zeta` (alignment ζ),
 * and with the exact side `lossExact`, `PExact`, `KExact`, `zetaExact`, `relativeError` (of (u, w)).
 * Labels: `mechanism` (kernel / alignment / disalignment, spec §B.6) of the simulation and
 * `mechanismExact` of the closed form.
 * @module
 */
import { DomainError } from '../../errors/index.js';
import type { BuiltDocument, TrainPlan } from '../../config/index.js';
import { Matrix } from '../../linalg/matrix.js';
import { scalarWidthNtk, scalarWidthZeta, type ScalarWidthParams, type ScalarWidthTask } from '../../models/scalar-width.js';
import { classifyMechanism, scalarWidthExact, type LayerSample } from '../../theory/three-mechanisms/index.js';
import { scalarWidthFlow, scalarWidthGd, type ScalarWidthRun } from '../../train/scalar-width.js';
import {
  BASE_UNITS,
  assertFiniteSeries,
  baseSummary,
  guardSimulation,
  lastOf,
  relativeDistance,
  tryExact,
  unavailable,
  vectorArray,
  weightChangeOrNull,
  type KindRun,
} from './common.js';
import { DEFAULT_RECORDS, evenTimes } from './simulation.js';
import type { ExactAvailability } from './types.js';

/** A built scalar-width document. */
export type BuiltScalarWidthDocument = Extract<BuiltDocument, { family: 'scalar-width' }>;

/**
 * κ, η_u, η_w of the document's model.
 * @example
 * const built = buildDocument(validateExperiment({ model: { kind: 'scalar-width', kappa: 0.1, etaU: 1, etaW: 2 }, task: { kind: 'scalar', a: 1.5, sigmaXX: 1 }, init: { kind: 'explicit', u: [0.1, 0.2, -0.3], w: [0.3, -0.1, 0.2] }, train: { method: 'flow', tEnd: 5 } }));
 * scalarWidthParamsOf(built); // → { kappa: 0.1, etaU: 1, etaW: 2 }
 */
export function scalarWidthParamsOf(built: BuiltScalarWidthDocument): ScalarWidthParams {
  return { kappa: built.model.kappa, etaU: built.model.etaU, etaW: built.model.etaW };
}

/**
 * The task {a, Σ_xx} of the document.
 * @example
 * const built = buildDocument(validateExperiment({ model: { kind: 'scalar-width', kappa: 0.1, etaU: 1, etaW: 2 }, task: { kind: 'scalar', a: 1.5, sigmaXX: 1 }, init: { kind: 'explicit', u: [0.1, 0.2, -0.3], w: [0.3, -0.1, 0.2] }, train: { method: 'flow', tEnd: 5 } }));
 * scalarWidthTaskOf(built); // → { a: 1.5, sigmaXX: 1 }
 */
export function scalarWidthTaskOf(built: BuiltScalarWidthDocument): ScalarWidthTask {
  return { a: built.a, sigmaXX: built.sigmaXX };
}

/**
 * Simulates the plan: `scalarWidthFlow` at the plan's tolerances (records at `record.times` or
 * about 100 even times) or `scalarWidthGd` with step h = learningRate.
 * @throws DomainError for `sgd` (the population loss has no samples to batch).
 * @example
 * import { requireTrain } from './simulation.js';
 * const built = buildDocument(validateExperiment({ model: { kind: 'scalar-width', kappa: 0.1, etaU: 1, etaW: 2 }, task: { kind: 'scalar', a: 1.5, sigmaXX: 1 }, init: { kind: 'explicit', u: [0.1, 0.2, -0.3], w: [0.3, -0.1, 0.2] }, train: { method: 'flow', tEnd: 5 } }));
 * const plan = requireTrain(built, 'run');
 * simulateScalarWidth(built, plan).P[0]; // → -0.005 (P(0) = κ uᵀw)
 */
export function simulateScalarWidth(built: BuiltScalarWidthDocument, plan: TrainPlan): ScalarWidthRun {
  const init = { u: built.u, w: built.w };
  const params = scalarWidthParamsOf(built);
  const task = scalarWidthTaskOf(built);
  if (plan.method === 'flow') return scalarWidthFlow(params, task, init, plan.recordTimes ?? evenTimes(plan.tEnd, DEFAULT_RECORDS), { rtol: plan.rtol, atol: plan.atol });
  if (plan.method === 'gd') {
    const steps = plan.steps as number;
    return scalarWidthGd(params, task, init, { steps, step: plan.learningRate as number, recordEvery: plan.recordEvery ?? Math.max(1, Math.round(steps / DEFAULT_RECORDS)) });
  }
  throw new DomainError('train.method: the scalar-width model is trained on the population loss ½Σ_xx(P − a)², which has no samples to batch, so "sgd" does not apply; use "gd" or "flow".', {
    path: 'train.method',
  });
}

/** ζ of a state, NaN at u = w = 0 (where it is 0/0). */
function zetaOf(params: ScalarWidthParams, x: LayerSample): number {
  try {
    return scalarWidthZeta(params, x);
  } catch {
    return NaN;
  }
}

/** The (u, w) pair as the 1×d and d×1 layers of a two-layer net (for the relative weight change). */
function layers(u: ArrayLike<number>, w: ArrayLike<number>): Matrix[] {
  return [new Matrix(w.length, 1, Float64Array.from(w)), new Matrix(1, u.length, Float64Array.from(u))];
}

/**
 * Runs a scalar-width document: the simulation beside the Riccati closed form at the same times.
 * @throws DomainError for `sgd`; ConvergenceError naming train.learningRate when GD diverges.
 * @example
 * import { requireTrain } from './simulation.js';
 * const built = buildDocument(validateExperiment({ model: { kind: 'scalar-width', kappa: 0.1, etaU: 1, etaW: 2 }, task: { kind: 'scalar', a: 1.5, sigmaXX: 1 }, init: { kind: 'explicit', u: [0.1, 0.2, -0.3], w: [0.3, -0.1, 0.2] }, train: { method: 'flow', tEnd: 5 } }));
 * const plan = requireTrain(built, 'run');
 * const r = runScalarWidth(built, plan);
 * r.labels.mechanism; // → "alignment"
 */
export function runScalarWidth(built: BuiltScalarWidthDocument, plan: TrainPlan): KindRun {
  const params = scalarWidthParamsOf(built);
  const task = scalarWidthTaskOf(built);
  const sim = guardSimulation(plan, () => simulateScalarWidth(built, plan));
  const t = Float64Array.from(sim.t);
  const n = t.length;
  const states: LayerSample[] = sim.u.map((u, k) => ({ u, w: sim.w[k] }));
  const loss = Float64Array.from(sim.P, (P) => 0.5 * task.sigmaXX * (P - task.a) ** 2);
  assertFiniteSeries(plan, t, { loss, P: sim.P });
  const columns: Record<string, Float64Array> = {
    loss,
    P: Float64Array.from(sim.P),
    K: Float64Array.from(states, (s) => scalarWidthNtk(params, task.sigmaXX, s)),
    zeta: Float64Array.from(states, (s) => zetaOf(params, s)),
  };
  const notes: string[] = [];
  const labels: Record<string, string> = { method: plan.method };
  const units: Record<string, string> = {
    ...BASE_UNITS,
    loss: 'loss ½Σ_xx(P − a)² of the simulation',
    lossExact: 'loss ½Σ_xx(P − a)² of the closed form',
    relativeError: '‖(u, w)_sim − (u, w)_exact‖/‖(u, w)_exact‖ (dimensionless)',
    P: 'effective slope P = κuᵀw (simulation)',
    K: 'tangent kernel K = κ²Σ_xx(η_w‖u‖² + η_u‖w‖²) (simulation; Ṗ = −K(P − a))',
    zeta: 'alignment ζ = 2ũᵀw̃/(‖ũ‖² + ‖w̃‖²) ∈ [−1, 1], ũ = u/√η_u, w̃ = w/√η_w (simulation)',
    PExact: 'P of the closed form',
    KExact: 'K of the closed form',
    zetaExact: 'ζ of the closed form',
    PEnd: 'network function P = κuᵀw at the last record (simulation)',
    PEndExact: 'P at the last record (closed form)',
    zetaEnd: 'ζ at the last record (simulation)',
    zetaEndExact: 'ζ at the last record (closed form)',
    rhoK: 'K(T)/K(0) of the simulation (the mechanism classifier’s ρ_K)',
    Q: 'conserved Q = α²AB of the closed form',
    alpha: 'α = κ√(η_uη_w)',
    tc: 'time scale t_c = 1/Δ of the closed form, t/τ',
    uInitial: 'u(0), second-layer weights (length d)',
    wInitial: 'w(0), first-layer weights (length d)',
    uFinal: 'u at the last record (simulation)',
    wFinal: 'w at the last record (simulation)',
    uFinalExact: 'u at the last record (closed form)',
    wFinalExact: 'w at the last record (closed form)',
  };
  const arrays = {
    uInitial: vectorArray(built.u),
    wInitial: vectorArray(built.w),
    uFinal: vectorArray(sim.u[n - 1]),
    wFinal: vectorArray(sim.w[n - 1]),
  } as KindRun['arrays'];
  const mech = tryExact(() => classifyMechanism(params, states));
  let rhoK: number | null = null;
  if (mech.ok) {
    labels.mechanism = mech.value.label;
    rhoK = mech.value.rhoK;
    if (mech.value.rescaled.length > 0) labels.rescaled = mech.value.rescaled.join(',');
  } else notes.push(`no mechanism label: ${mech.reason}`);
  const ex = tryExact(() => scalarWidthExact(params, task, { u: built.u, w: built.w }));
  let exact: ExactAvailability;
  let exactCols: { lossExact: Float64Array; relativeError: Float64Array } | undefined;
  const extra: Record<string, number | null> = { PEndExact: null, zetaEndExact: null, Q: null, alpha: null, tc: null };
  if (ex.ok) {
    const sol = ex.value;
    const st = Array.from(t, (x) => sol.at(x));
    const lossExact = Float64Array.from(st, (s) => s.loss);
    const relativeError = Float64Array.from(st, (s, k) => relativeDistance([...sim.u[k], ...sim.w[k]], [...s.u, ...s.w]));
    Object.assign(columns, {
      lossExact,
      relativeError,
      PExact: Float64Array.from(st, (s) => s.P),
      KExact: Float64Array.from(st, (s) => s.K),
      zetaExact: Float64Array.from(st, (s) => s.zeta),
    });
    arrays.uFinalExact = vectorArray(st[n - 1].u);
    arrays.wFinalExact = vectorArray(st[n - 1].w);
    exactCols = { lossExact, relativeError };
    Object.assign(extra, { PEndExact: st[n - 1].P, zetaEndExact: st[n - 1].zeta, Q: sol.Q, alpha: sol.alpha, tc: sol.tc });
    const mechExact = tryExact(() => classifyMechanism(params, [st[0], st[n - 1]]));
    if (mechExact.ok) labels.mechanismExact = mechExact.value.label;
    exact = { available: true, what: 'Riccati closed form of Xu & Ziyin 2025 (spec §B.3) from the same u(0), w(0), at the recorded times; relativeError is of (u, w)' };
  } else {
    exact = unavailable(ex.reason);
  }
  if (plan.method === 'gd' && ex.ok) notes.push(`GD with step h = ${plan.learningRate} differs from the gradient flow of the closed form by O(h).`);
  const summary: Record<string, number | null> = {
    ...baseSummary(plan, t, loss, exactCols),
    PEnd: lastOf(sim.P),
    zetaEnd: lastOf(columns.zeta),
    ...extra,
    rhoK,
    weightChange: weightChangeOrNull(layers(built.u, built.w), layers(sim.u[n - 1], sim.w[n - 1])),
  };
  return { exact, summary, labels, series: { t, columns }, arrays, units, notes };
}
