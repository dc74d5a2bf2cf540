/**
 * Progress of a running sweep on stderr: a cli-progress bar with rate and ETA when stderr is a
 * terminal, otherwise plain lines (`sweep: 120/400 done, 2 failed, 35.1 points/s, ETA 8 s`) at most
 * every ~2 s. The rate counts the points finished in this session only (resumed points were free),
 * so the ETA of a resumed sweep is honest. Node only.
 * @module
 */
import cliProgress from 'cli-progress';

/** Counts shown by the progress display. */
export interface ProgressCounts {
  /** Points of this sweep (or shard) in all, including those already done before this session. */
  total: number;
  /** Points done (results stored), including earlier sessions'. */
  done: number;
  /** Points recorded as failed, including earlier sessions'. */
  failed: number;
  /** Points finished in this session (done or failed). */
  finishedNow: number;
  /** Seconds since this session started running points. */
  elapsedSeconds: number;
}

/** Where progress goes: a stream with `write` and whether it is a terminal. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

/** Points per second of this session, or undefined before the first point finished. */
export function pointRate(c: ProgressCounts): number | undefined {
  return c.finishedNow > 0 && c.elapsedSeconds > 0 ? c.finishedNow / c.elapsedSeconds : undefined;
}

/** A duration in seconds as `8 s`, `3 min 20 s` or `2 h 05 min`. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const s = Math.round(seconds);
  if (s < 100) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

/**
 * The plain progress line, e.g. `sweep: 120/400 done, 2 failed, 35.1 points/s, ETA 8 s`.
 * @example
 * formatProgressLine({ total: 400, done: 120, failed: 2, finishedNow: 122, elapsedSeconds: 3.476 })
 * // 'sweep: 120/400 done, 2 failed, 35.1 points/s, ETA 8 s'
 */
export function formatProgressLine(c: ProgressCounts): string {
  const rate = pointRate(c);
  const remaining = Math.max(0, c.total - c.done - c.failed);
  const rateText = rate === undefined ? 'rate —' : `${rate.toFixed(1)} points/s`;
  const eta = rate === undefined ? 'ETA —' : `ETA ${formatDuration(remaining / rate)}`;
  return `sweep: ${c.done}/${c.total} done, ${c.failed} failed, ${rateText}, ${eta}`;
}

/** A live progress display. */
export interface SweepProgress {
  /** Records a finished point (ok = done, else failed) and refreshes the display when due. */
  pointFinished(ok: boolean): void;
  /** Prints a line of text without garbling the bar. */
  log(line: string): void;
  /** Removes the bar (or prints nothing more); call once at the end. */
  stop(): void;
  /** The current counts. */
  counts(): ProgressCounts;
}

/** Options of {@link createProgress}. */
export interface ProgressOptions {
  total: number;
  /** Done and failed before this session (resume). */
  done: number;
  failed: number;
  stream: ProgressStream;
  /** `auto`: bar on a terminal, else lines; `lines`; `off`. Default `auto`. */
  mode?: 'auto' | 'bar' | 'lines' | 'off';
  /** Least time between plain lines, ms (default 2000). */
  intervalMs?: number;
  /** Clock in ms (default performance.now); injectable for tests. */
  now?: () => number;
}

/**
 * Starts a progress display for a sweep.
 * @example
 * const progress = createProgress({ total: 400, done: 0, failed: 0, stream: process.stderr });
 * progress.pointFinished(true);
 * progress.stop();
 */
export function createProgress(options: ProgressOptions): SweepProgress {
  const now = options.now ?? (() => performance.now());
  const start = now();
  const interval = options.intervalMs ?? 2000;
  let done = options.done;
  let failed = options.failed;
  let finishedNow = 0;
  let lastLine = start;
  const mode = options.mode === undefined || options.mode === 'auto' ? (options.stream.isTTY ? 'bar' : 'lines') : options.mode;
  const counts = (): ProgressCounts => ({ total: options.total, done, failed, finishedNow, elapsedSeconds: (now() - start) / 1000 });

  let bar: cliProgress.SingleBar | undefined;
  const payload = (): Record<string, string> => {
    const c = counts();
    const rate = pointRate(c);
    const remaining = Math.max(0, c.total - c.done - c.failed);
    return {
      failedText: String(c.failed),
      rateText: rate === undefined ? '—' : rate.toFixed(1),
      etaText: rate === undefined ? '—' : formatDuration(remaining / rate),
    };
  };
  if (mode === 'bar') {
    bar = new cliProgress.SingleBar(
      {
        stream: options.stream as NodeJS.WritableStream,
        format: 'sweep [{bar}] {value}/{total} done, {failedText} failed | {rateText} points/s | ETA {etaText}',
        hideCursor: true,
        clearOnComplete: false,
        fps: 5,
        noTTYOutput: false,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(options.total, done, payload());
  }
  return {
    pointFinished(ok) {
      if (ok) done++;
      else failed++;
      finishedNow++;
      if (bar) {
        bar.update(done, payload());
        return;
      }
      if (mode === 'lines' && now() - lastLine >= interval) {
        lastLine = now();
        options.stream.write(formatProgressLine(counts()) + '\n');
      }
    },
    log(line) {
      if (mode === 'off') return;
      if (bar) {
        // Clear the bar's line, print, and let the bar redraw below.
        options.stream.write('\r\x1b[K' + line + '\n');
        bar.update(done, payload());
      } else options.stream.write(line + '\n');
    },
    stop() {
      if (bar) {
        bar.update(done, payload());
        bar.stop();
        bar = undefined;
      }
    },
    counts,
  };
}
