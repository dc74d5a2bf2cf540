/**
 * Typed errors. Every error lazyrich throws on purpose is a `LazyrichError` whose message is one
 * plain sentence naming the quantity or config path and the fix: `ConfigError` (with `path`),
 * `ShapeError`, `DomainError` (a closed form whose assumptions fail), `ConvergenceError`,
 * `BackendUnavailableError`. Branch on the subclass or on the stable `code`.
 *
 * @example
 * import { errors, linalg } from 'lazyrich';
 * try { linalg.matmul(linalg.Matrix.zeros(2, 3), linalg.Matrix.zeros(2, 3)); } catch (e) { console.log(e instanceof errors.ShapeError); } // prints true
 *
 * @module
 */
export * from '../errors/index.js';
