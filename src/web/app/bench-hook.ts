/**
 * The redraw benchmark hook: views register named timing functions on `window.__lazyrich`
 * (e.g. `redrawTwoLayer(params): Promise<number>`, the milliseconds from a control change to the
 * redrawn exact curves), which the Playwright benchmark calls.
 * @module
 */
import type { ViewParams } from './url-state.js';

/** A benchmark entry: applies a parameter patch and resolves with the elapsed milliseconds. */
export type BenchmarkFn = (patch: ViewParams) => Promise<number>;

declare global {
  interface Window {
    /** Benchmark hooks of the mounted views. */
    __lazyrich?: Record<string, BenchmarkFn>;
  }
}

/**
 * Registers (or replaces) a benchmark hook on `window.__lazyrich`; returns the function that removes it.
 * @example
 * const remove = registerBenchmark('redrawTwoLayer', async (patch) => 0); // resolves with the measured ms
 * remove(); // → undefined (outside a browser there is no window: registering does nothing)
 */
export function registerBenchmark(name: string, fn: BenchmarkFn): () => void {
  if (typeof window === 'undefined') return () => {};
  window.__lazyrich ??= {};
  window.__lazyrich[name] = fn;
  return () => {
    if (window.__lazyrich?.[name] === fn) delete window.__lazyrich[name];
  };
}
