/**
 * How the CLI reports failures: one plain sentence on stderr and exit code 2 for anything the user
 * can fix (a typed {@link LazyrichError}, a bad argument), never a stack trace unless `--debug`.
 * Anything else is a bug in lazyrich: it is reported as such (exit 1) with the stack under --debug.
 * @module
 */
import { LazyrichError } from '../errors/index.js';

/** Exit code for invalid input, configs, domains and divergence (user-fixable). */
export const EXIT_USAGE = 2;
/** Exit code for an internal error (a bug). */
export const EXIT_INTERNAL = 1;

/** Where the CLI writes; injectable so tests can capture output without spawning. */
export interface CliIO {
  out: (text: string) => void;
  err: (text: string) => void;
}

export const processIO: CliIO = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

/** Ensures a message is one sentence on one line ending with a full stop. */
export function oneSentence(message: string): string {
  const flat = message.replace(/\s+/g, ' ').trim();
  return /[.!?]$/.test(flat) ? flat : `${flat}.`;
}

/**
 * Writes the report for `error` and returns the exit code: 2 for LazyrichError (its message),
 * 1 for anything else ("internal error", the stack when `debug`).
 */
export function reportError(error: unknown, io: CliIO, debug: boolean): number {
  if (error instanceof LazyrichError) {
    io.err(`lazyrich: ${oneSentence(error.message)}\n`);
    if (debug && error.stack) io.err(`${error.stack}\n`);
    return EXIT_USAGE;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.err(
    `lazyrich: internal error: ${oneSentence(message)} This is a bug in lazyrich; rerun with --debug for the stack trace and report it.\n`,
  );
  if (debug && error instanceof Error && error.stack) io.err(`${error.stack}\n`);
  return EXIT_INTERNAL;
}
