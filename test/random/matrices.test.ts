import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  createRandom,
  gaussianMatrix,
  uniformMatrix,
  haarOrthogonal,
  haarSemiOrthogonal,
  randomUnitVector,
} from '../../src/random/index.js';
import { Matrix } from '../../src/linalg/matrix.js';
import { luJs } from '../../src/linalg/js/lu.js';
import { DomainError, ShapeError } from '../../src/errors/index.js';
import { setBackend } from '../../src/linalg/backend.js';
import { backendCases } from '../helpers/backends.js';

/** max |(AᵀA or AAᵀ) − I| */
function orthonormalityError(A: Matrix, columns: boolean): number {
  const k = columns ? A.cols : A.rows;
  const len = columns ? A.rows : A.cols;
  const at = (v: number, i: number) => (columns ? A.get(i, v) : A.get(v, i));
  let worst = 0;
  for (let p = 0; p < k; p++) {
    for (let q = 0; q < k; q++) {
      let s = 0;
      for (let i = 0; i < len; i++) s += at(p, i) * at(q, i);
      worst = Math.max(worst, Math.abs(s - (p === q ? 1 : 0)));
    }
  }
  return worst;
}

function det(A: Matrix): number {
  const f = luJs(A);
  let d = f.permutationSign;
  for (let i = 0; i < A.rows; i++) d *= f.lu.get(i, i);
  return d;
}

describe('gaussianMatrix / uniformMatrix', () => {
  it('fill row-major from the stream: entry (i, j) is draw i·cols + j', () => {
    const G = gaussianMatrix(createRandom(1, 'G'), 3, 4, { mean: 2, std: 0.5 });
    const z = createRandom(1, 'G').normalArray(12);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 4; j++) assert.equal(G.get(i, j), 2 + 0.5 * z[i * 4 + j]);
    const U = uniformMatrix(createRandom(1, 'U'), 2, 5, { low: -1, high: 3 });
    const r = createRandom(1, 'U');
    for (let k = 0; k < 10; k++) assert.equal(U.data[k], r.uniformRange(-1, 3));
    const U01 = uniformMatrix(createRandom(2), 2, 2);
    assert.deepEqual(Array.from(U01.data), Array.from(createRandom(2).uniformArray(4)));
  });

  it('handles empty shapes and rejects bad arguments', () => {
    assert.equal(gaussianMatrix(createRandom(0), 0, 5).size, 0);
    assert.throws(() => gaussianMatrix(createRandom(0), -1, 2), ShapeError);
    assert.throws(() => gaussianMatrix(createRandom(0), 2, 1.5), ShapeError);
    assert.throws(() => gaussianMatrix(createRandom(0), 2, 2, { std: -1 }), DomainError);
    assert.throws(() => gaussianMatrix(createRandom(0), 2, 2, { mean: NaN }), DomainError);
    assert.throws(() => uniformMatrix(createRandom(0), 2, 2, { low: 1, high: 0 }), DomainError);
    assert.throws(() => uniformMatrix(createRandom(0), 2, 2, { high: Infinity }), DomainError);
  });
});

describe('haarOrthogonal', () => {
  it('is orthogonal to 1e-14 with det ±1, for n = 1 … 60', () => {
    const r = createRandom(5, 'haar');
    for (const n of [1, 2, 3, 5, 10, 33, 60]) {
      const Q = haarOrthogonal(r, n);
      // Householder QR: ‖QᵀQ − I‖ grows like n·ε; 1e-14 ≈ 45ε holds up to n = 60 here
      assert.ok(orthonormalityError(Q, true) < 1e-14, `n=${n}: ${orthonormalityError(Q, true)}`);
      assert.ok(Math.abs(Math.abs(det(Q)) - 1) < 1e-12, `n=${n}: det ${det(Q)}`);
    }
    const one = haarOrthogonal(r, 1);
    assert.equal(Math.abs(one.get(0, 0)), 1);
  });

  it('is reproducible bit for bit from the stream', () => {
    const a = haarOrthogonal(createRandom(8, 'Q'), 7);
    const b = haarOrthogonal(createRandom(8, 'Q'), 7);
    assert.deepEqual(Array.from(a.data), Array.from(b.data));
  });

  it('has the Haar moments: E[tr Q] = 0, E[tr Q²] = 1, E[Q11] = 0, E[Q11²] = 1/n, P(det = 1) = 1/2', () => {
    // 4000 samples of O(5). Diaconis–Shahshahani: for k ≤ n the moments of tr Q match a standard
    // normal, so tr Q has sd 1 and (tr Q)² has sd √2. Q11² ~ Beta(1/2, (n−1)/2): Var = 2(n−1)/(n²(n+2)).
    // Without Mezzadri's sign fix Householder QR gives Q11 < 0 always, so E[Q11] = 0 catches it.
    const r = createRandom(9, 'haar-moments');
    const N = 4000;
    const n = 5;
    let tr = 0;
    let tr2 = 0;
    let q11 = 0;
    let q11sq = 0;
    let positive = 0;
    for (let s = 0; s < N; s++) {
      const Q = haarOrthogonal(r, n);
      let t = 0;
      for (let i = 0; i < n; i++) t += Q.get(i, i);
      tr += t;
      tr2 += t * t;
      q11 += Q.get(0, 0);
      q11sq += Q.get(0, 0) ** 2;
      if (det(Q) > 0) positive++;
    }
    const z = (est: number, mean: number, sd: number) => Math.abs((est - mean) / (sd / Math.sqrt(N)));
    assert.ok(z(tr / N, 0, 1) < 5, `E tr Q = ${tr / N}`);
    assert.ok(z(tr2 / N, 1, Math.sqrt(2)) < 5, `E (tr Q)^2 = ${tr2 / N}`);
    assert.ok(z(q11 / N, 0, Math.sqrt(1 / n)) < 5, `E Q11 = ${q11 / N}`);
    assert.ok(z(q11sq / N, 1 / n, Math.sqrt((2 * (n - 1)) / (n * n * (n + 2)))) < 5, `E Q11^2 = ${q11sq / N}`);
    assert.ok(z(positive / N, 0.5, 0.5) < 5, `P(det=1) = ${positive / N}`);
  });

  it('rejects n < 1 and non-integers', () => {
    assert.throws(() => haarOrthogonal(createRandom(0), 0), ShapeError);
    assert.throws(() => haarOrthogonal(createRandom(0), 2.5), ShapeError);
  });
});

