/**
 * Exporting a sweep store (`lazyrich export <dir> --format csv|json|npy`). Node only.
 *
 * - **csv**: one row per point in index order; columns `index, key, replicate, seed, status`, one
 *   per axis path, one per summary metric (in order of first appearance), one per label (named
 *   `label.<name>` when a summary metric has the same name), `elapsed_ms`, `error`. Numbers are
 *   written in their shortest round-trip form (`np.genfromtxt`/pandas read back the same
 *   float64), missing values as empty fields, NaN/±Infinity as `nan`, `inf`, `-inf`; non-number
 *   axis values as JSON; RFC 4180 quoting.
 * - **json**: `{ format, sweepId, paths, rows }` with each row's assignments, summary, labels,
 *   error and elapsedMs; with `series: true` also every done point's series `{ t, columns }`.
 *   JSON has no NaN/Infinity: such values are written as null.
 * - **npy**: a folder that NumPy reads with `np.load`: `index.npy`, `replicate.npy`, `seed.npy`,
 *   `status.npy` (0 pending, 1 done, 2 failed), `elapsed_ms.npy`, `axis.<path>.npy` for each axis
 *   whose values are all numbers (booleans as 0/1), `summary.<metric>.npy` (NaN where a point has
 *   no value) — float64 vectors over the points in index order — and `manifest.json` naming the
 *   files, the status codes, the labels and any non-numeric axis values. A folder rather than one
 *   `.npz`, so every vector is a plain `.npy` (each written atomically).
 * @module
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError, LazyrichError } from '../errors/index.js';
import { writeNpy } from '../io/npy.node.js';
import type { SweepStore } from './store.js';
import type { PointRow, PointStatus } from './types.js';

/** The export formats. */
export const EXPORT_FORMATS = ['csv', 'json', 'npy'] as const;

/** An export format. */
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Options of {@link exportStore}. */
export interface ExportOptions {
  /** json: include each done point's series (default false). */
  series?: boolean;
  /** npy: the folder to write (required for npy). */
  out?: string;
}

/** The result of {@link exportStore}: the text (csv, json) or the files written (npy). */
export type ExportResult = { format: 'csv' | 'json'; text: string } | { format: 'npy'; dir: string; files: string[] };

/** Status codes of `status.npy`. */
export const STATUS_CODES: Record<PointStatus, number> = { pending: 0, done: 1, failed: 2 };

