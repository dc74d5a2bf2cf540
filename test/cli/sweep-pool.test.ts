/**
 * The sweep pool in-process: the scheduler (bounded in-flight count, stop, errors of the recorder,
 * abandoned runs), the piscina pool against the same points run in this thread (bit-identical
 * results, failures as one sentence, results' buffers moved), the transfer list of a result, and
 * that the worker entry ships in the npm package.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { expandSweep } from '../../src/experiments/sweep/index.js';
import { createInlineRunner, createWorkerPool, schedulePoints, WORKER_FILE, type PointRunner } from '../../src/cli/sweep/pool.js';
import { resultBuffers, runPoint, type PointOutcome, type PointTask } from '../../src/cli/sweep/worker.js';
import type { RunResult } from '../../src/experiments/run/types.js';
import { gridDocument, resultArrays, summaryText } from './sweep.helpers.js';

/** A runner whose points finish after a few ms each (out of order), counting how many run at once. */
function fakeRunner(options: { fail?: (task: PointTask) => boolean } = {}): PointRunner & { maxInFlight: number; runs: string[] } {
  let inFlight = 0;
  const r = {
    workers: 3,
    maxInFlight: 0,
    runs: [] as string[],
    run: (task: PointTask): Promise<PointOutcome> => {
      inFlight++;
      r.maxInFlight = Math.max(r.maxInFlight, inFlight);
      r.runs.push(task.key);
      const delay = (Number(task.key) * 7) % 5;
      return new Promise((resolve, reject) =>
        setTimeout(() => {
          inFlight--;
          if (options.fail?.(task)) reject(new Error('abandoned'));
          else resolve({ key: task.key, ok: false, error: `point ${task.key}.`, elapsedMs: delay });
        }, delay),
      );
    },
    close: async () => {},
    abandon: async () => {},
  };
  return r;
}

const toTask = (k: number): PointTask => ({ key: String(k), document: null, backend: 'js', configFile: 'x.json' });
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

describe('schedulePoints', () => {
  test('runs every task once with at most `concurrency` in flight, delivering each outcome', async () => {
    const runner = fakeRunner();
    const seen: number[] = [];
    const report = await schedulePoints(range(20), runner, toTask, { concurrency: 3, stopped: () => false, onOutcome: (t, o) => (assert.equal(o.key, String(t)), seen.push(t)) });
    assert.deepEqual(report, { started: 20, finished: 20, abandoned: 0 });
    assert.deepEqual([...seen].sort((a, b) => a - b), range(20));
    assert.equal(runner.maxInFlight, 3);
    assert.equal(new Set(runner.runs).size, 20);
  });

  test('stopping ends scheduling; tasks in flight still finish and are delivered', async () => {
    const runner = fakeRunner();
    let stop = false;
    const seen: number[] = [];
    const report = await schedulePoints(range(50), runner, toTask, {
      concurrency: 4,
      stopped: () => stop,
      onOutcome: (t) => {
        seen.push(t);
        if (seen.length === 5) stop = true;
      },
    });
    assert.equal(report.finished, report.started);
    // The 5th outcome's replacement starts before it is delivered (4 in flight then); nothing after.
    assert.ok(report.started >= 5 && report.started <= 9, `started ${report.started}`);
    assert.equal(seen.length, report.started);
    assert.ok(report.started < 50);
  });

  test('an error of the recorder stops scheduling and is rethrown after the tasks in flight settle', async () => {
    const runner = fakeRunner();
    const boom = new Error('disk full');
    let delivered = 0;
    await assert.rejects(
      schedulePoints(range(30), runner, toTask, {
        concurrency: 2,
        stopped: () => false,
        onOutcome: () => {
          delivered++;
          if (delivered === 3) throw boom;
        },
      }),
      (e) => e === boom,
    );
    assert.ok(runner.runs.length < 30);
  });

  test('abandoned runs are counted, not delivered', async () => {
    const runner = fakeRunner({ fail: (t) => Number(t.key) % 2 === 1 });
    let delivered = 0;
    const report = await schedulePoints(range(10), runner, toTask, { concurrency: 2, stopped: () => false, onOutcome: () => delivered++ });
    assert.deepEqual(report, { started: 10, finished: 5, abandoned: 5 });
    assert.equal(delivered, 5);
  });

  test('the inline runner runs points in this thread', async () => {
    const runner = createInlineRunner((task) => ({ key: task.key, ok: false, error: 'x.', elapsedMs: 0 }));
    const out = await runner.run(toTask(4));
    assert.equal(out.key, '4');
    await runner.abandon();
    await assert.rejects(runner.run(toTask(5)));
  });
});

describe('worker pool (piscina)', () => {
  test('2 threads give the same outcomes as runPoint in this thread; a failing point is one sentence', async () => {
    const sweep = expandSweep(gridDocument({ lambdas: [-1, 1], lrs: [0.05, 3], replicates: 1 }));
    const tasks: PointTask[] = sweep.points.map((p) => ({ key: p.key, document: p.document, backend: 'js', configFile: 'grid.json' }));
    const pool = createWorkerPool(2);
    let pooled: PointOutcome[];
    try {
      pooled = await Promise.all(tasks.map((t) => pool.run(t)));
    } finally {
      await pool.close();
    }
    const inline = tasks.map((t) => runPoint(t));
    assert.equal(pooled.filter((o) => o.ok).length, 2);
    pooled.forEach((p, i) => {
      const q = inline[i];
      assert.equal(p.key, tasks[i].key);
      assert.equal(p.ok, q.ok);
      if (p.ok && q.ok) {
        assert.ok(p.result.series.t instanceof Float64Array);
        assert.equal(summaryText(p.result.summary), summaryText(q.result.summary));
        assert.deepEqual(resultArrays(p.result), resultArrays(q.result));
        assert.deepEqual(p.result.labels, q.result.labels);
      } else if (!p.ok && !q.ok) {
        assert.equal(p.error, q.error);
        assert.match(p.error, /^train\.learningRate: the simulation diverged .*\.$/);
      }
    });
  });

  test('the transfer list holds each buffer once', () => {
    const shared = new Float64Array(8);
    const r = {
      series: { t: shared.subarray(0, 4), columns: { a: shared.subarray(4, 8), b: new Float64Array(4) } },
      arrays: { w: { shape: [2, 2], data: new Float64Array(4) }, empty: { shape: [0], data: new Float64Array(0) } },
    } as unknown as RunResult;
    const buffers = resultBuffers(r);
    assert.equal(buffers.length, 3);
    assert.ok(buffers.includes(shared.buffer as ArrayBuffer));
  });
});

describe('packaging', () => {
  test('the worker entry and module ship in the npm package, next to each other', () => {
    const r = spawnSync('npm', ['pack', '--dry-run', '--ignore-scripts', '--json'], { cwd: new URL('../..', import.meta.url).pathname, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const files = (JSON.parse(r.stdout) as { files: { path: string }[] }[])[0].files.map((f) => f.path);
    for (const f of ['src/cli/sweep/worker.mjs', 'src/cli/sweep/worker.ts', 'src/cli/sweep/pool.ts', 'bin/lazyrich.mjs']) assert.ok(files.includes(f), `${f} is packed`);
    assert.equal(WORKER_FILE, new URL('../../src/cli/sweep/worker.mjs', import.meta.url).pathname);
  });
});
