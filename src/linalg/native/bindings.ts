/**
 * Loading the system BLAS/LAPACK through koffi and binding the handful of routines the native
 * backend calls. Node only (it uses `node:fs`, `node:module` and koffi); the pure core never
 * imports this module.
 *
 * **Library candidates**, tried in order (the first set that loads and exports every symbol wins):
 * 1. `libopenblas.so.0` — OpenBLAS, which exports both CBLAS (`cblas_dgemm`) and LAPACK (`d*_`)
 *    (Debian `libopenblas0-pthread` or `libopenblas0-openmp`; the `openblas-pthread` and
 *    `openblas-openmp` folders are also tried by full path in case the alternative points elsewhere);
 * 2. `libblas.so.3` + `liblapack.so.3` — whatever BLAS/LAPACK the system alternatives select
 *    (reference BLAS/LAPACK, BLIS, ATLAS, OpenBLAS).
 * On macOS `libopenblas.dylib` and Accelerate's `libBLAS.dylib`/`libLAPACK.dylib` are tried too;
 * Windows needs a user-supplied path (`libraryPaths`).
 *
 * **Calling convention.** LAPACK is Fortran: every argument is passed by reference (scalars as
 * 1-element `Int32Array`/`Float64Array`), matrices are column-major, and gfortran appends one hidden
 * `size_t` length per character argument at the end of the argument list; we pass those lengths
 * (all 1) so the call matches the ABI exactly. Integers are 32-bit (LP64 LAPACK; an ILP64 build
 * would have `64_`-suffixed symbols, which we do not look for).
 *
 * **Gotchas handled here** (each reproduced on this project's machine with OpenBLAS 0.3.21):
 * - koffi runs synchronous calls on its own 2 MiB stack by default; multi-threaded OpenBLAS
 *   `dgetrf_` segfaults there from n ≈ 200 (4 MiB was enough, we use koffi's maximum of 16 MiB).
 *   The size can only be set before koffi loads its first library. If another module loaded one
 *   first with a smaller stack, we pin OpenBLAS to one thread (single-threaded `dgetrf_` at n = 400
 *   ran fine on 2 MiB) and say so in the load result.
 * - OpenBLAS 0.3.21 (`DYNAMIC_ARCH`) does not recognise recent Intel server CPUs (e.g. family 6
 *   model 207) and falls back to its generic "Prescott" kernels, 4–5× slower than the AVX-512
 *   "SkylakeX" ones (16 vs 71 GFLOP/s single-threaded dgemm at n = 1024). When the user has not set
 *   `OPENBLAS_CORETYPE`, we read the CPU flags from `/proc/cpuinfo` and set it for the duration of
 *   the `dlopen` only (OpenBLAS reads it once in its constructor): `SkylakeX` when the CPU has
 *   AVX-512 F/CD/BW/DQ/VL, `Haswell` when it has AVX2 + FMA; otherwise OpenBLAS's own choice stands.
 *   Set `OPENBLAS_CORETYPE` yourself to override (any value, including the detected one).
 *
 * @module
 */
import { createRequire } from 'node:module';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { basename, join } from 'node:path';

/** A 32-bit integer or double passed by reference. */
type IntRef = Int32Array;

