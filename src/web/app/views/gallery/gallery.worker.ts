/**
 * The gallery view's module worker: `list` (the registered experiments: id, title, what they
 * reproduce) and `run` (one experiment at a budget and seed, as `lazyrich reproduce` runs it, minus
 * the data sets only the command line can load).
 * @module
 */
import { serveProgressWorker } from '../phase/progress-worker.js';
import { listExperiments, runExperiment, type RunRequest } from './compute.js';

serveProgressWorker({
  list: () => listExperiments(),
  run: (req: RunRequest) => runExperiment(req),
});
