// MLPs: backprop vs central differences (activations × losses × parametrisations), the two-layer
// 1-D reductions (ζ_l → B.6's ζ, layer NTKs → B.2's K, gradients → scalar net's), standard ≡ ntk with
// rescaled rates, the layer-wise metrics and classifier, and a small seeded SGD run.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Matrix } from '../../src/linalg/matrix.js';
import { createRandom } from '../../src/random/index.js';
import { activation, scalarGradients, scalarInit, scalarNtk, scalarZeta, type ActivationName } from '../../src/models/two-layer-nonlinear.js';
import { activationGain2, createMlp, mlpForward, mlpLossAndGradients, MLP_PARAMETRIZATIONS, type Mlp } from '../../src/models/mlp.js';
import { classifyLayers, consecutiveAlignment, layerChanges, layerNtks } from '../../src/metrics/index.js';
import { trainMlp } from '../../src/train/mlp.js';
import { oneHot } from '../../src/io/idx.js';
import { ConfigError, ConvergenceError, ShapeError } from '../../src/errors/index.js';

function toy(n: number, d: number, c: number, seed: number): { X: Matrix; Y: Matrix; labels: Int32Array } {
  const r = createRandom(seed, 'toy');
  const X = new Matrix(n, d, r.normalArray(n * d));
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) labels[i] = (X.data[i * d]! > 0 ? 1 : 0) + (c > 2 && X.data[i * d + 1]! > 0 ? 2 : 0);
  return { X, Y: oneHot(labels, c), labels };
}