/** The raw routines, with Fortran/CBLAS argument lists (see the module comment). */
export interface RawBlasLapack {
  /** CBLAS dgemm: (order, transA, transB, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc). */
  dgemm(
    order: number, transA: number, transB: number, m: number, n: number, k: number,
    alpha: number, a: Float64Array, lda: number, b: Float64Array, ldb: number,
    beta: number, c: Float64Array, ldc: number,
  ): void;
  dsyevd(
    jobz: string, uplo: string, n: IntRef, a: Float64Array, lda: IntRef, w: Float64Array,
    work: Float64Array, lwork: IntRef, iwork: Int32Array, liwork: IntRef, info: IntRef,
    jobzLen: number, uploLen: number,
  ): void;
  dgesdd(
    jobz: string, m: IntRef, n: IntRef, a: Float64Array, lda: IntRef, s: Float64Array,
    u: Float64Array, ldu: IntRef, vt: Float64Array, ldvt: IntRef, work: Float64Array, lwork: IntRef,
    iwork: Int32Array, info: IntRef, jobzLen: number,
  ): void;
  dgesvd(
    jobu: string, jobvt: string, m: IntRef, n: IntRef, a: Float64Array, lda: IntRef, s: Float64Array,
    u: Float64Array, ldu: IntRef, vt: Float64Array, ldvt: IntRef, work: Float64Array, lwork: IntRef,
    info: IntRef, jobuLen: number, jobvtLen: number,
  ): void;
  dgetrf(m: IntRef, n: IntRef, a: Float64Array, lda: IntRef, ipiv: Int32Array, info: IntRef): void;
  dgetrs(
    trans: string, n: IntRef, nrhs: IntRef, a: Float64Array, lda: IntRef, ipiv: Int32Array,
    b: Float64Array, ldb: IntRef, info: IntRef, transLen: number,
  ): void;
  dpotrf(uplo: string, n: IntRef, a: Float64Array, lda: IntRef, info: IntRef, uploLen: number): void;
  dgeqrf(
    m: IntRef, n: IntRef, a: Float64Array, lda: IntRef, tau: Float64Array, work: Float64Array,
    lwork: IntRef, info: IntRef,
  ): void;
  dorgqr(
    m: IntRef, n: IntRef, k: IntRef, a: Float64Array, lda: IntRef, tau: Float64Array,
    work: Float64Array, lwork: IntRef, info: IntRef,
  ): void;
  /** OpenBLAS only: current thread count. */
  getThreads?: () => number;
  /** OpenBLAS only: sets the thread count for later calls. */
  setThreads?: (n: number) => void;
  /** OpenBLAS only: the kernel family in use, e.g. "SkylakeX". */
  coreName?: () => string;
}

/** A successfully bound library set. */
export interface LoadedLibraries {
  raw: RawBlasLapack;
  /** Real file providing CBLAS. */
  blasPath: string;
  /** Real file providing LAPACK (the same file for OpenBLAS). */
  lapackPath: string;
  /** BLAS threads in use (1 when unknown or when pinned for safety). */
  threads: number;
  /** OpenBLAS kernel family, when reported. */
  coreType: string | undefined;
  /** Notes worth showing to a user (e.g. the core-type override, a pinned thread count). */
  notes: string[];
  /** False when koffi's call stack is too small for multi-threaded BLAS (threads pinned to 1). */
  multiThreadSafe: boolean;
}

/** One candidate: the CBLAS library and the LAPACK library (possibly the same name). */
interface Candidate {
  blas: string;
  lapack: string;
}

const SIXTEEN_MIB = 16 * 1024 * 1024;

/** The default candidate list for this platform (see the module comment). */
export function defaultCandidates(): Candidate[] {
  if (process.platform === 'darwin') {
    return [
      { blas: 'libopenblas.dylib', lapack: 'libopenblas.dylib' },
      { blas: '/opt/homebrew/opt/openblas/lib/libopenblas.dylib', lapack: '/opt/homebrew/opt/openblas/lib/libopenblas.dylib' },
      { blas: '/usr/local/opt/openblas/lib/libopenblas.dylib', lapack: '/usr/local/opt/openblas/lib/libopenblas.dylib' },
      {
        blas: '/System/Library/Frameworks/Accelerate.framework/Frameworks/vecLib.framework/libBLAS.dylib',
        lapack: '/System/Library/Frameworks/Accelerate.framework/Frameworks/vecLib.framework/libLAPACK.dylib',
      },
    ];
  }
  if (process.platform === 'win32') {
    return [{ blas: 'libopenblas.dll', lapack: 'libopenblas.dll' }];
  }
  const multiarch = `${process.arch === 'arm64' ? 'aarch64' : 'x86_64'}-linux-gnu`;
  const out: Candidate[] = [{ blas: 'libopenblas.so.0', lapack: 'libopenblas.so.0' }];
  for (const variant of ['openblas-pthread', 'openblas-openmp', 'openblas-serial']) {
    const p = `/usr/lib/${multiarch}/${variant}/libopenblas.so.0`;
    out.push({ blas: p, lapack: p });
  }
  out.push({ blas: 'libblas.so.3', lapack: 'liblapack.so.3' });
  return out;
}

/** Turns a `libraryPaths` option into candidates: one entry = a combined library; two = BLAS then LAPACK. */
export function candidatesFromPaths(paths: string[]): Candidate[] {
  if (paths.length === 2 && paths[0] !== paths[1]) return [{ blas: paths[0], lapack: paths[1] }];
  return paths.map((p) => ({ blas: p, lapack: p }));
}

