import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CATEGORICAL, colorMapStops, colorScale, hex, sampleColorMap, sequentialColors, seriesStyle } from '../../src/plot/colormaps.js';

describe('colour maps', () => {
  it('endpoints match the published maps', () => {
    assert.equal(hex(sampleColorMap(colorMapStops('viridis'), 0)), '#440154');
    assert.equal(hex(sampleColorMap(colorMapStops('viridis'), 1)), '#fde725');
    assert.equal(hex(sampleColorMap(colorMapStops('magma'), 0)), '#000004');
    assert.equal(hex(sampleColorMap(colorMapStops('magma'), 1)), '#fcfdbf');
    assert.equal(hex(sampleColorMap(colorMapStops('RdBu'), 0)), '#67001f');
    assert.equal(hex(sampleColorMap(colorMapStops('RdBu'), 1)), '#053061');
  });
  it('viridis midpoint (entry 128 of 256 = t 0.50196) is #21918c', () => {
    assert.equal(hex(sampleColorMap(colorMapStops('viridis'), 128 / 255)), '#21918c');
  });
  it('interpolates between control points', () => {
    // greys runs white → black linearly: t = 0.5 gives 127.5, rounded to 128 = 0x80.
    assert.equal(hex(sampleColorMap(colorMapStops('greys'), 0.5)), '#808080');
  });
  it('colour scales clamp, centre diverging maps and respect reversed domains', () => {
    const c = colorScale('RdBu', [-2, 2]);
    assert.equal(c(0), '#f7f7f7');
    assert.equal(c(-5), '#67001f');
    assert.equal(c(5), '#053061');
    const r = colorScale('viridis', [1, 0]);
    assert.equal(r(1), '#440154');
    assert.equal(r(0), '#fde725');
  });
  it('series styles are distinct for many series', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 30; i++) {
      const s = seriesStyle(i);
      seen.add(`${s.color}|${s.dash}`);
    }
    assert.equal(seen.size, 30);
    assert.equal(new Set(CATEGORICAL).size, CATEGORICAL.length);
    assert.deepEqual(sequentialColors(2, 'viridis'), ['#440154', '#fde725']);
  });
  it('rejects unknown maps', () => {
    assert.throws(() => colorMapStops('jet' as never), /unknown colour map/);
  });
});
