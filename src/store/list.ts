/**
 * What `lazyrich ls <dir>` shows about a sweep store. Node only.
 * @module
 */
import { openStore } from './store.js';
import type { StoreInfo } from './types.js';

/**
 * Reads a store's summary: sweep id, model kind, axes, counts by status, shards, created/updated
 * times and size on disk. Opens the store read-only in effect (nothing is written) and closes it.
 * @throws LazyrichError when `dir` holds no store or a damaged one.
 * @example
 * import { mkdtempSync, rmSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { expandSweep } from '../experiments/sweep/index.js';
 * const sweep = expandSweep({
 *   model: { kind: 'scalar-width', kappa: 0.1, etaU: 1, etaW: 2 },
 *   task: { kind: 'scalar', a: 1.5, sigmaXX: 1 },
 *   init: { kind: 'explicit', u: [0.1, 0.2], w: [0.3, -0.1] },
 *   train: { method: 'gd', learningRate: 0.01, steps: 100 },
 *   sweep: { axes: [{ path: 'model.kappa', values: [0.1, 0.5, 1, 2] }] },
 * });
 * // A RunResult as runDocument returns it (built by hand here).
 * const result = (loss: number) => ({
 *   kind: 'scalar-width', seed: 0, exact: { available: false as const, reason: 'example' },
 *   summary: { finalLoss: loss }, labels: { regime: 'rich' }, units: {}, notes: [],
 *   series: { t: Float64Array.of(0, 1), columns: { loss: Float64Array.of(1, loss) } }, arrays: {},
 * });
 * const root = mkdtempSync(join(tmpdir(), 'lazyrich-example-'));
 * import { openStore } from './store.js';
 * const store = openStore(join(root, 'grid'), { sweep });
 * store.recordDone(sweep.points[0], result(0.1), 1);
 * store.close();
 * const info = listStore(join(root, 'grid'));
 * info.status; // → { total: 4, pending: 3, done: 1, failed: 0 }
 * info.paths; // → ['model.kappa']
 * rmSync(root, { recursive: true });
 */
export function listStore(dir: string): StoreInfo {
  const store = openStore(dir, { create: false });
  try {
    const base = store.base as { model?: { kind?: unknown } } | null;
    const info = store.info();
    return {
      dir,
      sweepId: store.sweepId,
      kind: typeof base?.model?.kind === 'string' ? base.model.kind : null,
      paths: store.paths,
      status: store.status(),
      shards: info.shards,
      created: info.created,
      updated: info.updated,
      bytes: store.sizeBytes(),
    };
  } finally {
    store.close();
  }
}
