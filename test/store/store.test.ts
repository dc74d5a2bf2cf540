/**
 * The sweep store: round trip of rows and arrays, resume semantics, idempotent recording, refusal
 * of another sweep, and damage detection (garbage index, missing tables, truncated index and .npy)
 * without changing any file.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { listStore, openStore, INDEX_FILE } from '../../src/store/index.js';
import { LazyrichError } from '../../src/errors/index.js';
import { parseShard } from '../../src/experiments/sweep/shard.js';
import { BASE, fakeResult, smallSweep, tempDir } from './helpers.js';

/** Expects a LazyrichError with a message matching `re`. */
function throwsStore(fn: () => unknown, re: RegExp) {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof LazyrichError, `expected a LazyrichError, got ${String(e)}`);
    assert.match(e.message, re);
    assert.doesNotMatch(e.message, /\n/);
    return true;
  });
}

function sameFloats(a: Float64Array, b: Float64Array) {
  assert.deepEqual(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), new Uint8Array(b.buffer, b.byteOffset, b.byteLength));
}

describe('store round trip', () => {
  it('stores every point pending, then done with its summary, labels, details and bit-identical arrays, and reads them back after reopening', () => {
    const dir = join(tempDir(), 'grid');
    const sweep = smallSweep();
    const store = openStore(dir, { sweep });
    assert.deepEqual(store.status(), { total: 12, pending: 12, done: 0, failed: 0 });
    assert.deepEqual(store.rows().map((r) => [r.index, r.key, r.replicate, r.seed, r.assignments, r.status]), sweep.points.map((p) => [p.index, p.key, p.replicate, p.seed, p.assignments, 'pending']));
    for (const p of sweep.points) assert.equal(store.recordDone(p, fakeResult(p), 10 + p.index), 'recorded');
    store.close();

    const again = openStore(dir);
    assert.equal(again.sweepId, sweep.sweepId);
    assert.deepEqual(again.base, BASE);
    assert.deepEqual(again.paths, ['init.lambda', 'init.scale']);
    assert.deepEqual(again.status(), { total: 12, pending: 0, done: 12, failed: 0 });
    for (const row of again.rows()) {
      const p = sweep.points[row.index];
      const r = fakeResult(p);
      assert.equal(row.status, 'done');
      assert.equal(row.elapsedMs, 10 + p.index);
      assert.equal(row.error, null);
      assert.deepEqual(row.summary, r.summary); // NaN and null survive
      assert.deepEqual(row.labels, r.labels);
      const details = again.details(row.key)!;
      assert.deepEqual([details.kind, details.exact, details.units, details.notes], [r.kind, r.exact, r.units, r.notes]);
      const { series, arrays } = again.readArrays(row.key);
      sameFloats(series!.t, r.series.t);
      assert.deepEqual(Object.keys(series!.columns), ['loss', 'ntk distance']);
      for (const [k, v] of Object.entries(r.series.columns)) sameFloats(series!.columns[k], v);
      for (const [k, v] of Object.entries(r.arrays)) {
        assert.deepEqual(arrays[k].shape, v.shape);
        sameFloats(arrays[k].data, v.data);
      }
    }
    assert.deepEqual(readdirSync(join(dir, 'arrays', sweep.points[0].key)).sort(), ['W1.npy', 'series.loss.npy', 'series.ntk%20distance.npy', 'series.t.npy', 'spectrum.npy']);
    assert.ok(again.sizeBytes() > 0);
    again.close();
  });

  it('a result without records stores no series', () => {
    const dir = tempDir();
    const sweep = smallSweep();
    const store = openStore(dir, { sweep });
    const r = { ...fakeResult(sweep.points[0]), series: { t: new Float64Array(0), columns: {} } };
    store.recordDone(sweep.points[0], r, 1);
    assert.equal(store.readArrays(sweep.points[0].key).series, null);
    store.close();
  });
});

