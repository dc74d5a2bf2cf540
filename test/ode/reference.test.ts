// DOP853 and DOPRI5 against SciPy's DOP853 (rtol 1e-13, atol 1e-14) and exact solutions, on the
// fixtures written by tools/fixtures/ode.py.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { solveIvp, solveMatrixIvp } from '../../src/ode/index.js';
import type { OdeMethod, OdeRhs } from '../../src/ode/index.js';
import { Matrix } from '../../src/linalg/matrix.js';
import { decodeFixtureArray, fixtureMatrix, loadFixture } from '../helpers/fixtures.js';

/** Worst over output times of ‖y − ref‖∞ / ‖ref‖∞ (an all-zero reference must be matched exactly). */
function worstRelativeError(ys: readonly Float64Array[], ref: Float64Array): number {
  const n = ref.length / ys.length;
  assert.equal(n, ys[0].length, 'state length matches the fixture');
  let worst = 0;
  ys.forEach((y, k) => {
    let diff = 0;
    let scale = 0;
    for (let i = 0; i < n; i++) {
      diff = Math.max(diff, Math.abs(y[i] - ref[k * n + i]));
      scale = Math.max(scale, Math.abs(ref[k * n + i]));
    }
    worst = Math.max(worst, scale === 0 ? (diff === 0 ? 0 : Infinity) : diff / scale);
  });
  return worst;
}

const SETTINGS: readonly { method: OdeMethod; rtol: number; atol: number; tol: number; nfevKey: string }[] = [
  // 1e-10: the required agreement; DOP853's global error at rtol 1e-12 is ~1e-12 here.
  { method: 'dop853', rtol: 1e-12, atol: 1e-14, tol: 1e-10, nfevKey: 'DOP853_rtol1e-12_atol1e-14' },
  // 1e-8: DOPRI5 at rtol 1e-10 accumulates a global error of a few ×1e-10 over these spans.
  { method: 'dopri5', rtol: 1e-10, atol: 1e-12, tol: 1e-8, nfevKey: 'RK45_rtol1e-10_atol1e-12' },
];

/** Our nfev may exceed SciPy's for the same method and tolerance by at most 25% (controller details). */
const NFEV_RATIO = 1.25;

function matVec(M: Matrix): OdeRhs {
  const n = M.rows;
  const a = M.data;
  return (_t, y, dy) => {
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += a[i * n + j] * y[j];
      dy[i] = s;
    }
  };
}

for (const name of ['linear2', 'linear6']) {
  describe(`ode: linear system y' = M y (${name})`, () => {
    const fx = loadFixture(`ode/${name}.json`);
    const M = fixtureMatrix(fx.M);
    const y0 = decodeFixtureArray(fx.y0).data;
    const tEval = decodeFixtureArray(fx.t_eval).data;
    const ref = decodeFixtureArray(fx.ref).data;
    const exact = decodeFixtureArray(fx.exact).data;
    for (const s of SETTINGS) {
      it(`${s.method} matches SciPy DOP853 and expm(M t) y0 at every output time`, (t) => {
        const res = solveIvp(matVec(M), fx.t_span, y0, { method: s.method, rtol: s.rtol, atol: s.atol, tEval });
        assert.deepEqual(Array.from(res.t), Array.from(tEval));
        const vsRef = worstRelativeError(res.y, ref);
        const vsExact = worstRelativeError(res.y, exact);
        t.diagnostic(
          `${s.method}: rel err vs scipy ${vsRef.toExponential(2)}, vs exact ${vsExact.toExponential(2)}; nfev ${res.stats.nfev} (scipy ${fx.scipy_nfev[s.nfevKey]})`,
        );
        assert.ok(vsRef <= s.tol, `vs SciPy ${vsRef}`);
        assert.ok(vsExact <= s.tol, `vs exact ${vsExact}`);
        assert.ok(res.stats.nfev <= NFEV_RATIO * fx.scipy_nfev[s.nfevKey], `nfev ${res.stats.nfev}`);
      });
    }

    it('dop853 integrates backwards from the exact y(2) to y(0), tEval descending', () => {
      // Backwards, the decaying modes (Re λ down to −1.4) grow like e^{1.4 t}; over 2 time units the
      // problem stays well conditioned (amplification ≈ 16), so the 1e-10 bound tests the solver.
      const n = y0.length;
      const m = tEval.findIndex((v) => v === 2) + 1;
      assert.ok(m > 1, 'fixture has t = 2 on its output grid');
      const yT = exact.slice((m - 1) * n, m * n);
      const back = Array.from(tEval.subarray(0, m)).reverse();
      const res = solveIvp(matVec(M), [2, 0], yT, { rtol: 1e-12, atol: 1e-14, tEval: back });
      const exactBack = new Float64Array(m * n);
      for (let k = 0; k < m; k++) exactBack.set(exact.subarray((m - 1 - k) * n, (m - k) * n), k * n);
      assert.deepEqual(Array.from(res.t), back);
      const err = worstRelativeError(res.y, exactBack);
      assert.ok(err <= 1e-10, `backward rel err ${err}`);
    });
  });
}

