/**
 * Model kind `deep-linear`: ŷ = W_L⋯W₁x with layer widths `widths` = [N₀ = N_i, N₁, …, N_L = N_o]
 * (spec §1 "Deep extension"). There is no unaligned closed form for L ≥ 3 (spec §1), so `exact`
 * refuses this kind; `simulate` trains it.
 *
 * Inits: `explicit` (`weights` = [W₁, …, W_L], or W1/W2 when L = 2), `gaussian` (W₁ entries
 * N(0, std1²), every later layer N(0, std2²)), `lecun` (variance 1/fan-in per layer). The λ-balanced
 * and task-aligned constructions are two-layer constructions and are refused here.
 * @module
 */
import { z } from 'zod';
import { ConfigError } from '../../errors/index.js';
import type { Matrix } from '../../linalg/matrix.js';
import { gaussianMatrix } from '../../random/index.js';
import { size } from '../primitives.js';
import { matrixOfShape } from './shapes.js';
import { defineModel, type BuiltModel } from './types.js';
import { documentOf } from '../document.js';
import { initSchema } from '../inits.js';
import { taskSchema } from '../tasks.js';

export const deepLinearSchema = z.strictObject({
  kind: z.literal('deep-linear'),
  /** Layer sizes [N₀ = N_i, N₁, …, N_L = N_o], at least 3 entries (2 weight matrices). */
  widths: z.array(size()).min(3).describe('Layer sizes [N_i, N_1, …, N_o].'),
}).describe('Deep linear network ŷ = W_L⋯W_1 x (simulation only).');

/** The deep-linear document: the linear-network task and init sections (issue 4). */
export const deepLinearDocument = documentOf('deep-linear', deepLinearSchema, taskSchema, initSchema);

export const deepLinear = defineModel({
  kind: 'deep-linear',
  summary: 'deep linear network ŷ = W_L⋯W₁x with layer sizes `widths` (simulation only)',
  schema: deepLinearSchema,
  buildWeights(model, { task, init, initStream }): BuiltModel {
    const widths = model.widths;
    const L = widths.length - 1;
    if (widths[0] !== task.ni || widths[L] !== task.no) {
      throw new ConfigError(
        `model.widths: first and last sizes ${widths[0]} and ${widths[L]} do not match the task's N_i = ${task.ni} and N_o = ${task.no}.`,
        { path: 'model.widths' },
      );
    }
    const weights: Matrix[] = [];
    switch (init.kind) {
      case 'explicit': {
        let layers: number[][][];
        let base = 'init.weights';
        if (init.weights !== undefined) {
          if (init.W1 !== undefined || init.W2 !== undefined) {
            throw new ConfigError('init.weights: give either W1 and W2 or weights, not both.', { path: 'init.weights' });
          }
          layers = init.weights;
        } else if (init.W1 !== undefined && init.W2 !== undefined) {
          layers = [init.W1, init.W2];
          base = '';
        } else {
          throw new ConfigError(`init.weights: missing required field; an explicit deep-linear init needs weights = [W1, …, W${L}].`, {
            path: 'init.weights',
          });
        }
        if (layers.length !== L) {
          throw new ConfigError(`init.weights: model.widths describes ${L} weight matrices, got ${layers.length}.`, { path: 'init.weights' });
        }
        for (let l = 0; l < L; l++) {
          const path = base === '' ? `init.W${l + 1}` : `${base}[${l}]`;
          weights.push(matrixOfShape(path, layers[l], [widths[l + 1], widths[l]], `W${l + 1} is N_${l + 1}×N_${l} with model.widths = [${widths.join(', ')}]`));
        }
        break;
      }
      case 'gaussian':
      case 'lecun': {
        if (init.hidden !== undefined) {
          throw new ConfigError('init.hidden: a deep-linear model takes its hidden sizes from model.widths; remove init.hidden.', { path: 'init.hidden' });
        }
        const stream = initStream();
        for (let l = 0; l < L; l++) {
          const std = init.kind === 'lecun' ? 1 / Math.sqrt(widths[l]) : l === 0 ? init.std1 : init.std2;
          weights.push(gaussianMatrix(stream.split('layer', l + 1), widths[l + 1], widths[l], { std }));
        }
        break;
      }
      default:
        throw new ConfigError(
          `init.kind: "${init.kind}" is a two-layer construction and is not defined for model kind "deep-linear"; use "explicit", "gaussian" or "lecun".`,
          { path: 'init.kind' },
        );
    }
    return { weights, widths: [...widths] };
  },
});
