/**
 * `npm run bench` — our kernels side by side with NumPy, in one run, on the same matrices.
 *
 * Usage: `npm run bench -- [--only matmul,eigh] [--backend js|native] [--quick] [--json] [--threads N]`
 *
 * `--threads N` runs NumPy's BLAS (OPENBLAS_NUM_THREADS of its process) and the native backend
 * (`setNativeThreads`) with N threads each; by default both use their own default (one per core).
 * On a loaded machine multi-threaded BLAS can be slowed by orders of magnitude (a thread waits
 * for its partner to be scheduled), so `--threads 1` gives the steadier comparison there.
 *
 * **Method.** Every case's inputs are generated in TypeScript from fixed seeds (`./inputs.ts`),
 * written as `.npy` files to a temporary folder with `writeNpy`, read back with `readNpyMatrix`
 * (checked bit-identical, so the npy code is exercised too) and loaded by NumPy with `np.load`;
 * both sides therefore time the very same numbers. The NumPy side is one long-lived `python3`
 * process per group script (`bench/numpy_linalg.py --stream`), asked for one case at a time: for
 * each case NumPy is timed, then each of our backends, back to back, so both sides see the same
 * machine load, and never at the same time; a 0.25 s pause before each timing block lets the
 * previous side's spin-waiting BLAS threads go to sleep first.
 * Timing on both sides: one warm-up call, then calls until their total reaches 0.5 s or 10 calls
 * (0.2 s / 5 with `--quick`); the reported time is the best call. The ratio is
 * numpy_seconds / our_seconds (1 = parity, < 1 = slower than NumPy). Each result is checked
 * cheaply (see `BenchCheck`): a probe-vector residual of the defining identity and the largest
 * relative difference of a summary vector from NumPy's; a row whose check fails is marked
 * `WRONG` and the exit code is 1, so a fast wrong result cannot pass unnoticed. Goals are the
 * project's speed targets; unmet goals are reported, not failures.
 *
 * **Environment.** OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE (which may be set for the system
 * OpenBLAS used by the native backend) are removed from the environment of the Python process
 * only: forced on NumPy's bundled OpenBLAS they select slower kernels. The header shows the CPU
 * busy percentage of the whole machine before the run (0.5 s idle sample) and during it
 * (/proc/stat), the NumPy version and its BLAS thread count, and the native library in use.
 *
 * @module
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LinalgBackend } from '../src/linalg/backend.js';
import type { Matrix } from '../src/linalg/matrix.js';
import { readNpyMatrix, writeNpy } from '../src/io/npy.node.js';
import { BENCH_GROUPS, type BenchCase, type BenchGroup } from './registry.js';
import {
  backgroundBusyPercent,
  busyPercent,
  machineSummary,
  ownCpuSeconds,
  sampleCpu,
  startLoadMeter,
  timeBest,
  type TimingOptions,
} from './machine.js';

/** Residual limit of a case that sets none, and the largest summary difference from NumPy accepted. */
const DEFAULT_RESIDUAL_LIMIT = 1e-10;
const SUMMARY_LIMIT = 1e-8;
/**
 * Pause before each timing block (NumPy, then each backend). OpenBLAS worker threads spin-wait
 * for a while after a call (THREAD_TIMEOUT, 2^28 cycles ≈ 0.1 s) before sleeping; without a pause,
 * the previous side's spinning threads steal the CPU from the next side on a 2-core machine.
 */
const SETTLE_MS = 250;
const settle = (): Promise<void> => new Promise((r) => setTimeout(r, SETTLE_MS));
/** Environment variables removed for the NumPy process (see the module comment). */
const NUMPY_UNSET_ENV = ['OPENBLAS_CORETYPE', 'OPENBLAS_L2_SIZE'];

interface Args {
  only: string[] | undefined;
  backend: 'js' | 'native' | undefined;
  quick: boolean;
  json: boolean;
  /** BLAS threads for NumPy (OPENBLAS_NUM_THREADS of its process) and the native backend; default: theirs. */
  threads: number | undefined;
}

