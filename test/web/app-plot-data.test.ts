import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { alignedColumns, dashArray, structureKey } from '../../src/web/app/components/plot-data.js';
import { colorDomain, heatmapRgba } from '../../src/web/app/components/heatmap-data.js';
import { colorMapStops, sampleColorMap } from '../../src/plot/colormaps.js';

describe('LinePlot data (uPlot aligned columns)', () => {
  test('series sharing one x array pass through; non-finite y becomes null', () => {
    const x = new Float64Array([0, 1, 2]);
    const cols = alignedColumns({ series: [{ x, y: [1, NaN, 3] }, { x, y: [4, 5, Infinity] }] });
    assert.equal(cols[0], x);
    assert.deepEqual(cols.slice(1), [[1, null, 3], [4, 5, null]]);
  });

  test('series on different x are merged on the sorted union with nulls', () => {
    const cols = alignedColumns({ series: [{ x: [0, 1], y: [1, 2] }, { x: [0.5, 1], y: [3, 4], marker: 'circle' }] });
    assert.deepEqual(Array.from(cols[0]), [0, 0.5, 1]);
    assert.deepEqual(cols.slice(1), [[1, null, 2], [null, 3, 4]]);
  });

  test('log axes drop x ≤ 0 and null y ≤ 0', () => {
    const x = [0, 1, 10];
    const cols = alignedColumns({ series: [{ x, y: [5, -1, 2] }], x: { scale: 'log' }, y: { scale: 'log' } });
    assert.deepEqual(Array.from(cols[0]), [1, 10]);
    assert.deepEqual(cols[1], [null, 2]);
  });

  test('dashArray and structureKey', () => {
    assert.deepEqual(dashArray('6 3'), [6, 3]);
    assert.deepEqual(dashArray(undefined), []);
    const a = { series: [{ x: [0], y: [1], label: 'exact' }], y: { scale: 'log' as const } };
    const b = { series: [{ x: [5, 6], y: [7, 8], label: 'exact' }], y: { scale: 'log' as const } };
    assert.equal(structureKey(a), structureKey(b));
    assert.notEqual(structureKey(a), structureKey({ ...a, y: { scale: 'linear' } }));
    assert.notEqual(structureKey(a), structureKey({ series: [{ x: [0], y: [1], label: 'GD', marker: 'circle' }] }));
  });
});

describe('Heatmap pixels', () => {
  test('colorDomain: data range, symmetric for a diverging map, widened when constant', () => {
    assert.deepEqual(colorDomain([1, -3, 2, NaN], 'viridis'), [-3, 2]);
    assert.deepEqual(colorDomain([1, -3, 2], 'RdBu'), [-3, 3]);
    assert.deepEqual(colorDomain([2, 2], 'viridis'), [1.5, 2.5]);
    assert.deepEqual(colorDomain([NaN], 'viridis'), [0, 1]);
  });

  test('heatmapRgba: ends of the map at the domain ends, NaN cells grey, opaque', () => {
    const stops = colorMapStops('viridis');
    const lo = sampleColorMap(stops, 0);
    const hi = sampleColorMap(stops, 1);
    const px = heatmapRgba([0, 1, NaN, 5], 2, 2, 'viridis', [0, 1]);
    const rgb = (k: number) => (px[4 * k] << 16) | (px[4 * k + 1] << 8) | px[4 * k + 2];
    assert.equal(rgb(0), lo);
    assert.equal(rgb(1), hi);
    assert.equal(rgb(2), 0xbdbdbd);
    assert.equal(rgb(3), hi);
    for (let k = 0; k < 4; k++) assert.equal(px[4 * k + 3], 255);
  });
});
