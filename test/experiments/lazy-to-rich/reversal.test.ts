/**
 * App. D.2 reversal (Dominé et al. 2025, spec §5.9): the registered experiment passes every check
 * (the [V] a(t) values to their printed digits, closed form = gradient flow, the λ = 0 refusal, the
 * random-init success rates), its figures are well-formed SVG, it is deterministic, and its checks
 * can fail (with s̃₁ = 0.9 instead of 1 the spec's s̃ = 1 values no longer match).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runReversal, reversalSettings, reversalExperiment, REVERSAL_REFERENCE } from '../../../src/experiments/lazy-to-rich/reversal.js';
import { findExperiment } from '../../../src/experiments/registry.js';
import { checkWellFormed } from '../../plot/xml.js';

describe('lazy-to-rich/reversal: Σ → −Σ after learning', () => {
  const settings = { ...reversalSettings('quick'), seeds: 3, samples: 41 };
  const result = runReversal({ budget: 'quick', seed: 0 }, settings);

  it('is registered under its id', () => {
    assert.equal(findExperiment('lazy-to-rich/reversal'), reversalExperiment);
    assert.equal(result.id, 'lazy-to-rich/reversal');
  });

  it('checks every spec value and every check passes', () => {
    const names = result.checks.map((c) => c.name);
    for (const ref of REVERSAL_REFERENCE) assert.ok(names.some((n) => n.includes(`a(${ref.t})`)), `a(${ref.t}) for λ = ${ref.lambda}`);
    assert.ok(names.some((n) => n.includes('refuses')));
    assert.ok(names.some((n) => n.includes('random inits: reversal stalls')));
    for (const c of result.checks) assert.ok(c.pass, `${c.name}: ${c.ours} (tolerance ${c.tolerance})`);
  });

  it('table: λ = 0 goes to the saddle from below, λ = 0.1 and 1 reach s̃ = 1 (independent of the check code)', () => {
    const tab = result.tables.find((t) => t.name === 'reversal-aligned-mode');
    assert.ok(tab !== undefined);
    const rows = tab.columns.t.length;
    for (let k = 0; k < rows; k++) {
      const lambda = tab.columns.lambda[k] as number;
      const t = tab.columns.t[k] as number;
      const a = tab.columns.gradientFlow[k] as number;
      const exact = tab.columns.exactSolution[k] as number;
      if (lambda === 0) {
        assert.ok(Number.isNaN(exact), 'the closed form refused at λ = 0, so its column is NaN');
        assert.ok(a <= 1e-12, `λ = 0 stays below the saddle: a(${t}) = ${a}`);
      } else {
        assert.ok(Math.abs(exact - a) <= 1e-8, `λ = ${lambda}, t = ${t}: ${exact} vs ${a}`);
        if (t === 20) assert.ok(Math.abs(a - 1) <= 1e-3, `λ = ${lambda}: a(20) = ${a}`);
      }
    }
  });

  it('figures are well-formed SVG', () => {
    assert.equal(result.figures.length, 2);
    for (const f of result.figures) assert.ok(checkWellFormed(f.svg) > 50, f.name);
  });

  it('is deterministic', () => {
    const again = runReversal({ budget: 'quick', seed: 0 }, settings);
    assert.deepEqual(again.tables, result.tables);
    assert.deepEqual(again.checks, result.checks);
  });

  it('its checks can fail: with s̃₁ = 0.9 the s̃ = 1 reference values do not match', () => {
    const bad = runReversal({ budget: 'quick', seed: 0 }, { ...settings, singularValues: [0.9, 0.8, 0.6], seeds: 1 });
    const a5 = bad.checks.find((c) => c.name.startsWith('λ = 0.1: a(5)'));
    assert.ok(a5 !== undefined);
    assert.equal(a5.pass, false, a5.ours);
  });
});
