/** Reproduced figures of Tu, Aranguri & Jacot 2024 (Fig. 1, Fig. 2). */
import type { Experiment } from '../types.js';

export const mixedExperiments: readonly Experiment[] = [];
