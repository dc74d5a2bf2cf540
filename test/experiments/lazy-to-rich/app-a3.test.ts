/**
 * App. A.3 (Dominé et al. 2025, spec §2.3, §5.6): LeCun/Glorot/He inits approach their predicted λ̂
 * as width grows at fixed ratios — per-entry deviation ∝ width^(−1/2), fitted λ → λ̂, and the
 * exact law E‖B − λ̂I‖²_F = (N_h² + N_h)(N_oσ₂⁴ + N_iσ₁⁴) (relative Frobenius deviation constant).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runAppA3, appA3Experiment, expectedSquaredDeviation, predictedLambda } from '../../../src/experiments/lazy-to-rich/app-a3.js';
import { findExperiment } from '../../../src/experiments/registry.js';
import { createRandom, gaussianMatrix } from '../../../src/random/index.js';
import { checkWellFormed } from '../../plot/xml.js';

describe('lazy-to-rich/app-a3: random inits become λ-balanced with width', () => {
  const settings = { ratios: [{ ni: 1, nh: 5, no: 2 }, { ni: 1, nh: 2, no: 4 }], multipliers: [2, 4, 8, 16, 32], seeds: 16 };
  const result = runAppA3({ budget: 'quick', seed: 0 }, settings);

  it('is registered under its id', () => {
    assert.equal(findExperiment('lazy-to-rich/app-a3'), appA3Experiment);
  });

  it('every check passes (3 LeCun scaling checks + 2 per scheme, for each ratio)', () => {
    assert.equal(result.checks.length, 2 * (3 + 2 * 3));
    for (const c of result.checks) assert.ok(c.pass, `${c.name}: ${c.ours} (tolerance ${c.tolerance})`);
  });

  it('predicted λ̂ are the spec\'s formulas (§5.6) at 40-200-80', () => {
    assert.ok(Math.abs(predictedLambda('lecun', 40, 200, 80) - (80 / 200 - 1)) < 1e-15);
    assert.ok(Math.abs(predictedLambda('glorot', 40, 200, 80) - 2 * (80 / 280 - 40 / 240)) < 1e-15);
    assert.ok(Math.abs(predictedLambda('he', 40, 200, 80) - 2 * (80 / 200 - 1)) < 1e-15);
  });

  it('E‖B − λ̂I‖²_F formula vs an independent Monte Carlo at 3-4-5 (20000 draws, within 4 standard errors)', () => {
    // σ₁ = 0.7, σ₂ = 0.4: prediction (16 + 4)(5·0.4⁴ + 3·0.7⁴).
    const s1 = 0.7;
    const s2 = 0.4;
    const [ni, nh, no] = [3, 4, 5];
    const lhat = no * s2 * s2 - ni * s1 * s1;
    const rng = createRandom(11, 'a3-test');
    const vals: number[] = [];
    for (let k = 0; k < 20000; k++) {
      const W1 = gaussianMatrix(rng.split('W1', k), nh, ni, { std: s1 });
      const W2 = gaussianMatrix(rng.split('W2', k), no, nh, { std: s2 });
      let sq = 0;
      for (let a = 0; a < nh; a++) {
        for (let b = 0; b < nh; b++) {
          let v = a === b ? -lhat : 0;
          for (let o = 0; o < no; o++) v += W2.get(o, a) * W2.get(o, b);
          for (let i = 0; i < ni; i++) v -= W1.get(a, i) * W1.get(b, i);
          sq += v * v;
        }
      }
      vals.push(sq);
    }
    const mean = vals.reduce((x, y) => x + y, 0) / vals.length;
    const sd = Math.sqrt(vals.reduce((x, y) => x + (y - mean) ** 2, 0) / (vals.length - 1));
    const pred = (nh * nh + nh) * (no * s2 ** 4 + ni * s1 ** 4);
    assert.ok(Math.abs(mean - pred) <= 4 * sd / Math.sqrt(vals.length), `${mean} vs ${pred}`);
    // The experiment's helper agrees for the LeCun variances.
    assert.ok(Math.abs(expectedSquaredDeviation('lecun', 10, 50, 20) - (2550 * (20 / 2500 + 10 / 100))) < 1e-12);
  });

  it('figure is well-formed SVG; deterministic', () => {
    assert.ok(checkWellFormed(result.figures[0].svg) > 100);
    assert.deepEqual(runAppA3({ budget: 'quick', seed: 0 }, settings).tables, result.tables);
  });

  it('its checks can fail: a single width gives no slope', () => {
    const bad = runAppA3({ budget: 'quick', seed: 0 }, { ...settings, ratios: [settings.ratios[0]], multipliers: [8, 8], seeds: 4 });
    assert.ok(bad.checks.some((c) => !c.pass));
  });
});
