/**
 * three-mechanisms/mechanisms (Xu & Ziyin 2025; spec §B.6, recipe B.8-7) at d = 1000: the classifier
 * labels the five rows as the recipe says (alignment, alignment, disalignment, alignment + rescaling of
 * u, kernel) from the exact solution and from a DOP853 simulation of the same start; the figure is
 * well-formed SVG; paper A's (1) at 1×1 reproduces P(t) (B.8-9); the seed fixes the draws; the checks can fail.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mechanismRows, mechanismsExperiment, runMechanisms } from '../../../src/experiments/three-mechanisms/mechanisms.js';
import { findExperiment } from '../../../src/experiments/registry.js';
import { checkWellFormed } from '../../plot/xml.js';

describe('three-mechanisms/mechanisms: the §B.6 table', () => {
  const result = runMechanisms({ budget: 'test', seed: 0 });

  it('is registered under its id', () => {
    assert.equal(findExperiment('three-mechanisms/mechanisms'), mechanismsExperiment);
  });

  it('makes the B.8-7 checks and every one passes', () => {
    const names = result.checks.map((c) => c.name);
    for (const part of ['B.8-7 classifier labels', 'DOP853 simulation', 'Trajectories', 'table values', 'B.8-9 cross-check', 'rescaling row']) {
      assert.ok(names.some((n) => n.includes(part)), `missing check containing "${part}"; have ${names.join(' | ')}`);
    }
    for (const c of result.checks) assert.ok(c.pass, `${c.name}: ${c.ours} (tolerance ${c.tolerance})`);
  });

  it('table: the recipe B.8-7 labels, row by row, from both the closed form and the simulation', () => {
    const t = result.tables[0].columns;
    assert.deepEqual(t.label, ['alignment', 'alignment', 'disalignment', 'alignment', 'kernel']);
    assert.deepEqual(t.labelFlow, t.label);
    assert.deepEqual(t.rescaled, ['', '', '', 'u', '']);
    // ζ∞ = 2a/√(Q + 4a²) ≤ 1 and |ζ| rises for alignment, falls for disalignment (independent of the classifier).
    for (let i = 0; i < 5; i++) {
      const up = Math.abs(t.zetaT[i] as number) > Math.abs(t.zeta0[i] as number);
      if (t.label[i] === 'alignment') assert.ok(up && (t.rhoK[i] as number) > 1);
      if (t.label[i] === 'disalignment') assert.ok(!up && (t.rhoK[i] as number) < 1);
    }
  });

  it('figure: ζ and K panels per row, well-formed SVG', () => {
    const svg = result.figures[0].svg;
    assert.ok(checkWellFormed(svg) > 50);
    for (const text of ['alignment, strong → alignment', 'disalignment → disalignment', 'rescaling of u → alignment + u rescaled', 'kernel (NTK) → kernel', 'K(t)/K(0)']) assert.ok(svg.includes(text), text);
  });

  it('is deterministic for a seed', () => {
    const again = runMechanisms({ budget: 'test', seed: 0 });
    assert.deepEqual(again.tables, result.tables);
  });

  it('checks can fail: a row expected as kernel but run at μP is labelled alignment', () => {
    const rows = mechanismRows(1000);
    const wrong = [{ ...rows[1], expected: { label: 'kernel' as const, rescaled: [] } }];
    const bad = runMechanisms({ budget: 'test', seed: 0 }, { rows: wrong });
    assert.equal(bad.checks[0].pass, false);
    assert.equal(bad.checks[1].pass, false);
  });
});
