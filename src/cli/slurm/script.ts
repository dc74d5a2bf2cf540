/**
 * Slurm job scripts for a sharded sweep (pure: strings in, strings out; no file system).
 *
 * `lazyrich slurm` writes three files from {@link slurmScripts}:
 * - the **array script**: `#SBATCH --array=0-(n−1)`; task i runs
 *   `lazyrich sweep <config> --out <out>/shard-i --shard i/n --workers $SLURM_CPUS_PER_TASK`;
 * - the **merge script**: run as a dependent job (`--dependency=afterok:<array job>`), it joins the
 *   n shard stores into `<out>` with `lazyrich merge <out> <out>/shard-0 … <out>/shard-(n−1)`;
 *   a shard whose points failed (sweep exit 1) still succeeds — the failures are results, stored
 *   with their errors, and the merge carries them — while a shard that could not run (bad input,
 *   exit 2; a crash) fails its task, the dependency can never be met and Slurm cancels the merge
 *   (`--kill-on-invalid-dep=yes`) instead of leaving it pending forever;
 * - the **submit wrapper**: submits both with `sbatch --parsable` and prints the two job ids.
 *
 * Every path is absolute and the Node executable and the lazyrich bin are embedded, so the jobs
 * run from any working directory and need nothing on the compute node's PATH.
 * @module
 */
import { ConfigError } from '../../errors/index.js';

/** Options of the generated scripts (paths absolute; the CLI resolves them). */
export interface SlurmScriptOptions {
  /** Absolute path of the sweep document. */
  config: string;
  /** Number of shards = array tasks (integer ≥ 1). */
  shards: number;
  /** Absolute path of the merged store; shard i is stored in `<out>/shard-i`. */
  out: string;
  /** Absolute path of the Node executable the jobs run (`process.execPath`). */
  node: string;
  /** Absolute path of the lazyrich bin (`bin/lazyrich.mjs`). */
  bin: string;
  /** Absolute path of the folder for the jobs' stdout/stderr logs (must exist before submission). */
  logDir: string;
  /** Absolute paths the array and merge scripts will be written to (the submit wrapper names them). */
  arrayScript: string;
  mergeScript: string;
  /** Slurm job name (default: derived from the config file name). */
  jobName?: string;
  /** `--partition`. */
  partition?: string;
  /** `--time` in a Slurm time format (validated by {@link parseSlurmTime}). */
  time?: string;
  /** `--cpus-per-task` of each array task = sweep workers per shard (default 1). */
  cpusPerTask?: number;
  /** `--mem` per node in a Slurm memory format (validated by {@link parseSlurmMemory}). */
  mem?: string;
}

/** The three generated files. */
export interface SlurmScripts {
  /** The job-array script (one task per shard). */
  array: string;
  /** The merge script (submit with `--dependency=afterok:<array job id>`). */
  merge: string;
  /** A bash wrapper submitting both and printing the job ids. */
  submit: string;
}

/**
 * Quotes `value` for a POSIX shell (single quotes; embedded single quotes escaped).
 * @example
 * shellQuote("it's here") // → "'it'\\''s here'"
 */
export function shellQuote(value: string): string {
  if (/^[A-Za-z0-9_./:=@%+,-]+$/.test(value)) return `'${value}'`;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * Parses `--shards`: an integer ≥ 1 (throws a one-sentence ConfigError otherwise).
 * @example
 * parseShardCount('4') // → 4
 */
export function parseShardCount(value: string | undefined): number {
  if (value === undefined) throw new ConfigError('--shards: required; give the number of shards (array tasks), an integer of at least 1.', { path: '--shards' });
  const n = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(n) || n < 1) {
    throw new ConfigError(`--shards: expected an integer of at least 1, got "${value}".`, { path: '--shards' });
  }
  return n;
}

/**
 * Parses a positive integer option such as `--cpus-per-task` (throws a one-sentence ConfigError otherwise).
 * @example
 * parsePositiveInteger('--cpus-per-task', '2') // → 2
 */
