/**
 * `lazyrich sweep` end to end through the spawned bin: the expansion stored point by point and equal
 * to clean single runs, determinism across worker counts (1 vs 2, bit-identical), shards run as
 * separate processes and merged = one unsharded run, a failing point recorded while the others
 * finish, and bad input (exit 2, one sentence).
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { expandSweep } from '../../src/experiments/sweep/index.js';
import { main } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/errors.js';
import { jsBackend, setBackend } from '../../src/linalg/backend.js';
import {
  cleanRun,
  gridDocument,
  jsonLines,
  readStore,
  resultArrays,
  runCli,
  summaryText,
  tempDir,
  writeDocument,
  type ChildResult,
  type StoredPoint,
} from './sweep.helpers.js';

/** Asserts two stores hold the same points with bit-identical summaries, labels and arrays. */
function assertSameStores(a: Map<string, StoredPoint>, b: Map<string, StoredPoint>, what: string): void {
  assert.deepEqual([...a.keys()].sort(), [...b.keys()].sort(), `${what}: same keys`);
  for (const [key, pa] of a) {
    const pb = b.get(key)!;
    assert.equal(pa.row.status, pb.row.status, `${what}: status of ${key}`);
    assert.equal(summaryText(pa.row.summary), summaryText(pb.row.summary), `${what}: summary of ${key}`);
    assert.deepEqual(pa.row.labels, pb.row.labels, `${what}: labels of ${key}`);
    assert.deepEqual(pa.arrays, pb.arrays, `${what}: arrays of ${key}`);
  }
}

/** Runs the CLI in this process (faster than spawning) with the js backend; output captured. */
async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = { out: (s) => (out += s), err: (s) => (err += s) };
  const code = await main(['node', 'lazyrich', ...args], io, { LAZYRICH_BACKEND: 'js' });
  setBackend(jsBackend); // main() installs the selected backend process-wide; restore the default
  return { code, out, err };
}

