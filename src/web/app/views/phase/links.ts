/**
 * How a phase-diagram cell opens its trajectory: the id of the target view and the URL parameters
 * of that view for the cell's settings. The target view keeps only the keys its defaults declare
 * (`decodeParams` in url-state.ts ignores the others).
 * @module
 */
import type { ViewParams } from '../../url-state.js';
import type { WidthExponents } from '../../../../theory/three-mechanisms/index.js';

/** A link to the mixed (Tu et al.) view for one (γ_σ², γ_w) cell. */
export const MIXED_LINK = {
  view: 'mixed',
  params(c: { d: number; rank: number; gammaSigma2: number; gammaW: number; sigma2: number; width: number; learningRate: number; seed: number }): ViewParams {
    return {
      d: c.d,
      rank: c.rank,
      gammaSigma2: c.gammaSigma2,
      gammaW: c.gammaW,
      sigma2: c.sigma2,
      width: c.width,
      learningRate: c.learningRate,
      seed: c.seed,
    };
  },
};

/** A link to the 1-D (Xu & Ziyin) view for one point of the width-exponent plane at width d. */
export const ONE_D_LINK = {
  view: 'one-d',
  params(c: { exponents: WidthExponents; d: number; a: number; seed: number }): ViewParams {
    const { d, exponents: e } = c;
    const r = (v: number): number => Number(v.toPrecision(6));
    return {
      width: d,
      kappa: r(d ** -e.c),
      etaU: r(d ** e.eU),
      etaW: r(d ** e.eW),
      sigmaU: r(Math.sqrt(d ** e.bU)),
      sigmaW: r(Math.sqrt(d ** e.bW)),
      a: c.a,
      seed: c.seed,
    };
  },
};