export function parsePositiveInteger(option: string, value: string): number {
  const n = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(n) || n < 1) {
    throw new ConfigError(`${option}: expected an integer of at least 1, got "${value}".`, { path: option });
  }
  return n;
}

/**
 * Validates a Slurm `--time` value and returns it unchanged. Accepted are Slurm's formats
 * `hh:mm:ss` (the usual one), `mm`, `mm:ss`, `d-hh`, `d-hh:mm`, `d-hh:mm:ss`, with minutes and
 * seconds below 60; anything else throws a one-sentence ConfigError.
 * @example
 * parseSlurmTime('02:30:00') // → '02:30:00'
 */
export function parseSlurmTime(value: string): string {
  const v = value.trim();
  const fail = (): never => {
    throw new ConfigError(`--time: expected a Slurm time limit hh:mm:ss (or d-hh:mm:ss) with minutes and seconds below 60, got "${value}".`, { path: '--time' });
  };
  let m: RegExpMatchArray | null;
  if ((m = v.match(/^(\d+)-(\d{1,2})(?::(\d{1,2})(?::(\d{1,2}))?)?$/))) {
    const [, , h, min, s] = m;
    if (Number(h) > 23 || (min !== undefined && Number(min) > 59) || (s !== undefined && Number(s) > 59)) fail();
  } else if ((m = v.match(/^(\d+):(\d{1,2}):(\d{1,2})$/))) {
    if (Number(m[2]) > 59 || Number(m[3]) > 59) fail();
  } else if ((m = v.match(/^(\d+):(\d{1,2})$/))) {
    if (Number(m[2]) > 59) fail();
  } else if (!/^\d+$/.test(v)) {
    fail();
  }
  if (/^[0:-]+$/.test(v)) {
    throw new ConfigError(`--time: a time limit of zero would never let a task run; give hh:mm:ss greater than 00:00:00, got "${value}".`, { path: '--time' });
  }
  return v;
}

/**
 * Validates a Slurm `--mem` value (an integer with an optional K, M, G or T suffix; megabytes
 * without one) and returns it unchanged.
 * @example
 * parseSlurmMemory('4G') // → '4G'
 */
export function parseSlurmMemory(value: string): string {
  const v = value.trim();
  if (!/^\d+[KMGT]?$/i.test(v) || /^0+[KMGT]?$/i.test(v)) {
    throw new ConfigError(`--mem: expected a positive amount of memory such as 4000 (MB), 4G or 512M, got "${value}".`, { path: '--mem' });
  }
  return v;
}

/**
 * Validates a Slurm partition name (letters, digits, `_`, `.`, `-`) and returns it.
 * @example
 * parsePartition('debug') // → 'debug'
 */
export function parsePartition(value: string): string {
  if (!/^[A-Za-z0-9_.-]+$/.test(value)) {
    throw new ConfigError(`--partition: expected a partition name of letters, digits, "_", "." or "-", got "${value}".`, { path: '--partition' });
  }
  return value;
}

/**
 * A Slurm job name from a config path: its file name without extension, reduced to safe characters.
 * @example
 * jobNameFromConfig('/a/b/phase diagram.yaml') // → 'phase_diagram'
 */
export function jobNameFromConfig(config: string): string {
  const base = config.split('/').pop() ?? 'sweep';
  const stem = base.replace(/\.(json|ya?ml)$/i, '').replace(/[^A-Za-z0-9_.-]+/g, '_').replace(/^[._-]+|[._-]+$/g, '');
  return stem === '' ? 'lazyrich-sweep' : stem.slice(0, 64);
}