describe('resume', () => {
  it('after a partial run, reopening resumes: pending lists the rest with their documents; shards and failed points', () => {
    const dir = tempDir();
    const sweep = smallSweep();
    const first = openStore(dir, { sweep });
    for (const p of sweep.points.slice(0, 5)) first.recordDone(p, fakeResult(p), 1);
    first.recordFailed(sweep.points[5], 'train.steps: diverged at step 12.', 2);
    first.close();

    const store = openStore(dir, { sweep, shard: parseShard('1/2') });
    assert.equal(store.init(sweep), 'resumed');
    assert.deepEqual(store.status(), { total: 12, pending: 6, done: 5, failed: 1 });
    const pending = store.pending();
    assert.deepEqual(pending.map((p) => p.index), [6, 7, 8, 9, 10, 11]);
    for (const p of pending) assert.deepEqual(p, sweep.points[p.index]);
    assert.deepEqual(store.pending(parseShard('1/2')).map((p) => p.index), [7, 9, 11]);
    assert.deepEqual(store.pending(undefined, { retryFailed: true }).map((p) => p.index), [5, 6, 7, 8, 9, 10, 11]);
    assert.deepEqual(store.status(parseShard('1/2')), { total: 6, pending: 3, done: 2, failed: 1 });
    assert.deepEqual(store.info().shards, ['1/2']);
    const failed = store.row(sweep.points[5].key)!;
    assert.deepEqual([failed.status, failed.error, failed.elapsedMs, failed.summary], ['failed', 'train.steps: diverged at step 12.', 2, null]);
    // A failed point run again and done becomes done.
    assert.equal(store.recordDone(sweep.points[5], fakeResult(sweep.points[5]), 3), 'recorded');
    assert.equal(store.row(sweep.points[5].key)!.error, null);
    store.close();
  });

  it('recording is idempotent and never replaces a done result', () => {
    const dir = tempDir();
    const sweep = smallSweep();
    const store = openStore(dir, { sweep });
    const p = sweep.points[2];
    assert.equal(store.recordDone(p, fakeResult(p), 1), 'recorded');
    const file = join(store.arraysDir(p.key), 'W1.npy');
    const bytes = readFileSync(file);
    const mtime = statSync(file).mtimeMs;
    assert.equal(store.recordDone(p, fakeResult(p, 1), 99), 'already-done');
    assert.equal(store.recordFailed(p, 'late failure.', 5), 'already-done');
    const row = store.row(p.key)!;
    assert.deepEqual([row.status, row.elapsedMs, row.summary], ['done', 1, fakeResult(p).summary]);
    assert.deepEqual(readFileSync(file), bytes);
    assert.equal(statSync(file).mtimeMs, mtime);
    assert.deepEqual(store.status(), { total: 12, pending: 11, done: 1, failed: 0 });
    store.close();
  });

  it('files left by a killed attempt (stray arrays, temporary files) do not make a point done and are replaced when it runs', () => {
    const dir = tempDir();
    const sweep = smallSweep();
    const store = openStore(dir, { sweep });
    const p = sweep.points[4];
    const arrays = store.arraysDir(p.key);
    mkdirSync(arrays, { recursive: true });
    writeFileSync(join(arrays, 'W1.npy'), 'torn');
    writeFileSync(join(arrays, '.spectrum.npy.123.1.tmp'), 'half');
    assert.equal(store.row(p.key)!.status, 'pending');
    throwsStore(() => store.readArrays(p.key), /is pending, so it has no stored arrays/);
    store.recordDone(p, fakeResult(p), 1);
    assert.ok(!readdirSync(arrays).some((f) => f.endsWith('.tmp')));
    sameFloats(store.readArrays(p.key).arrays.W1.data, fakeResult(p).arrays.W1.data);
    store.close();
  });

  it('a key outside the sweep is refused', () => {
    const store = openStore(tempDir(), { sweep: smallSweep() });
    throwsStore(() => store.recordDone({ key: '0123456789abcdef' }, fakeResult(smallSweep().points[0]), 1), /point 0123456789abcdef is not a point of the sweep/);
    throwsStore(() => store.arraysDir('../x'), /is not a point key/);
    store.close();
  });
});

