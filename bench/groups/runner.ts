/**
 * The `runner` benchmark group (issue 7, "Performance"): the sweep runner on a 400-point sweep of a
 * cheap model, and one of its points against NumPy. NumPy side: `bench/numpy_runner.py`.
 *
 * **The sweep.** {@link runnerSweepDocument}: a deep-linear network 8-8-8 (two layers) on a fixed
 * whitened 8×8 task, Gaussian init, full-batch GD η = 0.05 for 3000 steps with about 100 records
 * (loss, singular values of W, balance drift); axes `init.std1` (20 log-spaced values) × 20
 * replicates = 400 points (`--quick`: 5 × 20 = 100). Each point costs ≈ 8.5–12 ms of compute on a
 * quiet core (3000 GD steps and 101 records), so the pool's per-point overhead does not dominate.
 *
 * **In `npm run bench`** (harness row `sweep-point`, ratio = NumPy seconds ÷ ours): one point of the
 * sweep, `runDocument` of its document vs the same GD and records in NumPy (`sweep_point`).
 * Checks: summary = the loss series (vs NumPy's, ≤ 1e-8 relative to the largest); residual = |recorded
 * final loss − ½‖W_final − Σ_yx‖²_F recomputed from the returned W_final|, relative.
 *
 * **Summary lines** (not vs NumPy): the whole sweep run as `lazyrich sweep <doc> --json` in a child
 * process on 1 and on 2 workers into fresh stores, alternately, 3 times each (best run kept; once
 * with `--quick`): points/s (steady rate between the 10th and the last finished point, from the
 * `atSeconds` of the JSON lines, so the worker start-up is excluded; and over the whole session),
 * the scaling ratio (goal ≥ 1.8×), and the store's overhead per point (mean time of `recordDone` on
 * the main thread — arrays written as `.npy`, renamed, one SQLite transaction — from the summary
 * line; goal < 2 ms) and the same for the store alone (recordDone of every point with one
 * precomputed result on an idle main thread); then NumPy's points/s for the same per-point
 * computation in one process (`numpy_runner.py --rate`) and our 1-worker rate ÷ NumPy's. Run alone:
 * `node --import tsx bench/groups/runner.ts [--quick]`.
 *
 * **Measured** 2026-11-25 on the 2-core project machine shared with 6–7 other sessions (load average
 * 3–16 during the runs, changing from minute to minute), so the numbers below are noisy and the
 * scaling goal could not be judged:
 * - `sweep-point` (3000 steps, others% 0–5 during the row): ours 8.5 ms (native) / 12.0 ms (js) per
 *   point vs NumPy 18.2 ms — ratios 2.13 and 1.52; the loss series agree to 1.2e-16.
 * - 400-point sweep, best of 3 alternating runs at load ≈ 3.8: 1 worker 98.9 points/s steady,
 *   2 workers 111.8 points/s: 1.13×. At 1000 steps per point and load ≈ 3.3: 134.3 vs 211.1
 *   points/s, 1.57×; single runs at load 10–16 gave 0.80–1.45×. `/usr/bin/time` of the 2-worker
 *   sweep showed the process getting only 75–101 % CPU of the 200 % it asks for (1 worker: 68–87 %)
 *   and the workers' own time per point rising from 8.5 ms to 26–43 ms: the other sessions held the
 *   cores. The serial part of the design is the main thread (it receives each result, hands the
 *   freed worker its next point, then records; ≈ 1 ms per point on a quiet disk, ≈ 10 % of a point),
 *   so whether ≥ 1.8× holds needs a run on an idle machine.
 * - Store overhead per point: recordDone alone 0.61 ms median, 0.93 ms mean (goal < 2 ms met), but
 *   7.4 ms median a minute later and 1–16 ms per point during sweeps: the store writes 17 `.npy`
 *   files (temporary name + rename each) plus one SQLite transaction per point, and creating small
 *   files on this VM's shared disk varies 0.03–0.4 ms each with the other sessions' I/O. A
 *   one-file-per-point layout for the arrays would make the store far less sensitive to that.
 * - NumPy, the same per-point computation in one process: 51.7 points/s; ours on 1 worker ÷ NumPy =
 *   1.91 (the sweep figure includes start-up, messaging and recording; the harness row is compute
 *   only).
 *
 * @module
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setBackend, type LinalgBackend } from '../../src/linalg/backend.js';
import { Matrix } from '../../src/linalg/matrix.js';
import { createRandom } from '../../src/random/index.js';
import { buildDocument, validateExperiment, type BuiltExperiment } from '../../src/config/index.js';
import { runDocument, type RunResult } from '../../src/experiments/run/index.js';
import { expandSweep } from '../../src/experiments/sweep/index.js';
import { openStore } from '../../src/store/index.js';
import { writeNpy } from '../../src/io/npy.node.js';
import type { BenchCase, BenchCheck, BenchGroup, BenchOptions } from '../registry.js';

const N = 8;
const STEPS = 3000;
const ETA = 0.05;
/** Records every 30 steps: 101 records, as runDocument's default (about 100). */
const EVERY = 30;
const REPO = fileURLToPath(new URL('../../', import.meta.url));

