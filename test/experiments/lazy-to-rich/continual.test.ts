/**
 * App. D.1 continual learning (Dominé et al. 2025, spec §5.8): the registered experiment passes its
 * checks (phases converge, exact per-phase solution = gradient flow, forgetting = closed form,
 * dL_i/dt formula, forgetting independent of λ), is deterministic, has well-formed SVG, and its checks can fail
 * (phases too short to converge).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runContinual, continualSettings, continualExperiment } from '../../../src/experiments/lazy-to-rich/continual.js';
import { findExperiment } from '../../../src/experiments/registry.js';
import { checkWellFormed } from '../../plot/xml.js';

describe('lazy-to-rich/continual: sequence of tasks', () => {
  const settings = continualSettings('quick');
  const result = runContinual({ budget: 'quick', seed: 0 }, settings);

  it('is registered under its id', () => {
    assert.equal(findExperiment('lazy-to-rich/continual'), continualExperiment);
  });

  it('every check passes', () => {
    assert.equal(result.checks.length, 5);
    for (const c of result.checks) assert.ok(c.pass, `${c.name}: ${c.ours} (tolerance ${c.tolerance})`);
  });

  it('forgetting table: measured = predicted to 1e-8 and equal across λ (independent of the checks)', () => {
    const f = result.tables.find((t) => t.name === 'continual-forgetting');
    assert.ok(f !== undefined);
    const n = f.columns.measured.length;
    // 3 tasks → switches T1→T2 (task 1) and T2→T3 (tasks 1, 2): 3 rows per λ.
    assert.equal(n, 3 * settings.lambdas.length);
    for (let k = 0; k < n; k++) assert.ok(Math.abs((f.columns.measured[k] as number) - (f.columns.predicted[k] as number)) <= 1e-8, `row ${k}`);
    for (let k = 0; k < 3; k++) {
      for (let l = 1; l < settings.lambdas.length; l++) assert.ok(Math.abs((f.columns.measured[k] as number) - (f.columns.measured[k + 3 * l] as number)) <= 1e-8);
    }
  });

  it('loss table: at the end of each phase the trained task is at its minimum', () => {
    const t = result.tables.find((x) => x.name === 'continual-losses');
    assert.ok(t !== undefined);
    const n = t.columns.t.length;
    for (let k = 0; k < n; k++) {
      const phase = t.columns.phase[k] as number;
      const time = t.columns.t[k] as number;
      if (Math.abs(time - phase * settings.phaseLength) < 1e-9) assert.ok((t.columns[`lossT${phase}`][k] as number) <= 1e-12, `phase ${phase}`);
    }
  });

  it('figure is well-formed SVG; deterministic', () => {
    assert.ok(checkWellFormed(result.figures[0].svg) > 100);
    const again = runContinual({ budget: 'quick', seed: 0 }, settings);
    assert.deepEqual(again.tables, result.tables);
  });

  it('its checks can fail: phases of length 1 do not converge', () => {
    const bad = runContinual({ budget: 'quick', seed: 0 }, { ...settings, phaseLength: 1, samplesPerPhase: 5 });
    assert.equal(bad.checks[0].pass, false, bad.checks[0].ours);
    assert.equal(bad.checks[2].pass, false, bad.checks[2].ours);
  });
});
