// Exact solution of the width-d 1-D model (Xu & Ziyin 2025; spec §B.3, recipes B.8-1…5): against SciPy
// DOP853 and 50-digit mpmath fixtures (tools/fixtures/three_mechanisms.py), against the project's own
// DOP853 flow over d × rates × κ × sign(a) × init × t, the invariants, the NTK identity, the end state,
// the hitting time, the Q = 0 (B → 0, A → 0) edge cases, and refusals.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, DomainError } from '../../../src/errors/index.js';
import { createRandom } from '../../../src/random/index.js';
import { scalarWidthInit, scalarWidthInvariants, scalarWidthNtk, scalarWidthZeta } from '../../../src/models/scalar-width.js';
import { scalarWidthFlow } from '../../../src/train/scalar-width.js';
import { scalarWidthExact } from '../../../src/theory/three-mechanisms/index.js';
import { mixedHittingTime } from '../../../src/theory/mixed/index.js';
import { decodeFixtureArray, loadFixture } from '../../helpers/fixtures.js';

const fx = loadFixture<{ cases: any[] }>('three_mechanisms/flow.json');
const arr = (v: unknown): Float64Array => decodeFixtureArray(v).data;
function maxAbs(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i] - y[i]));
  return m;
}

describe('scalarWidthExact vs SciPy / mpmath fixtures', () => {
  for (const c of fx.cases) {
    it(`${c.name}: P, u, w match SciPy DOP853 at every time; the hitting time matches its event`, () => {
      const p = { kappa: c.kappa, etaU: c.etaU, etaW: c.etaW };
      const task = { a: c.a, sigmaXX: c.sigmaXX };
      const u0 = arr(c.u0);
      const ex = scalarWidthExact(p, task, { u: u0, w: arr(c.w0) });
      const times = arr(c.times);
      const d = u0.length;
      const U = decodeFixtureArray(c.u).data;
      const W = decodeFixtureArray(c.w).data;
      for (let k = 0; k < times.length; k++) {
        const s = ex.at(times[k]);
        // SciPy ran at rtol 1e-13 over O(1) weights (measured worst 3e-13): 1e-11 leaves room for its global error only.
        assert.ok(Math.abs(s.P - c.P[k]) < 1e-11, `${c.name} t=${times[k]}: P ${s.P} vs ${c.P[k]}`);
        assert.ok(maxAbs(s.u, U.subarray(k * d, (k + 1) * d)) < 1e-11);
        assert.ok(maxAbs(s.w, W.subarray(k * d, (k + 1) * d)) < 1e-11);
        // 50-digit evaluation of the spec's own z± form: only float64 rounding separates the two (measured 9e-16).
        if (c.mpP) assert.ok(Math.abs(s.P - c.mpP[k]) < 1e-14 * Math.max(1, Math.abs(c.a)), `mp ${s.P} vs ${c.mpP[k]}`);
      }
      // brentq on SciPy's dense output (xtol 1e-15) vs the F-formula (measured 1.1e-12; recipe B.8-5 asks 1e-9).
      assert.ok(Math.abs(ex.hittingTime(c.target) - c.hit) < 1e-11, `hit ${ex.hittingTime(c.target)} vs ${c.hit}`);
    });
  }
});

