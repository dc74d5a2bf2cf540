// Aligned per-mode solution of λ-balanced two-layer linear networks (spec §3.7, §6 R5): reference
// values, the mode ODE over λ × a₀ × t, an 80-digit mpmath evaluation of the spec's own expression,
// λ ↔ −λ symmetry, the λ = 0 saddle, the whole aligned trajectory against a gradient-flow simulation
// of the network and against the closed form, and bad input.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Matrix } from '../../../src/linalg/matrix.js';
import { relativeError } from '../../../src/linalg/ops.js';
import { DomainError, ShapeError } from '../../../src/errors/index.js';
import { createRandom } from '../../../src/random/index.js';
import { gaussianMatrix } from '../../../src/random/index.js';
import {
  alignedModeFactors,
  alignedModeOde,
  alignedModeValue,
  alignedModeValues,
  alignedTrajectory,
  transitionFunction,
  exactSolution,
} from '../../../src/theory/lazy-to-rich/index.js';
import { randomLowRankTask, whitenedTask, taskFromData } from '../../../src/tasks/index.js';
import { taskAlignedInit } from '../../../src/init/index.js';
import { gradientFlow } from '../../../src/train/index.js';
import { loadFixture } from '../../helpers/fixtures.js';
import { assertBelow } from '../../helpers/accuracy.js';

/** The spec's §3.7 expression, literally (double precision). */
function specExpression(s: number, a0: number, lambda: number, x: number): number {
  const k = Math.sqrt(s * s + (lambda * lambda) / 4);
  const s0 = Math.sqrt(lambda * lambda + 4 * a0 * a0);
  const E = Math.exp(-2 * k * x);
  const q = (lambda * lambda * s) / 2 + a0 * (s * s - (lambda * lambda) / 4);
  const num = a0 * (1 + E) ** 2 + (s * s0 * (1 - E * E)) / k + ((1 - E) ** 2 * q) / (k * k);
  const den = 4 * E + (s0 * (1 - E * E)) / k + ((1 - E) ** 2 * ((lambda * lambda) / 2 + 2 * s * a0)) / (k * k);
  return num / den;
}

const LAMBDAS = [0, 1e-3, 0.5, -0.5, 3, -3, 50, -50];
const A0S = [1e-3, 0.2, 1.5, -0.3];
const TIMES = [0, 0.05, 0.1, 0.5, 1, 2, 5, 10, 30];

describe('aligned mode: R5 reference values (spec §6)', () => {
  const ref: [number, number[]][] = [
    [0, [0.0694531597, 0.3554609871, 0.9955255179]],
    [1, [0.7425142614, 0.9664115274, 0.9999578645]],
    [-1, [0.7425142614, 0.9664115274, 0.9999578645]],
    [5, [0.994938337, 0.9999767808, 1.0]],
  ];
  for (const [lambda, vals] of ref) {
    it(`s̃ = 1, a₀ = 0.01, λ = ${lambda} at t = 1, 2, 5`, () => {
      const got = alignedModeValues(1, 0.01, lambda, [1, 2, 5]);
      // The spec prints 10 decimals: rounding alone is ≤ 5e-11.
      vals.forEach((v, i) => assertBelow(Math.abs(got[i] - v), 6e-11, `λ=${lambda} t=${[1, 2, 5][i]}`));
    });
  }
});

