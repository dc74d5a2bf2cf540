import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { validateExperiment } from '../../src/config/index.js';
import { ConfigError } from '../../src/errors/index.js';
import { runDocument } from '../../src/experiments/run/index.js';
import { mixedScalings } from '../../src/models/mixed-linear.js';
import { toCsv, toJson, fileSlug, stackSvgs } from '../../src/web/app/components/export.js';
import { TWO_LAYER_DEFAULTS, parseMatrixText, stepsOf, timeGrid, twoLayerDocument } from '../../src/web/app/views/two-layer/model.js';
import { MIXED_DEFAULTS, mixedDocument, mixedShape } from '../../src/web/app/views/mixed/model.js';
import { SCALAR_DEFAULTS, scalarCurves, scalarDocument } from '../../src/web/app/views/scalar/model.js';

/** The exported config file as `lazyrich run` reads it: JSON text → validate → run. */
function exportAndRun(doc: unknown) {
  const text = toJson(doc) + '\n';
  const parsed: unknown = JSON.parse(text);
  assert.deepEqual(validateExperiment(parsed), doc);
  return runDocument(parsed);
}

describe('config export: each view writes a document lazyrich run accepts', () => {
  test('two-layer: random task, GD; the run has the exact side and a small residual', () => {
    const p = { ...TWO_LAYER_DEFAULTS, ni: 3, nh: 3, no: 3, rank: 2, lambda: 1, tEnd: 2, eta: 0.01 };
    const doc = twoLayerDocument(p);
    assert.equal(doc.model.kind, 'two-layer-linear');
    const r = exportAndRun(doc);
    assert.equal(r.exact.available, true);
    assert.equal(r.summary.steps, stepsOf(p));
    assert.ok((r.summary.maxRelativeError as number) < 0.05);
  });

  test('two-layer: custom Σ_yx with gradient flow, and semantic', () => {
    const doc = twoLayerDocument({ ...TWO_LAYER_DEFAULTS, task: 'custom', sigma: '2, 0.5; 0.1, 1', method: 'flow', lambda: -1.5, scale: 0.2, tEnd: 1 });
    assert.deepEqual((doc.task as { sigmaYX: number[][] }).sigmaYX, [[2, 0.5], [0.1, 1]]);
    const r = exportAndRun(doc);
    assert.ok((r.summary.maxRelativeError as number) < 1e-6);
    assert.equal(twoLayerDocument({ ...TWO_LAYER_DEFAULTS, task: 'semantic' }).task.kind, 'semantic');
  });

  test('two-layer: mistakes are one ConfigError naming the field', () => {
    assert.throws(() => twoLayerDocument({ ...TWO_LAYER_DEFAULTS, task: 'custom', sigma: '1, 2; 3' }), (e: unknown) => e instanceof ConfigError && /ragged/.test(e.message) && e.path === 'sigma');
    assert.throws(() => twoLayerDocument({ ...TWO_LAYER_DEFAULTS, task: 'custom', sigma: '1, x' }), (e: unknown) => e instanceof ConfigError && /"x", not a number/.test(e.message));
    assert.throws(() => twoLayerDocument({ ...TWO_LAYER_DEFAULTS, task: 'bogus' }), (e: unknown) => e instanceof ConfigError && e.path === 'task');
    assert.throws(() => twoLayerDocument({ ...TWO_LAYER_DEFAULTS, eta: -1 }), ConfigError);
    assert.deepEqual(parseMatrixText('1 2\n3 4'), [[1, 2], [3, 4]]);
  });

  test('mixed: σ², w from the exponents as mixedScalings; the run has (1) beside GD', () => {
    const p = { ...MIXED_DEFAULTS, d: 6, rank: 2, gs: -1, gw: 1.5, steps: 20, eta: 0.02 };
    const s = mixedScalings(6, -1, 1.5);
    assert.deepEqual(mixedShape(p), { sigma2: s.sigma2, width: s.width, threshold: s.sigma2 * s.width });
    assert.equal(mixedShape({ ...p, mode: 'direct', sigma2: 0.5, width: 10 }).threshold, 5);
    const r = exportAndRun(mixedDocument(p));
    assert.equal(r.kind, 'mixed-linear');
    assert.equal(r.exact.available, true);
    assert.ok(r.series.columns.sv0 && r.series.columns.sv0Exact);
  });

  test('1-D: the document runs; exact curves and the mechanism label come from scalarWidthExact', () => {
    const p = { ...SCALAR_DEFAULTS, d: 4, tEnd: 2, h: 0.01 };
    const doc = scalarDocument(p);
    const r = exportAndRun(doc);
    assert.equal(r.kind, 'scalar-width');
    const c = scalarCurves(doc, [0, 1, 2]);
    assert.equal(c.t.length, 3);
    assert.ok(['kernel', 'alignment', 'disalignment', 'unclassified'].includes(c.mechanism.label));
    // P(0) = κ u(0)ᵀw(0) of the same built weights the run starts from.
    assert.ok(Math.abs(c.P[0] - (r.series.columns.P?.[0] ?? NaN)) < 1e-12);
  });
});

describe('view helpers', () => {
  test('timeGrid', () => {
    assert.deepEqual(Array.from(timeGrid(10, 5)), [0, 2.5, 5, 7.5, 10]);
    assert.equal(timeGrid(1, 1).length, 2);
  });

  test('toCsv, toJson, fileSlug, stackSvgs', () => {
    assert.equal(toCsv({ t: [0, 1], 'a,b': [2] }), 't,"a,b"\n0,2\n1,\n');
    assert.equal(JSON.parse(toJson({ x: new Float64Array([1, 2]) })).x.length, 2);
    assert.equal(fileSlug('Two-layer λ = 1.5'), 'two-layer-1-5');
    const one = '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50"><rect/></svg>';
    const st = stackSvgs([one, one]);
    assert.match(st, /width="100" height="100"/);
    assert.match(st, /translate\(0 50\)/);
  });
});