/** The fixed whitened task Σ_yx (N×N, entries N(0, 1/N) from seed 17). */
function taskMatrix(): number[][] {
  const r = createRandom(17, 'bench-runner-task');
  return Array.from({ length: N }, () => Array.from({ length: N }, () => r.normal() / Math.sqrt(N)));
}

/**
 * The benchmark's sweep document (see the module comment): `settings` values of init.std1 ×
 * 20 replicates.
 * @example
 * runnerSweepDocument(20); // 400 points
 */
export function runnerSweepDocument(settings: number): Record<string, unknown> {
  return {
    model: { kind: 'deep-linear', widths: [N, N, N] },
    task: { kind: 'whitened', sigmaYX: taskMatrix() },
    init: { kind: 'gaussian', std1: 0.1, std2: 0.1 },
    train: { method: 'gd', learningRate: ETA, steps: STEPS },
    seed: 5,
    sweep: {
      axes: [{ path: 'init.std1', logspace: { start: -2, stop: -0.5, num: settings } }],
      replicates: 20,
    },
  };
}

/** The representative point: the base document with std1 = 0.1. */
function pointDocument(): Record<string, unknown> {
  const { sweep: _sweep, ...base } = runnerSweepDocument(1);
  return base;
}

function pointCase(): BenchCase<RunResult> {
  const doc = pointDocument();
  const built = buildDocument(validateExperiment(doc)) as BuiltExperiment;
  const [W1, W2] = built.weights;
  return {
    op: 'sweep-point',
    shape: `${N}-${N}-${N} gd×${STEPS}`,
    inputs: { W1, W2, S: built.task.sigmaYX },
    prepare(backend: LinalgBackend) {
      return () => {
        setBackend(backend);
        return runDocument(doc);
      };
    },
    check(result, { S }): BenchCheck {
      const loss = result.series.columns.loss;
      const W = result.arrays.WFinal.data;
      let ss = 0;
      for (let i = 0; i < W.length; i++) ss += (W[i] - S.data[i]) ** 2;
      const last = loss[loss.length - 1];
      return { residual: Math.abs(last - 0.5 * ss) / Math.max(1e-300, Math.abs(last)), summary: loss };
    },
    numpy: { op: 'sweep_point', params: { eta: ETA, steps: STEPS, every: EVERY } },
    residualLimit: 1e-12,
  };
}

/** A parsed `lazyrich sweep --json` session. */
interface SweepRun {
  points: { atSeconds: number; status: string }[];
  summary: { done: number; failed: number; seconds: number; pointsPerSecond: number | null; storeMsPerPoint: number | null; workers: number; backend: string };
}

/** Runs the CLI sweep in a child process into a fresh store; throws with its stderr on failure. */
function cliSweep(doc: string, out: string, workers: number): SweepRun {
  const r = spawnSync(process.execPath, [join(REPO, 'bin/lazyrich.mjs'), 'sweep', doc, '--out', out, '--workers', String(workers), '--json'], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`lazyrich sweep exited ${r.status}: ${r.stderr.trim().split('\n').pop()}`);
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  return {
    points: lines.filter((l) => l.type === 'point') as unknown as SweepRun['points'],
    summary: lines.find((l) => l.type === 'summary') as unknown as SweepRun['summary'],
  };
}

/** Points per second between the k-th finished point and the last (start-up excluded). */
function steadyRate(run: SweepRun, k = 10): number {
  const t = run.points.map((p) => p.atSeconds).sort((a, b) => a - b);
  if (t.length <= k + 1) return t.length / t[t.length - 1];
  return (t.length - 1 - k) / (t[t.length - 1] - t[k]);
}

/** NumPy's points/s for the same per-point computation, one process; undefined with the reason when python3/NumPy is missing. */
function numpyRate(dir: string): { rate?: number; reason?: string } {
  const built = buildDocument(validateExperiment(pointDocument())) as BuiltExperiment;
  const files: Record<string, string> = {};
  const inputs: Record<string, Matrix> = { W1: built.weights[0], W2: built.weights[1], S: built.task.sigmaYX };
  for (const [name, m] of Object.entries(inputs)) writeNpy((files[name] = join(dir, `${name}.npy`)), m);
  const job = join(dir, 'job.json');
  writeFileSync(job, JSON.stringify({ op: 'sweep_point', inputs: files, params: { eta: ETA, steps: STEPS, every: EVERY } }));
  const r = spawnSync('python3', [join(REPO, 'bench/numpy_runner.py'), '--rate', job], { encoding: 'utf8', cwd: join(REPO, 'bench') });
  if (r.error || r.status !== 0) return { reason: r.error ? r.error.message : r.stderr.trim().split('\n').pop() };
  return { rate: (JSON.parse(r.stdout) as { pointsPerSecond: number }).pointsPerSecond };
}

