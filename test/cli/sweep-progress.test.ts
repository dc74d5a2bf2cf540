import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createProgress, formatDuration, formatProgressLine, pointRate } from '../../src/cli/sweep/progress.js';

describe('sweep progress', () => {
  test('the plain line has counts, rate and ETA', () => {
    // 122 finished in 3.476 s → 35.097 points/s; 278 remaining → 7.92 s.
    const c = { total: 400, done: 120, failed: 2, finishedNow: 122, elapsedSeconds: 3.476 };
    assert.equal(formatProgressLine(c), 'sweep: 120/400 done, 2 failed, 35.1 points/s, ETA 8 s');
    assert.equal(pointRate({ ...c, finishedNow: 0 }), undefined);
    assert.equal(formatProgressLine({ ...c, finishedNow: 0 }), 'sweep: 120/400 done, 2 failed, rate —, ETA —');
  });

  test('durations', () => {
    assert.equal(formatDuration(0.4), '0 s');
    assert.equal(formatDuration(99), '99 s');
    assert.equal(formatDuration(200), '3 min 20 s');
    assert.equal(formatDuration(3600 + 5 * 60), '1 h 05 min');
    assert.equal(formatDuration(Number.NaN), '?');
  });

  test('plain lines: at most one per interval, rate of this session only (resumed points excluded)', () => {
    let clock = 0;
    const lines: string[] = [];
    const p = createProgress({ total: 10, done: 4, failed: 0, stream: { write: (s) => lines.push(s), isTTY: false }, now: () => clock, intervalMs: 2000 });
    clock = 1000;
    p.pointFinished(true); // 1 s: not yet due
    assert.deepEqual(lines, []);
    clock = 2500;
    p.pointFinished(false); // 2.5 s: due; 2 points in 2.5 s
    assert.deepEqual(lines, ['sweep: 5/10 done, 1 failed, 0.8 points/s, ETA 5 s\n']);
    clock = 3000;
    p.pointFinished(true); // 0.5 s after the last line: not due
    assert.equal(lines.length, 1);
    assert.deepEqual(p.counts(), { total: 10, done: 6, failed: 1, finishedNow: 3, elapsedSeconds: 3 });
    p.log('hello');
    assert.equal(lines[1], 'hello\n');
    p.stop();
  });

  test('off mode writes nothing', () => {
    const lines: string[] = [];
    const p = createProgress({ total: 3, done: 0, failed: 0, stream: { write: (s) => lines.push(s), isTTY: false }, mode: 'off', now: () => 1e9, intervalMs: 0 });
    p.pointFinished(true);
    p.log('x');
    p.stop();
    assert.deepEqual(lines, []);
  });

  test('a terminal gets a bar with rate and ETA', () => {
    let out = '';
    let clock = 0;
    const p = createProgress({ total: 4, done: 0, failed: 0, stream: { write: (s) => ((out += s), true), isTTY: true }, now: () => clock });
    clock = 1000;
    p.pointFinished(true);
    clock = 2000;
    p.pointFinished(true);
    p.stop();
    assert.match(out, /sweep \[.*\] 2\/4 done, 0 failed \| 1\.0 points\/s \| ETA 2 s/);
  });
});
