/**
 * The native backend's kernels: the {@link LinalgBackend} contract on top of CBLAS/LAPACK routines
 * bound by `./bindings.ts`. Node only.
 *
 * **Row-major ↔ column-major.** A row-major `rows × cols` array read column-major is the
 * `cols × rows` transpose, with no copy. Each kernel uses that fact where it makes the transposition
 * free, and copies into column-major order where it does not:
 * - gemm: CBLAS has a row-major mode (`CblasRowMajor`), no trick needed.
 * - eigh: a symmetric A equals its transpose, so its row-major array is A in column-major too. The
 *   row-major *lower* triangle is the column-major *upper* one, so `dsyevd_` gets `UPLO = 'U'`.
 *   The eigenvectors come back as column-major columns = row-major rows; one transpose returns them
 *   as columns.
 * - svd: the array of A (m × n, row-major) is Aᵀ (n × m) column-major. `dgesdd_` on it gives
 *   Aᵀ = U' S V'ᵀ, so A = V' S U'ᵀ: A's U is V' and A's Vᵀ is U'ᵀ. LAPACK writes U' (n × k,
 *   column-major), whose array *is* U'ᵀ (k × n) row-major = A's Vᵀ; and V'ᵀ (k × m, column-major),
 *   whose array is V' (m × k) row-major = A's U. No copies at all.
 * - cholesky: the array of a symmetric A is A column-major, and `dpotrf_('U')` gives A = U'ᵀ U'
 *   with U' upper triangular column-major, whose array is L = U'ᵀ lower triangular row-major;
 *   A = L Lᵀ. It reads the row-major lower triangle. The untouched strict upper part is zeroed.
 * - lu, luSolve, qr: a transpose of A is not a useful factorisation of A here (LU of Aᵀ pivots
 *   columns of A; QR of Aᵀ is an LQ of A), so these copy into column-major order (O(mn), small
 *   next to the O(n³) factorisation) and copy the results back.
 *
 * **Workspace.** Routines with a `LWORK` argument are called once with `LWORK = −1` (the workspace
 * query, which writes the optimal size into `WORK[0]`), then with a buffer of that size.
 *
 * **Errors.** `INFO < 0` means LAPACK rejected an argument: a bug here, reported as `DomainError`.
 * `INFO > 0` means: eigh/svd did not converge (`ConvergenceError`; svd first retries with
 * `dgesvd_`), lu found an exact zero pivot (`singular: true`, not an error), cholesky found a
 * non-positive pivot (`null`).
 *
 * **Small matrices.** Every call through koffi has a fixed cost, so a backend created with a
 * `small` backend (the js one, in `./index.ts`) hands it inputs below the measured crossover sizes
 * in {@link SMALL_LIMITS}. Results then follow the js backend (same conventions; eigenvector and
 * singular-vector signs may differ from LAPACK's).
 *
 * References: E. Anderson et al., *LAPACK Users' Guide*, 3rd ed., SIAM 1999 (routine
 * documentation, workspace queries, INFO conventions); Golub & Van Loan, *Matrix Computations*,
 * 4th ed., §§3.2, 4.2, 5.2, 8.3 (LU, Cholesky, QR, symmetric eigenproblem).
 *
 * @module
 */
import { ConvergenceError, DomainError, ShapeError } from '../../errors/index.js';
import { Matrix } from '../matrix.js';
import type { EighResult, LinalgBackend, LuResult, QrResult, SvdResult } from '../backend.js';
import type { RawBlasLapack } from './bindings.js';

const CBLAS_ROW_MAJOR = 101;
const CBLAS_NO_TRANS = 111;
const CBLAS_TRANS = 112;

