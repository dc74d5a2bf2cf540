/**
 * `lazyrich reproduce <id|list|all> [--out dir] [--budget quick|paper] [--seed n]`: runs registered
 * experiments (`src/experiments/registry.ts`) and writes, per experiment, `<out>/<id>/`: each figure
 * as SVG and PNG, each table as CSV and JSON, and `report.md` (the checks table — paper / ours /
 * tolerance / pass — with notes and links to the figures and data).
 *
 * Exit codes: 0 when every check passes; **1 when a check fails** (a failed reproduction is a
 * result, not a usage error: the files are written and the failing checks are printed); 2 for bad
 * input (unknown id, bad budget or seed).
 * @module
 */
import { cliExperimentData } from '../experiment-data.js';
import type { Command } from 'commander';
import type { CliContext } from '../main.js';
import { ConfigError } from '../../errors/index.js';
import { experiments as registeredExperiments } from '../../experiments/registry.js';
import type { Budget, Experiment, ExperimentResult } from '../../experiments/types.js';
import { closestMatch } from '../../config/index.js';
import { parseSeedOption } from '../load-config.js';
import { ensureDir, toCsv, writeFigure, writeJson, writeText } from '../write-outputs.js';
import { join } from 'node:path';
import { availableParallelism, loadavg } from 'node:os';
import { packageVersion } from '../main.js';
import {
  reportSummary,
  reproductionReportHtml,
  reproductionReportMarkdown,
  type ReportEntry,
  type ReproductionReport,
} from '../../experiments/report.js';

/** Exit code of a reproduction whose checks did not all pass. */
export const EXIT_CHECKS_FAILED = 1;