describe('lazyrich sweep (processes)', () => {
  const dir = tempDir();
  const doc = gridDocument(); // 3 λ × 2 η × 2 replicates = 12 points
  const config = writeDocument(dir, doc);
  const expanded = expandSweep(doc);
  let w1: ChildResult;
  let w2: ChildResult;

  before(async () => {
    [w1, w2] = await Promise.all([
      runCli(['sweep', config, '--out', join(dir, 'w1'), '--workers', '1', '--json']),
      runCli(['sweep', config, '--out', join(dir, 'w2'), '--workers', '2', '--json']),
    ]);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('every point of the expansion is stored, equal to a clean single run of its document', () => {
    assert.equal(w1.code, 0, w1.stderr);
    assert.equal(expanded.points.length, 12);
    const stored = readStore(join(dir, 'w1'));
    assert.deepEqual([...stored.keys()].sort(), expanded.points.map((p) => p.key).sort());
    for (const point of expanded.points) {
      const s = stored.get(point.key)!;
      assert.equal(s.row.status, 'done');
      assert.equal(s.row.index, point.index);
      assert.equal(s.row.seed, point.seed);
      assert.deepEqual(s.row.assignments, point.assignments);
      const clean = cleanRun(point.document);
      assert.equal(summaryText(s.row.summary), summaryText(clean.summary), `summary of point ${point.index}`);
      assert.deepEqual(s.row.labels, clean.labels);
      assert.deepEqual(s.arrays, resultArrays(clean), `arrays of point ${point.index}`);
    }
    // --json: one line per finished point, then the summary.
    const lines = jsonLines(w1.stdout);
    const points = lines.filter((l) => l.type === 'point');
    assert.deepEqual(points.map((l) => l.key).sort(), expanded.points.map((p) => p.key).sort());
    assert.ok(points.every((l) => l.status === 'done'));
    const summary = lines[lines.length - 1];
    assert.equal(summary.type, 'summary');
    assert.equal(summary.done, 12);
    assert.equal(summary.failed, 0);
    assert.equal(summary.ranNow, 12);
    assert.equal(summary.exitCode, 0);
    assert.equal(summary.sweepId, expanded.sweepId);
  });

  test('results are bit-identical with 1 and 2 workers', () => {
    assert.equal(w2.code, 0, w2.stderr);
    assertSameStores(readStore(join(dir, 'w1')), readStore(join(dir, 'w2')), '1 vs 2 workers');
  });

  test('running the finished sweep again runs nothing and exits 0', async () => {
    const again = await run(['sweep', config, '--out', join(dir, 'w2'), '--workers', '2']);
    assert.equal(again.code, 0, again.err);
    assert.match(again.out, /^sweep: 12\/12 done, 0 failed, 0 pending; ran 0 in /);
  });

  test('shards 0/2 and 1/2 in separate processes, merged, equal the unsharded run', async () => {
    const [s0, s1] = await Promise.all([
      runCli(['sweep', config, '--out', join(dir, 's0'), '--shard', '0/2', '--workers', '1']),
      runCli(['sweep', config, '--out', join(dir, 's1'), '--shard', '1/2', '--workers', '1']),
    ]);
    assert.equal(s0.code, 0, s0.stderr);
    assert.equal(s1.code, 0, s1.stderr);
    for (const [i, name] of [[0, 's0'], [1, 's1']] as const) {
      const rows = [...readStore(join(dir, name)).values()].map((p) => p.row);
      assert.deepEqual(rows.filter((r) => r.status === 'done').map((r) => r.index).sort((a, b) => a - b), [0, 2, 4, 6, 8, 10].map((k) => k + i));
      assert.ok(rows.filter((r) => r.index % 2 !== i).every((r) => r.status === 'pending'));
    }
    const merged = await runCli(['merge', join(dir, 'merged'), join(dir, 's0'), join(dir, 's1')]);
    assert.equal(merged.code, 0, merged.stderr);
    assert.match(merged.stdout, /copied 12 points; .* now has 12\/12 done, 0 failed, 0 pending/);
    assertSameStores(readStore(join(dir, 'merged')), readStore(join(dir, 'w1')), 'merged shards vs single run');
  });

  test('a failing point is recorded with its error, the others are done, exit 1; rerun skips it unless --retry-failed', async () => {
    // learningRate 3 diverges (η·curvature ≫ 2): 3 λ × {0.05, 3} = 3 failing points of 6.
    const bad = gridDocument({ lrs: [0.05, 3], replicates: 1 });
    const badConfig = writeDocument(dir, bad, 'bad.json');
    const out = join(dir, 'bad');
    const r = await runCli(['sweep', badConfig, '--out', out, '--workers', '2', '--json']);
    assert.equal(r.code, 1, r.stderr);
    const stored = [...readStore(out).values()].map((p) => p.row);
    const failed = stored.filter((row) => row.status === 'failed');
    assert.deepEqual(failed.map((row) => row.assignments['train.learningRate']), [3, 3, 3]);
    for (const row of failed) {
      assert.match(row.error!, /^train\.learningRate: the simulation diverged .*\.$/);
      assert.ok(!row.error!.includes('\n'));
    }
    assert.ok(stored.filter((row) => row.assignments['train.learningRate'] === 0.05).every((row) => row.status === 'done'));
    const lines = jsonLines(r.stdout);
    assert.equal(lines.filter((l) => l.status === 'failed').length, 3);
    assert.equal(lines[lines.length - 1].exitCode, 1);

    const ls = await run(['ls', out]);
    assert.equal(ls.code, 0, ls.err);
    assert.match(ls.out, /points: 6 — 3 done, 3 failed, 0 pending/);
    assert.match(ls.out, /train\.learningRate = 3\): train\.learningRate: the simulation diverged/);

    const again = await run(['sweep', badConfig, '--out', out, '--json']);
    assert.equal(again.code, 1);
    assert.equal(jsonLines(again.out).at(-1)!.ranNow, 0);
    const retry = await run(['sweep', badConfig, '--out', out, '--json', '--retry-failed', '--workers', '1']);
    assert.equal(retry.code, 1);
    const retried = jsonLines(retry.out);
    assert.equal(retried.at(-1)!.ranNow, 3);
    assert.equal(retried.at(-1)!.failed, 3);
  });
});

describe('lazyrich sweep: bad input (exit 2, one sentence)', () => {
  const dir = tempDir();
  const config = writeDocument(dir, gridDocument());
  after(() => rmSync(dir, { recursive: true, force: true }));

  const never = join(dir, 'never');
  const cases: [string, string[], RegExp][] = [
    ['--workers 0', ['sweep', config, '--out', never, '--workers', '0'], /^lazyrich: --workers: expected an integer from 1 to 1024, got "0"\.\n$/],
    ['--shard 2/2', ['sweep', config, '--out', never, '--shard', '2/2'], /^lazyrich: --shard: expected i\/n with 0 ≤ i < n, got "2\/2"\.\n$/],
    ['--seed x', ['sweep', config, '--out', never, '--seed', 'x'], /^lazyrich: --seed: expected a non-negative integer, got "x"\.\n$/],
    ['missing file', ['sweep', join(dir, 'nope.yaml'), '--out', never], /^lazyrich: config: cannot read ".*nope\.yaml" \(no such file\); .*\.\n$/],
    ['ls of a folder without a store', ['ls', dir], /^lazyrich: .* holds no sweep store .*\.\n$/],
    ['export npy without --output', ['export', dir, '--format', 'npy'], /^lazyrich: --output: the npy export writes a folder of \.npy files; .*\.\n$/],
  ];
  for (const [name, args, expected] of cases) {
    test(name, async () => {
      const r = await run(args);
      assert.equal(r.code, 2, r.err);
      assert.match(r.err, expected);
      assert.equal(r.out, '');
      assert.ok(!existsSync(never), 'nothing is created for bad input');
    });
  }
});
