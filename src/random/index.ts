/**
 * Seeded random numbers for lazyrich: counter-based Philox4x32-10 streams that are reproducible
 * bit for bit on every platform, splittable by name and forkable for parallel work, plus random
 * matrices (Gaussian, uniform, Haar orthogonal) and unit vectors.
 *
 * @example
 * import { createRandom, haarOrthogonal } from './random/index.js';
 * const rng = createRandom(42);
 * const Q = haarOrthogonal(rng.split('init', 'Q'), 8);
 *
 * @module
 */
export { createRandom, RandomStream, type RandomStreamState, type Seed, type StreamLabel } from './stream.js';
export { gaussianMatrix, uniformMatrix, haarOrthogonal, haarSemiOrthogonal, randomUnitVector } from './matrices.js';
export { philox4x32 } from './philox.js';
export { deterministicLog } from './log.js';
