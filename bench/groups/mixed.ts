/**
 * The `mixed` benchmark group (issue 5, "Performance"; Tu, Aranguri & Jacot 2024, spec
 * `mixed-and-three-mechanisms.md` §A.1–A.3). NumPy side: `bench/numpy_mixed.py`.
 *
 * **In `npm run bench`** (harness rows, ratio = NumPy seconds ÷ ours; goal ≥ 1/1.5 ≈ 0.67 on native):
 * - `mixed-fig1`: the whole Fig. 1 computation at d = 100, k = 5, (γ_σ², γ_w) = (−1.85, 2.25), so
 *   w = 31,622: 100 iterations of the authors' sequential GD on W₂W₁ (`trainMixedGd`, three d·w·d
 *   gemms per iteration) recording train/test error and all singular values of A every iteration, plus
 *   100 Euler steps of (1) (`mixedDynamicsEuler`, one SVD per step) from the same A(0) with the same η.
 *   NumPy does the same loop (`A = W2 @ W1` once per iteration, `np.linalg.svd` per record).
 * - `mixed-euler-500`: 100 Euler steps of (1) at d = 500 (c = σ²w = 500^0.4 = 12.01, η = 1/(5‖A*‖)),
 *   from A(0) with i.i.d. N(0, σ⁴w) entries (the law of W₂(0)W₁(0) at w = 1,182,177, whose exact
 *   product would need 2 × 4.7 GB), recording errors and singular values (they come from the step's SVD).
 * Checks: summary = train and test error at every record, compared with NumPy's (≤ 1e-8 relative to the
 * largest); residual = |recorded final train error − ‖A_final − Y‖²/d² recomputed from the returned A|
 * (consistency of the record with the state), ≤ 1e-12.
 *
 * **Summary line** (not vs NumPy): the Fig. 2 grid at d = 50 (20×20 points over the paper's box,
 * sequential, `fig2Point` of the experiment: early-stopped GD + Euler of (1) per point) — its wall time
 * (`--quick`: 7×7 at d = 20). Run alone: `node --import tsx bench/groups/mixed.ts --grid [--quick]`
 * (backend from LAZYRICH_BACKEND, default auto = native when available).
 *
 * **Measured** 2026-11-25 on the 2-core CI-like box while other jobs ran (load average 11–16, others%
 * 78–92, so every number is noisy): `mixed-fig1` ours 15.4 s vs NumPy 359.5 s (ratio 23.4);
 * `mixed-euler` (d = 500) ours 37.5 s vs NumPy 205.1 s (ratio 5.5). NumPy's 2-thread OpenBLAS suffers
 * most from the oversubscription: a single-threaded NumPy probe at the same time took ≈ 0.4 s per
 * GD iteration (≈ 40 s for the 100) and ≈ 0.45 s per d = 500 Euler step (≈ 45 s), i.e. ratios of about
 * 2.6 and 1.2 — both goals (≥ 0.67) met either way. Rerun on an idle machine (`--threads 1` for the
 * steadier comparison).
 *
 * @module
 */
import { pathToFileURL } from 'node:url';
import type { LinalgBackend } from '../../src/linalg/backend.js';
import { setBackend } from '../../src/linalg/backend.js';
import { backendRequestFromEnv, selectBackend } from '../../src/linalg/native/select.js';
import { Matrix } from '../../src/linalg/matrix.js';
import { spectralNorm } from '../../src/linalg/norms.js';
import { svdValues } from '../../src/linalg/decompositions.js';
import { createRandom } from '../../src/random/index.js';
import { matrixTask, noisyLowRankTask } from '../../src/tasks/noisy-low-rank.js';
import { fig1StepSize, mixedLinearInit, mixedScalings, type MixedRun } from '../../src/models/mixed-linear.js';
import { trainMixedGd } from '../../src/train/mixed-gd.js';
import { mixedDynamicsEuler } from '../../src/theory/mixed/index.js';
import { fig2Point, mixedFig2Settings } from '../../src/experiments/mixed/fig2.js';
import type { BenchCase, BenchCheck, BenchGroup, BenchOptions } from '../registry.js';

const GAMMA_S = -1.85;
const GAMMA_W = 2.25;
const RANK = 5;
const STEPS = 100;
/** ≤ 1.5× NumPy's time, i.e. ratio ≥ 1/1.5 (0.67 is that, rounded up). */
const GOALS = [{ backend: 'native', minRatio: 0.67 }];

/** Train and test errors of a run, as one vector (the NumPy summary's layout). */
function errorsOf(runs: MixedRun[]): Float64Array {
  const parts: number[] = [];
  for (const r of runs) parts.push(...r.trainError, ...r.testError);
  return Float64Array.from(parts);
}

/** |final recorded train error − ‖A − Y‖²/d² recomputed from A|. */
function recordResidual(run: MixedRun, Y: Matrix): number {
  let s = 0;
  for (let i = 0; i < Y.data.length; i++) s += (run.A.data[i] - Y.data[i]) ** 2;
  return Math.abs(run.trainError[run.trainError.length - 1] - s / Y.data.length);
}

