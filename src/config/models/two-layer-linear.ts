/**
 * Model kind `two-layer-linear`: ŷ = W₂W₁x with W₁ ∈ ℝ^{N_h×N_i}, W₂ ∈ ℝ^{N_o×N_h} (Dominé et al.
 * 2025, spec §1). N_i and N_o come from the task; the hidden width N_h from `model.hidden`, the init
 * (`hidden`, or the rows of an explicit W₁), or by default min(N_i, N_o), the width the closed form
 * needs (assumption A3).
 * @module
 */
import { z } from 'zod';
import { ConfigError } from '../../errors/index.js';
import { explicitInit, gaussianInit, lambdaBalancedInit, lecunInit, taskAlignedInit } from '../../init/index.js';
import { size } from '../primitives.js';
import { agreeOn, matrixOfShape } from './shapes.js';
import { defineModel, type BuiltModel } from './types.js';
import { documentOf } from '../document.js';
import { initSchema } from '../inits.js';
import { taskSchema } from '../tasks.js';

export const twoLayerLinearSchema = z.strictObject({
  kind: z.literal('two-layer-linear'),
  /** Hidden width N_h (default: from the init, else min(N_i, N_o)). */
  hidden: size().optional().describe('Hidden width N_h (default from the init, else min(N_i, N_o)).'),
}).describe('Two-layer linear network ŷ = W2 W1 x.');

/** The two-layer-linear document: the linear-network task and init sections (issue 4). */
export const twoLayerLinearDocument = documentOf('two-layer-linear', twoLayerLinearSchema, taskSchema, initSchema);

export const twoLayerLinear = defineModel({
  kind: 'two-layer-linear',
  summary: 'two-layer linear network ŷ = W₂W₁x (exact solution under λ-balance, spec §3)',
  schema: twoLayerLinearSchema,
  buildWeights(model, { task, init, initStream }): BuiltModel {
    const { ni, no } = task;
    const modelHidden = { path: 'model.hidden', value: model.hidden };
    const done = (W1: import('../../linalg/matrix.js').Matrix, W2: import('../../linalg/matrix.js').Matrix): BuiltModel => ({
      weights: [W1, W2],
      widths: [ni, W1.rows, no],
    });
    switch (init.kind) {
      case 'explicit': {
        let W1rows: number[][];
        let W2rows: number[][];
        let p1 = 'init.W1';
        let p2 = 'init.W2';
        if (init.weights !== undefined) {
          if (init.W1 !== undefined || init.W2 !== undefined) {
            throw new ConfigError('init.weights: give either W1 and W2 or weights, not both.', { path: 'init.weights' });
          }
          if (init.weights.length !== 2) {
            throw new ConfigError(
              `init.weights: a two-layer-linear model has 2 weight matrices, got ${init.weights.length}; use model kind "deep-linear" for more layers.`,
              { path: 'init.weights' },
            );
          }
          [W1rows, W2rows] = init.weights;
          p1 = 'init.weights[0]';
          p2 = 'init.weights[1]';
        } else {
          if (init.W1 === undefined) throw new ConfigError('init.W1: missing required field; an explicit init needs W1 (N_h×N_i) and W2 (N_o×N_h).', { path: 'init.W1' });
          if (init.W2 === undefined) throw new ConfigError('init.W2: missing required field; an explicit init needs W1 (N_h×N_i) and W2 (N_o×N_h).', { path: 'init.W2' });
          W1rows = init.W1;
          W2rows = init.W2;
        }
        const nh = agreeOn('hidden width', modelHidden, { path: `${p1} rows`, value: W1rows.length });
        const W1 = matrixOfShape(p1, W1rows, [nh ?? null, ni], `W1 is N_h×N_i and the task has N_i = ${ni}`);
        const W2 = matrixOfShape(p2, W2rows, [no, W1.rows], `W2 is N_o×N_h with N_o = ${no} from the task and N_h = ${W1.rows} from ${p1}`);
        const w = explicitInit(W1, W2);
        return done(w.W1, w.W2);
      }
      case 'lambda-balanced': {
        const nh = agreeOn('hidden width', modelHidden, { path: 'init.hidden', value: init.hidden }) ?? Math.min(ni, no);
        const sv = typeof init.scale === 'number' ? { scale: init.scale } : { singularValues: init.scale };
        const w = lambdaBalancedInit({
          lambda: init.lambda,
          ni,
          no,
          nh,
          ...sv,
          ...(init.aligned ? { aligned: task } : {}),
          stream: initStream(),
        });
        return done(w.W1, w.W2);
      }
      case 'task-aligned': {
        const nh = model.hidden ?? Math.min(ni, no);
        if (nh !== Math.min(ni, no)) {
          throw new ConfigError(
            `model.hidden: a task-aligned init has N_h = min(N_i, N_o) = ${Math.min(ni, no)}, got ${nh}; remove model.hidden or set it to ${Math.min(ni, no)}.`,
            { path: 'model.hidden' },
          );
        }
        const w = taskAlignedInit({ task, lambda: init.lambda, a0: init.a0 });
        return done(w.W1, w.W2);
      }
      case 'gaussian':
      case 'lecun': {
        const nh = agreeOn('hidden width', modelHidden, { path: 'init.hidden', value: init.hidden });
        if (nh === undefined) {
          throw new ConfigError(`init.hidden: missing required field; a ${init.kind} init needs the hidden width (init.hidden or model.hidden).`, {
            path: 'init.hidden',
          });
        }
        const w =
          init.kind === 'gaussian'
            ? gaussianInit({ ni, nh, no, std1: init.std1, std2: init.std2, stream: initStream() })
            : lecunInit({ ni, nh, no, stream: initStream() });
        return done(w.W1, w.W2);
      }
    }
  },
});
