/**
 * Per-model documents (issues 5 and 6): the three issue documents are accepted as written and built
 * to the values they state; each model kind has its own task and init sections ("explicit" means
 * A, u/w or a/w depending on the model); bad documents give one sentence naming the path (exit 2
 * from the command line). Messages are compared in full, so a changed wording fails the test.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../../src/errors/index.js';
import { buildDocument, buildExperiment, parseExperiment, validateExperiment } from '../../src/config/index.js';
import { matmul } from '../../src/linalg/ops.js';
import { createRandom } from '../../src/random/index.js';
import { noisyLowRankTask } from '../../src/tasks/noisy-low-rank.js';
import { runCli, tempDir, writeDoc } from './cli-run.js';
import { MIXED_TEXT, SCALAR_WIDTH_TEXT, SINGLE_NEURON_TEXT } from './documents.js';

function messageOf(fn: () => unknown): { message: string; path: string | undefined } {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    return { message: error.message, path: error.path };
  }
  assert.fail('expected the document to be rejected');
}

describe('the issue-5 and issue-6 documents', () => {
  it('mixed-linear: accepted and built (Y, A(0), no weights)', () => {
    const built = buildDocument(parseExperiment(MIXED_TEXT, 'mixed.json'));
    assert.equal(built.family, 'mixed-linear');
    if (built.family !== 'mixed-linear') return;
    assert.deepEqual(built.model, { kind: 'mixed-linear', sigma2: 0.01, width: 400 });
    assert.deepEqual(built.Y.toArray(), [[1, 0.5], [0, 2]]);
    assert.deepEqual(built.A0.toArray(), [[0.01, 0], [0, 0.02]]);
    assert.equal(built.W1, undefined);
    assert.equal(built.train, undefined);
    assert.equal(built.seed, 0);
  });

  it('scalar-width: accepted and built (a, Σ_xx, u, w)', () => {
    const built = buildDocument(parseExperiment(SCALAR_WIDTH_TEXT, 'sw.json'));
    assert.equal(built.family, 'scalar-width');
    if (built.family !== 'scalar-width') return;
    assert.deepEqual(built.model, { kind: 'scalar-width', kappa: 0.1, etaU: 1, etaW: 2 });
    assert.equal(built.a, 1.5);
    assert.equal(built.sigmaXX, 1);
    assert.deepEqual(Array.from(built.u), [0.1, 0.2, -0.3]);
    assert.deepEqual(Array.from(built.w), [0.3, -0.1, 0.2]);
  });

  it('single-neuron: accepted and built (β*, a, w)', () => {
    const built = buildDocument(parseExperiment(SINGLE_NEURON_TEXT, 'sn.json'));
    assert.equal(built.family, 'single-neuron');
    if (built.family !== 'single-neuron') return;
    assert.deepEqual(built.model, { kind: 'single-neuron', etaW: 1, etaA: 1 });
    assert.deepEqual(Array.from(built.betaStar), [1, -0.5]);
    assert.equal(built.a, 0.3);
    assert.deepEqual(Array.from(built.w), [0.1, 0.05]);
  });

  it('buildExperiment (linear models only) refuses the new kinds with a sentence', () => {
    assert.equal(
      messageOf(() => buildExperiment(parseExperiment(MIXED_TEXT, 'm.json'))).message,
      'model.kind: "mixed-linear" is not a linear-network model (two-layer-linear, deep-linear); build it with buildDocument.',
    );
  });
});

describe('random tasks and inits of the new kinds', () => {
  it('mixed-linear noisy-low-rank task: the §A.1 draw of noisyLowRankTask from createRandom(seed, "task")', () => {
    const doc = { model: { kind: 'mixed-linear', sigma2: 0.1, width: 50 }, task: { kind: 'noisy-low-rank', d: 6, rank: 2, noiseStd: 0.5, seed: 9 }, init: { kind: 'gaussian' } };
    const built = buildDocument(validateExperiment(doc));
    assert.ok(built.family === 'mixed-linear');
    const ref = noisyLowRankTask({ d: 6, rank: 2, noiseStd: 0.5, stream: createRandom(9, 'task') });
    assert.deepEqual(built.Y.data, ref.Y.data);
    assert.deepEqual(built.Astar!.data, ref.Astar.data);
    // Without task.seed the base seed (--seed) is used.
    const { seed: _s, ...noSeed } = doc.task;
    const b1 = buildDocument(validateExperiment({ ...doc, task: noSeed }), { seed: 9 });
    assert.ok(b1.family === 'mixed-linear');
    assert.deepEqual(b1.Y.data, ref.Y.data);
  });

  it('mixed-linear gaussian: W1 (w×d), W2 (d×w) with entries of variance σ², A(0) = W2W1, reproducible', () => {
    const doc = { model: { kind: 'mixed-linear', sigma2: 0.25, width: 2000 }, task: { kind: 'matrix', Y: [[1, 0], [0, 1], [2, 2]] }, init: { kind: 'gaussian', seed: 3 } };
    const a = buildDocument(validateExperiment(doc));
    const b = buildDocument(validateExperiment(doc));
    assert.ok(a.family === 'mixed-linear' && b.family === 'mixed-linear');
    assert.deepEqual([a.W1!.rows, a.W1!.cols, a.W2!.rows, a.W2!.cols], [2000, 2, 3, 2000]);
    assert.deepEqual(a.A0.data, b.A0.data);
    assert.deepEqual(a.A0.data, matmul(a.W2!, a.W1!).data);
    // Sample variance of the 4000 + 6000 entries: within 4 standard errors (sd of a sample
    // variance of n normals is σ²√(2/n) = 0.25·√(2/10000) ≈ 0.0035).
    const all = [...a.W1!.data, ...a.W2!.data];
    const v = all.reduce((s, x) => s + x * x, 0) / all.length;
    assert.ok(Math.abs(v - 0.25) < 4 * 0.25 * Math.sqrt(2 / all.length), `variance ${v}`);
    const c = buildDocument(validateExperiment({ ...doc, init: { kind: 'gaussian', seed: 4 } }));
    assert.ok(c.family === 'mixed-linear' && c.A0.data[0] !== a.A0.data[0], 'another seed draws other weights');
  });

  it('scalar-width gaussian with ρ = 1 gives u = (σ_u/σ_w) w exactly; ρ = 0 independent draws; --seed overrides', () => {
    const base = { model: { kind: 'scalar-width', kappa: 1, etaU: 1, etaW: 1 }, task: { kind: 'scalar', a: 1, sigmaXX: 1 } };
    const one = buildDocument(validateExperiment({ ...base, init: { kind: 'gaussian', width: 50, sigmaU: 2, sigmaW: 0.5, rho: 1, seed: 1 } }));
    assert.ok(one.family === 'scalar-width');
    for (let i = 0; i < 50; i++) assert.equal(one.u[i], 4 * one.w[i]);
    const doc = validateExperiment({ ...base, init: { kind: 'gaussian', width: 5, sigmaU: 1, sigmaW: 1 } });
    const s1 = buildDocument(doc, { seed: 1 });
    const s2 = buildDocument(doc, { seed: 2 });
    assert.ok(s1.family === 'scalar-width' && s2.family === 'scalar-width');
    assert.notDeepEqual(Array.from(s1.w), Array.from(s2.w));
    assert.deepEqual(Array.from(s1.w), Array.from((buildDocument(doc, { seed: 1 }) as typeof s1).w));
  });
});

const mixed = (): any => JSON.parse(MIXED_TEXT);
const scalar = (): any => JSON.parse(SCALAR_WIDTH_TEXT);
const single = (): any => JSON.parse(SINGLE_NEURON_TEXT);

/** [description, document maker, mutation, the full expected message]. */
const BAD: [string, () => any, (d: any) => void, string][] = [
  // mixed-linear
  ['σ² = 0', mixed, (d) => (d.model.sigma2 = 0), 'model.sigma2: expected a positive number, got 0.'],
  ['σ² < 0', mixed, (d) => (d.model.sigma2 = -0.01), 'model.sigma2: expected a positive number, got -0.01.'],
  ['width as a string', mixed, (d) => (d.model.width = '400'), 'model.width: expected a number, got "400".'],
  ['negative width', mixed, (d) => (d.model.width = -3), 'model.width: expected a positive integer, got -3.'],
  ['fractional width', mixed, (d) => (d.model.width = 2.5), 'model.width: expected an integer, got 2.5.'],
  ['width below rank(Y)', mixed, (d) => (d.model.width = 1), 'model.width: width 1 is below rank(Y) = 2, and A = W2W1 has rank at most the width, so Y cannot be fitted; set width to at least 2.'],
  ['A of the wrong shape', mixed, (d) => (d.init.A = [[1, 0, 0], [0, 1, 0]]), 'init.A: shape 2x3 does not fit, expected 2x2 (A has the shape of task.Y, 2x2).'],
  ['rank A(0) above the width', mixed, (d) => ((d.task.Y = [[1, 0], [0, 0]]), (d.model.width = 1)), 'init.A: rank(A(0)) = 2 exceeds model.width = 1, so A(0) is not W2W1 for any weights of that width; raise the width.'],
  ['W1 of the wrong shape', mixed, (d) => ((d.model.width = 2), (d.init = { kind: 'explicit', W1: [[1, 0]], W2: [[1], [0]] })), 'init.W1: shape 1x2 does not fit, expected 2x2 (W1 is width×d_in with width = 2 from model.width and d_in = 2 from task.Y).'],
  ['W1 without W2', mixed, (d) => (d.init = { kind: 'explicit', W1: [[1, 0]] }), 'init.W2: missing required field; give both W1 (width×d_in) and W2 (d_out×width), or only A.'],
  ['A inconsistent with W2W1', mixed, (d) => ((d.model.width = 2), (d.init.W1 = [[1, 0], [0, 1]]), (d.init.W2 = [[1, 0], [0, 1]])), 'init.A: A differs from W2·W1 (relative error 6.23e+1); give A alone, the weights alone, or A = W2·W1.'],
  ['empty explicit init', mixed, (d) => (d.init = { kind: 'explicit' }), 'init.A: missing required field; an explicit mixed-linear init needs A (d_out×d_in), or W1 (width×d_in) and W2 (d_out×width).'],
  ['A* of the wrong shape', mixed, (d) => (d.task.Astar = [[1, 2]]), 'task.Astar: shape 1x2 does not fit, expected 2x2 (A* has the shape of task.Y, 2x2).'],
  ['ragged Y', mixed, (d) => (d.task.Y = [[1, 0.5], [0]]), 'task.Y: ragged matrix: row 0 has 2 entries but row 1 has 1; every row must have the same length.'],
  ['NaN in A', mixed, (d) => (d.init.A[1][1] = NaN), 'init.A[1][1]: expected a finite number, got NaN.'],
  ['W1/W2-style key in the wrong place', mixed, (d) => (d.init.a = [[1]]), 'init.a: unknown key; did you mean "A"?'],
  ['a two-layer task kind', mixed, (d) => (d.task = { kind: 'whitened', sigmaYX: [[1]] }), 'task.kind: "whitened" is a task kind of model kinds two-layer-linear, deep-linear; model kind "mixed-linear" takes task kinds matrix, noisy-low-rank.'],
  ['a two-layer init kind', mixed, (d) => (d.init = { kind: 'lambda-balanced', lambda: 1, scale: 1 }), 'init.kind: "lambda-balanced" is an init kind of model kinds two-layer-linear, deep-linear; model kind "mixed-linear" takes init kinds explicit, gaussian.'],
  ['an unknown task kind', mixed, (d) => (d.task.kind = 'matrx'), 'task.kind: unknown kind "matrx" (did you mean "matrix"?); known kinds: matrix, noisy-low-rank.'],
  ['noisy Y is full rank: width below d', mixed, (d) => ((d.task = { kind: 'noisy-low-rank', d: 4, rank: 1, seed: 1 }), (d.model.width = 3), (d.init = { kind: 'gaussian' })), 'model.width: width 3 is below rank(Y) = 4, and A = W2W1 has rank at most the width, so Y cannot be fitted; set width to at least 4.'],
  ['noisy-low-rank without a size', mixed, (d) => (d.task = { kind: 'noisy-low-rank', rank: 1 }), 'task.d: missing required field; a noisy-low-rank task needs its size d (or dOut and dIn).'],
  ['noisy-low-rank rank above the size', mixed, (d) => (d.task = { kind: 'noisy-low-rank', dOut: 2, dIn: 3, rank: 3 }), 'task.rank: a 2x3 target has rank at most 2, got 3.'],
  ['missing σ²', mixed, (d) => delete d.model.sigma2, 'model.sigma2: missing required field; expected a number.'],
  // scalar-width
  ['κ as a string', scalar, (d) => (d.model.kappa = 'small'), 'model.kappa: expected a number, got "small".'],
  ['η_u = 0', scalar, (d) => (d.model.etaU = 0), 'model.etaU: expected a positive number, got 0.'],
  ['Σ_xx ≤ 0', scalar, (d) => (d.task.sigmaXX = -1), 'task.sigmaXX: expected a positive number, got -1.'],
  ['u and w of different lengths', scalar, (d) => (d.init.w = [0.3, -0.1]), 'init.w: length 2 does not match init.u of length 3; u and w both have one entry per hidden unit.'],
  ['u as a matrix', scalar, (d) => (d.init.u = [[0.1]]), 'init.u[0]: expected a number, got an array of length 1.'],
  ['empty w', scalar, (d) => (d.init.w = []), 'init.w: expected at least 1 entry, got an empty array.'],
  ['ρ outside [−1, 1]', scalar, (d) => (d.init = { kind: 'gaussian', width: 4, sigmaU: 1, sigmaW: 1, rho: 1.5 }), 'init.rho: expected a number ≤ 1, got 1.5.'],
  ['gaussian without a width', scalar, (d) => (d.init = { kind: 'gaussian', sigmaU: 1, sigmaW: 1 }), 'init.width: missing required field; expected a number.'],
  ['a mixed-linear task kind', scalar, (d) => (d.task = { kind: 'matrix', Y: [[1]] }), 'task.kind: "matrix" is a task kind of model kind mixed-linear; model kind "scalar-width" takes task kind scalar.'],
  ['a misspelt model key', scalar, (d) => ((d.model.eta_u = 1), delete d.model.etaU), 'model.eta_u: unknown key; did you mean "etaU"?'],
  // single-neuron
  ['a as a list', single, (d) => (d.init.a = [0.3]), 'init.a: expected a number, got an array of length 1.'],
  ['w and β* of different lengths', single, (d) => (d.init.w = [0.1, 0.05, 0]), 'init.w: length 3 does not match task.betaStar of length 2; w and β* live in the same input space.'],
  ['negative η_a', single, (d) => (d.model.etaA = -1), 'model.etaA: expected a positive number, got -1.'],
  ['missing β*', single, (d) => delete d.task.betaStar, 'task.betaStar: missing required field; expected an array.'],
  ['an init kind it does not have', single, (d) => (d.init = { kind: 'gaussian', width: 3, sigmaU: 1, sigmaW: 1 }), 'init.kind: "gaussian" is an init kind of model kinds two-layer-linear, deep-linear, mixed-linear, scalar-width; model kind "single-neuron" takes init kind explicit.'],
  // any kind
  ['unknown model kind', single, (d) => (d.model.kind = 'single-neurons'), 'model.kind: unknown kind "single-neurons" (did you mean "single-neuron"?); known kinds: two-layer-linear, deep-linear, mixed-linear, scalar-width, single-neuron.'],
  ['unknown top-level key', mixed, (d) => (d.thoery = {}), 'thoery: unknown key; did you mean "theory"?'],
];

