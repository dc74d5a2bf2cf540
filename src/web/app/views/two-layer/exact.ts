/**
 * The exact curves of the two-layer view (Dominé et al., ICLR 2025, spec §3.4, §4.2–4.4): loss, a
 * few entries of W(t) and the NTK kernel distance S(K(0), K(t)) on a time grid, evaluated by
 * {@link FastTwoLayerExact} into reusable buffers, and the representation matrices at one time. When
 * the closed form does not apply (not λ-balanced, B singular, N_h ≠ min(N_i, N_o)) the theory's
 * sentence is returned instead of numbers.
 * @module
 */
import type { BuiltExperiment } from '../../../../config/index.js';
import type { Matrix } from '../../../../linalg/matrix.js';
import { rsmInput, rsmOutput } from '../../../../metrics/index.js';
import { FastTwoLayerExact, type FastCurves } from './fast-exact.js';

/** How many entries of W(t) the view plots. */
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
export interface TwoLayerCurves extends FastCurves {
  /** Evaluation times t/τ. */
  t: Float64Array;
  /** Labels W[i,j] (1-based) of the plotted entries. */
  entryLabels: string[];
}

/**
 * The prepared closed form of a built two-layer document (entries of {@link entryIndices}), or the
 * theory's refusal sentence.
 * @example
 * const built = buildExperiment(validateExperiment({ model: { kind: 'two-layer-linear' }, task: { kind: 'whitened', sigmaYX: [[2, 0.5], [0.1, 1]] }, init: { kind: 'lambda-balanced', lambda: -1.5, scale: 0.2, hidden: 2, seed: 7 }, train: { method: 'flow', tEnd: 5 } }));
 * const r = prepareTwoLayer(built);
 * 'sentence' in r; // → false (the closed form applies: r.exact, r.entryLabels)
 */
export function prepareTwoLayer(built: BuiltExperiment): { exact: FastTwoLayerExact; entryLabels: string[] } | { sentence: string } {
  if (built.weights.length !== 2) return { sentence: 'The closed form is for two-layer networks.' };
  const { ni, no } = built.task;
  const idx = entryIndices(no, ni);
  const pairs = idx.map((k) => [Math.floor(k / ni), k % ni] as const);
  try {
    const exact = new FastTwoLayerExact(built.task, { W1: built.weights[0], W2: built.weights[1] }, pairs);
    if (exact.problem !== null) return { sentence: exact.problem };
    return { exact, entryLabels: pairs.map(([i, j]) => `W[${i + 1},${j + 1}]`) };
  } catch (e) {
    return { sentence: e instanceof Error ? e.message : String(e) };
  }
}

/**
 * Evaluates the curves at `times`, reusing `previous`'s buffers when the length matches.
 * @example
 * import { timeGrid } from './model.js';
 * const prepared = prepareTwoLayer(buildExperiment(validateExperiment({ model: { kind: 'two-layer-linear' }, task: { kind: 'whitened', sigmaYX: [[2, 0.5], [0.1, 1]] }, init: { kind: 'lambda-balanced', lambda: -1.5, scale: 0.2, hidden: 2, seed: 7 }, train: { method: 'flow', tEnd: 5 } })));
 * if ('sentence' in prepared) throw new Error(prepared.sentence);
 * const curves = twoLayerCurves(prepared.exact, prepared.entryLabels, timeGrid(20, 400));
 * curves.loss.length; // → 400
 */
export function twoLayerCurves(exact: FastTwoLayerExact, entryLabels: string[], times: Float64Array, previous?: TwoLayerCurves | null): TwoLayerCurves {
  const n = times.length;
  const reuse = previous && previous.loss.length === n && previous.entries.length === entryLabels.length;
  const out: TwoLayerCurves = reuse
    ? { t: times, loss: previous.loss, entries: previous.entries, ntk: previous.ntk, entryLabels }
    : { t: times, loss: new Float64Array(n), entries: entryLabels.map(() => new Float64Array(n)), ntk: new Float64Array(n), entryLabels };
  exact.evaluate(times, out);
  return out;
}

/**
 * Representation matrices at time t: the input RSM Xᵀ W₁ᵀW₁ X and the output RSM Yᵀ(W₂W₂ᵀ)⁺Y of
 * spec §4.2 when the task has data; for a whitened task without data the Gram matrices W₁ᵀW₁
 * (N_i×N_i) and W₂W₂ᵀ (N_o×N_o) themselves.
 * @example
 * const built = buildExperiment(validateExperiment({ model: { kind: 'two-layer-linear' }, task: { kind: 'whitened', sigmaYX: [[2, 0.5], [0.1, 1]] }, init: { kind: 'lambda-balanced', lambda: -1.5, scale: 0.2, hidden: 2, seed: 7 }, train: { method: 'flow', tEnd: 5 } }));
 * const prepared = prepareTwoLayer(built);
 * if ('sentence' in prepared) throw new Error(prepared.sentence);
 * representationsAt(built, prepared.exact, 5).input.shape; // → [2, 2] (P×P, or N_i×N_i for a whitened task)
 */
export function representationsAt(built: BuiltExperiment, exact: FastTwoLayerExact, t: number): { input: Matrix; output: Matrix; inputTitle: string; outputTitle: string } {
  const s = exact.gramsAt(t);
  const { X, Y } = built.task;
  if (X && Y) {
    return { input: rsmInput(s.W1tW1, X), output: rsmOutput(s.W2W2t, Y), inputTitle: 'input RSM Xᵀ W₁ᵀW₁ X', outputTitle: 'output RSM Yᵀ (W₂W₂ᵀ)⁺ Y' };
  }
  return { input: s.W1tW1, output: s.W2W2t, inputTitle: 'W₁ᵀW₁ (input side)', outputTitle: 'W₂W₂ᵀ (output side)' };
}
