/**
 * The sweep store (Node only): a folder with an SQLite index and `.npy` arrays per point,
 * resumable and safe against a killed process (./store.ts), merging of shard stores (./merge.ts),
 * exports to csv/json/npy (./export.ts) and the summary `lazyrich ls` prints (./list.ts).
 *
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
 * import { openStore, exportStore } from './index.js';
 * const store = openStore(join(root, 'grid'), { sweep });
 * for (const p of store.pending()) store.recordDone(p, result(1 / (1 + p.index)), 12.5);
 * const json = exportStore(store, 'json');
 * json.format === 'json' && JSON.parse(json.text).rows.map((r: { summary: { finalLoss: number } }) => r.summary.finalLoss); // → [1, 0.5, 0.3333333333333333, 0.25]
 * store.close();
 * rmSync(root, { recursive: true });
 * @module
 */
export type { PointRow, PointStatus, StoreStatus, StoredFile, StoreInfo } from './types.js';
export { openStore, SweepStore, STORE_FORMAT, STORE_VERSION, INDEX_FILE, ARRAYS_DIR, type OpenStoreOptions, type PointDetails, type StoredArrays, type RecordOutcome } from './store.js';
export { mergeStores, type MergeReport } from './merge.js';
export { exportStore, exportCsv, exportJson, exportNpy, EXPORT_FORMATS, STATUS_CODES, type ExportFormat, type ExportOptions, type ExportResult } from './export.js';
export { listStore } from './list.js';
