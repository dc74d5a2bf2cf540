/**
 * What one run of an experiment document produces: the exact solution (where the model kind has
 * one) and the simulation from the same initial weights, as time series, summary metrics and
 * larger arrays. `runDocument` (./index.ts) makes it; `lazyrich run` writes it, `lazyrich sweep`
 * stores one per point, and the explorer plots it. Pure data: Float64Arrays and numbers only, so
 * a result crosses a worker boundary (structured clone) unchanged.
 * @module
 */
import type { BuildOptions } from '../../config/index.js';

/** A dense float64 array with its shape (row-major, as NumPy's C order). */
export interface RunArray {
  shape: number[];
  data: Float64Array;
}

/** Why the exact side is absent (e.g. "init is not λ-balanced"), or that it is present. */
export type ExactAvailability = { available: true; what: string } | { available: false; reason: string };

/** The outcome of {@link runDocument}. */
export interface RunResult {
  /** The document's `model.kind`. */
  kind: string;
  /** The seed the document was built with (document seed, or the override). */
  seed: number;
  /** Whether the closed form / self-consistent theory was evaluated beside the simulation. */
  exact: ExactAvailability;
  /**
   * Scalar metrics of the run, by name (camelCase, units in {@link RunResult.units}); `null` when a
   * metric does not apply to this run. Always present: `finalLoss` (simulation, last record),
   * `steps` (GD/SGD steps, or null for flow), `tEnd` (t/τ). Present when the exact side is:
   * `finalLossExact`, `maxRelativeError` (simulation vs exact over the records). Per kind also e.g.
   * `kernelDistance`, `weightChange`, `zetaEnd`, `effectiveRank`.
   */
  summary: Record<string, number | null>;
  /** Categorical results, e.g. `{ regime: "rich" }` or `{ mechanism: "alignment" }`. */
  labels: Record<string, string>;
  /** Time series on the recorded times `t` (t/τ); every column has t's length. */
  series: { t: Float64Array; columns: Record<string, Float64Array> };
  /** Larger arrays (initial/final weights, final network function, spectra …), by name. */
  arrays: Record<string, RunArray>;
  /** Units or meaning of summary fields, series columns and arrays, by name. */
  units: Record<string, string>;
  /** One-line notes (settings chosen by default, deviations). */
  notes: string[];
}

/** Options of runDocument. */
export interface RunOptions extends BuildOptions {
  /**
   * Largest number of entries an array of {@link RunResult.arrays} may have (default
   * 1 000 000 = 8 MB); larger ones (e.g. the W₁ of a very wide mixed-linear network) are left out
   * with a note, so that sweeps do not store gigabytes.
   */
  maxArrayEntries?: number;
}
