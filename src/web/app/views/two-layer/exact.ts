/**
 * The exact curves of the two-layer view, from the closed form of Dominé et al. (ICLR 2025, spec
 * §3.4) via `exactSolution`: loss, a few entries of W(t), singular values of W(t), the NTK kernel
 * distance S(K(0), K(t)) (§4.4) and the representation matrices at one time. When the closed form
 * does not apply (not λ-balanced, B singular, N_h ≠ min(N_i, N_o)) the theory's sentence is returned
 * instead of numbers.
 * @module
 */
import type { BuiltExperiment } from '../../../../config/index.js';
import { Matrix } from '../../../../linalg/matrix.js';
import { svdValues } from '../../../../linalg/decompositions.js';
import { ntkKernelDistance, rsmInput, rsmOutput } from '../../../../metrics/index.js';
import { taskLoss } from '../../../../tasks/index.js';
import { exactSolution, type ExactSolution } from '../../../../theory/lazy-to-rich/index.js';

/** How many entries of W(t) the view plots (the first ones in row-major order). */
export const ENTRY_COUNT = 4;

/**
 * Row-major indices of the plotted entries of an N_o×N_i matrix: W[1,1], W[1,N_i], W[N_o,1],
 * W[N_o,N_i] (distinct ones, at most {@link ENTRY_COUNT}).
 * @example
 * entryIndices(2, 3); // [0, 2, 3, 5]
 */
export function entryIndices(no: number, ni: number): number[] {
  const cand = [0, ni - 1, (no - 1) * ni, no * ni - 1];
  return [...new Set(cand)].slice(0, ENTRY_COUNT);
}

/** The exact curves on a time grid. */
export interface TwoLayerCurves {
  /** Evaluation times t/τ. */
  t: Float64Array;
  /** Loss ½‖W − Σ_yx‖²_F + const at each time. */
  loss: Float64Array;
  /** Entries W_{ij}(t) (see {@link entryIndices}), one array per entry. */
  entries: Float64Array[];
  /** Labels W[i,j] (1-based) of the plotted entries. */
  entryLabels: string[];
  /** NTK kernel distance S(K(0), K(t)) ∈ [0, 2]. */
  ntk: Float64Array;
  /** Times of the singular values (a coarser grid). */
  svT: Float64Array;
  /** Singular values σ_α(W(t)), one array per mode (descending). */
  sv: Float64Array[];
}

/** The inputs of the NTK: the task's data X, or the standard basis for a whitened task without data. */
export function ntkInputsOf(built: BuiltExperiment): Matrix {
  return built.task.X ?? Matrix.identity(built.task.ni);
}

/**
 * The closed-form solution of a built two-layer document, or the theory's refusal sentence.
 * @example
 * const r = solveTwoLayer(built); if ('sentence' in r) show(r.sentence);
 */
export function solveTwoLayer(built: BuiltExperiment): { solution: ExactSolution } | { sentence: string } {
  if (built.weights.length !== 2) return { sentence: 'The closed form is for two-layer networks.' };
  try {
    return { solution: exactSolution(built.task, { W1: built.weights[0], W2: built.weights[1] }) };
  } catch (e) {
    return { sentence: e instanceof Error ? e.message : String(e) };
  }
}

/**
 * Evaluates the exact curves at `times` (singular values at every `svStride`-th time, plus the last).
 * @example
 * const curves = twoLayerCurves(built, solution, timeGrid(20, 400));
 */
export function twoLayerCurves(built: BuiltExperiment, sol: ExactSolution, times: Float64Array, svStride = 4): TwoLayerCurves {
  const n = times.length;
  const { ni, no } = built.task;
  const X = ntkInputsOf(built);
  const states = sol.trajectory(times);
  const s0 = states[0].t === 0 ? states[0] : sol.at(0);
  const loss = new Float64Array(n);
  const ntk = new Float64Array(n);
  const idx = entryIndices(no, ni);
  const m = idx.length;
  const entries = Array.from({ length: m }, () => new Float64Array(n));
  const entryLabels = idx.map((k) => `W[${Math.floor(k / ni) + 1},${(k % ni) + 1}]`);
  const r = Math.min(ni, no);
  const svIdx: number[] = [];
  for (let i = 0; i < n; i += Math.max(1, svStride)) svIdx.push(i);
  if (svIdx[svIdx.length - 1] !== n - 1) svIdx.push(n - 1);
  const svT = Float64Array.from(svIdx, (i) => times[i]);
  const sv = Array.from({ length: r }, () => new Float64Array(svIdx.length));
  for (let i = 0; i < n; i++) {
    const s = states[i];
    loss[i] = taskLoss(built.task, s.W);
    ntk[i] = ntkKernelDistance(s0, s, X);
    for (let k = 0; k < m; k++) entries[k][i] = s.W.data[idx[k]];
  }
  svIdx.forEach((i, j) => {
    const s = svdValues(states[i].W);
    for (let a = 0; a < r; a++) sv[a][j] = s[a];
  });
  return { t: times, loss, entries, entryLabels, ntk, svT, sv };
}

/**
 * Representation matrices at time t: the input RSM Xᵀ W₁ᵀW₁ X and the output RSM Yᵀ(W₂W₂ᵀ)⁺Y of
 * spec §4.2 when the task has data; for a whitened task without data the Gram matrices W₁ᵀW₁
 * (N_i×N_i) and W₂W₂ᵀ (N_o×N_o) themselves.
 * @example
 * representationsAt(built, sol, 5).input; // P×P (or N_i×N_i)
 */
export function representationsAt(built: BuiltExperiment, sol: ExactSolution, t: number): { input: Matrix; output: Matrix; inputTitle: string; outputTitle: string } {
  const s = sol.at(t);
  const { X, Y } = built.task;
  if (X && Y) {
    return { input: rsmInput(s.W1tW1, X), output: rsmOutput(s.W2W2t, Y), inputTitle: 'input RSM Xᵀ W₁ᵀW₁ X', outputTitle: 'output RSM Yᵀ (W₂W₂ᵀ)⁺ Y' };
  }
  return { input: s.W1tW1, output: s.W2W2t, inputTitle: 'W₁ᵀW₁ (input side)', outputTitle: 'W₂W₂ᵀ (output side)' };
}
