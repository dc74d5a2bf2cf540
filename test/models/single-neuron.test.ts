// Single-neuron model (spec connectivity.md §6.1, recipe R8): gradients vs finite differences,
// δ conservation under gradient flow, the exact one-step change of δ under GD, the O(lr) drift,
// GD against a plain NumPy loop (fixture), GD → flow as lr → 0, and bad input.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../../src/errors/index.js';
import { Matrix } from '../../src/linalg/matrix.js';
import { createRandom } from '../../src/random/index.js';
import {
  deltaStepChange,
  singleNeuronFlow,
  singleNeuronGd,
  singleNeuronGradient,
  singleNeuronParams,
} from '../../src/models/single-neuron.js';
import { conservedQuantity, singleNeuronExact } from '../../src/theory/single-neuron/index.js';
import { loadFixture } from '../helpers/fixtures.js';

const maxAbs = (u: readonly number[], v: readonly number[]): number => u.reduce((m, x, i) => Math.max(m, Math.abs(x - v[i])), 0);

describe('single-neuron gradients', () => {
  it('∂L/∂w, ∂L/∂a equal central differences (h = 1e-6, ≤ 1e-8) for whitened and general data', () => {
    const rng = createRandom(3, 'single-neuron-grad');
    const X = Matrix.from([[1, 0.2, -0.5], [0.3, -1, 0.4]]);
    for (const data of [{ betaStar: [0.5, -1, 2] }, { X, y: [1, -0.3] }]) {
      const p = { a: rng.normal(), w: Array.from(rng.normalArray(3)) };
      const g = singleNeuronGradient(data, p);
      const L = (a: number, w: number[]) => singleNeuronGradient(data, { a, w }).loss;
      const h = 1e-6;
      assert.ok(Math.abs((L(p.a + h, p.w) - L(p.a - h, p.w)) / (2 * h) - g.gA) <= 1e-8);
      for (let j = 0; j < 3; j++) {
        const wp = p.w.slice();
        const wm = p.w.slice();
        wp[j] += h;
        wm[j] -= h;
        assert.ok(Math.abs((L(p.a, wp) - L(p.a, wm)) / (2 * h) - g.gW[j]) <= 1e-8);
      }
    }
  });
});

describe('R8: δ = η_w a² − η_a‖w‖² conservation', () => {
  const rates = { etaW: 2, etaA: 0.5 };
  const rng = createRandom(5, 'r8');
  const betaStar = Array.from(rng.normalArray(5));
  const init = { a: 0.4, w: Array.from(rng.normalArray(5), (v) => 0.3 * v) };
  it('gradient flow (DOP853, rtol 1e-10 as in R8) keeps δ to < 1e-9 over t ∈ [0, 30]', () => {
    const times = Array.from({ length: 61 }, (_, k) => k * 0.5);
    const tr = singleNeuronFlow(rates, { betaStar }, init, { times, rtol: 1e-10, atol: 1e-12 });
    const d0 = conservedQuantity(rates, init);
    let drift = 0;
    for (const W of tr.weights) drift = Math.max(drift, Math.abs(conservedQuantity(rates, singleNeuronParams(W)) - d0));
    assert.ok(drift < 1e-9, `drift ${drift}`);
  });
  it('one GD step changes δ by exactly lr²η_wη_a(η_a(wᵀr)² − η_w a²‖r‖²) (≤ 1e-14, R8)', () => {
    let worst = 0;
    for (const lr of [0.1, 0.01, 0.3]) {
      let p = init;
      for (let k = 0; k < 5; k++) {
        const tr = singleNeuronGd(rates, { betaStar }, p, { learningRate: lr, steps: 1 });
        const q = singleNeuronParams(tr.weights[1]);
        const actual = conservedQuantity(rates, q) - conservedQuantity(rates, p);
        worst = Math.max(worst, Math.abs(actual - deltaStepChange(rates, { betaStar }, p, lr)));
        p = q;
      }
    }
    assert.ok(worst <= 1e-14, `${worst}`);
  });
  it('GD equals a plain NumPy loop (fixture, ≤ 1e-13) and its δ drift at t = 4 halves with lr (ratio 2 ± 0.1; R8)', () => {
    const fx = loadFixture<any>('single_neuron/gd.json');
    const drifts: number[] = [];
    for (const run of fx.runs) {
      const tr = singleNeuronGd({ etaW: fx.etaW, etaA: fx.etaA }, { betaStar: fx.betaStar }, { a: fx.a0, w: fx.w0 }, { learningRate: run.lr, steps: run.steps, recordEvery: run.steps });
      const q = singleNeuronParams(tr.weights[tr.weights.length - 1]);
      assert.ok(Math.abs(q.a - run.finalA) <= 1e-13 && maxAbs(q.w, run.finalW) <= 1e-13);
      drifts.push(conservedQuantity({ etaW: fx.etaW, etaA: fx.etaA }, q) - run.firstDeltas[0]);
      assert.ok(Math.abs(conservedQuantity({ etaW: fx.etaW, etaA: fx.etaA }, q) - run.finalDelta) <= 1e-13);
    }
    assert.ok(Math.abs(drifts[0] / drifts[1] - 2) <= 0.1, `drifts ${drifts}`);
  });
  it('GD approaches the exact flow as lr → 0 (error at t = 3 falls ≈ linearly: ratio 2 ± 0.2 per halving)', () => {
    const sol = singleNeuronExact(rates, { betaStar }, init);
    const exact = sol.at(3).beta;
    const errs = [0.004, 0.002, 0.001].map((lr) => {
      const tr = singleNeuronGd(rates, { betaStar }, init, { learningRate: lr, steps: Math.round(3 / lr), recordEvery: 100000 });
      const q = singleNeuronParams(tr.weights[tr.weights.length - 1]);
      return maxAbs(q.w.map((v) => v * q.a), exact);
    });
    assert.ok(Math.abs(errs[0] / errs[1] - 2) <= 0.2 && Math.abs(errs[1] / errs[2] - 2) <= 0.2, `errors ${errs}`);
  });
});

