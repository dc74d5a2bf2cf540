/**
 * The sweep store (Node only): a folder holding `index.sqlite` (better-sqlite3, WAL) — the sweep
 * document, one row per point with status, seed, assignments, summary, labels, error and timing —
 * and one folder of arrays per finished point (`arrays/<key>/<name>.npy`, written to a temporary
 * name and renamed, so no file is ever torn). The index is written in one transaction per point
 * after its arrays are in place; a point is `done` only when its row says so. Results from
 * `RunResult` (src/experiments/run/types.ts): series columns are stored as `series.<name>.npy`
 * together with `series.t.npy`, arrays as `<name>.npy` (names with characters other than
 * letters, digits, `_`, `+`, `-` are percent-encoded: `ntk distance` → `ntk%20distance`); the row
 * lists the files with their roles and shapes. Implementation: ./store.ts.
 * @module
 */
import type { RunResult } from '../experiments/run/types.js';
import type { SweepPoint } from '../experiments/sweep/types.js';

/** A point's state in the store: not yet run, run and stored, or run and failed (with its error). */
export type PointStatus = 'pending' | 'done' | 'failed';

/** One point's row in the index. */
export interface PointRow {
  /** Position in the full expansion (SweepPoint.index). */
  index: number;
  /** The point's key (SweepPoint.key); its arrays are in `arrays/<key>/`. */
  key: string;
  /** Replicate number. */
  replicate: number;
  /** The point's seed. */
  seed: number;
  /** The values the point sets, by config path. */
  assignments: Record<string, unknown>;
  status: PointStatus;
  /** RunResult.summary of a done point (non-finite values survive as NaN/±Infinity), else null. */
  summary: Record<string, number | null> | null;
  /** RunResult.labels of a done point, else null. */
  labels: Record<string, string> | null;
  /** The one-sentence error of a failed point. */
  error: string | null;
  /** Wall time of the point's run in ms. */
  elapsedMs: number | null;
}

/** Point counts by status. */
export interface StoreStatus {
  total: number;
  pending: number;
  done: number;
  failed: number;
}

/** One stored `.npy` file of a done point, as listed in its row. */
export interface StoredFile {
  /** File name inside `arrays/<key>/`, e.g. `series.loss.npy`. */
  file: string;
  /** `t` (series.t), `series` (a series column) or `array` (RunResult.arrays). */
  role: 't' | 'series' | 'array';
  /** The column or array name as in the RunResult. */
  name: string;
  /** The array's shape. */
  shape: number[];
}

/** What `lazyrich ls` shows about a store ({@link listStore}). */
export interface StoreInfo {
  /** The store folder as given. */
  dir: string;
  sweepId: string;
  /** `model.kind` of the base document. */
  kind: string | null;
  /** Axis paths. */
  paths: string[];
  /** Counts by status. */
  status: StoreStatus;
  /** Shards run into this store (`i/n`), if any were named. */
  shards: string[];
  /** ISO 8601 times of creation and of the last recorded point. */
  created: string;
  updated: string;
  /** Bytes on disk (index, its WAL and every array file). */
  bytes: number;
}
