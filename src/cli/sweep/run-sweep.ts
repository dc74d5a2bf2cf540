/**
 * `lazyrich sweep`: expand a sweep document, open (or create) its store, skip the points already
 * stored, run the others on a piscina pool and record each finished point in the store at once,
 * from the main thread only (single writer). Node only.
 *
 * **Resume.** The store is the only state: a point is skipped when its row says `done` (or `failed`,
 * unless `retryFailed`). After `kill -9` at any moment the same command again runs exactly the
 * points whose rows were not committed; a point that was running is run again from scratch (its
 * result is a pure function of its document and seed, so the rerun is bit-identical).
 *
 * **Determinism.** A point's seed comes from the sweep seed and the point's key (expandSweep), every
 * worker installs the backend the CLI chose with one BLAS thread, and results are recorded by key,
 * so the store's contents do not depend on the worker count, the shard or the completion order.
 *
 * **Stopping.** SIGINT (Ctrl-C) or SIGTERM stops scheduling, lets the running points finish and be
 * recorded (a second signal abandons them), closes the store and prints how to resume; the exit
 * code is then 130 (SIGINT) or 143 (SIGTERM).
 * @module
 */
import { availableParallelism } from 'node:os';
import { basename, extname, join } from 'node:path';
import { ConfigError } from '../../errors/index.js';
import { parseDocumentText } from '../../config/index.js';
import { expandSweep, formatShard, parseShard, shardOf, type ExpandedSweep, type Shard, type SweepPoint } from '../../experiments/sweep/index.js';
import { openStore, type SweepStore } from '../../store/index.js';
import type { CliIO } from '../errors.js';
import { createWorkerPool, schedulePoints, type PointRunner } from './pool.js';
import { createProgress, type ProgressStream } from './progress.js';
import type { PointOutcome, PointTask } from './worker.js';
import { readConfigText } from '../load-config.js';

/** Exit codes of `lazyrich sweep` besides 0 (all done) and 2 (bad input). */
export const EXIT_SOME_FAILED = 1;
/** Exit code after SIGINT (128 + 2). */
export const EXIT_INTERRUPTED = 130;
/** Exit code after SIGTERM (128 + 15). */
export const EXIT_TERMINATED = 143;

/** Options of {@link runSweep} (the command's flags, as strings where the user typed them). */
export interface SweepOptions {
  /** Path of the sweep document (JSON or YAML). */
  config: string;
  /** Store folder (default `sweeps/<config stem>`, or `sweeps/<stem>/shard-i` with a shard). */
  out?: string;
  /** Worker threads (default os.availableParallelism()). */
  workers?: string;
  /** `i/n`. */
  shard?: string;
  /** JSON lines on stdout: one per finished point and a final summary. */
  json?: boolean;
  /** Overrides the sweep seed. */
  seed?: string;
  /** Run points recorded as failed again (default: skip them like done points). */
  retryFailed?: boolean;
}

/** What the sweep needs from its surroundings (injectable for tests). */
export interface SweepEnvironment {
  io: CliIO;
  /** Progress display target (default process.stderr). */
  progressStream?: ProgressStream;
  /** Progress display: `auto` (bar on a terminal, else lines), `lines` or `off`. */
  progressMode?: 'auto' | 'lines' | 'off';
  /** The backend name the CLI selected (workers install the same). */
  backend: 'js' | 'native';
  /** Makes the pool (default: piscina threads). */
  createRunner?: (workers: number) => PointRunner;
  /** Signals that stop the sweep (default: process SIGINT and SIGTERM). */
  signals?: { on(signal: 'SIGINT' | 'SIGTERM', handler: () => void): void; off(signal: 'SIGINT' | 'SIGTERM', handler: () => void): void };
}

/** Counts after a sweep session. */
export interface SweepSummary {
  /** Points of the sweep or shard. */
  total: number;
  done: number;
  failed: number;
  pending: number;
  /** Points run in this session. */
  ranNow: number;
  /** Points that were already done (or failed and skipped) when the session started. */
  skipped: number;
  store: string;
  sweepId: string;
  shard: string | null;
  workers: number;
  backend: string;
  interrupted: boolean;
  /** Wall time of the session's run phase (pool start to last record), s. */
  seconds: number;
  /** Points finished in this session per second of `seconds`. */
  pointsPerSecond: number | null;
  /** Mean wall time of the store's record call per point recorded in this session, ms. */
  storeMsPerPoint: number | null;
  exitCode: number;
}

/** Reads and parses a sweep document (without validating it; expandSweep does). */
export function readSweepDocument(file: string): unknown {
  return parseDocumentText(readConfigText(file, 'sweep'), basename(file));
}

