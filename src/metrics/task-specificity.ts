/**
 * Task-specificity of the representations (TSC; Anguita's thesis, used for Dominé et al., ICLR 2025,
 * spec `lazy-to-rich.md` §4.4 [T]).
 *
 * @module
 */
import { ShapeError } from '../errors/index.js';
import { Matrix } from '../linalg/matrix.js';
import type { LinearTask } from '../tasks/index.js';
import { taskSvd } from '../tasks/index.js';
import { frobeniusCosine } from './kernel-distance.js';

function sandwich(A: Matrix, v: ArrayLike<number>): Matrix {
  const n = A.rows;
  const r = v.length;
  const out = new Matrix(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let acc = 0;
      for (let a = 0; a < r; a++) acc += A.data[i * A.cols + a] * v[a] * A.data[j * A.cols + a];
      out.data[i * n + j] = acc;
    }
  }
  return out;
}

/**
 * TSC of the two representations against the task structure (spec §4.4 [T, thesis]):
 *
 *     input  = max(cos(W₁ᵀW₁, ṼS̃Ṽᵀ), cos(W₁ᵀW₁, ṼS̃²Ṽᵀ)),
 *     output = max(cos(W₂W₂ᵀ, ŨS̃Ũᵀ), cos(W₂W₂ᵀ, ŨS̃²Ũᵀ)),
 *
 * with cos the Frobenius cosine and Σ_yx = ŨS̃Ṽᵀ the task SVD. Both peak at λ = 0 (where the
 * converged Grams are exactly ṼS̃Ṽᵀ, ŨS̃Ũᵀ, TSC = 1); the input side stays high as λ → +∞
 * (W₁ᵀW₁ ≈ WᵀW/λ ∝ ṼS̃²Ṽᵀ) and the output side as λ → −∞.
 *
 * A generic function of states: pass the Grams of an `ExactState` or of simulated weights.
 *
 * **Special cases.** A zero Gram matrix has TSC 0 (see `frobeniusCosine`).
 *
 * @param task - the task (only Σ_yx is read)
 * @param W1tW1 - N_i × N_i
 * @param W2W2t - N_o × N_o
 * @returns `{ input, output }` in [−1, 1] (in [0, 1] for PSD arguments)
 * @throws ShapeError when the Grams do not fit the task
 * @example
 * const task = whitenedTask(Matrix.from([[2, 0], [0, 1]]));
 * const init = lambdaBalancedInit({ lambda: 0, ni: 2, no: 2, scale: 0.01, aligned: task, stream: createRandom(0, 'init') });
 * const end = exactSolution(task, init).at(1e4); // λ = 0, t → ∞
 * taskSpecificity(task, end.W1tW1, end.W2W2t); // → { input: 1.000000, output: 1.000000 }
 */
export function taskSpecificity(task: LinearTask, W1tW1: Matrix, W2W2t: Matrix): { input: number; output: number } {
  if (W1tW1.rows !== task.ni || W1tW1.cols !== task.ni) {
    throw new ShapeError(`taskSpecificity: W₁ᵀW₁ is ${W1tW1.rows}x${W1tW1.cols} but task "${task.name}" has N_i = ${task.ni}.`);
  }
  if (W2W2t.rows !== task.no || W2W2t.cols !== task.no) {
    throw new ShapeError(`taskSpecificity: W₂W₂ᵀ is ${W2W2t.rows}x${W2W2t.cols} but task "${task.name}" has N_o = ${task.no}.`);
  }
  const { U, V, s } = taskSvd(task);
  const s2 = s.map((v) => v * v);
  return {
    input: Math.max(frobeniusCosine(W1tW1, sandwich(V, s)), frobeniusCosine(W1tW1, sandwich(V, s2))),
    output: Math.max(frobeniusCosine(W2W2t, sandwich(U, s)), frobeniusCosine(W2W2t, sandwich(U, s2))),
  };
}