/** An `#SBATCH` argument value: plain when safe, else double-quoted (Slurm's parser honours quotes). */
function sbatchValue(option: string, value: string): string {
  if (/["\n\r]/.test(value)) {
    throw new ConfigError(`${option}: the path "${value.replace(/\n/g, '\\n')}" contains a double quote or a line break, which a Slurm script cannot hold; choose another path.`, { path: option });
  }
  return /\s/.test(value) ? `"${value}"` : value;
}

function checkAbsolute(name: string, path: string): void {
  if (!path.startsWith('/')) throw new ConfigError(`${name}: expected an absolute path, got "${path}".`, { path: name });
  if (/[\n\r]/.test(path)) throw new ConfigError(`${name}: the path contains a line break, which a Slurm script cannot hold; choose another path.`, { path: name });
}

/** The `#SBATCH` lines shared by both jobs (partition, time, memory). */
function resourceLines(o: SlurmScriptOptions): string[] {
  const lines: string[] = [];
  if (o.partition !== undefined) lines.push(`#SBATCH --partition=${parsePartition(o.partition)}`);
  if (o.time !== undefined) lines.push(`#SBATCH --time=${parseSlurmTime(o.time)}`);
  if (o.mem !== undefined) lines.push(`#SBATCH --mem=${parseSlurmMemory(o.mem)}`);
  return lines;
}

/** The shell variables every script starts with (absolute paths, single-quoted). */
function pathVariables(o: SlurmScriptOptions): string[] {
  return [
    `LAZYRICH_NODE=${shellQuote(o.node)}`,
    `LAZYRICH_BIN=${shellQuote(o.bin)}`,
    `CONFIG=${shellQuote(o.config)}`,
    `OUT=${shellQuote(o.out)}`,
  ];
}

/**
 * Generates the array, merge and submit scripts of a sharded sweep (see the module comment).
 * Throws a one-sentence ConfigError for invalid options (shards, time, memory, partition, paths).
 *
 * @example
 * const s = slurmScripts({
 *   config: '/home/me/grid.yaml', shards: 4, out: '/scratch/grid', node: '/usr/bin/node',
 *   bin: '/opt/lazyrich/bin/lazyrich.mjs', logDir: '/scratch/grid/slurm/logs',
 *   arrayScript: '/scratch/grid/slurm/sweep.sbatch', mergeScript: '/scratch/grid/slurm/sweep-merge.sbatch',
 *   time: '01:00:00', cpusPerTask: 2,
 * });
 * s.array.includes('#SBATCH --array=0-3') // → true
 */
export function slurmScripts(o: SlurmScriptOptions): SlurmScripts {
  if (!Number.isSafeInteger(o.shards) || o.shards < 1) {
    throw new ConfigError(`--shards: expected an integer of at least 1, got ${o.shards}.`, { path: '--shards' });
  }
  const cpus = o.cpusPerTask ?? 1;
  if (!Number.isSafeInteger(cpus) || cpus < 1) {
    throw new ConfigError(`--cpus-per-task: expected an integer of at least 1, got ${cpus}.`, { path: '--cpus-per-task' });
  }
  checkAbsolute('config', o.config);
  checkAbsolute('--out', o.out);
  checkAbsolute('node', o.node);
  checkAbsolute('bin', o.bin);
  checkAbsolute('logs', o.logDir);
  checkAbsolute('--script', o.arrayScript);
  checkAbsolute('--script', o.mergeScript);
  const name = o.jobName ?? jobNameFromConfig(o.config);
  if (!/^[A-Za-z0-9_.-]+$/.test(name)) {
    throw new ConfigError(`job name: expected letters, digits, "_", "." or "-", got "${name}".`, { path: 'job-name' });
  }
  const n = o.shards;
  const resources = resourceLines(o);
  const header = (what: string): string[] => [
    '#!/bin/bash',
    `# ${what}`,
    `# Generated by \`lazyrich slurm\` for ${o.config} (${n} shard${n === 1 ? '' : 's'}); paths are absolute, so it runs from any directory.`,
  ];

  const array = [
    ...header(`lazyrich sweep, job array: task i runs shard i/${n} into ${o.out}/shard-i.`),
    `#SBATCH --job-name=${name}`,
    `#SBATCH --array=0-${n - 1}`,
    `#SBATCH --ntasks=1`,
    `#SBATCH --cpus-per-task=${cpus}`,
    ...resources,
    `#SBATCH --output=${sbatchValue('logs', `${o.logDir}/${name}-%A_%a.out`)}`,
    `#SBATCH --chdir=${sbatchValue('--out', o.out)}`,
    'set -euo pipefail',
    ...pathVariables(o),
    `SHARDS=${n}`,
    'TASK="${SLURM_ARRAY_TASK_ID:?this script runs as a Slurm job array task (submit it with sbatch)}"',
    'WORKERS="${SLURM_CPUS_PER_TASK:-1}"',
    'echo "lazyrich shard $TASK/$SHARDS on $(hostname) with $WORKERS worker(s): $OUT/shard-$TASK"',
    'status=0',
    '"$LAZYRICH_NODE" "$LAZYRICH_BIN" sweep "$CONFIG" --out "$OUT/shard-$TASK" --shard "$TASK/$SHARDS" --workers "$WORKERS" || status=$?',
    '# Exit 1 means the shard ran and some points failed: their errors are stored, so the task succeeds',
    '# and the merge still runs (lazyrich ls shows the failures). Any other code fails the task.',
    'if [ "$status" -eq 1 ]; then echo "lazyrich shard $TASK/$SHARDS: some points failed; their errors are in the store"; status=0; fi',
    'exit "$status"',
    '',
  ].join('\n');

  const merge = [
    ...header(`lazyrich merge: joins the ${n} shard stores into ${o.out} (submit with --dependency=afterok:<array job id>).`),
    `#SBATCH --job-name=${name}-merge`,
    '#SBATCH --kill-on-invalid-dep=yes',
    `#SBATCH --ntasks=1`,
    `#SBATCH --cpus-per-task=1`,
    ...resources,
    `#SBATCH --output=${sbatchValue('logs', `${o.logDir}/${name}-merge-%j.out`)}`,
    `#SBATCH --chdir=${sbatchValue('--out', o.out)}`,
    'set -euo pipefail',
    ...pathVariables(o),
    `SHARDS=${n}`,
    'SOURCES=()',
    'for ((i = 0; i < SHARDS; i++)); do SOURCES+=("$OUT/shard-$i"); done',
    'echo "lazyrich merge of $SHARDS shard(s) into $OUT"',
    'exec "$LAZYRICH_NODE" "$LAZYRICH_BIN" merge "$OUT" "${SOURCES[@]}"',
    '',
  ].join('\n');

  const submit = [
    '#!/bin/bash',
    `# Submits the lazyrich sweep of ${o.config} to Slurm: the ${n}-task job array, then the merge job`,
    '# that starts only when every array task has succeeded (afterok). Prints the two job ids.',
    '# Generated by `lazyrich slurm`.',
    'set -euo pipefail',
    `ARRAY_SCRIPT=${shellQuote(o.arrayScript)}`,
    `MERGE_SCRIPT=${shellQuote(o.mergeScript)}`,
    'command -v sbatch >/dev/null || { echo "submit: sbatch is not on PATH; run this on a Slurm login node." >&2; exit 2; }',
    'ARRAY_JOB=$(sbatch --parsable "$ARRAY_SCRIPT")',
    'ARRAY_JOB=${ARRAY_JOB%%;*}',
    'MERGE_JOB=$(sbatch --parsable --dependency="afterok:$ARRAY_JOB" "$MERGE_SCRIPT")',
    'MERGE_JOB=${MERGE_JOB%%;*}',
    `echo "array job $ARRAY_JOB (${n} shard${n === 1 ? '' : 's'}), merge job $MERGE_JOB (after all shards succeed); results in ${o.out.replace(/[`"$\\]/g, '\\$&')}"`,
    '',
  ].join('\n');

  return { array, merge, submit };
}
