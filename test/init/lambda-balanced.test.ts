import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  lambdaBalancedInit,
  taskAlignedInit,
  rebalance,
  balancedFactors,
  measureBalance,
  lecunInit,
  type LambdaBalancedWeights,
} from '../../src/init/index.js';
import { randomLowRankTask, semanticTask, taskSvd, whitenedTask } from '../../src/tasks/index.js';
import { Matrix } from '../../src/linalg/matrix.js';
import { matmul, relativeError, maxAbsDiff, sub } from '../../src/linalg/ops.js';
import { frobeniusNorm } from '../../src/linalg/norms.js';
import { matrixRank, det } from '../../src/linalg/solve.js';
import { createRandom } from '../../src/random/index.js';
import { ConfigError, DomainError, ShapeError } from '../../src/errors/index.js';
import { loadFixture } from '../helpers/fixtures.js';

const EPS = 2.220446049250313e-16;

/** ‖W₂ᵀW₂ − W₁W₁ᵀ − λI‖_F computed directly (independent of measureBalance). */
function balanceError(W1: Matrix, W2: Matrix, lambda: number): number {
  const B = sub(matmul(W2, W2, { transA: true }), matmul(W1, W1, { transB: true }));
  for (let h = 0; h < B.rows; h++) B.set(h, h, B.get(h, h) - lambda);
  return frobeniusNorm(B);
}

function usv(init: LambdaBalancedWeights): Matrix {
  return matmul(matmul(init.U, Matrix.diag(init.singularValues)), init.V, { transB: true });
}

const SHAPES: [number, number, number][] = [
  [5, 5, 5],
  [6, 3, 3],
  [3, 3, 6],
  [2, 2, 4],
  [7, 3, 3],
  [1, 1, 1],
];
const LAMBDAS = [-20, -2, 0, 1e-3, 1.5, 20, 1e-8, -1e-8, 1e6, -1e6];

