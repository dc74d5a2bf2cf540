/**
 * The sweep store: one folder per sweep holding `index.sqlite` and `arrays/<key>/*.npy` (layout in
 * ./types.ts). Node only (better-sqlite3, node:fs).
 *
 * **Life of a store.** {@link openStore} with a sweep creates the folder and calls
 * {@link SweepStore.init}, which writes the sweep (base document, axis paths, sweep section, seed)
 * and one `pending` row per point in one transaction; opening the same sweep again resumes it, and
 * a folder holding a different sweep is refused. The runner asks {@link SweepStore.pending} for the
 * points still to run and records each finished point with {@link SweepStore.recordDone} (arrays
 * first, each written to a temporary name and renamed, then the row is marked `done`, all under
 * the index's write lock)
 * or {@link SweepStore.recordFailed}. A point is `done` only when its row says so, so a process
 * killed at any moment leaves every point either done with all its files or not done (its stray
 * files are replaced when it runs again); recording is idempotent and never replaces a done
 * point's result.
 *
 * **Durability.** The index uses SQLite's write-ahead log with `synchronous = NORMAL`: a committed
 * point survives the process being killed (`kill -9`, a crash of Node) because the WAL is in the
 * operating system's page cache, and the database is never corrupted; after a power loss or an OS
 * crash the last few committed points may be rolled back (then they are simply pending and run
 * again), never torn. `FULL` would fsync at every point for protection against power loss, at
 * several ms per point. Array files are not fsynced either, with the same guarantee.
 *
 * **Damage.** A file that is not SQLite, an index without the store's tables, a database SQLite
 * reports as corrupt, or a truncated or missing `.npy` is a {@link LazyrichError} with one sentence
 * naming the file and the fix; nothing is overwritten.
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
 * const store = openStore(join(root, 'grid'), { sweep });
 * for (const point of store.pending({ index: 0, count: 2 })) {     // shard 0/2: points 0 and 2
 *   if (point.index === 2) store.recordFailed(point, 'train: diverged at step 7.', 1.5);
 *   else store.recordDone(point, result(0.01), 12.5);
 * }
 * store.status(); // → { total: 4, pending: 2, done: 1, failed: 1 }
 * store.readArrays(sweep.points[0].key).series?.columns.loss; // → [1, 0.01]
 * store.close();
 * const resumed = openStore(join(root, 'grid'), { sweep });        // the same sweep again: resume
 * resumed.pending().map((p) => p.index); // → [1, 3]
 * resumed.close();
 * rmSync(root, { recursive: true });
 * @module
 */
import Database from 'better-sqlite3';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { LazyrichError } from '../errors/index.js';
import { readNpy, writeNpy } from '../io/npy.node.js';
import type { RunArray, RunResult } from '../experiments/run/types.js';
import type { ExpandedSweep, Shard, SweepPoint } from '../experiments/sweep/types.js';
import type { SweepDocument } from '../experiments/sweep/schema.js';
import { pointDocument } from '../experiments/sweep/expand.js';
import { formatShard, shardOf } from '../experiments/sweep/shard.js';
import type { PointRow, PointStatus, StoredFile, StoreStatus } from './types.js';

/** Value of the `format` entry of a store's meta table. */
export const STORE_FORMAT = 'lazyrich-sweep-store';
/** Version of the store layout written by this code. */
export const STORE_VERSION = 1;
/** The index file inside a store folder. */
export const INDEX_FILE = 'index.sqlite';
/** The folder of per-point arrays inside a store folder. */
export const ARRAYS_DIR = 'arrays';

/** Options of {@link openStore}. */
export interface OpenStoreOptions {
  /** Create the folder and index when missing (default: true when `sweep` is given, else false). */
  create?: boolean;
  /** The sweep this store holds: {@link SweepStore.init} is called with it (create, or check and resume). */
  sweep?: ExpandedSweep;
  /** The shard this process runs (recorded in the store for `lazyrich ls`; any shard may run into any store of the sweep). */
  shard?: Shard;
}

/** Everything stored about a done point besides its {@link PointRow}. */
export interface PointDetails {
  /** RunResult.kind. */
  kind: string | null;
  /** RunResult.exact. */
  exact: RunResult['exact'] | null;
  /** RunResult.units. */
  units: Record<string, string> | null;
  /** RunResult.notes. */
  notes: string[] | null;
  /** The point's `.npy` files. */
  files: StoredFile[];
  /** ISO 8601 time the point was recorded. */
  finishedAt: string | null;
}

