/**
 * The compute worker's handlers: each takes a structured-clonable payload and returns its result
 * with the buffers to transfer. All work is the pure core on the js backend; every random draw
 * comes from the document's seed, so the worker reproduces exactly what `lazyrich run` computes.
 * @module
 */
import { buildExperiment, validateExperiment } from '../../../config/index.js';
import { ConfigError } from '../../../errors/index.js';
import { matmul } from '../../../linalg/ops.js';
import { gradientFlow, trainGradientDescent } from '../../../train/index.js';
import type { HandlerOutput } from './protocol.js';

/** A two-layer simulation as flat arrays (record k's N_o×N_i network function at `W[k·N_o·N_i …]`). */
export interface TwoLayerSimulation {
  /** Recorded times t/τ (GD step k ↔ t = k·η). */
  t: Float64Array;
  /** Training loss at each record. */
  loss: Float64Array;
  /** W = W₂W₁ per record, row-major N_o×N_i blocks. */
  W: Float64Array;
  /** W₁ᵀW₁ per record, N_i×N_i blocks. */
  W1tW1: Float64Array;
  /** W₂W₂ᵀ per record, N_o×N_o blocks. */
  W2W2t: Float64Array;
  /** N_i and N_o. */
  ni: number;
  no: number;
  /** `gd` or `flow`. */
  method: string;
}

/**
 * Simulates a two-layer-linear experiment document (its `train` section: `gd` or `flow`) from the
 * document's initial weights, recording at `times` (t/τ; GD records the nearest step).
 * @throws ConfigError for an invalid document or a missing train section; ConvergenceError when GD diverges
 * @example
 * twoLayerSimulate({ document, times: [0, 1, 2] }).result.loss;
 */
export function twoLayerSimulate(payload: { document: unknown; times: number[] }): HandlerOutput<TwoLayerSimulation> {
  const doc = validateExperiment(payload.document);
  const built = buildExperiment(doc);
  const plan = built.train;
  if (!plan) throw new ConfigError('train: missing; the simulation needs a train section.', { path: 'train' });
  if (built.weights.length !== 2) throw new ConfigError('model.kind: the two-layer view simulates two-layer networks only.', { path: 'model.kind' });
  const weights = { W1: built.weights[0], W2: built.weights[1] };
  const times = payload.times;
  const traj =
    plan.method === 'flow'
      ? gradientFlow(built.task, weights, { times, rtol: plan.rtol, atol: plan.atol })
      : trainGradientDescent(built.task, weights, {
          learningRate: plan.learningRate as number,
          steps: plan.steps as number,
          record: { times, match: 'nearest' },
        });
  const n = traj.t.length;
  const { ni, no } = built.task;
  const W = new Float64Array(n * no * ni);
  const G1 = new Float64Array(n * ni * ni);
  const G2 = new Float64Array(n * no * no);
  for (let k = 0; k < n; k++) {
    const [W1, W2] = traj.weights[k];
    W.set(matmul(W2, W1).data, k * no * ni);
    G1.set(matmul(W1, W1, { transA: true }).data, k * ni * ni);
    G2.set(matmul(W2, W2, { transB: true }).data, k * no * no);
  }
  const t = Float64Array.from(traj.t);
  const loss = Float64Array.from(traj.loss);
  return {
    result: { t, loss, W, W1tW1: G1, W2W2t: G2, ni, no, method: plan.method },
    transfer: [t.buffer, loss.buffer, W.buffer, G1.buffer, G2.buffer],
  };
}

/** Every handler of the compute worker, by request kind. */
export const HANDLERS = {
  'two-layer-simulate': twoLayerSimulate,
} as const;

/** A request kind the worker answers. */
export type HandlerName = keyof typeof HANDLERS;
/** The payload type of a request kind. */
export type PayloadOf<K extends HandlerName> = Parameters<(typeof HANDLERS)[K]>[0];
/** The result type of a request kind. */
export type ResultOf<K extends HandlerName> = ReturnType<(typeof HANDLERS)[K]>['result'];
