/**
 * Reactive state of one view's simulation in the compute worker: `request(document)` debounces,
 * cancels a superseded run (terminating the busy worker) and runs the document with runDocument;
 * `result`, `error` and `busy` are Svelte 5 state, so the view's plots update when the run lands.
 * @module
 */
import type { RunResult } from '../../experiments/run/index.js';
import { CancelledError, ComputeClient } from './worker/client.js';

/**
 * One view's simulation runner.
 * @example
 * const runner = new SimulationRunner();
 * $effect(() => runner.request(document));
 * // runner.result?.summary.maxRelativeError
 */
export class SimulationRunner {
  /** The latest completed run (null before the first, or after an error). */
  result = $state<RunResult | null>(null);
  /** The sentence of the latest failure (invalid document, divergence, …). */
  error = $state<string | null>(null);
  /** True while a run is pending. */
  busy = $state(false);
  /** Milliseconds the latest run took (request to result). */
  elapsed = $state<number | null>(null);

  private readonly client: ComputeClient;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private generation = 0;

  /** @param client - the worker client (default: a new compute worker) */
  constructor(client: ComputeClient = new ComputeClient()) {
    this.client = client;
  }

  /**
   * Runs `document` after `delay` ms unless another request comes first; null clears the result.
   * The document must be a plain (structured-clonable) object.
   */
  request(document: unknown | null, delay = 150): void {
    clearTimeout(this.timer);
    const gen = ++this.generation;
    if (document === null) {
      this.client.cancel();
      this.result = null;
      this.busy = false;
      return;
    }
    this.busy = true;
    this.timer = setTimeout(() => {
      this.client.cancel();
      const t0 = performance.now();
      this.client
        .call('run-document', { document })
        .then((r) => {
          if (gen !== this.generation) return;
          this.result = r;
          this.error = null;
          this.busy = false;
          this.elapsed = performance.now() - t0;
        })
        .catch((e: unknown) => {
          if (e instanceof CancelledError || gen !== this.generation) return;
          this.result = null;
          this.error = e instanceof Error ? e.message : String(e);
          this.busy = false;
        });
    }, delay);
  }

  /** Stops the worker (the view unmounts). */
  dispose(): void {
    clearTimeout(this.timer);
    this.client.dispose();
  }
}
