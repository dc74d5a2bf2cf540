// CTRNN (spec connectivity.md §1.1, §1.3): BPTT gradients vs central finite differences over
// α ∈ {1, 0.6} × {all-steps labels (neurogym), last-step labels (sequential images)}; the forward
// recurrence against a direct per-trial loop; the loss at a zero readout; bad input.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Matrix } from '../../src/linalg/matrix.js';
import { createRandom } from '../../src/random/index.js';
import { neurogymBatch, sequentialImageBatch } from '../../src/tasks/index.js';
import type { SequenceBatch } from '../../src/tasks/index.js';
import {
  ctrnnForward,
  ctrnnInit,
  ctrnnLoss,
  ctrnnLossAndGradients,
  crossEntropy,
  type CtrnnParams,
} from '../../src/models/rnn.js';
import { ConfigError, DomainError, ShapeError } from '../../src/errors/index.js';

function imageBatch(seed: number): SequenceBatch {
  const s = createRandom(seed, 'images');
  const count = 5;
  const pixels = new Float64Array(count * 6 * 4);
  for (let i = 0; i < pixels.length; i++) pixels[i] = s.int(256);
  const labels = [0, 3, 1, 2, 3];
  return sequentialImageBatch({ pixels, labels, count, rows: 6, cols: 4, numClasses: 4 }, [4, 0, 2]);
}

function fdCheck(p: CtrnnParams, batch: SequenceBatch): number {
  const { grads } = ctrnnLossAndGradients(p, batch);
  let worst = 0;
  const h = 1e-6;
  for (const key of ['Win', 'Wh', 'Wout'] as const) {
    const W = p[key];
    const G = grads[key];
    let gmax = 0;
    for (const g of G.data) gmax = Math.max(gmax, Math.abs(g));
    for (let i = 0; i < W.data.length; i++) {
      const w = W.data[i];
      W.data[i] = w + h;
      const lp = ctrnnLoss(p, batch);
      W.data[i] = w - h;
      const lm = ctrnnLoss(p, batch);
      W.data[i] = w;
      const fd = (lp - lm) / (2 * h);
      worst = Math.max(worst, Math.abs(fd - G.data[i]) / gmax);
    }
  }
  return worst;
}

describe('CTRNN BPTT gradients', () => {
  for (const alpha of [1, 0.6]) {
    it(`match central finite differences, neurogym labels (all steps), alpha = ${alpha}`, () => {
      const batch = neurogymBatch('CXT', createRandom(3, 'b'), 4);
      const p = ctrnnInit(createRandom(7, 'net'), { hidden: 9, inputs: 7, outputs: 3, alpha, gain: 1.5 });
      // Tolerance: central differences with h = 1e-6 have truncation ~h²·L‴ and rounding ~1e-16/h
      // ≈ 1e-10 relative to the largest gradient entry; 1e-7 leaves room for that and nothing more.
      assert.ok(fdCheck(p, batch) < 1e-7);
    });
    it(`match central finite differences, last-step labels, alpha = ${alpha}`, () => {
      const batch = imageBatch(1);
      const p = ctrnnInit(createRandom(8, 'net'), { hidden: 7, inputs: 4, outputs: 4, alpha, gain: 1.25 });
      assert.ok(fdCheck(p, batch) < 1e-7); // same reason as above
    });
  }
});

describe('CTRNN forward pass', () => {
  it('equals a direct per-trial loop of z_t = (1-α)h + α(W_in x + W_h h), h = ReLU(z)', () => {
    const batch = neurogymBatch('2AF', createRandom(2, 'b'), 3);
    const p = ctrnnInit(createRandom(4, 'net'), { hidden: 5, inputs: 3, outputs: 3, alpha: 0.7 });
    const f = ctrnnForward(p, batch);
    const N = 5;
    let worst = 0;
    for (let b = 0; b < 3; b++) {
      let h = new Float64Array(N);
      for (let t = 0; t < 8; t++) {
        const x = batch.inputs.row(t * 3 + b);
        const hn = new Float64Array(N);
        for (let i = 0; i < N; i++) {
          let drive = 0;
          for (let j = 0; j < 3; j++) drive += p.Win.get(i, j) * x[j];
          for (let j = 0; j < N; j++) drive += p.Wh.get(i, j) * h[j];
          hn[i] = Math.max(0, 0.3 * h[i] + 0.7 * drive);
        }
        h = hn;
        for (let i = 0; i < N; i++) worst = Math.max(worst, Math.abs(h[i] - f.H.get(t * 3 + b, i)));
        for (let k = 0; k < 3; k++) {
          let o = 0;
          for (let i = 0; i < N; i++) o += p.Wout.get(k, i) * h[i];
          worst = Math.max(worst, Math.abs(o - f.logits.get(t * 3 + b, k)));
        }
      }
    }
    assert.ok(worst < 1e-14, `max difference ${worst}`); // same sums in a different order: rounding only
  });

  it('has loss ln K at a zero readout, on labelled steps only', () => {
    const batch = imageBatch(2);
    const p = ctrnnInit(createRandom(1, 'net'), { hidden: 4, inputs: 4, outputs: 4 });
    p.Wout.data.fill(0);
    assert.ok(Math.abs(ctrnnLoss(p, batch) - Math.log(4)) < 1e-15);
  });

  it('is reproducible per seed and draws W_in, W_out independently of a given W_h', () => {
    const a = ctrnnInit(createRandom(5, 'net'), { hidden: 6, inputs: 3, outputs: 3 });
    const b = ctrnnInit(createRandom(5, 'net'), { hidden: 6, inputs: 3, outputs: 3, Wh: Matrix.identity(6) });
    assert.deepEqual(a.Win.data, b.Win.data);
    assert.deepEqual(a.Wout.data, b.Wout.data);
    assert.deepEqual(b.Wh.data, Matrix.identity(6).data);
    // W_h = g G/√N, W_in ~ U(±1/√N_in), W_out ~ U(±1/√N)
    assert.ok(a.Win.data.every((v) => Math.abs(v) <= 1 / Math.sqrt(3)));
    assert.ok(a.Wout.data.every((v) => Math.abs(v) <= 1 / Math.sqrt(6)));
  });
});

describe('CTRNN bad input', () => {
  it('refuses wrong shapes, alpha outside (0, 1], unlabelled batches', () => {
    const batch = neurogymBatch('CXT', createRandom(0), 2);
    const p = ctrnnInit(createRandom(0), { hidden: 4, inputs: 3, outputs: 3 });
    assert.throws(() => ctrnnForward(p, batch), ShapeError);
    assert.throws(() => ctrnnInit(createRandom(0), { hidden: 4, inputs: 3, outputs: 3, alpha: 1.5 }), ConfigError);
    assert.throws(() => crossEntropy(Matrix.zeros(2, 3), new Int32Array([-1, -1])), DomainError);
    assert.throws(() => crossEntropy(Matrix.zeros(1, 3), new Int32Array([3])), DomainError);
  });
});