describe('recipes B.8-1 … B.8-5 (d = 64, κ = 1/64, η_u = 128, η_w = 32, σ = 1, a = 1.5, Σ_xx = 1)', () => {
  const p = { kappa: 1 / 64, etaU: 128, etaW: 32 };
  const task = { a: 1.5, sigmaXX: 1 };
  const init = scalarWidthInit(createRandom(1, 'b8'), 64);
  const times = [0, 0.05, 0.1, 0.2, 0.5, 1, 2, 4, 8];
  const run = scalarWidthFlow(p, task, init, times, { rtol: 1e-11, atol: 1e-14 });
  const ex = scalarWidthExact(p, task, init);

  it('B.8-1: M, every c_i and Q are conserved by the flow (rtol 1e-11)', () => {
    const I0 = scalarWidthInvariants(p, init);
    for (let k = 0; k < times.length; k++) {
      const Ik = scalarWidthInvariants(p, { u: run.u[k], w: run.w[k] });
      assert.ok(maxAbs(Ik.M, I0.M) < 1e-12, `M drift ${maxAbs(Ik.M, I0.M)}`);
      assert.ok(maxAbs(Ik.c, I0.c) < 1e-12);
      assert.ok(Math.abs(Ik.Q - I0.Q) / I0.Q < 1e-12, `Q drift ${Math.abs(Ik.Q - I0.Q) / I0.Q}`);
    }
    assert.equal(ex.Q, I0.Q);
  });

  it('B.8-2: the Riccati P(t) and the cosh/sinh weights match DOP853 to < 1e-9; t_c = 1/Δ = 0.26787 for this seed', () => {
    for (let k = 0; k < times.length; k++) {
      const s = ex.at(times[k]);
      assert.ok(Math.abs(s.P - run.P[k]) < 1e-9);
      assert.ok(maxAbs(s.u, run.u[k]) < 1e-9 && maxAbs(s.w, run.w[k]) < 1e-9);
    }
    // The spec's 0.280 is for its own generator's seed 1; ours draws a different init.
    assert.ok(Math.abs(ex.tc - 0.2678746327589) < 1e-12, `tc ${ex.tc}`);
    assert.ok(Math.abs(ex.tc - 1 / (ex.alpha * Math.sqrt(4 * 1.5 ** 2 + ex.Q))) < 1e-15);
  });

  it('B.8-3: κ²Σ(η_w‖u‖²+η_u‖w‖²) = αΣ√(Q+4P²) along the simulated trajectory (relative < 1e-12)', () => {
    for (let k = 0; k < times.length; k++) {
      const K = scalarWidthNtk(p, 1, { u: run.u[k], w: run.w[k] });
      const Kth = ex.alpha * Math.sqrt(ex.Q + 4 * run.P[k] ** 2);
      assert.ok(Math.abs(K - Kth) / K < 1e-12, `K ${K} vs ${Kth}`);
      // ζ from the weights equals 2P/√(Q+4P²) (same identity, §B.6).
      const z = scalarWidthZeta(p, { u: run.u[k], w: run.w[k] });
      assert.ok(Math.abs(z - (2 * run.P[k]) / Math.sqrt(ex.Q + 4 * run.P[k] ** 2)) < 1e-12);
    }
  });

  it('curves(times) equals at(t) field by field (same arithmetic, exact equality)', () => {
    const c = ex.curves(times);
    times.forEach((t, k) => {
      const s = ex.at(t);
      assert.deepEqual([c.t[k], c.P[k], c.K[k], c.zeta[k], c.loss[k]], [t, s.P, s.K, s.zeta, s.loss]);
    });
    assert.throws(() => ex.curves([0, -1]), DomainError);
  });

  it('B.8-4: K∞ = αΣ√(Q+4a²) and ζ∞ = 2a/√(Q+4a²) (DOP853 at T = 40 t_c, to 1e-9)', () => {
    const T = 40 * ex.tc;
    const end = scalarWidthFlow(p, task, init, [T]);
    const K = scalarWidthNtk(p, 1, { u: end.u[0], w: end.w[0] });
    assert.ok(Math.abs(K - ex.alpha * Math.sqrt(ex.Q + 9)) < 1e-9);
    assert.ok(Math.abs(scalarWidthZeta(p, { u: end.u[0], w: end.w[0] }) - 3 / Math.sqrt(ex.Q + 9)) < 1e-9);
    assert.ok(Math.abs(ex.KInf - K) < 1e-9 && Math.abs(ex.zetaInf - 3 / Math.sqrt(ex.Q + 9)) < 1e-15);
    assert.ok(Math.abs(ex.at(T).K - K) < 1e-9);
  });

  it('B.8-5: the time to reach (P0+a)/2 from the F-formula is where the DOP853 flow crosses it (to 1e-9)', () => {
    const target = (ex.P0 + 1.5) / 2;
    const th = ex.hittingTime(target);
    assert.ok(Math.abs(ex.slope(th) - target) < 1e-13);
    // Bracket the crossing on the simulated flow: P(th ± 1e-9) straddles the target (Ṗ ≈ 5 here).
    const r = scalarWidthFlow(p, task, init, [th - 1e-9, th, th + 1e-9]);
    assert.ok(r.P[0] < target && r.P[2] > target, `${r.P[0]} ${r.P[2]} ${target}`);
    assert.ok(Math.abs(r.P[1] - target) < 1e-11);
  });
});