function fig1Case(quick: boolean): BenchCase<MixedRun[]> {
  const d = quick ? 40 : 100;
  const root = createRandom(11, 'bench-mixed-fig1', d);
  const sc = mixedScalings(d, GAMMA_S, GAMMA_W);
  const task = noisyLowRankTask({ d, rank: RANK, stream: root.split('task') });
  const init = mixedLinearInit({ dIn: d, dOut: d, width: sc.width, sigma2: sc.sigma2, stream: root.split('init') });
  const eta = fig1StepSize(d, GAMMA_S, GAMMA_W, spectralNorm(task.Astar));
  return {
    op: 'mixed-fig1',
    shape: `d=${d} w=${sc.width} x${STEPS}`,
    inputs: { W1: init.W1, W2: init.W2, Y: task.Y, Astar: task.Astar },
    prepare(backend: LinalgBackend, { W1, W2, Y, Astar }) {
      const t = matrixTask(Y, Astar);
      return () => {
        const gd = trainMixedGd(t, { W1, W2 }, { learningRate: eta, steps: STEPS, update: 'sequential', backend });
        const A0 = new Matrix(d, d);
        backend.gemm(false, false, 1, W2, W1, 0, A0);
        const sc1 = mixedDynamicsEuler(t, A0, { threshold: sc.threshold, learningRate: eta, steps: STEPS, backend });
        return [gd, sc1];
      };
    },
    check(result, { Y }): BenchCheck {
      return { residual: Math.max(recordResidual(result[0], Y), recordResidual(result[1], Y)), summary: errorsOf(result) };
    },
    numpy: { op: 'mixed_fig1', params: { eta, steps: STEPS, threshold: sc.threshold } },
    residualLimit: 1e-12,
    goals: GOALS,
  };
}

function eulerCase(quick: boolean): BenchCase<MixedRun[]> {
  const d = quick ? 100 : 500;
  const root = createRandom(12, 'bench-mixed-euler', d);
  const sc = mixedScalings(d, GAMMA_S, GAMMA_W);
  const task = noisyLowRankTask({ d, rank: RANK, stream: root.split('task') });
  const A0 = new Matrix(d, d);
  root.split('A0').fillNormal(A0.data, 0, Math.sqrt(sc.initNoise));
  const eta = fig1StepSize(d, GAMMA_S, GAMMA_W, spectralNorm(task.Astar));
  return {
    op: 'mixed-euler',
    shape: `d=${d} x${STEPS}`,
    inputs: { A0, Y: task.Y, Astar: task.Astar },
    prepare(backend: LinalgBackend, { A0: a0, Y, Astar }) {
      const t = matrixTask(Y, Astar);
      return () => [mixedDynamicsEuler(t, a0, { threshold: sc.threshold, learningRate: eta, steps: STEPS, backend })];
    },
    check(result, { Y }): BenchCheck {
      return { residual: recordResidual(result[0], Y), summary: errorsOf(result) };
    },
    numpy: { op: 'mixed_euler', params: { eta, steps: STEPS, threshold: sc.threshold } },
    residualLimit: 1e-12,
    goals: GOALS,
  };
}

/** Wall time of the Fig. 2 grid run sequentially with the process's default backend. */
export function gridTiming(quick: boolean): string[] {
  const st = quick ? mixedFig2Settings('quick') : { ...mixedFig2Settings('paper'), d: 50 };
  const root = createRandom(13, 'bench-mixed-grid');
  const task = noisyLowRankTask({ d: st.d, rank: st.rank, stream: root.split('task') });
  const ySv = svdValues(task.Y);
  const yStar = spectralNorm(task.Astar);
  const t0 = performance.now();
  let iterations = 0;
  let maxWidth = 0;
  st.gammaW.forEach((gw, j) => st.gammaSigma2.forEach((gs, i) => {
    const p = fig2Point(task, ySv, yStar, st, gs, gw, root.split('init', i, j));
    iterations += p.iterationsRun;
    maxWidth = Math.max(maxWidth, p.width);
  }));
  const seconds = (performance.now() - t0) / 1000;
  const n = st.gammaSigma2.length * st.gammaW.length;
  return [
    `Fig. 2 grid: d = ${st.d}, ${st.gammaSigma2.length}×${st.gammaW.length} = ${n} points (w up to ${maxWidth}), sequential on one process: ${seconds.toFixed(1)} s`,
    `  (${iterations} GD iterations in all, plus as many Euler steps of (1); ${(seconds / n).toFixed(2)} s per point on average; the piscina sweep runner is a later issue)`,
  ];
}

export const mixedGroup: BenchGroup = {
  name: 'mixed',
  description: 'Tu et al. Fig. 1 (GD on W₂W₁ + Euler of (1)) at d = 100 and (1) at d = 500 vs NumPy; Fig. 2 grid wall time',
  numpyScript: 'bench/numpy_mixed.py',
  cases: (options: BenchOptions) => [fig1Case(options.quick), eulerCase(options.quick)],
  summary: (options: BenchOptions) => gridTiming(options.quick),
};

function standalone(argv: string[]): void {
  const sel = selectBackend(backendRequestFromEnv(process.env));
  setBackend(sel.backend);
  process.stdout.write(`backend: ${sel.name} (${sel.reason})\n`);
  if (argv.includes('--grid')) for (const line of gridTiming(argv.includes('--quick'))) process.stdout.write(line + '\n');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) standalone(process.argv.slice(2));
