/**
 * Training section of the experiment document (`train`) and the recording/theory sections.
 *
 * Time is dimensionless, t/τ, throughout: GD step k corresponds to t = k·η (spec §1). So
 * `{ method: "gd", learningRate: 0.01, steps: 500 }` ends at t = 5, and gradient flow (`flow`) ends at
 * `tEnd` or, when only `learningRate` and `steps` are given, at t = steps·learningRate.
 * @module
 */
import { z } from 'zod';
import { nonNegative, positive, positiveInt } from './primitives.js';

/** The `train.method` values: full-batch gradient descent, mini-batch SGD, gradient flow. */
export const TRAIN_METHODS = ['gd', 'sgd', 'flow'] as const;

/** The zod schema of the `train` section (method, learning rates, steps or tEnd, batch size, tolerances). */
export const trainSchema = z
  .strictObject({
    method: z.enum(TRAIN_METHODS).describe('gd: full-batch gradient descent; sgd: mini-batch SGD; flow: gradient flow (DOP853).'),
    /** η, the same for every layer (gd, sgd). */
    learningRate: positive().optional().describe('Step size η of every layer; time t = k·η.'),
    /** η per layer [η₁, …, η_L] (gd, sgd). */
    learningRates: z.array(positive()).min(1).optional().describe('Per-layer step sizes [η1, …, ηL]; time unit η1.'),
    /** Number of (S)GD steps. */
    steps: positiveInt().optional(),
    /** Mini-batch size (sgd). */
    batchSize: positiveInt().optional(),
    /** Final time t/τ (flow; for gd/sgd steps = round(tEnd/η) when steps is absent). */
    tEnd: positive().optional().describe('Final time t/τ (flow; gd/sgd: steps = round(tEnd/η)).'),
    /** Relative tolerance of the adaptive integrator (flow, default 1e-10). */
    rtol: positive().optional(),
    /** Absolute tolerance of the adaptive integrator (flow, default 1e-12). */
    atol: positive().optional(),
    /** Record every this many steps (gd, sgd); same as record.every. */
    recordEvery: positiveInt().optional(),
  })
  .superRefine((train, ctx) => {
    const fail = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (train.learningRate !== undefined && train.learningRates !== undefined) {
      fail('learningRates', 'give either learningRate or learningRates, not both');
    }
    const hasRate = train.learningRate !== undefined || train.learningRates !== undefined;
    if (train.method === 'flow') {
      if (train.tEnd === undefined && !(train.steps !== undefined && hasRate)) {
        fail('tEnd', 'gradient flow needs tEnd (the final time t/τ), or steps and learningRate (then tEnd = steps·learningRate)');
      }
      return;
    }
    if (!hasRate) fail('learningRate', `method "${train.method}" needs a learning rate; add e.g. "learningRate": 0.01`);
    if (train.steps === undefined && train.tEnd === undefined) {
      fail('steps', `method "${train.method}" needs the number of steps (or tEnd, then steps = tEnd/learningRate)`);
    }
    if (train.method === 'sgd' && train.batchSize === undefined) fail('batchSize', 'method "sgd" needs a batchSize');
  });

/** A validated `train` section. */
export type TrainDocument = z.infer<typeof trainSchema>;

/** Which times to record in simulations (`every` steps, or these times t/τ). */
export const recordSchema = z.strictObject({
  every: positiveInt().optional(),
  times: z.array(nonNegative()).min(1).optional(),
});

export type RecordDocument = z.infer<typeof recordSchema>;

/** Options of the closed-form evaluation: default times of `lazyrich exact` when --at is not given. */
export const theorySchema = z.strictObject({
  times: z.array(nonNegative()).min(1).optional(),
});

export type TheoryDocument = z.infer<typeof theorySchema>;
