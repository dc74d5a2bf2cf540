/**
 * mixed/fig2 (Tu, Aranguri & Jacot 2024, Fig. 2; spec §A.2.5, §A.3, recipes A.5-6, A.5-7, A.5-8) at the
 * tests' size (3×3 grid at d = 20, k = 5): every check passes, the five panels are well-formed SVG with
 * the theory lines, the early-stopping protocol of `main.ipynb` stops as it should, the same seed gives
 * the same grid, and the checks can fail.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { earlyStop, mixedFig2Experiment, mixedFig2Settings, runMixedFig2 } from '../../../src/experiments/mixed/fig2.js';
import { findExperiment } from '../../../src/experiments/registry.js';
import { checkWellFormed } from '../../plot/xml.js';

describe('mixed/fig2: phase diagrams over (γ_σ², γ_w)', () => {
  const result = runMixedFig2({ budget: 'test', seed: 0 });

  it('is registered under its id', () => {
    assert.equal(findExperiment('mixed/fig2'), mixedFig2Experiment);
    assert.equal(result.id, 'mixed/fig2');
  });

  it('makes the recipe checks and every one passes', () => {
    const names = result.checks.map((c) => c.name);
    for (const part of ['A.5-6', 'A.5-7/8 rank bias', 'Best of both worlds', 'GD vs (1)', 'A.5-7 classifier']) {
      assert.ok(names.some((n) => n.includes(part)), `missing check containing "${part}"; have ${names.join(' | ')}`);
    }
    for (const c of result.checks) assert.ok(c.pass, `${c.name}: ${c.ours} (tolerance ${c.tolerance})`);
  });

  it('early stopping follows main.ipynb: train < 1e-3, test up twice in a row, or a train plateau after progress', () => {
    assert.equal(earlyStop([2, 1e-4], [1, 1]), true);
    assert.equal(earlyStop([2, 1.5, 1.2], [1, 1.1, 1.2]), true);
    assert.equal(earlyStop([2, 1.5, 1.2], [1, 1.1, 1.05]), false);
    assert.equal(earlyStop([2, 1.5, 1.4999], [1, 0.9, 0.8]), true);
    // A plateau without 1e-2 of progress since the start does not stop.
    assert.equal(earlyStop([2, 1.995, 1.9949], [1, 0.9, 0.8]), false);
  });

  it('budgets: quick is a coarse 7×7 grid at d = 20, paper 20×20 at d = 50, over the paper\'s box', () => {
    const q = mixedFig2Settings('quick');
    assert.equal(q.gammaSigma2.length * q.gammaW.length, 49);
    const p = mixedFig2Settings('paper');
    assert.equal(p.d, 50);
    assert.deepEqual([p.gammaSigma2[0], p.gammaSigma2[19], p.gammaW[0], p.gammaW[19]], [-3, 0, 0, 2.8]);
  });

  it('figure: five heatmaps with the theory lines, well-formed SVG', () => {
    const svg = result.figures[0].svg;
    assert.ok(checkWellFormed(svg) > 50);
    for (const text of ['minimal test error', 'stable rank at the minimal test error', 'iterations until the minimal test error', 'ln max distance GD vs (1)', 'regime (A.5-7)', 'active vs lazy', 'infinite noise', 'underparameterised']) {
      assert.ok(svg.includes(text), text);
    }
  });

  it('grid table: one row per point, the lazy corner loses to the active corner, stopping before 750 iterations', () => {
    const c = result.tables[0].columns;
    assert.equal(c.minTest.length, 9);
    const at = (gs: number, gw: number): number => c.gammaSigma2.findIndex((v, i) => v === gs && c.gammaW[i] === gw);
    const active = at(-2.5, 2);
    const lazy = at(-0.5, 2.8);
    assert.equal(c.regime[active], 'active');
    assert.equal(c.regime[lazy], 'lazy');
    assert.equal(c.infiniteNoise[lazy], 'yes'); // σ⁴w = 20^{1.8} > 1
    assert.ok((c.minTest[active] as number) < 0.5 * (c.minTest[lazy] as number));
    for (const n of c.iterationsRun) assert.ok((n as number) < 750, String(n));
  });

  it('is deterministic for a seed (one-point grid run twice) and the seed matters', () => {
    const one = { gammaSigma2: [-2.5], gammaW: [2] };
    const a = runMixedFig2({ budget: 'test', seed: 0 }, one);
    const b = runMixedFig2({ budget: 'test', seed: 0 }, one);
    assert.deepEqual(b.tables, a.tables);
    const other = runMixedFig2({ budget: 'test', seed: 1 }, one);
    assert.notEqual(other.tables[0].columns.minTest[0], a.tables[0].columns.minTest[0]);
  });

  it('checks can fail: a 60-iteration cap stops the infinite-noise lazy run far from the A.5-6 prediction', () => {
    const bad = runMixedFig2({ budget: 'test', seed: 0 }, { gammaSigma2: [-2.5, -0.5], gammaW: [0.4, 2.8], maxIterations: 60 });
    const failed = bad.checks.filter((c) => !c.pass).map((c) => c.name);
    assert.ok(failed.some((n) => n.startsWith('A.5-6')), failed.join(' | '));
  });
});
