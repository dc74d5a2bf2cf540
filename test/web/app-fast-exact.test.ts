import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { buildExperiment, validateExperiment } from '../../src/config/index.js';
import { Matrix } from '../../src/linalg/matrix.js';
import { ntkKernelDistance } from '../../src/metrics/index.js';
import { taskLoss } from '../../src/tasks/index.js';
import { exactSolution } from '../../src/theory/lazy-to-rich/index.js';
import { FastTwoLayerExact, gramIsScalar } from '../../src/web/app/views/two-layer/fast-exact.js';

function built(task: unknown, lambda: number, hidden?: number) {
  return buildExperiment(
    validateExperiment({
      model: { kind: 'two-layer-linear' },
      task,
      init: { kind: 'lambda-balanced', lambda, scale: 0.3, seed: 3, ...(hidden ? { hidden } : {}) },
      seed: 2,
    }),
  );
}

const CASES: [string, unknown, number][] = [
  ['square random', { kind: 'random-low-rank', ni: 6, no: 6, rank: 4, seed: 1 }, 0.7],
  ['funnel λ<0', { kind: 'random-low-rank', ni: 7, no: 3, rank: 3, seed: 2 }, -1.2],
  ['funnel λ>0', { kind: 'random-low-rank', ni: 7, no: 3, rank: 2, seed: 5 }, 0.8],
  ['inverted funnel', { kind: 'random-low-rank', ni: 3, no: 6, rank: 3, seed: 4 }, 1.5],
  ['semantic λ=0.3', { kind: 'semantic' }, 0.3],
];