/** The arrays of a done point, read back from its `.npy` files. */
export interface StoredArrays {
  /** The series (t and columns), or null when the result had no records. */
  series: { t: Float64Array; columns: Record<string, Float64Array> } | null;
  /** RunResult.arrays. */
  arrays: Record<string, RunArray>;
}

/** What recordDone/recordFailed did: `recorded`, or nothing because the point is already done. */
export type RecordOutcome = 'recorded' | 'already-done';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS points (
  idx INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  replicate INTEGER NOT NULL,
  seed INTEGER NOT NULL,
  assignments TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'failed')),
  summary TEXT,
  labels TEXT,
  error TEXT,
  elapsed_ms REAL,
  kind TEXT,
  exact TEXT,
  units TEXT,
  notes TEXT,
  files TEXT,
  finished_at TEXT
);
CREATE INDEX IF NOT EXISTS points_status ON points (status);
`;

const SQLITE_HEADER = 'SQLite format 3\u0000';

/** Raw row of the points table. */
interface RawRow {
  idx: number;
  key: string;
  replicate: number;
  seed: number;
  assignments: string;
  status: PointStatus;
  summary: string | null;
  labels: string | null;
  error: string | null;
  elapsed_ms: number | null;
  kind: string | null;
  exact: string | null;
  units: string | null;
  notes: string | null;
  files: string | null;
  finished_at: string | null;
}

/** JSON text of a summary, keeping NaN and ±Infinity as strings. */
function encodeSummary(summary: Record<string, number | null>): string {
  const out: Record<string, number | string | null> = {};
  for (const [k, v] of Object.entries(summary)) out[k] = typeof v === 'number' && !Number.isFinite(v) ? String(v) : v;
  return JSON.stringify(out);
}

function decodeSummary(text: string | null): Record<string, number | null> | null {
  if (text === null) return null;
  const raw = JSON.parse(text) as Record<string, number | string | null>;
  const out: Record<string, number | null> = {};
  for (const [k, v] of Object.entries(raw)) out[k] = typeof v === 'string' ? Number(v) : v;
  return out;
}

/** A file-system-safe file name part for an array or column name (`%XX` for anything but [A-Za-z0-9_+-], and for dots). */
function safeName(name: string): string {
  if (name === '') return '%';
  let out = '';
  for (const byte of new TextEncoder().encode(name)) {
    const ch = String.fromCharCode(byte);
    out += /[A-Za-z0-9_+-]/.test(ch) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** The sentence reason of a system or SQLite error. */
function reason(cause: unknown): string {
  if (cause !== null && typeof cause === 'object' && 'code' in cause && typeof (cause as { code: unknown }).code === 'string') {
    const msg = cause instanceof Error ? cause.message : '';
    return msg ? `${(cause as { code: string }).code}: ${msg.replace(/[.\s]+$/, '')}` : (cause as { code: string }).code;
  }
  return cause instanceof Error ? cause.message.replace(/[.\s]+$/, '') : String(cause);
}

function sqliteCode(cause: unknown): string {
  const code = cause !== null && typeof cause === 'object' && 'code' in cause ? String((cause as { code: unknown }).code) : '';
  return code.startsWith('SQLITE_') ? code : '';
}

function isSqliteDamage(cause: unknown): boolean {
  const code = sqliteCode(cause);
  return code.startsWith('SQLITE_CORRUPT') || code.startsWith('SQLITE_NOTADB');
}

/** One sentence for an SQLite failure on the index at `path` (damage, read-only, full disk, lock, …). */
function sqliteFailure(path: string, cause: unknown): LazyrichError {
  const code = sqliteCode(cause);
  if (isSqliteDamage(cause)) return damagedIndex(path, `is damaged (${reason(cause)})`, cause);
  const fix = code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_PERM')
    ? "check the folder's permissions or choose another --out"
    : code.startsWith('SQLITE_FULL')
      ? 'free disk space and run the same command again to resume'
      : code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')
        ? 'another process is writing this store; wait for it or choose another --out'
        : 'check the disk and the folder, then run the same command again to resume';
  return new LazyrichError(`cannot use the sweep store index ${path} (${reason(cause)}); ${fix}.`, { code: 'store', path, cause });
}

/** Runs a file-system step of the store, turning its failure into one sentence naming the path. */
function fsStep<T>(path: string, what: string, fn: () => T): T {
  try {
    return fn();
  } catch (cause) {
    if (cause instanceof LazyrichError) throw cause;
    throw new LazyrichError(`cannot ${what} ${path} (${reason(cause)}); check the disk and the folder's permissions, then run the same command again to resume.`, {
      code: 'io',
      path,
      cause,
    });
  }
}

