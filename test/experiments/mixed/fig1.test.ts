/**
 * mixed/fig1 (Tu, Aranguri & Jacot 2024, Fig. 1; spec §A.3, recipes A.5-1, A.5-2, A.5-5, A.5-9) at
 * the tests' size (d = 20, k = 2, w = 845): every check passes, the figure is well-formed SVG with the
 * σ²w threshold line, the same seed gives the same tables, and the checks can fail (with w < d the
 * closure behind (1) does not hold and GD leaves the self-consistent curve).
 * The d = 100 reference numbers of A.5-5 are checked by `lazyrich reproduce mixed/fig1` (quick budget,
 * ≈ 100 s on the js backend; measured 0.2711 at iteration 10 vs 0.27 ± 0.05 at 9 ± 2).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mixedFig1Experiment, mixedFig1Settings, runMixedFig1 } from '../../../src/experiments/mixed/fig1.js';
import { findExperiment } from '../../../src/experiments/registry.js';
import { checkWellFormed } from '../../plot/xml.js';

describe('mixed/fig1: errors and singular values, GD vs the self-consistent dynamics (1)', () => {
  const result = runMixedFig1({ budget: 'test', seed: 0 });

  it('is registered under its id', () => {
    assert.equal(findExperiment('mixed/fig1'), mixedFig1Experiment);
    assert.equal(result.id, 'mixed/fig1');
  });

  it('makes the recipe checks and every one passes', () => {
    const names = result.checks.map((c) => c.name);
    for (const part of ['A.5-1 initialisation spectrum', 'A.5-1 ‖A(0)‖', 'A.5-2 closure', 'A.5-5 GD vs (1)', 'A.5-5 final top', 'A.5-9 speed-up', 'Minimal test error']) {
      assert.ok(names.some((n) => n.includes(part)), `missing check containing "${part}"; have ${names.join(' | ')}`);
    }
    for (const c of result.checks) assert.ok(c.pass, `${c.name}: ${c.ours} (tolerance ${c.tolerance})`);
  });

  it('budgets: the paper size is d = 500, quick d = 100 (recipe A.5-5)', () => {
    assert.equal(mixedFig1Settings('paper').d, 500);
    assert.equal(mixedFig1Settings('quick').d, 100);
    assert.equal(mixedFig1Settings('quick').iterations, 100);
  });

  it('figure is well-formed SVG with both panels and the σ²w threshold line', () => {
    const svg = result.figures[0].svg;
    assert.ok(checkWellFormed(svg) > 20);
    for (const text of ['train and test error', 'singular values of A_θ', 'σ²w threshold']) assert.ok(svg.includes(text), text);
  });

  it('curves start at the same A(0) and the errors start near 2 (train) and 1 (test) (§A.1)', () => {
    const cols = result.tables[0].columns;
    const n = cols.iteration.length;
    assert.equal(n, 61);
    for (const [name, col] of Object.entries(cols)) {
      assert.equal(col.length, n, name);
      for (const v of col) assert.ok(typeof v === 'number' && Number.isFinite(v), `${name}: ${String(v)}`);
    }
    // Same start: exactly the same A(0) = W₂W₁ on both sides (rounding of the product only).
    assert.ok(Math.abs((cols.train_gd[0] as number) - (cols.train_sc[0] as number)) <= 1e-12);
    assert.ok(Math.abs((cols.train_gd[0] as number) - 2) < 0.3, String(cols.train_gd[0]));
    assert.ok(Math.abs((cols.test_gd[0] as number) - 1) < 0.2, String(cols.test_gd[0]));
  });

  it('is deterministic for a seed and changes with it', () => {
    const again = runMixedFig1({ budget: 'test', seed: 0 });
    assert.deepEqual(again.tables, result.tables);
    const other = runMixedFig1({ budget: 'test', seed: 1 });
    assert.notDeepEqual(other.tables[0].columns.test_gd, result.tables[0].columns.test_gd);
  });

  it('checks can fail: with w < d (γ_w = 0.8) GD and (1) part ways', () => {
    const bad = runMixedFig1({ budget: 'test', seed: 0 }, { gammaW: 0.8, gammaSigma2: -0.2, closure: false });
    const failed = bad.checks.filter((c) => !c.pass).map((c) => c.name);
    assert.ok(failed.some((n) => n.startsWith('A.5-5 GD vs (1)')), `failed: ${failed.join(' | ')}`);
  });
});
