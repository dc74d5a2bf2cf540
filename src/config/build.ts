/**
 * From a validated experiment document to the objects the core works with: the task, the initial
 * weights and the training plan. Pure (no files): `.npy` paths of a data task are resolved through
 * the `loadMatrix` callback the CLI supplies.
 *
 * Seeds: every random draw comes from an explicit stream. The base seed is `options.seed` (the
 * CLI's `--seed`), else the document's `seed`, else 0. The task draws from
 * `createRandom(task.seed ?? base, 'task')`, the init from `createRandom(init.seed ?? base, 'init')`
 * and SGD batches from `createRandom(base, 'train')`.
 * @module
 */
import { ConfigError } from '../errors/index.js';
import { Matrix } from '../linalg/matrix.js';
import { createRandom, type RandomStream } from '../random/index.js';
import { gaussianRegressionTask, randomLowRankTask, semanticTask, taskFromData, whitenedTask } from '../tasks/index.js';
import type { LinearTask } from '../tasks/types.js';
import type { CommonSections } from './document.js';
import type { ExperimentDocument, LinearExperimentDocument } from './kinds.js';
import { modelKindOf, type ModelDocument } from './models/index.js';
import type { TaskDocument } from './tasks.js';
import { checkMatrixEntries } from './primitives.js';

/** Options of {@link buildExperiment}. */
export interface BuildOptions {
  /** Overrides the document's seed (the CLI's `--seed`). */
  seed?: number;
  /** Loads a matrix given as a path in a data task (`field` is e.g. `task.X`). */
  loadMatrix?: (path: string, field: string) => Matrix;
}

/** How to simulate, with every default filled in. Times are t/τ (step k ↔ t = k·η). */
export interface TrainPlan {
  method: 'gd' | 'sgd' | 'flow';
  /** η of every layer, or the reference rate η₁ with per-layer rates. */
  learningRate?: number;
  learningRates?: number[];
  steps?: number;
  batchSize?: number;
  /** Final time t/τ (= steps·η for gd/sgd). */
  tEnd: number;
  /** Integrator tolerances (flow): defaults 1e-10 and 1e-12. */
  rtol: number;
  atol: number;
  /** Record every this many steps (gd/sgd). */
  recordEvery?: number;
  /** Record at these times t/τ instead. */
  recordTimes?: number[];
}

/** What every built document has besides its model's own objects. */
export interface BuiltCommon {
  /** Present when the document has a `train` section. */
  train: TrainPlan | undefined;
  /** The base seed used. */
  seed: number;
  /** Default evaluation times of the closed form (`theory.times`), if any. */
  theoryTimes: number[] | undefined;
}

/** What {@link buildExperiment} returns (the linear-network models of issue 4). */
export interface BuiltExperiment extends BuiltCommon {
  readonly family: 'linear';
  task: LinearTask;
  /** Initial weights [W₁, …, W_L]. */
  weights: Matrix[];
  /** Layer widths [N_i, …, N_o]. */
  widths: number[];
  model: ModelDocument;
  document: LinearExperimentDocument;
}

function dataMatrix(value: number[][] | string, field: string, loadMatrix: BuildOptions['loadMatrix']): Matrix {
  if (typeof value !== 'string') return Matrix.from(value);
  if (!loadMatrix) {
    throw new ConfigError(`${field}: "${value}" is a file path, which only the command line can read; give the matrix inline or run the document with lazyrich.`, {
      path: field,
    });
  }
  return loadMatrix(value, field);
}