/** The sentence for an index file that is not a readable store. */
function damagedIndex(path: string, what: string, cause?: unknown): LazyrichError {
  return new LazyrichError(`${path} ${what}; this folder holds no readable lazyrich store: move the file away (nothing was changed) or choose another --out.`, {
    code: 'store',
    path,
    cause,
  });
}

/** True when the first bytes of `path` are SQLite's header (or the file is empty). */
function looksLikeSqlite(path: string): boolean {
  const size = statSync(path).size;
  if (size === 0) return true;
  if (size < SQLITE_HEADER.length) return false;
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(SQLITE_HEADER.length);
    readSync(fd, buf, 0, buf.length, 0);
    return buf.toString('latin1') === SQLITE_HEADER;
  } finally {
    closeSync(fd);
  }
}

/**
 * Opens (or creates) the store in folder `dir`; with `options.sweep`, also {@link SweepStore.init}s
 * it with that sweep (create, or check the sweep id and resume).
 * @throws LazyrichError (code `store`) when there is no store and `create` is false, the folder
 * cannot be created, the index is not a lazyrich store or is damaged, or it holds another sweep.
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
 * const store = openStore(join(root, 'grid'), { sweep });   // create (or resume) the store of this sweep
 * store.recordDone(sweep.points[1], result(0.2), 3);
 * store.close();
 * const again = openStore(join(root, 'grid'));              // read it back
 * again.row(sweep.points[1].key)?.summary; // → { finalLoss: 0.2 }
 * again.close();
 * rmSync(root, { recursive: true });
 */
export function openStore(dir: string, options: OpenStoreOptions = {}): SweepStore {
  const create = options.create ?? options.sweep !== undefined;
  const path = join(dir, INDEX_FILE);
  const exists = existsSync(path);
  if (!exists) {
    if (!create) {
      throw new LazyrichError(`${dir} holds no sweep store (no ${INDEX_FILE}); check the folder name, or run lazyrich sweep with --out ${dir} first.`, { code: 'store', path: dir });
    }
    if (existsSync(dir) && !statSync(dir).isDirectory()) {
      throw new LazyrichError(`${dir} is a file, not a folder; choose another --out for the sweep store.`, { code: 'store', path: dir });
    }
    const arrays = join(dir, ARRAYS_DIR);
    if (fsStep(arrays, 'read', () => existsSync(arrays) && readdirSync(arrays).length > 0)) {
      throw new LazyrichError(`${dir} holds stored arrays but no ${INDEX_FILE} (the index was deleted or moved); restore it, or choose another --out so these results are not overwritten.`, {
        code: 'store',
        path: dir,
      });
    }
    try {
      mkdirSync(join(dir, ARRAYS_DIR), { recursive: true });
    } catch (cause) {
      throw new LazyrichError(`cannot create the sweep store folder ${dir} (${reason(cause)}); choose a writable --out.`, { code: 'store', path: dir, cause });
    }
  } else if (!fsStep(path, 'read', () => statSync(path).isFile() && looksLikeSqlite(path))) {
    throw damagedIndex(path, 'is not an SQLite database');
  }
  if (exists) checkBeforeWriting(dir, path, create);
  let db: Database.Database;
  try {
    db = new Database(path, { fileMustExist: exists });
    db.pragma('busy_timeout = 10000');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
  } catch (cause) {
    if (sqliteCode(cause)) throw sqliteFailure(path, cause);
    throw new LazyrichError(`cannot open ${path} (${reason(cause)}); check the folder's permissions or choose another --out.`, { code: 'store', path, cause });
  }
  let store: SweepStore;
  try {
    store = new SweepStore(dir, db);
  } catch (error) {
    db.close();
    throw error;
  }
  if (options.sweep) {
    try {
      store.init(options.sweep, options.shard);
    } catch (error) {
      store.close();
      throw error;
    }
  }
  return store;
}

