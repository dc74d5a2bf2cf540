// neurogym 2AF / DMS / CXT generators (spec connectivity.md §1.2): shapes, label placement, channel
// content (noise-free channels exact; noisy channels = spec mean + noise with the stated σ), class
// balance, determinism per stream; sequential image batches.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRandom } from '../../../src/random/index.js';
import {
  COHERENCES_2AF,
  concatBatches,
  firstTrials,
  neurogymBatch,
  neurogymProbeSet,
  sequentialImageBatch,
  randomImageBatch,
} from '../../../src/tasks/index.js';
import { ConfigError } from '../../../src/errors/index.js';

const B = 4000;

describe('neurogym tasks', () => {
  it('2AF: fixation on steps 0–6, stimulus difference ±coh/100 in mean, label 1+gt at step 7 only', () => {
    const b = neurogymBatch('2AF', createRandom(1, '2AF'), B);
    const x = b.inputs;
    assert.equal(x.rows, 8 * B);
    assert.equal(x.cols, 3);
    let resid = 0;
    let resid2 = 0;
    let n = 0;
    const counts = [0, 0, 0];
    for (let tr = 0; tr < B; tr++) {
      const y = b.labels[7 * B + tr];
      counts[y]++;
      for (let t = 0; t < 7; t++) assert.equal(b.labels[t * B + tr], 0);
      for (let t = 0; t < 8; t++) assert.equal(x.get(t * B + tr, 0), t < 7 ? 1 : 0);
      assert.equal(x.get(7 * B + tr, 1), 0);
      assert.equal(x.get(7 * B + tr, 2), 0);
      const centre = x.get(0 * B + tr, 1) + x.get(0 * B + tr, 2) - 1; // = noise sum, sd 0.1·√2
      resid += centre;
      resid2 += centre * centre;
      n++;
    }
    assert.equal(counts[0], 0);
    // gt uniform: 4000 trials, 5 sd band on the count of label 1 (sd = √(B/4) ≈ 31.6)
    assert.ok(Math.abs(counts[1] - B / 2) < 5 * Math.sqrt(B / 4));
    // stim1 + stim2 = 1 + noise (the cosines cancel): mean 0, variance 2·0.01; 5-sd bands
    assert.ok(Math.abs(resid / n) < 5 * Math.sqrt(0.02 / n));
    assert.ok(Math.abs(resid2 / n - 0.02) < 5 * 0.02 * Math.sqrt(2 / n));
  });

  it('2AF: the sign of the mean stimulus difference follows the label beyond chance', () => {
    const b = neurogymBatch('2AF', createRandom(2, '2AF'), B);
    let agree = 0;
    for (let tr = 0; tr < B; tr++) {
      let d = 0;
      for (let t = 0; t < 7; t++) d += b.inputs.get(t * B + tr, 1) - b.inputs.get(t * B + tr, 2);
      if ((d > 0) === (b.labels[7 * B + tr] === 1)) agree++;
    }
    // With coh 0 (1/5 of trials) agreement is 1/2; with 51.2 it is ~1; expected ≈ 0.87. Criterion: > 0.8
    assert.ok(agree / B > 0.8, `agreement ${agree / B}`);
  });

  it('DMS: stimuli only at sample (0) and test (6); label 1 iff test angle = sample angle', () => {
    const b = neurogymBatch('DMS', createRandom(3, 'DMS'), B);
    let ok = 0;
    for (let tr = 0; tr < B; tr++) {
      for (const t of [1, 2, 3, 4, 5, 7]) {
        assert.equal(b.inputs.get(t * B + tr, 1), 0);
        assert.equal(b.inputs.get(t * B + tr, 2), 0);
      }
      for (let t = 0; t < 8; t++) assert.equal(b.inputs.get(t * B + tr, 0), t < 7 ? 1 : 0);
      const s = b.inputs.get(tr, 1) - b.inputs.get(tr, 2); // ±1 + noise
      const te = b.inputs.get(6 * B + tr, 1) - b.inputs.get(6 * B + tr, 2);
      const match = Math.sign(s) === Math.sign(te);
      if (match === (b.labels[7 * B + tr] === 1)) ok++;
    }
    // noise sd of a difference is 0.1·√2 ≈ 0.14 around ±1: a sign flip is a > 7-sd event
    assert.equal(ok, B);
  });

  it('CXT: context one-hot all trial; label = the choice of the cued modality', () => {
    const b = neurogymBatch('CXT', createRandom(4, 'CXT'), B);
    let ok = 0;
    for (let tr = 0; tr < B; tr++) {
      const c0 = b.inputs.get(tr, 5);
      const c1 = b.inputs.get(tr, 6);
      assert.equal(c0 + c1, 1);
      for (let t = 0; t < 8; t++) {
        assert.equal(b.inputs.get(t * B + tr, 5), c0);
        if (t >= 2) for (let c = 1; c <= 4; c++) assert.equal(b.inputs.get(t * B + tr, c), 0);
      }
      const m = c0 === 1 ? 1 : 3;
      let d = 0;
      for (let t = 0; t < 2; t++) d += b.inputs.get(t * B + tr, m) - b.inputs.get(t * B + tr, m + 1);
      // d/2 = signed coh/100 + noise (sd 0.1): the sign matches the label when |coh| ≥ 0.15 surely
      if ((d > 0) === (b.labels[7 * B + tr] === 1)) ok++;
    }
    // coh 5: P(sign right) ≈ Φ(0.05/0.1) = 0.69; coh 15, 50: ≈ 0.93, 1 → mean ≈ 0.87; criterion > 0.8
    assert.ok(ok / B > 0.8, `agreement ${ok / B}`);
  });

  it('is deterministic per stream; probe sets concatenate batches in draw order', () => {
    const a = neurogymBatch('CXT', createRandom(9, 'x'), 5);
    const b = neurogymBatch('CXT', createRandom(9, 'x'), 5);
    assert.deepEqual(a.inputs.data, b.inputs.data);
    assert.deepEqual(a.labels, b.labels);
    const s = createRandom(11, 'probe');
    const p = neurogymProbeSet('2AF', s, 3, 4);
    const s2 = createRandom(11, 'probe');
    const parts = [0, 1, 2].map(() => neurogymBatch('2AF', s2, 4));
    assert.deepEqual(p.inputs.data, concatBatches(parts).inputs.data);
    assert.equal(p.batchSize, 12);
    const f = firstTrials(p, 4);
    assert.deepEqual(f.inputs.data, parts[0].inputs.data);
    assert.deepEqual(f.labels, parts[0].labels);
    assert.throws(() => neurogymBatch('2AF', s, 0), ConfigError);
  });
});

describe('sequential images', () => {
  it('feeds one row per step and labels the last step only', () => {
    const pixels = new Uint8Array(2 * 3 * 2).map((_, i) => i * 10);
    const set = { pixels, labels: [7, 2], count: 2, rows: 3, cols: 2, numClasses: 10 };
    const b = sequentialImageBatch(set, [1, 0]);
    assert.equal(b.steps, 3);
    assert.deepEqual(Array.from(b.inputs.row(0 * 2 + 0)), [60 / 255, 70 / 255]);
    assert.deepEqual(Array.from(b.inputs.row(2 * 2 + 1)), [40 / 255, 50 / 255]);
    assert.deepEqual(Array.from(b.labels), [-1, -1, -1, -1, 2, 7]);
    assert.throws(() => sequentialImageBatch(set, [2]), ConfigError);
    const r = randomImageBatch(set, createRandom(0), 2);
    assert.deepEqual([...r.labels.slice(4)].sort(), [2, 7]);
  });
});
