import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { indexToCoordinate, marchingSquares } from '../../src/plot/contours.js';
import { ShapeError } from '../../src/errors/index.js';

function cone(n: number): { z: Float64Array; coords: number[] } {
  const coords = Array.from({ length: n }, (_, k) => -1 + (2 * k) / (n - 1));
  const z = new Float64Array(n * n);
  for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) z[j * n + i] = Math.hypot(coords[i], coords[j]);
  return { z, coords };
}

describe('marching squares', () => {
  it('contours of a cone are closed circles of the right radius', () => {
    const n = 101;
    const h = 2 / (n - 1);
    const { z, coords } = cone(n);
    for (const r of [0.25, 0.5, 0.9]) {
      const lines = marchingSquares(z, n, n, r);
      assert.equal(lines.length, 1, `one contour at r=${r}`);
      const line = lines[0];
      assert.ok(line.length / 2 > 20);
      assert.equal(line[0], line[line.length - 2], 'closed: first point repeated');
      assert.equal(line[1], line[line.length - 1]);
      // Linear interpolation of |x| along an edge errs by at most h²/8·max f'' with f'' ≤ 1/(r − √2 h).
      const tol = (h * h) / 8 / (r - Math.SQRT2 * h);
      let worst = 0;
      for (let k = 0; k < line.length; k += 2) {
        const x = indexToCoordinate(line[k], coords);
        const y = indexToCoordinate(line[k + 1], coords);
        worst = Math.max(worst, Math.abs(Math.hypot(x, y) - r));
      }
      assert.ok(worst <= tol, `r=${r}: max radius error ${worst} > ${tol}`);
    }
  });
  it('handles a single cell, levels outside the range, and tiny grids', () => {
    assert.deepEqual(marchingSquares([0, 0, 0, 1], 2, 2, 0.5), [[1, 0.5, 0.5, 1]]);
    assert.deepEqual(marchingSquares([0, 0, 0, 1], 2, 2, 5), []);
    assert.deepEqual(marchingSquares([1, 2], 2, 1, 1.5), []);
  });
  it('saddles are resolved by the cell centre', () => {
    // Corners bl=1, br=0, tr=1, tl=0; centre 0.5 ≥ 0.4 → the high corners connect; two segments.
    const lines = marchingSquares([1, 0, 0, 1], 2, 2, 0.4);
    assert.equal(lines.length, 2);
  });
  it('stops at NaN cells', () => {
    const { z } = cone(21);
    const full = marchingSquares(z, 21, 21, 0.5)[0].length;
    z[10 * 21 + 15] = Number.NaN; // a node on the x ≈ 0.5 crossing
    const lines = marchingSquares(z, 21, 21, 0.5);
    assert.equal(lines.length, 1);
    const line = lines[0];
    assert.ok(line.length < full, 'the NaN cells are skipped');
    assert.notDeepEqual([line[0], line[1]], [line[line.length - 2], line[line.length - 1]], 'no longer closed');
  });
  it('rejects a z of the wrong size', () => {
    assert.throws(() => marchingSquares([1, 2, 3], 2, 2, 0), ShapeError);
  });
  it('maps fractional indices onto coordinates', () => {
    assert.equal(indexToCoordinate(1.5, [0, 10, 30]), 20);
    assert.equal(indexToCoordinate(2, [0, 10, 30]), 30);
  });
});