describe('R1: λ-balanced construction (spec §2.3, §6) over shapes × λ × spectra', () => {
  for (const [ni, nh, no] of SHAPES) {
    for (const lambda of LAMBDAS) {
      it(`${ni}-${nh}-${no}, λ = ${lambda}`, () => {
        const spectra: { name: string; opts: { scale?: number; singularValues?: number[]; sigma?: number } }[] = [
          { name: 'scale 0.3', opts: { scale: 0.3 } },
          { name: 'sigma 1 (authors)', opts: {} },
          { name: 'explicit with a zero mode', opts: { singularValues: Array.from({ length: nh }, (_, a) => (a === nh - 1 && nh > 1 ? 0 : 2 - a * 0.4)) } },
        ];
        for (const { name, opts } of spectra) {
          const init = lambdaBalancedInit({ lambda, ni, no, stream: createRandom(17, ni, nh, no), ...opts });
          assert.equal(init.lambda, lambda);
          assert.equal(init.W1.rows, nh);
          assert.equal(init.W1.cols, ni);
          assert.equal(init.W2.rows, no);
          assert.equal(init.W2.cols, nh);
          assert.ok(init.exactTheoryApplies);
          // Spec R1: < 1e-12. The Gram products round at ε·‖W₂‖² ≈ ε·|λ|, so the bound grows with |λ| beyond 1e2.
          const balTol = Math.max(1e-12, 1e-14 * Math.abs(lambda));
          const bal = balanceError(init.W1, init.W2, lambda);
          assert.ok(bal < balTol, `${name}: balance error ${bal.toExponential(2)}`);
          // W₂W₁ = U diag(s) Vᵀ to 1e-12 (relative to max(1, s₁)): the products round at ε·s1·s2 = ε·s.
          const smax = Math.max(1, ...init.singularValues);
          const werr = maxAbsDiff(matmul(init.W2, init.W1), usv(init));
          assert.ok(werr < 1e-12 * smax, `${name}: W error ${werr.toExponential(2)}`);
          // Per mode: |s1·s2 − s| < 1e-14 (relative for s > 1) and s2² − s1² = λ.
          for (let a = 0; a < init.singularValues.length; a++) {
            const s = init.singularValues[a];
            assert.ok(Math.abs(init.s1[a] * init.s2[a] - s) < 1e-14 * Math.max(1, s), `${name}: s1·s2 mode ${a}`);
            const d = init.s2[a] ** 2 - init.s1[a] ** 2 - lambda;
            assert.ok(Math.abs(d) < 4 * EPS * Math.max(1, Math.abs(lambda), s), `${name}: s2²−s1² mode ${a}: ${d}`);
            assert.ok(init.s1[a] >= 0 && init.s2[a] >= 0);
          }
          // Independent check through measureBalance: best λ equals the requested one.
          const m = measureBalance(init.W1, init.W2);
          assert.ok(Math.abs(m.lambda - lambda) < balTol);
          assert.ok(m.relativeDeviation < 1e-14, `${name}: relative deviation ${m.relativeDeviation}`);
          // U, V orthonormal; R orthogonal.
          assert.ok(maxAbsDiff(matmul(init.U, init.U, { transA: true }), Matrix.identity(init.U.cols)) < 1e-14);
          assert.ok(maxAbsDiff(matmul(init.V, init.V, { transA: true }), Matrix.identity(init.V.cols)) < 1e-14);
          assert.ok(maxAbsDiff(matmul(init.R, init.R, { transA: true }), Matrix.identity(nh)) < 1e-14);
        }
      });
    }
  }

  it('the default spectrum is that of G₂G₁ with N(0, 1) entries (authors, §2.3 [T]) and scales with sigma', () => {
    const a = lambdaBalancedInit({ lambda: 1, ni: 4, no: 3, stream: createRandom(2) });
    const b = lambdaBalancedInit({ lambda: 1, ni: 4, no: 3, sigma: 1, stream: createRandom(2) });
    const c = lambdaBalancedInit({ lambda: 1, ni: 4, no: 3, sigma: 0.1, stream: createRandom(2) });
    assert.deepEqual(Array.from(a.singularValues), Array.from(b.singularValues));
    for (let k = 0; k < 3; k++) assert.ok(Math.abs(c.singularValues[k] - 0.01 * a.singularValues[k]) < 1e-15 * a.singularValues[k] + 1e-300);
    assert.ok(a.singularValues[0] > a.singularValues[1] && a.singularValues[1] > a.singularValues[2]);
  });
});

describe('balancedFactors against 50-digit mpmath (fixture balanced_factors.json)', () => {
  const { cases } = loadFixture<{ cases: { lambda: number; s: number; s1: number; s2: number }[] }>(
    'lazy_to_rich_init/balanced_factors.json',
  );
  it(`all ${cases.length} (λ, s) pairs to a few ulps, including |λ| ≫ s where (k − |λ|)/2 cancels`, () => {
    let worst = 0;
    for (const c of cases) {
      const { s1, s2 } = balancedFactors(c.lambda, [c.s]);
      for (const [got, ref] of [
        [s1[0], c.s1],
        [s2[0], c.s2],
      ]) {
        const err = ref === 0 ? Math.abs(got) : Math.abs(got - ref) / ref;
        worst = Math.max(worst, err);
        // hypot, one division and two square roots: ≤ 4 ulps.
        assert.ok(err <= 4 * EPS, `λ = ${c.lambda}, s = ${c.s}: ${got} vs ${ref} (rel ${err})`);
      }
    }
    assert.ok(worst <= 4 * EPS);
  });

  it('the naive (k − λ)/2 form would lose every digit at λ = 1e6, s = 1e-3 (why the spec fixes it)', () => {
    const c = cases.find((x) => x.lambda === 1e6 && x.s === 1e-3)!;
    const k = Math.sqrt(1e12 + 4e-6);
    const naiveS1 = Math.sqrt((k - 1e6) / 2);
    assert.ok(Math.abs(naiveS1 - c.s1) / c.s1 > 0.5, `naive ${naiveS1} vs ${c.s1}`);
    assert.ok(Math.abs(balancedFactors(1e6, [1e-3]).s1[0] - c.s1) / c.s1 <= 4 * EPS);
  });

  it('handles s = 0 at every sign of λ, negative s as |s|, and huge values without overflow', () => {
    assert.deepEqual(Array.from(balancedFactors(0, [0]).s1), [0]);
    assert.equal(balancedFactors(4, [0]).s2[0], 2);
    assert.equal(balancedFactors(4, [0]).s1[0], 0);
    assert.equal(balancedFactors(-4, [0]).s1[0], 2);
    assert.equal(balancedFactors(-4, [0]).s2[0], 0);
    assert.deepEqual(balancedFactors(1, [-2]), balancedFactors(1, [2]));
    const big = balancedFactors(1e300, [1e200]);
    assert.ok(Number.isFinite(big.s1[0]) && Number.isFinite(big.s2[0]));
    assert.ok(Math.abs(big.s1[0] * big.s2[0] - 1e200) < 1e-14 * 1e200);
    assert.throws(() => balancedFactors(NaN, [1]), ConfigError);
    assert.throws(() => balancedFactors(1, [Infinity]), ConfigError);
  });
});

