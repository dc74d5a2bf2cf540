/**
 * App. D.3 transfer (Dominé et al. 2025, spec §5.10): the new readout's generalisation equals the
 * input-RSM row of the pre-trained network, ordered λ > 0 > λ = 0 > λ < 0 on the sibling item; the
 * λ → +∞ limits of ΣᵀΣ/λ; figures well-formed; deterministic; and the checks can fail (one readout
 * step does not reach the minimum-norm solution).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runTransfer, transferSettings, transferExperiment } from '../../../src/experiments/lazy-to-rich/transfer.js';
import { findExperiment } from '../../../src/experiments/registry.js';
import { checkWellFormed } from '../../plot/xml.js';

describe('lazy-to-rich/transfer: a new feature from one item', () => {
  const settings = transferSettings('quick');
  const result = runTransfer({ budget: 'quick', seed: 0 }, settings);

  it('is registered under its id', () => {
    assert.equal(findExperiment('lazy-to-rich/transfer'), transferExperiment);
  });

  it('every check passes', () => {
    assert.equal(result.checks.length, 3);
    for (const c of result.checks) assert.ok(c.pass, `${c.name}: ${c.ours} (tolerance ${c.tolerance})`);
  });

  it('λ = 0 generalises by (ΣᵀΣ)^{1/2}: sibling 0.2612 for the semantic task (independent value)', () => {
    // (ΣᵀΣ)^{1/2} = Ṽ S̃ Ṽᵀ; for bird 1 the normalised row has sibling entry (computed once with NumPy:
    // sqrtm(Y Yᵀ/8)[0,1]/sqrtm(Y Yᵀ/8)[0,0] = 0.26120387…).
    const tab = result.tables[0];
    const k = tab.columns.lambda.findIndex((l, i) => l === 0 && tab.columns.item[i] === 'bird 2');
    assert.ok(k >= 0);
    assert.ok(Math.abs((tab.columns.generalisation[k] as number) - 0.26120387) <= 1e-6, String(tab.columns.generalisation[k]));
    // The training item itself is fitted exactly.
    const k0 = tab.columns.lambda.findIndex((l, i) => l === 0 && tab.columns.item[i] === 'bird 1');
    assert.ok(Math.abs((tab.columns.generalisation[k0] as number) - 1) <= 1e-9);
  });

  it('figures are well-formed SVG; deterministic', () => {
    for (const f of result.figures) assert.ok(checkWellFormed(f.svg) > 50, f.name);
    assert.deepEqual(runTransfer({ budget: 'quick', seed: 0 }, settings).tables, result.tables);
  });

  it('its checks can fail: a single readout step is not the minimum-norm fit', () => {
    const bad = runTransfer({ budget: 'quick', seed: 0 }, { ...settings, readoutSteps: 1 });
    assert.equal(bad.checks[0].pass, false, bad.checks[0].ours);
  });
});
