// The width-d 1-D model of Xu & Ziyin (spec §B.2) and its simulations: GD against a NumPy fixture,
// recipe B.8-8 (invariant drift of GD is O(h)), GD → flow as h → 0, the NTK identity of the velocity,
// the correlated initialisation, the Trajectory layout, and refusals.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, ConvergenceError } from '../../src/errors/index.js';
import { createRandom } from '../../src/random/index.js';
import {
  scalarWidthInit,
  scalarWidthInvariants,
  scalarWidthLoss,
  scalarWidthNtk,
  scalarWidthSlope,
  scalarWidthVelocity,
} from '../../src/models/scalar-width.js';
import { scalarWidthFlow, scalarWidthGd } from '../../src/train/scalar-width.js';
import { scalarInit } from '../../src/models/two-layer-nonlinear.js';
import { decodeFixtureArray, loadFixture } from '../helpers/fixtures.js';

const arr = (v: unknown): Float64Array => decodeFixtureArray(v).data;
function maxAbs(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i] - y[i]));
  return m;
}

describe('scalarWidthGd', () => {
  it('25 simultaneous steps equal the NumPy fixture (float64; 1e-12 covers dot-product summation order)', () => {
    const f = loadFixture<any>('three_mechanisms/gd.json');
    const run = scalarWidthGd({ kappa: f.kappa, etaU: f.eta, etaW: f.eta }, { a: f.a, sigmaXX: 1 }, { u: arr(f.u0), w: arr(f.w0) }, { steps: f.steps });
    assert.equal(run.t.length, f.steps + 1);
    assert.ok(maxAbs(run.u[f.steps], arr(f.u)) < 1e-12 && maxAbs(run.w[f.steps], arr(f.w)) < 1e-12);
  });

  it('recipe B.8-8: max|ΔM|/max|M0| is O(h) (d = 50, κ = 1/d, η = d, σ = 1, a = 1, T = 40; spec 0.079, 0.035, 0.017)', () => {
    const d = 50;
    const p = { kappa: 1 / d, etaU: d, etaW: d };
    const init = scalarWidthInit(createRandom(2, 'b88'), d);
    const M0 = scalarWidthInvariants(p, init).M;
    const m0 = Math.max(...Array.from(M0, Math.abs));
    const drift: number[] = [];
    for (const h of [0.2, 0.1, 0.05]) {
      const run = scalarWidthGd(p, { a: 1, sigmaXX: 1 }, init, { steps: Math.round(40 / h), step: h });
      let m = 0;
      for (let k = 0; k < run.t.length; k++) m = Math.max(m, maxAbs(scalarWidthInvariants(p, { u: run.u[k], w: run.w[k] }).M, M0));
      drift.push(m / m0);
    }
    // First order in h: halving h halves the drift (measured 0.0814, 0.0357, 0.0168 vs the spec's 0.079,
    // 0.035, 0.017). The size depends on the draw: over seeds 0…7 at h = 0.2 it spans 0.038–0.104.
    assert.ok(drift[0] / drift[1] > 1.7 && drift[0] / drift[1] < 2.4, `${drift}`);
    assert.ok(drift[1] / drift[2] > 1.7 && drift[1] / drift[2] < 2.4, `${drift}`);
    assert.ok(drift[0] > 0.02 && drift[0] < 0.12, `${drift}`);
  });

  it('GD at t = k·h converges to the DOP853 flow at first order in h', () => {
    const d = 20;
    const p = { kappa: 1 / d, etaU: 2 * d, etaW: d };
    const task = { a: -1.2, sigmaXX: 1.1 };
    const init = scalarWidthInit(createRandom(4, 'gdflow'), d);
    const T = 2;
    const flow = scalarWidthFlow(p, task, init, [T]);
    const err = [0.01, 0.005].map((h) => {
      const g = scalarWidthGd(p, task, init, { steps: Math.round(T / h), step: h, recordEvery: 1000000 });
      assert.ok(Math.abs(g.t[g.t.length - 1] - T) < 1e-12);
      return Math.max(Math.abs(g.P[g.P.length - 1] - flow.P[0]), maxAbs(g.u[g.u.length - 1], flow.u[0]));
    });
    assert.ok(err[0] / err[1] > 1.8 && err[0] / err[1] < 2.2, `${err}`);
  });
});

describe('B.5 last row: discrete GD with h·K∞ > 2 (K∞ = αΣ√(Q+4a²) of the flow)', () => {
  it('converges below 2, catapults to a flatter minimum (h·K_end < 2) for h·K∞ ∈ {2.1, 2.5, 3}, diverges at 4.5 (NTK, d = 100)', () => {
    const d = 100;
    const p = { kappa: 1 / Math.sqrt(d), etaU: 1, etaW: 1 };
    const task = { a: 1, sigmaXX: 1 };
    const init = scalarWidthInit(createRandom(1, 'cat'), d);
    const Q = scalarWidthInvariants(p, init).Q;
    const KInf = p.kappa * Math.sqrt(Q + 4); // α = κ here; ≈ 1.978
    const end = (hk: number) => {
      const h = hk / KInf;
      const r = scalarWidthGd(p, task, init, { steps: 3000, step: h, recordEvery: 3000 });
      const k = r.P.length - 1;
      return { P: r.P[k], hK: h * scalarWidthNtk(p, 1, { u: r.u[k], w: r.w[k] }) };
    };
    const stable = end(1.5);
    assert.ok(Math.abs(stable.P - 1) < 1e-12 && stable.hK < 2);
    for (const hk of [2.1, 2.5, 3]) {
      const r = end(hk);
      // linear stability of the minimum forces h·K < 2 at convergence: the NTK dropped below the flow's K∞
      assert.ok(Math.abs(r.P - 1) < 1e-9 && r.hK < 2, `h·K∞ = ${hk}: P ${r.P}, h·K_end ${r.hK}`);
    }
    assert.throws(() => end(4.5), ConvergenceError);
  });
});

