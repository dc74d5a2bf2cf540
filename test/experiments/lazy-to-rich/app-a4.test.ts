/**
 * App. A.4 (Dominé et al. 2025, spec §5.7): the authors' GD protocol with the unbalanced W(0) = 0
 * init and the λ-balanced exact maps over (λ, absolute scale): lazier at larger absolute scale and
 * larger |λ|, crossover at |λ|·scale ≈ 2s̃₁; the init really has W(0) = 0; heatmaps well-formed;
 * deterministic.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runAppA4, appA4Settings, appA4Experiment, mirroredZeroInit } from '../../../src/experiments/lazy-to-rich/app-a4.js';
import { findExperiment } from '../../../src/experiments/registry.js';
import { createRandom } from '../../../src/random/index.js';
import { matmul } from '../../../src/linalg/ops.js';
import { checkWellFormed } from '../../plot/xml.js';

describe('lazy-to-rich/app-a4: absolute vs relative scale', () => {
  const settings = { ...appA4Settings('quick'), gridAuthors: 6, steps: 2000, gridBalanced: 12 };
  const result = runAppA4({ budget: 'quick', seed: 0 }, settings);

  it('is registered under its id', () => {
    assert.equal(findExperiment('lazy-to-rich/app-a4'), appA4Experiment);
  });

  it('every check passes', () => {
    assert.equal(result.checks.length, 4);
    for (const c of result.checks) assert.ok(c.pass, `${c.name}: ${c.ours} (tolerance ${c.tolerance})`);
  });

  it('the authors\' init has W(0) = W₂W₁ = 0 exactly and the stated layer scales', () => {
    const w = mirroredZeroInit(20, 20, 2, 0.3, 0.1, createRandom(0, 'a4-test'));
    const W = matmul(w.W2, w.W1);
    for (const v of W.data) assert.ok(Math.abs(v) <= 1e-15, String(v)); // c₁c₂(BA − BA): zero up to summation order
    for (let i = 0; i < 20; i++) assert.equal(w.W1.get(3, i), w.W1.get(13, i));
    for (let o = 0; o < 2; o++) assert.equal(w.W2.get(o, 4), -w.W2.get(o, 14));
  });

  it('tables are complete and finite', () => {
    const a = result.tables[0];
    assert.equal(a.columns.kernelDistance.length, 36);
    for (const v of a.columns.kernelDistance) assert.ok(Number.isFinite(v as number) && (v as number) >= 0);
    const b = result.tables[1];
    assert.equal(b.columns.kernelDistance.length, 144);
    for (const v of b.columns.relativeLoss) assert.ok(Number.isFinite(v as number) && (v as number) <= 1 + 1e-12);
  });

  it('figure is well-formed SVG; deterministic', () => {
    assert.ok(checkWellFormed(result.figures[0].svg) > 100);
    assert.deepEqual(runAppA4({ budget: 'quick', seed: 0 }, settings).tables, result.tables);
  });
});
