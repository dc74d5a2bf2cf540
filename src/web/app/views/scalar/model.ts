/**
 * The 1-D view's pure part (Xu & Ziyin, ICLR 2025, "three mechanisms"; spec
 * `mixed-and-three-mechanisms.md` Part B): URL parameters, the experiment document (model
 * `scalar-width`) and the exact curves of the width-d 1-D model f(x) = κ uᵀw x from `scalarWidthExact`
 * with the mechanism label of `classifyMechanism` (§B.6).
 * @module
 */
import { buildDocument, validateExperiment, type BuiltScalarWidth, type ExperimentDocument } from '../../../../config/index.js';
import { classifyMechanism, scalarWidthExact, type MechanismClassification } from '../../../../theory/three-mechanisms/index.js';
import type { ViewParams } from '../../url-state.js';

/** The view's parameters and defaults (each a URL query key). */
export const SCALAR_DEFAULTS = {
  /** Width d. */
  d: 10,
  /** Output scale κ. */
  kappa: 0.1,
  /** Layer-wise learning rates η_u (second layer) and η_w (first layer). */
  etaU: 1,
  etaW: 1,
  /** Init scale: u, w entries i.i.d. N(0, scale²). */
  scale: 1,
  /** Target slope a and input variance Σ_xx. */
  a: 1.5,
  sigmaXX: 1,
  /** GD step h (t = k·h) and the final time. */
  h: 0.05,
  tEnd: 40,
  /** Number of exact evaluation times. */
  points: 400,
  /** `gd` or `flow`. */
  method: 'gd',
  seed: 1,
} satisfies ViewParams;

/** The parameter record of the 1-D view. */
export type ScalarParams = typeof SCALAR_DEFAULTS;

/**
 * The experiment document: `scalar-width` (κ, η_u, η_w), the scalar task (a, Σ_xx), a Gaussian init
 * of width d (σ_u = σ_w = scale) and GD with step h for round(tEnd/h) steps (or the flow to tEnd).
 * @throws ConfigError naming the field when a parameter is invalid
 * @example
 * scalarDocument(SCALAR_DEFAULTS).model; // { kind: 'scalar-width', kappa: 0.1, etaU: 1, etaW: 1 }
 */
export function scalarDocument(p: ScalarParams): ExperimentDocument {
  const steps = Math.max(1, Math.round(p.tEnd / p.h));
  return validateExperiment({
    model: { kind: 'scalar-width', kappa: p.kappa, etaU: p.etaU, etaW: p.etaW },
    task: { kind: 'scalar', a: p.a, sigmaXX: p.sigmaXX },
    init: { kind: 'gaussian', width: Math.round(p.d), sigmaU: p.scale, sigmaW: p.scale, seed: p.seed },
    train: p.method === 'flow' ? { method: 'flow', tEnd: p.tEnd } : { method: 'gd', learningRate: p.h, steps },
    seed: p.seed,
  });
}

/** The exact curves of the 1-D model and its mechanism label. */
export interface ScalarCurves {
  t: Float64Array;
  /** Effective slope P(t) = κuᵀw. */
  P: Float64Array;
  /** Tangent kernel K(t). */
  K: Float64Array;
  /** Alignment ζ(t). */
  zeta: Float64Array;
  loss: Float64Array;
  /** Classifier of spec §B.6 on the exact samples at t = 0 and t_end. */
  mechanism: MechanismClassification;
  /** Time scale t_c = 1/Δ and conserved Q. */
  tc: number;
  Q: number;
}

/**
 * Builds the document's u(0), w(0) and evaluates the exact solution at `times` (flow time).
 * @throws ConfigError / DomainError from the builder or the theory (one sentence)
 * @example
 * scalarCurves(scalarDocument(SCALAR_DEFAULTS), [0, 1, 2]).mechanism.label;
 */
export function scalarCurves(doc: ExperimentDocument, times: ArrayLike<number>): ScalarCurves {
  const built = buildDocument(doc) as BuiltScalarWidth & { family: string };
  if (built.family !== 'scalar-width') throw new Error('scalarCurves: the document is not a scalar-width document.');
  const params = { kappa: built.model.kappa, etaU: built.model.etaU, etaW: built.model.etaW };
  const ex = scalarWidthExact(params, { a: built.a, sigmaXX: built.sigmaXX }, { u: built.u, w: built.w });
  const c = ex.curves(times);
  const tEnd = times[times.length - 1];
  const mechanism = classifyMechanism({ etaU: params.etaU, etaW: params.etaW }, [ex.at(0), ex.at(tEnd)]);
  return { t: c.t, P: c.P, K: c.K, zeta: c.zeta, loss: c.loss, mechanism, tc: ex.tc, Q: ex.Q };
}
