/**
 * The mechanism classifier of spec §B.6 (Xu & Ziyin 2025, "three mechanisms": alignment,
 * disalignment, rescaling; kernel regime otherwise). The naming is [R] in the spec; the decision rule
 * is the spec's recommended one and is checked on the five rows of the §B.6 table (recipe B.8-7).
 *
 * @module
 */
import { ConfigError } from '../../errors/index.js';
import type { Trajectory } from '../../models/types.js';

/** One sample of a trajectory of the 1-D model (or of a two-layer net on 1-D data, wᵢ := Wᵢ·v). */
export interface LayerSample {
  readonly u: ArrayLike<number>;
  readonly w: ArrayLike<number>;
}

/** Per-layer diagnostics between the first and last sample. */
export interface LayerChange {
  /** cos∠(x₀, x_T). */
  cos: number;
  /** ‖x_T‖/‖x₀‖. */
  normRatio: number;
  /** cos > 1 − ε and normRatio ∉ [1−ε, 1+ε]: the layer changed its norm but not its direction. */
  rescaling: boolean;
}

/** Label of the §B.6 decision rule; `unclassified` when K and |ζ| move in opposite directions. */
export type MechanismLabel = 'kernel' | 'alignment' | 'disalignment' | 'unclassified';

/** Result of {@link classifyMechanism}. */
export interface MechanismClassification {
  label: MechanismLabel;
  /** ρ_K = K(T)/K(0), with K ∝ η_w‖u‖² + η_u‖w‖². */
  rhoK: number;
  /** ζ(0), ζ(T) and Δ|ζ| = |ζ(T)| − |ζ(0)|. */
  zeta0: number;
  zetaT: number;
  deltaAbsZeta: number;
  /** Layer u (second) and w (first). */
  u: LayerChange;
  w: LayerChange;
  /** Layers flagged as rescaled, in the order ['u', 'w']. */
  rescaled: ('u' | 'w')[];
  /** The threshold ε used. */
  epsilon: number;
}

function dot(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * y[i];
  return s;
}

function layerChange(x0: ArrayLike<number>, xT: ArrayLike<number>, eps: number): LayerChange {
  const n0 = Math.sqrt(dot(x0, x0));
  const nT = Math.sqrt(dot(xT, xT));
  const cos = n0 > 0 && nT > 0 ? dot(x0, xT) / (n0 * nT) : NaN;
  const normRatio = n0 > 0 ? nT / n0 : NaN;
  const rescaling = cos > 1 - eps && (normRatio < 1 - eps || normRatio > 1 + eps);
  return { cos, normRatio, rescaling };
}

function checkSample(s: LayerSample, name: string): void {
  const d = s.u?.length ?? 0;
  if (d < 1 || s.w?.length !== d) throw new ConfigError(`${name}: u and w must be non-empty arrays of the same length.`, { path: name });
  for (let i = 0; i < d; i++) {
    if (!Number.isFinite(s.u[i]) || !Number.isFinite(s.w[i])) throw new ConfigError(`${name}: entry ${i} of u or w is not finite; classify a finite trajectory.`, { path: name });
  }
}

/**
 * Classifies a trajectory into kernel / alignment / disalignment with a per-layer rescaling flag
 * (spec §B.6, recommended classifier).
 *
 * **Method.** From the first and last samples: ρ_K = K(T)/K(0) with K = κ²Σ_xx(η_w‖u‖²+η_u‖w‖²) (κ, Σ_xx
 * cancel), ζ = 2ũᵀw̃/(‖ũ‖²+‖w̃‖²) with ũ = u/√η_u, w̃ = w/√η_w. Rule with ε (default 0.05):
 * kernel if |ρ_K − 1| < ε; else alignment if ρ_K > 1 and Δ|ζ| > 0; disalignment if ρ_K < 1 and
 * Δ|ζ| < 0; otherwise `unclassified` (impossible under exact gradient flow, where K = αΣ_xx√(Q+4P²) and
 * ζ² = 4P²/(Q+4P²) move together, but possible for GD or nonlinear nets). A layer is flagged as
 * rescaled when cos(x₀, x_T) > 1 − ε and ‖x_T‖/‖x₀‖ ∉ [1−ε, 1+ε].
 *
 * **Special cases.** Works on theory samples (`scalarWidthExact(...).at(t)`) and on simulations alike.
 * The label follows the NTK: with unequal rates (e.g. η_w = 100η_u, d = 1000, σ = 1) ρ_K = 1.02 gives
 * `kernel` although the sub-dominant rescaled layer w turns by ≈ 48° (checked in the tests; the spec's
 * "both layers unchanged to O(a/√Q)" holds for the dominant rescaled layer only); read `u`/`w` for that.
 *
 * **Checked.** Recipe B.8-7: the five rows of the §B.6 table (d = 1000) get the spec's labels, from the
 * exact solution and from DOP853 and GD simulations of the same start.
 *
 * @throws ConfigError if fewer than 2 samples, mismatched or non-finite weights, invalid rates or ε,
 *   or a zero network (K(0) = 0).
 * @example
 * const p = { kappa: 0.1, etaU: 1, etaW: 2 };
 * const ex = scalarWidthExact(p, { a: 1.5, sigmaXX: 1 }, { u: [0.1, 0.2, -0.3], w: [0.3, -0.1, 0.2] });
 * classifyMechanism({ etaU: p.etaU, etaW: p.etaW }, [ex.at(0), ex.at(50)]).label; // → "alignment"
 */
