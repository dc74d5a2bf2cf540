// The §B.5 phase diagram of the 1-D model (Xu & Ziyin 2025): the exponents 𝒜, 𝓑 of the named
// parametrisations, the phase of each row of the §B.5 table, recipe B.8-6 (|K∞/K0 − 1| ∝ 1/d for NTK,
// → √2 − 1 for μP) from the exact solution at sampled inits, the boundary curves, and refusals.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../../../src/errors/index.js';
import { createRandom } from '../../../src/random/index.js';
import { scalarWidthInit } from '../../../src/models/scalar-width.js';
import {
  alphaExponent,
  phaseBoundaries,
  phaseGrid,
  phaseValues,
  scalarWidthExact,
  sqrtQExponent,
  widthPhase,
  type WidthExponents,
} from '../../../src/theory/three-mechanisms/index.js';

const NTK: WidthExponents = { c: 0.5, eU: 0, eW: 0, bU: 0, bW: 0 };
const MUP: WidthExponents = { c: 1, eU: 1, eW: 1, bU: 0, bW: 0 };
const SP: WidthExponents = { c: 0, eU: -1, eW: -1, bU: -1, bW: 0 };
const SMALL: WidthExponents = { c: 0.5, eU: 0, eW: 0, bU: -2, bW: -2 };

describe('exponents and phases of the §B.5 table', () => {
  it('NTK: 𝒜 = −1/2, 𝓑 = 1/2, K0 = Θ(1) → kernel', () => {
    const p = widthPhase(NTK);
    assert.deepEqual([p.alphaExp, p.sqrtQExp, p.kernelExp, p.phase], [-0.5, 0.5, 0, 'kernel']);
  });
  it('μP: 𝒜 = 𝓑 = 0 → feature learning', () => {
    const p = widthPhase(MUP);
    assert.deepEqual([p.alphaExp, p.sqrtQExp, p.phase], [0, 0, 'feature-learning']);
  });
  it('SP (κ = 1, σ_u² = 1/d, η = 1/d): 𝒜 = −1, 𝓑 = 1 → kernel (the spec lists K0 ≈ 1 and |K∞/K0 − 1| → 0)', () => {
    const p = widthPhase(SP);
    assert.deepEqual([p.alphaExp, p.sqrtQExp, p.phase], [-1, 1, 'kernel']);
  });
  it('NTK rates with σ² = d⁻²: 𝓑 = −3/2, 𝒜 = −1/2 → no learning in O(1) time (t_c → ∞, as the table says)', () => {
    const p = widthPhase(SMALL);
    assert.deepEqual([p.alphaExp, p.sqrtQExp, p.phase], [-0.5, -1.5, 'no-learning']);
  });
  it('μP with small init (σ² = d^{-1/2}): 𝓑 < 0, 𝒜 = 0 → strong feature learning; κ = 1 with η = 1 → unstable', () => {
    assert.equal(widthPhase({ ...MUP, bU: -0.5, bW: -0.5 }).phase, 'strong-feature-learning');
    assert.equal(widthPhase({ c: 0, eU: 0, eW: 0, bU: 0, bW: 0 }).phase, 'unstable');
  });
  it('𝓑 takes the larger of the two layers in rescaled units: b_u + (e_w − e_u)/2 vs b_w + (e_u − e_w)/2', () => {
    assert.equal(sqrtQExponent({ c: 0, eU: 2, eW: 0, bU: 0, bW: 0 }), 2);
    assert.equal(sqrtQExponent({ c: 0, eU: 0, eW: 2, bU: 0, bW: 0 }), 2);
    assert.equal(alphaExponent({ c: 0.25, eU: 2, eW: 0, bU: 0, bW: 0 }), 0.75);
  });
});

