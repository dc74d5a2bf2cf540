/**
 * `lazyrich simulate`: GD/SGD/flow from the document's weights. The JSON output is checked against
 * the train module run directly on the built experiment (the command must not change the
 * computation), GD's time axis is t = k·η, and the issue's explicit (unbalanced) document works.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildExperiment, validateExperiment } from '../../src/config/index.js';
import { Matrix } from '../../src/linalg/matrix.js';
import { matmul } from '../../src/linalg/ops.js';
import { trainGradientDescent } from '../../src/train/index.js';
import { taskLoss } from '../../src/tasks/index.js';
import { exactSolution } from '../../src/theory/lazy-to-rich/index.js';
import { runCli, tempDir, writeDoc } from '../config/cli-run.js';
import { ISSUE_EXPLICIT_TEXT, balancedDoc, explicitDoc } from '../config/documents.js';

const dir = tempDir();

describe('simulate', () => {
  it('the issue\'s explicit document: GD for 500 steps, t = k·η up to 5, values equal to the train module', async () => {
    const r = await runCli(['simulate', writeDoc(dir, 'issue.json', ISSUE_EXPLICIT_TEXT), '--json']);
    assert.equal(r.code, 0, r.err);
    const out = JSON.parse(r.out);
    assert.equal(out.method, 'gd');
    assert.equal(out.learningRate, 0.01);
    assert.equal(out.steps, 500);
    assert.deepEqual(out.units, { t: 't/tau' });
    assert.equal(out.t.length, 101, 'recorded every 5 steps by default (about 100 intervals)');
    out.t.forEach((t: number, k: number) => assert.ok(Math.abs(t - k * 5 * 0.01) < 1e-12, `t[${k}] = ${t}`));
    assert.deepEqual(out.W[0], [[0.4 * 0.3, 0], [0, 0.1 * 0.2]], 'W(0) = W₂W₁ of the explicit init');
    const built = buildExperiment(validateExperiment(explicitDoc()));
    const ref = trainGradientDescent(built.task, built.weights, { learningRate: 0.01, steps: 500, record: { every: 5 } });
    ref.weights.forEach((w, k) => {
      const W = matmul(w[1], w[0]);
      assert.deepEqual(out.W[k], W.toArray(), `W at record ${k}`);
      assert.equal(out.loss[k], taskLoss(built.task, W));
    });
    assert.ok(out.loss[100] < 1e-3 * out.loss[0], 'the run learns the task');
    // GD drifts from the initial balance diag(0.07, −0.03) at O(η²) per step (spec §2.1).
    assert.ok(out.balanceDrift > 0 && out.balanceDrift < 0.05, `drift ${out.balanceDrift}`);
  });

  it('gradient flow from a λ-balanced start matches the exact solution to 1e-9 and conserves the balance', async () => {
    const doc = balancedDoc();
    doc.train = { method: 'flow', tEnd: 4, rtol: 1e-12, atol: 1e-14 };
    doc.record = { times: [0, 0.5, 1, 2, 4] };
    const r = await runCli(['simulate', writeDoc(dir, 'flow.json', doc), '--json']);
    assert.equal(r.code, 0, r.err);
    const out = JSON.parse(r.out);
    assert.equal(out.method, 'flow');
    assert.deepEqual(out.t, [0, 0.5, 1, 2, 4]);
    const built = buildExperiment(validateExperiment(doc));
    const sol = exactSolution(built.task, { W1: built.weights[0], W2: built.weights[1] });
    out.t.forEach((t: number, k: number) => {
      const W = Matrix.from(out.W[k]);
      const E = sol.at(t).W;
      let d = 0;
      let n = 0;
      for (let i = 0; i < W.data.length; i++) {
        d += (W.data[i] - E.data[i]) ** 2;
        n += E.data[i] ** 2;
      }
      assert.ok(Math.sqrt(d / n) <= 1e-9, `t = ${t}: ${Math.sqrt(d / n)}`); // DOP853 at rtol 1e-12
    });
    assert.ok(out.balanceDrift < 1e-10, `flow conserves W₂ᵀW₂ − W₁W₁ᵀ: ${out.balanceDrift}`);
  });

  it('SGD on a data task, deep networks, text mode and --out files', async () => {
    const doc = {
      model: { kind: 'deep-linear', widths: [3, 4, 4, 2] },
      task: { kind: 'gaussian-regression', ni: 3, no: 2, p: 12, seed: 2 },
      init: { kind: 'gaussian', std1: 0.3, std2: 0.3, seed: 3 },
      train: { method: 'sgd', learningRate: 0.05, steps: 200, batchSize: 4, recordEvery: 20 },
    };
    const file = writeDoc(dir, 'sgd.json', doc);
    const out = join(dir, 'sim-out');
    const r = await runCli(['simulate', file, '--out', out]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /SGD \(batch 4\), η = 0\.05, 200 steps/);
    assert.match(r.out, /3-4-4-2 deep-linear/);
    const json = JSON.parse(readFileSync(join(out, 'simulate.json'), 'utf8'));
    assert.equal(json.t.length, 11);
    assert.deepEqual(json.widths, [3, 4, 4, 2]);
    const csv = readFileSync(join(out, 'simulate.csv'), 'utf8').trim().split('\n');
    assert.equal(csv[0], 't,loss,W_0_0,W_0_1,W_0_2,W_1_0,W_1_1,W_1_2');
    assert.equal(csv.length, 12);
    // The same seed gives the same shuffles: a second run is identical.
    const again = await runCli(['simulate', file, '--json']);
    assert.deepEqual(JSON.parse(again.out).W, json.W);
    const other = await runCli(['simulate', file, '--json', '--seed', '9']);
    assert.notDeepEqual(JSON.parse(other.out).W, json.W, '--seed changes the SGD batches');
  });

  it('without a train section: exit 2 naming train', async () => {
    const doc = explicitDoc();
    delete doc.train;
    const r = await runCli(['simulate', writeDoc(dir, 'notrain.json', doc)]);
    assert.equal(r.code, 2);
    assert.match(r.err, /^lazyrich: train: missing required section; "simulate" needs a train section/);
  });

  it('a diverging run is one sentence naming the step and a smaller learning rate, exit 2', async () => {
    const doc = explicitDoc();
    doc.train = { method: 'gd', learningRate: 3, steps: 200 };
    const r = await runCli(['simulate', writeDoc(dir, 'diverge.json', doc)]);
    assert.equal(r.code, 2);
    assert.equal(r.err.trim().split('\n').length, 1, r.err);
    assert.match(r.err, /step \d+/);
    assert.match(r.err, /learningRate/);
  });

  it('a bad --seed is one sentence', async () => {
    const r = await runCli(['simulate', writeDoc(dir, 'seed.json', ISSUE_EXPLICIT_TEXT), '--seed', '-3']);
    assert.equal(r.code, 2);
    assert.equal(r.err, 'lazyrich: --seed: expected a non-negative integer, got "-3".\n');
  });

  it('writes nothing unexpected without --out', () => {
    assert.equal(existsSync(join(dir, 'simulate.json')), false);
  });
});
