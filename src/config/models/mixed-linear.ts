/**
 * Model kind `mixed-linear`: the shallow linear network A = W₂W₁ of Tu, Aranguri & Jacot (2024)
 * with W₁ ∈ ℝ^{w×d_in}, W₂ ∈ ℝ^{d_out×w}, every entry of the init i.i.d. N(0, σ²), trained on
 * C(A) = ½‖A − Y‖²_F (spec "mixed-and-three-mechanisms" §A.1). The closed-form side is the
 * self-consistent dynamics (1) of §A.2.2, dA/dt = −(AAᵀ + σ⁴w²I)^{1/2}(A − Y) − (A − Y)(AᵀA + σ⁴w²I)^{1/2},
 * whose threshold is σ²w.
 *
 * | section | kinds |
 * |---|---|
 * | `model` | `{ kind: "mixed-linear", sigma2 > 0, width ≥ 1 }` |
 * | `task` | `matrix`: `Y` (d_out×d_in), `Astar?` (the clean target A*, same shape; for the test error); `noisy-low-rank`: `d` (or `dOut`, `dIn`), `rank`, `noiseStd?`, `seed?` (§A.1: Y = A* + E) |
 * | `init` | `explicit`: `A` (d_out×d_in; enough for (1)) and/or `W1` (w×d_in) with `W2` (d_out×w); `gaussian`: W₁, W₂ i.i.d. N(0, σ²), `seed?` |
 *
 * Refused with one sentence: σ² ≤ 0, a width below rank(Y) (A = W₂W₁ has rank ≤ w, so Y could not
 * be fitted), an A(0) of rank above the width, shapes that do not fit Y, and A given beside W1, W2
 * with A ≠ W₂W₁.
 *
 * @example
 * validateExperiment({
 *   model: { kind: 'mixed-linear', sigma2: 0.01, width: 400 },
 *   task: { kind: 'matrix', Y: [[1, 0.5], [0, 2]] },
 *   init: { kind: 'explicit', A: [[0.01, 0], [0, 0.02]] },
 * });
 * @module
 */
import { z } from 'zod';
import { ConfigError } from '../../errors/index.js';
import { Matrix } from '../../linalg/matrix.js';
import { matmul, relativeError } from '../../linalg/ops.js';
import { matrixRank } from '../../linalg/solve.js';
import { createRandom, gaussianMatrix } from '../../random/index.js';
import { documentOf, type CommonSections } from '../document.js';
import { checkMatrixEntries, matrix, nonNegative, positive, seed, size } from '../primitives.js';
import { noisyLowRankTask } from '../../tasks/noisy-low-rank.js';
import { matrixOfShape } from './shapes.js';

export const mixedLinearSchema = z.strictObject({
  kind: z.literal('mixed-linear'),
  /** σ², the variance of every initial weight entry (> 0). */
  sigma2: positive().describe('σ², the variance of every entry of W1(0) and W2(0) (> 0); the threshold of (1) is σ²·width.'),
  /** Hidden width w. */
  width: size().describe('Hidden width w (at least rank(Y)).'),
}).describe('Shallow linear network A = W2 W1 with N(0, σ²) init (Tu, Aranguri & Jacot 2024); exact side: the self-consistent dynamics (1).');

export const matrixTaskSchema = z.strictObject({
  kind: z.literal('matrix'),
  /** The training target Y, d_out×d_in; cost ½‖A − Y‖²_F. */
  Y: matrix().describe('Target Y (d_out×d_in, row-major); cost C(A) = ½‖A − Y‖²_F.'),
  /** The clean target A* (same shape), for the test error ‖A − A*‖²_F/d². */
  Astar: matrix().optional().describe('Clean target A* (same shape as Y) for the test error.'),
  name: z.string().optional(),
}).describe('Matrix estimation: fit A to Y under ½‖A − Y‖²_F.');

