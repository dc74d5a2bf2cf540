/**
 * Child process of test/store/kill.test.ts: records every pending point of `lineSweep(n)` into
 * the store at `dir` with fake results, printing each point's index once this process recorded it
 * (not when another process had recorded it first), until it is done or killed.
 * Usage: node --import tsx test/store/record-child.ts <dir> <n> [reverse] [<go-file>]
 * With a go file, it prints "ready" once the store is open and waits for that file to exist.
 */
import { existsSync } from 'node:fs';
import { openStore } from '../../src/store/index.js';
import { fakeResult, lineSweep } from './fake-results.js';

const [dir, n, order, go] = process.argv.slice(2);
const store = openStore(dir, { sweep: lineSweep(Number(n)) });
const points = store.pending();
if (order === 'reverse') points.reverse();
if (go) {
  process.stdout.write('ready\n');
  const pause = new Int32Array(new SharedArrayBuffer(4));
  while (!existsSync(go)) Atomics.wait(pause, 0, 0, 5);
}
for (const p of points) {
  if (store.recordDone(p, fakeResult(p), 1) === 'recorded') process.stdout.write(`${p.index}\n`);
}
store.close();
