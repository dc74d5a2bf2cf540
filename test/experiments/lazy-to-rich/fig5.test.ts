/**
 * Fig. 5 (Dominé et al. 2025, spec §5.5 + R9): architecture × λ. At the tests' size every check
 * passes (gradient flow vs closed form, the delayed-rich plateau and its decay rate for 7-3-3 λ = −10
 * and 3-3-7 λ = +10, fast convergence in the matching direction, lazy funnels / inverted funnels);
 * the figure is well-formed SVG; tables are deterministic per seed; and the checks can fail.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runFig5, fig5Experiment } from '../../../src/experiments/lazy-to-rich/fig5.js';
import { findExperiment } from '../../../src/experiments/registry.js';
import { checkWellFormed } from '../../plot/xml.js';

describe('lazy-to-rich/fig5: architecture × λ, delayed rich', () => {
  const result = runFig5({ budget: 'test', seed: 0 });
  const summary = result.tables.find((t) => t.name === 'fig5-summary');

  it('is registered under its id', () => {
    assert.equal(findExperiment('lazy-to-rich/fig5'), fig5Experiment);
  });

  it('makes the expected checks and every one passes', () => {
    const names = result.checks.map((c) => c.name);
    for (const part of ['Gradient flow', 'plateau, 7-3-3', 'decay rate, 7-3-3', 'plateau, 3-3-7', 'decay rate, 3-3-7', 'converges fast, 7-3-3', 'converges fast, 3-3-7', 'Lazy regime, 7-3-3', 'Lazy regime, 3-3-7']) {
      assert.ok(names.some((n) => n.includes(part)), `missing check "${part}"; have ${names.join(' | ')}`);
    }
    for (const c of result.checks) assert.ok(c.pass, `${c.name}: ${c.ours} (tolerance ${c.tolerance})`);
  });

  it('summary: regimes as §3.5 classifies them, and the delayed cases are still far from Σ at t = 10', () => {
    assert.ok(summary !== undefined);
    const rows = summary.columns.shape.map((s, i) => ({
      shape: s, lambda: summary.columns.lambda[i] as number, regime: summary.columns.regime[i],
      r10: summary.columns.residualAt10[i] as number, s1: summary.columns.kernelDistanceAt1[i] as number,
    }));
    const get = (shape: string, lambda: number) => rows.find((r) => r.shape === shape && r.lambda === lambda);
    assert.equal(get('7-3-3', -10)?.regime, 'delayed-rich');
    assert.equal(get('3-3-7', 10)?.regime, 'delayed-rich');
    assert.equal(get('7-3-3', 10)?.regime, 'lazy');
    assert.equal(get('3-3-7', -10)?.regime, 'lazy');
    assert.ok((get('7-3-3', -10)?.r10 ?? 0) > 0.1);
    assert.ok((get('7-3-3', 10)?.r10 ?? 1) < 1e-10);
  });

  it('figure is well-formed SVG with one column per shape', () => {
    assert.equal(result.figures.length, 1);
    const svg = result.figures[0].svg;
    assert.ok(checkWellFormed(svg) > 100);
    for (const title of ['7-3-3 (funnel)', '3-3-3 (square)', '3-3-7 (inverted funnel)']) assert.ok(svg.includes(title), title);
  });

  it('is deterministic per seed; another seed draws other tasks', () => {
    const again = runFig5({ budget: 'test', seed: 0 });
    assert.deepEqual(again.tables, result.tables);
    const other = runFig5({ budget: 'test', seed: 1 }, { shapes: [[7, 3, 3]], lambdas: [-10, 10] });
    assert.notEqual(other.tables.find((t) => t.name === 'fig5-summary')?.columns.residualAt1[0], summary?.columns.residualAt1[0]);
  });

  it('its checks can fail: at |λ| = 1 there is no plateau and no fast lazy convergence', () => {
    const bad = runFig5({ budget: 'test', seed: 0 }, { lambdas: [-1, 0, 1] });
    const failed = bad.checks.filter((c) => !c.pass).map((c) => c.name);
    for (const name of ['Delayed-rich plateau, 7-3-3 λ = −1', 'Delayed-rich plateau, 3-3-7 λ = 1', 'Matching direction converges fast, 7-3-3 λ = 1', 'Matching direction converges fast, 3-3-7 λ = −1']) {
      assert.ok(failed.includes(name), `${name} should fail; failed: ${failed.join(' | ')}`);
    }
  });
});