/** Builds the task of the document. */
export function buildTask(doc: TaskDocument, base: number, loadMatrix?: BuildOptions['loadMatrix']): LinearTask {
  const stream = (): RandomStream => createRandom(('seed' in doc && doc.seed !== undefined ? doc.seed : base), 'task');
  switch (doc.kind) {
    case 'whitened': {
      return whitenedTask(Matrix.from(doc.sigmaYX), {
        ...(doc.name !== undefined ? { name: doc.name } : {}),
        ...(doc.yyTrace !== undefined ? { yyTrace: doc.yyTrace } : {}),
      });
    }
    case 'data': {
      const X = dataMatrix(doc.X, 'task.X', loadMatrix);
      const Y = dataMatrix(doc.Y, 'task.Y', loadMatrix);
      if (X.cols !== Y.cols) {
        throw new ConfigError(
          `task.Y: shape ${Y.rows}x${Y.cols} does not fit task.X of shape ${X.rows}x${X.cols}; both have one column per sample (X is N_i×P, Y is N_o×P).`,
          { path: 'task.Y' },
        );
      }
      return taskFromData(X, Y, {
        ...(doc.whiten !== undefined ? { whiten: doc.whiten } : {}),
        ...(doc.tolerance !== undefined ? { tolerance: doc.tolerance } : {}),
        ...(doc.name !== undefined ? { name: doc.name } : {}),
      });
    }
    case 'random-low-rank': {
      if (doc.rank > Math.min(doc.ni, doc.no)) {
        throw new ConfigError(`task.rank: a ${doc.no}x${doc.ni} task has rank at most min(ni, no) = ${Math.min(doc.ni, doc.no)}, got ${doc.rank}.`, {
          path: 'task.rank',
        });
      }
      if (doc.singularValues !== undefined && doc.singularValues.length !== doc.rank) {
        throw new ConfigError(`task.singularValues: expected ${doc.rank} values (one per rank), got ${doc.singularValues.length}.`, {
          path: 'task.singularValues',
        });
      }
      checkMatrixEntries('task.ni', doc.no, doc.ni, 'the task matrix Σ_yx (no×ni)');
      return randomLowRankTask(stream(), {
        ni: doc.ni,
        no: doc.no,
        rank: doc.rank,
        ...(doc.singularValues !== undefined ? { singularValues: doc.singularValues } : {}),
      });
    }
    case 'semantic':
      return semanticTask({ whitened: true });
    case 'gaussian-regression': {
      const whiten = doc.whiten ?? 'pca';
      if (whiten !== 'none' && doc.p < doc.ni) {
        throw new ConfigError(`task.p: whitening ${doc.ni}-dimensional inputs needs at least ${doc.ni} samples, got p = ${doc.p}; raise p or set whiten: "none".`, {
          path: 'task.p',
        });
      }
      checkMatrixEntries('task.p', Math.max(doc.ni, doc.no), doc.p, 'the larger data matrix (X is ni×p, Y is no×p)');
      return gaussianRegressionTask(stream(), { ni: doc.ni, no: doc.no, p: doc.p, whiten });
    }
  }
}

/** Fills in the training plan (see {@link TrainPlan}); `layers` is the number of weight matrices. */
export function buildTrainPlan(doc: CommonSections, layers: number): TrainPlan | undefined {
  const train = doc.train;
  if (!train) return undefined;
  if (train.learningRates !== undefined && train.learningRates.length !== layers) {
    throw new ConfigError(`train.learningRates: the model has ${layers} weight matrices, so give ${layers} rates, got ${train.learningRates.length}.`, {
      path: 'train.learningRates',
    });
  }
  if (train.recordEvery !== undefined && doc.record?.every !== undefined && train.recordEvery !== doc.record.every) {
    throw new ConfigError(`record.every: ${doc.record.every} disagrees with train.recordEvery = ${train.recordEvery}; give it once.`, { path: 'record.every' });
  }
  const eta = train.learningRate ?? train.learningRates?.[0];
  const plan: TrainPlan = {
    method: train.method,
    tEnd: 0,
    rtol: train.rtol ?? 1e-10,
    atol: train.atol ?? 1e-12,
  };
  if (train.learningRate !== undefined) plan.learningRate = train.learningRate;
  if (train.learningRates !== undefined) {
    plan.learningRates = [...train.learningRates];
    plan.learningRate = train.learningRates[0];
  }
  if (train.batchSize !== undefined) plan.batchSize = train.batchSize;
  const every = doc.record?.every ?? train.recordEvery;
  if (every !== undefined) plan.recordEvery = every;
  if (doc.record?.times !== undefined) plan.recordTimes = [...doc.record.times];
  if (train.method === 'flow') {
    plan.tEnd = train.tEnd ?? (train.steps as number) * (eta as number);
    if (eta !== undefined && train.steps !== undefined) plan.steps = train.steps;
  } else {
    const steps = train.steps ?? Math.round((train.tEnd as number) / (eta as number));
    if (steps < 1) {
      throw new ConfigError(`train.tEnd: tEnd/learningRate = ${(train.tEnd as number) / (eta as number)} rounds to no step at all; raise tEnd or lower the learning rate.`, {
        path: 'train.tEnd',
      });
    }
    plan.steps = steps;
    plan.tEnd = steps * (eta as number);
  }
  if (plan.recordTimes) {
    const bad = plan.recordTimes.find((t) => t > plan.tEnd * (1 + 1e-12));
    if (bad !== undefined) {
      throw new ConfigError(`record.times: time ${bad} is after the end of training t = ${plan.tEnd}; record only up to ${plan.tEnd}.`, { path: 'record.times' });
    }
  }
  return plan;
}

