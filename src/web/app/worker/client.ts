/**
 * The main-thread side of the compute worker: `call(kind, payload)` returns a promise of the
 * handler's result (typed by `handlers.ts`); `cancel()` terminates a busy worker (a superseded
 * simulation) and rejects what was pending with {@link CancelledError}; a fresh worker starts on the
 * next call.
 * @module
 */
import type { HandlerName, PayloadOf, ResultOf } from './handlers.js';
import type { WorkerError, WorkerRequest, WorkerResponse } from './protocol.js';

/** Rejection of a request whose worker was terminated by {@link ComputeClient.cancel}. */
export class CancelledError extends Error {
  /** @param kind - the request kind that was cancelled */
  constructor(kind: string) {
    super(`${kind}: cancelled (superseded by a newer request).`);
    this.name = 'CancelledError';
  }
}

/** Rejection carrying the worker's error (its class name, one-sentence message and document path). */
export class WorkerRequestError extends Error {
  /** The document path the error names, when it has one. */
  readonly path: string | undefined;
  /** The original error class name (e.g. `ConfigError`). */
  readonly kind: string;
  /** @param e - the worker's error object */
  constructor(e: WorkerError) {
    super(e.message);
    this.name = 'WorkerRequestError';
    this.kind = e.name;
    this.path = e.path;
  }
}

interface Pending {
  kind: string;
  resolve(v: unknown): void;
  reject(e: Error): void;
}

/** Creates the module worker (Vite bundles `compute.worker.ts` from this literal `new URL`). */
function createWorker(): Worker {
  return new Worker(new URL('./compute.worker.ts', import.meta.url), { type: 'module', name: 'lazyrich-compute' });
}

/**
 * One compute worker and its pending requests.
 * @example
 * const client = new ComputeClient();
 * const sim = await client.call('two-layer-simulate', { document, times });
 */
export class ComputeClient {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly factory: () => Worker;

  /** @param factory - creates the worker (default: the bundled compute worker) */
  constructor(factory: () => Worker = createWorker) {
    this.factory = factory;
  }

  /** Number of requests not answered yet. */
  get busy(): number {
    return this.pending.size;
  }

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const w = this.factory();
    w.onmessage = (ev: MessageEvent<WorkerResponse>) => {
      const msg = ev.data;
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if ('error' in msg) p.reject(new WorkerRequestError(msg.error));
      else p.resolve(msg.result);
    };
    w.onerror = (ev: ErrorEvent) => {
      ev.preventDefault();
      const err = new Error(`compute worker failed: ${ev.message || 'unknown error'}`);
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
      w.terminate();
      this.worker = null;
    };
    this.worker = w;
    return w;
  }

  /** Sends one request; resolves with the handler's result or rejects with {@link WorkerRequestError} / {@link CancelledError}. */
  call<K extends HandlerName>(kind: K, payload: PayloadOf<K>): Promise<ResultOf<K>> {
    const w = this.ensure();
    const id = this.nextId++;
    return new Promise<ResultOf<K>>((resolve, reject) => {
      this.pending.set(id, { kind, resolve: resolve as (v: unknown) => void, reject });
      const req: WorkerRequest = { id, kind, payload };
      w.postMessage(req);
    });
  }

  /** Terminates the worker if anything is pending (rejecting it with {@link CancelledError}). */
  cancel(): void {
    if (this.pending.size === 0) return;
    for (const p of this.pending.values()) p.reject(new CancelledError(p.kind));
    this.pending.clear();
    this.worker?.terminate();
    this.worker = null;
  }

  /** Terminates the worker for good (a view unmounts). */
  dispose(): void {
    this.cancel();
    this.worker?.terminate();
    this.worker = null;
  }
}