export const noisyLowRankTaskSchema = z.strictObject({
  kind: z.literal('noisy-low-rank'),
  /** Square size d (d_in = d_out = d). */
  d: size().optional().describe('Square size d (d_in = d_out = d); or give dOut and dIn.'),
  dOut: size().optional(),
  dIn: size().optional(),
  /** Rank k of A* = C Dᵀ (the paper uses 5). */
  rank: size().describe('Rank k of the clean target A* = C Dᵀ (the paper uses 5).'),
  /** Standard deviation of the noise E (default 1). */
  noiseStd: nonNegative().optional().describe('Standard deviation of the noise E (default 1; 0: noiseless).'),
  seed: seed().optional(),
}).describe('The noisy low-rank task of spec §A.1: Y = A* + E, A* = C Dᵀ of rank k, E i.i.d. N(0, noiseStd²).');

export const mixedExplicitInitSchema = z.strictObject({
  kind: z.literal('explicit'),
  /** A(0), d_out×d_in (all the dynamics (1) needs). */
  A: matrix().optional().describe('A(0) = W2(0)W1(0), d_out×d_in.'),
  /** W₁(0), w×d_in. */
  W1: matrix().optional().describe('W1(0), width×d_in.'),
  /** W₂(0), d_out×w. */
  W2: matrix().optional().describe('W2(0), d_out×width.'),
}).describe('A(0) as given (and/or the weights W1, W2 with A(0) = W2 W1).');

export const mixedGaussianInitSchema = z.strictObject({
  kind: z.literal('gaussian'),
  seed: seed().optional(),
}).describe('W1, W2 with i.i.d. N(0, σ²) entries (σ² and the width from the model), A(0) = W2 W1.');

export const mixedTaskSchema = z.discriminatedUnion('kind', [matrixTaskSchema, noisyLowRankTaskSchema]);
export const mixedInitSchema = z.discriminatedUnion('kind', [mixedExplicitInitSchema, mixedGaussianInitSchema]);

export const mixedLinearDocument = documentOf('mixed-linear', mixedLinearSchema, mixedTaskSchema, mixedInitSchema);
/** A validated `mixed-linear` experiment document (Tu, Aranguri & Jacot 2024; spec §A.1). */
export type MixedLinearDocument = z.infer<typeof mixedLinearDocument>;

/** A built mixed-linear experiment. Times are t/τ of the gradient flow on C (GD step k ↔ t = k·η). */
export interface BuiltMixedLinear {
  readonly family: 'mixed-linear';
  readonly model: z.infer<typeof mixedLinearSchema>;
  /** Target Y, d_out×d_in. */
  readonly Y: Matrix;
  /** Clean target A*, when given. */
  readonly Astar: Matrix | undefined;
  /** A(0). */
  readonly A0: Matrix;
  /** W₁(0) (w×d_in) and W₂(0) (d_out×w), when the init gives or draws them. */
  readonly W1: Matrix | undefined;
  readonly W2: Matrix | undefined;
}

/** Y and A* of the task section (a noisy low-rank task draws from `createRandom(task.seed ?? base, 'task')`). */
function mixedTarget(task: z.infer<typeof mixedTaskSchema>, base: number): { Y: Matrix; Astar: Matrix | undefined } {
  if (task.kind === 'matrix') {
    const Y = Matrix.from(task.Y);
    const Astar = task.Astar === undefined ? undefined : matrixOfShape('task.Astar', task.Astar, [Y.rows, Y.cols], `A* has the shape of task.Y, ${Y.rows}x${Y.cols}`);
    return { Y, Astar };
  }
  const dOut = task.dOut ?? task.d;
  const dIn = task.dIn ?? task.d;
  if (dOut === undefined || dIn === undefined) {
    throw new ConfigError('task.d: missing required field; a noisy-low-rank task needs its size d (or dOut and dIn).', { path: 'task.d' });
  }
  if (task.d !== undefined && ((task.dOut ?? task.d) !== task.d || (task.dIn ?? task.d) !== task.d)) {
    throw new ConfigError(`task.d: d = ${task.d} disagrees with dOut/dIn; give d alone for a square task, or dOut and dIn.`, { path: 'task.d' });
  }
  if (task.rank > Math.min(dOut, dIn)) {
    throw new ConfigError(`task.rank: a ${dOut}x${dIn} target has rank at most ${Math.min(dOut, dIn)}, got ${task.rank}.`, { path: 'task.rank' });
  }
  checkMatrixEntries('task.d', dOut, dIn, 'the target Y (d_out×d_in)');
  const t = noisyLowRankTask({ dOut, dIn, rank: task.rank, ...(task.noiseStd !== undefined ? { noiseStd: task.noiseStd } : {}), stream: createRandom(task.seed ?? base, 'task') });
  return { Y: t.Y, Astar: t.Astar };
}

