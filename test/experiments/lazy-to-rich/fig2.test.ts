/**
 * Fig. 2 (Dominé et al. 2025, spec §5.2): exact solution vs GD and gradient flow for 3-3-3, 5-3-3
 * and 3-3-5 networks at λ ∈ {−5, 0, 5}. At the tests' size (η = 4e-3, 1000 steps, t/τ ≤ 4) every
 * check passes, the figures are well-formed SVG, tables are deterministic per seed, and the checks can
 * fail (a step size far outside the first-order regime breaks them).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runFig2, fig2Experiment, FIG2_FLOW_TOLERANCE } from '../../../src/experiments/lazy-to-rich/fig2.js';
import { findExperiment } from '../../../src/experiments/registry.js';
import { checkWellFormed } from '../../plot/xml.js';

describe('lazy-to-rich/fig2: exact solution vs simulation', () => {
  const result = runFig2({ budget: 'test', seed: 0 });
  const errors = result.tables.find((t) => t.name === 'fig2-errors');

  it('is registered under its id', () => {
    assert.equal(findExperiment('lazy-to-rich/fig2'), fig2Experiment);
  });

  it('makes three checks per shape and every one passes', () => {
    assert.equal(result.checks.length, 9);
    for (const shape of ['3-3-3', '5-3-3', '3-3-5']) {
      const cs = result.checks.filter((c) => c.name.includes(shape));
      assert.equal(cs.length, 3, shape);
    }
    for (const c of result.checks) assert.ok(c.pass, `${c.name}: ${c.ours} (tolerance ${c.tolerance})`);
  });

  it('error table: gradient flow within 1e-9 of the closed form, GD error first order in η', () => {
    assert.ok(errors !== undefined);
    const flow = errors.columns.flowMaxRelErrW as number[];
    const gd = errors.columns.gdMaxRelErrW as number[];
    const gd2 = errors.columns.gd2etaMaxRelErrW as number[];
    assert.equal(flow.length, 9);
    for (let i = 0; i < 9; i++) {
      assert.ok(flow[i] <= FIG2_FLOW_TOLERANCE, `case ${i}: flow ${flow[i]}`);
      // GD at η = 4e-3 over t ≤ 4 is visibly different from the flow, but only at O(η).
      assert.ok(gd[i] > 1e-5 && gd[i] < 0.05, `case ${i}: GD ${gd[i]}`);
      const ratio = gd2[i] / gd[i];
      assert.ok(ratio > 1.8 && ratio < 2.2, `case ${i}: ratio ${ratio}`);
    }
  });

  it('three well-formed figures (one per shape) with all five rows', () => {
    assert.deepEqual(result.figures.map((f) => f.name), ['fig2-3-3-3', 'fig2-5-3-3', 'fig2-3-3-5']);
    for (const f of result.figures) {
      assert.ok(checkWellFormed(f.svg) > 100, f.name);
      for (const row of ['loss ·', 'W₂W₁(t) ·', 'W₁ᵀW₁(t) ·', 'W₂W₂ᵀ(t) ·', 'NTK ·']) assert.ok(f.svg.includes(row), `${f.name}: ${row}`);
    }
  });

  it('trajectory table: loss of GD ≥ its minimum and NTK distance 0 at t = 0', () => {
    const traj = result.tables.find((t) => t.name === 'fig2-trajectories');
    assert.ok(traj !== undefined);
    const t = traj.columns.t as number[];
    const ntk = traj.columns.ntkDistanceExact as number[];
    const ntkGd = traj.columns.ntkDistanceGd as number[];
    for (let k = 0; k < t.length; k++) {
      if (t[k] === 0) {
        assert.ok(Math.abs(ntk[k]) < 1e-12 && Math.abs(ntkGd[k]) < 1e-12, `row ${k}`);
      }
      assert.ok(ntk[k] >= -1e-15 && ntk[k] <= 1, `row ${k}: ${ntk[k]}`);
    }
  });

  it('is deterministic per seed; another seed draws another task', () => {
    const again = runFig2({ budget: 'test', seed: 0 }, { shapes: [[3, 3, 3]] });
    const first = result.tables.find((t) => t.name === 'fig2-errors');
    assert.deepEqual(again.tables.find((t) => t.name === 'fig2-errors')?.columns.gdMaxRelErrW, first?.columns.gdMaxRelErrW.slice(0, 3));
    const other = runFig2({ budget: 'test', seed: 1 }, { shapes: [[3, 3, 3]] });
    assert.notDeepEqual(other.tables.find((t) => t.name === 'fig2-errors')?.columns.gdMaxRelErrW, first?.columns.gdMaxRelErrW.slice(0, 3));
  });

  it('its checks can fail: at a step size near GD\'s stability limit the error is no longer first order', () => {
    const bad = runFig2({ budget: 'test', seed: 0 }, { shapes: [[3, 3, 3]], lambdas: [-5, 5], learningRate: 0.05, steps: 100, records: 20 });
    assert.ok(bad.checks.some((c) => !c.pass), bad.checks.map((c) => `${c.name}: ${c.ours}`).join('\n'));
  });
});
