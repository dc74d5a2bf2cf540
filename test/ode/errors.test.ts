// Failures: blow-up in finite time, non-finite right-hand sides, too many steps, invalid options.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { solveIvp, solveMatrixIvp } from '../../src/ode/index.js';
import type { OdeRhs, SolveIvpOptions } from '../../src/ode/index.js';
import { ConfigError, ConvergenceError, DomainError, ShapeError } from '../../src/errors/index.js';
import { Matrix } from '../../src/linalg/matrix.js';

const square: OdeRhs = (_t, y, dy) => {
  dy[0] = y[0] * y[0];
};
const decay: OdeRhs = (_t, y, dy) => {
  for (let i = 0; i < y.length; i++) dy[i] = -y[i];
};

function convergenceError(fn: () => unknown): ConvergenceError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof ConvergenceError, `expected ConvergenceError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected a ConvergenceError');
}

describe('ode: divergence', () => {
  for (const method of ['dop853', 'dopri5'] as const) {
    it(`${method}: y' = y², y(0) = 1 blows up at t = 1 → ConvergenceError with reached ≈ 1`, () => {
      const err = convergenceError(() => solveIvp(square, [0, 2], [1], { method, rtol: 1e-12, atol: 1e-12 }));
      assert.ok(err.reached !== undefined);
      // The numerical blow-up time is within a few rtol-scaled step sizes of the exact 1.
      assert.ok(Math.abs(err.reached - 1) < 1e-6, `reached ${err.reached}`);
      assert.match(err.message, /t = 1|t = 0\.9999/);
      assert.equal(err.code, 'convergence');
    });
  }

  it('a right-hand side that turns NaN past t = 0.5 stops with a non-finite message and reached ≈ 0.5', () => {
    const rhs: OdeRhs = (t, y, dy) => {
      dy[0] = t > 0.5 ? Math.sqrt(-1) : -y[0];
    };
    const err = convergenceError(() => solveIvp(rhs, [0, 1], [1], { rtol: 1e-10, atol: 1e-12 }));
    assert.match(err.message, /non-finite/);
    assert.ok(err.reached! <= 0.5 && err.reached! > 0.5 - 1e-9, `reached ${err.reached}`);
  });

  it('non-finite f(t0, y0) is reported at t0', () => {
    const err = convergenceError(() => solveIvp((_t, _y, dy) => (dy[0] = Infinity), [3, 4], [1]));
    assert.equal(err.reached, 3);
    assert.match(err.message, /non-finite at t = 3/);
  });

  it('fixed-step methods report the time at which the state overflowed', () => {
    const err = convergenceError(() => solveIvp(square, [0, 4], [1], { method: 'euler', step: 0.25 }));
    assert.match(err.message, /non-finite at t = /);
    // Euler squares y roughly every step: y(3.5) ≈ 1e185 is finite but f = y² overflows there.
    assert.equal(err.reached, 3.5);
  });

  it('exceeding maxSteps throws with the time reached', () => {
    const err = convergenceError(() => solveIvp(decay, [0, 100], [1], { rtol: 1e-12, atol: 1e-14, maxSteps: 5 }));
    assert.match(err.message, /maxSteps = 5/);
    assert.ok(err.reached! > 0 && err.reached! < 100);
  });
});

describe('ode: invalid input', () => {
  const bad: readonly [string, () => unknown, new (...a: any[]) => Error, RegExp][] = [
    ['rtol = 0', () => solveIvp(decay, [0, 1], [1], { rtol: 0 }), DomainError, /rtol/],
    ['rtol < 0', () => solveIvp(decay, [0, 1], [1], { rtol: -1e-6 }), DomainError, /rtol/],
    ['rtol below 100 eps', () => solveIvp(decay, [0, 1], [1], { rtol: 1e-16 }), DomainError, /100·eps/],
    ['atol = 0', () => solveIvp(decay, [0, 1], [1], { atol: 0 }), DomainError, /atol/],
    ['atol array of wrong length', () => solveIvp(decay, [0, 1], [1, 2], { atol: [1e-9] }), ShapeError, /atol/],
    ['NaN in y0', () => solveIvp(decay, [0, 1], [1, NaN]), DomainError, /y0\[1\]/],
    ['empty y0', () => solveIvp(decay, [0, 1], []), ShapeError, /empty/],
    ['non-finite span', () => solveIvp(decay, [0, Infinity], [1]), DomainError, /time span/],
    ['tEval outside the span', () => solveIvp(decay, [0, 1], [1], { tEval: [0, 1.5] }), DomainError, /outside/],
    ['tEval not ascending', () => solveIvp(decay, [0, 1], [1], { tEval: [0.5, 0.2] }), DomainError, /ascending/],
    ['tEval ascending on a backward span', () => solveIvp(decay, [1, 0], [1], { tEval: [0.2, 0.5] }), DomainError, /descending/],
    ['step ≤ 0', () => solveIvp(decay, [0, 1], [1], { method: 'rk4', step: 0 }), DomainError, /step/],
    ['fixed method without step', () => solveIvp(decay, [0, 1], [1], { method: 'euler' }), ConfigError, /step/],
    ['step given to an adaptive method', () => solveIvp(decay, [0, 1], [1], { step: 0.1 }), ConfigError, /fixed-step/],
    ['unknown method', () => solveIvp(decay, [0, 1], [1], { method: 'rk45' } as unknown as SolveIvpOptions), ConfigError, /unknown method/],
    ['maxStep ≤ 0', () => solveIvp(decay, [0, 1], [1], { maxStep: -1 }), DomainError, /maxStep/],
    ['fixed grid larger than maxSteps', () => solveIvp(decay, [0, 1], [1], { method: 'rk4', step: 1e-3, maxSteps: 10 }), ConfigError, /maxSteps/],
    ['non-finite initial matrix', () => solveMatrixIvp(() => {}, [0, 1], Matrix.from([[1, NaN]], { allowNonFinite: true })), DomainError, /finite/],
  ];
  for (const [what, fn, type, pattern] of bad) {
    it(`rejects ${what}`, () => {
      assert.throws(fn, (e: unknown) => {
        assert.ok(e instanceof type, `${what}: got ${String(e)}`);
        assert.match((e as Error).message, pattern);
        return true;
      });
    });
  }

  it('an empty span returns y0 without evaluating f', () => {
    let calls = 0;
    const res = solveIvp(
      (_t, y, dy) => {
        calls++;
        dy[0] = y[0];
      },
      [2, 2],
      [3],
      { tEval: [2, 2], denseOutput: true },
    );
    assert.equal(calls, 0);
    assert.deepEqual(Array.from(res.t), [2, 2]);
    assert.deepEqual(res.y.map((v) => v[0]), [3, 3]);
    assert.equal(res.sol!(2)[0], 3);
  });

  it('does not modify the caller’s y0', () => {
    const y0 = Float64Array.of(1, 2);
    solveIvp(decay, [0, 1], y0);
    assert.deepEqual(Array.from(y0), [1, 2]);
  });
});
