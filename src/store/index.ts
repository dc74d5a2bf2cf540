/**
 * The sweep store (Node only): a folder with an SQLite index and `.npy` arrays per point,
 * resumable and safe against a killed process (./store.ts), merging of shard stores (./merge.ts),
 * exports to csv/json/npy (./export.ts) and the summary `lazyrich ls` prints (./list.ts).
 *
 * @example
 * import { openStore, exportStore } from './store/index.js';
 * const store = openStore('sweeps/grid', { sweep });
 * store.recordDone(point, result, 12.5);
 * process.stdout.write((exportStore(store, 'csv') as { text: string }).text);
 * store.close();
 * @module
 */
export type { PointRow, PointStatus, StoreStatus, StoredFile, StoreInfo } from './types.js';
export { openStore, SweepStore, STORE_FORMAT, STORE_VERSION, INDEX_FILE, ARRAYS_DIR, type OpenStoreOptions, type PointDetails, type StoredArrays, type RecordOutcome } from './store.js';
export { mergeStores, type MergeReport } from './merge.js';
export { exportStore, exportCsv, exportJson, exportNpy, EXPORT_FORMATS, STATUS_CODES, type ExportFormat, type ExportOptions, type ExportResult } from './export.js';
export { listStore } from './list.js';
