/**
 * The native linear-algebra backend: the system OpenBLAS/LAPACK called through koffi (FFI).
 * Node only; the pure core never imports this module (the Node entry points pick a backend with
 * `./select.ts`).
 *
 * {@link tryLoadNativeBackend} loads the libraries lazily, once per list of paths, and never
 * throws: a missing koffi or library yields `{ ok: false, reason }` naming what was looked for.
 * `./bindings.ts` documents the library search, the Fortran calling convention and two gotchas
 * (koffi's call stack, OpenBLAS's CPU detection); `./kernels.ts` documents how each kernel maps
 * row-major matrices onto column-major LAPACK.
 *
 * **Method.** gemm → `cblas_dgemm` (row-major CBLAS); eigh → `dsyevd_` (divide and conquer);
 * svd → `dgesdd_` (divide and conquer; `dgesvd_` when it does not converge); lu → `dgetrf_`;
 * luSolve → `dgetrs_`; cholesky → `dpotrf_`; qr → `dgeqrf_` + `dorgqr_`.
 *
 * **Threads.** OpenBLAS uses its default thread count (`OPENBLAS_NUM_THREADS`, else one per core).
 * Sweep workers that already run one task per core should call {@link setNativeThreads}(1).
 * Calls are synchronous and block the event loop; run long ones in a worker.
 *
 * **Small inputs** go to the js backend (below the crossover sizes measured in
 * `SMALL_LIMITS`, `./kernels.ts`), where the FFI and copy overhead would dominate;
 * {@link nativeLapackOnlyBackend} gives the same kernels without that hand-off.
 *
 * **Measured on the project machine** (2 vCPU Intel Xeon family 6 model 207, OpenBLAS 0.3.21 with
 * the SkylakeX kernels, Node 20, `npm run bench -- --backend native --threads 1` against NumPy 2.4
 * with its bundled OpenBLAS 0.3.31, 1 thread each; the machine was shared, other processes used
 * 40–80 % of it, so ratios are good to ±20 %): matmul 512 3.9 ms (68 GFLOP/s, NumPy 3.95 ms),
 * 1024 31.7 ms (68 GFLOP/s, NumPy 30.2 ms); eigh 400 17.4 ms (NumPy 16.3); svd 400 38 ms
 * (NumPy 31); thin svd 100×1000 6.5 ms (NumPy 7.3). Eigen/singular values agree with NumPy to
 * 1e-14 relative. A 4×4 gemm costs ≈ 0.3–0.6 µs per call through koffi (NumPy's `@`: ≈ 4 µs).
 *
 * **Special cases.** 0-size inputs are answered without calling LAPACK (LAPACK rejects a leading
 * dimension of 0): eigh/lu/cholesky of 0×0 are empty; svd/qr with min(m, n) = 0 return identity
 * (full) or empty (thin) factors.
 *
 * @example
 * const native = tryLoadNativeBackend();
 * if (native.ok) setBackend(native.backend); // else native.reason says what was missing
 *
 * @module
 */
import type { LinalgBackend } from '../backend.js';
import { jsBackend } from '../js/index.js';
import { candidatesFromPaths, defaultCandidates, loadBlasLapack, type RawBlasLapack } from './bindings.js';
import { createNativeBackend } from './kernels.js';

/** The result of {@link tryLoadNativeBackend}. */
export type NativeLoadResult =
  | {
      ok: true;
      backend: LinalgBackend;
      /** Real path of the file providing CBLAS. */
      blasPath: string;
      /** Real path of the file providing LAPACK (the same file for OpenBLAS). */
      lapackPath: string;
      /** BLAS threads at load time (1 when the library does not report it). */
      threads: number;
      /** OpenBLAS kernel family in use (e.g. "SkylakeX"), when the library reports one. */
      coreType?: string;
      /** Remarks for `doctor` (a core-type override, a thread count pinned for safety). */
      notes?: string[];
    }
  | { ok: false; reason: string };

interface CacheEntry {
  result: NativeLoadResult;
  /** The same kernels without the small-input delegation to js. */
  lapackOnly?: LinalgBackend;
  raw?: RawBlasLapack;
  multiThreadSafe?: boolean;
}

