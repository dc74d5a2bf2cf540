/**
 * Relative weight change, a lazy/rich indicator (lazy training barely moves the weights; Chizat et
 * al. 2019; used by Dominé et al., ICLR 2025, spec `lazy-to-rich.md` §5.4 Fig. 4D).
 *
 * @module
 */
import { DomainError, ShapeError } from '../errors/index.js';
import { assertFinite, Matrix } from '../linalg/matrix.js';
import type { LinearWeights } from '../models/types.js';

function layers(w: LinearWeights, what: string): readonly Matrix[] {
  if (Array.isArray(w)) return w as readonly Matrix[];
  const t = w as { W1?: unknown; W2?: unknown };
  if (t.W1 instanceof Matrix && t.W2 instanceof Matrix) return [t.W1, t.W2];
  throw new DomainError(`${what}: expected weights as { W1, W2 } or a list of matrices.`);
}

/**
 * ‖θ_T − θ_0‖ / ‖θ_0‖ with θ all weights of all layers concatenated (Frobenius/Euclidean norm).
 * Accepts `{ W1, W2 }` or `[W₁, …, W_L]` for either argument (the forms may differ).
 *
 * @throws ShapeError when the layer counts or shapes differ; DomainError when the initial weights are
 * all zero (the relative change is undefined) or an entry is non-finite
 * @example
 * relativeWeightChange([Matrix.from([[1]])], [Matrix.from([[1.1]])]); // → 0.1
 */
export function relativeWeightChange(weights0: LinearWeights, weightsT: LinearWeights): number {
  const a = layers(weights0, 'relativeWeightChange: weights0');
  const b = layers(weightsT, 'relativeWeightChange: weightsT');
  if (a.length !== b.length) {
    throw new ShapeError(`relativeWeightChange: ${a.length} layers at the start but ${b.length} at the end.`);
  }
  let num = 0;
  let den = 0;
  // Scale-free accumulation: the ratio of two norms, each summed in double (no overflow below 1e150).
  for (let l = 0; l < a.length; l++) {
    if (a[l].rows !== b[l].rows || a[l].cols !== b[l].cols) {
      throw ShapeError.mismatch('relativeWeightChange', a[l].shape, b[l].shape, `layer ${l + 1} changed shape`);
    }
    assertFinite(a[l], `relativeWeightChange: weights0[${l}]`);
    assertFinite(b[l], `relativeWeightChange: weightsT[${l}]`);
    for (let i = 0; i < a[l].data.length; i++) {
      const d = b[l].data[i] - a[l].data[i];
      num += d * d;
      den += a[l].data[i] * a[l].data[i];
    }
  }
  if (den === 0) {
    throw new DomainError('relativeWeightChange: the initial weights are all zero, so a relative change is undefined; report the absolute change instead.');
  }
  return Math.sqrt(num / den);
}