describe('bad documents of the new kinds: one sentence naming the path', () => {
  for (const [name, make, mutate, expected] of BAD) {
    it(name, () => {
      const doc = make();
      mutate(doc);
      const { message, path } = messageOf(() => buildDocument(validateExperiment(doc)));
      assert.equal(message, expected);
      assert.equal(message.split('\n').length, 1);
      assert.ok(path !== undefined && expected.startsWith(path), `path ${path} names the start of the message`);
    });
  }

  it('from the command line: exit 2 and the same sentence, for a schema error and a builder error of each kind', async () => {
    const dir = tempDir();
    const cases: [any, string][] = [];
    for (const name of ['σ² = 0', 'width below rank(Y)', 'κ as a string', 'u and w of different lengths', 'a as a list', 'w and β* of different lengths']) {
      const [, make, mutate, expected] = BAD.find((b) => b[0] === name)!;
      const doc = make();
      mutate(doc);
      cases.push([doc, expected]);
    }
    for (const [k, [doc, expected]] of cases.entries()) {
      const file = writeDoc(dir, `bad-${k}.json`, doc);
      const r = await runCli(['exact', file, '--at', '0,1']);
      assert.equal(r.code, 2, `${expected}: ${r.err}`);
      assert.equal(r.out, '');
      assert.equal(r.err, `lazyrich: ${expected}\n`);
    }
  });
});
