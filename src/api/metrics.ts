/**
 * Observables of a state: the NTK and kernel distance, RSMs, relative weight change,
 * task-specificity, noise sensitivities and forgetting (Dominé et al. 2025, spec §4.2–4.4, §5.8);
 * effective ranks, kernel–task alignment, sign similarity and layer-wise changes (Liu et al. 2024,
 * Xu & Ziyin 2025). The same function serves the closed form and simulations, so a comparison
 * compares like with like.
 *
 * @example
 * import { linalg, metrics } from 'lazyrich';
 * const K = linalg.Matrix.from([[1, 0], [0, 1]]);
 * metrics.kernelDistance(K, K); // → 0
 *
 * @module
 */
export * from '../metrics/index.js';
