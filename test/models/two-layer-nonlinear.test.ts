// Scalar two-layer nets f(x) = κ Σ u_i φ(w_i x): hand gradients vs central finite differences over
// activations × widths, the φ = identity reduction to B.2 (loss, NTK, ζ identity, invariants), init.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  ACTIVATIONS,
  activation,
  scalarGradientFlow,
  scalarGradients,
  scalarInit,
  scalarLoss,
  scalarNtk,
  scalarZeta,
  type ScalarTwoLayerNet,
} from '../../src/models/two-layer-nonlinear.js';
import { createRandom } from '../../src/random/index.js';
import { ConfigError, DomainError, ShapeError } from '../../src/errors/index.js';

function data(n: number, a: number, seed: number): { x: Float64Array; y: Float64Array } {
  const x = createRandom(seed, 'x').normalArray(n);
  const y = new Float64Array(n);
  for (let k = 0; k < n; k++) y[k] = a * x[k]! + 0.1 * Math.sin(3 * x[k]!);
  return { x, y };
}

describe('scalar two-layer nets', () => {
  it('hand gradients match central differences (activations × widths), relative error ≤ 1e-7', () => {
    for (const name of ACTIVATIONS) {
      for (const d of [1, 3, 17]) {
        const { u, w } = scalarInit(createRandom(d, name), { width: d, sigmaU: 0.8, sigmaW: 1.3 });
        // keep ReLU kinks away from the FD stencil: |w_i x_k| ≥ 1e-3 holds for these draws (checked below)
        const net: ScalarTwoLayerNet = { u, w, kappa: 1 / Math.sqrt(d), activation: activation(name, { leakySlope: 0.1 }), etaU: 1, etaW: 1 };
        const dd = data(7, 1.2, d);
        const { gu, gw } = scalarGradients(net, dd);
        const h = 1e-6;
        for (const [vec, g] of [[u, gu], [w, gw]] as const) {
          for (let i = 0; i < d; i++) {
            const old = vec[i]!;
            vec[i] = old + h;
            const lp = scalarLoss(net, dd);
            vec[i] = old - h;
            const lm = scalarLoss(net, dd);
            vec[i] = old;
            const fd = (lp - lm) / (2 * h);
            // central differences: O(h²)·L''' + O(ε/h) rounding ≈ 1e-9 absolute; 1e-7 relative leaves margin
            assert.ok(Math.abs(fd - g[i]!) <= 1e-7 * Math.max(1, Math.abs(fd)), `${name} d=${d} i=${i}: ${fd} vs ${g[i]}`);
          }
        }
        for (const wi of w) for (const xk of dd.x) assert.ok(Math.abs(wi * xk) > 1e-5);
      }
    }
  });

  it('activation derivatives match central differences at sample points', () => {
    for (const name of ACTIVATIONS) {
      const a = activation(name);
      for (const z of [-3.1, -0.7, 0.4, 2.2]) {
        const fd = (a.f(z + 1e-6) - a.f(z - 1e-6)) / 2e-6;
        assert.ok(Math.abs(fd - a.df(z)) < 1e-8, `${name} at ${z}`); // smooth away from 0: FD error ≈ 1e-10
      }
    }
    assert.equal(activation('swish').df(0), 0.5);
    assert.throws(() => activation('tanh' as never), ConfigError);
  });

  it('φ = identity reduces to B.2: L = ½Σ_xx(P−a)² + c, K = κ²Σ_xx(η_w‖u‖²+η_u‖w‖²), ζ² = 4P²/(Q+4P²)', () => {
    const d = 20;
    const { u, w } = scalarInit(createRandom(4), { width: d, sigmaU: 1, sigmaW: 0.7 });
    const net: ScalarTwoLayerNet = { u, w, kappa: 0.3, activation: activation('linear'), etaU: 2, etaW: 0.5 };
    const dd = data(11, 0.9, 4);
    let sxx = 0;
    let sxy = 0;
    let syy = 0;
    for (let k = 0; k < 11; k++) {
      sxx += dd.x[k]! ** 2 / 11;
      sxy += (dd.x[k]! * dd.y[k]!) / 11;
      syy += dd.y[k]! ** 2 / 11;
    }
    const a = sxy / sxx;
    let uw = 0;
    let uu = 0;
    let ww = 0;
    for (let i = 0; i < d; i++) {
      uw += u[i]! * w[i]!;
      uu += u[i]! ** 2;
      ww += w[i]! ** 2;
    }
    const P = 0.3 * uw;
    const L = 0.5 * sxx * (P - a) ** 2 + 0.5 * (syy - sxy * a);
    assert.ok(Math.abs(scalarLoss(net, dd) - L) < 1e-13 * Math.max(1, L)); // same sums, different order
    const K = 0.09 * sxx * (0.5 * uu + 2 * ww);
    assert.ok(Math.abs(scalarNtk(net, dd.x) - K) < 1e-12 * K);
    const alpha = 0.3 * Math.sqrt(2 * 0.5);
    const ut = u.map((v) => v / Math.sqrt(2));
    const wt = w.map((v) => v / Math.sqrt(0.5));
    let sp = 0;
    let sm = 0;
    for (let i = 0; i < d; i++) {
      sp += (ut[i]! + wt[i]!) ** 2;
      sm += (ut[i]! - wt[i]!) ** 2;
    }
    const Q = alpha * alpha * sp * sm;
    const z = scalarZeta(net);
    assert.ok(Math.abs(z * z - (4 * P * P) / (Q + 4 * P * P)) < 1e-13);
    assert.equal(Math.sign(z), Math.sign(P));
  });

  it('linear gradient flow conserves M = uuᵀ/η_u − wwᵀ/η_w (diag) and reaches ζ∞ = 2a/√(Q+4a²)', () => {
    const d = 16;
    const { u, w } = scalarInit(createRandom(1), { width: d, sigmaU: 1, sigmaW: 1 });
    const net: ScalarTwoLayerNet = { u, w, kappa: 1 / d, activation: activation('linear'), etaU: 8 * d, etaW: 2 * d };
    const x = Float64Array.of(1, -1);
    const dd = { x, y: Float64Array.of(1.5, -1.5) }; // Σ_xx = 1, a = 1.5
    const r = scalarGradientFlow(net, dd, [0, 4, 30], { rtol: 1e-12, atol: 1e-14 });
    const last = r.u.length - 1;
    let drift = 0;
    for (let i = 0; i < d; i++) {
      const c0 = u[i]! ** 2 / net.etaU - w[i]! ** 2 / net.etaW;
      const c1 = r.u[last]![i]! ** 2 / net.etaU - r.w[last]![i]! ** 2 / net.etaW;
      drift = Math.max(drift, Math.abs(c1 - c0));
    }
    assert.ok(drift < 1e-11, `drift ${drift}`); // DOP853 at rtol 1e-12: invariants to ~1e-13
    const alpha = net.kappa * Math.sqrt(net.etaU * net.etaW);
    let sp = 0;
    let sm = 0;
    for (let i = 0; i < d; i++) {
      sp += (u[i]! / Math.sqrt(net.etaU) + w[i]! / Math.sqrt(net.etaW)) ** 2;
      sm += (u[i]! / Math.sqrt(net.etaU) - w[i]! / Math.sqrt(net.etaW)) ** 2;
    }
    const Q = alpha * alpha * sp * sm;
    const zInf = 3 / Math.sqrt(Q + 9);
    assert.ok(Math.abs(r.zeta[last]! - zInf) < 1e-9, `${r.zeta[last]} vs ${zInf}`); // converged: e^{-Δ·30} negligible
    assert.ok(r.loss[last]! < 1e-20);
  });

  it('RK4 at h = 0.02 (used for the Fig. 1 points) agrees with DOP853 on a smooth activation (swish): |Δζ| ≤ 1e-8', () => {
    const d = 40;
    const { u, w } = scalarInit(createRandom(8), { width: d, sigmaU: 0.1, sigmaW: 0.1 });
    const net: ScalarTwoLayerNet = { u, w, kappa: 1 / d, activation: activation('swish'), etaU: d, etaW: d };
    const dd = data(8, 1, 8);
    const times = [0, 1, 2, 4, 8];
    const a = scalarGradientFlow(net, dd, times, { rtol: 1e-11, atol: 1e-14 });
    const b = scalarGradientFlow(net, dd, times, { method: 'rk4', step: 0.02 });
    let err = 0;
    for (let k = 0; k < times.length; k++) err = Math.max(err, Math.abs(a.zeta[k]! - b.zeta[k]!));
    // RK4 global error O(h⁴): measured 2.6e-10 (K(T) ≈ 4.2); 1e-8 leaves a 40× margin, DOP853 at rtol 1e-11 is exact at this scale
    assert.ok(err <= 1e-8, `max |Δζ| = ${err}`);
    assert.ok(a.zeta.at(-1)! > 0.9); // the alignment setting: ζ rises from ≈ 0 to ≈ 1
    assert.throws(() => scalarGradientFlow(net, dd, times, { method: 'rk4' }), ConfigError);
  });

  it('init: correlation ρ is realised and streams are named; bad input refused', () => {
    const { u, w } = scalarInit(createRandom(2), { width: 20000, sigmaU: 2, sigmaW: 0.5, rho: 0.9 });
    let uw = 0;
    let uu = 0;
    let ww = 0;
    for (let i = 0; i < u.length; i++) {
      uw += u[i]! * w[i]!;
      uu += u[i]! ** 2;
      ww += w[i]! ** 2;
    }
    const corr = uw / Math.sqrt(uu * ww);
    assert.ok(Math.abs(corr - 0.9) < 0.01); // s.d. of a sample correlation at n=2e4 is (1−ρ²)/√n ≈ 1.3e-3
    assert.ok(Math.abs(Math.sqrt(uu / u.length) - 2) < 0.05);
    const again = scalarInit(createRandom(2), { width: 20000, sigmaU: 2, sigmaW: 0.5, rho: 0.9 });
    assert.deepEqual(again.u, u);
    assert.throws(() => scalarInit(createRandom(0), { width: 0, sigmaU: 1, sigmaW: 1 }), ConfigError);
    assert.throws(() => scalarInit(createRandom(0), { width: 2, sigmaU: 1, sigmaW: 1, rho: 2 }), ConfigError);
    const net: ScalarTwoLayerNet = { u: new Float64Array(2), w: new Float64Array(2), kappa: 1, activation: activation('relu'), etaU: 1, etaW: 1 };
    assert.throws(() => scalarZeta(net), DomainError);
    assert.throws(() => scalarLoss({ ...net, w: new Float64Array(3) }, { x: Float64Array.of(1), y: Float64Array.of(1) }), ShapeError);
    assert.throws(() => scalarLoss({ ...net, kappa: -1 }, { x: Float64Array.of(1), y: Float64Array.of(1) }), DomainError);
  });
});