describe('aligned inits (spec §2.3 step 1, §3.7)', () => {
  it('lambdaBalancedInit({ aligned: task }) gives W(0) = Ũ diag(s) Ṽᵀ and representations diag in the task basis', () => {
    for (const [ni, no] of [[5, 3], [3, 5], [4, 4]]) {
      const task = randomLowRankTask(createRandom(3, ni, no), { ni, no, rank: Math.min(ni, no) });
      const ts = taskSvd(task);
      for (const lambda of [-3, 0, 0.5]) {
        const init = lambdaBalancedInit({ lambda, ni, no, scale: 0.01, aligned: task, stream: createRandom(4) });
        assert.ok(maxAbsDiff(init.U, ts.U) === 0 && maxAbsDiff(init.V, ts.V) === 0);
        const W = matmul(init.W2, init.W1);
        assert.ok(maxAbsDiff(W, matmul(matmul(ts.U, Matrix.diag(new Float64Array(ts.r).fill(0.01))), ts.V, { transB: true })) < 1e-16);
        // W₁ᵀW₁ = Ṽ diag(s1²) Ṽᵀ (§4.2).
        const G1 = matmul(init.W1, init.W1, { transA: true });
        const ref = matmul(matmul(ts.V, Matrix.diag(init.s1.map((x) => x * x))), ts.V, { transB: true });
        assert.ok(maxAbsDiff(G1, ref) < 1e-14 * Math.max(1, Math.abs(lambda)));
        assert.ok(balanceError(init.W1, init.W2, lambda) < 1e-14);
        // A TaskSvd works in place of the task.
        const viaSvd = lambdaBalancedInit({ lambda, ni, no, scale: 0.01, aligned: ts, stream: createRandom(4) });
        assert.deepEqual(Array.from(viaSvd.W1.data), Array.from(init.W1.data));
      }
    }
  });

  it('taskAlignedInit: W(0) = Ũ diag(a₀) Ṽᵀ for any signs of a₀ (reversal), λ-balanced, R unobservable', () => {
    const task = semanticTask();
    const ts = taskSvd(task);
    const a0s: (number | number[])[] = [1e-3, -0.01, [0.5, -0.5, 0, 1e-6, -2, 0.1, 0.2, -0.3]];
    for (const a0 of a0s) {
      for (const lambda of [-5, 0, 1e-3, 3]) {
        const init = taskAlignedInit({ task, lambda, a0 });
        const a = typeof a0 === 'number' ? new Array(8).fill(a0) : a0;
        const ref = matmul(matmul(ts.U, Matrix.diag(a)), ts.V, { transB: true });
        const W = matmul(init.W2, init.W1);
        assert.ok(maxAbsDiff(W, ref) < 1e-15, `a0 = ${String(a0)}, λ = ${lambda}`);
        assert.ok(balanceError(init.W1, init.W2, lambda) < 1e-14);
        assert.deepEqual(Array.from(init.a0), a);
        // With a Haar R the function and Gram matrices are unchanged.
        const R = lambdaBalancedInit({ lambda: 0, ni: 8, no: 8, scale: 1, stream: createRandom(8) }).R;
        const rot = taskAlignedInit({ task, lambda, a0, R });
        assert.ok(maxAbsDiff(matmul(rot.W2, rot.W1), W) < 1e-14);
        assert.ok(maxAbsDiff(matmul(rot.W1, rot.W1, { transA: true }), matmul(init.W1, init.W1, { transA: true })) < 1e-14);
      }
    }
    assert.throws(() => taskAlignedInit({ task, lambda: 0, a0: [1, 2] }), ConfigError);
    assert.throws(() => taskAlignedInit({ task, lambda: 0, a0: NaN }), ConfigError);
    assert.throws(() => taskAlignedInit({ task, lambda: Infinity, a0: 1 }), ConfigError);
    assert.throws(() => taskAlignedInit({ task, lambda: 0, a0: 1, R: Matrix.identity(3) }), ShapeError);
  });
});