/**
 * Checks an existing index through a read-only connection before anything writes to it (switching
 * to WAL rewrites the header), so a folder that is refused — an SQLite file of something else, an
 * empty index given to a reading command — is left byte-for-byte as it was.
 */
function checkBeforeWriting(dir: string, path: string, create: boolean): void {
  let ro: Database.Database;
  try {
    ro = new Database(path, { readonly: true, fileMustExist: true });
  } catch (cause) {
    if (sqliteCode(cause)) throw sqliteFailure(path, cause);
    throw new LazyrichError(`cannot open ${path} (${reason(cause)}); check the folder's permissions or choose another --out.`, { code: 'store', path, cause });
  }
  try {
    const probe = new SweepStore(dir, ro);
    if (!create && !probe.hasSweep()) {
      throw new LazyrichError(`${dir} holds no sweep yet (its index is empty); run lazyrich sweep with --out ${dir}.`, { code: 'store', path: dir });
    }
  } finally {
    ro.close();
  }
}

/**
 * An open sweep store (see the module notes). Create it with {@link openStore}; close it with
 * {@link SweepStore.close}. The sweep command records on its main thread; several processes may
 * record into one store at once (each point is written under the index's write lock, and the
 * first to finish a point keeps it), and readers may open it at any time.
 */
export class SweepStore {
  /** The store folder as given to openStore. */
  readonly dir: string;
  /** The index file. */
  readonly indexPath: string;
  private readonly db: Database.Database;
  private cachedMeta: Map<string, string> | undefined;
  private readonly statements = new Map<string, Database.Statement>();

  /** @internal Use {@link openStore}. */
  constructor(dir: string, db: Database.Database) {
    this.dir = dir;
    this.indexPath = join(dir, INDEX_FILE);
    this.db = db;
    const tables = this.guard(() => (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name));
    if (tables.length > 0) {
      for (const t of ['meta', 'points']) {
        if (!tables.includes(t)) throw damagedIndex(this.indexPath, `has no ${t} table (it is not a lazyrich sweep store, or it is damaged)`);
      }
      const format = this.meta().get('format');
      if (format !== STORE_FORMAT) throw damagedIndex(this.indexPath, `is not a lazyrich sweep store (format ${JSON.stringify(format ?? null)})`);
      const version = Number(this.meta().get('version'));
      if (version > STORE_VERSION) {
        throw new LazyrichError(`${this.indexPath} was written by a newer lazyrich (store version ${version}, this one reads ${STORE_VERSION}); update lazyrich to read it.`, {
          code: 'store',
          path: this.indexPath,
        });
      }
    }
  }

  /** A prepared statement, cached by its SQL text. */
  private stmt(sql: string): Database.Statement {
    let st = this.statements.get(sql);
    if (!st) {
      st = this.db.prepare(sql);
      this.statements.set(sql, st);
    }
    return st;
  }

  /** Runs `fn`, turning SQLite's corruption errors into one sentence naming the index. */
  private guard<T>(fn: () => T): T {
    try {
      return fn();
    } catch (cause) {
      if (sqliteCode(cause)) throw sqliteFailure(this.indexPath, cause);
      throw cause;
    }
  }

  private meta(): Map<string, string> {
    if (!this.cachedMeta) {
      const rows = this.guard(() => {
        const has = this.stmt("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").get();
        return has ? (this.stmt('SELECT name, value FROM meta').all() as { name: string; value: string }[]) : [];
      });
      this.cachedMeta = new Map(rows.map((r) => [r.name, r.value]));
    }
    return this.cachedMeta;
  }

  /** Whether the index holds a sweep (init has run). */
  hasSweep(): boolean {
    return this.meta().has('sweepId');
  }

  private requireInit(): void {
    if (!this.meta().has('sweepId')) {
      throw new LazyrichError(`${this.dir} holds no sweep yet (its index is empty); run lazyrich sweep with --out ${this.dir}.`, { code: 'store', path: this.dir });
    }
  }

  /** True when the store holds a sweep (init has run). */
  get initialized(): boolean {
    return this.meta().has('sweepId');
  }

  /** The id of the sweep this store holds. @throws LazyrichError when it holds none yet. */
  get sweepId(): string {
    this.requireInit();
    return this.meta().get('sweepId')!;
  }