/** One row of the output (the `--json` array element). */
export interface BenchRow {
  group: string;
  op: string;
  shape: string;
  backend: string;
  seconds: number | null;
  numpySeconds: number | null;
  /** numpySeconds / seconds; 1 = parity. */
  ratio: number | null;
  reps: number | null;
  numpyReps: number | null;
  residual: number | null;
  /** max |ours − numpy| / max |numpy| of the case's summary vector. */
  diffVsNumpy: number | null;
  /**
   * Percentage of the machine's CPU used by *other* processes while our timings ran, and while
   * NumPy's ran (/proc/stat busy time minus the CPU time of the measured process); high values
   * mean the row is noisy.
   */
  otherLoadPercent: number | null;
  numpyOtherLoadPercent: number | null;
  /** false when the check failed or the op threw. */
  correct: boolean;
  goal: { minRatio: number; met: boolean | null } | null;
  error?: string;
}

function usage(): string {
  return 'usage: npm run bench -- [--only op1,op2] [--backend js|native] [--quick] [--json] [--threads N]';
}

function parseArgs(argv: string[]): Args {
  const args: Args = { only: undefined, backend: undefined, quick: false, json: false, threads: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string => {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (v === undefined || v === '') throw new Error(`bench: ${a} needs a value. ${usage()}`);
      return v;
    };
    if (a === '--quick') args.quick = true;
    else if (a === '--json') args.json = true;
    else if (a === '--only' || a.startsWith('--only=')) args.only = value().split(',').map((s) => s.trim()).filter(Boolean);
    else if (a === '--backend' || a.startsWith('--backend=')) {
      const b = value();
      if (b !== 'js' && b !== 'native') throw new Error(`bench: --backend must be js or native, got '${b}'.`);
      args.backend = b;
    } else if (a === '--threads' || a.startsWith('--threads=')) {
      const t = Number(value());
      if (!Number.isInteger(t) || t < 1) throw new Error(`bench: --threads must be a positive integer.`);
      args.threads = t;
    } else if (a === '--help' || a === '-h') {
      process.stdout.write(usage() + '\n');
      process.exit(0);
    } else throw new Error(`bench: unknown option '${a}'. ${usage()}`);
  }
  return args;
}

interface BackendEntry {
  name: string;
  backend: LinalgBackend | undefined;
  /** Why it is unavailable, or a description of it when available. */
  note: string;
}

async function loadBackends(which: Args['backend'], threads: number | undefined): Promise<BackendEntry[]> {
  const out: BackendEntry[] = [];
  if (which === undefined || which === 'js') {
    try {
      const { jsBackend } = await import('../src/linalg/js/index.js');
      out.push({ name: 'js', backend: jsBackend, note: 'pure TypeScript/WebAssembly' });
    } catch (e) {
      out.push({ name: 'js', backend: undefined, note: `js backend failed to load: ${(e as Error).message}` });
    }
  }
  if (which === undefined || which === 'native') {
    try {
      const { tryLoadNativeBackend, nativeThreads, setNativeThreads } = await import('../src/linalg/native/index.js');
      const r = tryLoadNativeBackend();
      if (r.ok && threads !== undefined && !setNativeThreads(threads)) {
        out.push({ name: 'native', backend: undefined, note: `cannot set its thread count to ${threads} (see src/linalg/native/bindings.ts)` });
      } else if (r.ok) {
        const threads = nativeThreads() ?? r.threads;
        const core = r.coreType === undefined ? '' : `, core ${r.coreType}`;
        const notes = r.notes && r.notes.length > 0 ? `; ${r.notes.join('; ')}` : '';
        out.push({ name: 'native', backend: r.backend, note: `${r.blasPath}, ${threads} thread(s)${core}${notes}` });
      } else out.push({ name: 'native', backend: undefined, note: `unavailable: ${r.reason}` });
    } catch (e) {
      out.push({ name: 'native', backend: undefined, note: `failed to load: ${(e as Error).message}` });
    }
  }
  return out;
}

interface PreparedCase {
  group: BenchGroup;
  c: BenchCase;
  id: string;
  files: Record<string, string>;
}

