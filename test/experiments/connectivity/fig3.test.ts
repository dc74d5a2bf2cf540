/**
 * connectivity/fig3 (Liu et al. 2024 Fig. 3, spec §5, R5): at the tests' size every check passes
 * (aligned ≥ 5× lazier than Gaussian, aligned ≪ Gaussian < random rank 1, A_tr aligned > Gaussian,
 * partial → aligned as κ grows); values within bands around the spec table (other draws); the figure
 * is well-formed; a small setting is deterministic; and the κ-trend checks fail when κ is held fixed.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runFig3Connectivity, fig3ConnectivityExperiment, fig3ConnectivitySettings, FIG3_SPEC_TABLE } from '../../../src/experiments/connectivity/fig3.js';
import { findExperiment } from '../../../src/experiments/registry.js';
import { checkWellFormed } from '../../plot/xml.js';

describe('connectivity/fig3', () => {
  const result = runFig3Connectivity({ budget: 'quick', seed: 0 }, fig3ConnectivitySettings('test'));
  it('is registered and every check passes', () => {
    assert.equal(findExperiment('connectivity/fig3'), fig3ConnectivityExperiment);
    assert.equal(result.checks.length, 5);
    for (const c of result.checks) assert.ok(c.pass, `${c.name}: ${c.ours}`);
  });
  it('values are close to the spec table (other draws): aligned ΔW₁ < 0.01, Gaussian 0.05–0.09, random rank 1 0.09–0.13, aligned A_tr 0.7–0.78', () => {
    const c = result.tables[0]!.columns;
    (c.dW_aligned_rank1 as number[]).forEach((v) => assert.ok(v < 0.01));
    (c.dW_gaussian as number[]).forEach((v) => assert.ok(v > 0.05 && v < 0.09));
    (c.dW_random_rank1 as number[]).forEach((v) => assert.ok(v > 0.09 && v < 0.13));
    (c.Atr_aligned_rank1 as number[]).forEach((v) => assert.ok(v > 0.7 && v < 0.78));
    assert.deepEqual(FIG3_SPEC_TABLE.kappa, [1, 2, 4, 8]);
  });
  it('figure is well-formed with both panels', () => {
    const svg = result.figures[0]!.svg;
    assert.ok(checkWellFormed(svg) > 20);
    assert.ok(svg.includes('relative weight change') && svg.includes('A_tr(K₀)'));
  });
  it('deterministic; κ-trend checks fail when every κ is 1', () => {
    const flat = { d: 6, h: 10, gain: 1, kappas: [1, 1], tasks: 2 };
    const a = runFig3Connectivity({ budget: 'quick', seed: 1 }, flat);
    assert.deepEqual(a.tables, runFig3Connectivity({ budget: 'quick', seed: 1 }, flat).tables);
    const trend = a.checks.filter((c) => c.name.startsWith('partial alignment'));
    assert.equal(trend.length, 2);
    for (const c of trend) assert.equal(c.pass, false);
  });
});