/**
 * Builds the target and the initial state of a validated mixed-linear document.
 * @param base the base seed (CLI `--seed`, else the document's `seed`, else 0)
 */
export function buildMixedLinear(doc: MixedLinearDocument & CommonSections, base: number): BuiltMixedLinear {
  const { sigma2, width } = doc.model;
  const { Y, Astar } = mixedTarget(doc.task, base);
  const [dout, din] = [Y.rows, Y.cols];
  checkMatrixEntries('model.width', width, Math.max(din, dout), 'the larger of W1 (width×d_in) and W2 (d_out×width)');
  const rankY = matrixRank(Y);
  if (width < rankY) {
    throw new ConfigError(
      `model.width: width ${width} is below rank(Y) = ${rankY}, and A = W2W1 has rank at most the width, so Y cannot be fitted; set width to at least ${rankY}.`,
      { path: 'model.width' },
    );
  }
  let A0: Matrix;
  let W1: Matrix | undefined;
  let W2: Matrix | undefined;
  const init = doc.init;
  if (init.kind === 'explicit') {
    if (init.A === undefined && init.W1 === undefined && init.W2 === undefined) {
      throw new ConfigError('init.A: missing required field; an explicit mixed-linear init needs A (d_out×d_in), or W1 (width×d_in) and W2 (d_out×width).', { path: 'init.A' });
    }
    if ((init.W1 === undefined) !== (init.W2 === undefined)) {
      const missing = init.W1 === undefined ? 'init.W1' : 'init.W2';
      throw new ConfigError(`${missing}: missing required field; give both W1 (width×d_in) and W2 (d_out×width), or only A.`, { path: missing });
    }
    if (init.W1 !== undefined && init.W2 !== undefined) {
      W1 = matrixOfShape('init.W1', init.W1, [width, din], `W1 is width×d_in with width = ${width} from model.width and d_in = ${din} from task.Y`);
      W2 = matrixOfShape('init.W2', init.W2, [dout, width], `W2 is d_out×width with d_out = ${dout} from task.Y and width = ${width}`);
    }
    if (init.A !== undefined) {
      A0 = matrixOfShape('init.A', init.A, [dout, din], `A has the shape of task.Y, ${dout}x${din}`);
      if (W1 && W2) {
        const err = relativeError(matmul(W2, W1), A0);
        if (!(err <= 1e-12)) {
          throw new ConfigError(`init.A: A differs from W2·W1 (relative error ${err.toExponential(2)}); give A alone, the weights alone, or A = W2·W1.`, { path: 'init.A' });
        }
      }
      const rankA = matrixRank(A0);
      if (rankA > width) {
        throw new ConfigError(`init.A: rank(A(0)) = ${rankA} exceeds model.width = ${width}, so A(0) is not W2W1 for any weights of that width; raise the width.`, {
          path: 'init.A',
        });
      }
    } else {
      A0 = matmul(W2 as Matrix, W1 as Matrix);
    }
  } else {
    const stream = createRandom(init.seed ?? base, 'init');
    const std = Math.sqrt(sigma2);
    W1 = gaussianMatrix(stream.split('W1'), width, din, { std });
    W2 = gaussianMatrix(stream.split('W2'), dout, width, { std });
    A0 = matmul(W2, W1);
  }
  return { family: 'mixed-linear', model: doc.model, Y, Astar, A0, W1, W2 };
}