/** Parses `--workers` (an integer from 1 to 1024); undefined → os.availableParallelism(). */
export function parseWorkers(value: string | undefined): number {
  if (value === undefined) return Math.max(1, availableParallelism());
  const n = Number(value);
  if (value.trim() === '' || !Number.isSafeInteger(n) || n < 1 || n > 1024) {
    throw new ConfigError(`--workers: expected an integer from 1 to 1024, got "${value}".`, { path: '--workers' });
  }
  return n;
}

/** Parses `--seed` (a non-negative safe integer). */
function parseSeed(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isSafeInteger(n) || n < 0) throw new ConfigError(`--seed: expected a non-negative integer, got "${value}".`, { path: '--seed' });
  return n;
}

/** The default store folder: `sweeps/<config stem>`, with `/shard-i` for a shard. */
export function defaultStoreDir(config: string, shard?: Shard): string {
  const stem = basename(config, extname(config)) || 'sweep';
  return shard === undefined ? join('sweeps', stem) : join('sweeps', stem, `shard-${shard.index}`);
}

/** Quotes a shell word when it needs it (for the resume hint). */
function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The command that resumes this sweep. */
export function resumeCommand(options: SweepOptions, out: string): string {
  const words = ['lazyrich', 'sweep', options.config, '--out', out];
  if (options.shard !== undefined) words.push('--shard', options.shard.trim());
  if (options.seed !== undefined) words.push('--seed', options.seed.trim());
  if (options.workers !== undefined) words.push('--workers', options.workers.trim());
  if (options.json) words.push('--json');
  return words.map(shellWord).join(' ');
}

/** The JSON line of one finished point. */
function pointLine(point: SweepPoint, outcome: PointOutcome, atSeconds: number): string {
  const base = { type: 'point', index: point.index, key: point.key, replicate: point.replicate, seed: point.seed, assignments: point.assignments };
  const body = outcome.ok
    ? { status: 'done', summary: outcome.result.summary, labels: outcome.result.labels }
    : { status: 'failed', error: outcome.error };
  return JSON.stringify({ ...base, ...body, elapsedMs: outcome.elapsedMs, atSeconds }) + '\n';
}

/**
 * Runs (or resumes) a sweep and returns its summary; `summary.exitCode` is the command's exit code
 * (0 all done, 1 some failed, 130/143 interrupted).
 * @throws ConfigError (exit 2) for a bad document, option or store.
 * @example
 * import { writeFileSync } from 'node:fs';
 * writeFileSync('grid.json', JSON.stringify({
 *   model: { kind: 'scalar-width', kappa: 0.1, etaU: 1, etaW: 2 }, task: { kind: 'scalar', a: 1.5, sigmaXX: 1 },
 *   init: { kind: 'explicit', u: [0.1, 0.2], w: [0.3, -0.1] }, train: { method: 'gd', learningRate: 0.01, steps: 50 },
 *   sweep: { axes: [{ path: 'model.kappa', values: [0.1, 0.5] }] },
 * }));
 * const io = { out: () => {}, err: () => {} };
 * const s = await runSweep({ config: 'grid.json', workers: '1' }, { io, backend: 'js', progressMode: 'off' });
 * s.done; // → 2 (points done in the store)
 */