/** Mapped shared-object paths of this process (Linux); empty elsewhere. */
function mappedFiles(): Set<string> {
  const out = new Set<string>();
  try {
    for (const line of readFileSync('/proc/self/maps', 'utf8').split('\n')) {
      const slash = line.indexOf('/');
      if (slash >= 0 && line.includes('.so')) out.add(line.slice(slash).trim());
    }
  } catch {
    // not Linux: fall through to the directory search
  }
  return out;
}

/** The standard library folders searched when a bare file name was loaded. */
function libraryDirs(): string[] {
  const dirs = (process.env.LD_LIBRARY_PATH ?? '').split(':').filter((d) => d !== '');
  const multiarch = `${process.arch === 'arm64' ? 'aarch64' : 'x86_64'}-linux-gnu`;
  dirs.push(`/usr/local/lib`, `/usr/lib/${multiarch}`, `/lib/${multiarch}`, '/usr/lib64', '/lib64', '/usr/lib', '/lib');
  return dirs;
}

/**
 * The real file behind a loaded library name: a path is resolved directly; for a bare name the
 * files newly mapped by the load (from `/proc/self/maps`) are matched by stem, then the standard
 * folders are searched. Falls back to the name itself.
 */
function resolveLoadedPath(name: string, before: Set<string>): string {
  if (name.includes('/')) {
    try {
      return realpathSync(name);
    } catch {
      return name;
    }
  }
  const stem = name.replace(/\.(so|dylib|dll).*$/, '');
  const after = mappedFiles();
  const fresh = [...after].filter((p) => !before.has(p) && basename(p).startsWith(stem));
  if (fresh.length > 0) return fresh[0];
  for (const dir of libraryDirs()) {
    const p = join(dir, name);
    if (existsSync(p)) {
      try {
        const real = realpathSync(p);
        if (after.size === 0 || after.has(real)) return real;
      } catch {
        // dangling link: keep searching
      }
    }
  }
  const already = [...after].filter((p) => basename(p).startsWith(stem));
  return already.length > 0 ? already[0] : name;
}

/** The OpenBLAS core type worth forcing on this CPU, or undefined to let OpenBLAS choose. */
export function suggestedOpenBlasCoreType(cpuinfo: string): string | undefined {
  const flagsLine = cpuinfo.split('\n').find((l) => l.startsWith('flags'));
  if (flagsLine === undefined) return undefined;
  const flags = new Set(flagsLine.slice(flagsLine.indexOf(':') + 1).trim().split(/\s+/));
  const has = (...names: string[]): boolean => names.every((f) => flags.has(f));
  if (has('avx512f', 'avx512cd', 'avx512bw', 'avx512dq', 'avx512vl', 'avx2', 'fma')) return 'SkylakeX';
  if (has('avx2', 'fma')) return 'Haswell';
  return undefined;
}

interface KoffiLike {
  config(): Record<string, number>;
  config(cfg: Record<string, number>): Record<string, number>;
  load(path: string): { func(def: string): (...args: any[]) => any; unload?(): void };
}

/** Loads koffi without throwing; returns the module or the reason it is missing. */
function requireKoffi(): { koffi: KoffiLike } | { reason: string } {
  try {
    const require = createRequire(import.meta.url);
    return { koffi: require('koffi') as KoffiLike };
  } catch (e) {
    return { reason: `the koffi package could not be loaded (${(e as Error).message.split('\n')[0]})` };
  }
}

/**
 * Raises koffi's synchronous stack to 16 MiB. Returns true when the stack is (now) at least that
 * large; false when koffi already loaded a library with a smaller stack (it refuses changes then).
 */
function ensureBigStack(koffi: KoffiLike): boolean {
  const current = koffi.config();
  if ((current.sync_stack_size ?? 0) >= SIXTEEN_MIB) return true;
  try {
    koffi.config({ ...current, sync_stack_size: SIXTEEN_MIB });
    return true;
  } catch {
    return false;
  }
}

const CBLAS_DGEMM =
  'void cblas_dgemm(int, int, int, int, int, int, double, const double *, int, const double *, int, double, double *, int)';
