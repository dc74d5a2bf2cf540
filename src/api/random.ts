/**
 * Seeded random numbers: counter-based Philox4x32-10 streams, reproducible bit for bit on every
 * platform, splittable by name (`createRandom(seed, ...names)`, `stream.split(name)`) and forkable
 * for parallel work, plus random matrices (Gaussian, uniform, Haar orthogonal) and unit vectors.
 * Every draw in lazyrich comes from such an explicit stream; nothing draws from a global.
 *
 * @example
 * import { random } from 'lazyrich';
 * const a = random.createRandom(42, 'init').normal();
 * const b = random.createRandom(42, 'init').normal();
 * a === b; // → true
 *
 * @module
 */
export { createRandom, RandomStream, type RandomStreamState, type Seed, type StreamLabel } from '../random/stream.js';
export { gaussianMatrix, uniformMatrix, haarOrthogonal, haarSemiOrthogonal, randomUnitVector } from '../random/matrices.js';