export function classifyMechanism(
  rates: { etaU: number; etaW: number },
  samples: readonly LayerSample[],
  opts: { epsilon?: number } = {},
): MechanismClassification {
  const eps = opts.epsilon ?? 0.05;
  if (!(Number.isFinite(eps) && eps > 0 && eps < 1)) throw new ConfigError(`epsilon must be in (0, 1) (got ${eps}).`, { path: 'epsilon' });
  for (const key of ['etaU', 'etaW'] as const) {
    if (!(Number.isFinite(rates[key]) && rates[key] > 0)) throw new ConfigError(`${key} must be a finite positive learning rate (got ${rates[key]}).`, { path: key });
  }
  if (samples.length < 2) throw new ConfigError('classifyMechanism needs at least two samples (the start and the end of training).', { path: 'samples' });
  const s0 = samples[0];
  const sT = samples[samples.length - 1];
  checkSample(s0, 'samples[0]');
  checkSample(sT, `samples[${samples.length - 1}]`);
  if (s0.u.length !== sT.u.length) throw new ConfigError('The first and last samples have different widths.', { path: 'samples' });
  const { etaU, etaW } = rates;
  const kern = (s: LayerSample): number => etaW * dot(s.u, s.u) + etaU * dot(s.w, s.w);
  const zeta = (s: LayerSample): number => (2 * dot(s.u, s.w)) / Math.sqrt(etaU * etaW) / (dot(s.u, s.u) / etaU + dot(s.w, s.w) / etaW);
  const K0 = kern(s0);
  if (K0 === 0) throw new ConfigError('The first sample has u = w = 0 (K(0) = 0), so ρ_K is undefined; start from nonzero weights.', { path: 'samples[0]' });
  const rhoK = kern(sT) / K0;
  const zeta0 = zeta(s0);
  const zetaT = zeta(sT);
  const deltaAbsZeta = Math.abs(zetaT) - Math.abs(zeta0);
  let label: MechanismLabel;
  if (Math.abs(rhoK - 1) < eps) label = 'kernel';
  else if (rhoK > 1 && deltaAbsZeta > 0) label = 'alignment';
  else if (rhoK < 1 && deltaAbsZeta < 0) label = 'disalignment';
  else label = 'unclassified';
  const u = layerChange(s0.u, sT.u, eps);
  const w = layerChange(s0.w, sT.w, eps);
  const rescaled: ('u' | 'w')[] = [];
  if (u.rescaling) rescaled.push('u');
  if (w.rescaling) rescaled.push('w');
  return { label, rhoK, zeta0, zetaT, deltaAbsZeta, u, w, rescaled, epsilon: eps };
}

/**
 * Samples of a {@link Trajectory} of the 1-D model (weights `[W1 = w (d×1), W2 = uᵀ (1×d)]`, as written
 * by `scalarWidthFlow`/`scalarWidthGd`) in the form {@link classifyMechanism} takes. For a nonlinear
 * two-layer net on 1-D data pass W1·v as w. Used to classify simulations with the §B.6 rule.
 *
 * @example
 * const init = { u: [0.1, 0.2, -0.3], w: [0.3, -0.1, 0.2] };
 * const run = scalarWidthFlow({ kappa: 0.1, etaU: 1, etaW: 2 }, { a: 1.5, sigmaXX: 1 }, init, [0, 50]);
 * const samples = samplesFromTrajectory(run.trajectory);
 * samples.length; // → 2
 * classifyMechanism({ etaU: 1, etaW: 2 }, samples).label; // → "alignment"
 */
export function samplesFromTrajectory(traj: Trajectory): LayerSample[] {
  return traj.weights.map((ws, k) => {
    if (ws.length !== 2) throw new ConfigError(`trajectory.weights[${k}] must hold two layers [W1, W2].`, { path: `weights[${k}]` });
    const [W1, W2] = ws;
    if (W1.cols !== 1 || W2.rows !== 1 || W1.rows !== W2.cols) {
      throw new ConfigError(`trajectory.weights[${k}] must be W1 (d×1) and W2 (1×d) for the 1-D model.`, { path: `weights[${k}]` });
    }
    return { u: W2.data, w: W1.data };
  });
}
