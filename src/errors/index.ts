/**
 * Typed errors of lazyrich.
 *
 * Every error the library throws on purpose is a {@link LazyrichError}. Its `message` is one plain
 * sentence a researcher can act on (it names the quantity or config path involved and, where there
 * is one, the fix). The CLI prints exactly that sentence and exits with code 2; `--debug` adds the
 * stack. Programs can branch on the subclass or on the stable `code` string.
 *
 * @module
 */

/** Base class of every deliberate lazyrich error. */
export class LazyrichError extends Error {
  /** Stable machine-readable kind, e.g. `"shape"`, `"config"`. */
  readonly code: string;
  /** The config path, argument or quantity the error is about, when there is one. */
  readonly path: string | undefined;

  constructor(message: string, options: { code?: string; path?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = options.code ?? 'lazyrich';
    this.path = options.path;
  }
}

/** Operands whose shapes do not fit the operation. The message names the operation and both shapes. */
export class ShapeError extends LazyrichError {
  constructor(message: string, options: { path?: string } = {}) {
    super(message, { ...options, code: 'shape' });
  }

  /**
   * Builds the standard message `"<op>: shapes AxB and CxD do not match (<why>)"`.
   *
   * @example
   * const e = ShapeError.mismatch('matmul', [2, 3], [4, 5], 'inner dimensions 3 and 4 differ');
   * e.message; // → "matmul: shapes 2x3 and 4x5 do not match (inner dimensions 3 and 4 differ)."
   * throw e; // throws ShapeError
   */
  static mismatch(op: string, a: readonly number[], b: readonly number[], why: string): ShapeError {
    return new ShapeError(`${op}: shapes ${a.join('x')} and ${b.join('x')} do not match (${why}).`);
  }
}

/** An experiment document or option that is invalid. `path` is the config path (e.g. `init.lambda`). */
export class ConfigError extends LazyrichError {
  constructor(message: string, options: { path?: string; cause?: unknown } = {}) {
    super(message, { ...options, code: 'config' });
  }
}

/**
 * An iterative method or a simulation that failed to converge or diverged (non-finite state, step
 * size underflow, too many iterations). `reached` is how far it got (time, iteration) when known.
 */
export class ConvergenceError extends LazyrichError {
  readonly reached: number | undefined;

  constructor(message: string, options: { path?: string; reached?: number; cause?: unknown } = {}) {
    super(message, { ...options, code: 'convergence' });
    this.reached = options.reached;
  }
}

/**
 * Input outside the domain where a formula applies: a singular matrix, a negative time, a NaN entry,
 * a matrix function of a non-PSD matrix, a closed form whose assumptions fail. The message says which
 * assumption failed instead of returning numbers.
 */
export class DomainError extends LazyrichError {
  constructor(message: string, options: { path?: string; cause?: unknown } = {}) {
    super(message, { ...options, code: 'domain' });
  }
}

/** A requested backend or optional capability that is not available on this machine. */
export class BackendUnavailableError extends LazyrichError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { ...options, code: 'backend' });
  }
}

/** True when `e` is a deliberate lazyrich error (as opposed to a bug). */
export function isLazyrichError(e: unknown): e is LazyrichError {
  return e instanceof LazyrichError;
}