describe('widths other than min(N_i, N_o) (spec §2.2)', () => {
  it('builds every λ-balanced pair that exists and flags that the exact theory does not apply', () => {
    const ok: [number, number, number, number][] = [
      [3, 5, 6, 1.5], // λ > 0 needs N_o ≥ N_h
      [6, 5, 3, -1.5], // λ < 0 needs N_i ≥ N_h
      [4, 6, 3, 0], // λ = 0: padded, dead units
      [3, 7, 3, 0],
      [6, 2, 4, 2], // bottleneck
      [6, 2, 4, -2],
      [3, 6, 6, 20],
    ];
    for (const [ni, nh, no, lambda] of ok) {
      const init = lambdaBalancedInit({ lambda, ni, nh, no, scale: 0.5, stream: createRandom(5, ni, nh, no) });
      assert.equal(init.exactTheoryApplies, false);
      assert.ok(balanceError(init.W1, init.W2, lambda) < 1e-13, `${ni}-${nh}-${no}, λ = ${lambda}`);
      const m = Math.min(ni, nh, no);
      assert.equal(init.singularValues.length, m);
      assert.ok(maxAbsDiff(matmul(init.W2, init.W1), usv(init)) < 1e-14);
      assert.equal(matrixRank(matmul(init.W2, init.W1)), m);
      if (lambda === 0) {
        // The N_h − r extra hidden units carry nothing: rank W₁ = rank W₂ = r.
        assert.equal(matrixRank(init.W1), m);
        assert.equal(matrixRank(init.W2), m);
      }
    }
  });

  it('refuses impossible widths with the §2.2 reason and the fix', () => {
    const bad: [number, number, number, number][] = [
      [6, 5, 3, 1.5], // λ > 0, N_h > N_o
      [3, 5, 6, -1.5], // λ < 0, N_h > N_i
      [3, 5, 3, 1e-8],
      [3, 5, 3, -1e-8],
    ];
    for (const [ni, nh, no, lambda] of bad) {
      assert.throws(
        () => lambdaBalancedInit({ lambda, ni, nh, no, scale: 0.5, stream: createRandom(0) }),
        (e: unknown) =>
          e instanceof ConfigError && /§2\.2/.test(e.message) && /min\(N_i, N_o\) = 3/.test(e.message) && e.message.includes(`N_h = ${nh}`),
      );
    }
  });
});

