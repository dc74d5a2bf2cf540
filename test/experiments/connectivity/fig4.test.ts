/**
 * connectivity/fig4 (Liu et al. 2024 Fig. 4, spec §4.3, §5): at the tests' size every check passes
 * (mean A_tr = 1/d and mean A_F = its formula within 4 s.e., A_F rising and movement falling with
 * rank, per-draw movement = the rich-limit prediction within 0.05); the figure is well-formed; a small
 * setting is deterministic; the rank-trend checks fail when every rank is the same.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runFig4Connectivity, fig4ConnectivityExperiment, fig4ConnectivitySettings, correlation } from '../../../src/experiments/connectivity/fig4.js';
import { findExperiment } from '../../../src/experiments/registry.js';
import { checkWellFormed } from '../../plot/xml.js';

describe('connectivity/fig4', () => {
  const result = runFig4Connectivity({ budget: 'quick', seed: 0 }, fig4ConnectivitySettings('test'));
  it('is registered and every check passes', () => {
    assert.equal(findExperiment('connectivity/fig4'), fig4ConnectivityExperiment);
    assert.equal(result.checks.length, 7);
    for (const c of result.checks) assert.ok(c.pass, `${c.name}: ${c.ours}`);
  });
  it('figure is well-formed and labels both normalisations', () => {
    const svg = result.figures[0]!.svg;
    assert.ok(checkWellFormed(svg) > 20);
    assert.ok(svg.includes('A_tr') && svg.includes('A_F'));
  });
  it('correlation helper: ±1 on exact lines', () => {
    assert.ok(Math.abs(correlation([1, 2, 3], [2, 4, 6]) - 1) < 1e-15);
    assert.ok(Math.abs(correlation([1, 2, 3], [3, 2, 1]) + 1) < 1e-15);
  });
  it('deterministic; rank-trend checks fail when every rank is the same', () => {
    const same = { d: 6, h: 10, gain: 0.05, ranks: [2, 2], tasks: 3 };
    const a = runFig4Connectivity({ budget: 'quick', seed: 2 }, same);
    assert.deepEqual(a.tables, runFig4Connectivity({ budget: 'quick', seed: 2 }, same).tables);
    const grow = a.checks.find((c) => c.name.startsWith('initial alignment A_F grows'));
    const fall = a.checks.find((c) => c.name.startsWith('kernel movement'));
    assert.equal(grow?.pass, false);
    assert.equal(fall?.pass, false);
  });
});
