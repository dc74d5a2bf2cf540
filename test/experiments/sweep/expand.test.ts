/**
 * Sweep expansion: order (vs Python's itertools.product, test/fixtures/sweep/product.json), modes,
 * zip groups, replicates, paths (including fields the base omits), seeds independent of order,
 * point validation and the one-sentence errors.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadFixture } from '../../helpers/fixtures.js';
import { expandSweep, parsePath, pointDocument, pointKey, pointSeed } from '../../../src/experiments/sweep/expand.js';
import { linspace, logspace } from '../../../src/experiments/sweep/grid.js';
import { validateExperiment } from '../../../src/config/parse.js';
import { ConfigError } from '../../../src/errors/index.js';
import { createRandom } from '../../../src/random/index.js';

const BASE = {
  model: { kind: 'two-layer-linear' },
  task: { kind: 'whitened', sigmaYX: [[2, 0.5], [0.1, 1]] },
  init: { kind: 'lambda-balanced', lambda: 0, scale: 0.2, hidden: 2 },
  train: { method: 'gd', learningRate: 0.01, steps: 500 },
};

const withSweep = (sweep: unknown, base: object = BASE) => ({ ...structuredClone(base), sweep });

/** Expects a ConfigError whose message matches and whose path is `path`. */
function rejects(doc: unknown, message: RegExp, path?: string, options = {}) {
  assert.throws(
    () => expandSweep(doc, options),
    (e: unknown) => {
      assert.ok(e instanceof ConfigError, `expected a ConfigError, got ${String(e)}`);
      assert.match(e.message, message);
      if (path !== undefined) assert.equal(e.path, path);
      return true;
    },
  );
}

describe('expandSweep: order and modes', () => {
  it('cross mode is the Cartesian product with the first axis slowest (as itertools.product)', () => {
    const fx = loadFixture('sweep/product.json');
    const sweep = expandSweep(withSweep({ axes: fx.paths.map((path: string, i: number) => ({ path, values: fx.values[i] })) }));
    assert.deepEqual(sweep.paths, fx.paths);
    assert.equal(sweep.points.length, fx.order.length);
    sweep.points.forEach((p, i) => {
      assert.equal(p.index, i);
      assert.deepEqual(fx.paths.map((path: string) => p.assignments[path]), fx.order[i]);
    });
  });

  it('linspace and logspace axes take NumPy values (endpoint, base)', () => {
    const sweep = expandSweep(
      withSweep({
        axes: [
          { path: 'init.lambda', linspace: { start: -2, stop: 2, num: 4, endpoint: false } },
          { path: 'init.scale', logspace: { start: -2, stop: 0, num: 3, base: 2 } },
        ],
      }),
    );
    const lambdas = [...new Set(sweep.points.map((p) => p.assignments['init.lambda']))];
    const scales = [...new Set(sweep.points.map((p) => p.assignments['init.scale']))];
    assert.deepEqual(lambdas, linspace(-2, 2, 4, false));
    assert.deepEqual(scales, logspace(-2, 0, 3, true, 2));
    assert.deepEqual(lambdas, [-2, -1, 0, 1]);
    assert.deepEqual(scales, [0.25, 0.5, 1]);
  });

  it('zip mode pairs every axis elementwise', () => {
    const sweep = expandSweep(
      withSweep({
        mode: 'zip',
        axes: [
          { path: 'init.lambda', values: [-1, 0, 1] },
          { path: 'train.steps', values: [10, 20, 30] },
        ],
      }),
    );
    assert.deepEqual(
      sweep.points.map((p) => p.assignments),
      [
        { 'init.lambda': -1, 'train.steps': 10 },
        { 'init.lambda': 0, 'train.steps': 20 },
        { 'init.lambda': 1, 'train.steps': 30 },
      ],
    );
  });

  it('a zip group is paired inside and crossed with the other axes', () => {
    const sweep = expandSweep(
      withSweep({
        axes: [
          { path: 'init.lambda', values: [-1, 1] },
          { zip: [{ path: 'train.learningRate', values: [0.1, 0.01] }, { path: 'train.steps', values: [50, 500] }] },
        ],
      }),
    );
    assert.deepEqual(sweep.paths, ['init.lambda', 'train.learningRate', 'train.steps']);
    assert.deepEqual(
      sweep.points.map((p) => [p.assignments['init.lambda'], p.assignments['train.learningRate'], p.assignments['train.steps']]),
      [
        [-1, 0.1, 50],
        [-1, 0.01, 500],
        [1, 0.1, 50],
        [1, 0.01, 500],
      ],
    );
  });

  it('replicates are the innermost loop, with their own keys and seeds', () => {
    const sweep = expandSweep(withSweep({ replicates: 3, axes: [{ path: 'init.lambda', values: [-1, 1] }] }));
    assert.equal(sweep.points.length, 6);
    assert.deepEqual(
      sweep.points.map((p) => [p.assignments['init.lambda'], p.replicate]),
      [[-1, 0], [-1, 1], [-1, 2], [1, 0], [1, 1], [1, 2]],
    );
    assert.equal(new Set(sweep.points.map((p) => p.key)).size, 6);
    assert.equal(new Set(sweep.points.map((p) => p.seed)).size, 6);
  });

  it('a sweep without axes is its replicates of the base document', () => {
    const sweep = expandSweep(withSweep({ replicates: 2 }));
    assert.equal(sweep.points.length, 2);
    assert.deepEqual(sweep.paths, []);
    assert.deepEqual(sweep.points[0].assignments, {});
  });
});

