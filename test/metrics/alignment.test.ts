// §3 alignment metrics of the RNN (spec connectivity.md): the factorised W_h tangent kernel against the
// explicit forward-mode Jacobian over tasks × α × step modes; the Jacobian itself against central
// differences of the logits; RA via N×N products vs the P×P Gram cosine; sign similarity; weight
// change; both kernel–task alignments on hand-computed cases and never equal to each other.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Matrix } from '../../src/linalg/matrix.js';
import { matmul, relativeError } from '../../src/linalg/ops.js';
import { createRandom, gaussianMatrix } from '../../src/random/index.js';
import { firstTrials, neurogymBatch, sequentialImageBatch, type SequenceBatch } from '../../src/tasks/index.js';
import { ctrnnBackward, ctrnnForward, ctrnnInit } from '../../src/models/rnn.js';
import {
  frobeniusCosine,
  kernelDistance,
  kernelTaskAlignmentFrobenius,
  kernelTaskAlignmentTrace,
  ntkTargets,
  representationAlignment,
  rnnJacobianWh,
  rnnNtk,
  rnnNtkExplicit,
  signSimilarity,
  tangentKernelAlignment,
  weightChange,
} from '../../src/metrics/index.js';
import { DomainError, ShapeError } from '../../src/errors/index.js';

function images(): SequenceBatch {
  const s = createRandom(5, 'img');
  const pixels = new Float64Array(4 * 5 * 3).map(() => s.int(256));
  return sequentialImageBatch({ pixels, labels: [1, 0, 3, 2], count: 4, rows: 5, cols: 3, numClasses: 4 }, [0, 1, 2, 3]);
}

describe('factorised RNN tangent kernel (W_h only)', () => {
  const cases: Array<[string, () => SequenceBatch, number, 'all' | 'last']> = [
    ['2AF', () => neurogymBatch('2AF', createRandom(1, 'b'), 3), 3, 'all'],
    ['DMS', () => neurogymBatch('DMS', createRandom(2, 'b'), 2), 3, 'all'],
    ['CXT', () => neurogymBatch('CXT', createRandom(3, 'b'), 2), 7, 'all'],
    ['images, last step', images, 3, 'last'],
  ];
  for (const [name, make, nIn, steps] of cases) {
    for (const alpha of [1, 0.5]) {
      it(`equals the explicit Jacobian kernel J Jᵀ: ${name}, α = ${alpha}`, () => {
        const batch = make();
        const p = ctrnnInit(createRandom(11, name, String(alpha)), { hidden: 6, inputs: nIn, outputs: batch.numClasses, alpha, gain: 1.5 });
        const K = rnnNtk(p, batch, { steps });
        const E = rnnNtkExplicit(p, batch, { steps });
        // Both are exact; they differ only by summation order (rounding ~1e-15). Brief's bound: 1e-9.
        const err = relativeError(K, E);
        assert.ok(err < 1e-9, `relative error ${err}`);
        assert.ok(frobeniusCosine(K, E) > 1 - 1e-12);
        assert.ok(E.data.some((v) => v !== 0), 'the kernel must not be trivially zero');
      });
    }
  }

  it('uᵀKu equals ‖∇_{W_h}(u·o)‖² from BPTT at N = 40 (a check without the Jacobian)', () => {
    const batch = neurogymBatch('CXT', createRandom(8, 'b'), 6);
    const p = ctrnnInit(createRandom(8, 'net'), { hidden: 40, inputs: 7, outputs: 3, alpha: 0.7 });
    const K = rnnNtk(p, batch);
    const u = createRandom(8, 'u').normalArray(K.rows);
    const fwd = ctrnnForward(p, batch);
    const g = ctrnnBackward(p, batch, fwd, new Matrix(fwd.logits.rows, fwd.logits.cols, u.slice()));
    let jtu = 0;
    for (const v of g.Wh.data) jtu += v * v;
    let uku = 0;
    for (let i = 0; i < K.rows; i++) for (let j = 0; j < K.cols; j++) uku += u[i] * K.get(i, j) * u[j];
    // two exact evaluations of the same quadratic form: rounding of ~10⁵ terms
    assert.ok(Math.abs(uku - jtu) < 1e-12 * jtu, `${uku} vs ${jtu}`);
  });

  it('the forward-mode Jacobian matches central differences of the logits', () => {
    const batch = neurogymBatch('2AF', createRandom(4, 'b'), 2);
    const p = ctrnnInit(createRandom(4, 'net'), { hidden: 5, inputs: 3, outputs: 3, alpha: 0.8, gain: 1.5 });
    const J = rnnJacobianWh(p, batch);
    const h = 1e-6;
    let worst = 0;
    let jmax = 0;
    for (const v of J.data) jmax = Math.max(jmax, Math.abs(v));
    for (let e = 0; e < 25; e++) {
      const w = p.Wh.data[e];
      p.Wh.data[e] = w + h;
      const lp = ctrnnForward(p, batch).logits;
      p.Wh.data[e] = w - h;
      const lm = ctrnnForward(p, batch).logits;
      p.Wh.data[e] = w;
      for (let r = 0; r < J.rows; r++) {
        worst = Math.max(worst, Math.abs((lp.data[r] - lm.data[r]) / (2 * h) - J.data[r * 25 + e]));
      }
    }
    // logits are polynomials of degree ≤ 8 in W_h between ReLU kinks: truncation ~h², rounding ~1e-10
    assert.ok(worst / jmax < 1e-7, `relative ${worst / jmax}`);
  });

  it('has the paper’s 768 × 768 size for 32 trials × 8 steps × 3 outputs and is symmetric PSD-diagonal', () => {
    const probe = neurogymBatch('2AF', createRandom(6, 'probe'), 40);
    const p = ctrnnInit(createRandom(6, 'net'), { hidden: 20, inputs: 3, outputs: 3 });
    const K = rnnNtk(p, firstTrials(probe, 32));
    assert.equal(K.rows, 768);
    let asym = 0;
    for (let i = 0; i < 768; i++) {
      assert.ok(K.get(i, i) >= 0);
      for (let j = 0; j < i; j++) asym = Math.max(asym, Math.abs(K.get(i, j) - K.get(j, i)));
    }
    let kmax = 0;
    for (const v of K.data) kmax = Math.max(kmax, Math.abs(v));
    assert.ok(asym < 1e-12 * kmax); // symmetry by construction up to rounding
  });
});

