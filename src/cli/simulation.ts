/**
 * The simulation of a document for the commands `simulate` and `compare`: re-exported from the
 * pure core (src/experiments/run/simulation.ts), where `runDocument` uses it too.
 * @module
 */
export { DEFAULT_RECORDS, requireTrain, evenTimes, runSimulation } from '../experiments/run/simulation.js';
