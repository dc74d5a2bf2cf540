/**
 * `npm run bench` — our kernels side by side with NumPy, in one run, on the same matrices.
 *
 * Usage: `npm run bench -- [--only matmul,eigh] [--backend js|native] [--quick] [--json]`
 *
 * **Method.** Every case's inputs are generated in TypeScript from fixed seeds (`./inputs.ts`),
 * written as `.npy` files to a temporary folder with `writeNpy`, read back with `readNpyMatrix`
 * (checked bit-identical, so the npy code is exercised too) and loaded by NumPy with `np.load`;
 * both sides therefore time the very same numbers. The NumPy side is one `python3` process per
 * group script (`bench/numpy_linalg.py`), run before ours so the two never compete for the CPU.
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
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LinalgBackend } from '../src/linalg/backend.js';
import type { Matrix } from '../src/linalg/matrix.js';
import { readNpyMatrix, writeNpy } from '../src/io/npy.node.js';
import { BENCH_GROUPS, type BenchCase, type BenchGroup } from './registry.js';
import { backgroundBusyPercent, busyPercent, machineSummary, sampleCpu, timeBest, type TimingOptions } from './machine.js';

/** Residual limit of a case that sets none, and the largest summary difference from NumPy accepted. */
const DEFAULT_RESIDUAL_LIMIT = 1e-10;
const SUMMARY_LIMIT = 1e-8;
/** Environment variables removed for the NumPy process (see the module comment). */
const NUMPY_UNSET_ENV = ['OPENBLAS_CORETYPE', 'OPENBLAS_L2_SIZE'];

interface Args {
  only: string[] | undefined;
  backend: 'js' | 'native' | undefined;
  quick: boolean;
  json: boolean;
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
  /** false when the check failed or the op threw. */
  correct: boolean;
  goal: { minRatio: number; met: boolean | null } | null;
  error?: string;
}

function usage(): string {
  return 'usage: npm run bench -- [--only op1,op2] [--backend js|native] [--quick] [--json]';
}

function parseArgs(argv: string[]): Args {
  const args: Args = { only: undefined, backend: undefined, quick: false, json: false };
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

async function loadBackends(which: Args['backend']): Promise<BackendEntry[]> {
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
      const { tryLoadNativeBackend, nativeThreads } = await import('../src/linalg/native/index.js');
      const r = tryLoadNativeBackend();
      if (r.ok) {
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
  summary?: number[];
  error?: string;
}
interface NumpyRun {
  meta: Record<string, unknown> | undefined;
  results: Map<string, NumpyResult>;
  /** Why NumPy could not run at all. */
  unavailable?: string;
}

function runNumpy(prepared: PreparedCase[], timing: TimingOptions): NumpyRun {
  const results = new Map<string, NumpyResult>();
  let meta: Record<string, unknown> | undefined;
  const env = { ...process.env };
  for (const k of NUMPY_UNSET_ENV) delete env[k];
  const root = new URL('..', import.meta.url).pathname;
  for (const script of new Set(prepared.map((p) => p.group.numpyScript))) {
    const jobs = prepared
      .filter((p) => p.group.numpyScript === script)
      .map((p) => ({ id: p.id, op: p.c.numpy.op, inputs: p.files, params: p.c.numpy.params ?? {} }));
    const r = spawnSync('python3', [join(root, script)], {
      input: JSON.stringify({ minSeconds: timing.minSeconds, maxReps: timing.maxReps, jobs }),
      encoding: 'utf8',
      env,
      maxBuffer: 256 * 1024 * 1024,
    });
    if (r.error) return { meta, results, unavailable: `python3 could not be started (${r.error.message})` };
    if (r.status !== 0) {
      const last = r.stderr.trim().split('\n').pop() ?? '';
      return { meta, results, unavailable: `${script} failed with exit code ${r.status}: ${last}` };
    }
    const out = JSON.parse(r.stdout) as { meta: Record<string, unknown>; results: (NumpyResult & { id: string })[] };
    meta ??= out.meta;
    for (const x of out.results) results.set(x.id, x);
  }
  return { meta, results };
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
    correct: false,
    goal: goalSpec ? { minRatio: goalSpec.minRatio, met: null } : null,
  };
  if (entry.backend === undefined) {
    row.error = entry.note;
    return row;
  }
  try {
    const fn = p.c.prepare(entry.backend, p.c.inputs);
    const t = timeBest(fn, timing);
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
const fmtE = (x: number | null): string => (x === null ? '—' : x.toExponential(1));

function table(rows: BenchRow[]): string {
  const header = ['op', 'shape', 'backend', 'ours (best)', 'n', 'numpy (best)', 'n', 'ratio', 'residual', 'Δ vs numpy', 'goal'];
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
    (r.error !== undefined ? `ERROR ${r.error}` : r.correct ? '' : 'WRONG ') +
      (r.goal === null ? '' : `≥ ${r.goal.minRatio}: ${r.goal.met === null ? 'n/a' : r.goal.met ? 'met' : 'NOT MET'}`),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => (i === header.length - 1 ? 0 : b[i].length))));
  const line = (cells: string[]): string =>
    cells.map((c, i) => (i === cells.length - 1 ? c : i >= 3 && i <= 9 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
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
  const backends = await loadBackends(args.backend);
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
  let np: NumpyRun;
  const start = sampleCpu();
  try {
    const prepared = writeInputs(selected, dir);
    np = runNumpy(prepared, timing);
    for (const p of prepared) {
      for (const b of usable) {
        const row = runOurs(p, b, np.results.get(p.id), timing);
        if (np.results.get(p.id)?.error) row.error = `numpy: ${np.results.get(p.id)?.error}`;
        rows.push(row);
        if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K  ran ${row.op} ${row.shape} ${row.backend}`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const during = busyPercent(start, sampleCpu());
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');

  const pct = (x: number | undefined): string => (x === undefined ? 'n/a (no /proc/stat)' : `${x.toFixed(1)}%`);
  log(`lazyrich bench ${new Date().toISOString()}${args.quick ? ' (--quick)' : ''}`);
  log(`machine: ${machineSummary()}`);
  log(`CPU busy (all cores, /proc/stat): ${pct(background)} before the run (0.5 s idle sample), ${pct(during)} during it`);
  if (np.unavailable !== undefined) log(`numpy: unavailable — ${np.unavailable}; ratios are not computed`);
  else {
    const m = np.meta ?? {};
    log(`numpy ${String(m.numpy)} (python ${String(m.python)}), BLAS threads ${String(m.threads)}: ${String(m.config)}`);
  }
  const unset = NUMPY_UNSET_ENV.filter((k) => process.env[k] !== undefined).map((k) => `${k}=${process.env[k]}`);
  log(`numpy env: ${unset.length > 0 ? `unset for the python process (${unset.join(', ')})` : 'OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE not set'}; OPENBLAS_NUM_THREADS=${process.env.OPENBLAS_NUM_THREADS ?? 'unset'}`);
  for (const b of backends) log(`backend ${b.name}: ${b.note}`);
  log(`timing: best call after 1 warm-up, calls until ≥ ${timing.minSeconds} s total or ${timing.maxReps} calls; ratio = numpy_seconds / our_seconds (1 = parity)`);
  log(`check: probe residual ≤ the case's limit (matmul 1e-14, eigh/svd 100·n·ε) and Δ vs numpy ≤ ${SUMMARY_LIMIT}, else WRONG`);

  if (args.json) process.stdout.write(JSON.stringify(rows, null, 1) + '\n');
  else log('\n' + table(rows));
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
