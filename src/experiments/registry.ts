/**
 * The registry of reproduced experiments, keyed `"<paper>/<name>"`. `lazyrich reproduce <id>` and
 * the reproduction report only read this list.
 * @module
 */
import { ConfigError } from '../errors/index.js';
import type { Experiment } from './types.js';
import { lazyToRichFigureExperiments } from './lazy-to-rich/figures.js';
import { lazyToRichApplicationExperiments } from './lazy-to-rich/applications.js';
import { mixedExperiments } from './mixed/index.js';
import { threeMechanismsAnalyticExperiments } from './three-mechanisms/analytic.js';
import { threeMechanismsNetworkExperiments } from './three-mechanisms/networks.js';
import { connectivityTheoryExperiments } from './connectivity/theory.js';
import { connectivityRnnExperiments } from './connectivity/rnn.js';
import { kuninExperiments } from './kunin/index.js';

/** Every registered experiment, in report order. */
export const experiments: readonly Experiment[] = [
  ...lazyToRichFigureExperiments,
  ...lazyToRichApplicationExperiments,
  ...mixedExperiments,
  ...threeMechanismsAnalyticExperiments,
  ...threeMechanismsNetworkExperiments,
  ...connectivityTheoryExperiments,
  ...connectivityRnnExperiments,
  ...kuninExperiments,
];

/**
 * The experiment with this id.
 * @throws ConfigError naming the unknown id and listing the known ones.
 */
export function findExperiment(id: string): Experiment {
  const found = experiments.find((e) => e.id === id);
  if (!found) {
    throw new ConfigError(`unknown experiment "${id}"; known experiments: ${experiments.map((e) => e.id).join(', ')}.`, { path: 'experiment' });
  }
  return found;
}