/** Escapes a Markdown table cell. */
function md(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** The Markdown report of one experiment result. */
export function reportMarkdown(exp: Experiment, result: ExperimentResult, options: { budget: Budget; seed: number }): string {
  const passed = result.checks.filter((c) => c.pass).length;
  const lines = [
    `# ${result.title}`,
    '',
    `- Experiment: \`${result.id}\``,
    `- Reproduces: ${exp.reproduces}`,
    `- Budget: ${options.budget}; seed: ${options.seed}`,
    `- Checks: ${passed}/${result.checks.length} passed`,
    '',
    '## Checks',
    '',
  ];
  if (result.checks.length === 0) lines.push('(this experiment makes no checks)');
  else {
    lines.push('| check | paper | ours | tolerance | pass |', '|---|---|---|---|---|');
    for (const c of result.checks) lines.push(`| ${md(c.name)} | ${md(c.paper)} | ${md(c.ours)} | ${md(c.tolerance)} | ${c.pass ? 'yes' : '**NO**'} |`);
  }
  if (result.notes.length > 0) {
    lines.push('', '## Notes', '');
    for (const n of result.notes) lines.push(`- ${n}`);
  }
  if (result.figures.length > 0) {
    lines.push('', '## Figures', '');
    for (const f of result.figures) lines.push(`![${md(f.caption)}](${f.name}.svg)`, '', `*${f.caption}* ([SVG](${f.name}.svg), [PNG](${f.name}.png))`, '');
  }
  if (result.tables.length > 0) {
    lines.push('', '## Data', '');
    for (const t of result.tables) lines.push(`- ${t.name}: [CSV](${t.name}.csv), [JSON](${t.name}.json)`);
  }
  return lines.join('\n') + '\n';
}

/** Writes every output of one result into `dir`; returns the file paths. */
export function writeResult(dir: string, exp: Experiment, result: ExperimentResult, options: { budget: Budget; seed: number }): string[] {
  ensureDir(dir);
  const files: string[] = [];
  for (const f of result.figures) files.push(...writeFigure(dir, f.name, f.svg));
  for (const t of result.tables) {
    const lengths = new Set(Object.values(t.columns).map((c) => c.length));
    if (lengths.size > 1) throw new Error(`experiment ${result.id}: table ${t.name} has columns of different lengths`);
    files.push(writeText(dir, `${t.name}.csv`, toCsv(t.columns)));
    files.push(writeJson(dir, `${t.name}.json`, { columns: t.columns, units: t.units ?? {} }));
  }
  files.push(writeJson(dir, 'checks.json', { id: result.id, budget: options.budget, seed: options.seed, checks: result.checks, notes: result.notes }));
  files.push(writeText(dir, 'report.md', reportMarkdown(exp, result, options)));
  return files;
}

/** Options of {@link runReproduce}. */
export interface ReproduceOptions {
  out?: string;
  budget?: string;
  seed?: string;
  /** Folder of the Fashion-MNIST IDX files (default $LAZYRICH_FASHION_MNIST, else Debian's). */
  data?: string;
  /** Print one JSON summary object on stdout instead of the text lines (see {@link ReproduceSummary}). */
  json?: boolean;
}

/**
 * What `runReproduce` reads from its surroundings, injectable for tests: the clock, the machine
 * facts written into the report's metadata, and where progress lines go as experiments finish.
 */
export interface ReproduceEnvironment {
  /** Milliseconds, monotonic (default `performance.now`). */
  now?: () => number;
  /** The start date (default `new Date()`). */
  date?: () => Date;
  /** CPU time of this process so far in milliseconds (default `process.cpuUsage()`, user + system). */
  cpu?: () => number;
  /** Logical CPU cores (default `os.availableParallelism()`). */
  cores?: number;
  /** Backend in use, e.g. `"native (OpenBLAS found at …)"` (default `"unknown"`). */
  backend?: string;
  /** lazyrich version (default package.json's). */
  version?: string;
  /** The command line for the report's metadata. */
  command?: string;
  /** Receives each experiment's line as soon as it finishes (else the lines are returned in `out`). */
  progress?: (line: string) => void;
}

/** The `--json` summary of a reproduce run (one object on stdout). */
export interface ReproduceSummary {
  budget: Budget;
  seed: number;
  version: string;
  backend: string;
  cores: number;
  date: string;
  /** Wall time of the whole run in seconds, and the sum of the per-experiment run times. */
  totalSeconds: number;
  sumSeconds: number;
  /** CPU time (user + system) of the whole run, and the sum over the experiments, in seconds. */
  cpuSeconds: number;
  sumCpuSeconds: number;
  checks: { passed: number; total: number };
  experiments: { id: string; seconds: number; cpuSeconds: number; passed: number; total: number; error?: string; dir: string;
    failed: { name: string; paper: string; ours: string; tolerance: string }[] }[];
  /** Paths of the one report (`all` only). */
  report?: { markdown: string; html: string };
}

/** The outcome of `reproduce`: what to print and the exit code. */
export interface ReproduceOutcome {
  out: string;
  err: string;
  exitCode: number;
}

/**
 * Runs `reproduce` against a registry (the real one by default; tests inject their own). With
 * `all`, an experiment that throws is recorded as a failed experiment (its error in the report) and
 * the others still run, and the one report is written: `<out>/report.md` and the self-contained
 * `<out>/report.html` (built by `src/experiments/report.ts`).
 * @example
 * // The real registry is the default; here a one-experiment registry of our own.
 * const registry = [{ id: 'demo/one', title: 'Demo', reproduces: 'A paper, Fig. 1', run: () => ({
 *   id: 'demo/one', title: 'Demo', figures: [], tables: [], notes: [],
 *   checks: [{ name: 'value', paper: '1', ours: '1', tolerance: 'exact', pass: true }] }) }];
 * const r = runReproduce('all', { out: 'reproduced' }, registry, { progress: () => {} });
 * r.exitCode; // → 0 (1 when a check fails)
 * r.out.startsWith('1/1 checks passed in 1 experiments'); // → true (report: reproduced/report.md, reproduced/report.html)
 */
export function runReproduce(
  id: string,
  opts: ReproduceOptions,
  registry: readonly Experiment[] = registeredExperiments,
  env: ReproduceEnvironment = {},
): ReproduceOutcome {
  const budget = (opts.budget ?? 'quick') as Budget;
  if (budget !== 'quick' && budget !== 'paper') {
    throw new ConfigError(`--budget: expected "quick" or "paper", got "${opts.budget}".`, { path: '--budget' });
  }
  const seed = parseSeedOption(opts.seed) ?? 0;
  if (id === 'list') {
    if (opts.json) return { out: JSON.stringify(registry.map((e) => ({ id: e.id, title: e.title, reproduces: e.reproduces }))) + '\n', err: '', exitCode: 0 };
    if (registry.length === 0) return { out: 'no experiments are registered yet\n', err: '', exitCode: 0 };
    const w = Math.max(...registry.map((e) => e.id.length));
    return { out: registry.map((e) => `${e.id.padEnd(w)}  ${e.title} (${e.reproduces})`).join('\n') + '\n', err: '', exitCode: 0 };
  }
  let chosen: readonly Experiment[];
  if (id === 'all') chosen = registry;
  else {
    const found = registry.find((e) => e.id === id);
    if (!found) {
      const ids = registry.map((e) => e.id);
      const guess = closestMatch(id, ids) ?? ids.find((x) => x.endsWith(`/${id}`));
      throw new ConfigError(
        `unknown experiment "${id}"${guess ? ` (did you mean "${guess}"?)` : ''}; run "lazyrich reproduce list" for the ${ids.length} known ids.`,
        { path: 'experiment' },
      );
    }
    chosen = [found];
  }
  const now = env.now ?? (() => performance.now());
  const cpuNow = env.cpu ?? (() => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  });
  const start = now();
  const cpuStart = cpuNow();
  const date = (env.date ?? (() => new Date()))();
  const outRoot = opts.out ?? 'out';
  if (id === 'all') ensureDir(outRoot);
  const data = cliExperimentData(opts.data);
  const outLines: string[] = [];
  const errLines: string[] = [];
  const entries: ReportEntry[] = [];
  const dirs: string[] = [];
  const say = (line: string) => (env.progress ? env.progress(line) : outLines.push(line));
  for (const [k, exp] of chosen.entries()) {
    const dir = join(outRoot, ...exp.id.split('/'));
    const t0 = now();
    const c0 = cpuNow();
    let result: ExperimentResult | undefined;
    let error: string | undefined;
    try {
      result = exp.run({ budget, seed, data });
    } catch (e) {
      // One experiment's failure must not lose the others' results in `all`; alone, it propagates.
      if (id !== 'all') throw e;
      error = e instanceof Error ? e.message : String(e);
    }
    const seconds = (now() - t0) / 1000;
    const cpuSeconds = (cpuNow() - c0) / 1000;
    entries.push({ id: exp.id, title: exp.title, reproduces: exp.reproduces, seconds, cpuSeconds, ...(result ? { result } : { error: error as string }), dir: exp.id });
    dirs.push(dir);
    const prefix = chosen.length > 1 ? `[${k + 1}/${chosen.length}] ` : '';
    if (result === undefined) {
      say(`${prefix}${exp.id}: stopped with an error after ${seconds.toFixed(1)} s: ${error}`);
      errLines.push(`lazyrich: ${exp.id}: the experiment stopped with an error: ${error}`);
      continue;
    }
    const files = writeResult(dir, exp, result, { budget, seed });
    const failed = result.checks.filter((c) => !c.pass);
    say(`${prefix}${exp.id}: ${result.checks.length - failed.length}/${result.checks.length} checks passed; wrote ${files.length} files to ${dir} (report.md); ran in ${seconds.toFixed(1)} s (CPU ${cpuSeconds.toFixed(1)} s)`);
    for (const c of failed) errLines.push(`lazyrich: ${exp.id}: check failed: ${c.name}: ours ${c.ours}, paper ${c.paper}, tolerance ${c.tolerance}.`);
  }
  if (chosen.length === 0) outLines.push('no experiments are registered yet');
  const backend = env.backend ?? 'unknown';
  const version = env.version ?? packageVersion();
  const cores = env.cores ?? availableParallelism();
  const report: ReproductionReport = {
    metadata: {
      date: date.toISOString(),
      budget,
      seed,
      version,
      backend,
      cores,
      totalSeconds: (now() - start) / 1000,
      cpuSeconds: (cpuNow() - cpuStart) / 1000,
      node: process.version,
      loadAverage: loadavg()[0],
      ...(env.command !== undefined ? { command: env.command } : {}),
    },
    entries,
  };
  let reportPaths: { markdown: string; html: string } | undefined;
  if (id === 'all') {
    // The total includes every experiment's file writing; the report files themselves are instant.
    report.metadata.totalSeconds = (now() - start) / 1000;
    report.metadata.cpuSeconds = (cpuNow() - cpuStart) / 1000;
    reportPaths = {
      markdown: writeText(outRoot, 'report.md', reproductionReportMarkdown(report)),
      html: writeText(outRoot, 'report.html', reproductionReportHtml(report)),
    };
    const s = reportSummary(report);
    outLines.push(
      `${s.passed}/${s.total} checks passed in ${s.experiments} experiments; total ${report.metadata.totalSeconds.toFixed(1)} s (sum of the experiments ${s.sumSeconds.toFixed(1)} s; CPU ${(report.metadata.cpuSeconds ?? 0).toFixed(1)} s); report: ${reportPaths.markdown}, ${reportPaths.html}`,
    );
  }
  const exitCode = errLines.length > 0 ? EXIT_CHECKS_FAILED : 0;
  if (opts.json) {
    const s = reportSummary(report);
    const summary: ReproduceSummary = {
      budget,
      seed,
      version,
      backend,
      cores,
      date: report.metadata.date,
      totalSeconds: report.metadata.totalSeconds,
      sumSeconds: s.sumSeconds,
      cpuSeconds: report.metadata.cpuSeconds ?? 0,
      sumCpuSeconds: entries.reduce((a, e) => a + (e.cpuSeconds ?? 0), 0),
      checks: { passed: s.passed, total: s.total },
      experiments: entries.map((e, i) => ({
        id: e.id,
        seconds: e.seconds,
        cpuSeconds: e.cpuSeconds ?? 0,
        passed: e.result ? e.result.checks.filter((c) => c.pass).length : 0,
        total: e.result ? e.result.checks.length : 1,
        ...(e.error !== undefined ? { error: e.error } : {}),
        dir: dirs[i],
        failed: (e.result?.checks ?? []).filter((c) => !c.pass).map(({ name, paper, ours, tolerance }) => ({ name, paper, ours, tolerance })),
      })),
      ...(reportPaths ? { report: reportPaths } : {}),
    };
    return { out: JSON.stringify(summary) + '\n', err: errLines.length > 0 ? errLines.join('\n') + '\n' : '', exitCode };
  }
  return { out: outLines.length > 0 ? outLines.join('\n') + '\n' : '', err: errLines.length > 0 ? errLines.join('\n') + '\n' : '', exitCode };
}

