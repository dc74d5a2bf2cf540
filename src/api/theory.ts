/**
 * Exact solutions and predictions of the four papers, one namespace each. Each function takes the
 * task, the initial parameters and the model constants, checks its assumptions (throwing
 * `DomainError` with the reason instead of returning numbers) and uses time in units of τ.
 *
 * - `lazyToRich` — Dominé et al., ICLR 2025: the closed form QQᵀ(t) of two-layer linear networks
 *   under λ-balanced initialisation, its diagnostics and limits;
 * - `mixed` — Tu, Aranguri & Jacot, NeurIPS 2024: the self-consistent mixed dynamics (1), its
 *   limits and phase diagram;
 * - `threeMechanisms` — Xu & Ziyin, ICLR 2025: the width-d scalar model's exact solution, phase
 *   diagram and mechanism classifier;
 * - `connectivity` — Liu et al., ICLR 2024: Theorem 1's expected kernel alignment and the
 *   task-alignment identities;
 * - `singleNeuron` — Kunin et al. 2024: the single neuron's exact solution and implicit bias.
 *
 * @example
 * import { theory } from 'lazyrich';
 * theory.threeMechanisms.widthPhase({ c: 1, eU: 1, eW: 1, bU: 0, bW: 0 }).phase; // → "feature-learning"
 *
 * @module
 */
export * as lazyToRich from '../theory/lazy-to-rich/index.js';
export * as mixed from '../theory/mixed/index.js';
export * as threeMechanisms from '../theory/three-mechanisms/index.js';
export * as connectivity from '../theory/connectivity/index.js';
export * as singleNeuron from '../theory/single-neuron/index.js';
