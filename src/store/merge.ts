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
 * const report = mergeStores('sweeps/grid', ['sweeps/grid/shard-0', 'sweeps/grid/shard-1']);
 * report.status.done; // points done in either shard
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
