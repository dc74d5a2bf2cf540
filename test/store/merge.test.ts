/**
 * Merging shard stores: two shard stores merged equal one store that ran every point; merging is
 * idempotent; disagreeing duplicates, different sweeps and missing sources are refused.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mergeStores, openStore, type SweepStore } from '../../src/store/index.js';
import { LazyrichError, ConfigError } from '../../src/errors/index.js';
import { shardOf } from '../../src/experiments/sweep/shard.js';
import type { ExpandedSweep } from '../../src/experiments/sweep/types.js';
import { fakeResult, smallSweep, tempDir } from './helpers.js';

/** Runs the points of shard i/n (all when n = 1) into a store at dir with fake results. */
function runShard(dir: string, sweep: ExpandedSweep, i: number, n: number, skip: number[] = []): void {
  const store = openStore(dir, { sweep, shard: { index: i, count: n } });
  for (const p of store.pending({ index: i, count: n })) {
    if (skip.includes(p.index)) continue;
    if (p.index === 7) store.recordFailed(p, 'init.scale: diverged.', 4);
    else store.recordDone(p, fakeResult(p), p.index);
  }
  store.close();
}

/** Rows and array bytes of a store, for comparison. */
function contents(store: SweepStore) {
  return store.rows().map((r) => ({
    row: r,
    details: { ...store.details(r.key), finishedAt: undefined }, // times differ between runs
    files: r.status === 'done' ? readdirSync(store.arraysDir(r.key)).sort().map((f) => [f, readFileSync(join(store.arraysDir(r.key), f)).toString('base64')]) : [],
  }));
}

describe('mergeStores', () => {
  it('two shard stores merged equal a single store that ran every point, and merging again changes nothing', () => {
    const root = tempDir();
    const sweep = smallSweep();
    runShard(join(root, 'single'), sweep, 0, 1);
    runShard(join(root, 'shard-0'), sweep, 0, 2);
    runShard(join(root, 'shard-1'), sweep, 1, 2);
    const report = mergeStores(join(root, 'merged'), [join(root, 'shard-0'), join(root, 'shard-1')]);
    assert.deepEqual(report, { sweepId: sweep.sweepId, copied: 12, agreed: 0, status: { total: 12, pending: 0, done: 11, failed: 1 } });
    const single = openStore(join(root, 'single'));
    const merged = openStore(join(root, 'merged'));
    assert.deepEqual(contents(merged), contents(single));
    assert.deepEqual(merged.sweep().points, sweep.points);
    single.close();
    merged.close();
    const again = mergeStores(join(root, 'merged'), [join(root, 'shard-0'), join(root, 'shard-1')]);
    assert.deepEqual([again.copied, again.agreed], [0, 11]);
  });

  it('points run in no shard stay pending in the merged store; done wins over failed', () => {
    const root = tempDir();
    const sweep = smallSweep();
    runShard(join(root, 'a'), sweep, 0, 2, [4]);
    runShard(join(root, 'b'), sweep, 1, 2);
    const retry = openStore(join(root, 'c'), { sweep });
    retry.recordDone(sweep.points[7], fakeResult(sweep.points[7]), 1); // failed in b, done here
    retry.close();
    const report = mergeStores(join(root, 'm'), [join(root, 'a'), join(root, 'b'), join(root, 'c')]);
    assert.deepEqual(report.status, { total: 12, pending: 1, done: 11, failed: 0 });
    const m = openStore(join(root, 'm'));
    assert.deepEqual(m.pending().map((p) => p.index), [4]);
    assert.equal(m.row(sweep.points[7].key)!.status, 'done');
    m.close();
  });

  it('a point done in two stores with different results is refused, naming the point', () => {
    const root = tempDir();
    const sweep = smallSweep();
    runShard(join(root, 'a'), sweep, 0, 1);
    const b = openStore(join(root, 'b'), { sweep });
    const p = sweep.points[3];
    b.recordDone(p, fakeResult(p, 1), 1);
    b.close();
    assert.throws(
      () => mergeStores(join(root, 'm'), [join(root, 'a'), join(root, 'b')]),
      (e: unknown) => e instanceof LazyrichError && new RegExp(`^point 3 \\(${p.key}\\) is done in both .* with different summaries;`).test(e.message),
    );
    // Same summary but different array bits are caught too.
    const c = openStore(join(root, 'c'), { sweep });
    const r = fakeResult(p);
    r.arrays.W1.data[0] += 1e-15;
    c.recordDone(p, r, 1);
    c.close();
    assert.throws(() => mergeStores(join(root, 'm2'), [join(root, 'a'), join(root, 'c')]), /with different values in W1\.npy/);
  });

  it('stores of different sweeps, missing sources and an empty source list are refused', () => {
    const root = tempDir();
    runShard(join(root, 'a'), smallSweep(), 0, 1);
    runShard(join(root, 'b'), smallSweep([5, 6, 7]), 0, 1);
    assert.throws(() => mergeStores(join(root, 'm'), [join(root, 'a'), join(root, 'b')]), /holds sweep .* but .* holds sweep .*; merge only the shards of one sweep\./);
    assert.throws(() => mergeStores(join(root, 'm'), [join(root, 'a'), join(root, 'nope')]), /nope holds no sweep store/);
    assert.throws(() => mergeStores(join(root, 'm'), []), ConfigError);
    const shard0 = shardOf(smallSweep().points, { index: 0, count: 2 });
    assert.equal(shard0.length, 6);
  });
});