  /** The sweep's base document (without its sweep section). */
  get base(): unknown {
    this.requireInit();
    return JSON.parse(this.meta().get('base')!);
  }

  /** The axis paths, in order. */
  get paths(): string[] {
    this.requireInit();
    return JSON.parse(this.meta().get('paths')!) as string[];
  }

  /** Store metadata: ISO times of creation and last update, the shards run into it, the sweep section and seed. */
  info(): { created: string; updated: string; shards: string[]; sweep: SweepDocument | null; seed: number | null } {
    this.requireInit();
    const m = this.meta();
    return {
      created: m.get('created')!,
      updated: m.get('updated')!,
      shards: JSON.parse(m.get('shards') ?? '[]') as string[],
      sweep: JSON.parse(m.get('sweep') ?? 'null') as SweepDocument | null,
      seed: m.has('seed') ? Number(m.get('seed')) : null,
    };
  }

  /**
   * Writes `sweep` into a new store (meta and one pending row per point, one transaction), or,
   * when the store already holds this sweep, checks it and resumes; `shard` is remembered for `ls`.
   * @returns `created` or `resumed`.
   * @throws LazyrichError "the folder <dir> holds another sweep (…); choose another --out or delete it."
   */
  init(sweep: ExpandedSweep, shard?: Shard): 'created' | 'resumed' {
    const now = new Date().toISOString();
    const shardText = shard ? formatShard(shard) : undefined;
    const outcome = this.guard(() =>
      this.db.transaction((): 'created' | 'resumed' => {
        this.cachedMeta = undefined;
        const meta = this.meta();
        const stored = meta.get('sweepId');
        const setMeta = (name: string, value: string) =>
          this.stmt('INSERT INTO meta (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value').run(name, value);
        if (stored !== undefined) {
          if (stored !== sweep.sweepId) {
            const s = this.status();
            throw new LazyrichError(
              `the folder ${this.dir} holds another sweep (${stored}, ${s.done} of ${s.total} points done; this document's sweep is ${sweep.sweepId}); choose another --out or delete it.`,
              { code: 'store', path: this.dir },
            );
          }
          const count = (this.stmt('SELECT COUNT(*) AS n FROM points').get() as { n: number }).n;
          if (count !== sweep.points.length) {
            throw damagedIndex(this.indexPath, `lists ${count} points but its sweep ${stored} has ${sweep.points.length}`);
          }
          if (shardText) {
            const shards = JSON.parse(meta.get('shards') ?? '[]') as string[];
            if (!shards.includes(shardText)) setMeta('shards', JSON.stringify([...shards, shardText]));
          }
          return 'resumed';
        }
        this.db.exec(SCHEMA);
        const entries: [string, string][] = [
          ['format', STORE_FORMAT],
          ['version', String(STORE_VERSION)],
          ['sweepId', sweep.sweepId],
          ['base', JSON.stringify(sweep.base)],
          ['paths', JSON.stringify(sweep.paths)],
          ['sweep', JSON.stringify(sweep.sweep ?? null)],
          ['shards', JSON.stringify(shardText ? [shardText] : [])],
          ['created', now],
          ['updated', now],
        ];
        if (sweep.seed !== undefined) entries.push(['seed', String(sweep.seed)]);
        for (const [k, v] of entries) setMeta(k, v);
        const insert = this.stmt('INSERT INTO points (idx, key, replicate, seed, assignments) VALUES (?, ?, ?, ?, ?)');
        for (const p of sweep.points) insert.run(p.index, p.key, p.replicate, p.seed, JSON.stringify(p.assignments));
        return 'created';
      }).immediate(),
    );
    this.cachedMeta = undefined;
    return outcome;
  }

  private toRow(r: RawRow): PointRow {
    return {
      index: r.idx,
      key: r.key,
      replicate: r.replicate,
      seed: r.seed,
      assignments: JSON.parse(r.assignments) as Record<string, unknown>,
      status: r.status,
      summary: decodeSummary(r.summary),
      labels: r.labels === null ? null : (JSON.parse(r.labels) as Record<string, string>),
      error: r.error,
      elapsedMs: r.elapsed_ms,
    };
  }

  /** Every point's row, in index order. */
  rows(): PointRow[] {
    this.requireInit();
    return this.guard(() => (this.stmt('SELECT * FROM points ORDER BY idx').all() as RawRow[]).map((r) => this.toRow(r)));
  }