/** Writes every input as .npy and replaces it with what reading the file back gives. */
function writeInputs(cases: { group: BenchGroup; c: BenchCase }[], dir: string): PreparedCase[] {
  return cases.map(({ group, c }, index) => {
    const id = `${group.name}-${c.op}-${c.shape}-${index}`;
    const files: Record<string, string> = {};
    for (const [name, m] of Object.entries(c.inputs)) {
      const path = join(dir, `${id}-${name}.npy`);
      writeNpy(path, m);
      const back = readNpyMatrix(path);
      if (back.rows !== m.rows || back.cols !== m.cols || back.data.some((v, k) => !Object.is(v, m.data[k]))) {
        throw new Error(`bench: ${path} did not read back bit-identical; the .npy code is broken.`);
      }
      c.inputs[name] = back as Matrix;
      files[name] = path;
    }
    return { group, c, id, files };
  });
}

interface NumpyResult {
  seconds?: number;
  reps?: number;
  cpuSeconds?: number;
  summary?: number[];
  /** Added here: other processes' load during the NumPy timing. */
  otherLoadPercent?: number;
  error?: string;
}
/**
 * One long-lived `python3 <script> --stream` process: a request line in, a response line out. Cases
 * are sent one at a time so that NumPy's and our timings of a case are taken back to back, under
 * the same machine load.
 */
class NumpyWorker {
  private readonly child: ChildProcessWithoutNullStreams;
  private buffered = '';
  private stderr = '';
  private waiting: ((line: string | Error) => void) | undefined;
  private failure: Error | undefined;
  meta: Record<string, unknown> | undefined;

  constructor(
    readonly script: string,
    threads: number | undefined,
  ) {
    const env = { ...process.env };
    for (const k of NUMPY_UNSET_ENV) delete env[k];
    if (threads !== undefined) env.OPENBLAS_NUM_THREADS = String(threads);
    const root = new URL('..', import.meta.url).pathname;
    this.child = spawn('python3', [join(root, script), '--stream'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout.setEncoding('utf8');
    this.child.stderr.setEncoding('utf8');
    this.child.stdout.on('data', (chunk: string) => {
      this.buffered += chunk;
      const nl = this.buffered.indexOf('\n');
      if (nl >= 0 && this.waiting) {
        const line = this.buffered.slice(0, nl);
        this.buffered = this.buffered.slice(nl + 1);
        const w = this.waiting;
        this.waiting = undefined;
        w(line);
      }
    });
    this.child.stderr.on('data', (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-4000);
    });
    const fail = (why: string): void => {
      this.failure ??= new Error(why);
      const w = this.waiting;
      this.waiting = undefined;
      w?.(this.failure);
    };
    this.child.on('error', (e) => fail(`python3 could not be started (${e.message})`));
    this.child.on('exit', (code) => fail(`${script} exited with code ${code}: ${this.stderr.trim().split('\n').pop() ?? ''}`));
  }

  /** Times `jobs` in Python; rejects when the process cannot run or dies. */
  request(jobs: unknown[], timing: TimingOptions): Promise<Map<string, NumpyResult>> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiting = (line) => {
        if (line instanceof Error) return reject(line);
        const out = JSON.parse(line) as { meta: Record<string, unknown>; results: (NumpyResult & { id: string })[] };
        this.meta ??= out.meta;
        resolve(new Map(out.results.map((r) => [r.id, r])));
      };
      this.child.stdin.write(JSON.stringify({ minSeconds: timing.minSeconds, maxReps: timing.maxReps, jobs }) + '\n');
    });
  }

  close(): void {
    this.child.stdin.end();
  }
}

function relMaxDiff(ours: Float64Array, ref: number[] | undefined): number | null {
  if (ref === undefined) return null;
  if (ref.length !== ours.length) return Infinity;
  let scale = 0;
  let diff = 0;
  for (let k = 0; k < ref.length; k++) {
    scale = Math.max(scale, Math.abs(ref[k]));
    diff = Math.max(diff, Math.abs(ours[k] - ref[k]));
  }
  return Number.isNaN(diff) ? Infinity : diff / (scale > 0 ? scale : 1);
}