/**
 * Builds the task, the initial weights and the training plan of a validated document.
 * @throws ConfigError for combinations the schema alone cannot catch (shapes against the task,
 *   a λ-balanced init on a deep model, …), naming the path and both shapes.
 * @example
 * const text = '{"model": {"kind": "two-layer-linear"}, "task": {"kind": "semantic"}, "init": {"kind": "lecun", "hidden": 8}}';
 * const doc = validateExperiment(JSON.parse(text));
 * const { task, weights, train } = buildExperiment(doc, { seed: 1 });
 * [task.ni, task.no]; // → [8, 8]
 */
export function buildExperiment(document: ExperimentDocument, options: BuildOptions = {}): BuiltExperiment {
  if (!isLinearDocument(document)) {
    throw new ConfigError(
      `model.kind: "${document.model.kind}" is not a linear-network model (two-layer-linear, deep-linear); build it with buildDocument.`,
      { path: 'model.kind' },
    );
  }
  const doc = document;
  const base = options.seed ?? doc.seed ?? 0;
  const task = buildTask(doc.task, base, options.loadMatrix);
  const initSeed = 'seed' in doc.init && doc.init.seed !== undefined ? doc.init.seed : base;
  checkLinearSizes(doc, task);
  const kind = modelKindOf(doc.model);
  const built = kind.buildWeights(doc.model, { task, init: doc.init, initStream: () => createRandom(initSeed, 'init') });
  return {
    family: 'linear',
    task,
    weights: built.weights,
    widths: built.widths,
    model: doc.model,
    train: buildTrainPlan(doc, built.weights.length),
    seed: base,
    theoryTimes: doc.theory?.times ? [...doc.theory.times] : undefined,
    document: doc,
  };
}

/**
 * Refuses, before any weight is drawn, a linear network whose layers would exceed
 * MAX_MATRIX_ENTRIES: the hidden width (model.hidden or init.hidden) against N_i and N_o for two
 * layers, consecutive model.widths for a deep network.
 */
function checkLinearSizes(doc: LinearExperimentDocument, task: LinearTask): void {
  if (doc.model.kind === 'deep-linear') {
    const w = doc.model.widths;
    for (let l = 0; l + 1 < w.length; l++) checkMatrixEntries('model.widths', w[l + 1], w[l], `W${l + 1} (N_${l + 1}×N_${l})`);
    return;
  }
  const init = doc.init as { hidden?: number };
  const hidden = doc.model.hidden ?? init.hidden;
  if (hidden === undefined) return;
  const path = doc.model.hidden !== undefined ? 'model.hidden' : 'init.hidden';
  checkMatrixEntries(path, hidden, Math.max(task.ni, task.no), 'the larger of W1 (N_h×N_i) and W2 (N_o×N_h)');
}

/** True for the documents of the linear-network models of issue 4 (two-layer-linear, deep-linear). */
export function isLinearDocument(doc: ExperimentDocument): doc is LinearExperimentDocument {
  return doc.model.kind === 'two-layer-linear' || doc.model.kind === 'deep-linear';
}

/** The common part of every built document: training plan, base seed and default theory times. */
export function buildCommon(doc: ExperimentDocument, options: BuildOptions, layers: number): BuiltCommon {
  return {
    train: buildTrainPlan(doc, layers),
    seed: options.seed ?? doc.seed ?? 0,
    theoryTimes: doc.theory?.times ? [...doc.theory.times] : undefined,
  };
}
