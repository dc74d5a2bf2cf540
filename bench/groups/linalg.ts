/**
 * The `linalg` benchmark group: matrix product, symmetric eigendecomposition and SVD, each called
 * through `LinalgBackend` (`gemm`, `eigh`, `svd`) against NumPy's `matmul`, `linalg.eigh` and
 * `linalg.svd(full_matrices=False)` on the same matrices.
 *
 * Checks (O(n²) per probe vector x, two probes):
 * - matmul C = A·B: ‖C x − A(B x)‖ / (‖A‖_F ‖B‖_F ‖x‖); summary = row sums of C;
 * - eigh A = V Λ Vᵀ: max of ‖A V x − V Λ x‖ / (‖A‖_F ‖x‖) and ‖Vᵀ V x − x‖ / ‖x‖; summary = Λ;
 * - svd A = U S Vᵀ (thin): max of ‖A x − U S Vᵀ x‖ / (‖A‖_F ‖x‖), ‖Uᵀ U y − y‖ / ‖y‖ and
 *   ‖Vᵀ V y − y‖ / ‖y‖; summary = the singular values.
 *
 * @module
 */
import type { EighResult, LinalgBackend, SvdResult } from '../../src/linalg/backend.js';
import { Matrix } from '../../src/linalg/matrix.js';
import type { BenchCase, BenchCheck, BenchGroup, BenchOptions } from '../registry.js';
import { diffNorm, matVec, norm2, probes, randomMatrix, randomSymmetric } from '../inputs.js';

const PROBES = 2;
const EPS = 2 ** -52;
/**
 * Residual limits. matmul: with Frobenius normalisation the rounding residual of uniform inputs is
 * ~1e-17 (measured 4e-18…8e-18), so 1e-14 leaves a factor 1000 yet fails a single entry off by
 * 1e-6 (2e-12 at n = 256). eigh/svd: backward-stable algorithms give residuals of a modest
 * multiple of n·ε; 100·n·ε (2e-12 at n = 100) fails one eigenvalue off by 1e-7 (3e-10).
 */
const MATMUL_RESIDUAL_LIMIT = 1e-14;
const factorLimit = (n: number): number => 100 * n * EPS;

function matmulCase(n: number): BenchCase<Matrix> {
  const goals = n === 512 ? [{ backend: 'native', minRatio: 0.5 }, { backend: 'js', minRatio: 0.07 }] : n === 1024 ? [{ backend: 'native', minRatio: 0.5 }] : [];
  return {
    op: 'matmul',
    shape: `${n}x${n}`,
    inputs: { A: randomMatrix(n, n, 1000 + n), B: randomMatrix(n, n, 2000 + n) },
    prepare(backend: LinalgBackend, { A, B }) {
      const C = new Matrix(A.rows, B.cols);
      return () => {
        backend.gemm(false, false, 1, A, B, 0, C);
        return C;
      };
    },
    check(C, { A, B }): BenchCheck {
      let residual = 0;
      const scale = norm2(A.data) * norm2(B.data);
      for (const x of probes(B.cols, PROBES)) {
        residual = Math.max(residual, diffNorm(matVec(C, x), matVec(A, matVec(B, x))) / (scale * norm2(x)));
      }
      const ones = new Float64Array(C.cols).fill(1);
      return { residual, summary: matVec(C, ones) };
    },
    numpy: { op: 'matmul' },
    residualLimit: MATMUL_RESIDUAL_LIMIT,
    goals,
  };
}

function eighCase(n: number): BenchCase<EighResult> {
  return {
    op: 'eigh',
    shape: `${n}x${n}`,
    inputs: { A: randomSymmetric(n, 3000 + n) },
    prepare: (backend, { A }) => () => backend.eigh(A),
    check({ values, vectors: V }, { A }): BenchCheck {
      let residual = 0;
      const scale = norm2(A.data);
      for (const x of probes(n, PROBES)) {
        const lhs = matVec(A, matVec(V, x));
        const rhs = matVec(V, x.map((xi, i) => values[i] * xi));
        residual = Math.max(residual, diffNorm(lhs, rhs) / (scale * norm2(x)));
        residual = Math.max(residual, diffNorm(matVec(V, matVec(V, x), true), x) / norm2(x));
      }
      return { residual, summary: values };
    },
    numpy: { op: 'eigh' },
    residualLimit: factorLimit(n),
    goals: n === 400 ? [{ backend: 'native', minRatio: 0.5 }] : [],
  };
}

function svdCase(m: number, n: number): BenchCase<SvdResult> {
  return {
    op: 'svd',
    shape: `${m}x${n}`,
    inputs: { A: randomMatrix(m, n, 4000 + m + 7 * n) },
    prepare: (backend, { A }) => () => backend.svd(A, false),
    check({ U, s, Vt }, { A }): BenchCheck {
      let residual = 0;
      const scale = norm2(A.data);
      const k = s.length;
      for (const x of probes(n, PROBES)) {
        const vx = matVec(Vt, x);
        const usvx = matVec(U, vx.map((v, i) => s[i] * v));
        residual = Math.max(residual, diffNorm(matVec(A, x), usvx) / (scale * norm2(x)));
      }
      for (const y of probes(k, PROBES)) {
        residual = Math.max(residual, diffNorm(matVec(U, matVec(U, y), true), y) / norm2(y));
        residual = Math.max(residual, diffNorm(matVec(Vt, matVec(Vt, y, true)), y) / norm2(y));
      }
      return { residual, summary: s };
    },
    numpy: { op: 'svd' },
    residualLimit: factorLimit(Math.max(m, n)),
    goals: m === 400 && n === 400 ? [{ backend: 'native', minRatio: 0.5 }] : [],
  };
}

/** Sizes of the issue: matmul 128–1024, eigh 100/400, SVD 100/400 and 100×1000 (quick: smaller). */
export const linalgGroup: BenchGroup = {
  name: 'linalg',
  description: 'dense matmul / eigh / thin SVD through LinalgBackend vs NumPy',
  numpyScript: 'bench/numpy_linalg.py',
  cases(options: BenchOptions): BenchCase[] {
    const mm = options.quick ? [64, 128, 256] : [128, 256, 512, 1024];
    const eig = options.quick ? [50, 100] : [100, 400];
    const svd: [number, number][] = options.quick ? [[50, 50], [100, 100], [50, 300]] : [[100, 100], [400, 400], [100, 1000]];
    return [
      ...mm.map((n) => matmulCase(n) as BenchCase),
      ...eig.map((n) => eighCase(n) as BenchCase),
      ...svd.map(([m, n]) => svdCase(m, n) as BenchCase),
    ];
  },
};