/**
 * Sizes at or below which a kernel is delegated to the `small` backend (when one is given), because
 * there the fixed FFI cost (≈ 0.3 µs per call plus ≈ 0.1 µs per argument array), the LAPACK
 * workspace query and the row/column-major copies exceed the arithmetic. Measured on the project
 * machine (2 vCPU, single-threaded OpenBLAS vs the js backend, best of 5; the machine was shared, so
 * each ratio is only good to about ±30 %): js/native time ratios near 1 at gemm 4×4×4–6×6×6,
 * eigh/svd n ≈ 4–8, lu n ≈ 16, cholesky n ≈ 16–24, qr n ≈ 16, luSolve n ≈ 32 (one right-hand side).
 */
export const SMALL_LIMITS = {
  /** gemm: delegate when m·n·k ≤ this. */
  gemmWork: 125,
  /** eigh: delegate when n ≤ this. */
  eigh: 6,
  /** svd: delegate when max(m, n) ≤ this. */
  svd: 6,
  /** lu: delegate when n ≤ this. */
  lu: 16,
  /** luSolve: delegate when n·(r + n) ≤ this (the copies are the cost). */
  luSolveWork: 32 * 33,
  /** cholesky: delegate when n ≤ this. */
  cholesky: 20,
  /** qr: delegate when max(m, n) ≤ this. */
  qr: 16,
} as const;

/** A 1-element Int32Array holding v (Fortran scalar by reference). */
function ref(v: number): Int32Array {
  return Int32Array.of(v);
}

/** Row-major → column-major copy of a rows × cols array (= row-major copy of the transpose). */
function transposeData(src: Float64Array, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const off = i * cols;
    for (let j = 0; j < cols; j++) out[j * rows + i] = src[off + j];
  }
  return out;
}

/** The workspace size written by a LWORK = −1 query. */
function queriedSize(work: Float64Array): number {
  return Math.max(1, Math.ceil(work[0]));
}

function illegalArgument(op: string, routine: string, info: number, shape: string): DomainError {
  return new DomainError(
    `native ${op}: LAPACK ${routine} rejected argument ${-info} for a ${shape} input; this is a lazyrich bug (please report it) — set LAZYRICH_BACKEND=js to work around it.`,
  );
}

function requireSquare(op: string, A: Matrix): number {
  if (A.rows !== A.cols) {
    throw new ShapeError(`native ${op}: the matrix must be square, got ${A.rows}x${A.cols}.`);
  }
  return A.rows;
}

