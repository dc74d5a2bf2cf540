/**
 * Error measures shared by the numerical tests. Each is computed with plain loops (not with the
 * kernels under test), so a bug in a kernel cannot hide itself in its own check.
 */
import assert from 'node:assert/strict';
import type { Matrix } from '../../src/linalg/matrix.js';

/** Fails with both numbers printed when `value > bound`. */
export function assertBelow(value: number, bound: number, what: string): void {
  assert.ok(value <= bound, `${what}: ${value.toExponential(3)} exceeds ${bound.toExponential(3)}`);
}

/**
 * ‖XᵀX − I‖_F for the columns of X, or ‖XXᵀ − I‖_F for its rows when `rowsOrthonormal`.
 */
export function orthogonalityError(X: Matrix, rowsOrthonormal = false): number {
  const { rows, cols, data } = X;
  const count = rowsOrthonormal ? rows : cols;
  const len = rowsOrthonormal ? cols : rows;
  const at = (vecIndex: number, i: number) => (rowsOrthonormal ? data[vecIndex * cols + i] : data[i * cols + vecIndex]);
  let err = 0;
  for (let a = 0; a < count; a++) {
    for (let b = a; b < count; b++) {
      let s = 0;
      for (let i = 0; i < len; i++) s += at(a, i) * at(b, i);
      const e = s - (a === b ? 1 : 0);
      err += a === b ? e * e : 2 * e * e;
    }
  }
  return Math.sqrt(err);
}

/** max |x − ref| / max |ref| (normwise relative error of the whole vector; absolute when ref = 0). */
export function normwiseError(x: ArrayLike<number>, ref: ArrayLike<number>): number {
  let big = 0;
  let err = 0;
  for (let i = 0; i < ref.length; i++) {
    big = Math.max(big, Math.abs(ref[i]));
    err = Math.max(err, Math.abs(x[i] - ref[i]));
  }
  return big === 0 ? err : err / big;
}

/** max over i with |refᵢ| ≥ floor·max|ref| (and refᵢ ≠ 0) of |xᵢ − refᵢ| / |refᵢ|. */
export function perValueError(x: ArrayLike<number>, ref: ArrayLike<number>, floor: number): number {
  let big = 0;
  for (let i = 0; i < ref.length; i++) big = Math.max(big, Math.abs(ref[i]));
  let err = 0;
  for (let i = 0; i < ref.length; i++) {
    if (Math.abs(ref[i]) >= floor * big && ref[i] !== 0) err = Math.max(err, Math.abs(x[i] - ref[i]) / Math.abs(ref[i]));
  }
  return err;
}