describe('model functions', () => {
  const p = { kappa: 0.3, etaU: 1.7, etaW: 0.4 };
  const task = { a: 0.8, sigmaXX: 1.3 };
  const x = scalarWidthInit(createRandom(9, 'fn'), 7, { sigmaU: 0.5, sigmaW: 2 });
  it('Ṗ = κ(u̇ᵀw + uᵀẇ) = −K(P − a) with K = κ²Σ(η_w‖u‖² + η_u‖w‖²) (relative 1e-14)', () => {
    const du = new Float64Array(7);
    const dw = new Float64Array(7);
    scalarWidthVelocity(p, task, x, du, dw);
    let s = 0;
    for (let i = 0; i < 7; i++) s += du[i] * x.w[i] + x.u[i] * dw[i];
    const Pdot = p.kappa * s;
    const rhs = -scalarWidthNtk(p, task.sigmaXX, x) * (scalarWidthSlope(p.kappa, x) - task.a);
    assert.ok(Math.abs(Pdot - rhs) < 1e-14 * Math.abs(rhs));
    assert.equal(scalarWidthLoss(p.kappa, task, x), 0.5 * 1.3 * (scalarWidthSlope(p.kappa, x) - 0.8) ** 2);
  });
  it('invariants: M symmetric with diagonal c and trace ‖u‖²/η_u − ‖w‖²/η_w', () => {
    const { M, c } = scalarWidthInvariants(p, x);
    let tr = 0;
    let nu = 0;
    let nw = 0;
    for (let i = 0; i < 7; i++) {
      tr += c[i];
      nu += x.u[i] ** 2;
      nw += x.w[i] ** 2;
      for (let j = 0; j < 7; j++) assert.equal(M[i * 7 + j], M[j * 7 + i]);
    }
    assert.ok(Math.abs(tr - (nu / p.etaU - nw / p.etaW)) < 1e-13);
  });
  it('scalarWidthInit draws exactly what scalarInit of the nonlinear nets draws from the same stream', () => {
    const a = scalarWidthInit(createRandom(3, 'x'), 10, { sigmaU: 0.5, sigmaW: 2, rho: 0.7 });
    const b = scalarInit(createRandom(3, 'x'), { width: 10, sigmaU: 0.5, sigmaW: 2, rho: 0.7 });
    assert.deepEqual(a, b);
  });
  it('scalarWidthInit: same stream → same draws; ρ is the sample correlation (d = 40000, 4-sd bound 0.02); σ scales', () => {
    const a = scalarWidthInit(createRandom(1, 'i'), 5);
    const b = scalarWidthInit(createRandom(1, 'i'), 5);
    assert.deepEqual(a, b);
    const d = 40000;
    const y = scalarWidthInit(createRandom(1, 'corr'), d, { sigmaU: 3, sigmaW: 0.5, rho: 0.6 });
    let suu = 0;
    let sww = 0;
    let suw = 0;
    for (let i = 0; i < d; i++) {
      suu += y.u[i] ** 2;
      sww += y.w[i] ** 2;
      suw += y.u[i] * y.w[i];
    }
    assert.ok(Math.abs(suw / Math.sqrt(suu * sww) - 0.6) < 0.02);
    assert.ok(Math.abs(Math.sqrt(suu / d) - 3) < 0.06 && Math.abs(Math.sqrt(sww / d) - 0.5) < 0.01);
  });
  it('flow and GD trajectories store [W1 = w (d×1), W2 = uᵀ (1×d)] and the loss', () => {
    const run = scalarWidthFlow(p, task, x, [0, 0.5]);
    const [W1, W2] = run.trajectory.weights[1];
    assert.deepEqual([W1.rows, W1.cols, W2.rows, W2.cols], [7, 1, 1, 7]);
    assert.deepEqual(Array.from(W1.data), Array.from(run.w[1]));
    assert.deepEqual(Array.from(W2.data), Array.from(run.u[1]));
    assert.equal(run.trajectory.loss[1], scalarWidthLoss(p.kappa, task, { u: run.u[1], w: run.w[1] }));
    assert.equal(run.trajectory.provenance.method, 'flow');
    const g = scalarWidthGd(p, task, x, { steps: 10, step: 0.1, recordEvery: 4 });
    assert.deepEqual(Array.from(g.t).map((t) => +t.toFixed(12)), [0, 0.4, 0.8, 1]);
  });
});

describe('refusals', () => {
  const p = { kappa: 1, etaU: 1, etaW: 1 };
  const task = { a: 1, sigmaXX: 1 };
  const x = { u: [1], w: [1] };
  it('bad widths, σ, ρ, times, steps → ConfigError naming the field', () => {
    assert.throws(() => scalarWidthInit(createRandom(1), 0), /width d/);
    assert.throws(() => scalarWidthInit(createRandom(1), 3, { rho: 1.5 }), /rho/);
    assert.throws(() => scalarWidthInit(createRandom(1), 3, { sigmaU: -1 }), /sigmaU/);
    assert.throws(() => scalarWidthFlow(p, task, x, [0, 2, 1]), /times\[2\]/);
    assert.throws(() => scalarWidthFlow(p, task, x, []), ConfigError);
    assert.throws(() => scalarWidthGd(p, task, x, { steps: 1.5 }), /steps/);
    assert.throws(() => scalarWidthGd(p, task, x, { steps: 3, step: 0 }), /step/);
    assert.throws(() => scalarWidthGd({ ...p, etaW: 0 }, task, x, { steps: 3 }), /etaW/);
  });
});