describe('determinism and the Haar sign fix', () => {
  it('same stream → bit-identical weights; U, V, R do not depend on λ or the spectrum', () => {
    const a = lambdaBalancedInit({ lambda: 2, ni: 5, no: 3, scale: 0.1, stream: createRandom(42, 'init') });
    const b = lambdaBalancedInit({ lambda: 2, ni: 5, no: 3, scale: 0.1, stream: createRandom(42, 'init') });
    assert.deepEqual(Array.from(a.W1.data), Array.from(b.W1.data));
    assert.deepEqual(Array.from(a.W2.data), Array.from(b.W2.data));
    const c = lambdaBalancedInit({ lambda: -7, ni: 5, no: 3, singularValues: [3, 2, 1], stream: createRandom(42, 'init') });
    assert.deepEqual(Array.from(c.U.data), Array.from(a.U.data));
    assert.deepEqual(Array.from(c.V.data), Array.from(a.V.data));
    assert.deepEqual(Array.from(c.R.data), Array.from(a.R.data));
    const d = lambdaBalancedInit({ lambda: 2, ni: 5, no: 3, scale: 0.1, stream: createRandom(43, 'init') });
    assert.ok(maxAbsDiff(d.W1, a.W1) > 1e-3);
  });

  it('λ = 0 square inits have sign det W(0) = ±1 about half the time (sign-corrected QR; spec §2.3 pitfall)', () => {
    // 400 draws: under Haar, #(det > 0) ~ Binomial(400, ½), sd 10; accept 200 ± 40 (4 sd).
    let positive = 0;
    const n = 400;
    for (let k = 0; k < n; k++) {
      const init = lambdaBalancedInit({ lambda: 0, ni: 4, no: 4, scale: 1, stream: createRandom(1000, k) });
      if (det(matmul(init.W2, init.W1)) > 0) positive++;
    }
    assert.ok(Math.abs(positive - n / 2) <= 40, `${positive} of ${n} positive`);
  });
});

describe('rebalance (spec §2.3 "Rebalancing")', () => {
  const grid: [number, number, number][] = [
    [5, 5, 5],
    [6, 3, 3],
    [3, 3, 6],
    [7, 3, 3],
  ];
  for (const [ni, nh, no] of grid) {
    it(`${ni}-${nh}-${no}: keeps W₂W₁ to 1e-12 and hits λ′ to 1e-12 for λ → λ′ over {−20, −1, 0, 0.3, 20}²`, () => {
      const L = [-20, -1, 0, 0.3, 20];
      for (const lambda of L) {
        const init = lambdaBalancedInit({ lambda, ni, no, singularValues: [1.2, 0.5, 0.01, 0.3, 0.7].slice(0, nh), stream: createRandom(9) });
        const W = matmul(init.W2, init.W1);
        for (const lambdaNew of L) {
          const rb = rebalance(init.W1, init.W2, lambdaNew);
          // Every step (SVD of W, factors, products) is backward stable: ε-level relative to ‖W‖ ~ 1.
          assert.ok(maxAbsDiff(matmul(rb.W2, rb.W1), W) < 1e-12, `W kept, ${lambda} → ${lambdaNew}`);
          assert.ok(balanceError(rb.W1, rb.W2, lambdaNew) < 1e-12, `λ′ hit, ${lambda} → ${lambdaNew}`);
          assert.equal(rb.lambda, lambdaNew);
          if (lambdaNew === lambda) {
            // The Procrustes R returns the weights themselves.
            assert.ok(maxAbsDiff(rb.W1, init.W1) < 1e-12 && maxAbsDiff(rb.W2, init.W2) < 1e-12, 'identity rebalance');
          }
        }
      }
    });
  }

  it('balances an unbalanced (LeCun) init at fixed function; a stream gives a Haar R with the same Gram matrices', () => {
    const w = lecunInit({ ni: 4, nh: 4, no: 4, stream: createRandom(12) });
    assert.ok(measureBalance(w.W1, w.W2).relativeDeviation > 0.1);
    const W = matmul(w.W2, w.W1);
    const rb = rebalance(w.W1, w.W2, 0.25);
    const rs = rebalance(w.W1, w.W2, 0.25, createRandom(13, 'R'));
    for (const x of [rb, rs]) {
      assert.ok(relativeError(matmul(x.W2, x.W1), W) < 1e-14);
      assert.ok(balanceError(x.W1, x.W2, 0.25) < 1e-14);
    }
    assert.ok(maxAbsDiff(matmul(rb.W1, rb.W1, { transA: true }), matmul(rs.W1, rs.W1, { transA: true })) < 1e-14);
    assert.ok(maxAbsDiff(rb.R, rs.R) > 1e-3);
    // Procrustes R is the closest: no farther from the original than the Haar choice.
    const dist = (x: { W1: Matrix; W2: Matrix }) => Math.hypot(frobeniusNorm(sub(x.W1, w.W1)), frobeniusNorm(sub(x.W2, w.W2)));
    assert.ok(dist(rb) <= dist(rs));
  });

  it('rejects N_h ≠ min(N_i, N_o), chains that do not fit, NaN and non-finite λ′', () => {
    const wide = lambdaBalancedInit({ lambda: 0, ni: 3, nh: 5, no: 3, scale: 1, stream: createRandom(0) });
    assert.throws(() => rebalance(wide.W1, wide.W2, 1), (e: unknown) => e instanceof ConfigError && /min\(N_i, N_o\) = 3/.test(e.message));
    assert.throws(() => rebalance(Matrix.zeros(2, 3), Matrix.zeros(3, 3), 1), ShapeError);
    assert.throws(() => rebalance(Matrix.from([[NaN]], { allowNonFinite: true }), Matrix.from([[1]]), 1), DomainError);
    assert.throws(() => rebalance(Matrix.from([[1]]), Matrix.from([[1]]), NaN), ConfigError);
  });
});