describe('expandSweep: documents, keys and seeds', () => {
  it('each point document is the base with its assignments and the point seed, validated, and the base is not modified', () => {
    const doc = withSweep({ seed: 3, axes: [{ path: 'init.lambda', values: [-1.5, 2] }, { path: 'task.sigmaYX[1][0]', values: [0.3] }] });
    const before = structuredClone(doc);
    const sweep = expandSweep(doc);
    assert.deepEqual(doc, before);
    assert.deepEqual(sweep.base, BASE);
    assert.deepEqual(sweep.paths, ['init.lambda', 'task.sigmaYX.1.0']);
    for (const p of sweep.points) {
      const expected = structuredClone(BASE) as any;
      expected.init.lambda = p.assignments['init.lambda'];
      expected.task.sigmaYX[1][0] = 0.3;
      expected.seed = p.seed;
      assert.deepEqual(p.document, expected);
      assert.deepEqual(validateExperiment(p.document), expected);
      assert.equal(p.key, pointKey(p.assignments, p.replicate));
      assert.equal(p.seed, pointSeed(3, p.key));
      assert.equal(p.seed, createRandom(3, 'sweep-point', p.key).uint32());
      assert.ok(Number.isInteger(p.seed) && p.seed >= 0 && p.seed < 2 ** 32);
    }
  });

  it('sets fields that the base omits but the schema allows (init.seed, train.recordEvery, record.every)', () => {
    const sweep = expandSweep(
      withSweep({
        axes: [
          { path: 'init.seed', values: [1, 2] },
          { path: 'train.recordEvery', values: [5] },
          { path: 'record.every', values: [10] },
        ],
      }),
    );
    assert.deepEqual(
      sweep.points.map((p) => [(p.document as any).init.seed, (p.document as any).train.recordEvery, (p.document as any).record]),
      [
        [1, 5, { every: 10 }],
        [2, 5, { every: 10 }],
      ],
    );
  });

  it('array indices reach into arrays of the document (deep-linear model.widths.1)', () => {
    const deep = {
      model: { kind: 'deep-linear', widths: [2, 4, 2] },
      task: { kind: 'whitened', sigmaYX: [[2, 0.5], [0.1, 1]] },
      init: { kind: 'gaussian', std1: 0.1, std2: 0.1, hidden: 4 },
      train: { method: 'gd', learningRate: 0.01, steps: 10 },
    };
    validateExperiment(deep);
    const sweep = expandSweep({ ...deep, sweep: { axes: [{ path: 'model.widths[1]', values: [3, 5] }] } });
    assert.deepEqual(sweep.points.map((p) => (p.document as any).model.widths), [[2, 3, 2], [2, 5, 2]]);
    assert.deepEqual(deep.model.widths, [2, 4, 2]);
  });

  it('an axis on seed sets the document seed and the point seed (and then replicates are refused)', () => {
    const sweep = expandSweep(withSweep({ axes: [{ path: 'seed', values: [11, 12] }] }));
    assert.deepEqual(sweep.points.map((p) => [p.seed, (p.document as any).seed]), [[11, 11], [12, 12]]);
    rejects(withSweep({ replicates: 3, axes: [{ path: 'init.lambda', values: [0] }, { path: 'seed', values: [11, 12] }] }), /^sweep\.replicates: sweep\.axes\[1\] sets the seed of every point, so its 3 replicates would repeat the same run/, 'sweep.replicates');
  });

  it('seeds depend on the sweep seed and the point, not on its position or the axis order', () => {
    const a = expandSweep(withSweep({ seed: 5, axes: [{ path: 'init.lambda', values: [-1, 0, 1] }, { path: 'init.scale', values: [0.1, 0.2] }] }));
    const b = expandSweep(withSweep({ seed: 5, axes: [{ path: 'init.scale', values: [0.2, 0.1] }, { path: 'init.lambda', values: [1, 0, -1] }] }));
    const seedOf = (s: typeof a, lambda: number, scale: number) => s.points.find((p) => p.assignments['init.lambda'] === lambda && p.assignments['init.scale'] === scale)!;
    for (const lambda of [-1, 0, 1]) {
      for (const scale of [0.1, 0.2]) {
        const [pa, pb] = [seedOf(a, lambda, scale), seedOf(b, lambda, scale)];
        assert.equal(pa.key, pb.key);
        assert.equal(pa.seed, pb.seed);
      }
    }
    assert.notDeepEqual(a.points.map((p) => p.index), b.points.map((p) => seedOf(a, p.assignments['init.lambda'] as number, p.assignments['init.scale'] as number).index));
    const other = expandSweep(withSweep({ seed: 6, axes: [{ path: 'init.lambda', values: [-1, 0, 1] }, { path: 'init.scale', values: [0.1, 0.2] }] }));
    assert.deepEqual(other.points.map((p) => p.key), a.points.map((p) => p.key));
    assert.ok(other.points.every((p, i) => p.seed !== a.points[i].seed));
  });

  it('the sweep seed is options.seed, else sweep.seed, else the document seed, else 0', () => {
    const axes = [{ path: 'init.lambda', values: [0] }];
    const key = expandSweep(withSweep({ axes })).points[0].key;
    assert.equal(expandSweep(withSweep({ axes })).points[0].seed, pointSeed(0, key));
    assert.equal(expandSweep(withSweep({ axes }, { ...BASE, seed: 4 })).points[0].seed, pointSeed(4, key));
    assert.equal(expandSweep(withSweep({ axes, seed: 8 }, { ...BASE, seed: 4 })).points[0].seed, pointSeed(8, key));
    assert.equal(expandSweep(withSweep({ axes, seed: 8 }), { seed: 9 }).points[0].seed, pointSeed(9, key));
    // An invalid document seed would be replaced by every point's seed: it is refused instead.
    rejects(withSweep({ axes }, { ...BASE, seed: -1 }), /^seed: expected a non-negative integer, got -1\.$/, 'seed');
    rejects(withSweep({ axes, seed: 3 }, { ...BASE, seed: 'abc' }), /^seed: expected a non-negative integer, got "abc"\.$/, 'seed');
  });

  it('the sweep id names the sweep whatever the key order, and changes with the base, the sweep or the seed', () => {
    const sweep = { axes: [{ path: 'init.lambda', values: [0, 1] }] };
    const id = expandSweep(withSweep(sweep)).sweepId;
    const reordered = { sweep: { axes: [{ values: [0, 1], path: 'init.lambda' }] }, train: BASE.train, init: { hidden: 2, scale: 0.2, lambda: 0, kind: 'lambda-balanced' }, task: BASE.task, model: BASE.model };
    assert.equal(expandSweep(reordered).sweepId, id);
    assert.match(id, /^[0-9a-f]{16}$/);
    assert.notEqual(expandSweep(withSweep(sweep, { ...BASE, train: { ...BASE.train, steps: 501 } })).sweepId, id);
    assert.notEqual(expandSweep(withSweep({ axes: [{ path: 'init.lambda', values: [0, 2] }] })).sweepId, id);
    assert.notEqual(expandSweep(withSweep(sweep), { seed: 1 }).sweepId, id);
  });

  it('a document with a sweep section is a valid experiment document (the section is in the schema)', () => {
    const doc = withSweep({ mode: 'zip', replicates: 2, axes: [{ path: 'init.lambda', values: [1] }] });
    assert.deepEqual((validateExperiment(doc) as any).sweep, doc.sweep);
    assert.throws(() => validateExperiment(withSweep({ axis: [] })), /sweep\.axis: unknown key; did you mean "axes"\?/);
  });
});

