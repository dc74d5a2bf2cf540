/**
 * The pure parts of the phase-diagram, connectivity and gallery views (what their workers compute
 * and how the heatmaps are laid out), under node:test.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mixedGrid, widthGrid, PHASE_CODES } from '../../src/web/app/views/phase/compute.js';
import { cellAt, cellX, cellY, dataX, flipRows, lineSegment, polylineSegments } from '../../src/web/app/views/phase/geometry.js';
import { storeGrid, storeKeys } from '../../src/web/app/views/phase/store-api.js';
import { MIXED_LINK, ONE_D_LINK } from '../../src/web/app/views/phase/links.js';
import { INIT_KINDS, initialConnectivity, initSummary, trainConnectivity } from '../../src/web/app/views/connectivity/compute.js';
import { listExperiments, runExperiment } from '../../src/web/app/views/gallery/compute.js';
import { runMixedFig2 } from '../../src/experiments/mixed/fig2.js';
import { widthPhase } from '../../src/theory/three-mechanisms/index.js';
import { experiments } from '../../src/experiments/registry.js';
import type { PointRow } from '../../src/store/types.js';
import { ConfigError } from '../../src/errors/index.js';

describe('phase view', () => {
  test('the live mixed grid is the registered mixed/fig2 experiment on the same grid (same streams, same numbers)', () => {
    const spec = { d: 8, rank: 2, nx: 2, ny: 2, gsMin: -2, gsMax: 0, gwMin: 0.5, gwMax: 1.5, maxIterations: 60, seed: 3 };
    const rows: number[] = [];
    const { cells } = mixedGrid(spec, (row, j) => rows.push(j, row.length));
    assert.deepEqual(rows, [0, 2, 1, 2]);
    const ref = runMixedFig2({ budget: 'test', seed: 3 }, { d: 8, rank: 2, gammaSigma2: [-2, 0], gammaW: [0.5, 1.5], maxIterations: 60 });
    const cols = ref.tables[0].columns;
    assert.deepEqual(cells.map((c) => c.minTest), cols.minTest);
    assert.deepEqual(cells.map((c) => c.minIteration), cols.minIteration);
    assert.deepEqual(cells.map((c) => c.stableRank), cols.stableRankAtMin);
    assert.deepEqual(cells.map((c) => c.regimeLabel), cols.regime);
    assert.deepEqual(cells.map((c) => [c.gammaSigma2, c.gammaW]), [[-2, 0.5], [0, 0.5], [-2, 1.5], [0, 1.5]]);
  });

  test('the width grid labels every cell with the §B.5 phase and finds μP on its boundary point', () => {
    const base = { c: 1, eU: 1, eW: 1, bU: 0, bW: 0 };
    const out = widthGrid({ base, xKey: 'c', yKey: 'eU', xMin: 0, xMax: 2, yMin: -1, yMax: 3, n: 5, d: 400, a: 1, seed: 0 });
    assert.equal(out.cells.length, 25);
    for (const c of out.cells) {
      const e = { ...base, c: c.x, eU: c.y };
      assert.equal(c.phase, widthPhase(e, 1e-9).phase);
      assert.equal(c.phaseCode, PHASE_CODES[c.phase]);
    }
    // (c, e_u) = (1, 1) is μP: feature learning with ζ∞ and K∞/K₀ − 1 of order one at any width.
    const mup = out.cells.find((c) => c.x === 1 && c.y === 1)!;
    assert.equal(mup.phase, 'feature-learning');
    assert.ok(mup.logKernelChange > -1, `log10|K∞/K0 − 1| = ${mup.logKernelChange}`);
    assert.deepEqual(out.boundaries.map((b) => b.name), ['sqrtQ=0', 'rate=0']);
  });

  test('heatmap geometry: rows flipped, lines through their points, clicks to cells', () => {
    assert.deepEqual(Array.from(flipRows([1, 2, 3, 4, 5, 6], 2, 3)), [5, 6, 3, 4, 1, 2]);
    const xa = { min: -3, max: 0, n: 8 };
    const ya = { min: 0, max: 2.8, n: 8 };
    assert.equal(cellX(-3, xa), 0.5);
    assert.equal(cellX(0, xa), 7.5);
    assert.equal(cellY(2.8, ya), 0.5);
    assert.ok(Math.abs(dataX(cellX(-1.3, xa), xa) + 1.3) < 1e-15);
    // γ_σ² + γ_w = 1 passes through (−1, 2): that point lies on the drawn segment.
    const s = lineSegment((g) => 1 - g, xa, ya, '#000');
    const px = cellX(-1, xa);
    const py = cellY(2, ya);
    const cross = (s.x1 - s.x0) * (py - s.y0) - (s.y1 - s.y0) * (px - s.x0);
    assert.ok(Math.abs(cross) < 1e-12, `off the line by ${cross}`);
    assert.deepEqual(polylineSegments([0, 1, 2, 3], [0, NaN, 1, 2], { min: 0, max: 3, n: 4 }, { min: 0, max: 3, n: 4 }, 'r').length, 1);
    assert.deepEqual(cellAt(0, 0, 8, 8), { i: 0, j: 7 });
    assert.deepEqual(cellAt(0.999, 0.999, 8, 8), { i: 7, j: 0 });
    assert.equal(cellAt(1, 0.5, 8, 8), undefined);
  });

  test('links carry a cell into the mixed and 1-D views\' parameters', () => {
    const m = MIXED_LINK.params({ d: 20, rank: 5, gammaSigma2: -1.5, gammaW: 2, learningRate: 0.0123456789, steps: 750, seed: 2 });
    assert.deepEqual(m, { d: 20, rank: 5, noise: 1, mode: 'gamma', gs: -1.5, gw: 2, eta: 0.0123457, steps: 750, seed: 2 });
    const o = ONE_D_LINK.params({ exponents: { c: 0.5, eU: 0, eW: 0, bU: 0, bW: 0 }, d: 100, a: 1, tc: 2, seed: 0 });
    assert.equal(o.kappa, 0.1);
    assert.equal(o.etaU, 1);
    assert.equal(o.scale, 1);
    assert.equal(o.tEnd, 10);
  });

  test('a store grid averages replicates of done points and leaves cells without one empty', () => {
    const row = (key: string, lambda: number, scale: number, loss: number | null, status: PointRow['status'] = 'done'): PointRow => ({
      index: 0, key, replicate: 0, seed: 0, assignments: { 'init.lambda': lambda, 'init.scale': scale, 'task.kind': 'x' }, status,
      summary: loss === null ? null : { finalLoss: loss }, labels: null, error: null, elapsedMs: 1,
    });
    const rows = [row('a', -1, 0.1, 1), row('b', -1, 0.1, 3), row('c', 1, 0.1, 5), row('d', 1, 1, 7, 'failed'), row('e', -1, 1, 2)];
    assert.deepEqual(storeKeys(rows), { axes: ['init.lambda', 'init.scale'], values: ['finalLoss'] });
    const g = storeGrid(rows, 'init.lambda', 'init.scale', 'finalLoss');
    assert.deepEqual(g.xs, [-1, 1]);
    assert.deepEqual(g.ys, [0.1, 1]);
    assert.deepEqual(Array.from(g.z), [2, 5, 2, NaN]);
    assert.deepEqual(g.keys, ['a', 'c', 'e', null]);
  });
});

describe('connectivity view', () => {
  test('every init has ‖W‖_F = g√N; a rank-r truncation has r non-negligible singular values', () => {
    for (const kind of INIT_KINDS) {
      const W = initialConnectivity({ kind, n: 24, gain: 1.5, rank: 3, exponent: 1, noise: 0.2, seed: 4 });
      let f = 0;
      for (const v of W.data) f += v * v;
      assert.ok(Math.abs(Math.sqrt(f) - 1.5 * Math.sqrt(24)) < 1e-10, `${kind}: ‖W‖_F = ${Math.sqrt(f)}`);
    }
    const s = initSummary({ kind: 'low-rank', n: 24, gain: 1.5, rank: 3, exponent: 1, noise: 0, seed: 4 });
    assert.equal(Array.from(s.singularValues).filter((v) => v > 1e-10 * s.singularValues[0]).length, 3);
    assert.throws(() => initialConnectivity({ kind: 'gaussian', n: 1, gain: 1, rank: 1, exponent: 1, noise: 0, seed: 0 }), ConfigError);
  });

  test('training reports ΔW, RA and KA from the initial network at every measurement, ending at the last iteration', () => {
    const seen: number[] = [];
    const r = trainConnectivity(
      { kind: 'gaussian', n: 12, gain: 1.25, rank: 1, exponent: 1, noise: 0, seed: 1, task: '2AF', learningRate: 0.01, iterations: 25, every: 10, batchSize: 8, ntkTrials: 2 },
      (s) => seen.push(s.iteration),
    );
    assert.deepEqual(seen, [0, 10, 20, 25]);
    assert.deepEqual(r.samples.map((s) => s.iteration), seen);
    assert.equal(r.losses.length, 25);
    const [first, ...rest] = r.samples;
    assert.equal(first.weightChange, 0);
    assert.ok(Math.abs(first.ra - 1) < 1e-12 && Math.abs(first.ka - 1) < 1e-12);
    for (const s of rest) assert.ok(s.weightChange > 0 && s.ka <= 1 + 1e-12 && s.ra <= 1 + 1e-12);
  });
});

describe('gallery view', () => {
  test('lists the registry and runs an experiment as reproduce does', () => {
    assert.deepEqual(listExperiments().map((e) => e.id), experiments.map((e) => e.id));
    const out = runExperiment({ id: 'three-mechanisms/phase-diagram', budget: 'quick', seed: 0 });
    const direct = experiments.find((e) => e.id === 'three-mechanisms/phase-diagram')!.run({ budget: 'quick', seed: 0 });
    assert.deepEqual(out.result.checks, direct.checks);
    assert.throws(() => runExperiment({ id: 'nope', budget: 'quick', seed: 0 }), ConfigError);
    assert.throws(() => runExperiment({ id: 'three-mechanisms/phase-diagram', budget: 'huge' as 'quick', seed: 0 }), ConfigError);
  });
});