describe('lambdaBalancedInit input errors', () => {
  const stream = createRandom(0);
  const cases: [string, () => unknown, RegExp][] = [
    ['λ NaN', () => lambdaBalancedInit({ lambda: NaN, ni: 2, no: 2, scale: 1, stream }), /lambda is NaN/],
    ['λ Infinity', () => lambdaBalancedInit({ lambda: Infinity, ni: 2, no: 2, scale: 1, stream }), /lambda is Infinity/],
    ['negative scale', () => lambdaBalancedInit({ lambda: 1, ni: 2, no: 2, scale: -0.2, stream }), /scale is -0\.2/],
    ['NaN scale', () => lambdaBalancedInit({ lambda: 1, ni: 2, no: 2, scale: NaN, stream }), /scale is NaN/],
    ['two spectra', () => lambdaBalancedInit({ lambda: 1, ni: 2, no: 2, scale: 1, sigma: 1, stream }), /only one of/],
    ['wrong count', () => lambdaBalancedInit({ lambda: 1, ni: 4, no: 3, singularValues: [1, 2], stream }), /m = min\(N_i, N_h, N_o\) = 3/],
    ['negative singular value', () => lambdaBalancedInit({ lambda: 1, ni: 2, no: 2, singularValues: [1, -1], stream }), /singularValues\[1\]/],
    ['negative sigma', () => lambdaBalancedInit({ lambda: 1, ni: 2, no: 2, sigma: -1, stream }), /sigma is -1/],
    ['fractional ni', () => lambdaBalancedInit({ lambda: 1, ni: 2.5, no: 2, scale: 1, stream }), /ni is 2\.5/],
    ['zero nh', () => lambdaBalancedInit({ lambda: 1, ni: 2, no: 2, nh: 0, scale: 1, stream }), /nh is 0/],
    ['missing stream', () => lambdaBalancedInit({ lambda: 1, ni: 2, no: 2, scale: 1 } as never), /stream is missing/],
    [
      'aligned task of another shape',
      () => lambdaBalancedInit({ lambda: 1, ni: 2, no: 3, scale: 1, aligned: whitenedTask(Matrix.from([[1, 0, 0], [0, 1, 0]])), stream }),
      /3 → 2 .* network is 2 → 3/,
    ],
  ];
  for (const [name, fn, re] of cases) {
    it(`${name} → ConfigError naming the field`, () => {
      assert.throws(fn, (e: unknown) => e instanceof ConfigError && re.test(e.message));
    });
  }
});