describe('alignment metrics', () => {
  it('representation alignment equals the cosine of the P×P Gram matrices', () => {
    const s = createRandom(1, 'H');
    const H0 = gaussianMatrix(s, 12, 5);
    const Hf = gaussianMatrix(s, 12, 5);
    const direct = frobeniusCosine(matmul(H0, H0, { transB: true }), matmul(Hf, Hf, { transB: true }));
    assert.ok(Math.abs(representationAlignment(H0, Hf) - direct) < 1e-14); // rounding of two orders
    assert.equal(representationAlignment(H0, H0), 1);
    assert.equal(representationAlignment(H0, Matrix.zeros(12, 5)), 0);
    assert.throws(() => representationAlignment(H0, Matrix.zeros(5, 12)), ShapeError);
  });

  it('sign similarity, weight change, tangent-kernel alignment and kernel distance', () => {
    assert.equal(signSimilarity(Matrix.from([[1, 0, -2, 0]]), Matrix.from([[3, 0, 1, 5]])), 0.5);
    const wc = weightChange(Matrix.from([[3, 0], [0, 4]]), Matrix.from([[3, 1], [0, 4]]));
    assert.equal(wc.absolute, 1);
    assert.equal(wc.relative, 1 / 5);
    const A = Matrix.from([[2, 1], [1, 2]]);
    const B = Matrix.from([[1, 0], [0, 1]]);
    const ka = tangentKernelAlignment(A, B);
    assert.ok(Math.abs(ka - 4 / (Math.sqrt(10) * Math.sqrt(2))) < 1e-15);
    assert.ok(Math.abs(kernelDistance(A, B) - (1 - ka)) < 1e-15);
  });

  it('kernel–task alignment: trace and Frobenius forms on hand cases, different numbers', () => {
    const K = Matrix.from([[2, 1, 0], [1, 2, 0], [0, 0, 1]]);
    const y = Matrix.column([1, 1, 0]);
    // yᵀKy = 6, ‖y‖² = 2, Tr K = 5, ‖K‖_F = √11
    assert.ok(Math.abs(kernelTaskAlignmentTrace(K, y) - 6 / 10) < 1e-15);
    assert.ok(Math.abs(kernelTaskAlignmentFrobenius(K, y) - 6 / (2 * Math.sqrt(11))) < 1e-15);
    // multi-column Y: Σ_k y_kᵀKy_k / (‖Y‖_F² Tr K)
    const Y = Matrix.from([[1, 0], [1, 0], [0, 1]]);
    assert.ok(Math.abs(kernelTaskAlignmentTrace(K, Y) - 7 / 15) < 1e-15);
    assert.throws(() => kernelTaskAlignmentTrace(K, Matrix.column([0, 0, 0])), DomainError);
    assert.throws(() => kernelTaskAlignmentFrobenius(Matrix.zeros(3, 3), y), DomainError);
  });

  it('ntkTargets one-hot encodes the labels in (t, b, k) order', () => {
    const batch = neurogymBatch('DMS', createRandom(3), 2);
    const Y = ntkTargets(batch);
    assert.equal(Y.rows, 8 * 2 * 3);
    for (let t = 0; t < 8; t++) {
      for (let b = 0; b < 2; b++) {
        for (let k = 0; k < 3; k++) assert.equal(Y.data[(t * 2 + b) * 3 + k], batch.labels[t * 2 + b] === k ? 1 : 0);
      }
    }
    const last = ntkTargets(images(), 4, { steps: 'last' });
    assert.deepEqual(Array.from(last.data), [0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0]);
  });
});
