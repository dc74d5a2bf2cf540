/**
 * Reproduced figures and appendices of Dominé et al. 2025, "From Lazy to Rich" (ICLR 2025):
 * Fig. 4 (semantic task), App. A.3 (standard inits become λ-balanced), App. A.4 (absolute vs
 * relative scale), and the applications of App. D.1–D.4 (continual learning, reversal learning,
 * transfer learning, fine-tuning). Each module is pure: options in, figures/tables/checks out.
 * @module
 */
import type { Experiment } from '../types.js';
import { fig4Experiment } from './fig4.js';
import { appA3Experiment } from './app-a3.js';
import { appA4Experiment } from './app-a4.js';
import { continualExperiment } from './continual.js';
import { reversalExperiment } from './reversal.js';
import { transferExperiment } from './transfer.js';
import { fineTuningExperiment } from './fine-tuning.js';

/** The registered application experiments, in report order. */
export const lazyToRichApplicationExperiments: readonly Experiment[] = [
  fig4Experiment,
  appA3Experiment,
  appA4Experiment,
  continualExperiment,
  reversalExperiment,
  transferExperiment,
  fineTuningExperiment,
];
