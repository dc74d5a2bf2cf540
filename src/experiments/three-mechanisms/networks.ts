/** Reproduced network experiments of Xu & Ziyin 2025 (Fig. 1 nonlinear ζ(t), the deep Fashion-MNIST MLP). */
import type { Experiment } from '../types.js';

export const threeMechanismsNetworkExperiments: readonly Experiment[] = [];