describe('aligned mode: closed form vs references over λ × a₀ × t', () => {
  it('vs the mode ODE τȧ = √(λ²+4a²)(s̃ − a), DOP853 rtol 1e-12, for s̃ ∈ {1, 0.3}: ≤ 1e-9 relative', (t) => {
    let worst = 0;
    for (const s of [1, 0.3]) {
      for (const lambda of LAMBDAS) {
        for (const a0 of A0S) {
          const ode = alignedModeOde(s, a0, lambda, TIMES, { rtol: 1e-12, atol: 1e-300 });
          const cf = alignedModeValues(s, a0, lambda, TIMES);
          for (let i = 0; i < TIMES.length; i++) {
            // Relative, with an absolute floor at 1e-12·s̃ for the saddle decay a → 0⁻ (where the ODE's
            // own relative accuracy is lost once |a| < rtol·|a₀|).
            const e = Math.abs(cf[i] - ode[i]) / Math.max(Math.abs(ode[i]), 1e-3 * s);
            worst = Math.max(worst, e);
          }
        }
      }
    }
    t.diagnostic(`worst relative error vs DOP853: ${worst.toExponential(2)}`);
    // The integrator's own global error at rtol 1e-12 is the limit here.
    assertBelow(worst, 1e-9, 'closed form vs ODE');
  });

  it('vs the 80-digit mpmath evaluation of the spec expression (fixture): ≤ 1e-14 relative', (t) => {
    const fx = loadFixture<{ cases: { s: number; a0: number; lambda: number; t: number[]; a: number[]; ode: number[] }[] }>(
      'lazy_to_rich_aligned/aligned.json',
    );
    let worst = 0;
    let worstOde = 0;
    for (const c of fx.cases) {
      const got = alignedModeValues(c.s, c.a0, c.lambda, c.t);
      c.t.forEach((_, i) => {
        worst = Math.max(worst, Math.abs(got[i] - c.a[i]) / Math.abs(c.a[i]));
        worstOde = Math.max(worstOde, Math.abs(c.ode[i] - c.a[i]) / Math.max(Math.abs(c.a[i]), 1e-3 * c.s));
      });
    }
    t.diagnostic(`worst relative error vs mpmath: ${worst.toExponential(2)}; SciPy DOP853 vs mpmath: ${worstOde.toExponential(2)}`);
    // Per-value relative accuracy (measured 3.0e-15), including a ≈ −2e-27 on the λ = 0 saddle and the
    // zero crossing of a reversed mode at λ = 1e-3: B and C are formed without cancellation.
    assertBelow(worst, 1e-14, 'closed form vs mpmath');
  });

  it('equals the spec expression evaluated in double wherever that has no cancellation (a₀ > 0): ≤ 1e-13', () => {
    let worst = 0;
    for (const s of [1, 0.3, 2]) {
      for (const lambda of [0, 1e-3, 0.5, -0.5, 3, -3]) {
        for (const a0 of [1e-3, 0.2, 1.5]) {
          for (const x of TIMES) {
            const ref = specExpression(s, a0, lambda, x);
            worst = Math.max(worst, Math.abs(alignedModeValue(s, a0, lambda, x) - ref) / Math.abs(ref));
          }
        }
      }
    }
    assertBelow(worst, 1e-13, 'B-form vs spec form');
  });

  it('depends on λ only through λ²: a(t; λ) = a(t; −λ) to 4 ulps', () => {
    let worst = 0;
    for (const s of [1, 0.3]) {
      for (const lambda of [1e-3, 0.5, 3, 50, 1000]) {
        for (const a0 of A0S) {
          for (const x of TIMES) {
            const p = alignedModeValue(s, a0, lambda, x);
            const m = alignedModeValue(s, a0, -lambda, x);
            worst = Math.max(worst, Math.abs(p - m) / Math.max(Math.abs(p), 1e-300));
          }
        }
      }
    }
    assertBelow(worst, 4 * 2.2e-16 * 2, 'a(λ) vs a(−λ)');
  });
});

