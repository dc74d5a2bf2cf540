/**
 * Dynamics over parameters: full-batch gradient descent, mini-batch SGD and gradient flow (adaptive
 * DOP853) of linear networks; GD of the mixed matrix model; GD and flow of the width-d scalar model;
 * SGD/Adam of continuous-time RNNs with the learning-rate selection protocol (Liu et al. 2024) and
 * mini-batch training of MLPs in the NTK / standard / μP parametrisations (Xu & Ziyin 2025).
 * Every run returns its records with time in units of τ (t/τ = k·η for GD step k; Dominé et al.
 * 2025, §1). Models with their own trainers (single neuron, ReLU nets) are in `models`.
 *
 * @example
 * import { linalg, tasks, train } from 'lazyrich';
 * const task = tasks.whitenedTask(linalg.Matrix.from([[1]]));
 * const run = train.trainGradientDescent(task, { W1: linalg.Matrix.from([[0.1]]), W2: linalg.Matrix.from([[0.1]]) }, { learningRate: 0.1, steps: 200 });
 * run.t[run.t.length - 1]; // → 20
 *
 * @module
 */
export * from '../train/index.js';
export {
  trainRnn,
  selectLearningRate,
  type RnnOptimizer,
  type RnnWeightName,
  type TrainRnnOptions,
  type TrainRnnResult,
  type LearningRateCandidate,
} from '../train/rnn.js';
export { trainMlp, type MlpDataset, type TrainMlpOptions, type MlpRun } from '../train/mlp.js';