  /** The row of the point with `key`, or undefined when the sweep has no such point. */
  row(key: string): PointRow | undefined {
    this.requireInit();
    const r = this.guard(() => this.stmt('SELECT * FROM points WHERE key = ?').get(key) as RawRow | undefined);
    return r ? this.toRow(r) : undefined;
  }

  /** The stored details of a point (kind, exact, units, notes, files, time), or undefined for an unknown key. */
  details(key: string): PointDetails | undefined {
    this.requireInit();
    const r = this.guard(() => this.stmt('SELECT kind, exact, units, notes, files, finished_at FROM points WHERE key = ?').get(key) as RawRow | undefined);
    if (!r) return undefined;
    return {
      kind: r.kind,
      exact: r.exact === null ? null : JSON.parse(r.exact),
      units: r.units === null ? null : JSON.parse(r.units),
      notes: r.notes === null ? null : JSON.parse(r.notes),
      files: r.files === null ? [] : (JSON.parse(r.files) as StoredFile[]),
      finishedAt: r.finished_at,
    };
  }

  /**
   * The points still to run (status `pending`, plus `failed` with `retryFailed`), in index order,
   * restricted to `shard` when given, each with its document rebuilt from the base and its row.
   */
  pending(shard?: Shard, options: { retryFailed?: boolean } = {}): SweepPoint[] {
    const base = this.base;
    const statuses = options.retryFailed ? "('pending', 'failed')" : "('pending')";
    const raw = this.guard(() => this.stmt(`SELECT * FROM points WHERE status IN ${statuses} ORDER BY idx`).all() as RawRow[]);
    return shardOf(raw.map((r) => this.toRow(r)), shard).map((r) => ({
      index: r.index,
      key: r.key,
      assignments: r.assignments,
      replicate: r.replicate,
      seed: r.seed,
      document: pointDocument(base, r.assignments, r.seed),
    }));
  }

  /** Point counts by status, over the whole sweep or one shard. */
  status(shard?: Shard): StoreStatus {
    this.requireInit();
    const counts = { total: 0, pending: 0, done: 0, failed: 0 };
    if (shard) {
      for (const r of shardOf(this.guard(() => this.stmt('SELECT idx AS "index", status FROM points').all() as { index: number; status: PointStatus }[]), shard)) {
        counts.total++;
        counts[r.status]++;
      }
      return counts;
    }
    for (const r of this.guard(() => this.stmt('SELECT status, COUNT(*) AS n FROM points GROUP BY status').all() as { status: PointStatus; n: number }[])) {
      counts[r.status] = r.n;
      counts.total += r.n;
    }
    return counts;
  }

  /** The folder of a point's arrays, `<dir>/arrays/<key>`. */
  arraysDir(key: string): string {
    if (!/^[0-9a-zA-Z_-]+$/.test(key)) throw new LazyrichError(`"${key}" is not a point key.`, { code: 'store', path: key });
    return join(this.dir, ARRAYS_DIR, key);
  }

  private statusOf(key: string): PointStatus {
    const r = this.guard(() => this.stmt('SELECT status FROM points WHERE key = ?').get(key) as { status: PointStatus } | undefined);
    if (!r) throw new LazyrichError(`point ${key} is not a point of the sweep in ${this.dir}; record only points of this sweep.`, { code: 'store', path: key });
    return r.status;
  }

  /** Writes a result's arrays into arrays/<key>/ (each file atomically) and lists them. */
  private writeArrays(key: string, result: RunResult): StoredFile[] {
    const dir = this.arraysDir(key);
    const created = fsStep(dir, 'create', () => mkdirSync(dir, { recursive: true }));
    // Temporary files left by a killed attempt (only an existing folder can hold them).
    if (created === undefined) {
      fsStep(dir, 'clean', () => {
        for (const f of readdirSync(dir)) if (f.endsWith('.tmp')) unlinkSync(join(dir, f));
      });
    }
    const files: StoredFile[] = [];
    const names = new Set<string>();
    const add = (file: string, role: StoredFile['role'], name: string, data: Float64Array, shape: number[]) => {
      if (names.has(file)) throw new LazyrichError(`point ${key}: the result has two arrays stored as ${file} ("${name}"); rename one of them.`, { code: 'store', path: key });
      names.add(file);
      writeNpy(join(dir, file), data, shape);
      files.push({ file, role, name, shape });
    };
    const t = result.series?.t;
    if (t && t.length > 0) {
      add('series.t.npy', 't', 't', t, [t.length]);
      for (const [name, col] of Object.entries(result.series.columns)) add(`series.${safeName(name)}.npy`, 'series', name, col, [col.length]);
    }
    for (const [name, a] of Object.entries(result.arrays ?? {})) add(`${safeName(name)}.npy`, 'array', name, a.data, a.shape);
    return files;
  }

