/**
 * The sweep block of an experiment document and its expansion into points (contract shared by
 * the sweep expansion in this folder, the store in src/store/ and the `sweep` command).
 *
 * A sweep document is an ordinary experiment document with a top-level `sweep` section:
 *
 * ```yaml
 * sweep:
 *   seed: 0              # sweep seed (default: the document's seed, else 0)
 *   mode: cross          # cross (default): Cartesian product of the axes; zip: axes paired elementwise
 *   replicates: 1        # seeds per setting (default 1)
 *   axes:
 *     - path: init.lambda
 *       values: [-2, 0, 2]                      # a list …
 *     - path: init.scale
 *       logspace: { start: -2, stop: 0, num: 5 } # … or NumPy's linspace/logspace (base 10 exponents)
 *     - zip:                                    # a group of axes paired elementwise, crossed with the rest
 *         - { path: train.learningRate, values: [0.1, 0.01] }
 *         - { path: train.steps, values: [100, 1000] }
 * ```
 * @module
 */
import type { SweepDocument } from './schema.js';

/** One assignment of a point: dotted config path (array indices as numbers: `init.widths.1`) → value. */
export type Assignments = Record<string, unknown>;

/** One point of an expanded sweep. */
export interface SweepPoint {
  /** Position in the full (unsharded) expansion, 0-based; stable for a given sweep block. */
  index: number;
  /** Stable identifier: the first 16 hex digits of SHA-256 over the canonical JSON of `{ assignments, replicate }` (./digest.ts). */
  key: string;
  /** The values this point sets. */
  assignments: Assignments;
  /** Replicate number 0 … replicates−1. */
  replicate: number;
  /** The point's seed, derived from the sweep seed and the point (key), independent of order, shard and worker count. */
  seed: number;
  /** The complete, validated experiment document of this point (no `sweep` section; `seed` = the point's seed unless an axis sets `seed`). */
  document: unknown;
}

/** A sweep expanded (and validated) from a sweep document. */
export interface ExpandedSweep {
  /** 16 hex digits of SHA-256 over the canonical `{ base, sweep, seed }`: identifies the sweep in a store. */
  sweepId: string;
  /** The base document without its `sweep` section. */
  base: unknown;
  /** The axis paths in order. */
  paths: string[];
  /** Every point in expansion order (all shards). */
  points: SweepPoint[];
  /** The validated `sweep` section it was expanded from (set by expandSweep). */
  sweep?: SweepDocument;
  /** The sweep seed the point seeds derive from (set by expandSweep). */
  seed?: number;
}

/** A shard `i/n` (0-based i < n): the points whose index ≡ i (mod n). */
export interface Shard {
  /** i, 0-based, below count. */
  index: number;
  /** n, the number of shards (≥ 1). */
  count: number;
}
