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
}

/** The outcome of `reproduce`: what to print and the exit code. */
export interface ReproduceOutcome {
  out: string;
  err: string;
  exitCode: number;
}

/**
 * Runs `reproduce` against a registry (the real one by default; tests inject their own).
 */
export function runReproduce(id: string, opts: ReproduceOptions, registry: readonly Experiment[] = registeredExperiments): ReproduceOutcome {
  const budget = (opts.budget ?? 'quick') as Budget;
  if (budget !== 'quick' && budget !== 'paper') {
    throw new ConfigError(`--budget: expected "quick" or "paper", got "${opts.budget}".`, { path: '--budget' });
  }
  const seed = parseSeedOption(opts.seed) ?? 0;
  if (id === 'list') {
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
  const outRoot = opts.out ?? 'out';
  const data = cliExperimentData(opts.data);
  const outLines: string[] = [];
  const errLines: string[] = [];
  for (const exp of chosen) {
    const result = exp.run({ budget, seed, data });
    const dir = join(outRoot, ...exp.id.split('/'));
    const files = writeResult(dir, exp, result, { budget, seed });
    const failed = result.checks.filter((c) => !c.pass);
    outLines.push(`${exp.id}: ${result.checks.length - failed.length}/${result.checks.length} checks passed; wrote ${files.length} files to ${dir} (report.md)`);
    for (const c of failed) errLines.push(`lazyrich: ${exp.id}: check failed: ${c.name}: ours ${c.ours}, paper ${c.paper}, tolerance ${c.tolerance}.`);
  }
  if (chosen.length === 0) outLines.push('no experiments are registered yet');
  return { out: outLines.join('\n') + '\n', err: errLines.length > 0 ? errLines.join('\n') + '\n' : '', exitCode: errLines.length > 0 ? EXIT_CHECKS_FAILED : 0 };
}

export function registerReproduce(program: Command, ctx: CliContext, registry: readonly Experiment[] = registeredExperiments): void {
  program
    .command('reproduce')
    .description('reproduce a paper experiment: figures (SVG, PNG), data (CSV, JSON) and report.md; "list" lists ids, "all" runs all; exit 1 if a check fails')
    .argument('<id>', 'experiment id (e.g. lazy-to-rich/fig2), "list" or "all"')
    .option('--out <dir>', 'output folder (default out/); files go to <out>/<id>/', 'out')
    .option('--budget <budget>', 'quick (minutes) or paper (the paper\'s protocol)', 'quick')
    .option('--seed <n>', 'seed of every random draw', '0')
    .option('--data <dir>', 'folder of the Fashion-MNIST IDX files for the experiments that use them (default $LAZYRICH_FASHION_MNIST, else /usr/share/datasets/fashion-mnist)')
    .action((id: string, opts: ReproduceOptions) => {
      ctx.backend();
      const r = runReproduce(id, opts, registry);
      ctx.io.out(r.out);
      if (r.err) ctx.io.err(r.err);
      if (r.exitCode !== 0) ctx.exitCode = r.exitCode;
    });
}
