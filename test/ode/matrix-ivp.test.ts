// solveMatrixIvp / solveMatrixSystemIvp: flattened matrix states, views reused across evaluations.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { solveMatrixIvp, solveMatrixSystemIvp } from '../../src/ode/index.js';
import { Matrix } from '../../src/linalg/matrix.js';
import { DomainError, ShapeError } from '../../src/errors/index.js';

describe('ode: matrix ODE helpers', () => {
  it('solves the coupled matrix oscillator A′ = B, B′ = −A (2×3 each) to 1e-10', () => {
    const A0 = Matrix.from([
      [1, 2, 3],
      [-1, 0.5, 0],
    ]);
    const B0 = Matrix.from([
      [0, -1, 0.25],
      [2, 1, -3],
    ]);
    const seen = new Set<Matrix>();
    const res = solveMatrixSystemIvp(
      (_t, [A, B], [dA, dB]) => {
        seen.add(A);
        seen.add(dA);
        assert.equal(A.rows, 2);
        assert.equal(B.cols, 3);
        for (let k = 0; k < 6; k++) {
          dA.data[k] = B.data[k];
          dB.data[k] = -A.data[k];
        }
      },
      [0, 5],
      [A0, B0],
      { rtol: 1e-12, atol: 1e-14, tEval: [0, 1, 2.5, 5], denseOutput: true },
    );
    // Views are cached per solver buffer: a handful of distinct objects over ~1000 evaluations.
    assert.ok(res.stats.nfev > 100);
    assert.ok(seen.size <= 40, `distinct views ${seen.size}`);
    for (let k = 0; k < res.t.length; k++) {
      const t = res.t[k];
      const [A, B] = res.y[k];
      for (let i = 0; i < 6; i++) {
        // Exact: A = A0 cos t + B0 sin t, B = −A0 sin t + B0 cos t. 1e-10: the project's bar (|entries| ≤ 4).
        assert.ok(Math.abs(A.data[i] - (A0.data[i] * Math.cos(t) + B0.data[i] * Math.sin(t))) < 1e-10);
        assert.ok(Math.abs(B.data[i] - (-A0.data[i] * Math.sin(t) + B0.data[i] * Math.cos(t))) < 1e-10);
      }
    }
    const [Am] = res.sol!(3.3);
    assert.ok(Math.abs(Am.get(1, 2) - (A0.get(1, 2) * Math.cos(3.3) + B0.get(1, 2) * Math.sin(3.3))) < 1e-10);
    // Inputs untouched.
    assert.equal(A0.get(0, 0), 1);
    assert.equal(B0.get(1, 2), -3);
  });

  it('solveMatrixIvp: X′ = −X + C converges to C and returns fresh matrices', () => {
    const C = Matrix.from([
      [1, 2],
      [3, 4],
    ]);
    const res = solveMatrixIvp(
      (_t, X, dX) => {
        for (let k = 0; k < 4; k++) dX.data[k] = -X.data[k] + C.data[k];
      },
      [0, 3],
      Matrix.zeros(2, 2),
      { method: 'dopri5', rtol: 1e-10, atol: 1e-12, tEval: [3] },
    );
    const X = res.y[0];
    assert.ok(X instanceof Matrix);
    for (let k = 0; k < 4; k++) {
      // Exact X(3) = C (1 − e^{−3}); DOPRI5 at rtol 1e-10 is within 1e-9.
      assert.ok(Math.abs(X.data[k] - C.data[k] * (1 - Math.exp(-3))) < 1e-9);
    }
  });

  it('rejects bad initial matrices', () => {
    assert.throws(() => solveMatrixSystemIvp(() => {}, [0, 1], []), ShapeError);
    assert.throws(() => solveMatrixIvp(() => {}, [0, 1], [[1]] as unknown as Matrix), DomainError);
  });
});
