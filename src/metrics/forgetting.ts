/**
 * Forgetting in continual learning (Dominé et al., ICLR 2025, App. D.1; spec `lazy-to-rich.md` §5.8).
 * With whitened inputs the loss of task i is L_i(W) = ½‖W − Σ_yx^{(i)}‖²_F + c_i, so forgetting is a
 * function of the network function alone — hence of any state, exact or simulated.
 *
 * @module
 */
import { DomainError, ShapeError } from '../errors/index.js';
import { assertFinite, Matrix } from '../linalg/matrix.js';
import type { LinearTask } from '../tasks/index.js';
import { requireWhitened } from '../tasks/index.js';

function targetOf(task: LinearTask | Matrix, what: string): Matrix {
  if (task instanceof Matrix) {
    assertFinite(task, what);
    return task;
  }
  requireWhitened(task, what);
  return task.sigmaYX;
}

function halfSqDist(A: Matrix, B: Matrix, what: string): number {
  if (A.rows !== B.rows || A.cols !== B.cols) throw ShapeError.mismatch(what, A.shape, B.shape, 'every map and Σ_yx must be N_o x N_i');
  assertFinite(A, what);
  let s = 0;
  for (let i = 0; i < A.data.length; i++) {
    const d = A.data[i] - B.data[i];
    s += d * d;
  }
  return 0.5 * s;
}

/**
 * Forgetting of task i between two states: F_i = L_i(W_after) − L_i(W_before)
 * = ½(‖W_after − Σ^{(i)}‖² − ‖W_before − Σ^{(i)}‖²) (spec §5.8; positive = task i got worse).
 *
 * @param taskI - task i (whitened, checked) or its Σ_yx^{(i)}
 * @param Wbefore - the network function before (e.g. converged on task j)
 * @param Wafter - the network function after (e.g. converged on task k)
 * @throws ShapeError / DomainError on mismatched shapes, non-finite entries or an unwhitened task
 * @example
 * forgetting(Matrix.from([[1]]), Matrix.from([[1]]), Matrix.from([[0]])); // → 0.5
 */
export function forgetting(taskI: LinearTask | Matrix, Wbefore: Matrix, Wafter: Matrix): number {
  const S = targetOf(taskI, 'forgetting: task i');
  return halfSqDist(Wafter, S, 'forgetting') - halfSqDist(Wbefore, S, 'forgetting');
}

/**
 * Forgetting of task i when training moves from convergence on task j to convergence on task k
 * (whitened, full-rank, non-singular B): F_i = ½(‖Σ^{(k)} − Σ^{(i)}‖² − ‖Σ^{(j)} − Σ^{(i)}‖²)
 * (spec §5.8 [P, T]). Independent of λ: "catastrophic forgetting regardless of λ".
 *
 * @example
 * const A = Matrix.from([[1, 0], [0, 1]]);
 * const B = Matrix.from([[0, 0], [0, 1]]);
 * // ½‖B − A‖²: task A is forgotten after learning B
 * convergedForgetting(A, A, B); // → 0.5
 */
export function convergedForgetting(sigmaI: LinearTask | Matrix, sigmaJ: LinearTask | Matrix, sigmaK: LinearTask | Matrix): number {
  return forgetting(sigmaI, targetOf(sigmaJ, 'convergedForgetting: task j'), targetOf(sigmaK, 'convergedForgetting: task k'));
}

/**
 * The rate of change of task i's loss while training on another task: dL_i/dt = tr(Ẇ (W − Σ^{(i)})ᵀ)
 * (spec §5.8 [T]), for Ẇ from the closed form or a simulation.
 *
 * @throws ShapeError on mismatched shapes; DomainError on non-finite entries
 * @example
 * const task = whitenedTask(Matrix.from([[1, 0], [0, 1]]));
 * taskLossRate(task, Matrix.zeros(2, 2), Matrix.identity(2)); // → -2
 */
export function taskLossRate(taskI: LinearTask | Matrix, W: Matrix, dWdt: Matrix): number {
  const S = targetOf(taskI, 'taskLossRate: task i');
  if (W.rows !== S.rows || W.cols !== S.cols || dWdt.rows !== S.rows || dWdt.cols !== S.cols) {
    throw ShapeError.mismatch('taskLossRate', W.shape, dWdt.shape, 'W, dW/dt and Σ_yx must all be N_o x N_i');
  }
  assertFinite(W, 'taskLossRate: W');
  assertFinite(dWdt, 'taskLossRate: dWdt');
  let s = 0;
  for (let i = 0; i < W.data.length; i++) s += dWdt.data[i] * (W.data[i] - S.data[i]);
  if (!Number.isFinite(s)) throw new DomainError('taskLossRate: the rate overflowed; check the magnitudes of W and dW/dt.');
  return s;
}
