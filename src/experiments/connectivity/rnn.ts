/** Reproduced recurrent-network figures of Liu et al. 2024 (Fig. 1, Fig. 2). */
import type { Experiment } from '../types.js';
import { connectivityFig1Experiment } from './fig1.js';
import { connectivityFig2Experiment } from './fig2.js';

export const connectivityRnnExperiments: readonly Experiment[] = [connectivityFig1Experiment, connectivityFig2Experiment];
