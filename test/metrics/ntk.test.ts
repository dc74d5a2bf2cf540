// NTK of two-layer linear networks (spec §4.3) and kernel distances (§4.4, §6 R8): NumPy np.kron
// fixtures in both orderings, the finite-difference Jacobian JJᵀ (< 1e-8), the Kronecker-free inner
// product and distance against the explicit kernels (< 1e-12), generic state inputs, the §5.4
// semantic-task check values, and bad input.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Matrix } from '../../src/linalg/matrix.js';
import { matmul, relativeError } from '../../src/linalg/ops.js';
import { DomainError, ShapeError } from '../../src/errors/index.js';
import { createRandom, gaussianMatrix } from '../../src/random/index.js';
import {
  gramState,
  kernelDistance,
  ntk,
  ntkFiniteDifference,
  ntkInnerProduct,
  ntkKernelDistance,
  frobeniusCosine,
} from '../../src/metrics/index.js';
import { alignedTrajectory, convergedRepresentations, exactSolution } from '../../src/theory/lazy-to-rich/index.js';
import { randomLowRankTask, semanticTask } from '../../src/tasks/index.js';
import { lambdaBalancedInit } from '../../src/init/index.js';
import { fixtureMatrix, loadFixture } from '../helpers/fixtures.js';
import { assertBelow } from '../helpers/accuracy.js';

interface NtkCase {
  ni: number;
  nh: number;
  no: number;
  P: number;
  X: unknown;
  states: { W1: unknown; W2: unknown; Kout: unknown; Ksam: unknown }[];
  distance: number;
  inner: number;
}
const fx = loadFixture<{ cases: NtkCase[] }>('lazy_to_rich_aligned/ntk.json');

describe('NTK (spec §4.3)', () => {
  it('equals NumPy np.kron in both orderings (5 shapes × 2 states): ≤ 1e-14 relative', () => {
    for (const c of fx.cases) {
      const X = fixtureMatrix(c.X);
      for (const st of c.states) {
        const g = gramState({ W1: fixtureMatrix(st.W1), W2: fixtureMatrix(st.W2) });
        assertBelow(relativeError(ntk(g.W1tW1, g.W2W2t, X), fixtureMatrix(st.Kout)), 1e-14, `output-major ${c.ni}-${c.nh}-${c.no}`);
        assertBelow(relativeError(ntk(g.W1tW1, g.W2W2t, X, { ordering: 'sample-major' }), fixtureMatrix(st.Ksam)), 1e-14, 'sample-major');
      }
    }
  });

  it('R8: equals the finite-difference JJᵀ in both orderings, over shapes (incl. N_h ≠ min) — < 1e-8', (t) => {
    let worst = 0;
    for (const [ni, nh, no, P] of [[3, 2, 2, 5], [2, 2, 4, 3], [4, 3, 3, 6], [3, 5, 2, 4]]) {
      const s = createRandom(61, ni, nh, no);
      const W1 = gaussianMatrix(s.split('W1'), nh, ni);
      const W2 = gaussianMatrix(s.split('W2'), no, nh);
      const X = gaussianMatrix(s.split('X'), ni, P);
      const g = gramState([W1, W2]);
      for (const ordering of ['output-major', 'sample-major'] as const) {
        worst = Math.max(worst, relativeError(ntk(g.W1tW1, g.W2W2t, X, { ordering }), ntkFiniteDifference({ W1, W2 }, X, { ordering })));
      }
    }
    t.diagnostic(`worst relative difference ${worst.toExponential(2)} (central differences are exact for a map affine in each weight)`);
    assertBelow(worst, 1e-8, 'NTK vs JJᵀ');
  });

  it('the orderings are the same kernel up to the index permutation', () => {
    const c = fx.cases[2];
    const X = fixtureMatrix(c.X);
    const g = gramState({ W1: fixtureMatrix(c.states[0].W1), W2: fixtureMatrix(c.states[0].W2) });
    const A = ntk(g.W1tW1, g.W2W2t, X);
    const B = ntk(g.W1tW1, g.W2W2t, X, { ordering: 'sample-major' });
    for (let o = 0; o < c.no; o++) for (let p = 0; p < c.P; p++) for (let o2 = 0; o2 < c.no; o2++) for (let p2 = 0; p2 < c.P; p2++) {
      assert.equal(A.get(o * c.P + p, o2 * c.P + p2), B.get(p * c.no + o, p2 * c.no + o2));
    }
  });
});