describe('aligned mode: special cases', () => {
  it('λ = 0, a₀ < 0: monotone decay to the saddle, a < 0 for all finite t, a(∞) = −0, explicit formula', () => {
    const s = 0.7;
    const a0 = -0.4;
    let prev = a0;
    for (const x of [0.1, 1, 5, 20, 100, 400]) {
      const a = alignedModeValue(s, a0, 0, x);
      const E = Math.exp(-2 * s * x);
      const ref = (a0 * E * s) / (s + Math.abs(a0) * (1 - E));
      assert.ok(a < 0 && a > prev, `a(${x}) = ${a}`);
      assertBelow(Math.abs(a - ref) / Math.abs(ref), 4e-16, `saddle formula at t=${x}`);
      prev = a;
    }
    const inf = alignedModeValue(s, a0, 0, Infinity);
    assert.ok(inf === 0 && Object.is(inf, -0), `a(∞) = ${inf}`);
    // The reversal numbers of spec §5.9 (s̃ = 1, a₀ = −1): a(5) = −2.3e-5, a(20) ≈ 0 …
    assertBelow(Math.abs(alignedModeValue(1, -1, 0, 5) + 2.27e-5), 1e-7, 'a(5) at λ = 0');
    assertBelow(Math.abs(alignedModeValue(1, -1, 0, 20)), 1e-17, 'a(20) at λ = 0');
    // … and any λ ≠ 0 escapes: λ = 0.1: a(5) = 0.965, a(20) = 1.000; λ = 1: a(5) = 0.9999.
    assertBelow(Math.abs(alignedModeValue(1, -1, 0.1, 5) - 0.965), 5e-4, 'λ = 0.1, t = 5');
    assertBelow(Math.abs(alignedModeValue(1, -1, 0.1, 20) - 1), 5e-4, 'λ = 0.1, t = 20');
    assertBelow(Math.abs(alignedModeValue(1, -1, 1, 5) - 0.9999), 5e-5, 'λ = 1, t = 5');
  });

  it('λ = 0, a₀ = 0 is a fixed point; a₀ = s̃ stays; t = 0 returns a₀; t = ∞ returns s̃', () => {
    assert.equal(alignedModeValue(1, 0, 0, 3), 0);
    assert.equal(alignedModeValue(1, 0, 0, Infinity), 0);
    for (const lambda of [0, 0.3, -2]) {
      assertBelow(Math.abs(alignedModeValue(0.8, 0.8, lambda, 2.5) - 0.8), 4e-16, `a₀ = s̃, λ=${lambda}`);
      assert.equal(alignedModeValue(0.8, 0.123, lambda, 0), 0.123);
      assertBelow(Math.abs(alignedModeValue(0.8, 0.123, lambda, Infinity) - 0.8), 4e-16, `t=∞ λ=${lambda}`);
      assertBelow(Math.abs(alignedModeValue(0.8, -0.5, lambda === 0 ? 0.3 : lambda, 1e7) - 0.8), 4e-16, "t = 1e7");
    }
  });

  it('s̃ = 0: λ = 0 gives a₀/(1 + 2|a₀|x); λ ≠ 0 decays and matches the ODE', () => {
    for (const a0 of [0.5, -0.5]) {
      for (const x of [0.5, 3]) {
        assertBelow(Math.abs(alignedModeValue(0, a0, 0, x) - a0 / (1 + 2 * Math.abs(a0) * x)), 4e-16, `k = 0, a0=${a0}`);
      }
      const ode = alignedModeOde(0, a0, 2, [0.5, 3], { atol: 1e-300 });
      const cf = alignedModeValues(0, a0, 2, [0.5, 3]);
      for (let i = 0; i < 2; i++) assertBelow(Math.abs(cf[i] - ode[i]) / Math.abs(ode[i]), 1e-9, 's̃ = 0, λ = 2');
    }
  });

  it('alignedModeFactors: c·d = a, d² − c² = λ, c ≥ 0, for any sign, to rounding', () => {
    for (const a of [-2, -1e-3, 0, 1e-8, 0.5, 3]) {
      for (const lambda of [-100, -1, 0, 1e-6, 2, 1e4]) {
        const { c, d } = alignedModeFactors(a, lambda);
        assert.ok(c >= 0);
        assertBelow(Math.abs(c * d - a), 4e-16 * Math.max(Math.abs(a), 1e-300), `c·d a=${a} λ=${lambda}`);
        assertBelow(Math.abs(d * d - c * c - lambda), 4e-16 * Math.hypot(lambda, 2 * a), `d²−c² a=${a} λ=${lambda}`);
      }
    }
  });

  it('transition function γ: γ(0) = 0, γ(∞) = 1, a₀ = s̃ limit 1 − e^{−2kx}, and s = s₀ + γ(s̃ − s₀)', () => {
    for (const lambda of [0, 0.4, -3]) {
      assert.equal(transitionFunction(1.3, 0.01, lambda, 0), 0);
      assertBelow(Math.abs(transitionFunction(1.3, 0.01, lambda, Infinity) - 1), 4e-16, "γ(∞)");
      const k = Math.hypot(1.3, lambda / 2);
      assertBelow(Math.abs(transitionFunction(1.3, 1.3, lambda, 0.7) + Math.expm1(-2 * k * 0.7)), 1e-16, 'a₀ = s̃');
      // Continuity of that limit: a₀ = s̃(1 − 1e-7).
      assertBelow(Math.abs(transitionFunction(1.3, 1.3 * (1 - 1e-7), lambda, 0.7) + Math.expm1(-2 * k * 0.7)), 1e-6, 'a₀ → s̃');
      const g = transitionFunction(1.3, 0.2, lambda, 0.9);
      assertBelow(Math.abs(0.2 + g * (1.3 - 0.2) - alignedModeValue(1.3, 0.2, lambda, 0.9)), 1e-15, 'Thm 5.1 form');
    }
  });
});

