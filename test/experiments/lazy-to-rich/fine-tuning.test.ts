/**
 * App. D.4 fine-tuning (Dominé et al. 2025, spec §5.10): rebalancing keeps the function and sets λ_FT;
 * the fine-tuning loss from the closed form equals gradient flow; the loss after a fixed budget falls
 * with |λ_FT| (square, exactly even in λ_FT) or with λ_FT > 0 (funnel); deterministic; and the
 * checks can fail (loose ODE tolerance breaks the exact-vs-flow agreement).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runFineTuning, fineTuningSettings, fineTuningExperiment } from '../../../src/experiments/lazy-to-rich/fine-tuning.js';
import { findExperiment } from '../../../src/experiments/registry.js';
import { linspace } from '../../../src/experiments/lazy-to-rich/common.js';
import { checkWellFormed } from '../../plot/xml.js';

describe('lazy-to-rich/fine-tuning: rebalance to λ_FT, then fine-tune', () => {
  const settings = { ...fineTuningSettings('quick'), lambdaGrid: linspace(-10, 10, 21), lambdaCurves: [-4, 0, 4] };
  const result = runFineTuning({ budget: 'quick', seed: 0 }, settings);

  it('is registered under its id', () => {
    assert.equal(findExperiment('lazy-to-rich/fine-tuning'), fineTuningExperiment);
  });

  it('every check passes, for both shapes', () => {
    assert.equal(result.checks.length, 7);
    for (const c of result.checks) assert.ok(c.pass, `${c.name}: ${c.ours} (tolerance ${c.tolerance})`);
  });

  it('loss table: square minimum loss at the grid ends, funnel asymmetric (independent of the checks)', () => {
    const t = result.tables[0];
    const sq = t.columns.lossAtBudget.filter((_, i) => t.columns.shape[i] === '4-4-4') as number[];
    const fu = t.columns.lossAtBudget.filter((_, i) => t.columns.shape[i] === '6-3-3') as number[];
    assert.equal(sq.length, 21);
    assert.ok(Math.abs(sq[0] - sq[20]) <= 1e-8 * sq[0]);
    assert.ok(sq[10] > 100 * sq[20], `${sq[10]} vs ${sq[20]}`);
    assert.ok(fu[0] > fu[10] && fu[10] > fu[20]);
  });

  it('figure is well-formed SVG; deterministic', () => {
    assert.ok(checkWellFormed(result.figures[0].svg) > 100);
    assert.deepEqual(runFineTuning({ budget: 'quick', seed: 0 }, settings).tables, result.tables);
  });

  it('its checks can fail: with rtol = 1e-3 the flow no longer matches the closed form to 1e-6', () => {
    const bad = runFineTuning({ budget: 'quick', seed: 0 }, { ...settings, shapes: [{ ni: 4, no: 4 }], rtol: 1e-3, atol: 1e-3 });
    const c = bad.checks.find((x) => x.name.includes('exact solution vs DOP853'));
    assert.ok(c !== undefined);
    assert.equal(c.pass, false, c.ours);
  });
});