describe('FastTwoLayerExact agrees with exactSolution', () => {
  for (const [name, task, lambda] of CASES) {
    test(name, () => {
      const b = built(task, lambda);
      const w = { W1: b.weights[0], W2: b.weights[1] };
      const sol = exactSolution(b.task, w);
      const { ni, no } = b.task;
      const pairs: [number, number][] = [[0, 0], [no - 1, ni - 1], [0, ni - 1]];
      const fx = new FastTwoLayerExact(b.task, w, pairs);
      assert.equal(fx.problem, null);
      assert.equal(fx.diagnostics.lambda, sol.lambda);
      const times = [0, 0.01, 0.5, 2, 7.5, 40, 1e4];
      const out = { loss: new Float64Array(times.length), entries: pairs.map(() => new Float64Array(times.length)), ntk: new Float64Array(times.length) };
      fx.evaluate(times, out);
      const X = b.task.X ?? Matrix.identity(ni);
      const s0 = sol.at(0);
      times.forEach((t, k) => {
        const s = sol.at(t);
        const loss = taskLoss(b.task, s.W);
        assert.ok(Math.abs(out.loss[k] - loss) <= 1e-11 * Math.max(1, Math.abs(loss)), `loss at t=${t}: ${out.loss[k]} vs ${loss}`);
        pairs.forEach(([i, j], q) => {
          const want = s.W.get(i, j);
          assert.ok(Math.abs(out.entries[q][k] - want) <= 1e-11 * Math.max(1, Math.abs(want)), `W[${i},${j}] at t=${t}: ${out.entries[q][k]} vs ${want}`);
        });
        const kd = ntkKernelDistance(s0, s, X);
        assert.ok(Math.abs(out.ntk[k] - kd) <= 1e-10, `ntk at t=${t}: ${out.ntk[k]} vs ${kd}`);
      });
    });
  }

  // The explorer's benchmark size (20×20, rank 20, init scale 0.05) on an even grid to t = 20, where the
  // loss falls to ~1e-13 and below. Both sides compute the loss from the difference W − Σ_yx, whose
  // entries carry the round-off of W (~1e-16 absolute), so the loss agrees to 1e-10 relative plus
  // √(2L)·1e-13 (a perturbation δW of norm 1e-13 changes L by at most √(2L)‖δW‖). Expanding the
  // square (‖W̃‖² − 2⟨s̃, diag W̃⟩ + ‖s̃‖²) would leave ~1e-15 absolute and fail here.
  for (const [name, ni, no, rank, lambda] of [
    ['20×20 rank 20, λ = 1.15', 20, 20, 20, 1.15],
    ['20×20 rank 20, λ = −0.6', 20, 20, 20, -0.6],
    ['funnel 20×12, λ = 0.9', 20, 12, 12, 0.9],
    ['inverted funnel 9×16, λ = −0.7', 9, 16, 9, -0.7],
  ] as const) {
    test(`benchmark size: ${name} — loss to 1e-10 relative, entries and NTK distance to 1e-10`, () => {
      const b = buildExperiment(
        validateExperiment({
          model: { kind: 'two-layer-linear' },
          task: { kind: 'random-low-rank', ni, no, rank, seed: 1 },
          init: { kind: 'lambda-balanced', lambda, scale: 0.05, seed: 1 },
          seed: 1,
        }),
      );
      const w = { W1: b.weights[0], W2: b.weights[1] };
      const sol = exactSolution(b.task, w);
      const pairs: [number, number][] = [[0, 0], [0, ni - 1], [no - 1, 0], [no - 1, ni - 1]];
      const fx = new FastTwoLayerExact(b.task, w, pairs);
      assert.equal(fx.problem, null);
      const n = 41;
      const times = Array.from({ length: n }, (_, i) => (20 * i) / (n - 1));
      const out = { loss: new Float64Array(n), entries: pairs.map(() => new Float64Array(n)), ntk: new Float64Array(n) };
      fx.evaluate(times, out);
      const X = b.task.X ?? Matrix.identity(ni);
      const s0 = sol.at(0);
      let smallest = Infinity;
      times.forEach((t, k) => {
        const s = sol.at(t);
        const loss = taskLoss(b.task, s.W);
        smallest = Math.min(smallest, loss);
        assert.ok(Math.abs(out.loss[k] - loss) <= 1e-10 * loss + Math.sqrt(2 * loss) * 1e-13, `loss at t=${t}: ${out.loss[k]} vs ${loss}`);
        pairs.forEach(([i, j], q) => {
          const want = s.W.get(i, j);
          assert.ok(Math.abs(out.entries[q][k] - want) <= 1e-10 * Math.max(1e-3, Math.abs(want)), `W[${i},${j}] at t=${t}: ${out.entries[q][k]} vs ${want}`);
        });
        const kd = ntkKernelDistance(s0, s, X);
        assert.ok(Math.abs(out.ntk[k] - kd) <= 1e-10, `ntk at t=${t}: ${out.ntk[k]} vs ${kd}`);
      });
      if (ni === no) assert.ok(smallest < 1e-12, `the loss reaches the small values this test is about (${smallest})`);
    });
  }

  test('gramsAt: W₁ᵀW₁ and W₂W₂ᵀ (original coordinates) as exactSolution, square and funnel shapes', () => {
    for (const [task, lambda] of [[{ kind: 'random-low-rank', ni: 6, no: 6, rank: 4, seed: 1 }, 0.7], [{ kind: 'random-low-rank', ni: 7, no: 3, rank: 3, seed: 2 }, -1.2], [{ kind: 'random-low-rank', ni: 3, no: 6, rank: 3, seed: 4 }, 1.5]] as const) {
      const b = built(task, lambda);
      const w = { W1: b.weights[0], W2: b.weights[1] };
      const sol = exactSolution(b.task, w);
      const fx = new FastTwoLayerExact(b.task, w);
      for (const t of [0, 0.3, 4, 50]) {
        const g = fx.gramsAt(t);
        const s = sol.at(t);
        for (const [got, want, name] of [[g.W1tW1, s.W1tW1, 'W1tW1'], [g.W2W2t, s.W2W2t, 'W2W2t']] as const) {
          assert.deepEqual([got.rows, got.cols], [want.rows, want.cols]);
          let scale = 0;
          for (const v of want.data) scale = Math.max(scale, Math.abs(v));
          got.data.forEach((v, k) => assert.ok(Math.abs(v - want.data[k]) <= 1e-11 * Math.max(1, scale), `${name}[${k}] at t=${t}: ${v} vs ${want.data[k]}`));
        }
      }
    }
  });

  test('refusal: hidden width above min(N_i, N_o) is the theory sentence, and evaluate throws it', () => {
    const b = built({ kind: 'random-low-rank', ni: 3, no: 3, rank: 2, seed: 1 }, 0, 4);
    const fx = new FastTwoLayerExact(b.task, { W1: b.weights[0], W2: b.weights[1] });
    assert.match(fx.problem ?? '', /N_h = 4 must equal min\(N_i, N_o\) = 3/);
    assert.throws(() => fx.evaluate([1], { loss: new Float64Array(1), entries: [], ntk: new Float64Array(1) }), /N_h = 4/);
  });

  test('refusal: a singular B (det sign mismatch at λ = 0) is the theory sentence, as exactSolution says', () => {
    const b = built({ kind: 'semantic' }, 0);
    const w = { W1: b.weights[0], W2: b.weights[1] };
    const fx = new FastTwoLayerExact(b.task, w);
    assert.throws(() => exactSolution(b.task, w), (e: Error) => e.message === fx.problem);
    assert.match(fx.problem ?? '', /B is singular/);
  });

  test('gramIsScalar: identity and scaled identity yes, a general X no', () => {
    assert.equal(gramIsScalar(Matrix.identity(3)), true);
    assert.equal(gramIsScalar(Matrix.from([[2, 0], [0, 2]])), true);
    assert.equal(gramIsScalar(Matrix.from([[1, 1], [0, 1]])), false);
    assert.equal(gramIsScalar(undefined), true);
  });
});