describe('kernel distance (Fort et al. 2020; spec §4.4)', () => {
  it('Kronecker-free ntkInnerProduct / ntkKernelDistance equal the explicit kernels and NumPy (< 1e-12)', (t) => {
    let worst = 0;
    for (const c of fx.cases) {
      const X = fixtureMatrix(c.X);
      const a = { W1: fixtureMatrix(c.states[0].W1), W2: fixtureMatrix(c.states[0].W2) };
      const b = [fixtureMatrix(c.states[1].W1), fixtureMatrix(c.states[1].W2)];
      const Ka = fixtureMatrix(c.states[0].Kout);
      const Kb = fixtureMatrix(c.states[1].Kout);
      const dCheap = ntkKernelDistance(a, b, X);
      worst = Math.max(worst, Math.abs(dCheap - kernelDistance(Ka, Kb)), Math.abs(dCheap - c.distance));
      assertBelow(Math.abs(ntkInnerProduct(a, b, X) - c.inner) / c.inner, 1e-13, 'inner product');
      // Either ordering gives the same distance.
      const ga = gramState(a);
      const gb = gramState(b);
      const sa = ntk(ga.W1tW1, ga.W2W2t, X, { ordering: 'sample-major' });
      const sb = ntk(gb.W1tW1, gb.W2W2t, X, { ordering: 'sample-major' });
      worst = Math.max(worst, Math.abs(dCheap - kernelDistance(sa, sb)));
    }
    t.diagnostic(`worst absolute difference ${worst.toExponential(2)}`);
    assertBelow(worst, 1e-12, 'cheap vs explicit distance');
  });

  it('along a closed-form trajectory (ExactState inputs) the cheap distance equals the explicit one (< 1e-12)', () => {
    const task = randomLowRankTask(createRandom(62, 'traj'), { ni: 4, no: 3, rank: 3 });
    const X = gaussianMatrix(createRandom(62, 'X'), 4, 7);
    for (const lambda of [0, 2, -2]) {
      const init = lambdaBalancedInit({ lambda, ni: 4, no: 3, scale: 0.1, stream: createRandom(63, 'i') });
      const sol = exactSolution(task, init);
      const s0 = sol.at(0);
      for (const x of [0.5, 3, 30]) {
        const st = sol.at(x);
        const explicit = kernelDistance(ntk(s0.W1tW1, s0.W2W2t, X), ntk(st.W1tW1, st.W2W2t, X));
        assertBelow(Math.abs(ntkKernelDistance(s0, st, X) - explicit), 1e-12, `λ=${lambda} t=${x}`);
      }
    }
  });

  it('properties: 0 for proportional kernels, symmetric, in [0, 2], scale invariant; cosine of orthogonal matrices is 0', () => {
    const K = Matrix.from([[2, 1], [1, 3]]);
    assert.equal(kernelDistance(K, Matrix.from([[4, 2], [2, 6]])), 0);
    const L = Matrix.from([[1, 0], [0, -1]]);
    assert.equal(kernelDistance(K, L), kernelDistance(L, K));
    assertBelow(Math.abs(kernelDistance(Matrix.identity(2), Matrix.from([[0, 1], [1, 0]])) - 1), 1e-16, 'orthogonal → 1');
    assertBelow(Math.abs(kernelDistance(L, Matrix.from([[-1, 0], [0, 1]])) - 2), 1e-16, 'opposite → 2');
    assert.equal(frobeniusCosine(Matrix.zeros(2, 2), K), 0);
    assertBelow(Math.abs(frobeniusCosine(Matrix.from([[1e200, 0]]), Matrix.from([[1e200, 1e200]])) - Math.SQRT1_2), 2e-16, 'no overflow');
  });

  it('refuses zero kernels, mismatched shapes, non-finite entries and deep layer lists', () => {
    assert.throws(() => kernelDistance(Matrix.zeros(2, 2), Matrix.identity(2)), /identically zero/);
    assert.throws(() => kernelDistance(Matrix.identity(3), Matrix.identity(2)), ShapeError);
    const X = Matrix.identity(2);
    const g = { W1tW1: Matrix.identity(2), W2W2t: Matrix.identity(1) };
    assert.throws(() => ntkKernelDistance(g, { W1tW1: Matrix.zeros(2, 2), W2W2t: Matrix.zeros(1, 1) }, X), /identically zero/);
    assert.throws(() => ntkKernelDistance(g, { W1tW1: Matrix.identity(3), W2W2t: Matrix.identity(1) }, X), ShapeError);
    assert.throws(() => ntk(g.W1tW1, g.W2W2t, Matrix.from([[Number.NaN, 0], [0, 1]], { allowNonFinite: true })), DomainError);
    assert.throws(() => gramState([Matrix.identity(2), Matrix.identity(2), Matrix.identity(2)]), /two-layer/);
    assert.throws(() => ntk(g.W1tW1, g.W2W2t, X, { ordering: 'row' as never }), /ordering/);
  });
});

describe('§5.4 check values: semantic task, aligned init a(0) = 1e-3, S(K(0), K(∞))', () => {
  const task = semanticTask({ whitened: true });
  const X = task.X;
  const S = (lambda: number) => {
    const [s0] = alignedTrajectory(task, 1e-3, lambda, [0]);
    return ntkKernelDistance(s0, convergedRepresentations(task, lambda), X);
  };
  const expected: [number, number][] = [
    [0, 0.0222],
    [0.3, 0.0202],
    [1, 0.0096],
    [3, 0.0007],
  ];
  for (const [lambda, v] of expected) {
    it(`λ = ±${lambda}: ${v} (to the printed digits)`, (t) => {
      const p = S(lambda);
      const m = S(-lambda);
      t.diagnostic(`S = ${p.toPrecision(6)} (λ = ${lambda}), ${m.toPrecision(6)} (λ = −${lambda})`);
      assertBelow(Math.abs(p - v), 5e-5, `λ=${lambda}`);
      assertBelow(Math.abs(m - v), 5e-5, `λ=−${lambda}`);
    });
  }
  it('λ = ±10: < 1e-4; and the aligned end state equals convergedRepresentations', (t) => {
    t.diagnostic(`S = ${S(10).toExponential(3)}, ${S(-10).toExponential(3)}`);
    assert.ok(S(10) < 1e-4 && S(-10) < 1e-4);
    const [end] = alignedTrajectory(task, 1e-3, 0.3, [Infinity]);
    const conv = convergedRepresentations(task, 0.3);
    assertBelow(relativeError(end.W1tW1, conv.W1tW1), 1e-14, 'W1tW1(∞)');
    // X = √8·I, so XXᵀ = 8I (whitened with P = 8).
    assertBelow(relativeError(matmul(X, X, { transB: true }), Matrix.diag(new Array(8).fill(8))), 1e-15, 'X');
  });
});
