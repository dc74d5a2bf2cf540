/**
 * The sweep store (Node only): a folder holding `index.sqlite` (better-sqlite3, WAL) — the sweep
 * document, one row per point with status, seed, assignments, summary, labels, error and timing —
 * and one folder of arrays per finished point (`arrays/<key>/<name>.npy`, written to a temporary
 * name and renamed, so no file is ever torn). The index is written in one transaction per point
 * after its arrays are in place; a point is `done` only when its row says so. Results from
 * `RunResult` (src/experiments/run/types.ts): series columns are stored as `series.<name>.npy`
 * together with `series.t.npy`, arrays as `<name>.npy`.
 * @module
 */
import type { RunResult } from '../experiments/run/types.js';
import type { SweepPoint } from '../experiments/sweep/types.js';

export type PointStatus = 'pending' | 'done' | 'failed';

/** One point's row in the index. */
export interface PointRow {
  index: number;
  key: string;
  replicate: number;
  seed: number;
  assignments: Record<string, unknown>;
  status: PointStatus;
  summary: Record<string, number | null> | null;
  labels: Record<string, string> | null;
  /** The one-sentence error of a failed point. */
  error: string | null;
  /** Wall time of the point's run in ms. */
  elapsedMs: number | null;
}