describe('ode: Lotka–Volterra over several periods', () => {
  const fx = loadFixture('ode/lotka_volterra.json');
  const { a, b, c, d } = fx.params as Record<string, number>;
  const rhs: OdeRhs = (_t, z, dz) => {
    dz[0] = a * z[0] - b * z[0] * z[1];
    dz[1] = -c * z[1] + d * z[0] * z[1];
  };
  const ref = decodeFixtureArray(fx.ref).data;
  for (const s of SETTINGS) {
    it(`${s.method} matches SciPy DOP853 and conserves the first integral`, (t) => {
      const res = solveIvp(rhs, fx.t_span, fx.y0, { method: s.method, rtol: s.rtol, atol: s.atol, tEval: fx.t_eval });
      const vsRef = worstRelativeError(res.y, ref);
      let drift = 0;
      for (const z of res.y) {
        const v = d * z[0] - c * Math.log(z[0]) + b * z[1] - a * Math.log(z[1]);
        drift = Math.max(drift, Math.abs(v - fx.invariant) / Math.abs(fx.invariant));
      }
      t.diagnostic(
        `${s.method}: rel err vs scipy ${vsRef.toExponential(2)}, invariant drift ${drift.toExponential(2)}; nfev ${res.stats.nfev} (scipy ${fx.scipy_nfev[s.nfevKey]}), rejected ${res.stats.nrejected}`,
      );
      assert.ok(vsRef <= s.tol, `vs SciPy ${vsRef}`);
      assert.ok(drift <= s.tol, `invariant drift ${drift}`);
      assert.ok(res.stats.nfev <= NFEV_RATIO * fx.scipy_nfev[s.nfevKey], `nfev ${res.stats.nfev}`);
    });
  }
});

describe('ode: matrix Riccati equation X′ = A X + X Aᵀ − X B X + C (3×3, solveMatrixIvp)', () => {
  const fx = loadFixture('ode/riccati3.json');
  const A = fixtureMatrix(fx.A);
  const B = fixtureMatrix(fx.B);
  const C = fixtureMatrix(fx.C);
  const Xare = fixtureMatrix(fx.X_are);
  const ref = decodeFixtureArray(fx.ref).data;
  const XB = new Float64Array(9);
  const rhs = (_t: number, X: Matrix, dX: Matrix): void => {
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        let s = 0;
        for (let k = 0; k < 3; k++) s += X.get(i, k) * B.get(k, j);
        XB[i * 3 + j] = s;
      }
    }
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        let s = C.get(i, j);
        for (let k = 0; k < 3; k++) s += A.get(i, k) * X.get(k, j) + X.get(i, k) * A.get(j, k) - XB[i * 3 + k] * X.get(k, j);
        dX.set(i, j, s);
      }
    }
  };
  for (const s of SETTINGS) {
    it(`${s.method} matches SciPy and converges to the algebraic Riccati solution`, (t) => {
      const res = solveMatrixIvp(rhs, fx.t_span, Matrix.zeros(3, 3), {
        method: s.method,
        rtol: s.rtol,
        atol: s.atol,
        tEval: fx.t_eval,
      });
      assert.equal(res.y.length, fx.t_eval.length);
      assert.ok(res.y.every((X) => X.rows === 3 && X.cols === 3));
      const vsRef = worstRelativeError(
        res.y.map((X) => X.data),
        ref,
      );
      const XT = res.y[res.y.length - 1];
      let vsAre = 0;
      for (let i = 0; i < 9; i++) vsAre = Math.max(vsAre, Math.abs(XT.data[i] - Xare.data[i]));
      t.diagnostic(
        `${s.method}: rel err vs scipy ${vsRef.toExponential(2)}, |X(T) − X_are| ${vsAre.toExponential(2)}; nfev ${res.stats.nfev} (scipy ${fx.scipy_nfev[s.nfevKey]})`,
      );
      assert.ok(vsRef <= s.tol, `vs SciPy ${vsRef}`);
      // X(12) is within ~1e-12 of the stationary solution (measured in the generator); 1e-9 leaves room.
      assert.ok(vsAre <= 1e-9, `vs ARE ${vsAre}`);
      assert.ok(res.stats.nfev <= NFEV_RATIO * fx.scipy_nfev[s.nfevKey], `nfev ${res.stats.nfev}`);
    });
  }
});
