/** Reproduced figures of Tu, Aranguri & Jacot 2024 (Fig. 1, Fig. 2). */
import type { Experiment } from '../types.js';
import { mixedFig1Experiment } from './fig1.js';
import { mixedFig2Experiment } from './fig2.js';

export const mixedExperiments: readonly Experiment[] = [mixedFig1Experiment, mixedFig2Experiment];
