/**
 * The pure-TypeScript matrix product: C ← alpha·op(A)·op(B) + beta·C, in place.
 * @module
 */
import { ShapeError } from '../../errors/index.js';
import type { Matrix } from '../matrix.js';

/**
 * General matrix product in place (the `LinalgBackend.gemm` contract): C ← alpha·op(A)·op(B) + beta·C,
 * where op(X) is X, or Xᵀ when the matching `trans` flag is set. When beta = 0, C's old entries are
 * ignored (NaN included); when alpha = 0 or the inner dimension is 0, A and B are not read.
 * @throws ShapeError when the shapes do not fit (the caller normally checks first).
 */
export function gemmJs(
  transA: boolean,
  transB: boolean,
  alpha: number,
  A: Matrix,
  B: Matrix,
  beta: number,
  C: Matrix,
): void {
  const m = transA ? A.cols : A.rows;
  const k = transA ? A.rows : A.cols;
  const kb = transB ? B.cols : B.rows;
  const n = transB ? B.rows : B.cols;
  if (k !== kb || C.rows !== m || C.cols !== n) {
    const sa = transA ? `${A.rows}x${A.cols} (transposed)` : `${A.rows}x${A.cols}`;
    const sb = transB ? `${B.rows}x${B.cols} (transposed)` : `${B.rows}x${B.cols}`;
    throw new ShapeError(
      `gemm: shapes ${sa} and ${sb} do not match (op(A) is ${m}x${k}, op(B) is ${kb}x${n}, C is ${C.rows}x${C.cols}).`,
    );
  }
  const c = C.data;
  if (beta === 0) c.fill(0);
  else if (beta !== 1) for (let i = 0; i < c.length; i++) c[i] *= beta;
  if (alpha === 0 || k === 0 || m === 0 || n === 0) return;
  const a = A.data;
  const b = B.data;
  const lda = A.cols;
  const ldb = B.cols;
  const row = new Float64Array(n);
  for (let i = 0; i < m; i++) {
    row.fill(0);
    for (let p = 0; p < k; p++) {
      const aip = transA ? a[p * lda + i] : a[i * lda + p];
      if (transB) {
        for (let j = 0; j < n; j++) row[j] += aip * b[j * ldb + p];
      } else {
        const off = p * ldb;
        for (let j = 0; j < n; j++) row[j] += aip * b[off + j];
      }
    }
    const off = i * n;
    for (let j = 0; j < n; j++) c[off + j] += alpha * row[j];
  }
}