export async function runSweep(options: SweepOptions, env: SweepEnvironment): Promise<SweepSummary> {
  const { io } = env;
  const shard = options.shard === undefined ? undefined : parseShard(options.shard);
  const requestedWorkers = parseWorkers(options.workers);
  const seed = parseSeed(options.seed);
  const raw = readSweepDocument(options.config);
  const sweep: ExpandedSweep = expandSweep(raw, seed === undefined ? {} : { seed });
  const points = shardOf(sweep.points, shard);
  const out = options.out ?? defaultStoreDir(options.config, shard);

  const store: SweepStore = openStore(out, { sweep, ...(shard ? { shard } : {}) });
  let closed = false;
  const closeStore = (): void => {
    if (!closed) {
      closed = true;
      store.close();
    }
  };
  try {
    const status = new Map(store.rows().map((r) => [r.key, r.status]));
    const isSkipped = (p: SweepPoint): boolean => {
      const s = status.get(p.key);
      return s === 'done' || (s === 'failed' && !options.retryFailed);
    };
    const pending = points.filter((p) => !isSkipped(p));
    let done = points.filter((p) => status.get(p.key) === 'done').length;
    let failed = options.retryFailed ? 0 : points.filter((p) => status.get(p.key) === 'failed').length;
    const skipped = points.length - pending.length;
    const workers = Math.max(1, Math.min(requestedWorkers, pending.length));

    const progress = createProgress({
      total: points.length,
      done,
      failed,
      stream: env.progressStream ?? process.stderr,
      mode: env.progressMode ?? 'auto',
    });
    const where = `${points.length} point${points.length === 1 ? '' : 's'}${shard ? ` (shard ${formatShard(shard)} of ${sweep.points.length})` : ''}`;
    if (skipped > 0) progress.log(`sweep: resuming ${out}: ${skipped} of ${where} already recorded, ${pending.length} to run`);
    else if (pending.length > 0) progress.log(`sweep: ${where} on ${workers} worker${workers === 1 ? '' : 's'} (${env.backend} backend) into ${out}`);

    let interrupted: 'SIGINT' | 'SIGTERM' | undefined;
    let runner: PointRunner | undefined;
    let abandoned = false;
    const signals = env.signals ?? process;
    const onSignal = (signal: 'SIGINT' | 'SIGTERM') => (): void => {
      if (interrupted === undefined) {
        interrupted = signal;
        progress.log(`sweep: ${signal === 'SIGINT' ? 'interrupted' : 'terminated'}; finishing the running points (${signal === 'SIGINT' ? 'Ctrl-C' : 'the signal'} again abandons them)`);
      } else if (!abandoned && runner) {
        abandoned = true;
        progress.log('sweep: abandoning the running points');
        void runner.abandon();
      }
    };
    const onInt = onSignal('SIGINT');
    const onTerm = onSignal('SIGTERM');
    signals.on('SIGINT', onInt);
    signals.on('SIGTERM', onTerm);

    const t0 = performance.now();
    let ranNow = 0;
    let storeMs = 0;
    try {
      if (pending.length > 0) {
        runner = (env.createRunner ?? createWorkerPool)(workers);
        const toTask = (p: SweepPoint): PointTask => ({ key: p.key, document: p.document, backend: env.backend, configFile: options.config });
        await schedulePoints(pending, runner, toTask, {
          concurrency: workers,
          stopped: () => interrupted !== undefined,
          onOutcome: (point, outcome) => {
            const s0 = performance.now();
            if (outcome.ok) store.recordDone(point, outcome.result, outcome.elapsedMs);
            else store.recordFailed(point, outcome.error, outcome.elapsedMs);
            storeMs += performance.now() - s0;
            ranNow++;
            if (outcome.ok) done++;
            else failed++;
            progress.pointFinished(outcome.ok);
            if (options.json) io.out(pointLine(point, outcome, (performance.now() - t0) / 1000));
          },
        });
        if (!abandoned) await runner.close();
        runner = undefined;
      }
    } finally {
      // After an error (e.g. the store cannot be written) the threads must not keep the process alive.
      if (runner) await runner.abandon().catch(() => undefined);
      signals.off('SIGINT', onInt);
      signals.off('SIGTERM', onTerm);
      progress.stop();
    }
    const seconds = (performance.now() - t0) / 1000;
    closeStore();

    const pendingLeft = points.length - done - failed;
    const exitCode = interrupted === 'SIGINT' ? EXIT_INTERRUPTED : interrupted === 'SIGTERM' ? EXIT_TERMINATED : failed > 0 ? EXIT_SOME_FAILED : 0;
    const summary: SweepSummary = {
      total: points.length,
      done,
      failed,
      pending: pendingLeft,
      ranNow,
      skipped,
      store: out,
      sweepId: sweep.sweepId,
      shard: shard ? formatShard(shard) : null,
      workers,
      backend: env.backend,
      interrupted: interrupted !== undefined,
      seconds,
      pointsPerSecond: ranNow > 0 && seconds > 0 ? ranNow / seconds : null,
      storeMsPerPoint: ranNow > 0 ? storeMs / ranNow : null,
      exitCode,
    };
    if (interrupted !== undefined || pendingLeft > 0) {
      io.err(`sweep: stopped with ${pendingLeft} point${pendingLeft === 1 ? '' : 's'} not run; resume with: ${resumeCommand(options, out)}\n`);
    }
    if (options.json) io.out(JSON.stringify({ type: 'summary', ...summary }) + '\n');
    else {
      const rate = summary.pointsPerSecond === null ? '' : `, ${summary.pointsPerSecond.toFixed(1)} points/s`;
      const failedHint = failed > 0 ? ` (errors: lazyrich ls ${shellWord(out)})` : '';
      io.out(`sweep: ${done}/${points.length} done, ${failed} failed${failedHint}, ${pendingLeft} pending; ran ${ranNow} in ${seconds.toFixed(1)} s${rate}; store ${out}\n`);
    }
    return summary;
  } finally {
    closeStore();
  }
}