const LAPACK_SIGNATURES = {
  dsyevd:
    'void dsyevd_(const char *, const char *, const int *, double *, const int *, double *, double *, const int *, int *, const int *, int *, size_t, size_t)',
  dgesdd:
    'void dgesdd_(const char *, const int *, const int *, double *, const int *, double *, double *, const int *, double *, const int *, double *, const int *, int *, int *, size_t)',
  dgesvd:
    'void dgesvd_(const char *, const char *, const int *, const int *, double *, const int *, double *, double *, const int *, double *, const int *, double *, const int *, int *, size_t, size_t)',
  dgetrf: 'void dgetrf_(const int *, const int *, double *, const int *, int *, int *)',
  dgetrs:
    'void dgetrs_(const char *, const int *, const int *, const double *, const int *, const int *, double *, const int *, int *, size_t)',
  dpotrf: 'void dpotrf_(const char *, const int *, double *, const int *, int *, size_t)',
  dgeqrf: 'void dgeqrf_(const int *, const int *, double *, const int *, double *, double *, const int *, int *)',
  dorgqr:
    'void dorgqr_(const int *, const int *, const int *, double *, const int *, const double *, double *, const int *, int *)',
} as const;

/**
 * Tries each candidate in turn. Never throws: returns the bound libraries, or the reason nothing
 * loaded (naming every file tried and why it failed).
 */
export function loadBlasLapack(candidates: Candidate[]): { ok: true; lib: LoadedLibraries } | { ok: false; reason: string } {
  const k = requireKoffi();
  if (!('koffi' in k)) return { ok: false, reason: k.reason };
  const koffi = k.koffi;
  const bigStack = ensureBigStack(koffi);
  const failures: string[] = [];
  for (const cand of candidates) {
    const notes: string[] = [];
    const before = mappedFiles();
    let restoreCore: (() => void) | undefined;
    // Also for libblas.so.3/liblapack.so.3, which may be OpenBLAS builds; other BLASes ignore it.
    if (process.env.OPENBLAS_CORETYPE === undefined && process.platform === 'linux') {
      let suggested: string | undefined;
      try {
        suggested = suggestedOpenBlasCoreType(readFileSync('/proc/cpuinfo', 'utf8'));
      } catch {
        suggested = undefined;
      }
      if (suggested !== undefined) {
        process.env.OPENBLAS_CORETYPE = suggested;
        restoreCore = () => {
          delete process.env.OPENBLAS_CORETYPE;
        };
      }
    }
    try {
      let blasLib: ReturnType<KoffiLike['load']>;
      let lapackLib: ReturnType<KoffiLike['load']>;
      try {
        blasLib = koffi.load(cand.blas);
        lapackLib = cand.lapack === cand.blas ? blasLib : koffi.load(cand.lapack);
      } finally {
        restoreCore?.();
      }
      const raw: Partial<RawBlasLapack> = {};
      const bind = (lib: typeof blasLib, def: string): ((...args: any[]) => any) => lib.func(def);
      raw.dgemm = bind(blasLib, CBLAS_DGEMM);
      for (const [name, def] of Object.entries(LAPACK_SIGNATURES)) {
        (raw as Record<string, unknown>)[name] = bind(lapackLib, def);
      }
      const optional = (def: string): ((...args: any[]) => any) | undefined => {
        try {
          return blasLib.func(def);
        } catch {
          return undefined;
        }
      };
      const get = optional('int openblas_get_num_threads()');
      const set = optional('void openblas_set_num_threads(int)');
      const core = optional('const char *openblas_get_corename()');
      if (get) raw.getThreads = () => get() as number;
      if (set) raw.setThreads = (n: number) => set(n);
      if (core) raw.coreName = () => String(core());
      if (!bigStack && raw.setThreads) {
        raw.setThreads(1);
        notes.push('koffi was already configured with a small call stack, so BLAS is pinned to 1 thread (multi-threaded dgetrf_ would crash)');
      }
      const coreType = raw.coreName?.();
      if (restoreCore !== undefined && coreType !== undefined) {
        notes.push(`OPENBLAS_CORETYPE=${coreType} chosen from the CPU flags (set OPENBLAS_CORETYPE to override)`);
      }
      const blasPath = resolveLoadedPath(cand.blas, before);
      const lapackPath = cand.lapack === cand.blas ? blasPath : resolveLoadedPath(cand.lapack, before);
      return {
        ok: true,
        lib: {
          raw: raw as RawBlasLapack,
          blasPath,
          lapackPath,
          threads: raw.getThreads?.() ?? 1,
          coreType,
          notes,
          multiThreadSafe: bigStack,
        },
      };
    } catch (e) {
      const what = cand.blas === cand.lapack ? cand.blas : `${cand.blas} + ${cand.lapack}`;
      failures.push(`${what} (${(e as Error).message.split('\n')[0]})`);
    }
  }
  return { ok: false, reason: `no usable BLAS/LAPACK library was found; tried ${failures.join('; ')}` };
}