describe('MLP', () => {
  it('backprop matches central differences (activations × losses × parametrisations), ≤ 1e-6 relative', () => {
    const acts: ActivationName[] = ['relu', 'sigmoid', 'swish', 'leaky-relu', 'linear'];
    for (const act of acts) {
      for (const loss of ['mse', 'cross-entropy'] as const) {
        for (const par of MLP_PARAMETRIZATIONS) {
          const net = createMlp(createRandom(3, act, loss, par), { widths: [5, 7, 6, 4], parametrization: par, learningRate: 0.1, activation: act });
          const { X, Y } = toy(9, 5, 4, 1);
          const { grads } = mlpLossAndGradients(net, X, Y, loss);
          const h = 1e-6;
          net.weights.forEach((W, l) => {
            for (const k of [0, 3, W.data.length - 1]) {
              const old = W.data[k]!;
              W.data[k] = old + h;
              const lp = mlpLossAndGradients(net, X, Y, loss).loss;
              W.data[k] = old - h;
              const lm = mlpLossAndGradients(net, X, Y, loss).loss;
              W.data[k] = old;
              const fd = (lp - lm) / (2 * h);
              // O(h²) truncation + O(1e-16/h) rounding ≈ 1e-10; ReLU kinks are not crossed for these draws
              assert.ok(Math.abs(fd - grads[l]!.data[k]!) <= 1e-6 * Math.max(1e-2, Math.abs(fd)), `${act} ${loss} ${par} layer ${l + 1} entry ${k}: ${fd} vs ${grads[l]!.data[k]}`);
            }
          });
        }
      }
    }
  });

  it('two-layer 1-D reduction: ζ_1 = B.6 ζ (signed), Σ tr K_l / n = B.2 K, gradients = scalar net (≤ 1e-13)', () => {
    for (const name of ['linear', 'relu', 'swish'] as const) {
      const d = 13;
      const { u, w } = scalarInit(createRandom(5, name), { width: d, sigmaU: 0.9, sigmaW: 1.4, rho: -0.4 });
      const kappa = 0.2;
      const etaU = 3;
      const etaW = 0.7;
      const scalar = { u, w, kappa, activation: activation(name), etaU, etaW };
      const mlp: Mlp = {
        weights: [new Matrix(d, 1, w.slice()), new Matrix(1, d, u.slice())],
        multipliers: [1, kappa],
        learningRates: [etaW, etaU],
        activation: activation(name),
      };
      const z = consecutiveAlignment(mlp.weights, mlp.learningRates);
      assert.equal(z.length, 1);
      assert.ok(Math.abs(z[0]! - scalarZeta(scalar)) < 1e-14, `${name}: ${z[0]} vs ${scalarZeta(scalar)}`);
      const x = Float64Array.of(0.3, -1.2, 2.0, 0.7);
      const y = Float64Array.of(0.1, -0.5, 1.0, 0.2);
      const X = new Matrix(4, 1, x.slice());
      const Ks = layerNtks(mlp, X);
      let trace = 0;
      for (const K of Ks) for (let i = 0; i < 4; i++) trace += K.data[i * 4 + i]!;
      const K = scalarNtk(scalar, x);
      assert.ok(Math.abs(trace / 4 - K) < 1e-13 * K);
      const g = mlpLossAndGradients(mlp, X, new Matrix(4, 1, y), 'mse').grads;
      const s = scalarGradients(scalar, { x, y });
      for (let i = 0; i < d; i++) {
        assert.ok(Math.abs(g[0]!.data[i]! - s.gw[i]!) < 1e-14);
        assert.ok(Math.abs(g[1]!.data[i]! - s.gu[i]!) < 1e-14);
      }
    }
  });

  it('parametrisations: multipliers, rates and init scale as documented; standard = ntk with η_l·n_{l−1}/g² (same steps)', () => {
    const widths = [6, 40, 30, 4];
    const ntk = createMlp(createRandom(1), { widths, parametrization: 'ntk', learningRate: 0.01 });
    const mup = createMlp(createRandom(1), { widths, parametrization: 'mup', learningRate: 0.01 });
    const sp = createMlp(createRandom(1), { widths, parametrization: 'standard', learningRate: 0.01 });
    assert.deepEqual(ntk.multipliers, [Math.sqrt(2 / 6), Math.sqrt(2 / 40), 1 / Math.sqrt(30)]);
    assert.deepEqual(mup.multipliers, [Math.sqrt(2 / 6), Math.sqrt(2 / 40), 1 / 30]);
    assert.deepEqual(mup.learningRates, [0.3, 0.3, 0.3]);
    assert.deepEqual(sp.multipliers, [1, 1, 1]);
    // same streams: SP weights are the NTK weights times m_l, so the functions agree
    const { X, Y, labels } = toy(20, 6, 4, 2);
    const fN = mlpForward(ntk, X).out;
    const fS = mlpForward(sp, X).out;
    for (let k = 0; k < fN.data.length; k++) assert.ok(Math.abs(fN.data[k]! - fS.data[k]!) < 1e-13);
    // train both: SP with η vs NTK with η_l = η·n_{l−1}/g²; weights relate by W_sp = m_l W_ntk throughout
    const g2 = activationGain2('relu');
    const ntkRates: Mlp = { ...ntk, learningRates: [0.01 * 6 / g2, 0.01 * 40 / g2, 0.01 * 30] };
    const rN = trainMlp(ntkRates, { X, Y, labels }, { steps: 30, loss: 'cross-entropy' });
    const rS = trainMlp(sp, { X, Y, labels }, { steps: 30, loss: 'cross-entropy' });
    rN.final.weights.forEach((W, l) => {
      const Ws = rS.final.weights[l]!;
      for (let k = 0; k < W.data.length; k++) assert.ok(Math.abs(ntk.multipliers[l]! * W.data[k]! - Ws.data[k]!) < 1e-12);
    });
    assert.ok(Math.abs(rN.trainLoss.at(-1)! - rS.trainLoss.at(-1)!) < 1e-12);
    assert.throws(() => createMlp(createRandom(0), { widths: [3], parametrization: 'ntk', learningRate: 1 }), ConfigError);
    assert.throws(() => createMlp(createRandom(0), { widths: [3, 2], parametrization: 'xx' as never, learningRate: 1 }), ConfigError);
    assert.throws(() => createMlp(createRandom(0), { widths: [3, 2], parametrization: 'ntk', learningRate: 0 }), ConfigError);
  });

  it('layer metrics: changes, ζ bounds and balanced-aligned ζ = 1, classifier rules', () => {
    const A = Matrix.from([[1, 2], [3, 4], [0, 1]]);
    const B = A.clone();
    B.data.forEach((v, k) => (B.data[k] = 2 * v));
    const ch = layerChanges([A], [B])[0]!;
    assert.ok(Math.abs(ch.normRatio - 2) < 1e-15 && Math.abs(ch.cosine - 1) < 1e-15 && Math.abs(ch.relativeChange - 1) < 1e-15);
    // rank one, balanced and aligned: W1 = a vᵀ, W2 = b aᵀ with ‖b‖ = ‖v‖ (η equal) gives ζ = 1; a rank-2 pair < 1
    const W1 = Matrix.from([[2, 4], [1, 2], [-2, -4]]); // a vᵀ with a = (2, 1, −2), v = (1, 2)
    const W2 = Matrix.from([[1.2 * 2, 1.2 * 1, 1.2 * -2], [1.6 * 2, 1.6 * 1, 1.6 * -2]]); // b aᵀ with b = (1.2, 1.6), rescaled to ‖W1‖ below
    const n1 = Math.hypot(...W1.data);
    const n2 = Math.hypot(...W2.data);
    const scaled = new Matrix(2, 3, W2.data.map((v) => (v * n1) / n2));
    assert.ok(Math.abs(consecutiveAlignment([W1, scaled], [1, 1])[0]! - 1) < 1e-12);
    assert.ok(Math.abs(consecutiveAlignment([W1, scaled], [4, 4])[0]! - 1) < 1e-12); // common rate drops out
    const V1 = Matrix.from([[1, 0.5], [0.2, -1], [0.3, 0.3]]);
    const V2 = new Matrix(2, 3, Float64Array.from([1, 0.2, 0.3, 0.5, -1, 0.3]));
    assert.ok(consecutiveAlignment([V1, V2], [1, 1])[0]! < 0.99);
    const r = createRandom(9);
    const R1 = new Matrix(50, 40, r.normalArray(2000));
    const R2 = new Matrix(30, 50, r.normalArray(1500));
    const zr = consecutiveAlignment([R1, R2], [1, 1])[0]!;
    // i.i.d.: ‖R2R1‖_F ≈ √(30·50·40), norms² 2000 and 1500 → ζ ≈ 2·245/3500 = 0.14
    assert.ok(Math.abs(zr - (2 * Math.sqrt(30 * 50 * 40)) / 3500) < 0.02, `${zr}`);
    const labels = classifyLayers([1, 1, 1], [2, 0.5, 1.01], [0.1, 0.5], [0.4, 0.05], [ch, { normRatio: 1, cosine: 0.5, relativeChange: 1 }, ch]);
    assert.deepEqual(labels.map((x) => x.mechanism), ['alignment', 'disalignment', 'kernel']);
    assert.deepEqual(labels.map((x) => x.rescaling), [true, false, true]);
    assert.throws(() => classifyLayers([1], [1], [0], [0], [ch]), ShapeError);
  });

  it('layerNtks equal η_l Σ_c ⟨∂F_c(x)/∂W_l, ∂F_c(x′)/∂W_l⟩ from per-example, per-output gradients (≤ 1e-12 relative)', () => {
    for (const par of MLP_PARAMETRIZATIONS) {
      const net = createMlp(createRandom(6, par), { widths: [5, 8, 7, 3], parametrization: par, learningRate: 0.3, activation: 'swish' });
      const { X } = toy(4, 5, 3, 6);
      const Ks = layerNtks(net, X);
      const grad = (i: number, c: number): Matrix[] => {
        const x = new Matrix(1, 5, X.data.slice(i * 5, i * 5 + 5));
        // F_c is the loss-free output: use mse with target F − e_c so that ∂L/∂F = e_c (b = 1)
        const out = mlpForward(net, x).out;
        const Y = new Matrix(1, 3, out.data.map((v, j) => v - (j === c ? 1 : 0)));
        return mlpLossAndGradients(net, x, Y, 'mse').grads;
      };
      for (let l = 0; l < 3; l++) {
        for (let i = 0; i < 4; i++) {
          for (let j = 0; j < 4; j++) {
            let k = 0;
            for (let c = 0; c < 3; c++) {
              const gi = grad(i, c)[l]!.data;
              const gj = grad(j, c)[l]!.data;
              for (let q = 0; q < gi.length; q++) k += gi[q]! * gj[q]!;
            }
            k *= net.learningRates[l]!;
            const got = Ks[l]!.data[i * 4 + j]!;
            assert.ok(Math.abs(got - k) <= 1e-12 * Math.max(1e-12, Math.abs(k)) + 1e-15, `${par} layer ${l + 1} (${i},${j}): ${got} vs ${k}`);
          }
        }
      }
    }
  });

  it('seeded SGD run: deterministic, loss falls, records every layer; divergence raises ConvergenceError', () => {
    const { X, Y, labels } = toy(200, 6, 4, 3);
    const net = createMlp(createRandom(4), { widths: [6, 32, 32, 4], parametrization: 'mup', learningRate: 0.2 });
    const opts = { steps: 60, loss: 'cross-entropy' as const, batchSize: 32, stream: createRandom(4, 'sgd'), recordEvery: 20 };
    const a = trainMlp(net, { X, Y, labels }, opts);
    const b = trainMlp(net, { X, Y, labels }, { ...opts, stream: createRandom(4, 'sgd') });
    assert.deepEqual(a.trainLoss, b.trainLoss);
    assert.deepEqual(a.step, [0, 20, 40, 60]);
    assert.ok(a.trainLoss.at(-1)! < 0.7 * a.trainLoss[0]!, `${a.trainLoss}`);
    assert.equal(a.zeta[0]!.length, 2);
    assert.equal(a.changes.at(-1)!.length, 3);
    assert.deepEqual(net.weights[0]!.data, a.initial.weights[0]!.data); // input net untouched
    // trainEval: records on a subset equal the loss of the final net on that subset; the updates are unchanged
    const sub = { X: new Matrix(50, 6, X.data.slice(0, 300)), Y: new Matrix(50, 4, Y.data.slice(0, 200)), labels: labels.slice(0, 50) };
    const c = trainMlp(net, { X, Y, labels }, { ...opts, stream: createRandom(4, 'sgd'), trainEval: sub });
    assert.deepEqual(c.final.weights, a.final.weights);
    assert.equal(c.trainLoss.at(-1), mlpLossAndGradients(c.final, sub.X, sub.Y, 'cross-entropy').loss);
    const big = createMlp(createRandom(4), { widths: [6, 32, 4], parametrization: 'ntk', learningRate: 1e4 });
    assert.throws(() => trainMlp(big, { X, Y, labels }, { steps: 50, loss: 'mse' }), ConvergenceError);
    assert.throws(() => trainMlp(net, { X, Y, labels }, { steps: 5, loss: 'mse', batchSize: 10 }), ConfigError);
  });
});
