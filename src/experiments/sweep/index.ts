/**
 * Parameter sweeps: the `sweep` section of an experiment document (./schema.ts), its expansion
 * into validated points with stable keys and seeds (./expand.ts), NumPy's linspace/logspace
 * (./grid.ts), digests (./digest.ts) and shards (./shard.ts). Pure; the store is in src/store/.
 *
 * @example
 * import { expandSweep, parseShard, shardOf } from './index.js';
 * import { parseDocumentText } from '../../config/index.js';
 * const text = [
 *   'model: {kind: scalar-width, kappa: 0.1, etaU: 1, etaW: 2}',
 *   'task: {kind: scalar, a: 1.5, sigmaXX: 1}',
 *   'init: {kind: gaussian, width: 8, sigmaU: 0.1, sigmaW: 0.1}',
 *   'train: {method: gd, learningRate: 0.01, steps: 100}',
 *   'sweep:',
 *   '  replicates: 2',
 *   '  axes:',
 *   '    - {path: model.kappa, logspace: {start: -2, stop: 0, num: 3}}',
 * ].join('\n');
 * const sweep = expandSweep(parseDocumentText(text, 'grid.yaml'));
 * sweep.points.length; // → 6
 * shardOf(sweep.points, parseShard('0/4')).map((p) => p.index); // → [0, 4]
 * sweep.points[2].document; // → { model: { kind: 'scalar-width', kappa: 0.1, etaU: 1, etaW: 2 } }
 * @module
 */
export type { Assignments, SweepPoint, ExpandedSweep, Shard } from './types.js';
export { sweepSchema, axisSchema, axisEntrySchema, linspaceSchema, logspaceSchema, MAX_SWEEP_POINTS, SWEEP_MODES, type SweepDocument, type AxisDocument } from './schema.js';
export { expandSweep, parsePath, pointKey, pointSeed, pointDocument, type ExpandOptions } from './expand.js';
export { linspace, logspace } from './grid.js';
export { sha256Hex, canonicalJson, digestOf } from './digest.js';
export { parseShard, shardOf, formatShard } from './shard.js';