function runOurs(p: PreparedCase, entry: BackendEntry, np: NumpyResult | undefined, timing: TimingOptions): BenchRow {
  const goalSpec = p.c.goals?.find((g) => g.backend === entry.name);
  const row: BenchRow = {
    group: p.group.name,
    op: p.c.op,
    shape: p.c.shape,
    backend: entry.name,
    seconds: null,
    numpySeconds: np?.seconds ?? null,
    ratio: null,
    reps: null,
    numpyReps: np?.reps ?? null,
    residual: null,
    diffVsNumpy: null,
    otherLoadPercent: null,
    numpyOtherLoadPercent: np?.otherLoadPercent ?? null,
    correct: false,
    goal: goalSpec ? { minRatio: goalSpec.minRatio, met: null } : null,
  };
  if (entry.backend === undefined) {
    row.error = entry.note;
    return row;
  }
  try {
    const fn = p.c.prepare(entry.backend, p.c.inputs);
    const cpu0 = process.cpuUsage();
    const meter = startLoadMeter();
    const t = timeBest(fn, timing);
    row.otherLoadPercent = meter.stop(ownCpuSeconds(cpu0)) ?? null;
    const check = p.c.check(t.result, p.c.inputs);
    row.seconds = t.seconds;
    row.reps = t.reps;
    row.residual = check.residual;
    row.diffVsNumpy = relMaxDiff(check.summary, np?.summary);
    row.correct =
      Number.isFinite(check.residual) &&
      check.residual <= (p.c.residualLimit ?? DEFAULT_RESIDUAL_LIMIT) &&
      (row.diffVsNumpy === null || row.diffVsNumpy <= SUMMARY_LIMIT);
    if (row.numpySeconds !== null) row.ratio = row.numpySeconds / t.seconds;
    if (row.goal && row.ratio !== null) row.goal.met = row.ratio >= row.goal.minRatio;
  } catch (e) {
    row.error = `${(e as Error).name}: ${(e as Error).message}`;
  }
  return row;
}

const fmtSec = (s: number | null): string => (s === null ? '—' : s >= 1 ? `${s.toFixed(3)} s` : s >= 1e-3 ? `${(s * 1e3).toFixed(2)} ms` : `${(s * 1e6).toFixed(1)} µs`);
const fmtPct = (x: number | null): string => (x === null ? '—' : x.toFixed(0));
const fmtE = (x: number | null): string => (x === null ? '—' : x.toExponential(1));

