/**
 * Joining the stores of the shards of one sweep (`lazyrich merge`). Node only.
 *
 * **Method.** Every source must hold the same sweep (same sweep id). The target is created (or
 * resumed) with that sweep, then each source's done and failed points are copied into it, files
 * first, then the row (see SweepStore.adopt). A point done in two stores must agree — the same
 * summary, labels and bit-identical arrays — or the merge stops with an error naming the point;
 * done wins over failed; points done in no source stay pending in the target, so running the sweep
 * into the merged folder finishes them. Merging is idempotent and never replaces a done point.
 * @module
 */
import { resolve } from 'node:path';
import { ConfigError, LazyrichError } from '../errors/index.js';
import { canonicalJson } from '../experiments/sweep/digest.js';
import { openStore, type SweepStore } from './store.js';
import type { StoreStatus } from './types.js';

/** What {@link mergeStores} did. */
export interface MergeReport {
  /** The sweep id of every store. */
  sweepId: string;
  /** Points copied into the target (done or failed). */
  copied: number;
  /** Points done both in the target (or an earlier source) and in a source, found equal. */
  agreed: number;
  /** Counts of the target after the merge. */
  status: StoreStatus;
}

function sameBits(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

/** Why two done copies of a point differ, or undefined when they agree. */
function disagreement(target: SweepStore, source: SweepStore, key: string): string | undefined {
  const [a, b] = [target.row(key)!, source.row(key)!];
  if (canonicalJson(a.summary) !== canonicalJson(b.summary)) return 'different summaries';
  if (canonicalJson(a.labels) !== canonicalJson(b.labels)) return 'different labels';
  const fa = target.details(key)!.files;
  const fb = source.details(key)!.files;
  if (canonicalJson(fa) !== canonicalJson(fb)) return 'different sets of arrays';
  for (const f of fa) if (!sameBits(target.readFile(key, f), source.readFile(key, f))) return `different values in ${f.file}`;
  return undefined;
}

/**
 * Merges the shard stores `sourceDirs` into the store at `targetDir` (created when missing).
 * @throws ConfigError without sources; LazyrichError when a source is not a store, the stores hold
 * different sweeps, or a point done in two stores disagrees (naming it).
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
 * for (const i of [0, 1]) {                       // two shards, run into their own folders
 *   const shard = openStore(join(root, `shard-${i}`), { sweep });
 *   for (const p of shard.pending({ index: i, count: 2 })) shard.recordDone(p, result(p.index), 1);
 *   shard.close();
 * }
 * const report = mergeStores(join(root, 'merged'), [join(root, 'shard-0'), join(root, 'shard-1')]);
 * report.status; // → { total: 4, pending: 0, done: 4, failed: 0 }
 * rmSync(root, { recursive: true });
 */
export function mergeStores(targetDir: string, sourceDirs: readonly string[]): MergeReport {
  const sources = sourceDirs.filter((d) => resolve(d) !== resolve(targetDir));
  if (sourceDirs.length === 0) throw new ConfigError('merge: no source stores given; name the shard folders to merge, e.g. lazyrich merge out out/shard-0 out/shard-1.', { path: 'sources' });
  const opened: SweepStore[] = [];
  let target: SweepStore | undefined;
  try {
    for (const dir of sources) opened.push(openStore(dir, { create: false }));
    const first = opened[0];
    for (const s of opened.slice(1)) {
      if (s.sweepId !== first.sweepId) {
        throw new LazyrichError(`${s.dir} holds sweep ${s.sweepId} but ${first.dir} holds sweep ${first.sweepId}; merge only the shards of one sweep.`, { code: 'store', path: s.dir });
      }
    }
    if (first) target = openStore(targetDir, { create: true, sweep: first.sweep() });
    else target = openStore(targetDir, { create: false });
    let copied = 0;
    let agreed = 0;
    for (const source of opened) {
      const targetStatus = new Map(target.rows().map((r) => [r.key, r.status]));
      for (const row of source.rows()) {
        if (row.status === 'pending') continue;
        const t = targetStatus.get(row.key);
        if (t === 'done' && row.status === 'done') {
          const why = disagreement(target, source, row.key);
          if (why) {
            throw new LazyrichError(
              `point ${row.index} (${row.key}) is done in both ${target.dir} and ${source.dir} with ${why}; the runs are not reproducible, so check the lazyrich versions and backends of the shards before merging.`,
              { code: 'store', path: row.key },
            );
          }
          agreed++;
          continue;
        }
        if (target.adopt(source, row.key) === 'recorded') copied++;
      }
    }
    return { sweepId: target.sweepId, copied, agreed, status: target.status() };
  } finally {
    for (const s of opened) s.close();
    target?.close();
  }
}