/**
 * Registers `lazyrich reproduce <id|list|all>` on `program` (a test may inject its own registry).
 */
export function registerReproduce(program: Command, ctx: CliContext, registry: readonly Experiment[] = registeredExperiments): void {
  program
    .command('reproduce')
    .description('reproduce a paper experiment: figures (SVG, PNG), data (CSV, JSON) and report.md; "list" lists ids, "all" runs all and writes one report (report.md, report.html); exit 1 if a check fails')
    .argument('<id>', 'experiment id (e.g. lazy-to-rich/fig2), "list" or "all"')
    .option('--out <dir>', 'output folder (default out/); files go to <out>/<id>/, the "all" report to <out>/report.md and report.html', 'out')
    .option('--budget <budget>', 'quick (minutes) or paper (the paper\'s protocol)', 'quick')
    .option('--seed <n>', 'seed of every random draw', '0')
    .option('--data <dir>', 'folder of the Fashion-MNIST IDX files for the experiments that use them (default $LAZYRICH_FASHION_MNIST, else /usr/share/datasets/fashion-mnist)')
    .option('--json', 'print one JSON summary (checks, times, files) instead of text lines')
    .action((id: string, opts: ReproduceOptions) => {
      const selection = ctx.backend();
      const backend = selection && typeof selection.name === 'string' ? `${selection.name} (${selection.reason})` : 'unknown';
      const r = runReproduce(id, opts, registry, {
        backend,
        command: ['lazyrich reproduce', id, ...(opts.budget ? ['--budget', opts.budget] : []), ...(opts.seed ? ['--seed', opts.seed] : [])].join(' '),
        // Text mode: one line per finished experiment as it happens (a long `all` is never silent).
        ...(opts.json ? {} : { progress: (line: string) => ctx.io.out(line + '\n') }),
      });
      ctx.io.out(r.out);
      if (r.err) ctx.io.err(r.err);
      if (r.exitCode !== 0) ctx.exitCode = r.exitCode;
    });
}