function table(rows: BenchRow[]): string {
  const header = ['op', 'shape', 'backend', 'ours (best)', 'n', 'numpy (best)', 'n', 'ratio', 'residual', 'Δ vs numpy', 'others% us/np', 'goal'];
  const body = rows.map((r) => [
    r.op,
    r.shape,
    r.backend,
    fmtSec(r.seconds),
    r.reps === null ? '' : String(r.reps),
    fmtSec(r.numpySeconds),
    r.numpyReps === null ? '' : String(r.numpyReps),
    r.ratio === null ? '—' : r.ratio.toFixed(3),
    fmtE(r.residual),
    fmtE(r.diffVsNumpy),
    `${fmtPct(r.otherLoadPercent)}/${fmtPct(r.numpyOtherLoadPercent)}`,
    (r.error !== undefined ? `ERROR ${r.error}` : r.correct ? '' : 'WRONG ') +
      (r.goal === null ? '' : `≥ ${r.goal.minRatio}: ${r.goal.met === null ? 'n/a' : r.goal.met ? 'met' : 'NOT MET'}`),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => (i === header.length - 1 ? 0 : b[i].length))));
  const line = (cells: string[]): string =>
    cells.map((c, i) => (i === cells.length - 1 ? c : i >= 3 && i <= 10 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

async function main(): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    return 2;
  }
  const log = (s: string): void => void (args.json ? process.stderr : process.stdout).write(s + '\n');
  const timing: TimingOptions = args.quick ? { minSeconds: 0.2, maxReps: 5 } : { minSeconds: 0.5, maxReps: 10 };

  const background = await backgroundBusyPercent();
  const backends = await loadBackends(args.backend, args.threads);
  const selected = BENCH_GROUPS.flatMap((group) =>
    group
      .cases({ quick: args.quick })
      .filter((c) => args.only === undefined || args.only.includes(c.op) || args.only.includes(group.name))
      .map((c) => ({ group, c })),
  );
  if (selected.length === 0) {
    process.stderr.write(`bench: --only ${args.only?.join(',')} matches no benchmark.\n`);
    return 2;
  }

  const usable = backends.filter((b) => b.backend !== undefined);
  if (usable.length === 0) {
    process.stderr.write(`bench: no backend to run (${backends.map((b) => `${b.name}: ${b.note}`).join('; ')}).\n`);
    return 2;
  }

  const dir = mkdtempSync(join(tmpdir(), 'lazyrich-bench-'));
  const rows: BenchRow[] = [];
  const workers = new Map<string, NumpyWorker>();
  let numpyUnavailable: string | undefined;
  const start = sampleCpu();
  try {
    const prepared = writeInputs(selected, dir);
    for (const p of prepared) {
      // NumPy first, then each of our backends, back to back for this case.
      let np: NumpyResult | undefined;
      if (numpyUnavailable === undefined) {
        let worker = workers.get(p.group.numpyScript);
        if (worker === undefined) workers.set(p.group.numpyScript, (worker = new NumpyWorker(p.group.numpyScript, args.threads)));
        try {
          await settle();
          const cpu0 = process.cpuUsage();
          const meter = startLoadMeter();
          np = (await worker.request([{ id: p.id, op: p.c.numpy.op, inputs: p.files, params: p.c.numpy.params ?? {} }], timing)).get(p.id);
          const load = meter.stop(ownCpuSeconds(cpu0) + (np?.cpuSeconds ?? 0));
          if (np !== undefined && load !== undefined) np.otherLoadPercent = load;
        } catch (e) {
          numpyUnavailable = (e as Error).message;
        }
      }
      for (const b of usable) {
        await settle();
        const row = runOurs(p, b, np, timing);
        if (np?.error !== undefined) row.error = `numpy: ${np.error}`;
        rows.push(row);
        if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K  ran ${row.op} ${row.shape} ${row.backend}`);
      }
    }
  } finally {
    for (const w of workers.values()) w.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const during = busyPercent(start, sampleCpu());
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
  const meta = [...workers.values()].find((w) => w.meta !== undefined)?.meta;

  const pct = (x: number | undefined): string => (x === undefined ? 'n/a (no /proc/stat)' : `${x.toFixed(1)}%`);
  log(`lazyrich bench ${new Date().toISOString()}${args.quick ? ' (--quick)' : ''}`);
  log(`machine: ${machineSummary()}`);
  log(`CPU busy (all cores, /proc/stat): ${pct(background)} before the run (0.5 s idle sample), ${pct(during)} during it`);
  if (numpyUnavailable !== undefined) log(`numpy: unavailable — ${numpyUnavailable}; ratios are not computed`);
  else {
    const m = meta ?? {};
    log(`numpy ${String(m.numpy)} (python ${String(m.python)}), BLAS threads ${String(m.threads)}: ${String(m.config)}`);
  }
  const unset = NUMPY_UNSET_ENV.filter((k) => process.env[k] !== undefined).map((k) => `${k}=${process.env[k]}`);
  log(`numpy env: ${unset.length > 0 ? `unset for the python process (${unset.join(', ')})` : 'OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE not set'}; OPENBLAS_NUM_THREADS=${process.env.OPENBLAS_NUM_THREADS ?? 'unset'}`);
  for (const b of backends) log(`backend ${b.name}: ${b.note}`);
  log(`timing: best call after 1 warm-up, calls until ≥ ${timing.minSeconds} s total or ${timing.maxReps} calls; ratio = numpy_seconds / our_seconds (1 = parity)`);
  log(`others%: share of all cores used by other processes during our / NumPy's timing of the row (/proc/stat minus the measured process's CPU time); > ~10 means the row is noisy`);
  log(`check: probe residual ≤ the case's limit (matmul 1e-14, eigh/svd 100·n·ε) and Δ vs numpy ≤ ${SUMMARY_LIMIT}, else WRONG`);

  if (args.json) process.stdout.write(JSON.stringify(rows, null, 1) + '\n');
  else {
    log('\n' + table(rows));
    const groups = [...new Set(selected.map((x) => x.group))];
    for (const group of groups) {
      if (group.summary === undefined) continue;
      log(`\n${group.name}: ${group.description}`);
      for (const line of group.summary({ quick: args.quick })) log(`  ${line}`);
    }
  }
  // An unavailable native backend is reported in the header and skipped; a wrong or crashing kernel fails.
  return rows.some((r) => r.error !== undefined || !r.correct) ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`bench: ${(e as Error).stack ?? String(e)}\n`);
    process.exitCode = 1;
  },
);
