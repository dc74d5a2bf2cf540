/**
 * `lazyrich slurm <config> --shards n [--out dir] [--partition p] [--time hh:mm:ss]
 * [--cpus-per-task c] [--mem m] [--script file] [--submit] [--json]`: writes the Slurm scripts of a
 * sharded sweep (see ../slurm/script.ts): a job array whose task i runs
 * `lazyrich sweep <config> --out <out>/shard-i --shard i/n --workers $SLURM_CPUS_PER_TASK`, a merge
 * job joining the shard stores into `<out>`, and a submit wrapper. With `--submit` it runs
 * `sbatch --parsable` for both (the merge with `--dependency=afterok:<array job>`) and prints the
 * job ids. The Node executable and the lazyrich bin are embedded as absolute paths.
 * @module
 */
import { accessSync, constants, writeFileSync, chmodSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { basename, delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import type { CliContext } from '../main.js';
import { ConfigError, LazyrichError } from '../../errors/index.js';
import { ensureDir } from '../write-outputs.js';
import { defaultStoreDir, readSweepDocument } from '../sweep/run-sweep.js';
import { expandSweep } from '../../experiments/sweep/index.js';
import {
  jobNameFromConfig,
  parsePartition,
  parsePositiveInteger,
  parseShardCount,
  parseSlurmMemory,
  parseSlurmTime,
  slurmScripts,
  type SlurmScriptOptions,
} from '../slurm/script.js';

/** Options of `lazyrich slurm` as commander passes them. */
export interface SlurmCommandOptions {
  shards?: string;
  out?: string;
  partition?: string;
  time?: string;
  cpusPerTask?: string;
  mem?: string;
  script?: string;
  submit?: boolean;
  json?: boolean;
}

/** What `lazyrich slurm` wrote (and, with --submit, the job ids). */
export interface SlurmPlan {
  config: string;
  /** Points of the whole sweep (all shards). */
  points: number;
  out: string;
  shards: number;
  scripts: { array: string; merge: string; submit: string };
  logs: string;
  arrayJob?: string;
  mergeJob?: string;
}

/** Absolute path of the lazyrich bin (`bin/lazyrich.mjs` of this checkout). */
export function lazyrichBinPath(): string {
  return fileURLToPath(new URL('../../../bin/lazyrich.mjs', import.meta.url));
}

/** The executable `name` on the PATH of `env`, or undefined. */
export function findOnPath(name: string, env: Record<string, string | undefined>): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

function writeScript(path: string, text: string): void {
  try {
    writeFileSync(path, text);
    chmodSync(path, 0o755);
  } catch (cause) {
    throw new LazyrichError(`--script: cannot write "${path}" (${(cause as Error).message}); choose another path.`, { code: 'io', path, cause });
  }
}

/** Runs `sbatch --parsable …` and returns the job id (one-sentence error with sbatch's message on failure). */
function sbatch(sbatchPath: string, args: string[], env: Record<string, string | undefined>, what: string): string {
  const r = spawnSync(sbatchPath, ['--parsable', ...args], { encoding: 'utf8', env: env as NodeJS.ProcessEnv });
  const firstLine = (s: string | null | undefined): string => (s ?? '').split('\n').map((l) => l.trim()).find((l) => l !== '') ?? '';
  if (r.error || r.status !== 0) {
    const why = r.error ? r.error.message : firstLine(r.stderr) || `exit code ${r.status}`;
    throw new LazyrichError(`--submit: sbatch refused the ${what} (${why.replace(/^sbatch:\s*/, '')}).`, { code: 'slurm' });
  }
  const id = firstLine(r.stdout).split(';')[0];
  if (!/^\d+$/.test(id)) throw new LazyrichError(`--submit: sbatch printed no job id for the ${what} (got "${firstLine(r.stdout)}").`, { code: 'slurm' });
  return id;
}

/**
 * Writes the scripts (and submits them with `submit`); returns what it did. Validates every option
 * and the sweep document (expanding it, so a bad axis is reported here and not by every array task;
 * more shards than points is refused) before writing anything.
 * @example
 * import { writeFileSync } from 'node:fs';
 * writeFileSync('grid.json', JSON.stringify({
 *   model: { kind: 'scalar-width', kappa: 0.1, etaU: 1, etaW: 2 }, task: { kind: 'scalar', a: 1.5, sigmaXX: 1 },
 *   init: { kind: 'explicit', u: [0.1, 0.2], w: [0.3, -0.1] }, train: { method: 'gd', learningRate: 0.01, steps: 50 },
 *   sweep: { axes: [{ path: 'model.kappa', values: [0.1, 0.5] }] },
 * }));
 * const plan = slurmPlan('grid.json', { shards: '2', out: 'sweeps/grid', time: '01:00:00' }, {});
 * plan.scripts.submit.endsWith('/sweeps/grid/slurm/grid-submit.sh'); // → true
 * [plan.points, plan.shards]; // → [2, 2]
 */
export function slurmPlan(config: string, opts: SlurmCommandOptions, env: Record<string, string | undefined>): SlurmPlan {
  const shards = parseShardCount(opts.shards);
  const time = opts.time === undefined ? undefined : parseSlurmTime(opts.time);
  const mem = opts.mem === undefined ? undefined : parseSlurmMemory(opts.mem);
  const partition = opts.partition === undefined ? undefined : parsePartition(opts.partition);
  const cpusPerTask = opts.cpusPerTask === undefined ? 1 : parsePositiveInteger('--cpus-per-task', opts.cpusPerTask);
  const configPath = resolve(config);
  // Validate the whole sweep here, so that a mistake is reported now rather than by every array task.
  const points = expandSweep(readSweepDocument(configPath)).points.length;
  if (shards > points) {
    throw new ConfigError(`--shards: ${shards} shards for a sweep of ${points} point${points === 1 ? '' : 's'} would leave ${shards - points} shard${shards - points === 1 ? '' : 's'} empty; use at most ${points}.`, { path: '--shards' });
  }
  const name = jobNameFromConfig(configPath);
  const out = resolve(opts.out ?? defaultStoreDir(configPath));
  const arrayScript = opts.script === undefined ? join(out, 'slurm', `${name}.sbatch`) : resolve(opts.script);
  const stem = basename(arrayScript).replace(/\.(sbatch|slurm|sh)$/i, '');
  const mergeScript = join(dirname(arrayScript), `${stem}-merge.sbatch`);
  const submitScript = join(dirname(arrayScript), `${stem}-submit.sh`);
  const logDir = join(out, 'slurm', 'logs');
  const sbatchPath = opts.submit ? findOnPath('sbatch', env) : undefined;
  if (opts.submit && sbatchPath === undefined) {
    throw new LazyrichError(`--submit: sbatch is not on PATH, so nothing can be submitted here; run this on a Slurm login node or drop --submit and run the submit script there.`, { code: 'slurm' });
  }
  const options: SlurmScriptOptions = {
    config: configPath,
    shards,
    out,
    node: process.execPath,
    bin: lazyrichBinPath(),
    logDir,
    arrayScript,
    mergeScript,
    jobName: name,
    cpusPerTask,
    ...(partition !== undefined ? { partition } : {}),
    ...(time !== undefined ? { time } : {}),
    ...(mem !== undefined ? { mem } : {}),
  };
  const scripts = slurmScripts(options);
  ensureDir(logDir);
  ensureDir(dirname(arrayScript));
  writeScript(arrayScript, scripts.array);
  writeScript(mergeScript, scripts.merge);
  writeScript(submitScript, scripts.submit);
  const plan: SlurmPlan = { config: configPath, points, out, shards, scripts: { array: arrayScript, merge: mergeScript, submit: submitScript }, logs: logDir };
  if (sbatchPath !== undefined) {
    plan.arrayJob = sbatch(sbatchPath, [arrayScript], env, 'array job');
    try {
      plan.mergeJob = sbatch(sbatchPath, [`--dependency=afterok:${plan.arrayJob}`, mergeScript], env, 'merge job');
    } catch (error) {
      const why = (error as Error).message.replace(/[.\s]+$/, '');
      throw new LazyrichError(`${why}; the array job ${plan.arrayJob} was submitted, so submit the merge yourself with: sbatch --dependency=afterok:${plan.arrayJob} ${mergeScript}.`, { code: 'slurm', cause: error });
    }
  }
  return plan;
}

/** Registers `lazyrich slurm`. */
export function registerSlurm(program: Command, ctx: CliContext): void {
  program
    .command('slurm')
    .description('write (and with --submit, submit) a Slurm job array running the shards of a sweep and a dependent merge job')
    .argument('<config>', 'sweep document (JSON or YAML)')
    .option('--shards <n>', 'number of shards = array tasks (integer ≥ 1)')
    .option('--out <dir>', 'merged store; shard i goes to <out>/shard-i (default sweeps/<config name>)')
    .option('--partition <p>', 'Slurm partition')
    .option('--time <hh:mm:ss>', 'time limit of each job')
    .option('--cpus-per-task <c>', 'CPUs of each array task = sweep workers per shard (default 1)')
    .option('--mem <m>', 'memory per job, e.g. 4G')
    .option('--script <file>', 'path of the array script (merge and submit scripts beside it; default <out>/slurm/<name>.sbatch)')
    .option('--submit', 'submit both jobs with sbatch and print the job ids')
    .option('--json', 'print one JSON object')
    .action((config: string, opts: SlurmCommandOptions) => {
      const plan = slurmPlan(config, opts, ctx.env);
      if (opts.json) {
        ctx.io.out(JSON.stringify(plan) + '\n');
        return;
      }
      const lines = [
        `Slurm scripts for ${plan.shards} shard${plan.shards === 1 ? '' : 's'} of the ${plan.points}-point sweep ${plan.config}:`,
        `  array job  ${plan.scripts.array}`,
        `  merge job  ${plan.scripts.merge}`,
        `  submit     ${plan.scripts.submit}`,
        `  logs       ${plan.logs}`,
        `  store      ${plan.out} (shards in ${plan.out}/shard-0 … shard-${plan.shards - 1})`,
      ];
      if (plan.arrayJob !== undefined) {
        lines.push(`submitted: array job ${plan.arrayJob}, merge job ${plan.mergeJob} (afterok:${plan.arrayJob})`);
      } else {
        lines.push(`submit with: bash ${plan.scripts.submit}`);
      }
      ctx.io.out(lines.join('\n') + '\n');
    });
}