describe('aligned trajectory: W(t) = Ũ diag(a(t)) Ṽᵀ', () => {
  const shapes: [number, number][] = [
    [3, 3],
    [5, 3],
    [3, 5],
  ];
  for (const [ni, no] of shapes) {
    for (const lambda of [0, 1.5, -2]) {
      it(`${ni}-${Math.min(ni, no)}-${no}, λ = ${lambda}: matches a gradient-flow simulation of the network (W, W₁ᵀW₁, W₂W₂ᵀ) ≤ 1e-9`, (t) => {
        const r = Math.min(ni, no);
        const task = randomLowRankTask(createRandom(11, 'aligned', ni, no), { ni, no, rank: r, singularValues: [2, 1, 0.4].slice(0, r) });
        const a0 = [0.05, -0.3, 0.01].slice(0, r);
        if (lambda === 0) a0[1] = 0.3; // the λ = 0 saddle is tested separately
        const R = createRandom(12, 'R');
        const init = taskAlignedInit({ task, lambda, a0, R: haar(R, r) });
        const times = [0, 0.3, 1, 3, 10];
        const sim = gradientFlow(task, init, { times, rtol: 1e-13, atol: 1e-15 });
        const states = alignedTrajectory(task, a0, lambda, times);
        let worst = 0;
        times.forEach((_, k) => {
          const [W1, W2] = sim.weights[k];
          const W = mul(W2, W1);
          worst = Math.max(
            worst,
            relativeError(states[k].W, W),
            relativeError(states[k].W1tW1, mul(W1, W1, true)),
            relativeError(states[k].W2W2t, mul(W2, W2, false, true)),
          );
        });
        t.diagnostic(`worst relative error vs gradient flow (rtol 1e-13): ${worst.toExponential(2)}`);
        assertBelow(worst, 1e-9, 'aligned trajectory vs simulation');
      });
    }
  }

  it('agrees with the general closed form exactSolution at t up to 1e7 (QQᵀ ≤ 1e-13 relative)', (t) => {
    let worst = 0;
    for (const [ni, no] of shapes) {
      const r = Math.min(ni, no);
      const task = randomLowRankTask(createRandom(13, ni, no), { ni, no, rank: r });
      for (const lambda of [0, 0.7, -4]) {
        const a0 = [0.02, 0.5, 1e-3].slice(0, r);
        const init = taskAlignedInit({ task, lambda, a0 });
        const sol = exactSolution(task, init);
        const times = [0, 0.5, 2, 20, 1e7];
        const states = alignedTrajectory(task, a0, lambda, times);
        times.forEach((x, k) => (worst = Math.max(worst, relativeError(states[k].QQt, sol.at(x).QQt))));
      }
    }
    t.diagnostic(`worst relative QQᵀ difference vs exactSolution: ${worst.toExponential(2)}`);
    // Two closed forms, no integration: only rounding (amplified by the r×r solves), measured 1.3e-15.
    assertBelow(worst, 1e-13, 'aligned vs closed form');
  });

  it('refuses an unwhitened task, a wrong a₀ length, NaN, negative times', () => {
    const task = whitenedTask(Matrix.from([[2, 0], [0, 1]]));
    assert.throws(() => alignedTrajectory(task, [0.1], 0, [1]), ShapeError);
    assert.throws(() => alignedTrajectory(task, 0.1, Number.NaN, [1]), DomainError);
    assert.throws(() => alignedTrajectory(task, 0.1, 0, [-1]), /t\/τ ≥ 0/);
    const X = gaussianMatrix(createRandom(3, 'X'), 2, 20);
    const Y = gaussianMatrix(createRandom(3, 'Y'), 2, 20);
    const raw = taskFromData(X, Y, { whiten: 'none' });
    assert.throws(() => alignedTrajectory(raw, 0.1, 0, [1]), /whiten/);
    assert.throws(() => alignedModeValue(-1, 0.1, 0, 1), /s̃ ≥ 0/);
    assert.throws(() => alignedModeValue(1, Number.POSITIVE_INFINITY, 0, 1), DomainError);
    assert.throws(() => alignedModeValue(1, 0.1, 0, Number.NaN), DomainError);
    assert.throws(() => alignedModeOde(1, 0.1, 0, [2, 1]), /ascending/);
  });
});

function mul(A: Matrix, B: Matrix, transA = false, transB = false): Matrix {
  const m = transA ? A.cols : A.rows;
  const k = transA ? A.rows : A.cols;
  const n = transB ? B.rows : B.cols;
  const out = new Matrix(m, n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let l = 0; l < k; l++) s += (transA ? A.get(l, i) : A.get(i, l)) * (transB ? B.get(j, l) : B.get(l, j));
      out.set(i, j, s);
    }
  }
  return out;
}

function haar(stream: ReturnType<typeof createRandom>, n: number): Matrix {
  // Gram–Schmidt on a Gaussian matrix (any orthogonal R will do: it is unobservable).
  const G = gaussianMatrix(stream, n, n);
  const Q = new Matrix(n, n);
  for (let j = 0; j < n; j++) {
    const v = G.col(j);
    for (let p = 0; p < j; p++) {
      let d = 0;
      for (let i = 0; i < n; i++) d += Q.get(i, p) * v[i];
      for (let i = 0; i < n; i++) v[i] -= d * Q.get(i, p);
    }
    const nv = Math.hypot(...v);
    for (let i = 0; i < n; i++) Q.set(i, j, v[i] / nv);
  }
  return Q;
}
