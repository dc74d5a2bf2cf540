// Noise sensitivities (spec §4.4 — formulas [D]): checked by Monte Carlo over weight noise and
// whitened inputs, on a rectangular net where swapping N_i and N_o would change the answer.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Matrix } from '../../src/linalg/matrix.js';
import { DomainError } from '../../src/errors/index.js';
import { createRandom, gaussianMatrix } from '../../src/random/index.js';
import { inputNoiseSensitivity, parameterNoiseSensitivity } from '../../src/metrics/index.js';
import { convergedRepresentations } from '../../src/theory/lazy-to-rich/index.js';
import { whitenedTask } from '../../src/tasks/index.js';

function mulVec(A: Matrix, x: Float64Array): Float64Array {
  const out = new Float64Array(A.rows);
  for (let i = 0; i < A.rows; i++) {
    let s = 0;
    for (let j = 0; j < A.cols; j++) s += A.data[i * A.cols + j] * x[j];
    out[i] = s;
  }
  return out;
}

describe('noise sensitivity (spec §4.4), Monte Carlo', () => {
  // 3-2-5 net: N_o tr W₁ᵀW₁ + N_i tr W₂W₂ᵀ differs from the N_i↔N_o swap by far more than the Monte Carlo error here.
  const stream = createRandom(71, 'noise');
  const W1 = gaussianMatrix(stream.split('W1'), 2, 3, { std: 1.2 });
  const W2 = gaussianMatrix(stream.split('W2'), 5, 2, { std: 0.2 });
  const sigma = 0.3;
  const N = 40000;

  it('parameter noise: E‖((W₂+σΞ₂)(W₁+σΞ₁) − W₂W₁)x‖² = σ²(N_o trW₁ᵀW₁ + N_i trW₂W₂ᵀ) + σ⁴N_iN_hN_o within 4 standard errors', (t) => {
    const s = stream.split('mc');
    let sum = 0;
    let sum2 = 0;
    const x = new Float64Array(3);
    for (let n = 0; n < N; n++) {
      const X1 = gaussianMatrix(s, 2, 3, { std: sigma });
      const X2 = gaussianMatrix(s, 5, 2, { std: sigma });
      s.fillNormal(x);
      const h = mulVec(W1, x);
      const hn = mulVec(X1, x);
      // Δy = (W₂ + Ξ₂)(W₁x + Ξ₁x) − W₂W₁x = W₂Ξ₁x + Ξ₂W₁x + Ξ₂Ξ₁x
      const a = mulVec(W2, hn);
      const hb = new Float64Array(2);
      for (let i = 0; i < 2; i++) hb[i] = h[i] + hn[i];
      const b = mulVec(X2, hb);
      let v = 0;
      for (let i = 0; i < 5; i++) v += (a[i] + b[i]) ** 2;
      sum += v;
      sum2 += v * v;
    }
    const mean = sum / N;
    const se = Math.sqrt((sum2 / N - mean * mean) / N);
    const pred = parameterNoiseSensitivity({ W1, W2 }, sigma);
    const swapped = sigma * sigma * (3 * tr(W1, true) + 5 * tr(W2, false)) + pred.secondOrder;
    t.diagnostic(`MC ${mean.toFixed(5)} ± ${se.toFixed(5)}; formula total ${pred.total.toFixed(5)} (first order ${pred.firstOrder.toFixed(5)}); swapped N_i/N_o ${swapped.toFixed(5)}`);
    assert.ok(Math.abs(mean - pred.total) < 4 * se, 'total formula');
    assert.ok(Math.abs(mean - swapped) > 8 * se, 'the test can tell N_i from N_o');
    assert.ok(Math.abs(mean - pred.firstOrder) > 4 * se, 'the σ⁴ term is resolved');
  });

  it('input noise: E‖Wξ‖² = σ²‖W‖²_F within 4 standard errors; independent of λ at convergence', () => {
    const W = Matrix.from([[1, 0.5, -0.2], [0.3, 0, 2]]);
    const s = stream.split('in');
    const xi = new Float64Array(3);
    let sum = 0;
    let sum2 = 0;
    for (let n = 0; n < N; n++) {
      s.fillNormal(xi);
      for (let i = 0; i < 3; i++) xi[i] *= sigma;
      let v = 0;
      for (const r of mulVec(W, xi)) v += r * r;
      sum += v;
      sum2 += v * v;
    }
    const mean = sum / N;
    const se = Math.sqrt((sum2 / N - mean * mean) / N);
    assert.ok(Math.abs(mean - inputNoiseSensitivity(W, sigma)) < 4 * se);
  });

  it('converged square net: first order = σ²N Σ√(λ² + 4s̃²), minimal at λ = 0 and growing like |λ|', () => {
    const task = whitenedTask(Matrix.from([[2, 0, 0], [0, 1, 0], [0, 0, 0.5]]));
    const f = (lambda: number) => parameterNoiseSensitivity(convergedRepresentations(task, lambda), 0.1).firstOrder;
    for (const lambda of [0, 0.5, -3, 20]) {
      const ref = 0.01 * 3 * [2, 1, 0.5].reduce((a, s) => a + Math.hypot(lambda, 2 * s), 0);
      assert.ok(Math.abs(f(lambda) - ref) <= 1e-14 * ref, `λ=${lambda}`);
    }
    assert.ok(f(0) < f(0.5) && f(0.5) < f(-3) && f(-3) < f(20));
    assert.throws(() => parameterNoiseSensitivity({ W1, W2 }, -1), DomainError);
    assert.throws(() => inputNoiseSensitivity(W1, Number.NaN), DomainError);
  });
});

function tr(W: Matrix, gramOfColumns: boolean): number {
  // tr WᵀW = tr WWᵀ = ‖W‖²_F (either way), named for readability at the call site.
  void gramOfColumns;
  let s = 0;
  for (const v of W.data) s += v * v;
  return s;
}