  /**
   * Records a finished point: in one write transaction, its arrays into `arrays/<key>/` (temporary
   * file + rename each), then the row marked `done` with summary, labels, units, notes and time. A
   * point that is already done is left as it is, files included (`already-done`); a failed one
   * becomes done. A process killed half-way leaves the row pending (its files are replaced when the
   * point runs again).
   * @throws LazyrichError for a key outside the sweep or a file that cannot be written.
   */
  recordDone(point: Pick<SweepPoint, 'key'>, result: RunResult, elapsedMs: number): RecordOutcome {
    this.requireInit();
    const now = new Date().toISOString();
    // The write lock is taken before the files are written, so a concurrent writer can never replace
    // the files of a point another one has just marked done.
    return this.guard(() =>
      this.db.transaction((): RecordOutcome => {
        if (this.statusOf(point.key) === 'done') return 'already-done';
        const files = this.writeArrays(point.key, result);
        const changed = this.db
          .prepare(
            `UPDATE points SET status = 'done', summary = ?, labels = ?, error = NULL, elapsed_ms = ?, kind = ?, exact = ?, units = ?, notes = ?, files = ?, finished_at = ?
             WHERE key = ? AND status != 'done'`,
          )
          .run(
            encodeSummary(result.summary ?? {}),
            JSON.stringify(result.labels ?? {}),
            elapsedMs,
            result.kind ?? null,
            JSON.stringify(result.exact ?? null),
            JSON.stringify(result.units ?? {}),
            JSON.stringify(result.notes ?? []),
            JSON.stringify(files),
            now,
            point.key,
          ).changes;
        if (changed === 0) return 'already-done';
        this.stmt("UPDATE meta SET value = ? WHERE name = 'updated'").run(now);
        return 'recorded';
      }).immediate(),
    );
  }

  /**
   * Records a failed point with its one-sentence error. A done point is left as it is
   * (`already-done`); a failed one gets the new message.
   */
  recordFailed(point: Pick<SweepPoint, 'key'>, message: string, elapsedMs: number): RecordOutcome {
    this.requireInit();
    this.statusOf(point.key);
    const now = new Date().toISOString();
    return this.guard(() =>
      this.db.transaction((): RecordOutcome => {
        const changed = this.db
          .prepare("UPDATE points SET status = 'failed', error = ?, elapsed_ms = ?, finished_at = ? WHERE key = ? AND status != 'done'")
          .run(String(message), elapsedMs, now, point.key).changes;
        if (changed === 0) return 'already-done';
        this.stmt("UPDATE meta SET value = ? WHERE name = 'updated'").run(now);
        return 'recorded';
      }).immediate(),
    );
  }

  /**
   * Copies a done or failed point from another store of the same sweep (used by mergeStores):
   * its files first (atomically), then its row in one transaction. Only a pending or failed row
   * is replaced; a done row is left as it is.
   * @internal
   */
  adopt(source: SweepStore, key: string): RecordOutcome {
    const row = source.row(key);
    const details = source.details(key);
    if (!row || !details || row.status === 'pending') throw new LazyrichError(`point ${key} has no result in ${source.dir} to merge.`, { code: 'store', path: key });
    const now = new Date().toISOString();
    return this.guard(() =>
      this.db.transaction((): RecordOutcome => {
        const target = this.statusOf(key);
        if (target === 'done' || (target === 'failed' && row.status === 'failed')) return 'already-done';
        if (row.status === 'done') {
          const dir = this.arraysDir(key);
          fsStep(dir, 'create', () => mkdirSync(dir, { recursive: true }));
          for (const f of details.files) writeNpy(join(dir, f.file), source.readFile(key, f), f.shape);
        }
        this.db
          .prepare(
            `UPDATE points SET status = ?, summary = ?, labels = ?, error = ?, elapsed_ms = ?, kind = ?, exact = ?, units = ?, notes = ?, files = ?, finished_at = ?
             WHERE key = ? AND status != 'done'`,
          )
          .run(
            row.status,
            row.summary === null ? null : encodeSummary(row.summary),
            row.labels === null ? null : JSON.stringify(row.labels),
            row.error,
            row.elapsedMs,
            details.kind,
            details.exact === null ? null : JSON.stringify(details.exact),
            details.units === null ? null : JSON.stringify(details.units),
            details.notes === null ? null : JSON.stringify(details.notes),
            JSON.stringify(details.files),
            details.finishedAt ?? now,
            key,
          );
        this.stmt("UPDATE meta SET value = ? WHERE name = 'updated'").run(now);
        return 'recorded';
      }).immediate(),
    );
  }