describe('haarSemiOrthogonal', () => {
  it('tall: orthonormal columns; wide: orthonormal rows', () => {
    const r = createRandom(10);
    const tall = haarSemiOrthogonal(r, 40, 7);
    assert.deepEqual(tall.shape, [40, 7]);
    assert.ok(orthonormalityError(tall, true) < 1e-14);
    const wide = haarSemiOrthogonal(r, 3, 20);
    assert.deepEqual(wide.shape, [3, 20]);
    assert.ok(orthonormalityError(wide, false) < 1e-14);
    const square = haarSemiOrthogonal(createRandom(11), 6, 6);
    assert.deepEqual(Array.from(square.data), Array.from(haarOrthogonal(createRandom(11), 6).data));
  });

  it('E[U11²] = 1/rows for a tall Haar frame (no sign bias: E[U11] = 0)', () => {
    const r = createRandom(12);
    const N = 3000;
    let m1 = 0;
    let m2 = 0;
    for (let s = 0; s < N; s++) {
      const U = haarSemiOrthogonal(r, 8, 3);
      m1 += U.get(0, 0);
      m2 += U.get(0, 0) ** 2;
    }
    const n = 8;
    assert.ok(Math.abs(m1 / N) < 5 * Math.sqrt(1 / n / N), `E U11 = ${m1 / N}`);
    const sd = Math.sqrt((2 * (n - 1)) / (n * n * (n + 2)));
    assert.ok(Math.abs(m2 / N - 1 / n) < (5 * sd) / Math.sqrt(N), `E U11^2 = ${m2 / N}`);
  });

  it('rejects empty and negative shapes', () => {
    assert.throws(() => haarSemiOrthogonal(createRandom(0), 0, 3), ShapeError);
    assert.throws(() => haarSemiOrthogonal(createRandom(0), 3, -1), ShapeError);
  });
});

describe('randomUnitVector', () => {
  it('has unit norm and is uniform on the sphere (E v1 = 0, E v1² = 1/n)', () => {
    const r = createRandom(13);
    const n = 4;
    const N = 20000;
    let m1 = 0;
    let m2 = 0;
    for (let s = 0; s < N; s++) {
      const v = randomUnitVector(r, n);
      let ss = 0;
      for (const x of v) ss += x * x;
      assert.ok(Math.abs(ss - 1) < 4e-16 * n + 1e-15); // a few roundings per entry
      m1 += v[0];
      m2 += v[0] ** 2;
    }
    // v1² ~ Beta(1/2, (n−1)/2)
    const sd2 = Math.sqrt((2 * (n - 1)) / (n * n * (n + 2)));
    assert.ok(Math.abs(m1 / N) < 5 * Math.sqrt(1 / n / N));
    assert.ok(Math.abs(m2 / N - 1 / n) < (5 * sd2) / Math.sqrt(N));
    const one = randomUnitVector(r, 1);
    assert.equal(Math.abs(one[0]), 1);
  });

  it('rejects n < 1', () => {
    assert.throws(() => randomUnitVector(createRandom(0), 0), ShapeError);
    assert.throws(() => randomUnitVector(createRandom(0), NaN), ShapeError);
  });
});

describe('independence from the default linear-algebra backend', () => {
  for (const c of backendCases()) {
    it(`haarOrthogonal and haarSemiOrthogonal are bit-identical with the ${c.name} backend as default`, { skip: c.skip }, () => {
      const reference = haarOrthogonal(createRandom(14, 'backend'), 9);
      const referenceWide = haarSemiOrthogonal(createRandom(14, 'wide'), 4, 9);
      const previous = setBackend(c.backend);
      try {
        assert.deepEqual(Array.from(haarOrthogonal(createRandom(14, 'backend'), 9).data), Array.from(reference.data));
        assert.deepEqual(Array.from(haarSemiOrthogonal(createRandom(14, 'wide'), 4, 9).data), Array.from(referenceWide.data));
      } finally {
        setBackend(previous);
      }
    });
  }
});
