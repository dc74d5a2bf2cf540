/**
 * Parameter sweeps: the `sweep` section of an experiment document (./schema.ts), its expansion
 * into validated points with stable keys and seeds (./expand.ts), NumPy's linspace/logspace
 * (./grid.ts), digests (./digest.ts) and shards (./shard.ts). Pure; the store is in src/store/.
 *
 * @example
 * import { expandSweep, parseShard, shardOf } from './experiments/sweep/index.js';
 * const sweep = expandSweep(parseDocumentText(text, 'grid.yaml'));
 * for (const point of shardOf(sweep.points, parseShard('0/4'))) run(point.document, point.seed);
 * @module
 */
export type { Assignments, SweepPoint, ExpandedSweep, Shard } from './types.js';
export { sweepSchema, axisSchema, axisEntrySchema, linspaceSchema, logspaceSchema, MAX_SWEEP_POINTS, SWEEP_MODES, type SweepDocument, type AxisDocument } from './schema.js';
export { expandSweep, parsePath, pointKey, pointSeed, pointDocument, type ExpandOptions } from './expand.js';
export { linspace, logspace } from './grid.js';
export { sha256Hex, canonicalJson, digestOf } from './digest.js';
export { parseShard, shardOf, formatShard } from './shard.js';
