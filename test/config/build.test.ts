/**
 * buildExperiment: from a validated document to task, weights and training plan, using the tasks
 * and init modules; shape problems the schema cannot see are ConfigErrors naming both shapes.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../../src/errors/index.js';
import { buildExperiment, validateExperiment } from '../../src/config/index.js';
import { measureBalance } from '../../src/init/index.js';
import { Matrix } from '../../src/linalg/matrix.js';
import { matmul } from '../../src/linalg/ops.js';
import { svdValues } from '../../src/linalg/decompositions.js';
import { whiteningReport } from '../../src/tasks/index.js';
import { balancedDoc, explicitDoc } from './documents.js';

const build = (doc: unknown, options: { seed?: number; loadMatrix?: (p: string, f: string) => Matrix } = {}) => buildExperiment(validateExperiment(doc), options);

function configMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    return error.message;
  }
  assert.fail('expected a ConfigError');
}

describe('buildExperiment on the issue documents', () => {
  it('explicit init: the weights are the given matrices, the task is the given Σ_yx', () => {
    const b = build(explicitDoc());
    assert.deepEqual(b.weights[0].toArray(), [[0.3, 0], [0, 0.2]]);
    assert.deepEqual(b.weights[1].toArray(), [[0.4, 0], [0, 0.1]]);
    assert.deepEqual(b.task.sigmaYX.toArray(), [[2, 0.5], [0.1, 1]]);
    assert.equal(b.task.whitened, true);
    assert.deepEqual(b.widths, [2, 2, 2]);
    assert.deepEqual(b.train, { method: 'gd', learningRate: 0.01, steps: 500, tEnd: 5, rtol: 1e-10, atol: 1e-12 });
    // The explicit init is not λ-balanced: W₂ᵀW₂ − W₁W₁ᵀ = diag(0.07, −0.03).
    const m = measureBalance(b.weights[0], b.weights[1]);
    assert.ok(Math.abs(m.balance.get(0, 0) - 0.07) < 1e-15 && Math.abs(m.balance.get(1, 1) + 0.03) < 1e-15);
  });

  it('λ-balanced init: W₂ᵀW₂ − W₁W₁ᵀ = −1.5·I to 1e-14 and W(0) has singular values 0.2', () => {
    const b = build(balancedDoc());
    const m = measureBalance(b.weights[0], b.weights[1]);
    assert.ok(Math.abs(m.lambda + 1.5) < 1e-14, `λ = ${m.lambda}`);
    assert.ok(m.deviation < 1e-14, `deviation ${m.deviation}`); // round-off of a 2×2 construction
    const s = svdValues(matmul(b.weights[1], b.weights[0]));
    for (const v of s) assert.ok(Math.abs(v - 0.2) < 1e-14, `singular value ${v}`);
  });

  it('init.seed fixes the draw; without it the CLI seed, then the document seed, chooses it', () => {
    const a = build(balancedDoc(), { seed: 1 });
    const b = build(balancedDoc(), { seed: 2 });
    assert.deepEqual(a.weights[0].toArray(), b.weights[0].toArray(), 'init.seed = 7 wins over the CLI seed');
    const noSeed = balancedDoc();
    delete noSeed.init.seed;
    const c = build(noSeed, { seed: 1 });
    const d = build(noSeed, { seed: 2 });
    assert.notDeepEqual(c.weights[0].toArray(), d.weights[0].toArray());
    const docSeed = { ...noSeed, seed: 1 };
    assert.deepEqual(build(docSeed).weights[0].toArray(), c.weights[0].toArray(), 'document seed 1 = CLI seed 1');
    assert.deepEqual(build(docSeed, { seed: 2 }).weights[0].toArray(), d.weights[0].toArray(), 'the CLI seed overrides the document seed');
  });
});

describe('buildExperiment: every task kind', () => {
  const withTask = (task: unknown, init: unknown = { kind: 'lecun', hidden: 3 }) => ({ model: { kind: 'two-layer-linear' }, task, init });

  it('semantic task: 8×8, whitened, singular values 1, 1, 0.707, 0.707, 0.5 ×4 (spec §5.4)', () => {
    const b = build(withTask({ kind: 'semantic' }));
    assert.equal(b.task.ni, 8);
    assert.equal(b.task.no, 8);
    const s = Array.from(svdValues(b.task.sigmaYX));
    const want = [1, 1, Math.SQRT1_2, Math.SQRT1_2, 0.5, 0.5, 0.5, 0.5];
    s.forEach((v, i) => assert.ok(Math.abs(v - want[i]) < 1e-14, `s[${i}] = ${v}`));
  });

  it('random low-rank task: the requested shape, rank and singular values', () => {
    const b = build(withTask({ kind: 'random-low-rank', ni: 5, no: 3, rank: 2, singularValues: [2, 1], seed: 3 }));
    const s = Array.from(svdValues(b.task.sigmaYX));
    assert.equal(b.task.sigmaYX.rows, 3);
    assert.equal(b.task.sigmaYX.cols, 5);
    assert.ok(Math.abs(s[0] - 2) < 1e-13 && Math.abs(s[1] - 1) < 1e-13 && s[2] < 1e-13, `s = ${s}`);
  });

  it('gaussian regression: PCA-whitened by default, Σ_xx = I to 1e-12', () => {
    const b = build(withTask({ kind: 'gaussian-regression', ni: 3, no: 2, p: 10, seed: 4 }));
    assert.ok(b.task.X && b.task.X.cols === 10);
    assert.ok(whiteningReport(b.task).deviation < 1e-12);
  });

  it('data task: inline matrices, or paths through the loader (relative to the document)', () => {
    const X = [[1, 0, 1], [0, 1, 1]];
    const Y = [[1, 2, 3]];
    const inline = build(withTask({ kind: 'data', X, Y }, { kind: 'lecun', hidden: 1 }));
    assert.deepEqual(inline.task.sigmaYX.toArray(), [[4 / 3, 5 / 3]]);
    const seen: string[] = [];
    const loaded = build(withTask({ kind: 'data', X: 'x.npy', Y: 'y.npy' }, { kind: 'lecun', hidden: 1 }), {
      loadMatrix: (p, f) => (seen.push(`${f}=${p}`), Matrix.from(p === 'x.npy' ? X : Y)),
    });
    assert.deepEqual(seen, ['task.X=x.npy', 'task.Y=y.npy']);
    assert.deepEqual(loaded.task.sigmaYX.toArray(), inline.task.sigmaYX.toArray());
    assert.match(configMessage(() => build(withTask({ kind: 'data', X: 'x.npy', Y }, { kind: 'lecun', hidden: 1 }))), /^task\.X: "x\.npy" is a file path/);
  });
});

describe('buildExperiment: combinations the schema cannot check', () => {
  it('W1 inner size against the task names both shapes', () => {
    const doc = explicitDoc();
    doc.init.W1 = [[0.3, 0, 0], [0, 0.2, 0]];
    assert.equal(configMessage(() => build(doc)), 'init.W1: shape 2x3 does not fit, expected 2x2 (W1 is N_h×N_i and the task has N_i = 2).');
  });

  it('W2 columns against W1 rows names both shapes', () => {
    const doc = explicitDoc();
    doc.init.W2 = [[0.4, 0, 1], [0, 0.1, 1]];
    assert.equal(configMessage(() => build(doc)), 'init.W2: shape 2x3 does not fit, expected 2x2 (W2 is N_o×N_h with N_o = 2 from the task and N_h = 2 from init.W1).');
  });

  it('model.hidden must agree with the init', () => {
    const doc = balancedDoc();
    doc.model.hidden = 3;
    assert.equal(configMessage(() => build(doc)), 'init.hidden: hidden width 2 disagrees with model.hidden = 3; give it once or make them equal.');
  });

  it('a gaussian init needs a hidden width', () => {
    const doc = explicitDoc();
    doc.init = { kind: 'gaussian', std1: 0.1, std2: 0.1 };
    assert.match(configMessage(() => build(doc)), /^init\.hidden: missing required field; a gaussian init needs the hidden width/);
  });

  it('λ-balanced init is refused on a deep network', () => {
    const doc = balancedDoc();
    doc.model = { kind: 'deep-linear', widths: [2, 2, 2, 2] };
    delete doc.init.hidden;
    assert.match(configMessage(() => build(doc)), /^init\.kind: "lambda-balanced" is a two-layer construction and is not defined for model kind "deep-linear"/);
  });

  it('deep widths must match the task; explicit deep weights are checked layer by layer', () => {
    const doc = explicitDoc();
    doc.model = { kind: 'deep-linear', widths: [3, 2, 2] };
    assert.match(configMessage(() => build(doc)), /^model\.widths: first and last sizes 3 and 2 do not match the task's N_i = 2 and N_o = 2/);
    doc.model.widths = [2, 2, 3, 2];
    doc.init = { kind: 'explicit', weights: [[[1, 0], [0, 1]], [[1, 0], [0, 1]], [[1, 0, 0], [0, 1, 0]]] };
    assert.equal(configMessage(() => build(doc)), 'init.weights[1]: shape 2x2 does not fit, expected 3x2 (W2 is N_2×N_1 with model.widths = [2, 2, 3, 2]).');
  });

  it('a deep LeCun init has the widths of the model and variance 1/fan-in in expectation', () => {
    const b = build({ model: { kind: 'deep-linear', widths: [4, 30, 30, 2] }, task: { kind: 'random-low-rank', ni: 4, no: 2, rank: 2 }, init: { kind: 'lecun', seed: 5 } });
    assert.deepEqual(b.weights.map((w) => [w.rows, w.cols]), [[30, 4], [30, 30], [2, 30]]);
    const W2 = b.weights[1];
    let ss = 0;
    for (const v of W2.data) ss += v * v;
    // 900 entries of variance 1/30: the sample variance is within 5 standard errors (√(2/900)/30 each).
    assert.ok(Math.abs(ss / 900 - 1 / 30) < 5 * Math.sqrt(2 / 900) / 30, `variance ${ss / 900}`);
  });

  it('per-layer learning rates must match the number of layers', () => {
    const doc = explicitDoc();
    doc.train = { method: 'gd', learningRates: [0.1, 0.1, 0.1], steps: 10 };
    assert.equal(configMessage(() => build(doc)), 'train.learningRates: the model has 2 weight matrices, so give 2 rates, got 3.');
  });

  it('random low-rank rank above min(ni, no)', () => {
    assert.equal(
      configMessage(() => build({ model: { kind: 'two-layer-linear' }, task: { kind: 'random-low-rank', ni: 3, no: 2, rank: 3 }, init: { kind: 'lecun', hidden: 2 } })),
      'task.rank: a 2x3 task has rank at most min(ni, no) = 2, got 3.',
    );
  });
});

describe('training plan', () => {
  it('gd from tEnd: steps = round(tEnd/η), tEnd = steps·η', () => {
    const doc = explicitDoc();
    doc.train = { method: 'gd', learningRate: 0.01, tEnd: 2 };
    const plan = build(doc).train!;
    assert.equal(plan.steps, 200);
    assert.equal(plan.tEnd, 2);
  });

  it('flow from steps and a learning rate ends at steps·η', () => {
    const doc = explicitDoc();
    doc.train.method = 'flow';
    assert.equal(build(doc).train!.tEnd, 5);
  });

  it('record.every and train.recordEvery must agree; record times must be inside the run', () => {
    const doc = explicitDoc();
    doc.train.recordEvery = 10;
    doc.record = { every: 20 };
    assert.equal(configMessage(() => build(doc)), 'record.every: 20 disagrees with train.recordEvery = 10; give it once.');
    const late = explicitDoc();
    late.record = { times: [1, 6] };
    assert.equal(configMessage(() => build(late)), 'record.times: time 6 is after the end of training t = 5; record only up to 5.');
  });
});
