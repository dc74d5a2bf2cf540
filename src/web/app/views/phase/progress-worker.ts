/**
 * A module-worker protocol with progress, for the long computations of the phase-diagram,
 * connectivity and gallery views: the request `{ id, kind, payload }` of `worker/protocol.ts` is
 * answered by any number of `{ id, progress }` messages and then one `{ id, result }` or
 * `{ id, error }`. {@link ProgressClient} is the main-thread side, {@link serveProgressWorker}
 * the worker side.
 * @module
 */
import { toWorkerError, type WorkerError, type WorkerRequest } from '../../worker/protocol.js';

/** A message from a progress worker. */
export type ProgressResponse =
  | { id: number; progress: unknown }
  | { id: number; result: unknown }
  | { id: number; error: WorkerError };

/** A worker handler: gets the payload and a `progress` callback (posting a structured clone). */
export type ProgressHandler = (payload: any, progress: (p: unknown) => void) => unknown;

/**
 * Installs `handlers` as the message handler of the current worker scope.
 * @example serveProgressWorker({ 'phase-grid': (p, progress) => runGrid(p, progress) });
 */
export function serveProgressWorker(handlers: Record<string, ProgressHandler>): void {
  const scope = self as unknown as {
    onmessage: ((ev: MessageEvent<WorkerRequest>) => void) | null;
    postMessage(message: ProgressResponse): void;
  };
  scope.onmessage = (ev) => {
    const { id, kind, payload } = ev.data;
    const handler = handlers[kind];
    if (!handler) {
      scope.postMessage({ id, error: { name: 'Error', message: `unknown request kind "${kind}" (known: ${Object.keys(handlers).join(', ')}).` } });
      return;
    }
    try {
      const result = handler(payload, (progress) => scope.postMessage({ id, progress }));
      scope.postMessage({ id, result });
    } catch (e) {
      scope.postMessage({ id, error: toWorkerError(e) });
    }
  };
}

/** Rejection of a request whose worker was stopped by {@link ProgressClient.cancel}. */
export class ProgressCancelled extends Error {
  constructor() {
    super('cancelled (superseded by a newer request).');
    this.name = 'ProgressCancelled';
  }
}

/**
 * The main-thread side: one worker, one request at a time; `cancel()` terminates a busy worker
 * (the next call starts a fresh one).
 * @example
 * const c = new ProgressClient(() => new Worker(new URL('./phase.worker.ts', import.meta.url), { type: 'module' }));
 * const grid = await c.call('phase-grid', payload, (row) => draw(row));
 */
export class ProgressClient {
  private worker: Worker | null = null;
  private nextId = 1;
  private pending: { id: number; onProgress: (p: any) => void; resolve(v: unknown): void; reject(e: Error): void } | null = null;

  constructor(private readonly factory: () => Worker) {}

  /** Whether a request is running. */
  get busy(): boolean {
    return this.pending !== null;
  }

  /** Runs one request (cancelling a running one) and resolves with its result. */
  call<R = unknown, P = unknown>(kind: string, payload: unknown, onProgress: (p: P) => void = () => {}): Promise<R> {
    this.cancel();
    if (!this.worker) {
      const w = this.factory();
      w.onmessage = (ev: MessageEvent<ProgressResponse>) => {
        const msg = ev.data;
        const p = this.pending;
        if (!p || p.id !== msg.id) return;
        if ('progress' in msg) {
          p.onProgress(msg.progress);
          return;
        }
        this.pending = null;
        if ('error' in msg) p.reject(Object.assign(new Error(msg.error.message), { name: msg.error.name }));
        else p.resolve(msg.result);
      };
      w.onerror = (ev: ErrorEvent) => {
        ev.preventDefault();
        const p = this.pending;
        this.pending = null;
        w.terminate();
        this.worker = null;
        p?.reject(new Error(`worker failed: ${ev.message || 'unknown error'}`));
      };
      this.worker = w;
    }
    const id = this.nextId++;
    const worker = this.worker;
    return new Promise<R>((resolve, reject) => {
      this.pending = { id, onProgress, resolve: resolve as (v: unknown) => void, reject };
      const req: WorkerRequest = { id, kind, payload };
      worker.postMessage(req);
    });
  }

  /** Stops a running request (terminating the worker) and rejects it with {@link ProgressCancelled}. */
  cancel(): void {
    if (!this.pending) return;
    const p = this.pending;
    this.pending = null;
    this.worker?.terminate();
    this.worker = null;
    p.reject(new ProgressCancelled());
  }

  /** Terminates the worker for good (the view unmounts). */
  dispose(): void {
    this.cancel();
    this.worker?.terminate();
    this.worker = null;
  }
}