  /**
   * One stored file of a done point, checked against the shape its row lists.
   * @throws LazyrichError naming the file when it is missing, truncated or not the recorded shape.
   */
  readFile(key: string, file: StoredFile): Float64Array {
    const path = join(this.arraysDir(key), file.file);
    let decoded;
    try {
      decoded = readNpy(path);
    } catch (cause) {
      throw new LazyrichError(
        `${path} is missing or damaged (${cause instanceof Error ? cause.message.replace(/[.\s]+$/, '') : String(cause)}); the stored result of point ${key} cannot be read: restore the file, or run the sweep again into a new --out.`,
        { code: 'store', path, cause },
      );
    }
    if (decoded.shape.join('x') !== file.shape.join('x')) {
      throw new LazyrichError(`${path} has shape ${decoded.shape.join('x') || 'scalar'} but the index recorded ${file.shape.join('x') || 'scalar'}; restore the file, or run the sweep again into a new --out.`, {
        code: 'store',
        path,
      });
    }
    return decoded.data;
  }

  /**
   * The series and arrays of a done point, read back from its `.npy` files.
   * @throws LazyrichError when the point is not done, or a file is missing or damaged (naming it).
   */
  readArrays(key: string): StoredArrays {
    const status = this.statusOf(key);
    if (status !== 'done') throw new LazyrichError(`point ${key} is ${status}, so it has no stored arrays; run the sweep to finish it.`, { code: 'store', path: key });
    const files = this.details(key)!.files;
    let t: Float64Array | undefined;
    const columns: Record<string, Float64Array> = {};
    const arrays: Record<string, RunArray> = {};
    for (const f of files) {
      const data = this.readFile(key, f);
      if (f.role === 't') t = data;
      else if (f.role === 'series') columns[f.name] = data;
      else arrays[f.name] = { shape: f.shape, data };
    }
    return { series: t ? { t, columns } : null, arrays };
  }

  /** Bytes on disk: the index (with its WAL) and every file under arrays/. */
  sizeBytes(): number {
    let total = 0;
    const walk = (p: string) => {
      const st = statSync(p, { throwIfNoEntry: false });
      if (!st) return;
      if (st.isDirectory()) for (const f of readdirSync(p)) walk(join(p, f));
      else total += st.size;
    };
    for (const f of [INDEX_FILE, `${INDEX_FILE}-wal`, `${INDEX_FILE}-shm`, ARRAYS_DIR]) walk(join(this.dir, f));
    return total;
  }

  /** Checkpoints the WAL into the index and closes the database. Safe to call twice. */
  close(): void {
    if (!this.db.open) return;
    try {
      if (this.initialized) this.db.pragma('wal_checkpoint(TRUNCATE)');
    } catch {
      // a reader holding the WAL open only delays the checkpoint; closing is still safe
    }
    this.db.close();
  }

  /**
   * The sweep as stored: id, base, paths, sweep section, seed and every point with its document
   * rebuilt (from the rows). mergeStores initialises a target store with it.
   */
  sweep(): ExpandedSweep {
    const base = this.base;
    const info = this.info();
    const points: SweepPoint[] = this.rows().map((r) => ({
      index: r.index,
      key: r.key,
      assignments: r.assignments,
      replicate: r.replicate,
      seed: r.seed,
      document: pointDocument(base, r.assignments, r.seed),
    }));
    return { sweepId: this.sweepId, base, paths: this.paths, points, ...(info.sweep === null ? {} : { sweep: info.sweep }), ...(info.seed === null ? {} : { seed: info.seed }) };
  }
}
