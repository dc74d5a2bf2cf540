// CTRNN and §3 metrics against the committed NumPy/mpmath fixtures (tools/fixtures/connectivity_rnn.py):
// forward logits and loss (NumPy), BPTT gradients vs 50-digit central differences, the factorised W_h
// NTK vs the 50-digit Jacobian kernel J Jᵀ, RA, sign similarity, KA and both kernel–task alignments.
// Cases: (N=5, α=1, labels on all steps) and (N=4, α=0.6, last-step labels).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadFixture, fixtureMatrix } from '../helpers/fixtures.js';
import { relativeError } from '../../src/linalg/ops.js';
import { ctrnnForward, ctrnnLossAndGradients, hiddenAtStep, type CtrnnParams } from '../../src/models/rnn.js';
import type { SequenceBatch } from '../../src/tasks/index.js';
import {
  kernelTaskAlignmentFrobenius,
  kernelTaskAlignmentTrace,
  ntkTargets,
  representationAlignment,
  rnnNtk,
  signSimilarity,
  tangentKernelAlignment,
} from '../../src/metrics/index.js';

interface Case {
  N: number; K: number; T: number; B: number; alpha: number; lastOnly: boolean;
  Win: unknown; Wh: unknown; Wout: unknown; Whf: unknown; X: unknown; labels: number[];
  logits: unknown; loss: number; gradWin: unknown; gradWh: unknown; gradWout: unknown; K0: unknown; Kf: unknown;
  RA: number; signSimilarity: number; KA: number; alignmentTrace: number; alignmentFrobenius: number;
}

const { cases } = loadFixture<{ cases: Case[] }>('connectivity_rnn/cases.json');

for (const c of cases) {
  describe(`CTRNN vs fixture: N = ${c.N}, α = ${c.alpha}, ${c.lastOnly ? 'last-step labels' : 'labels on all steps'}`, () => {
    const p: CtrnnParams = { Win: fixtureMatrix(c.Win), Wh: fixtureMatrix(c.Wh), Wout: fixtureMatrix(c.Wout), alpha: c.alpha };
    const pf: CtrnnParams = { ...p, Wh: fixtureMatrix(c.Whf) };
    const batch: SequenceBatch = {
      inputs: fixtureMatrix(c.X),
      labels: Int32Array.from(c.labels),
      steps: c.T,
      batchSize: c.B,
      numClasses: c.K,
      decisionStep: c.T - 1,
    };
    const steps = c.lastOnly ? 'last' : 'all';

    it('logits and loss equal NumPy', () => {
      const { loss, forward } = ctrnnLossAndGradients(p, batch);
      assert.ok(relativeError(forward.logits, fixtureMatrix(c.logits)) < 1e-14); // same sums, other order
      assert.ok(Math.abs(loss - c.loss) < 1e-14 * c.loss);
    });

    it('BPTT gradients equal 50-digit central differences', () => {
      const { grads } = ctrnnLossAndGradients(p, batch);
      // the reference is exact to ~1e-40 before rounding; ours accumulates float64 rounding over T steps
      assert.ok(relativeError(grads.Win, fixtureMatrix(c.gradWin)) < 1e-12);
      assert.ok(relativeError(grads.Wh, fixtureMatrix(c.gradWh)) < 1e-12);
      assert.ok(relativeError(grads.Wout, fixtureMatrix(c.gradWout)) < 1e-12);
    });

    it('the factorised NTK equals the 50-digit Jacobian kernel; alignments equal NumPy', () => {
      const K0 = rnnNtk(p, batch, { steps });
      const Kf = rnnNtk(pf, batch, { steps });
      // brief's bound for the factorised vs explicit kernel is 1e-9; measured ~1e-15
      assert.ok(relativeError(K0, fixtureMatrix(c.K0)) < 1e-9);
      assert.ok(relativeError(Kf, fixtureMatrix(c.Kf)) < 1e-9);
      assert.ok(Math.abs(tangentKernelAlignment(K0, Kf) - c.KA) < 1e-12);
      const Y = ntkTargets(batch, c.K, { steps });
      assert.ok(Math.abs(kernelTaskAlignmentTrace(K0, Y) - c.alignmentTrace) < 1e-12 * c.alignmentTrace);
      assert.ok(Math.abs(kernelTaskAlignmentFrobenius(K0, Y) - c.alignmentFrobenius) < 1e-12 * c.alignmentFrobenius);
      const H0 = hiddenAtStep(ctrnnForward(p, batch), batch);
      const Hf = hiddenAtStep(ctrnnForward(pf, batch), batch);
      assert.ok(Math.abs(representationAlignment(H0, Hf) - c.RA) < 1e-13);
      assert.equal(signSimilarity(H0, Hf), c.signSimilarity);
    });
  });
}
