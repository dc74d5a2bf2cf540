/**
 * Choosing the process-wide linear-algebra backend in Node: native OpenBLAS/LAPACK when it loads,
 * else pure TypeScript. The user steers it with `LAZYRICH_BACKEND=auto|js|native` (default `auto`).
 *
 * Both backends pass one test suite, so the choice changes speed, never results beyond rounding
 * (see the module comment of `../backend.ts`).
 *
 * @module
 */
import { BackendUnavailableError, ConfigError } from '../../errors/index.js';
import { jsBackend, setBackend, type LinalgBackend } from '../backend.js';
import { tryLoadNativeBackend } from './index.js';

/** Which backend was asked for. */
export type BackendRequest = 'auto' | 'js' | 'native';

/** The outcome of {@link selectBackend}. */
export interface BackendSelection {
  backend: LinalgBackend;
  name: 'js' | 'native';
  /** One sentence: why this backend (e.g. "OpenBLAS found at …"). */
  reason: string;
  /** True when the user asked for this backend explicitly (`js` or `native`). */
  forced: boolean;
  blasPath?: string;
  lapackPath?: string;
  threads?: number;
}

const ALLOWED: readonly BackendRequest[] = ['auto', 'js', 'native'];

/**
 * Reads `LAZYRICH_BACKEND` from `env`: unset or empty → `auto`; otherwise one of `auto`, `js`,
 * `native` (case and surrounding blanks ignored).
 * @throws ConfigError naming the variable and the allowed values for anything else.
 * @example
 * backendRequestFromEnv({ LAZYRICH_BACKEND: 'js' }) // → 'js'
 */
export function backendRequestFromEnv(env: Record<string, string | undefined>): BackendRequest {
  const raw = env.LAZYRICH_BACKEND;
  if (raw === undefined || raw.trim() === '') return 'auto';
  const v = raw.trim().toLowerCase();
  if ((ALLOWED as readonly string[]).includes(v)) return v as BackendRequest;
  throw new ConfigError(
    `LAZYRICH_BACKEND is "${raw}", but it must be one of auto, js, native (or unset for auto).`,
    { path: 'LAZYRICH_BACKEND' },
  );
}

function describeNative(blasPath: string, lapackPath: string, threads: number, coreType: string | undefined): string {
  const lib = /openblas/i.test(blasPath) ? 'OpenBLAS' : 'BLAS';
  const where = blasPath === lapackPath ? blasPath : `${blasPath} (LAPACK: ${lapackPath})`;
  const core = coreType !== undefined ? `, ${coreType} kernels` : '';
  return `${lib} found at ${where} (${threads} thread${threads === 1 ? '' : 's'}${core})`;
}

/**
 * Picks a backend (without installing it): `auto` → native when it loads, else js; `js` → js;
 * `native` → native or an error. `options.libraryPaths` is passed to `tryLoadNativeBackend`
 * (default: the standard OpenBLAS/LAPACK names).
 * @throws BackendUnavailableError when `native` is requested and cannot load, with the loader's
 * reason and the fix.
 * @example
 * const sel = selectBackend('auto'); // sel.name, sel.reason
 */
export function selectBackend(
  request: BackendRequest = 'auto',
  options: { libraryPaths?: string[] } = {},
): BackendSelection {
  if (request === 'js') {
    return { backend: jsBackend, name: 'js', reason: 'pure TypeScript backend requested (LAZYRICH_BACKEND=js)', forced: true };
  }
  if (!(ALLOWED as readonly string[]).includes(request)) {
    throw new ConfigError(`selectBackend: request is "${String(request)}", but it must be one of auto, js, native.`);
  }
  const native = tryLoadNativeBackend(options);
  if (native.ok) {
    return {
      backend: native.backend,
      name: 'native',
      reason: describeNative(native.blasPath, native.lapackPath, native.threads, native.coreType),
      forced: request === 'native',
      blasPath: native.blasPath,
      lapackPath: native.lapackPath,
      threads: native.threads,
    };
  }
  if (request === 'native') {
    throw new BackendUnavailableError(
      `The native backend was requested but cannot load: ${native.reason}; install libopenblas0 and liblapack3, or set LAZYRICH_BACKEND=js.`,
    );
  }
  return { backend: jsBackend, name: 'js', reason: `native libraries not found: ${native.reason}`, forced: false };
}

/**
 * Selects the backend asked for by `LAZYRICH_BACKEND` in `env` and makes it the process default
 * (`setBackend`). Returns the selection; the CLI's `doctor` command prints it.
 * @throws ConfigError for an invalid `LAZYRICH_BACKEND`; BackendUnavailableError when `native` is
 * forced and cannot load.
 * @example
 * const sel = useBestBackend(); // e.g. sel.reason === 'OpenBLAS found at /usr/lib/…'
 */
export function useBestBackend(env: Record<string, string | undefined> = process.env): BackendSelection {
  const selection = selectBackend(backendRequestFromEnv(env));
  setBackend(selection.backend);
  return selection;
}