describe('phaseValues (law-of-large-numbers init) against the exact solution at sampled inits', () => {
  it('closed-form values agree with scalarWidthExact at d = 10⁴ to the O(d^{-1/2}) sampling spread', () => {
    for (const e of [NTK, MUP, SP]) {
      const d = 1e4;
      const v = phaseValues(e, d, { a: 1 });
      const init = scalarWidthInit(createRandom(3, 'pv', String(e.c)), d, { sigmaU: Math.sqrt(d ** e.bU), sigmaW: Math.sqrt(d ** e.bW) });
      const ex = scalarWidthExact({ kappa: d ** -e.c, etaU: d ** e.eU, etaW: d ** e.eW }, { a: 1, sigmaXX: 1 }, init);
      assert.ok(Math.abs(Math.sqrt(ex.Q) / v.sqrtQ - 1) < 0.05, `√Q ${Math.sqrt(ex.Q)} vs ${v.sqrtQ}`);
      assert.ok(Math.abs(ex.alpha - v.alpha) < 1e-12 * v.alpha);
      assert.ok(Math.abs(ex.tc / v.tc - 1) < 0.05);
    }
  });
  it('table values: √Q/2 ≈ 1 and K∞/K0 = √2 for μP; √Q/2 ≈ √d for NTK; t_c grows like d^{1/2} for the small init', () => {
    for (const d of [1e2, 1e3, 1e4, 1e5]) {
      const m = phaseValues(MUP, d, { a: 1 });
      assert.ok(Math.abs(m.sqrtQ / 2 - 1) < 1e-12 && Math.abs(m.kernelRatio - Math.SQRT2) < 1e-12 && Math.abs(m.zetaInf - Math.SQRT1_2) < 1e-12);
      const n = phaseValues(NTK, d, { a: 1 });
      assert.ok(Math.abs(n.sqrtQ / 2 - Math.sqrt(d)) < 1e-9 * Math.sqrt(d) && Math.abs(n.K0 - 2) < 1e-12);
      const s = phaseValues(SMALL, d, { a: 1 });
      assert.ok(Math.abs(s.tc / Math.sqrt(d) - 0.5) < 0.01, `${s.tc}`); // t_c = 1/(α√(4+Q)) → √d/2
    }
  });
});

describe('recipe B.8-6: kernel-ratio scaling from the exact solution at sampled inits', () => {
  it('NTK: K∞/K0 − 1 = 2(a² − P0²)/Q + O(Q⁻²) with Q ≈ 4d, so |K∞/K0 − 1| ∝ 1/d', () => {
    for (const d of [1e2, 1e3, 1e4, 1e5]) {
      const init = scalarWidthInit(createRandom(5, 'b86', d), d);
      const ex = scalarWidthExact({ kappa: d ** -0.5, etaU: 1, etaW: 1 }, { a: 1, sigmaXX: 1 }, init);
      const rho = ex.KInf / ex.K0;
      const first = (2 * (1 - ex.P0 ** 2)) / ex.Q;
      // second-order remainder of √(1+x)/√(1+y): ≤ 2(a⁴+P0⁴)·(4/Q)² for these sizes
      assert.ok(Math.abs(rho - 1 - first) <= 32 * (1 + ex.P0 ** 4) / ex.Q ** 2 + 1e-15, `d=${d}: ${rho - 1} vs ${first}`);
      assert.ok(Math.abs(ex.Q / (4 * d) - 1) < 6 / Math.sqrt(d), `Q/4d ${ex.Q / (4 * d)}`); // LLN spread ~ 1.4/√d
    }
  });
  it('μP: K∞/K0 − 1 → √2 − 1 ≈ 0.414 (|error| ≤ 0.05 at d ≥ 10³, 0.02 at 10⁵)', () => {
    for (const [d, tol] of [[1e3, 0.05], [1e4, 0.05], [1e5, 0.02]]) {
      const init = scalarWidthInit(createRandom(5, 'b86mu', d), d);
      const ex = scalarWidthExact({ kappa: 1 / d, etaU: d, etaW: d }, { a: 1, sigmaXX: 1 }, init);
      assert.ok(Math.abs(ex.KInf / ex.K0 - 1 - (Math.SQRT2 - 1)) < tol, `d=${d}: ${ex.KInf / ex.K0 - 1}`);
    }
  });
});

