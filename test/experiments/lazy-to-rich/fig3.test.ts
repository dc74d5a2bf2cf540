/**
 * Fig. 3 (Dominé et al. 2025, spec §5.3): the registered experiment at the tests' size passes every
 * check it makes (GD and DOP853 vs the aligned closed form §3.7, conserved alignment, sigmoidal vs
 * exponential shapes, R5 values, a(t; λ) = a(t; −λ)); its figure is well-formed SVG; the same seed
 * gives the same tables; and its checks can fail (a too-large step size breaks the GD check).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runFig3, fig3Experiment, R5_VALUES } from '../../../src/experiments/lazy-to-rich/fig3.js';
import { findExperiment } from '../../../src/experiments/registry.js';
import { checkWellFormed } from '../../plot/xml.js';

describe('lazy-to-rich/fig3: singular values for task-aligned init', () => {
  const result = runFig3({ budget: 'test', seed: 0 });

  it('is registered under its id', () => {
    assert.equal(findExperiment('lazy-to-rich/fig3'), fig3Experiment);
    assert.equal(result.id, 'lazy-to-rich/fig3');
  });

  it('makes the expected checks and every one passes', () => {
    const names = result.checks.map((c) => c.name);
    for (const part of ['GD vs aligned', 'first order in η', 'Gradient flow', 'Aligned structure', 'λ = 0: sigmoidal', 'λ = −2', 'λ = 2', 'a(t; λ) = a(t; −λ)', 'R5']) {
      assert.ok(names.some((n) => n.includes(part)), `missing check containing "${part}"; have ${names.join(' | ')}`);
    }
    for (const c of result.checks) assert.ok(c.pass, `${c.name}: ${c.ours} (tolerance ${c.tolerance})`);
  });

  it('R5 reference values are the spec\'s (§6), identical for λ = ±1', () => {
    const plus = R5_VALUES.find((r) => r.lambda === 1);
    const minus = R5_VALUES.find((r) => r.lambda === -1);
    assert.deepEqual(plus?.values, minus?.values);
    assert.deepEqual(R5_VALUES.find((r) => r.lambda === 0)?.values, [0.0694531597, 0.3554609871, 0.9955255179]);
  });

  it('figure is well-formed SVG with the four λ panels and the γ panel', () => {
    assert.equal(result.figures.length, 1);
    const svg = result.figures[0].svg;
    assert.ok(checkWellFormed(svg) > 100);
    for (const title of ['s_α(t), λ = −2', 's_α(t), λ = 0', 's_α(t), λ = 2', 's_α(t), λ = 0.5', 'γ_α(t)']) assert.ok(svg.includes(title), title);
  });

  it('tables have finite numbers in equal-length columns; simulated modes follow the closed form to 2η', () => {
    const modes = result.tables.find((t) => t.name === 'fig3-modes');
    assert.ok(modes !== undefined);
    const n = modes.columns.t.length;
    assert.ok(n > 100);
    for (const [name, col] of Object.entries(modes.columns)) {
      assert.equal(col.length, n, name);
      for (const v of col) assert.ok(typeof v === 'number' && Number.isFinite(v), `${name}: ${String(v)}`);
    }
    // Independent of the check code: |GD − exact| ≤ 2·η·s̃₁ with η = 4e-3, s̃₁ = 3 (first order in η, R7).
    for (let k = 0; k < n; k++) {
      for (const a of [1, 2, 3]) {
        const d = Math.abs((modes.columns[`gd_s${a}`][k] as number) - (modes.columns[`exact_s${a}`][k] as number));
        assert.ok(d <= 2 * 4e-3 * 3, `row ${k} mode ${a}: ${d}`);
      }
    }
  });

  it('is deterministic: same seed, same tables and figure', () => {
    const again = runFig3({ budget: 'test', seed: 0 });
    assert.deepEqual(again.tables, result.tables);
    assert.equal(again.figures[0].svg, result.figures[0].svg);
  });

  it('its checks can fail: at η = 0.1 (η·curvature ≈ 0.6) GD is no longer first order in η', () => {
    const bad = runFig3({ budget: 'test', seed: 0 }, { lambdas: [-2, 0, 2], learningRate: 0.1, steps: 60, records: 11 });
    const order = bad.checks.find((c) => c.name === 'GD error first order in η');
    assert.ok(order !== undefined);
    assert.equal(order.pass, false, order.ours);
  });
});
