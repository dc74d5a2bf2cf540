/**
 * `lazyrich sweep <config> [--out dir] [--workers N] [--shard i/n] [--json] [--seed n] [--retry-failed]`:
 * runs every point of a sweep document on a worker pool, storing each finished point at once in a
 * resumable store (`sweeps/<config stem>` by default). The work is in ../sweep/run-sweep.ts.
 * Exit code: 0 all points done, 1 some failed (their errors are stored), 2 bad input, 130 after
 * Ctrl-C (143 after SIGTERM) — rerun the same command to resume.
 * @module
 */
import type { Command } from 'commander';
import type { CliContext } from '../main.js';
import { processIO } from '../errors.js';
import { runSweep, type SweepOptions } from '../sweep/run-sweep.js';

/**
 * Registers `sweep` on the program.
 * @example
 * import { Command } from 'commander';
 * const program = new Command();
 * const ctx = { io: { out: () => {}, err: () => {} }, env: {}, backend: () => { throw new Error('not needed to register'); } };
 * registerSweep(program, ctx); // lazyrich sweep grid.yaml --workers 2
 * program.commands.map((c) => c.name()); // → ["sweep"]
 */
export function registerSweep(program: Command, ctx: CliContext): void {
  program
    .command('sweep')
    .description('run every point of a sweep document on a worker pool into a resumable store (rerun to resume)')
    .argument('<config>', 'sweep document (JSON or YAML with a sweep section)')
    .option('--out <dir>', 'store folder (default sweeps/<config name>, sweeps/<config name>/shard-i with --shard)')
    .option('--workers <n>', 'worker threads (default: the number of cores)')
    .option('--shard <i/n>', 'run only the points whose index is i modulo n (0-based), e.g. 0/4')
    .option('--json', 'print one JSON line per finished point and a final summary line on stdout')
    .option('--seed <n>', 'sweep seed (overrides sweep.seed and the document seed)')
    .option('--retry-failed', 'run the points recorded as failed again (default: keep their errors)')
    .action(async (config: string, opts: Omit<SweepOptions, 'config'>) => {
      const backend = ctx.backend().name;
      // Progress goes to the real stderr (a bar when it is a terminal), or to the injected io's err.
      const progressStream = ctx.io === processIO ? process.stderr : { write: (text: string) => ctx.io.err(text), isTTY: false };
      const summary = await runSweep({ ...opts, config }, { io: ctx.io, backend, progressStream });
      ctx.exitCode = summary.exitCode;
    });
}
