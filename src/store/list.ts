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
 * const info = listStore('sweeps/grid');
 * console.log(`${info.sweepId}: ${info.status.done}/${info.status.total} done`);
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