describe('refusals and damage', () => {
  it('a folder holding another sweep is refused with one sentence, and its rows are unchanged', () => {
    const dir = tempDir();
    const sweep = smallSweep();
    const store = openStore(dir, { sweep });
    store.recordDone(sweep.points[0], fakeResult(sweep.points[0]), 1);
    const before = store.rows();
    store.close();
    const other = smallSweep([-2, 0, 2]);
    assert.notEqual(other.sweepId, sweep.sweepId);
    throwsStore(
      () => openStore(dir, { sweep: other }),
      new RegExp(`^the folder ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} holds another sweep \\(${sweep.sweepId}, 1 of 12 points done; this document's sweep is ${other.sweepId}\\); choose another --out or delete it\\.$`),
    );
    const reopened = openStore(dir);
    assert.deepEqual(reopened.rows(), before);
    reopened.close();
  });

  it('a missing store is an error when not creating; a file in place of the folder is refused', () => {
    const dir = tempDir();
    throwsStore(() => openStore(join(dir, 'nothing')), /holds no sweep store \(no index\.sqlite\)/);
    assert.ok(!existsSync(join(dir, 'nothing')));
    writeFileSync(join(dir, 'file'), 'x');
    throwsStore(() => openStore(join(dir, 'file'), { sweep: smallSweep() }), /is a file, not a folder/);
  });

  it('a folder whose index was deleted but whose arrays remain is refused, so they are not overwritten', () => {
    const dir = tempDir();
    const sweep = smallSweep();
    const store = openStore(dir, { sweep });
    store.recordDone(sweep.points[0], fakeResult(sweep.points[0]), 1);
    store.close();
    rmSync(join(dir, INDEX_FILE));
    throwsStore(() => openStore(dir, { sweep }), /holds stored arrays but no index\.sqlite \(the index was deleted or moved\); restore it, or choose another --out/);
    assert.ok(!existsSync(join(dir, INDEX_FILE)));
  });

  it('an index that is not SQLite is refused naming the file, and left untouched', () => {
    const dir = tempDir();
    const garbage = Buffer.from('this is not a database, it is a grocery list: eggs, milk, flour\n'.repeat(40));
    writeFileSync(join(dir, INDEX_FILE), garbage);
    for (const open of [() => openStore(dir), () => openStore(dir, { sweep: smallSweep() })]) {
      throwsStore(open, new RegExp(`${INDEX_FILE} is not an SQLite database; this folder holds no readable lazyrich store: move the file away`));
    }
    assert.deepEqual(readFileSync(join(dir, INDEX_FILE)), garbage);
  });

  it('an SQLite file without the store tables is refused', () => {
    const dir = tempDir();
    const db = new Database(join(dir, INDEX_FILE));
    db.exec('CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT); CREATE TABLE other (x)');
    db.close();
    throwsStore(() => openStore(dir, { sweep: smallSweep() }), /has no points table \(it is not a lazyrich sweep store, or it is damaged\)/);
    const db2 = new Database(join(dir, INDEX_FILE));
    db2.exec('CREATE TABLE points (x)');
    db2.close();
    throwsStore(() => openStore(dir), /is not a lazyrich sweep store \(format null\)/);
  });

  it('a truncated index is reported as damaged, naming the file', () => {
    const dir = tempDir();
    const sweep = smallSweep();
    const store = openStore(dir, { sweep });
    for (const p of sweep.points) store.recordDone(p, fakeResult(p), 1);
    store.close();
    const path = join(dir, INDEX_FILE);
    truncateSync(path, 4096 + 100); // the header page survives, the tables' pages do not
    throwsStore(() => {
      const s = openStore(dir);
      try {
        s.rows();
      } finally {
        s.close();
      }
    }, new RegExp(`${INDEX_FILE} is damaged \\(SQLITE_CORRUPT`));
  });

  it('a truncated or deleted .npy is reported naming the file', () => {
    const dir = tempDir();
    const sweep = smallSweep();
    const store = openStore(dir, { sweep });
    const p = sweep.points[1];
    store.recordDone(p, fakeResult(p), 1);
    const file = join(store.arraysDir(p.key), 'W1.npy');
    truncateSync(file, statSync(file).size - 9);
    throwsStore(() => store.readArrays(p.key), new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is missing or damaged \\(.*\\); the stored result of point ${p.key} cannot be read`));
    truncateSync(file, 0);
    throwsStore(() => store.readArrays(p.key), /W1\.npy is missing or damaged/);
    store.close();
  });
});

describe('listStore', () => {
  it('summarises a store for lazyrich ls', () => {
    const dir = tempDir();
    const sweep = smallSweep();
    const store = openStore(dir, { sweep, shard: parseShard('0/3') });
    store.recordDone(sweep.points[0], fakeResult(sweep.points[0]), 1);
    store.recordFailed(sweep.points[3], 'diverged.', 1);
    store.close();
    const info = listStore(dir);
    assert.deepEqual(
      { ...info, created: undefined, updated: undefined, bytes: undefined },
      { dir, sweepId: sweep.sweepId, kind: 'two-layer-linear', paths: ['init.lambda', 'init.scale'], status: { total: 12, pending: 10, done: 1, failed: 1 }, shards: ['0/3'], created: undefined, updated: undefined, bytes: undefined },
    );
    assert.ok(Date.parse(info.created) <= Date.parse(info.updated));
    assert.ok(info.bytes > 4096);
    throwsStore(() => listStore(join(dir, 'missing')), /holds no sweep store/);
  });
});