function csvField(v: unknown): string {
  let text: string;
  if (v === null || v === undefined) text = '';
  else if (typeof v === 'number') text = Number.isNaN(v) ? 'nan' : v === Infinity ? 'inf' : v === -Infinity ? '-inf' : String(v);
  else if (typeof v === 'string') text = v;
  else if (typeof v === 'boolean') text = v ? 'true' : 'false';
  else text = JSON.stringify(v);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Names in order of first appearance over the rows. */
function namesOf(rows: PointRow[], pick: (r: PointRow) => Record<string, unknown> | null): string[] {
  const seen = new Set<string>();
  for (const r of rows) for (const k of Object.keys(pick(r) ?? {})) seen.add(k);
  return [...seen];
}

/**
 * The CSV text of the store: one line per point (see the module notes).
 */
export function exportCsv(store: SweepStore): string {
  const rows = store.rows();
  const paths = store.paths;
  const metrics = namesOf(rows, (r) => r.summary);
  const labels = namesOf(rows, (r) => r.labels);
  const taken = new Set(['index', 'key', 'replicate', 'seed', 'status', ...paths, ...metrics, 'elapsed_ms', 'error']);
  const labelColumns = labels.map((l) => (taken.has(l) ? `label.${l}` : l));
  const header = ['index', 'key', 'replicate', 'seed', 'status', ...paths, ...metrics, ...labelColumns, 'elapsed_ms', 'error'];
  const lines = [header.map(csvField).join(',')];
  for (const r of rows) {
    const fields: unknown[] = [r.index, r.key, r.replicate, r.seed, r.status];
    for (const p of paths) fields.push(r.assignments[p]);
    for (const m of metrics) fields.push(r.summary?.[m]);
    for (const l of labels) fields.push(r.labels?.[l]);
    fields.push(r.elapsedMs, r.error);
    lines.push(fields.map(csvField).join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** Arrays as plain number lists, non-finite values as null. */
function numbers(a: Float64Array): (number | null)[] {
  return Array.from(a, (x) => (Number.isFinite(x) ? x : null));
}

/**
 * The JSON text of the store (see the module notes); `series: true` adds every done point's series.
 */
export function exportJson(store: SweepStore, options: { series?: boolean } = {}): string {
  const rows = store.rows().map((r) => {
    const out: Record<string, unknown> = {
      index: r.index,
      key: r.key,
      replicate: r.replicate,
      seed: r.seed,
      status: r.status,
      assignments: r.assignments,
      summary: r.summary === null ? null : Object.fromEntries(Object.entries(r.summary).map(([k, v]) => [k, typeof v === 'number' && !Number.isFinite(v) ? null : v])),
      labels: r.labels,
      error: r.error,
      elapsedMs: r.elapsedMs,
    };
    if (options.series && r.status === 'done') {
      const { series } = store.readArrays(r.key);
      out.series = series ? { t: numbers(series.t), columns: Object.fromEntries(Object.entries(series.columns).map(([k, v]) => [k, numbers(v)])) } : null;
    }
    return out;
  });
  return `${JSON.stringify({ format: 'lazyrich-sweep-export', version: 1, sweepId: store.sweepId, paths: store.paths, rows }, null, 1)}\n`;
}

/** A file-name-safe rendering of a path or metric name (anything but [A-Za-z0-9_.+-] becomes _). */
function fileSafe(name: string): string {
  return name.replace(/[^A-Za-z0-9_.+-]/g, '_');
}

/**
 * Writes the store's vectors as `.npy` files into folder `out` (see the module notes) and returns
 * the file names written.
 * @throws LazyrichError when `out` is the store folder or cannot be written.
 */
export function exportNpy(store: SweepStore, out: string): string[] {
  if (resolve(out) === resolve(store.dir)) {
    throw new LazyrichError(`--out ${out} is the store folder itself; choose another folder for the .npy export.`, { code: 'store', path: out });
  }
  try {
    mkdirSync(out, { recursive: true });
  } catch (cause) {
    throw new LazyrichError(`cannot create ${out} (${cause instanceof Error ? cause.message : String(cause)}); choose a writable folder.`, { code: 'io', path: out, cause });
  }
  const rows = store.rows();
  const n = rows.length;
  const files: Record<string, string> = {};
  const vector = (name: string, description: string, value: (r: PointRow) => number | null | undefined) => {
    const data = new Float64Array(n);
    rows.forEach((r, i) => {
      const v = value(r);
      data[i] = typeof v === 'number' ? v : NaN;
    });
    writeNpy(join(out, name), data, [n]);
    files[name] = description;
  };
  vector('index.npy', 'point index in the sweep', (r) => r.index);
  vector('replicate.npy', 'replicate number', (r) => r.replicate);
  vector('seed.npy', 'point seed', (r) => r.seed);
  vector('status.npy', 'status: 0 pending, 1 done, 2 failed', (r) => STATUS_CODES[r.status]);
  vector('elapsed_ms.npy', 'wall time of the run in ms (NaN if not run)', (r) => r.elapsedMs);
  const nonNumeric: Record<string, unknown[]> = {};
  const used = new Set(Object.keys(files));
  const unique = (name: string) => {
    let file = name;
    for (let k = 2; used.has(file); k++) file = name.replace(/\.npy$/, `.${k}.npy`);
    used.add(file);
    return file;
  };
  for (const p of store.paths) {
    const values = rows.map((r) => r.assignments[p]);
    if (values.every((v) => typeof v === 'number' || typeof v === 'boolean')) {
      vector(unique(`axis.${fileSafe(p)}.npy`), `values of the axis ${p}`, (r) => Number(r.assignments[p]));
    } else nonNumeric[p] = values;
  }
  for (const m of namesOf(rows, (r) => r.summary)) {
    vector(unique(`summary.${fileSafe(m)}.npy`), `summary metric ${m} (NaN where absent)`, (r) => r.summary?.[m] ?? null);
  }
  const labels: Record<string, (string | null)[]> = {};
  for (const l of namesOf(rows, (r) => r.labels)) labels[l] = rows.map((r) => r.labels?.[l] ?? null);
  const manifest = {
    format: 'lazyrich-sweep-export-npy',
    version: 1,
    sweepId: store.sweepId,
    count: n,
    paths: store.paths,
    statusCodes: STATUS_CODES,
    files,
    labels,
    nonNumericAxes: nonNumeric,
    keys: rows.map((r) => r.key),
  };
  const tmp = join(out, `.manifest.json.${process.pid}.tmp`);
  writeFileSync(tmp, `${JSON.stringify(manifest, null, 1)}\n`);
  renameSync(tmp, join(out, 'manifest.json'));
  return [...Object.keys(files), 'manifest.json'];
}

/**
 * Exports the store as csv or json text, or as a folder of `.npy` files (`options.out`).
 * @throws ConfigError for an unknown format or npy without `out`.
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
 * sweep.points.forEach((p, i) => store.recordDone(p, result(0.1 * i), 1));
 * const csv = exportStore(store, 'csv');
 * csv.format === 'csv' && csv.text.split('\n')[0]; // → 'index,key,replicate,seed,status,model.kappa,finalLoss,regime,elapsed_ms,error'
 * const npy = exportStore(store, 'npy', { out: join(root, 'npy') }); // np.load('npy/summary.finalLoss.npy') in Python
 * npy.format === 'npy' && npy.files.includes('summary.finalLoss.npy'); // → true
 * store.close();
 * rmSync(root, { recursive: true });
 */
export function exportStore(store: SweepStore, format: ExportFormat, options: ExportOptions = {}): ExportResult {
  switch (format) {
    case 'csv':
      return { format, text: exportCsv(store) };
    case 'json':
      return { format, text: exportJson(store, options) };
    case 'npy':
      if (options.out === undefined) throw new ConfigError('--out: the npy export writes a folder of .npy files; name it with --out <folder>.', { path: '--out' });
      return { format, dir: options.out, files: exportNpy(store, options.out) };
    default:
      throw new ConfigError(`--format: expected one of ${EXPORT_FORMATS.join(', ')}, got ${JSON.stringify(String(format))}.`, { path: '--format' });
  }
}
