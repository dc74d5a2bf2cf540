/**
 * The connectivity view's module worker: `init-summary` (W_h(0), its singular values and effective
 * ranks) and `train` (the CTRNN trained from W_h(0), one progress message per measurement).
 * @module
 */
import { serveProgressWorker } from '../phase/progress-worker.js';
import { initSummary, trainConnectivity, type InitSpec, type TrainSpec } from './compute.js';

serveProgressWorker({
  'init-summary': (spec: InitSpec) => initSummary(spec),
  train: (spec: TrainSpec, progress) => trainConnectivity(spec, (sample) => progress(sample)),
});
