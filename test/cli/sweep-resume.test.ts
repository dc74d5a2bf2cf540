/**
 * Resuming a sweep after the process was really killed: SIGKILL (kill -9) mid-sweep, once some
 * points are stored, then the same command again — every point done exactly once, none lost, each
 * equal to a clean single run, every array file readable; and Ctrl-C (SIGINT): exit 130, a resume
 * hint, everything reported is stored, and the rerun finishes the rest.
 */
import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { expandSweep } from '../../src/experiments/sweep/index.js';
import {
  cleanRun,
  gridDocument,
  jsonLines,
  readStore,
  resultArrays,
  runCli,
  spawnCli,
  summaryText,
  tempDir,
  waitChild,
  waitForPointLines,
  writeDocument,
} from './sweep.helpers.js';

/** 10 λ × 2 η × 4 replicates = 80 points, enough that a kill after 5 lands mid-sweep. */
const DOC = gridDocument({ lambdas: [-2, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2, 2.5], lrs: [0.05, 0.1], replicates: 4, steps: 200 });

describe('lazyrich sweep: resume after a killed process', () => {
  const dir = tempDir();
  const config = writeDocument(dir, DOC);
  const expanded = expandSweep(DOC);
  const allKeys = expanded.points.map((p) => p.key).sort();
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('kill -9 mid-sweep, then the same command: every point done exactly once and equal to a clean run', async () => {
    const out = join(dir, 'killed');
    const args = ['sweep', config, '--out', out, '--workers', '2', '--json'];
    const child = spawnCli(args);
    await waitForPointLines(child, 5);
    child.kill('SIGKILL');
    const killed = await waitChild(child);
    assert.equal(killed.signal, 'SIGKILL');

    // What survived the kill: a point is done only when its row says so, and its files are complete.
    const afterKill = readStore(out); // reads every done point's arrays (checks each file's shape)
    const doneBefore = new Set([...afterKill.values()].filter((p) => p.row.status === 'done').map((p) => p.row.key));
    assert.ok(doneBefore.size >= 5, `at least the 5 reported points are stored (${doneBefore.size})`);
    assert.ok(doneBefore.size < expanded.points.length, `the kill landed mid-sweep (${doneBefore.size} of ${expanded.points.length} done)`);
    assert.ok([...afterKill.values()].every((p) => p.row.status !== 'failed'));

    const resumed = await runCli(args);
    assert.equal(resumed.code, 0, resumed.stderr);
    const lines = jsonLines(resumed.stdout);
    const ranNow = lines.filter((l) => l.type === 'point').map((l) => l.key as string);
    const summary = lines[lines.length - 1];
    assert.equal(summary.skipped, doneBefore.size);
    assert.equal(summary.ranNow, expanded.points.length - doneBefore.size);
    // None run twice, none lost: the second session ran exactly the points not stored before.
    assert.equal(new Set(ranNow).size, ranNow.length);
    assert.ok(ranNow.every((k) => !doneBefore.has(k)), 'no stored point was run again');
    assert.deepEqual([...doneBefore, ...ranNow].sort(), allKeys);

    const final = readStore(out);
    assert.deepEqual([...final.keys()].sort(), allKeys);
    for (const point of expanded.points) {
      const stored = final.get(point.key)!;
      assert.equal(stored.row.status, 'done');
      const clean = cleanRun(point.document);
      assert.equal(summaryText(stored.row.summary), summaryText(clean.summary), `summary of point ${point.index}`);
      assert.deepEqual(stored.arrays, resultArrays(clean), `arrays of point ${point.index}`);
      // Points stored before the kill are untouched by the resume (same bytes as read after the kill).
      if (doneBefore.has(point.key)) assert.deepEqual(stored.arrays, afterKill.get(point.key)!.arrays);
    }
    // No temporary file of the killed attempt is left beside the stored arrays.
    for (const key of allKeys) assert.deepEqual(readdirSync(join(out, 'arrays', key)).filter((f) => f.endsWith('.tmp')), []);
  });

  test('Ctrl-C (SIGINT): exit 130, resume hint, what was reported is stored; the rerun finishes', async () => {
    const out = join(dir, 'interrupted');
    const args = ['sweep', config, '--out', out, '--workers', '1', '--json'];
    const child = spawnCli(args);
    await waitForPointLines(child, 3);
    child.kill('SIGINT');
    const stopped = await waitChild(child);
    assert.equal(stopped.code, 130, stopped.stderr);
    assert.match(stopped.stderr, /interrupted; finishing the running points/);
    assert.match(stopped.stderr, new RegExp(`resume with: lazyrich sweep ${config.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} --out \\S+ --workers 1 --json\\n`));
    const lines = jsonLines(stopped.stdout);
    const summary = lines[lines.length - 1];
    assert.equal(summary.type, 'summary');
    assert.equal(summary.interrupted, true);
    assert.equal(summary.exitCode, 130);
    const reported = lines.filter((l) => l.type === 'point').map((l) => l.key as string);
    const stored = readStore(out);
    const done = [...stored.values()].filter((p) => p.row.status === 'done').map((p) => p.row.key);
    assert.deepEqual(done.sort(), [...reported].sort(), 'every reported point is stored, and only those');
    assert.ok(done.length < expanded.points.length, 'scheduling stopped before the end');
    assert.equal(summary.pending, expanded.points.length - done.length);

    const resumed = await runCli(args);
    assert.equal(resumed.code, 0, resumed.stderr);
    const final = jsonLines(resumed.stdout).at(-1)!;
    assert.equal(final.ranNow, expanded.points.length - done.length);
    assert.equal(final.done, expanded.points.length);
  });
});