describe('expandSweep: errors', () => {
  it('an invalid point names the point, its values and the field', () => {
    rejects(
      withSweep({ axes: [{ path: 'train.steps', values: [10, 20, 30, 40] }, { path: 'init.lambda', values: [0, 'abc'] }] }),
      /^sweep point 1 \(train\.steps = 10, init\.lambda = "abc"\): init\.lambda: expected a number, got "abc"\.$/,
      'init.lambda',
    );
    rejects(withSweep({ axes: [{ path: 'train.steps', values: [10, -3] }] }), /^sweep point 1 \(train\.steps = -3\): train\.steps: expected a positive integer, got -3\.$/);
  });

  it('an unknown path is refused with a suggestion; a path into a number or past an array is refused', () => {
    rejects(withSweep({ axes: [{ path: 'init.lamda', values: [1] }] }), /"init\.lamda" is not a field of the document .*did you mean "init\.lambda"\?/, 'sweep.axes[0].path');
    rejects(withSweep({ axes: [{ path: 'x', values: [1] }, { zip: [{ path: 'trian.steps', values: [1] }] }] }), /sweep\.axes\[0\]\.path: "x" is not a field/);
    rejects(withSweep({ axes: [{ zip: [{ path: 'trian.steps', values: [1] }] }] }), /sweep\.axes\[0\]\.zip\[0\]\.path: .*did you mean "train\.steps"\?/);
    rejects(withSweep({ axes: [{ path: 'task.sigmaYX.2.0', values: [1] }] }), /indexes task\.sigmaYX with "2", but task\.sigmaYX is an array of 2 entries/);
    rejects(withSweep({ axes: [{ path: 'init.lambda.x', values: [1] }] }), /goes into init\.lambda, which is a number/);
    rejects(withSweep({ axes: [{ path: 'init..lambda', values: [1] }] }), /is not a config path/);
    rejects(withSweep({ axes: [{ path: 'train.learningRates.1', values: [0.1] }] }), /sets one entry of train\.learningRates, which the document does not have; sweep the whole of train\.learningRates/);
  });

  it('empty axes name the axis', () => {
    rejects(withSweep({ axes: [{ path: 'init.lambda', values: [] }] }), /^sweep\.axes\[0\]\.values: the axis "init\.lambda" has no values/, 'sweep.axes[0].values');
    rejects(withSweep({ axes: [{ path: 'init.scale', values: [1] }, { path: 'init.lambda', linspace: { start: 0, stop: 1, num: 0 } }] }), /^sweep\.axes\[1\]\.linspace\.num: num = 0 makes the axis "init\.lambda" empty/);
    rejects(withSweep({ axes: [{ zip: [{ path: 'init.lambda', logspace: { start: 0, stop: 1, num: 0 } }] }] }), /^sweep\.axes\[0\]\.zip\[0\]\.logspace\.num: num = 0/);
  });

  it('malformed sweep sections are one sentence with the path', () => {
    rejects(withSweep({ mdoe: 'zip' }), /^sweep\.mdoe: unknown key; did you mean "mode"\?$/);
    rejects(withSweep({ mode: 'product' }), /^sweep\.mode: expected one of "cross", "zip", got "product"/);
    rejects(withSweep({ replicates: 0 }), /^sweep\.replicates: expected a positive integer, got 0\.$/);
    rejects(withSweep({ axes: [{ path: 'init.lambda' }] }), /sweep\.axes\[0\]\.values: an axis needs its values/);
    rejects(withSweep({ axes: [{ path: 'init.lambda', values: [1], linspace: { start: 0, stop: 1, num: 2 } }] }), /got both values and linspace/);
    rejects(withSweep({ axes: [{ path: 'init.lambda', linspace: { start: 0, stop: 1, nm: 2 } }] }), /sweep\.axes\[0\]\.linspace\.nm: unknown key; did you mean "num"\?/);
    rejects(withSweep({ axes: [{ zip: [{ path: 'init.lambda', values: [1] }], path: 'init.scale' }] }), /a zip group holds only "zip"/);
    rejects(BASE, /^sweep: the document has no sweep section/, 'sweep');
    rejects([1], /expected an object/);
  });

  it('zip lengths must agree', () => {
    rejects(withSweep({ axes: [{ zip: [{ path: 'init.lambda', values: [1, 2] }, { path: 'init.scale', values: [1] }] }] }), /^sweep\.axes\[0\]\.zip\[1\]: every axis of a zip group needs the same number of values, but "init\.lambda" has 2 and "init\.scale" has 1\.$/);
    rejects(withSweep({ mode: 'zip', axes: [{ path: 'init.lambda', values: [1, 2] }, { path: 'init.scale', values: [1, 2, 3] }] }), /in zip mode every axis needs the same number of values/);
  });

  it('repeated or overlapping paths and repeated points are refused', () => {
    rejects(withSweep({ axes: [{ path: 'init.lambda', values: [1] }, { path: 'init.lambda', values: [2] }] }), /"init\.lambda" is also set by sweep\.axes\[0\]/);
    rejects(withSweep({ axes: [{ path: 'init.lambda', values: [1] }, { path: 'init', values: [{}] }] }), /overlap, one inside the other/);
    rejects(withSweep({ axes: [{ path: 'init.lambda', values: [1, 2, 1] }] }), /^sweep: points 0 and 2 set the same values \(init\.lambda = 1\)/);
  });

  it('grids above the limit are refused before any value is computed', () => {
    rejects(withSweep({ axes: [{ path: 'init.lambda', linspace: { start: 0, stop: 1, num: 1e9 } }] }), /^sweep: the grid has 1,000,000,000 points .* above the limit of 1,000,000/, 'sweep');
    rejects(withSweep({ replicates: 1001, axes: [{ path: 'init.lambda', linspace: { start: 0, stop: 1, num: 1000 } }] }), /1,001,000 points \(1000 settings × 1001 replicates\)/);
    rejects(withSweep({ axes: [{ path: 'init.lambda', values: [1, 2, 3] }] }), /^sweep: the grid has 3 points .* above the limit of 2;/, 'sweep', { maxPoints: 2 });
  });

  it('parsePath reads dots and brackets alike', () => {
    assert.deepEqual(parsePath('task.sigmaYX[0][1]'), ['task', 'sigmaYX', '0', '1']);
    assert.deepEqual(parsePath('task.sigmaYX.0.1'), ['task', 'sigmaYX', '0', '1']);
    assert.throws(() => parsePath('a.'), ConfigError);
    assert.throws(() => parsePath('a[x]'), ConfigError);
  });
});

describe('pointDocument', () => {
  it('rebuilds every point document from the base, the assignments and the seed', () => {
    for (const [replicates, axes] of [
      [2, [{ path: 'init.lambda', values: [-1, 2] }, { path: 'task.sigmaYX.0.1', values: [0.7] }, { path: 'init.seed', values: [3] }]],
      [1, [{ path: 'seed', values: [4, 5] }]],
    ] as const) {
      const sweep = expandSweep({ ...structuredClone(BASE), sweep: { replicates, axes } });
      for (const p of sweep.points) assert.deepEqual(pointDocument(sweep.base, p.assignments, p.seed), p.document);
    }
  });
});
