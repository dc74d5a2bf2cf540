/**
 * Child process of test/store/kill.test.ts: records every pending point of `lineSweep(n)` into
 * the store at `dir` with fake results, printing each point's index once it is recorded, until
 * it is done or killed.
 * Usage: node --import tsx test/store/record-child.ts <dir> <n>
 */
import { openStore } from '../../src/store/index.js';
import { fakeResult, lineSweep } from './fake-results.js';

const [dir, n] = process.argv.slice(2);
const store = openStore(dir, { sweep: lineSweep(Number(n)) });
for (const p of store.pending()) {
  store.recordDone(p, fakeResult(p), 1);
  process.stdout.write(`${p.index}\n`);
}
store.close();