/**
 * The store alone, on an otherwise idle main thread: `recordDone` of every point of the sweep with
 * one precomputed result (same arrays as a real point: 101 records, 8×8 weights), into a fresh
 * store. Returns ms per point (mean) and the median.
 */
function storeOnly(dir: string, settings: number): { mean: number; median: number; files: number } {
  const sweep = expandSweep(runnerSweepDocument(settings));
  const result = runDocument(sweep.points[0].document);
  const store = openStore(join(dir, 'store-only'), { sweep });
  const times: number[] = [];
  try {
    for (const point of sweep.points) {
      const t0 = performance.now();
      store.recordDone(point, result, 1);
      times.push(performance.now() - t0);
    }
  } finally {
    store.close();
  }
  const sorted = [...times].sort((a, b) => a - b);
  const files = 1 + Object.keys(result.series.columns).length + Object.keys(result.arrays).length;
  return { mean: times.reduce((a, b) => a + b, 0) / times.length, median: sorted[Math.floor(sorted.length / 2)], files };
}

/**
 * The summary lines: sweep points/s on 1 and 2 workers, scaling, store overhead, NumPy's rate.
 * @example
 * for (const line of runnerTiming(true)) console.log(line);
 */
export function runnerTiming(quick: boolean): string[] {
  const settings = quick ? 5 : 20;
  const dir = mkdtempSync(join(tmpdir(), 'lazyrich-bench-runner-'));
  try {
    const doc = join(dir, 'runner-sweep.json');
    writeFileSync(doc, JSON.stringify(runnerSweepDocument(settings)));
    // Alternate 1- and 2-worker sweeps and keep each one's best steady rate: on a shared machine the
    // best of a few runs is the one least disturbed by other processes (as the harness's best call).
    const rounds = quick ? 1 : 3;
    const ones: { run: SweepRun; rate: number }[] = [];
    const twos: { run: SweepRun; rate: number }[] = [];
    for (let k = 0; k < rounds; k++) {
      const one = cliSweep(doc, join(dir, `w1-${k}`), 1);
      ones.push({ run: one, rate: steadyRate(one) });
      const two = cliSweep(doc, join(dir, `w2-${k}`), 2);
      twos.push({ run: two, rate: steadyRate(two) });
    }
    const best = (xs: { run: SweepRun; rate: number }[]) => xs.reduce((a, b) => (b.rate > a.rate ? b : a));
    const { run: one, rate: r1 } = best(ones);
    const { run: two, rate: r2 } = best(twos);
    const total = one.points.length;
    const all = (xs: { rate: number }[]): string => (xs.length > 1 ? `; runs ${xs.map((x) => x.rate.toFixed(1)).join(', ')}` : '');
    const fmt = (run: SweepRun, steady: number, xs: { rate: number }[]): string =>
      `${steady.toFixed(1)} points/s steady (${(run.summary.pointsPerSecond ?? 0).toFixed(1)} over the session of ${run.summary.seconds.toFixed(1)} s with start-up${all(xs)}), store ${(run.summary.storeMsPerPoint ?? 0).toFixed(2)} ms/point`;
    const np = numpyRate(dir);
    const alone = storeOnly(dir, settings);
    const lines = [
      `sweep of ${total} points (deep-linear ${N}-${N}-${N}, GD ${STEPS} steps, 101 records each; ${one.summary.backend} backend; best of ${rounds} alternating run${rounds === 1 ? '' : 's'}):`,
      `  1 worker:  ${fmt(one, r1, ones)}`,
      `  2 workers: ${fmt(two, r2, twos)}`,
      `  scaling 2 vs 1 worker: ${(r2 / r1).toFixed(2)}× (goal ≥ 1.8×)`,
      `  store overhead per point (goal < 2 ms): ${Math.max(one.summary.storeMsPerPoint ?? 0, two.summary.storeMsPerPoint ?? 0).toFixed(2)} ms during the sweeps (main thread, sharing the cores with the workers); ${alone.mean.toFixed(2)} ms mean, ${alone.median.toFixed(2)} ms median alone (recordDone of ${total} points, ${alone.files} .npy files + 1 SQLite transaction each)`,
    ];
    if (np.rate !== undefined) {
      lines.push(`  NumPy, same per-point computation, one process: ${np.rate.toFixed(1)} points/s; ours on 1 worker ÷ NumPy = ${(r1 / np.rate).toFixed(2)}`);
    } else lines.push(`  NumPy rate not measured: ${np.reason ?? 'python3 failed'}`);
    return lines;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The `runner` group of `npm run bench` (see the module comment). */
export const runnerGroup: BenchGroup = {
  name: 'runner',
  description: 'sweep runner: one 8-8-8 GD point vs NumPy; a 400-point sweep on 1 and 2 workers (points/s, scaling, store overhead)',
  numpyScript: 'bench/numpy_runner.py',
  cases: (_options: BenchOptions) => [pointCase()],
  summary: (options: BenchOptions) => runnerTiming(options.quick),
};

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const line of runnerTiming(process.argv.includes('--quick'))) process.stdout.write(line + '\n');
}
