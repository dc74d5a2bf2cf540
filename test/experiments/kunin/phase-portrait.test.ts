// kunin/phase-portrait (spec connectivity.md §6.5, R10): the spec's table reproduced from its
// NumPy draw, the ordering on own draws, cross-checks against DOP853 and GD, determinism, and a
// setting where a check must fail.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  PHASE_PORTRAIT_BETA0,
  PHASE_PORTRAIT_BETA_STAR,
  phasePortraitRow,
  phasePortraitSettings,
  runPhasePortrait,
  timeToLoss,
} from '../../../src/experiments/kunin/phase-portrait.js';
import { kuninExperiments } from '../../../src/experiments/kunin/index.js';
import { coordinates, singleNeuronExact } from '../../../src/theory/single-neuron/index.js';
import { singleNeuronFlow } from '../../../src/models/single-neuron.js';

describe('kunin/phase-portrait', () => {
  const r = runPhasePortrait({ budget: 'quick', seed: 0 }, phasePortraitSettings('test'));
  it('every check passes and is registered', () => {
    for (const c of r.checks) assert.ok(c.pass, `${c.name}: ${c.ours}`);
    assert.ok(r.checks.length >= 20);
    assert.ok(kuninExperiments.some((e) => e.id === 'kunin/phase-portrait'));
  });
  it("the spec's S(T) values to 3 decimals (0.845, 0.628, 0.122, 0.022, 0.002)", () => {
    const row = phasePortraitRow(PHASE_PORTRAIT_BETA_STAR, PHASE_PORTRAIT_BETA0, [-4, -1, 0, 1, 4], 10);
    assert.deepEqual(row.S.map((x) => Number(x.toFixed(3))), [0.845, 0.628, 0.122, 0.022, 0.002]);
    assert.ok(Math.abs(Math.hypot(...PHASE_PORTRAIT_BETA_STAR) - 1.85) < 0.005);
    assert.equal(row.time[0], null);
  });
  it('timeToLoss agrees with the loss of a DOP853 flow sampled every 1e-3 (bracketing grid points)', () => {
    const init = coordinates(0, PHASE_PORTRAIT_BETA0);
    const t = timeToLoss(singleNeuronExact({ etaW: 1, etaA: 1 }, { betaStar: PHASE_PORTRAIT_BETA_STAR }, init), 1e-6, 10) as number;
    const lo = Math.floor(t * 1000) / 1000;
    const tr = singleNeuronFlow({ etaW: 1, etaA: 1 }, { betaStar: PHASE_PORTRAIT_BETA_STAR }, init, { times: [lo, lo + 1e-3], rtol: 1e-13, atol: 1e-15 });
    assert.ok(tr.loss[0] >= 1e-6 && tr.loss[1] < 1e-6, `t = ${t}`);
  });
  it('is deterministic and its tables have equal-length columns', () => {
    const again = runPhasePortrait({ budget: 'quick', seed: 0 }, phasePortraitSettings('test'));
    assert.deepEqual(again.tables, r.tables);
    for (const t of r.tables) {
      const lens = new Set(Object.values(t.columns).map((c) => c.length));
      assert.equal(lens.size, 1, t.name);
    }
    assert.ok(r.figures.every((f) => f.svg.startsWith('<svg')));
  });
  it('a different seed changes only the own draws; the ordering checks fail when δ is not sorted', () => {
    const other = runPhasePortrait({ budget: 'quick', seed: 7 }, phasePortraitSettings('test'));
    assert.deepEqual(other.tables[0], r.tables[0]);
    assert.notDeepEqual(other.tables[2], r.tables[2]);
    const bad = runPhasePortrait({ budget: 'quick', seed: 0 }, { ...phasePortraitSettings('test'), deltas: [4, 1, 0, -1, -4] });
    assert.ok(bad.checks.some((c) => c.name.startsWith('R10') && !c.pass));
  });
});
