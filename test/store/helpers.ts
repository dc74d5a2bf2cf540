/**
 * Shared pieces of the store tests: the sweeps and fake results of ./fake-results.ts, and
 * temporary folders removed after the test file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';

export { BASE, smallSweep, lineSweep, fakeResult } from './fake-results.js';

/** A fresh temporary folder, removed after the test file. */
export function tempDir(prefix = 'lazyrich-store-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
