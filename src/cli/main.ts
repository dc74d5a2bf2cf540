/**
 * The `lazyrich` command line. Thin: it parses arguments, selects the linear-algebra backend,
 * calls the pure core and prints. Every user-fixable failure is one sentence and exit code 2
 * (see ./errors.ts); `--debug` adds the stack trace.
 * @module
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { ConfigError } from '../errors/index.js';
import { backendRequestFromEnv, selectBackend, type BackendSelection } from '../linalg/native/select.js';
import { setBackend } from '../linalg/backend.js';
import { EXIT_USAGE, oneSentence, processIO, reportError, type CliIO } from './errors.js';
import { registerDoctor } from './commands/doctor.js';
import { registerDemo } from './commands/demo.js';
import { registerExact } from './commands/exact.js';
import { registerSimulate } from './commands/simulate.js';
import { registerCompare } from './commands/compare.js';
import { registerRun } from './commands/run.js';
import { registerReproduce } from './commands/reproduce.js';
import { registerSchema } from './commands/schema.js';
import { registerExplore } from './commands/explore.js';
import { registerSlurm } from './commands/slurm.js';
import { registerSweep } from './commands/sweep.js';
import { registerExport } from './commands/export.js';
import { registerLs } from './commands/ls.js';
import { registerMerge } from './commands/merge.js';

/** What every command receives: where to write and the selected backend (chosen lazily). */
export interface CliContext {
  io: CliIO;
  env: Record<string, string | undefined>;
  /** Selects (once) and installs the backend requested by --backend or LAZYRICH_BACKEND. */
  backend: () => BackendSelection;
  /** Set by a command whose run completed but failed (e.g. reproduce with a failing check: 1). */
  exitCode?: number;
}

/** The package version, read from package.json. */
export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** Builds the commander program (exported for tests). */
export function buildProgram(ctx: CliContext): Command {
  const program = new Command();
  program
    .name('lazyrich')
    .description('Exact learning dynamics and the lazy, rich and mixed regimes of neural networks: theory beside simulation.')
    .version(packageVersion(), '-V, --version', 'print the lazyrich version')
    .addOption(new Option('--backend <name>', 'linear-algebra backend (default: LAZYRICH_BACKEND or auto)').choices(['auto', 'js', 'native']))
    .option('--debug', 'print stack traces of errors')
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.io.out(s),
      writeErr: (s) => ctx.io.err(s),
      outputError: (s, write) => write(`lazyrich: ${oneSentence(s.replace(/^error:\s*/i, ''))} Run 'lazyrich --help' for usage.\n`),
    });
  registerDoctor(program, ctx);
  registerDemo(program, ctx);
  registerExact(program, ctx);
  registerSimulate(program, ctx);
  registerCompare(program, ctx);
  registerRun(program, ctx);
  registerReproduce(program, ctx);
  registerSchema(program, ctx);
  registerExplore(program, ctx);
  registerSlurm(program, ctx);
  registerSweep(program, ctx);
  registerExport(program, ctx);
  registerLs(program, ctx);
  registerMerge(program, ctx);
  return program;
}

/**
 * Runs the CLI on `argv` (as in process.argv: node, script, args…) and returns the exit code.
 */
export async function main(argv: string[], io: CliIO = processIO, env: Record<string, string | undefined> = process.env): Promise<number> {
  const debug = argv.includes('--debug');
  let selection: BackendSelection | undefined;
  let program: Command | undefined;
  const ctx: CliContext = {
    io,
    env,
    backend: () => {
      if (!selection) {
        const flag = program?.opts<{ backend?: string }>().backend;
        const request = flag === undefined ? backendRequestFromEnv(env) : (flag as 'auto' | 'js' | 'native');
        selection = selectBackend(request);
        setBackend(selection.backend);
      }
      return selection;
    },
  };
  try {
    program = buildProgram(ctx);
    if (argv.length <= 2) {
      program.outputHelp();
      return 0;
    }
    await program.parseAsync(argv);
    return ctx.exitCode ?? 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; commander already printed its one-line error otherwise.
      return error.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    return reportError(error, io, debug);
  }
}

export { ConfigError };
