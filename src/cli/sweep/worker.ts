/**
 * What a sweep worker thread does with one point: install the linear-algebra backend the CLI chose
 * (once per thread, with one BLAS thread, since the pool already runs one point per core), run the
 * point's document with `runDocument`, and hand the result back with its Float64Array buffers
 * transferred (moved, not copied). A failing point becomes `{ ok: false, error }` with one
 * sentence, so one bad point never brings down the pool. Loaded by `./worker.mjs` (which registers
 * tsx first); also callable in-process, which is how the tests compare the two paths.
 * @module
 */
import { move, transferableSymbol, valueSymbol } from 'piscina';
import { setBackend } from '../../linalg/backend.js';
import { selectBackend } from '../../linalg/native/select.js';
import { setNativeThreads } from '../../linalg/native/index.js';
import { isLazyrichError } from '../../errors/index.js';
import { runDocument } from '../../experiments/run/index.js';
import type { RunResult } from '../../experiments/run/types.js';
import { oneSentence } from '../errors.js';
import { documentMatrixLoader } from '../load-config.js';

/** One point to run, as posted to a worker (structured-cloneable). */
export interface PointTask {
  /** The point's key in the sweep (echoed back). */
  key: string;
  /** The point's complete experiment document (with its seed). */
  document: unknown;
  /** Backend the CLI selected; the worker installs the same one. */
  backend: 'js' | 'native';
  /** Path of the sweep document: `.npy` paths in a data task are relative to its folder. */
  configFile: string;
}

/** The outcome of one point: its result, or the one-sentence reason it failed; `elapsedMs` is the wall time of the run. */
export type PointOutcome =
  | { key: string; ok: true; result: RunResult; elapsedMs: number }
  | { key: string; ok: false; error: string; elapsedMs: number };

let installed: 'js' | 'native' | undefined;

/** Installs `name` as this thread's backend (once); native runs on one BLAS thread. */
export function installWorkerBackend(name: 'js' | 'native'): void {
  if (installed === name) return;
  const selection = selectBackend(name);
  setBackend(selection.backend);
  if (selection.name === 'native') setNativeThreads(1);
  installed = name;
}

/** The one-sentence message recorded for a failing point. */
export function pointErrorMessage(error: unknown): string {
  if (isLazyrichError(error)) return oneSentence(error.message);
  const message = error instanceof Error ? error.message : String(error);
  return oneSentence(`internal error: ${message}`);
}

/**
 * Runs one point and returns its outcome (never throws for a failing point).
 * @example
 * const doc = { model: { kind: 'scalar-width', kappa: 0.1, etaU: 1, etaW: 2 }, task: { kind: 'scalar', a: 1.5, sigmaXX: 1 }, init: { kind: 'explicit', u: [0.1], w: [0.3] }, train: { method: 'gd', learningRate: 0.01, steps: 10 } };
 * const out = runPoint({ key: 'ab12', document: doc, backend: 'js', configFile: 'grid.yaml' });
 * out.ok; // → true
 * if (out.ok) console.log(out.result.summary.finalLoss > 0); // prints true
 */
export function runPoint(task: PointTask): PointOutcome {
  const t0 = performance.now();
  try {
    installWorkerBackend(task.backend);
    const result = runDocument(task.document, { loadMatrix: documentMatrixLoader(task.configFile) });
    return { key: task.key, ok: true, result, elapsedMs: performance.now() - t0 };
  } catch (error) {
    return { key: task.key, ok: false, error: pointErrorMessage(error), elapsedMs: performance.now() - t0 };
  }
}

/** The distinct ArrayBuffers behind a result's Float64Arrays (what can be moved to the main thread). */
export function resultBuffers(result: RunResult): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  const add = (a: Float64Array): void => {
    if (a.buffer instanceof ArrayBuffer && a.buffer.byteLength > 0) buffers.add(a.buffer);
  };
  add(result.series.t);
  for (const c of Object.values(result.series.columns)) add(c);
  for (const a of Object.values(result.arrays)) add(a.data);
  return [...buffers];
}

/**
 * piscina's task handler: {@link runPoint}, with the result's Float64Array buffers in the transfer
 * list (so the main thread receives them without a copy).
 */
export function runPointTask(task: PointTask): unknown {
  const outcome = runPoint(task);
  if (!outcome.ok) return outcome;
  const transfer = resultBuffers(outcome.result);
  return move({
    get [transferableSymbol]() {
      return transfer;
    },
    get [valueSymbol]() {
      return outcome;
    },
  });
}
