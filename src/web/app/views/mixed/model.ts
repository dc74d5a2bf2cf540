/**
 * The mixed view's pure part (Tu, Aranguri & Jacot, NeurIPS 2024; spec
 * `mixed-and-three-mechanisms.md` Part A): URL parameters, the width and init variance they imply
 * (σ² = d^{γ_σ²}, w = ⌊d^{γ_w}⌋ as in the paper, or given directly), the threshold σ²w, and the
 * experiment document (model `mixed-linear`) that `lazyrich run` accepts.
 * @module
 */
import { validateExperiment, type ExperimentDocument } from '../../../../config/index.js';
import { mixedScalings } from '../../../../models/mixed-linear.js';
import type { ViewParams } from '../../url-state.js';

/** The view's parameters and defaults (each a URL query key). */
export const MIXED_DEFAULTS = {
  /** Task size d (d_in = d_out = d). */
  d: 20,
  /** Rank k of the clean target A*. */
  rank: 3,
  /** Noise standard deviation of Y = A* + E. */
  noise: 0.1,
  /** `gamma`: σ² = d^{γ_σ²}, w = ⌊d^{γ_w}⌋; `direct`: σ² and w as given. */
  mode: 'gamma',
  /** γ_σ² (exponent of the init variance). */
  gs: -1.5,
  /** γ_w (exponent of the width). */
  gw: 1.5,
  /** σ² and w in `direct` mode. */
  sigma2: 0.01,
  width: 100,
  /** GD learning rate η (t = nη). */
  eta: 0.02,
  /** Number of GD iterations. */
  steps: 300,
  /** Seed of the task and the init. */
  seed: 1,
} satisfies ViewParams;

/** The parameter record of the mixed view. */
export type MixedParams = typeof MIXED_DEFAULTS;

/**
 * σ², the width w and the threshold σ²w of the parameters.
 * @example
 * mixedShape({ ...MIXED_DEFAULTS, mode: 'direct', sigma2: 0.01, width: 100 }).threshold; // 1
 */
export function mixedShape(p: MixedParams): { sigma2: number; width: number; threshold: number } {
  if (p.mode === 'direct') return { sigma2: p.sigma2, width: Math.round(p.width), threshold: p.sigma2 * Math.round(p.width) };
  const s = mixedScalings(Math.round(p.d), p.gs, p.gw);
  return { sigma2: s.sigma2, width: s.width, threshold: s.threshold };
}

/**
 * The experiment document: `mixed-linear` with σ² and w, the noisy low-rank task (d, rank, noise,
 * seed), a Gaussian init and `steps` GD iterations at η. Validated with src/config.
 * @throws ConfigError naming the field when a parameter is invalid (e.g. a width below the rank)
 * @example
 * mixedDocument(MIXED_DEFAULTS).model; // { kind: 'mixed-linear', sigma2: 20^-1.5, width: 89 }
 */
export function mixedDocument(p: MixedParams): ExperimentDocument {
  const { sigma2, width } = mixedShape(p);
  return validateExperiment({
    model: { kind: 'mixed-linear', sigma2, width },
    task: { kind: 'noisy-low-rank', d: Math.round(p.d), rank: Math.round(p.rank), noiseStd: p.noise, seed: p.seed },
    init: { kind: 'gaussian', seed: p.seed },
    train: { method: 'gd', learningRate: p.eta, steps: Math.round(p.steps) },
    seed: p.seed,
  });
}
