/**
 * The worker pool of `lazyrich sweep`: piscina threads that each run one point at a time
 * (`./worker.mjs` → `./worker.ts`), and a small scheduler that keeps a bounded number of points in
 * flight so that stopping (Ctrl-C) stops scheduling at once. Node only.
 *
 * Results come back through the structured clone with their Float64Array buffers transferred. The
 * pool knows nothing of the store: the caller records each outcome on the main thread (single
 * writer).
 * @module
 */
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { PointOutcome, PointTask } from './worker.js';

/** Something that runs points: a piscina pool, or (tests) a function in this thread. */
export interface PointRunner {
  /** Number of points it runs at the same time. */
  readonly workers: number;
  /** Runs one point; rejects only when the runner was abandoned (a failing point resolves with `ok: false`). */
  run(task: PointTask): Promise<PointOutcome>;
  /** Waits for running points, then stops the threads. */
  close(): Promise<void>;
  /** Stops the threads now; running points are abandoned (their `run` promises reject). */
  abandon(): Promise<void>;
}

/** Absolute path of the worker entry file (plain ESM that registers tsx, then loads ./worker.ts). */
export const WORKER_FILE = fileURLToPath(new URL('./worker.mjs', import.meta.url));

/**
 * A piscina pool of `workers` threads (all started at once, kept alive until closed).
 * @example
 * const pool = createWorkerPool(1);
 * const document = { model: { kind: 'scalar-width', kappa: 0.1, etaU: 1, etaW: 2 }, task: { kind: 'scalar', a: 1.5, sigmaXX: 1 }, init: { kind: 'explicit', u: [0.1], w: [0.3] }, train: { method: 'gd', learningRate: 0.01, steps: 10 } };
 * const outcome = await pool.run({ key: 'k1', document, backend: 'js', configFile: 'grid.yaml' });
 * await pool.close();
 * [outcome.key, outcome.ok]; // → ["k1", true]
 */
export function createWorkerPool(workers: number): PointRunner {
  const pool = new Piscina({
    filename: WORKER_FILE,
    minThreads: workers,
    maxThreads: workers,
    idleTimeout: 60_000,
    // One point per thread at a time: a long point never delays a queued one behind it.
    concurrentTasksPerWorker: 1,
  });
  return {
    workers,
    run: (task) => pool.run(task) as Promise<PointOutcome>,
    close: () => pool.close(),
    abandon: () => pool.destroy(),
  };
}

/** A runner that calls `run` in this thread, one point at a time (yielding to the event loop between points). */
export function createInlineRunner(run: (task: PointTask) => PointOutcome): PointRunner {
  let abandoned = false;
  return {
    workers: 1,
    run: async (task) => {
      await new Promise((r) => setImmediate(r));
      if (abandoned) throw new Error('the runner was abandoned');
      return run(task);
    },
    close: async () => {},
    abandon: async () => {
      abandoned = true;
    },
  };
}

/** Callbacks and limits of {@link schedulePoints}. */
export interface ScheduleOptions<T> {
  /** Most tasks in flight at once (≥ 1). */
  concurrency: number;
  /** Called on the main thread, in completion order, for each finished task. */
  onOutcome: (task: T, outcome: PointOutcome) => void;
  /** Checked before each new task is started: true stops scheduling (tasks in flight still finish). */
  stopped: () => boolean;
}

/** What {@link schedulePoints} did. */
export interface ScheduleReport {
  /** Tasks handed to the runner. */
  started: number;
  /** Tasks whose outcome was delivered to onOutcome. */
  finished: number;
  /** Tasks whose run was abandoned (rejected) and not delivered. */
  abandoned: number;
}

/**
 * Runs `tasks` on `runner` with at most `concurrency` in flight, delivering each outcome to
 * `onOutcome` as it arrives; resolves once nothing is in flight and either every task ran or
 * `stopped()` turned true. The next task is started before an outcome is delivered, so the worker
 * computes while `onOutcome` records. An exception thrown by `onOutcome` (e.g. the store cannot be written)
 * stops scheduling and is rethrown after the tasks in flight have settled.
 * @example
 * // A stand-in runner (the CLI passes createWorkerPool's): every point succeeds at once.
 * const runner = { workers: 2, run: async (t) => ({ key: t.key, ok: false, error: 'stand-in', elapsedMs: 0 }), close: async () => {} };
 * const seen = [];
 * const report = await schedulePoints(['a', 'b', 'c'], runner, (k) => ({ key: k, document: {}, backend: 'js', configFile: 'grid.yaml' }), { concurrency: 2, onOutcome: (k) => seen.push(k), stopped: () => false });
 * [report.started, report.finished, seen.length]; // → [3, 3, 3]
 */
export function schedulePoints<T>(
  tasks: readonly T[],
  runner: PointRunner,
  toTask: (task: T) => PointTask,
  options: ScheduleOptions<T>,
): Promise<ScheduleReport> {
  const report: ScheduleReport = { started: 0, finished: 0, abandoned: 0 };
  const limit = Math.max(1, Math.floor(options.concurrency));
  let next = 0;
  let inFlight = 0;
  let failure: { error: unknown } | undefined;
  return new Promise((resolvePromise, rejectPromise) => {
    const settle = (): void => {
      if (inFlight > 0) return;
      if (failure) rejectPromise(failure.error);
      else resolvePromise(report);
    };
    const fill = (): void => {
      while (inFlight < limit && next < tasks.length && failure === undefined && !options.stopped()) {
        const item = tasks[next++];
        inFlight++;
        report.started++;
        runner.run(toTask(item)).then(
          (outcome) => {
            inFlight--;
            // Hand the freed worker its next point first, then record: the worker computes while
            // the main thread writes the store.
            fill();
            if (failure === undefined) {
              try {
                options.onOutcome(item, outcome);
                report.finished++;
              } catch (error) {
                failure = { error };
              }
            }
            settle();
          },
          () => {
            inFlight--;
            report.abandoned++;
            settle();
          },
        );
      }
    };
    fill();
    settle();
  });
}
