/**
 * The message protocol between the explorer's main thread and its compute worker
 * (`compute.worker.ts`): a request `{ id, kind, payload }` is answered by `{ id, result }` or
 * `{ id, error }`. Results are structured clones whose Float64Array buffers are transferred.
 * @module
 */

/** A request to the worker: `kind` names a handler of `handlers.ts`, `payload` is its input. */
export interface WorkerRequest {
  /** Caller-chosen id, echoed in the response. */
  id: number;
  /** The handler name. */
  kind: string;
  /** The handler's input (structured-clonable). */
  payload: unknown;
}

/** A failure as a plain object: the error's class name (e.g. `ConfigError`) and its one-sentence message. */
export interface WorkerError {
  /** The error class name (`ConfigError`, `DomainError`, `ConvergenceError`, …). */
  name: string;
  /** The error's message (one plain sentence for the typed errors of src/errors). */
  message: string;
  /** The document path the error names, when it has one. */
  path?: string;
}

/** The worker's answer to one request. */
export type WorkerResponse = { id: number; result: unknown } | { id: number; error: WorkerError };

/** What a handler returns: its result and the buffers to transfer (not copy) to the main thread. */
export interface HandlerOutput<R> {
  /** The result object (structured-clonable). */
  result: R;
  /** ArrayBuffers inside `result` to transfer. */
  transfer?: ArrayBuffer[];
}

/** Turns anything thrown into a {@link WorkerError}. */
export function toWorkerError(e: unknown): WorkerError {
  if (e instanceof Error) {
    const path = (e as { path?: unknown }).path;
    return { name: e.name, message: e.message, ...(typeof path === 'string' ? { path } : {}) };
  }
  return { name: 'Error', message: String(e) };
}
