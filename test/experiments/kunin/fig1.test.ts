// kunin/fig1 and the two-layer ReLU teacher–student model (spec connectivity.md §6.6): gradients and
// the NTK identity against finite differences, the δ-parametrised symmetric init, per-neuron δ
// conservation (O(η) GD drift), and the experiment on a tiny grid (checks, determinism, tables).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../../../src/errors/index.js';
import { Matrix } from '../../../src/linalg/matrix.js';
import { createRandom } from '../../../src/random/index.js';
import {
  reluAlpha,
  reluNetGradient,
  reluNetLoss,
  reluNetNtk,
  reluNetOutput,
  reluNeuronDeltas,
  symmetricStudent,
  teacherStudentData,
  trainReluNet,
  type ReluNetParams,
} from '../../../src/models/two-layer-relu.js';
import { fig1Settings, runFig1 } from '../../../src/experiments/kunin/fig1.js';
import { kuninExperiments } from '../../../src/experiments/kunin/index.js';

const data = teacherStudentData(createRandom(1, 'fig1-test', 'teacher'), { n: 12, d: 5 });
const net: ReluNetParams = { W: Matrix.from([[0.5, -0.2, 0.3, 0.1, -0.4], [0.2, 0.6, -0.1, 0.3, 0.2], [-0.3, 0.1, 0.4, -0.5, 0.2]]), a: Float64Array.from([0.7, -0.4, 1.1]) };

describe('two-layer ReLU model', () => {
  it('MSE gradient equals central differences (h = 1e-6, ≤ 1e-8; no pre-activation within 1e-3 of a kink)', () => {
    const Z = data.X.toArray().map((x) => net.W.toArray().map((w) => w.reduce((s, v, j) => s + v * x[j], 0)));
    assert.ok(Z.flat().every((z) => Math.abs(z) > 1e-3));
    const g = reluNetGradient(net, data.X, data.y);
    const h = 1e-6;
    for (let t = 0; t < net.W.data.length; t++) {
      const p = { W: net.W.clone(), a: net.a };
      const q = { W: net.W.clone(), a: net.a };
      p.W.data[t] += h;
      q.W.data[t] -= h;
      assert.ok(Math.abs((reluNetLoss(p, data.X, data.y) - reluNetLoss(q, data.X, data.y)) / (2 * h) - g.gW.data[t]) <= 1e-8);
    }
    for (let i = 0; i < 3; i++) {
      const ap = Float64Array.from(net.a);
      const am = Float64Array.from(net.a);
      ap[i] += h;
      am[i] -= h;
      assert.ok(Math.abs((reluNetLoss({ W: net.W, a: ap }, data.X, data.y) - reluNetLoss({ W: net.W, a: am }, data.X, data.y)) / (2 * h) - g.ga[i]) <= 1e-8);
    }
  });
  it('NTK = J Jᵀ with J the parameter Jacobian from central differences (≤ 1e-8 relative)', () => {
    const P = net.W.data.length + net.a.length;
    const n = data.X.rows;
    const J = Array.from({ length: n }, () => new Float64Array(P));
    const h = 1e-6;
    for (let t = 0; t < P; t++) {
      const p = { W: net.W.clone(), a: Float64Array.from(net.a) };
      const q = { W: net.W.clone(), a: Float64Array.from(net.a) };
      if (t < net.W.data.length) {
        p.W.data[t] += h;
        q.W.data[t] -= h;
      } else {
        p.a[t - net.W.data.length] += h;
        q.a[t - net.W.data.length] -= h;
      }
      const fp = reluNetOutput(p, data.X);
      const fq = reluNetOutput(q, data.X);
      for (let k = 0; k < n; k++) J[k][t] = (fp[k] - fq[k]) / (2 * h);
    }
    const K = reluNetNtk(net, data.X);
    let scale = 0;
    let err = 0;
    for (let k = 0; k < n; k++) {
      for (let l = 0; l < n; l++) {
        const v = J[k].reduce((s, x, t) => s + x * J[l][t], 0);
        scale = Math.max(scale, Math.abs(v));
        err = Math.max(err, Math.abs(v - K.get(k, l)));
      }
    }
    assert.ok(err <= 1e-8 * scale, `${err}`);
  });
  it('symmetric student: zero output, every neuron has a² − ‖w‖² = δ (≤ 1e-12), ±δ/τ² up to 1e4', () => {
    for (const [tau, delta] of [[0.1, 1], [0.1, -1], [2, 0], [0.5, 0.3]]) {
      const s = symmetricStudent(createRandom(0, 's'), { m: 6, d: 5, tau, delta });
      assert.ok(reluNetOutput(s, data.X).every((v) => Math.abs(v) <= 1e-15));
      assert.ok(reluNeuronDeltas(s).every((v) => Math.abs(v - delta) <= 1e-12 * (1 + tau * tau)));
      const al = reluAlpha(delta, tau);
      assert.ok(Math.abs((tau / al) ** 2 - (tau * al) ** 2 - delta) <= 1e-12);
    }
    assert.throws(() => symmetricStudent(createRandom(0, 's'), { m: 5, d: 5, tau: 1, delta: 0 }), ConfigError);
    assert.throws(() => reluAlpha(0, 0), ConfigError);
  });
  it('GD drift of each δ_i is O(η): halving η (same time) halves it (ratio 2 ± 0.2)', () => {
    const s = symmetricStudent(createRandom(0, 's'), { m: 6, d: 5, tau: 0.5, delta: 0.2 });
    const drift = (lr: number): number => {
      const r = trainReluNet(s, data.X, data.y, { learningRate: lr, steps: Math.round(2 / lr) });
      const d = reluNeuronDeltas(r.params[r.params.length - 1]);
      return Math.max(...d.map((v) => Math.abs(v - 0.2)));
    };
    const r = drift(0.02) / drift(0.01);
    assert.ok(Math.abs(r - 2) <= 0.2, `ratio ${r}`);
  });
});

describe('kunin/fig1 (tiny grid)', () => {
  const settings = { ...fig1Settings('quick'), n: 60, d: 8, m: 8, nTest: 200, steps: 1500, taus: [0.1, 2], deltas: [-1, 0, 1] };
  const r = runFig1({ budget: 'quick', seed: 0 }, settings);
  it('is registered; the robust checks pass (lazy τ = 2 vs rich τ = 0.1, δ conservation, convergence)', () => {
    assert.ok(kuninExperiments.some((e) => e.id === 'kunin/fig1'));
    for (const name of ['Lazy (τ = 2', 'per-neuron', 'upstream δ = 1 is rich']) {
      const c = r.checks.find((x) => x.name.includes(name));
      assert.ok(c && c.pass, `${name}: ${c?.ours}`);
    }
  });
  it('is deterministic; tables have equal-length columns; figures are SVG', () => {
    const again = runFig1({ budget: 'quick', seed: 0 }, settings);
    assert.deepEqual(again.tables, r.tables);
    for (const t of r.tables) assert.equal(new Set(Object.values(t.columns).map((c) => c.length)).size, 1);
    assert.equal(r.tables[0].columns.tau.length, 6);
    assert.ok(r.figures.every((f) => f.svg.startsWith('<svg')));
  });
});
