/**
 * `lazyrich run <config> [--out dir] [--seed n] [--json]`: the exact solution (where the model kind
 * has one) and the simulation from the same initial weights, recorded at the same times t/τ
 * (`runDocument`, src/experiments/run/). Prints whether the exact side applies (or why not), the
 * summary metrics and the labels; `--json` prints the whole RunResult (Float64Arrays as arrays).
 * `--out dir` writes `summary.json` (summary, labels, units, notes, exact, seed and the document),
 * `series.csv`, one `<name>.npy` per series column and array (float64, C order) and the figure
 * `run.svg`/`run.png`. A document with a `sweep` section belongs to `lazyrich sweep` and is refused.
 * @module
 */
import { join } from 'node:path';
import type { Command } from 'commander';
import type { CliContext } from '../main.js';
import { ConfigError } from '../../errors/index.js';
import type { ExperimentDocument } from '../../config/index.js';
import { runDocument, runFigure, runResultToJson, type RunResult } from '../../experiments/run/index.js';
import { writeNpy } from '../../io/npy.node.js';
import { documentMatrixLoader, parseSeedOption, readExperimentDocument } from '../load-config.js';
import { num } from '../format.js';
import { ensureDir, writeCsv, writeFigure, writeJson } from '../write-outputs.js';

/** Options of the `run` command. */
export interface RunCommandOptions {
  json?: boolean;
  out?: string;
  seed?: string;
}

function sweepRefusal(): ConfigError {
  return new ConfigError('sweep: this document has a sweep section; run it with lazyrich sweep (lazyrich run runs one document without a sweep).', { path: 'sweep' });
}

/** Reads and validates the document, refusing one with a `sweep` section (also an invalid one). */
function readRunDocument(file: string): ExperimentDocument {
  let doc: ExperimentDocument;
  try {
    doc = readExperimentDocument(file);
  } catch (error) {
    if (error instanceof ConfigError && (error.path === 'sweep' || error.path?.startsWith('sweep.'))) throw sweepRefusal();
    throw error;
  }
  if ((doc as { sweep?: unknown }).sweep !== undefined) throw sweepRefusal();
  return doc;
}

/**
 * Writes the run to `dir`: summary.json, series.csv, `<name>.npy` per series column and array, run.svg/png.
 * A name used by both a series column and an array gets the array written as `array_<name>.npy`.
 * @returns the paths written
 */
export function writeRunOutputs(dir: string, result: RunResult, document: unknown): string[] {
  ensureDir(dir);
  const written: string[] = [];
  written.push(
    writeJson(dir, 'summary.json', {
      kind: result.kind,
      seed: result.seed,
      exact: result.exact,
      summary: result.summary,
      labels: result.labels,
      units: result.units,
      notes: result.notes,
      series: Object.keys(result.series.columns),
      arrays: Object.fromEntries(Object.entries(result.arrays).map(([k, a]) => [k, a.shape])),
      document,
    }),
  );
  const { t, columns } = result.series;
  written.push(writeCsv(dir, 'series.csv', { t: Array.from(t), ...Object.fromEntries(Object.entries(columns).map(([k, v]) => [k, Array.from(v)])) }));
  const npy = (name: string, data: Float64Array, shape: number[]) => {
    const path = join(dir, `${name}.npy`);
    writeNpy(path, data, shape);
    written.push(path);
  };
  npy('t', t, [t.length]);
  for (const [name, values] of Object.entries(columns)) npy(name, values, [values.length]);
  for (const [name, a] of Object.entries(result.arrays)) npy(name in columns || name === 't' ? `array_${name}` : name, a.data, a.shape);
  written.push(...writeFigure(dir, 'run', runFigure(result)));
  return written;
}

function describePlan(doc: ExperimentDocument): string {
  const train = doc.train;
  if (!train) return '';
  if (train.method === 'flow') return `gradient flow (DOP853, rtol ${train.rtol ?? 1e-10}, atol ${train.atol ?? 1e-12})`;
  const rate = train.learningRates ? `η = [${train.learningRates.join(', ')}]` : `η = ${train.learningRate}`;
  return `${train.method === 'gd' ? 'gradient descent' : `SGD (batch ${train.batchSize})`}, ${rate}`;
}

/** The summary table: metric (left), value, meaning (from units). */
function summaryLines(result: RunResult): string[] {
  const rows = Object.entries(result.summary).map(([k, v]) => [k, v === null ? '—' : num(v, 0).trim(), result.units[k] ?? '']);
  const w0 = Math.max(6, ...rows.map((r) => r[0].length));
  const w1 = Math.max(5, ...rows.map((r) => r[1].length));
  return [`${'metric'.padEnd(w0)}  ${'value'.padStart(w1)}  meaning`, ...rows.map(([k, v, u]) => `${k.padEnd(w0)}  ${v.padStart(w1)}  ${u}`.trimEnd())];
}

/** Runs `run` and returns what it prints (exported for tests). */
export function runRun(file: string, opts: RunCommandOptions): string {
  const seed = parseSeedOption(opts.seed);
  const doc = readRunDocument(file);
  const result = runDocument(doc, { ...(seed !== undefined ? { seed } : {}), loadMatrix: documentMatrixLoader(file) });
  const written = opts.out ? writeRunOutputs(opts.out, result, doc) : [];
  if (opts.json) return JSON.stringify(runResultToJson(result)) + '\n';
  const s = result.summary;
  const lines = [
    `run: ${result.kind}, ${describePlan(doc)}, ${s.steps === null ? '' : `${s.steps} steps, `}t/τ up to ${num(s.tEnd ?? 0, 0).trim()}, seed ${result.seed}; time t/τ (GD step k ↔ t = k·η)`,
    result.exact.available ? `exact side: ${result.exact.what}.` : `exact side not available: ${result.exact.reason.replace(/[.\s]+$/, '')}. The simulation ran alone.`,
    '',
    ...summaryLines(result),
  ];
  const labels = Object.entries(result.labels);
  if (labels.length > 0) lines.push('', `labels: ${labels.map(([k, v]) => `${k} = ${v}`).join(', ')}`);
  for (const note of result.notes) lines.push(`note: ${note}`);
  if (written.length > 0) lines.push('', `wrote ${written.length} files to ${opts.out}: summary.json, series.csv, run.svg, run.png and ${written.filter((w) => w.endsWith('.npy')).length} .npy files`);
  return lines.join('\n') + '\n';
}

/** Registers `lazyrich run`. */
export function registerRun(program: Command, ctx: CliContext): void {
  program
    .command('run')
    .description('run a config: the simulation and, where the model has one, the exact solution from the same initial weights; summary metrics and series')
    .argument('<config>', 'experiment document (JSON or YAML) without a sweep section')
    .option('--json', 'print the whole result as one JSON object')
    .option('--out <dir>', 'also write summary.json, series.csv, one .npy per series and array, and run.svg/run.png to this folder')
    .option('--seed <n>', 'seed of every random draw without its own seed (overrides the document)')
    .action((config: string, opts: RunCommandOptions) => {
      ctx.backend();
      ctx.io.out(runRun(config, opts));
    });
}
