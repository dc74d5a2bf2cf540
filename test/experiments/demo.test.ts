/**
 * The `npm start` demo computes real things: gradient flow converges to the task, the balance is
 * conserved (Dominé et al. §2.1), λ = 0 is richer than λ = 8, and the same seed gives identical
 * numbers.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runDemo, demoFigure } from '../../src/experiments/demo.js';

describe('demo: two-layer linear gradient flow', () => {
  const result = runDemo({ seed: 3 });

  it('converges to the target singular values (DOP853 at rtol 1e-10; 1e-6 leaves room for the slow third mode)', () => {
    for (const run of result.runs) {
      const last = run.singularValues[run.singularValues.length - 1];
      result.targetSingularValues.forEach((s, a) => assert.ok(Math.abs(last[a] - s) < 1e-6, `λ=${run.lambda} σ${a + 1}=${last[a]} vs ${s}`));
      assert.ok(run.loss[run.loss.length - 1] < 1e-10);
    }
  });

  it('conserves the balance W₂ᵀW₂ − W₁W₁ᵀ = λI along the flow (integration error only)', () => {
    for (const run of result.runs) assert.ok(run.balanceDrift < 1e-9, `λ=${run.lambda} drift ${run.balanceDrift}`);
  });

  it('λ = 0 moves the weights far more than λ = 8 (rich vs lazy)', () => {
    const [rich, lazy] = result.runs;
    const end = (r: typeof rich) => r.relativeWeightChange[r.relativeWeightChange.length - 1];
    assert.ok(end(rich) > 10, `rich change ${end(rich)}`);
    assert.ok(end(lazy) < 1, `lazy change ${end(lazy)}`);
  });

  it('is bit-identical for the same seed and differs for another', () => {
    const again = runDemo({ seed: 3 });
    assert.deepEqual(again.runs[0].loss, result.runs[0].loss);
    const other = runDemo({ seed: 4 });
    assert.notDeepEqual(other.runs[0].loss, result.runs[0].loss);
  });

  it('refuses a hidden size other than min(N_i, N_o)', () => {
    assert.throws(() => runDemo({ sizes: [4, 4, 3], targetSingularValues: [3, 2, 1, 0.5] }), /hidden size must be min/);
  });

  it('draws a figure with both panels', () => {
    const svg = demoFigure(runDemo({ seed: 3, samples: 30 }));
    assert.match(svg, /^<svg/);
    assert.match(svg, /singular values of W/);
    assert.match(svg, /relative weight change/);
  });
});