/** Creates the native backend over bound routines; `small` (e.g. the js backend) takes tiny inputs. */
export function createNativeBackend(raw: RawBlasLapack, small?: LinalgBackend): LinalgBackend {
  function gemm(transA: boolean, transB: boolean, alpha: number, A: Matrix, B: Matrix, beta: number, C: Matrix): void {
    const m = transA ? A.cols : A.rows;
    const k = transA ? A.rows : A.cols;
    const kb = transB ? B.cols : B.rows;
    const n = transB ? B.rows : B.cols;
    if (k !== kb || C.rows !== m || C.cols !== n) {
      // Must be checked here: CBLAS would read or write out of bounds.
      const sa = transA ? `${A.rows}x${A.cols} (transposed)` : `${A.rows}x${A.cols}`;
      const sb = transB ? `${B.rows}x${B.cols} (transposed)` : `${B.rows}x${B.cols}`;
      throw new ShapeError(
        `gemm: shapes ${sa} and ${sb} do not match (op(A) is ${m}x${k}, op(B) is ${kb}x${n}, C is ${C.rows}x${C.cols}).`,
      );
    }
    if (m === 0 || n === 0) return;
    if (small !== undefined && m * n * k <= SMALL_LIMITS.gemmWork) {
      small.gemm(transA, transB, alpha, A, B, beta, C);
      return;
    }
    if (k === 0 || alpha === 0) {
      // C ← beta·C without calling BLAS (lda = 0 would be rejected; beta = 0 must clear NaN).
      const c = C.data;
      if (beta === 0) c.fill(0);
      else if (beta !== 1) for (let i = 0; i < c.length; i++) c[i] *= beta;
      return;
    }
    // beta = 0: BLAS sets C to zero without reading it (NaN in C is ignored; tested).
    raw.dgemm(
      CBLAS_ROW_MAJOR,
      transA ? CBLAS_TRANS : CBLAS_NO_TRANS,
      transB ? CBLAS_TRANS : CBLAS_NO_TRANS,
      m, n, k, alpha, A.data, A.cols, B.data, B.cols, beta, C.data, n,
    );
  }

  function eigh(A: Matrix): EighResult {
    const n = requireSquare('eigh', A);
    if (n === 0) return { values: new Float64Array(0), vectors: new Matrix(0, 0) };
    if (small !== undefined && n <= SMALL_LIMITS.eigh) return small.eigh(A);
    const a = A.data.slice();
    const w = new Float64Array(n);
    const N = ref(n);
    const info = ref(0);
    const query = new Float64Array(1);
    const iquery = new Int32Array(1);
    raw.dsyevd('V', 'U', N, a, N, w, query, ref(-1), iquery, ref(-1), info, 1, 1);
    if (info[0] !== 0) throw illegalArgument('eigh', 'dsyevd_ (workspace query)', info[0], `${n}x${n}`);
    const lwork = queriedSize(query);
    const liwork = Math.max(1, iquery[0]);
    raw.dsyevd('V', 'U', N, a, N, w, new Float64Array(lwork), ref(lwork), new Int32Array(liwork), ref(liwork), info, 1, 1);
    if (info[0] < 0) throw illegalArgument('eigh', 'dsyevd_', info[0], `${n}x${n}`);
    if (info[0] > 0) {
      throw new ConvergenceError(
        `native eigh: LAPACK dsyevd_ failed to converge on a ${n}x${n} matrix (INFO = ${info[0]}); check the input for extreme entries or retry with the js backend (LAZYRICH_BACKEND=js).`,
      );
    }
    // a holds eigenvector k in column-major column k = row-major row k; transpose to columns.
    return { values: w, vectors: new Matrix(n, n, transposeData(a, n, n)) };
  }

  /** `dgesvd_` on the (column-major) array `at` of Aᵀ; same output layout as dgesdd_. */
  function svdFallback(at: Float64Array, m: number, n: number, full: boolean, s: Float64Array, u: Float64Array, ldu: number, vt: Float64Array, ldvt: number): void {
    const job = full ? 'A' : 'S';
    const info = ref(0);
    const query = new Float64Array(1);
    // Column-major problem is n × m (the transpose); see the module comment.
    const M = ref(n);
    const Nn = ref(m);
    raw.dgesvd(job, job, M, Nn, at, ref(Math.max(1, n)), s, u, ref(ldu), vt, ref(ldvt), query, ref(-1), info, 1, 1);
    if (info[0] !== 0) throw illegalArgument('svd', 'dgesvd_ (workspace query)', info[0], `${m}x${n}`);
    const lwork = queriedSize(query);
    raw.dgesvd(job, job, M, Nn, at, ref(Math.max(1, n)), s, u, ref(ldu), vt, ref(ldvt), new Float64Array(lwork), ref(lwork), info, 1, 1);
    if (info[0] < 0) throw illegalArgument('svd', 'dgesvd_', info[0], `${m}x${n}`);
    if (info[0] > 0) {
      throw new ConvergenceError(
        `native svd: LAPACK dgesdd_ and dgesvd_ both failed to converge on a ${m}x${n} matrix (${info[0]} superdiagonals did not converge); check the input for extreme entries or retry with the js backend (LAZYRICH_BACKEND=js).`,
      );
    }
  }

  function svd(A: Matrix, full: boolean): SvdResult {
    const m = A.rows;
    const n = A.cols;
    const k = Math.min(m, n);
    if (k === 0) {
      return full
        ? { U: Matrix.identity(m), s: new Float64Array(0), Vt: Matrix.identity(n) }
        : { U: new Matrix(m, 0), s: new Float64Array(0), Vt: new Matrix(0, n) };
    }
    if (small !== undefined && Math.max(m, n) <= SMALL_LIMITS.svd) return small.svd(A, full);
    // Column-major problem: Aᵀ is n × m. Its U' (n × ucols) is A's Vᵀ; its V'ᵀ (vrows × m) is A's U.
    const ucols = full ? n : k;
    const vrows = full ? m : k;
    const u = new Float64Array(n * ucols); // = A's Vt, row-major ucols × n
    const vt = new Float64Array(vrows * m); // = A's U, row-major m × vrows
    const s = new Float64Array(k);
    const jobz = full ? 'A' : 'S';
    const original = A.data;
    const at = original.slice();
    const M = ref(n);
    const Nn = ref(m);
    const ld = ref(n);
    const ldvt = ref(vrows);
    const info = ref(0);
    const iwork = new Int32Array(8 * k);
    const query = new Float64Array(1);
    raw.dgesdd(jobz, M, Nn, at, ld, s, u, ld, vt, ldvt, query, ref(-1), iwork, info, 1);
    if (info[0] !== 0) throw illegalArgument('svd', 'dgesdd_ (workspace query)', info[0], `${m}x${n}`);
    const lwork = queriedSize(query);
    raw.dgesdd(jobz, M, Nn, at, ld, s, u, ld, vt, ldvt, new Float64Array(lwork), ref(lwork), iwork, info, 1);
    if (info[0] < 0) throw illegalArgument('svd', 'dgesdd_', info[0], `${m}x${n}`);
    if (info[0] > 0) {
      // dgesdd's divide-and-conquer did not converge: retry with the QR-iteration dgesvd on a fresh copy.
      svdFallback(original.slice(), m, n, full, s, u, n, vt, vrows);
    }
    return { U: new Matrix(m, vrows, vt), s, Vt: new Matrix(ucols, n, u) };
  }

  function lu(A: Matrix): LuResult {
    const n = requireSquare('lu', A);
    if (n === 0) return { lu: new Matrix(0, 0), pivots: new Int32Array(0), permutationSign: 1, singular: false };
    if (small !== undefined && n <= SMALL_LIMITS.lu) return small.lu(A);
    const a = transposeData(A.data, n, n); // column-major copy of A
    const ipiv = new Int32Array(n);
    const info = ref(0);
    const N = ref(n);
    raw.dgetrf(N, N, a, N, ipiv, info);
    if (info[0] < 0) throw illegalArgument('lu', 'dgetrf_', info[0], `${n}x${n}`);
    let sign = 1;
    for (let i = 0; i < n; i++) {
      ipiv[i] -= 1; // LAPACK's 1-based pivots → 0-based
      if (ipiv[i] !== i) sign = -sign;
    }
    // INFO > 0: U(INFO, INFO) is exactly zero; the factorisation is complete but U is singular.
    return { lu: new Matrix(n, n, transposeData(a, n, n)), pivots: ipiv, permutationSign: sign, singular: info[0] > 0 };
  }

  function luSolve(factor: LuResult, B: Matrix): Matrix {
    const n = factor.lu.rows;
    if (factor.lu.cols !== n || factor.pivots.length !== n) {
      throw new ShapeError(
        `native luSolve: the factor must be square with one pivot per row, got ${factor.lu.rows}x${factor.lu.cols} with ${factor.pivots.length} pivots.`,
      );
    }
    if (B.rows !== n) {
      throw ShapeError.mismatch('luSolve', [n, n], [B.rows, B.cols], `the right-hand side needs ${n} rows`);
    }
    if (factor.singular) {
      throw new DomainError(
        `native luSolve: the ${n}x${n} matrix is singular (an exact zero pivot in U), so A X = B has no unique solution; use a least-squares or pseudo-inverse solve instead.`,
      );
    }
    const r = B.cols;
    if (n === 0 || r === 0) return new Matrix(n, r);
    if (small !== undefined && n * (r + n) <= SMALL_LIMITS.luSolveWork) return small.luSolve(factor, B);
    const a = transposeData(factor.lu.data, n, n);
    const b = transposeData(B.data, n, r);
    const ipiv = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const p = factor.pivots[i];
      if (!Number.isInteger(p) || p < i || p >= n) {
        throw new DomainError(`native luSolve: pivot ${i} is ${p}, expected an integer in [${i}, ${n - 1}]; pass the result of lu() unchanged.`);
      }
      ipiv[i] = p + 1; // back to LAPACK's 1-based pivots
    }
    const info = ref(0);
    const N = ref(n);
    raw.dgetrs('N', N, ref(r), a, N, ipiv, b, N, info, 1);
    if (info[0] < 0) throw illegalArgument('luSolve', 'dgetrs_', info[0], `${n}x${n}`);
    return new Matrix(n, r, transposeData(b, r, n));
  }

  function cholesky(A: Matrix): Matrix | null {
    const n = requireSquare('cholesky', A);
    if (n === 0) return new Matrix(0, 0);
    if (small !== undefined && n <= SMALL_LIMITS.cholesky) return small.cholesky(A);
    const a = A.data.slice();
    const info = ref(0);
    const N = ref(n);
    raw.dpotrf('U', N, a, N, info, 1);
    if (info[0] < 0) throw illegalArgument('cholesky', 'dpotrf_', info[0], `${n}x${n}`);
    if (info[0] > 0) return null; // leading minor of order INFO is not positive definite
    for (let i = 0; i < n; i++) a.fill(0, i * n + i + 1, (i + 1) * n); // clear the row-major strict upper part
    return new Matrix(n, n, a);
  }

  function qr(A: Matrix, full: boolean): QrResult {
    const m = A.rows;
    const n = A.cols;
    const k = Math.min(m, n);
    const qcols = full ? m : k;
    const rrows = full ? m : k;
    if (k === 0) return { Q: full ? Matrix.identity(m) : new Matrix(m, 0), R: new Matrix(rrows, n) };
    if (small !== undefined && Math.max(m, n) <= SMALL_LIMITS.qr) return small.qr(A, full);
    const a = transposeData(A.data, m, n); // column-major m × n, lda = m
    const tau = new Float64Array(k);
    const info = ref(0);
    const M = ref(m);
    const query = new Float64Array(1);
    raw.dgeqrf(M, ref(n), a, M, tau, query, ref(-1), info);
    if (info[0] !== 0) throw illegalArgument('qr', 'dgeqrf_ (workspace query)', info[0], `${m}x${n}`);
    let lwork = queriedSize(query);
    raw.dgeqrf(M, ref(n), a, M, tau, new Float64Array(lwork), ref(lwork), info);
    if (info[0] !== 0) throw illegalArgument('qr', 'dgeqrf_', info[0], `${m}x${n}`);
    // R: upper triangle of the first rrows rows.
    const R = new Matrix(rrows, n);
    for (let i = 0; i < rrows; i++) {
      for (let j = i; j < n; j++) R.data[i * n + j] = a[j * m + i];
    }
    // Q: the first k columns of a hold the reflectors; dorgqr expands them to m × qcols.
    const q = new Float64Array(m * qcols);
    q.set(a.subarray(0, m * k));
    const Q = ref(qcols);
    const K = ref(k);
    raw.dorgqr(M, Q, K, q, M, tau, query, ref(-1), info);
    if (info[0] !== 0) throw illegalArgument('qr', 'dorgqr_ (workspace query)', info[0], `${m}x${n}`);
    lwork = queriedSize(query);
    raw.dorgqr(M, Q, K, q, M, tau, new Float64Array(lwork), ref(lwork), info);
    if (info[0] !== 0) throw illegalArgument('qr', 'dorgqr_', info[0], `${m}x${n}`);
    return { Q: new Matrix(m, qcols, transposeData(q, qcols, m)), R };
  }

  return { name: 'native', gemm, eigh, svd, lu, luSolve, cholesky, qr };
}
