/**
 * The compute worker's handlers: each takes a structured-clonable payload and returns its result
 * with the buffers to transfer. All work is the pure core on the js backend; every random draw
 * comes from the document's seed, so the worker computes exactly what `lazyrich run` computes.
 * @module
 */
import { runDocument, type RunResult } from '../../../experiments/run/index.js';
import type { HandlerOutput } from './protocol.js';

/** The distinct ArrayBuffers of a run's series and arrays (to transfer, not copy). */
export function runBuffers(result: RunResult): ArrayBuffer[] {
  const set = new Set<ArrayBuffer>();
  const add = (a: Float64Array) => {
    if (a.buffer instanceof ArrayBuffer) set.add(a.buffer);
  };
  add(result.series.t);
  for (const c of Object.values(result.series.columns)) add(c);
  for (const a of Object.values(result.arrays)) add(a.data);
  return [...set];
}

/**
 * Runs an experiment document with `runDocument` (src/experiments/run): the simulation of its
 * `train` plan and, where the kind has one, the exact side from the same initial weights.
 * @throws ConfigError / DomainError / ConvergenceError as runDocument does (sent back as a WorkerError)
 * @example
 * const document = { model: { kind: 'scalar-width', kappa: 0.1, etaU: 1, etaW: 2 }, task: { kind: 'scalar', a: 1.5, sigmaXX: 1 }, init: { kind: 'explicit', u: [0.1, 0.2, -0.3], w: [0.3, -0.1, 0.2] }, train: { method: 'flow', tEnd: 5 } };
 * runDocumentHandler({ document }).result.summary.maxRelativeError < 1e-6; // → true
 */
export function runDocumentHandler(payload: { document: unknown }): HandlerOutput<RunResult> {
  const result = runDocument(payload.document);
  return { result, transfer: runBuffers(result) };
}

/** Every handler of the compute worker, by request kind. */
export const HANDLERS = {
  'run-document': runDocumentHandler,
} as const;

/** A request kind the worker answers. */
export type HandlerName = keyof typeof HANDLERS;
/** The payload type of a request kind. */
export type PayloadOf<K extends HandlerName> = Parameters<(typeof HANDLERS)[K]>[0];
/** The result type of a request kind. */
export type ResultOf<K extends HandlerName> = ReturnType<(typeof HANDLERS)[K]>['result'];
