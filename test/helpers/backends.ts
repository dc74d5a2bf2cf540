/**
 * The backends every linear-algebra test runs on. `js` always; `native` when the system
 * OpenBLAS/LAPACK load (CI installs them). Where native cannot load, its tests are skipped with the
 * loader's reason printed by node:test, never silently passed.
 */
import type { LinalgBackend } from '../../src/linalg/backend.js';
import { jsBackend } from '../../src/linalg/backend.js';
import { tryLoadNativeBackend } from '../../src/linalg/native/index.js';

export interface BackendCase {
  name: string;
  backend: LinalgBackend;
  /** false to run; otherwise the reason to skip (passed to node:test's `skip`). */
  skip: false | string;
}

let cached: BackendCase[] | undefined;

export function backendCases(): BackendCase[] {
  if (cached) return cached;
  const native = tryLoadNativeBackend();
  cached = [
    { name: 'js', backend: jsBackend, skip: false },
    native.ok
      ? { name: 'native', backend: native.backend, skip: false }
      : { name: 'native', backend: jsBackend, skip: `native backend unavailable: ${native.reason}` },
  ];
  return cached;
}
