/** Reproduced network experiments of Xu & Ziyin 2025 (Fig. 1 nonlinear ζ(t), the deep Fashion-MNIST MLP). */
import type { Experiment } from '../types.js';
import { deepExperiment } from './deep.js';
import { fig1Experiment } from './fig1.js';

export const threeMechanismsNetworkExperiments: readonly Experiment[] = [fig1Experiment, deepExperiment];