describe('β-space dynamics (spec §6.2)', () => {
  it('β̇ = aẇ + ȧw = −M(β)∇L with M = a²I + ‖w‖²β̂β̂ᵀ (η = 1; both signs of a; ≤ 1e-15)', () => {
    for (const p of [{ a: 0.7, w: [0.3, -0.5, 0.2] }, { a: -1.3, w: [0.1, 0.4, -0.9] }]) {
      const data = { betaStar: [1, -0.5, 0.25] };
      const { gW, gA } = singleNeuronGradient(data, p);
      const wDot = gW.map((v) => -v);
      const aDot = -gA;
      const betaDot = p.w.map((wi, i) => p.a * wDot[i] + aDot * wi);
      const beta = p.w.map((v) => p.a * v);
      const nb = Math.hypot(...beta);
      const nw2 = p.w.reduce((s, v) => s + v * v, 0);
      const r = beta.map((b, i) => b - data.betaStar[i]);
      const br = beta.reduce((s, b, i) => s + b * r[i], 0) / nb;
      const Mr = r.map((ri, i) => p.a * p.a * ri + (nw2 * br * beta[i]) / nb);
      assert.ok(maxAbs(betaDot, Mr.map((v) => -v)) <= 1e-15);
    }
  });
});

describe('@example values', () => {
  it('deltaStepChange and singleNeuronGradient examples', () => {
    assert.ok(Math.abs(deltaStepChange({ etaW: 1, etaA: 1 }, { betaStar: [1] }, { a: 1, w: [0] }, 0.1) + 0.01) <= 1e-17);
    assert.deepEqual(singleNeuronGradient({ betaStar: [1] }, { a: 1, w: [0] }), { gW: [-1], gA: 0, loss: 0.5 });
  });
});

describe('bad input', () => {
  const R = { etaW: 1, etaA: 1 };
  it('refuses bad step sizes, step counts, times and mismatched data', () => {
    assert.throws(() => singleNeuronGd(R, { betaStar: [1] }, { a: 1, w: [1] }, { learningRate: 0, steps: 3 }), (e: unknown) => e instanceof ConfigError && /learningRate/.test((e as Error).message));
    assert.throws(() => singleNeuronGd(R, { betaStar: [1] }, { a: 1, w: [1] }, { learningRate: 0.1, steps: 1.5 }), ConfigError);
    assert.throws(() => singleNeuronFlow(R, { betaStar: [1] }, { a: 1, w: [1] }, { times: [1, 0] }), ConfigError);
    assert.throws(() => singleNeuronFlow(R, { X: Matrix.from([[1, 0]]), y: [1, 2] }, { a: 1, w: [1, 0] }, { times: [1] }), (e: unknown) => e instanceof ConfigError && /task\.y/.test((e as Error).message));
    assert.throws(() => singleNeuronGd(R, { betaStar: [1] }, { a: 100, w: [100] }, { learningRate: 1, steps: 50 }), (e: unknown) => e instanceof ConfigError && /diverged/.test((e as Error).message));
  });
});
