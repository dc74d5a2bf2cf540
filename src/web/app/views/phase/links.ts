/**
 * How a phase-diagram cell opens its trajectory: the id of the target view and that view's URL
 * parameters for the cell's settings (the keys of `MIXED_DEFAULTS` in views/mixed/model.ts and
 * `SCALAR_DEFAULTS` in views/scalar/model.ts; a target view ignores keys it does not declare).
 * @module
 */
import type { ViewParams } from '../../url-state.js';
import type { WidthExponents } from '../../../../theory/three-mechanisms/index.js';

/** A link to the mixed (Tu et al.) view for one (γ_σ², γ_w) cell: same d, k, noise (std 1, as the diagram's task), exponents, step and budget. */
export const MIXED_LINK = {
  view: 'mixed',
  params(c: { d: number; rank: number; gammaSigma2: number; gammaW: number; learningRate: number; steps: number; seed: number }): ViewParams {
    return { d: c.d, rank: c.rank, noise: 1, mode: 'gamma', gs: c.gammaSigma2, gw: c.gammaW, eta: Number(c.learningRate.toPrecision(6)), steps: c.steps, seed: c.seed };
  },
};

/**
 * A link to the 1-D (Xu & Ziyin) view for one point of the width-exponent plane at width d:
 * κ = d^−c, η_u = d^e_u, η_w = d^e_w, init scale √(d^b) (the 1-D view draws u and w with one scale,
 * so b = (b_u + b_w)/2 when they differ), gradient flow up to 5 t_c.
 */
export const ONE_D_LINK = {
  view: 'one-d',
  params(c: { exponents: WidthExponents; d: number; a: number; tc: number; seed: number }): ViewParams {
    const { d, exponents: e } = c;
    const r = (v: number): number => Number(v.toPrecision(6));
    const tEnd = Number.isFinite(c.tc) && c.tc > 0 ? r(Math.min(1e4, Math.max(0.1, 5 * c.tc))) : 40;
    return {
      d,
      kappa: r(d ** -e.c),
      etaU: r(d ** e.eU),
      etaW: r(d ** e.eW),
      scale: r(Math.sqrt(d ** ((e.bU + e.bW) / 2))),
      a: c.a,
      sigmaXX: 1,
      method: 'flow',
      tEnd,
      seed: c.seed,
    };
  },
};