describe('spec statements checked against the exact solution', () => {
  it('strong feature learning: escape time to (1−ε)a ≈ ln(2|a|/(ε√Q/2))/(2αΣ|a|) (μP, σ² = d^{-1/2}, d = 10⁴; within 1%)', () => {
    const d = 1e4;
    const init = scalarWidthInit(createRandom(8, 'escape'), d, { sigmaU: d ** -0.25, sigmaW: d ** -0.25 });
    const ex = scalarWidthExact({ kappa: 1 / d, etaU: d, etaW: d }, { a: 1, sigmaXX: 1 }, init);
    const eps = 0.05;
    const approx = Math.log(2 / (eps * (Math.sqrt(ex.Q) / 2))) / (2 * ex.alpha);
    const exact = ex.hittingTime(1 - eps);
    // neglected: P0/c ≈ 1e-2 and c/a ≈ 1e-2 relative corrections inside the logarithm (≈ ln 4000 = 8.3)
    assert.ok(Math.abs(exact / approx - 1) < 0.01, `${exact} vs ${approx}`);
    assert.ok(Math.abs(ex.KInf / ex.K0 - 2 / Math.sqrt(ex.Q)) < 0.01 * ex.KInf / ex.K0); // K grows by ≈ 2|a|/√Q
  });
  it('B.4: P0²/Q ≈ 1/(4d) holds in expectation at equal rates and σ (mean over 400 draws within 15%), not draw by draw', () => {
    const d = 200;
    let mean = 0;
    let above = 0;
    for (let k = 0; k < 400; k++) {
      const ex = scalarWidthExact({ kappa: 1 / d, etaU: 1, etaW: 1 }, { a: 1, sigmaXX: 1 }, scalarWidthInit(createRandom(9, 'p0q', k), d));
      const r = (ex.P0 ** 2 / ex.Q) * 4 * d;
      mean += r / 400;
      if (r > 1) above++;
    }
    assert.ok(Math.abs(mean - 1) < 0.15, `${mean}`); // χ²₁ mean 1, sd √2/√400 ≈ 0.07
    assert.ok(above > 40, `${above}`); // ≈ 32% of χ²₁ draws exceed 1
  });
});

describe('boundaries and grids', () => {
  it('in the (b_u, c) plane at μP rates, the 𝓑 = 0 curve is c = 1 + max(b_u, 0) and rate = 0 is c = 1 + max(b_u, 0)/2', () => {
    const [bq, br] = phaseBoundaries(MUP, 'bU', 'c', [-2, 2], [-1, 4], 21);
    assert.equal(bq.name, 'sqrtQ=0');
    for (let i = 0; i < bq.x.length; i++) {
      assert.ok(Math.abs(bq.y[i] - (1 + Math.max(bq.x[i], 0))) < 1e-12, `${bq.x[i]} ${bq.y[i]}`);
      assert.ok(Math.abs(sqrtQExponent({ ...MUP, bU: bq.x[i], c: bq.y[i] })) < 1e-12);
      // rate = 𝒜 + max(𝓑,0) = −c + 1 + max(1 − c + max(b_u,0), 0): zero at c = 1 + max(b_u, 0)/2
      assert.ok(Math.abs(br.y[i] - (1 + Math.max(br.x[i], 0) / 2)) < 1e-12, `${br.x[i]} ${br.y[i]}`);
    }
  });
  it('a boundary outside the y range is NaN; the grid labels the two sides of 𝓑 = 0 differently', () => {
    const [bq] = phaseBoundaries(MUP, 'bU', 'c', [-2, 2], [5, 6], 3);
    assert.ok(bq.y.every(Number.isNaN));
    const g = phaseGrid({ ...MUP, bW: -1 }, 'bU', [-0.5, 0, 0.5], 'c', [1]);
    assert.deepEqual(g.phases[0], ['strong-feature-learning', 'feature-learning', 'unstable']);
  });
  it('refuses non-finite exponents, equal axes, width < 1', () => {
    assert.throws(() => widthPhase({ ...MUP, c: NaN }), ConfigError);
    assert.throws(() => phaseBoundaries(MUP, 'c', 'c', [0, 1], [0, 1]), ConfigError);
    assert.throws(() => phaseValues(MUP, 0, { a: 1 }), ConfigError);
  });
});