describe('closed form vs DOP853 over d × rates × κ × sign(a) × sign(P0) × t', () => {
  it('max |P_exact − P_flow| and max weight error ≤ 1e-10 relative to max(1, |a|, |P0|) (rtol 1e-12)', () => {
    let worst = 0;
    let n = 0;
    for (const d of [1, 5, 40]) {
      for (const [etaU, etaW] of [[1, 1], [128, 32], [0.3, 4]]) {
        for (const kappa of [1 / d, 1 / Math.sqrt(d), 1]) {
          for (const a of [1.3, -0.6]) {
            for (const rho of [0, 0.8, -0.8]) {
              const init = scalarWidthInit(createRandom(11, 'grid', `${d}-${etaU}-${kappa}-${a}-${rho}`), d, { sigmaU: 0.7, sigmaW: 1.2, rho });
              const p = { kappa, etaU, etaW };
              const task = { a, sigmaXX: 0.9 };
              const ex = scalarWidthExact(p, task, init);
              const ts = [0, 0.3 * ex.tc, ex.tc, 3 * ex.tc, 10 * ex.tc];
              const run = scalarWidthFlow(p, task, init, ts);
              const scale = Math.max(1, Math.abs(a), Math.abs(ex.P0));
              for (let k = 0; k < ts.length; k++) {
                const s = ex.at(ts[k]);
                const wscale = Math.max(1, ...Array.from(run.u[k], Math.abs), ...Array.from(run.w[k], Math.abs));
                const e = Math.max(Math.abs(s.P - run.P[k]) / scale, maxAbs(s.u, run.u[k]) / wscale, maxAbs(s.w, run.w[k]) / wscale);
                worst = Math.max(worst, e);
                n++;
              }
            }
          }
        }
      }
    }
    assert.equal(n, 3 * 3 * 3 * 2 * 3 * 5); // ρ = ±0.8 gives P0 of both signs, and with a of both signs P crosses 0
    // DOP853 at rtol 1e-12 (measured worst 9.3e-12 over the 270 points); the recipe's bound is 1e-9.
    assert.ok(worst < 1e-10, `worst ${worst}`);
  });
});

describe('Q = 0 edge cases (B → 0, A → 0) and the general limit', () => {
  const p = { kappa: 0.7, etaU: 2, etaW: 0.5 };
  const v = [0.4, -1.1, 0.9];
  const balanced = { u: v.map((x) => Math.sqrt(2) * x), w: v.map((x) => Math.sqrt(0.5) * x) }; // ũ0 = w̃0: B = 0

  it('B = 0: ζ ≡ 1, Q = 0, the solution matches DOP853 and is the limit of B → 0⁺', () => {
    const task = { a: 2, sigmaXX: 1 };
    const ex = scalarWidthExact(p, task, balanced);
    assert.equal(ex.B, 0);
    assert.equal(ex.Q, 0);
    const ts = [0, 0.1, 0.5, 2, 10];
    const run = scalarWidthFlow(p, task, balanced, ts);
    for (let k = 0; k < ts.length; k++) {
      const s = ex.at(ts[k]);
      assert.ok(Math.abs(s.P - run.P[k]) < 1e-10, `${s.P} vs ${run.P[k]}`);
      assert.equal(s.zeta, 1);
      assert.ok(maxAbs(s.u, run.u[k]) < 1e-10);
    }
    const near = scalarWidthExact(p, task, { u: balanced.u, w: balanced.w.map((x, i) => x + 1e-9 * (i + 1)) });
    for (const t of ts) assert.ok(Math.abs(near.slope(t) - ex.slope(t)) < 1e-7, 'continuity in B');
    assert.ok(Math.abs(ex.hittingTime(ex.P0 / 2 + 1) - mixedHittingTime(ex.P0 / 2 + 1, { lambda: ex.alpha, c: 0, y: 2, x0: ex.P0 })) === 0);
  });

  it('A = 0 and a > 0: P < 0 tends to the saddle 0 (not to a); P∞ = 0 and the hitting time of a refuses', () => {
    const init = { u: balanced.u, w: balanced.w.map((x) => -x) };
    const task = { a: 1, sigmaXX: 1 };
    const ex = scalarWidthExact(p, task, init);
    assert.equal(ex.A, 0);
    assert.equal(ex.PInf, 0);
    assert.equal(ex.zetaInf, -1);
    const run = scalarWidthFlow(p, task, init, [0, 1, 5]);
    for (const [k, t] of [0, 1, 5].entries()) assert.ok(Math.abs(ex.slope(t) - run.P[k]) < 1e-10);
    assert.ok(ex.slope(5) < 0 && ex.slope(5) > ex.P0);
    assert.throws(() => ex.hittingTime(0.5), DomainError);
    assert.throws(() => ex.hittingTime(ex.P0 / 2), DomainError);
    assert.ok(Number.isFinite(ex.at(1e6).P) && ex.at(1e6).P <= 0);
  });

  it('B = 0 and a < 0 < P0: z = e^{2s} → ∞, P → 0⁺ (saddle), weights → 0; finite values even when z overflows', () => {
    const task = { a: -1, sigmaXX: 1 };
    const ex = scalarWidthExact(p, task, balanced);
    assert.equal(ex.PInf, 0);
    const run = scalarWidthFlow(p, task, balanced, [0, 1, 5]);
    for (const [k, t] of [0, 1, 5].entries()) assert.ok(Math.abs(ex.slope(t) - run.P[k]) < 1e-10);
    const far = ex.at(1e5);
    assert.ok(far.P === 0 && far.u.every((x) => x === 0) && far.zeta === 1 && far.s === Infinity);
  });

  it('Δ = 0 (a = 0 and B = 0): z = 1 + e t, P → 0 algebraically; matches DOP853', () => {
    const task = { a: 0, sigmaXX: 1.5 };
    const ex = scalarWidthExact(p, task, balanced);
    assert.equal(ex.rate, 0);
    assert.equal(ex.tc, Infinity);
    const run = scalarWidthFlow(p, task, balanced, [0, 1, 10]);
    for (const [k, t] of [0, 1, 10].entries()) assert.ok(Math.abs(ex.slope(t) - run.P[k]) < 1e-10, `${ex.slope(t)} ${run.P[k]}`);
  });
});

