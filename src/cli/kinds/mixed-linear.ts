/**
 * `exact`, `simulate` and `compare` for model kind `mixed-linear` (Tu, Aranguri & Jacot 2024; spec
 * mixed-and-three-mechanisms §A.1–A.2): A = W₂W₁ fitted to Y under ½‖A − Y‖²_F. The exact side is a
 * high-accuracy solve (DOP853, rtol 1e-12, atol 1e-14) of the self-consistent dynamics (1) with
 * threshold c = σ²w from A(0); the simulation is gradient descent on W₁, W₂ (`trainMixedGd`, from the
 * document's weights). Time t/τ is gradient-flow time of C; GD step k ↔ t = k·η. (1) is itself an
 * approximation of GD that needs w ≫ d (§A.2.2), so `compare` measures that closure as well as the
 * step size.
 * The computation (simulation, exact side) lives in src/experiments/run/mixed-linear.ts, shared with `lazyrich run`.
 * @module
 */
import type { Matrix } from '../../linalg/matrix.js';
import { matmul } from '../../linalg/ops.js';
import { MIXED_EXACT_ATOL, MIXED_EXACT_RTOL, mixedExactFlow, mixedGd, mixedThreshold, type BuiltMixed } from '../../experiments/run/mixed-linear.js';
import { inlineMatrix, nested, num, table } from '../format.js';
import { relativeDistance, shownRows, type KindCommands } from './types.js';

type Built = BuiltMixed;

export { MIXED_EXACT_RTOL, MIXED_EXACT_ATOL };

const threshold = mixedThreshold;
const solve = (built: Built, times: readonly number[]) => mixedExactFlow(built, times);
const gd = mixedGd;

export const mixedLinearCommands: KindCommands<Built> = {
  exact(built, times) {
    const res = solve(built, times);
    const c = threshold(built);
    const lines = [
      `exact side: the self-consistent dynamics (1) of Tu, Aranguri & Jacot 2024 (spec §A.2.2), DOP853 rtol ${MIXED_EXACT_RTOL}, atol ${MIXED_EXACT_ATOL}; ${built.Y.rows}x${built.Y.cols} target, σ² = ${built.model.sigma2}, width ${built.model.width}, threshold σ²w = ${num(c, 0).trim()}`,
      'time t/τ (gradient flow of ½‖A − Y‖²_F; GD step k ↔ t = k·η); train error ‖A − Y‖²_F/(d_out·d_in)',
      '',
      ...table(['t/τ', 'train error', 'test error'], times.map((t, k) => [num(t), num(res.trainError[k]), num(res.testError[k])])),
    ];
    if (built.Y.rows * built.Y.cols <= 16) {
      lines.push('', 'A(t):');
      res.A.forEach((A, k) => lines.push(`  t = ${num(times[k], 0).trim()}: ${inlineMatrix(A)}`));
    }
    return {
      json: {
        A: res.A.map(nested),
        trainError: Array.from(res.trainError),
        testError: Array.from(res.testError),
        threshold: c,
        rtol: MIXED_EXACT_RTOL,
        atol: MIXED_EXACT_ATOL,
      },
      lines,
    };
  },
  simulate(built, plan) {
    const { run, A } = gd(built, plan);
    const t = Array.from(run.t);
    const columns: Record<string, number[]> = { t, trainError: Array.from(run.trainError), testError: Array.from(run.testError) };
    return {
      t,
      json: {
        A: A.map(nested),
        trainError: Array.from(run.trainError),
        testError: Array.from(run.testError),
        method: 'gd',
        learningRate: plan.learningRate,
        steps: plan.steps,
        width: built.model.width,
        threshold: threshold(built),
      },
      lines: [
        `simulation: gradient descent on W1 (${built.model.width}x${built.Y.cols}), W2 (${built.Y.rows}x${built.model.width}), η = ${plan.learningRate}, ${plan.steps} steps; time t/τ (step k ↔ t = k·η)`,
        '',
        ...table(['t/τ', 'train error', 'test error'], shownRows(t.length).map((k) => [num(t[k]), num(run.trainError[k]), num(run.testError[k])])),
      ],
      columns,
    };
  },
  compare(built, plan) {
    const sim = this.simulate(built, plan);
    const start = matmul(built.W2 as Matrix, built.W1 as Matrix);
    const res = mixedExactFlow(built, sim.t, start);
    const simA = sim.json.A as number[][][];
    const relativeError = sim.t.map((_, k) => relativeDistance(simA[k].flat(), res.A[k].data));
    return { t: sim.t, relativeError, quantity: 'A = W2W1 vs (1)', json: { exact: { A: res.A.map(nested), trainError: Array.from(res.trainError) }, simulation: sim.json }, lines: [] };
  },
};