// Node-only module state: the loaded library handles live for the whole process anyway.
const cache = new Map<string, CacheEntry>();

/**
 * Loads the native backend (once per `libraryPaths` list) and reports where it came from.
 *
 * `libraryPaths`: one path = a library with both CBLAS and LAPACK (e.g. an OpenBLAS build); two
 * different paths = the CBLAS library, then the LAPACK library; more = alternatives tried in order.
 * Default: `libopenblas.so.0` (and the Debian pthread/openmp/serial variants by full path), then
 * `libblas.so.3` + `liblapack.so.3`.
 *
 * Never throws.
 *
 * @example
 * const r = tryLoadNativeBackend();
 * r.ok ? `${r.blasPath}, ${r.threads} threads` : r.reason
 */
export function tryLoadNativeBackend(options: { libraryPaths?: string[] } = {}): NativeLoadResult {
  const paths = options.libraryPaths;
  const key = paths === undefined ? '<default>' : JSON.stringify(paths);
  const hit = cache.get(key);
  if (hit !== undefined) return hit.result;
  let entry: CacheEntry;
  try {
    if (paths !== undefined && paths.length === 0) {
      entry = { result: { ok: false, reason: 'no BLAS/LAPACK library paths were given (libraryPaths is empty)' } };
    } else {
      const loaded = loadBlasLapack(paths === undefined ? defaultCandidates() : candidatesFromPaths(paths));
      if (!loaded.ok) {
        entry = { result: { ok: false, reason: loaded.reason } };
      } else {
        const lib = loaded.lib;
        const result: NativeLoadResult = {
          ok: true,
          backend: createNativeBackend(lib.raw, jsBackend),
          blasPath: lib.blasPath,
          lapackPath: lib.lapackPath,
          threads: lib.threads,
          notes: lib.notes,
        };
        if (lib.coreType !== undefined) result.coreType = lib.coreType;
        entry = { result, raw: lib.raw, multiThreadSafe: lib.multiThreadSafe, lapackOnly: createNativeBackend(lib.raw) };
      }
    }
  } catch (e) {
    entry = { result: { ok: false, reason: `loading the native backend failed unexpectedly (${(e as Error).message})` } };
  }
  cache.set(key, entry);
  return entry.result;
}

/**
 * The native backend *without* handing small inputs to the js backend: every call goes to
 * BLAS/LAPACK. For tests and benchmarks of the LAPACK path; `undefined` when it does not load.
 *
 * @example
 * const lapack = nativeLapackOnlyBackend(); // lapack?.eigh(Matrix.from([[2, 1], [1, 2]]))
 */
export function nativeLapackOnlyBackend(options: { libraryPaths?: string[] } = {}): LinalgBackend | undefined {
  tryLoadNativeBackend(options);
  const key = options.libraryPaths === undefined ? '<default>' : JSON.stringify(options.libraryPaths);
  return cache.get(key)?.lapackOnly;
}

/**
 * Sets the BLAS thread count of every loaded native library (OpenBLAS only). Returns false when no
 * loaded library supports it, or when more than one thread was asked of a library pinned to one
 * thread for safety (see `./bindings.ts`). Use 1 inside sweep workers that already run one task
 * per core.
 *
 * @example
 * setNativeThreads(1);
 */
export function setNativeThreads(threads: number): boolean {
  if (!Number.isInteger(threads) || threads < 1) return false;
  let any = false;
  for (const entry of cache.values()) {
    if (entry.raw?.setThreads && (threads === 1 || entry.multiThreadSafe === true)) {
      entry.raw.setThreads(threads);
      any = true;
    }
  }
  return any;
}

/** Current BLAS thread count of the default native library, or undefined when none is loaded. */
export function nativeThreads(): number | undefined {
  for (const entry of cache.values()) {
    const t = entry.raw?.getThreads?.();
    if (t !== undefined) return t;
  }
  return undefined;
}

export { createNativeBackend, SMALL_LIMITS } from './kernels.js';