describe('hittingTime (the F-formula of paper A with λ = αΣ_xx, c = √Q/2, y = a; spec §B.3, §C)', () => {
  it('is cancellation-free across zero (P0 < 0 < a, small Q): equals the DOP853 crossing time', () => {
    const p = { kappa: 1, etaU: 1, etaW: 1 };
    const init = { u: [1, 1e-4], w: [-0.5, 1e-4] }; // P0 < 0, small Q
    const task = { a: 1, sigmaXX: 1 };
    const ex = scalarWidthExact(p, task, init);
    const th = ex.hittingTime(0.5);
    const run = scalarWidthFlow(p, task, init, [th]);
    assert.ok(Math.abs(run.P[0] - 0.5) < 1e-9, `${run.P[0]}`);
  });
  it('refuses targets beyond a or behind P0, and is 0 at P0', () => {
    const ex = scalarWidthExact({ kappa: 1, etaU: 1, etaW: 1 }, { a: 2, sigmaXX: 1 }, { u: [1], w: [0] });
    assert.equal(ex.hittingTime(0), 0);
    assert.throws(() => ex.hittingTime(2), DomainError);
    assert.throws(() => ex.hittingTime(-0.1), DomainError);
    assert.throws(() => ex.hittingTime(NaN), ConfigError);
  });
});

describe('refusals', () => {
  const task = { a: 1, sigmaXX: 1 };
  const init = { u: [1, 2], w: [0.5, -1] };
  it('invalid rates, κ, task or weights → ConfigError naming the field', () => {
    assert.throws(() => scalarWidthExact({ kappa: 1, etaU: -1, etaW: 1 }, task, init), (e: unknown) => e instanceof ConfigError && /etaU/.test(e.message));
    assert.throws(() => scalarWidthExact({ kappa: 0, etaU: 1, etaW: 1 }, task, init), /kappa/);
    assert.throws(() => scalarWidthExact({ kappa: 1, etaU: 1, etaW: NaN }, task, init), /etaW/);
    assert.throws(() => scalarWidthExact({ kappa: 1, etaU: 1, etaW: 1 }, { a: NaN, sigmaXX: 1 }, init), /task\.a/);
    assert.throws(() => scalarWidthExact({ kappa: 1, etaU: 1, etaW: 1 }, { a: 1, sigmaXX: 0 }, init), /sigmaXX/);
    assert.throws(() => scalarWidthExact({ kappa: 1, etaU: 1, etaW: 1 }, task, { u: [], w: [] }), /at least one/);
    assert.throws(() => scalarWidthExact({ kappa: 1, etaU: 1, etaW: 1 }, task, { u: [1], w: [1, 2] }), /same width/);
    assert.throws(() => scalarWidthExact({ kappa: 1, etaU: 1, etaW: 1 }, task, { u: [1, NaN], w: [1, 2] }), /init\.u\[1\]/);
  });
  it('u = w = 0 → DomainError; negative or non-finite t → DomainError', () => {
    assert.throws(() => scalarWidthExact({ kappa: 1, etaU: 1, etaW: 1 }, task, { u: [0, 0], w: [0, 0] }), DomainError);
    const ex = scalarWidthExact({ kappa: 1, etaU: 1, etaW: 1 }, task, init);
    assert.throws(() => ex.at(-1), DomainError);
    assert.throws(() => ex.at(NaN), DomainError);
  });
});
