/**
 * Helpers of the sweep/export process tests (test/cli/sweep*.test.ts, export*.test.ts): spawning
 * the real `lazyrich` bin, writing cheap sweep documents, reading a store back completely and
 * computing a point's clean single run in this process for comparison.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/store/store.js';
import { runDocument } from '../../src/experiments/run/index.js';
import { canonicalJson } from '../../src/experiments/sweep/index.js';
import type { RunResult } from '../../src/experiments/run/types.js';
import type { PointRow } from '../../src/store/types.js';

/** The bin the tests spawn. */
export const BIN = new URL('../../bin/lazyrich.mjs', import.meta.url).pathname;

/**
 * Environment of every spawned sweep: the js backend, so stored results can be compared bit for
 * bit with runs in this test process (which uses the default js backend).
 */
export const CHILD_ENV = { ...process.env, LAZYRICH_BACKEND: 'js' };

/** A fresh temporary folder. */
export function tempDir(prefix = 'lazyrich-sweep-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Output of a finished child. */
export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Spawns `lazyrich args…` and resolves when it exits. */
export function runCli(args: string[], options: { cwd?: string } = {}): Promise<ChildResult> {
  return waitChild(spawnCli(args, options));
}

/** Spawns `lazyrich args…` (stdout/stderr piped, collected in `out`/`err`). */
export function spawnCli(args: string[], options: { cwd?: string } = {}): ChildProcess & { out: string[]; err: string[] } {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd, env: CHILD_ENV, stdio: ['ignore', 'pipe', 'pipe'] }) as ChildProcess & { out: string[]; err: string[] };
  child.out = [];
  child.err = [];
  child.stdout!.setEncoding('utf8').on('data', (s: string) => child.out.push(s));
  child.stderr!.setEncoding('utf8').on('data', (s: string) => child.err.push(s));
  return child;
}

/** Resolves with the exit of a child spawned by spawnCli. */
export function waitChild(child: ChildProcess & { out: string[]; err: string[] }): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout: child.out.join(''), stderr: child.err.join('') }));
  });
}

/** Resolves once the child's stdout holds at least `n` lines of `{"type":"point"…}` (rejects if it exits first). */
export function waitForPointLines(child: ChildProcess & { out: string[] }, n: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = (): void => {
      const count = child.out.join('').split('\n').filter((l) => l.startsWith('{"type":"point"')).length;
      if (count >= n) {
        child.stdout!.off('data', check);
        child.off('close', early);
        resolve();
      }
    };
    const early = (): void => reject(new Error(`the sweep exited before ${n} points were reported`));
    child.stdout!.on('data', check);
    child.on('close', early);
    check();
  });
}

/** The JSON lines of a `--json` run. */
export function jsonLines(stdout: string): Record<string, unknown>[] {
  return stdout
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/**
 * A cheap sweep document: a 2×2 two-layer linear network (λ-balanced init), GD, axes init.lambda ×
 * train.learningRate (`lrs`), `replicates` seeds each.
 */
export function gridDocument(options: { lambdas?: number[]; lrs?: number[]; replicates?: number; steps?: number } = {}): Record<string, unknown> {
  return {
    model: { kind: 'two-layer-linear' },
    task: { kind: 'whitened', sigmaYX: [[2, 0.5], [0.1, 1]] },
    init: { kind: 'lambda-balanced', lambda: 0, scale: 0.2, hidden: 2 },
    train: { method: 'gd', learningRate: 0.05, steps: options.steps ?? 50 },
    seed: 11,
    sweep: {
      axes: [
        { path: 'init.lambda', values: options.lambdas ?? [-1, 0, 1] },
        { path: 'train.learningRate', values: options.lrs ?? [0.05, 0.1] },
      ],
      replicates: options.replicates ?? 2,
    },
  };
}

/** Writes `doc` as JSON into `dir/name` and returns the path. */
export function writeDocument(dir: string, doc: unknown, name = 'grid.json'): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(doc, null, 1));
  return path;
}

/** A stored point: its row and its arrays' bytes by file role and name. */
export interface StoredPoint {
  row: PointRow;
  /** `t`, `series.<name>`, `<array name>` → bytes (hex) of the Float64Array and its shape. */
  arrays: Record<string, { shape: number[]; hex: string }>;
}

/** Bytes of a Float64Array as hex (exact comparison, NaN-safe). */
export function hexOf(a: Float64Array): string {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('hex');
}

/** Every point of the store at `dir` by key, arrays read back (readArrays checks each file). */
export function readStore(dir: string): Map<string, StoredPoint> {
  const store = openStore(dir);
  try {
    const out = new Map<string, StoredPoint>();
    for (const row of store.rows()) {
      const arrays: StoredPoint['arrays'] = {};
      if (row.status === 'done') {
        const read = store.readArrays(row.key);
        if (read.series) {
          arrays.t = { shape: [read.series.t.length], hex: hexOf(read.series.t) };
          for (const [name, col] of Object.entries(read.series.columns)) arrays[`series.${name}`] = { shape: [col.length], hex: hexOf(col) };
        }
        for (const [name, a] of Object.entries(read.arrays)) arrays[name] = { shape: a.shape, hex: hexOf(a.data) };
      }
      out.set(row.key, { row, arrays });
    }
    return out;
  } finally {
    store.close();
  }
}

/** The arrays of a RunResult in the layout of {@link StoredPoint.arrays}. */
export function resultArrays(r: RunResult): StoredPoint['arrays'] {
  const arrays: StoredPoint['arrays'] = { t: { shape: [r.series.t.length], hex: hexOf(r.series.t) } };
  for (const [name, col] of Object.entries(r.series.columns)) arrays[`series.${name}`] = { shape: [col.length], hex: hexOf(col) };
  for (const [name, a] of Object.entries(r.arrays)) arrays[name] = { shape: a.shape, hex: hexOf(a.data) };
  return arrays;
}

/** Summary as canonical text (NaN-safe: NaN and ±Infinity as strings). */
export function summaryText(summary: Record<string, number | null> | null): string {
  if (summary === null) return 'null';
  const o: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(summary)) o[k] = typeof v === 'number' && !Number.isFinite(v) ? String(v) : v;
  return canonicalJson(o);
}

/** The clean single run of a point document in this process (js backend). */
export function cleanRun(document: unknown): RunResult {
  return runDocument(document);
}
