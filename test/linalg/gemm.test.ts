/**
 * The matrix product C ← alpha·op(A)·op(B) + beta·C (`LinalgBackend.gemm`) on every backend in
 * backendCases(), and on each implementation inside the js backend forced in turn (`small`: the
 * unpacked loop, `js`: packed blocks with the scalar micro-kernel, `wasm`: packed blocks with the
 * generated WebAssembly SIMD micro-kernel), since the automatic choice sends each shape to one only.
 *
 * References: test/fixtures/gemm/gemm.json (tools/fixtures/gemm.py): NumPy's P = A @ B; the
 * expected result is alpha·P + beta·C (bit-identical to NumPy's `alpha * (A @ B) + beta * C`,
 * checked against the stored NumPy results for the small cases). Plus a compensated (doubled
 * precision) reference computed here for a componentwise error bound.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Matrix } from '../../src/linalg/matrix.js';
import { gemmJs, gemmWithPath, KC, type GemmPath } from '../../src/linalg/js/gemm.js';
import { buildKernelBytes, getWasmKernel } from '../../src/linalg/js/wasm/kernel.js';
import { ShapeError } from '../../src/errors/index.js';
import { backendCases } from '../helpers/backends.js';
import { decodeFixtureArray, loadFixture } from '../helpers/fixtures.js';

type Gemm = (tA: boolean, tB: boolean, alpha: number, A: Matrix, B: Matrix, beta: number, C: Matrix) => void;

interface Runner {
  name: string;
  gemm: Gemm;
  skip: false | string;
}

const forced = (path: GemmPath): Gemm => (tA, tB, alpha, A, B, beta, C) =>
  gemmWithPath(path, tA, tB, alpha, A, B, beta, C);

const runners: Runner[] = [
  ...backendCases().map((b) => ({
    name: `backend ${b.name}`,
    gemm: b.backend.gemm.bind(b.backend) as Gemm,
    skip: b.skip,
  })),
  { name: 'js path small', gemm: forced('small'), skip: false },
  { name: 'js path js (scalar blocked)', gemm: forced('js'), skip: false },
  {
    name: 'js path wasm (SIMD blocked)',
    gemm: forced('wasm'),
    skip: getWasmKernel() === null ? 'WebAssembly SIMD unavailable here' : false,
  },
];

interface FixtureCase {
  name: string;
  m: number;
  k: number;
  n: number;
  kind: 'normal' | 'int';
  A: unknown;
  B: unknown;
  C: unknown;
  P: unknown;
  expected?: { alpha: number; beta: number; R: unknown }[];
}
const fixture = loadFixture<{ alphas: number[]; betas: number[]; cases: FixtureCase[] }>('gemm/gemm.json');

function mat(rows: number, cols: number, v: unknown): Matrix {
  return new Matrix(rows, cols, decodeFixtureArray(v).data);
}

function transpose(X: Matrix): Matrix {
  const T = new Matrix(X.cols, X.rows);
  for (let i = 0; i < X.rows; i++) for (let j = 0; j < X.cols; j++) T.data[j * X.rows + i] = X.data[i * X.cols + j];
  return T;
}

/** alpha·P + beta·C elementwise (beta = 0: alpha·P), the float64 operations NumPy does. */
function combine(alpha: number, P: Matrix, beta: number, C: Matrix): Float64Array {
  const out = new Float64Array(P.size);
  for (let i = 0; i < out.length; i++) out[i] = beta === 0 ? alpha * P.data[i] : alpha * P.data[i] + beta * C.data[i];
  return out;
}

/** ‖got − want‖_F / ‖want‖_F, or ‖got − want‖_F when want = 0; NaN anywhere gives NaN. */
function relErr(got: Float64Array, want: Float64Array): number {
  let e = 0;
  let w = 0;
  for (let i = 0; i < want.length; i++) {
    e += (got[i] - want[i]) ** 2;
    w += want[i] ** 2;
  }
  return w === 0 ? Math.sqrt(e) : Math.sqrt(e / w);
}

function sameBits(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

/** Deterministic pseudo-random matrix with entries in (−1, 1) scaled by `scale`. */
function random(rows: number, cols: number, seed: number, scale = 1): Matrix {
  const M = new Matrix(rows, cols);
  let s = seed >>> 0;
  for (let i = 0; i < M.data.length; i++) {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0;
    s = (s ^ (s >>> 12)) >>> 0;
    M.data[i] = (s / 2 ** 31 - 1) * scale;
  }
  return M;
}

describe('gemm fixtures (tools/fixtures/gemm.py)', () => {
  it('the stored NumPy results equal alpha·P + beta·C formed elementwise', () => {
    let checked = 0;
    for (const c of fixture.cases) {
      if (!c.expected) continue;
      const P = mat(c.m, c.n, c.P);
      const C = mat(c.m, c.n, c.C);
      for (const e of c.expected) {
        const R = decodeFixtureArray(e.R).data;
        // NumPy always adds beta·C (finite here); `combine` skips it when beta = 0, which can differ only in the sign of a zero.
        const numpyWay = P.data.map((p, i) => e.alpha * p + e.beta * C.data[i]);
        assert.ok(sameBits(numpyWay, R), `${c.name} alpha=${e.alpha} beta=${e.beta}`);
        assert.ok(relErr(combine(e.alpha, P, e.beta, C), R) === 0, `${c.name} alpha=${e.alpha} beta=${e.beta}`);
        checked++;
      }
    }
    assert.ok(checked > 50);
  });
});

for (const runner of runners) {
  describe(`gemm: ${runner.name}`, { skip: runner.skip }, () => {
    for (const c of fixture.cases) {
      const A0 = mat(c.m, c.k, c.A);
      const B0 = mat(c.k, c.n, c.B);
      const C0 = mat(c.m, c.n, c.C);
      const P = mat(c.m, c.n, c.P);
      for (const tA of [false, true]) {
        for (const tB of [false, true]) {
          it(`${c.name} op(A)=${tA ? 'Aᵀ' : 'A'} op(B)=${tB ? 'Bᵀ' : 'B'}`, () => {
            const A = tA ? transpose(A0) : A0.clone();
            const B = tB ? transpose(B0) : B0.clone();
            const aCopy = A.data.slice();
            const bCopy = B.data.slice();
            for (const alpha of fixture.alphas) {
              for (const beta of fixture.betas) {
                for (const nanC of beta === 0 ? [false, true] : [false]) {
                  const C = C0.clone();
                  if (nanC) C.data.fill(NaN);
                  runner.gemm(tA, tB, alpha, A, B, beta, C);
                  const want = combine(alpha, P, beta, C0);
                  const what = `alpha=${alpha} beta=${beta}${nanC ? ' (C full of NaN)' : ''}`;
                  if (c.kind === 'int') {
                    assert.ok(sameBits(C.data, want) || relErr(C.data, want) === 0, `${what}: exact product expected`);
                  } else {
                    const err = relErr(C.data, want);
                    assert.ok(err <= 1e-13, `${what}: relative Frobenius error ${err}`);
                  }
                }
              }
            }
            assert.ok(sameBits(A.data, aCopy), 'A was modified');
            assert.ok(sameBits(B.data, bCopy), 'B was modified');
          });
        }
      }
    }

    it('componentwise error ≤ k·eps·(|op(A)|·|op(B)|) against a compensated reference, k across blocks', () => {
      const shapes: [number, number, number][] = [
        [37, 2 * KC + 45, 41],
        [101, 300, 9],
        [5, 700, 130],
      ];
      for (const [m, k, n] of shapes) {
        for (const [tA, tB] of [
          [false, false],
          [true, true],
        ] as const) {
          // Entries of very different magnitudes so that cancellation happens.
          const A = random(tA ? k : m, tA ? m : k, m * 7 + k, 1e3);
          const B = random(tB ? n : k, tB ? k : n, n * 11 + k, 1e-2);
          const C = random(m, n, 5);
          const C0 = C.clone();
          runner.gemm(tA, tB, 1.5, A, B, -0.75, C);
          const opA = (i: number, p: number) => (tA ? A.data[p * m + i] : A.data[i * k + p]);
          const opB = (p: number, j: number) => (tB ? B.data[j * k + p] : B.data[p * n + j]);
          const eps = 2 ** -52;
          for (let i = 0; i < m; i++) {
            for (let j = 0; j < n; j++) {
              const { value, absSum } = compensatedDot(k, (p) => opA(i, p), (p) => opB(p, j));
              const want = 1.5 * value + -0.75 * C0.data[i * n + j];
              const bound = (k + 4) * eps * (1.5 * absSum + 0.75 * Math.abs(C0.data[i * n + j])) + 1e-300;
              const err = Math.abs(C.data[i * n + j] - want);
              if (!(err <= bound)) {
                assert.fail(`${m}x${k}x${n} tA=${tA} tB=${tB}: entry (${i}, ${j}) off by ${err}, bound ${bound}`);
              }
            }
          }
        }
      }
    });

    it('is bit-for-bit deterministic: the same inputs give the same bits, call after call', () => {
      for (const [m, k, n] of [
        [130, 267, 70],
        [19, 23, 17],
      ]) {
        const A = random(m, k, 1);
        const B = random(k, n, 2);
        const first = random(m, n, 3);
        const second = first.clone();
        runner.gemm(false, false, 0.7, A, B, 0.3, first);
        // Something else in between, to disturb any cached state.
        runner.gemm(true, false, 1, random(40, 50, 9), random(40, 60, 8), 0, new Matrix(50, 60));
        runner.gemm(false, false, 0.7, A, B, 0.3, second);
        assert.ok(sameBits(first.data, second.data));
      }
    });

    it('a wide, tall C that is staged in strips and panels (m·n > 2²¹, n > 2048)', () => {
      const [m, k, n] = [1030, 5, 2100];
      const A = random(m, k, 21);
      const B = random(k, n, 22);
      const C = random(m, n, 23);
      const C0 = C.clone();
      runner.gemm(false, false, 2, A, B, -1, C);
      let worst = 0;
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let p = 0; p < k; p++) s += A.data[i * k + p] * B.data[p * n + j];
          worst = Math.max(worst, Math.abs(C.data[i * n + j] - (2 * s - C0.data[i * n + j])));
        }
      }
      assert.ok(worst <= 1e-14, `max error ${worst}`);
    });

    // The LinalgBackend contract forbids C sharing storage with A or B (ops.gemm refuses it); the js
    // kernel is nevertheless robust to it, which this js-only property pins down.
    if (runner.name !== 'backend native') it('C may be the same matrix as A or B (js kernel: the operand is read as it was before the call)', () => {
      for (const n of [3, 10, 40]) {
        const X = random(n, n, 41 + n);
        const Y = random(n, n, 42 + n);
        const want = X.clone();
        runner.gemm(true, false, 1, X, Y, 0.5, want);
        const C1 = X.clone();
        runner.gemm(true, false, 1, C1, Y, 0.5, C1);
        assert.ok(relErr(C1.data, want.data) <= 1e-15, `C = A, n=${n}`);
        const want2 = Y.clone();
        runner.gemm(false, false, -1, X, Y, 2, want2);
        const C2 = Y.clone();
        runner.gemm(false, false, -1, X, C2, 2, C2);
        assert.ok(relErr(C2.data, want2.data) <= 1e-15, `C = B, n=${n}`);
      }
    });

    it('beta = 0 ignores C entirely (NaN and ±Inf), and alpha = 0 scales C without reading A and B', () => {
      const A = random(40, 30, 31);
      const B = random(30, 50, 32);
      const C = Matrix.filled(40, 50, Infinity);
      C.data[7] = NaN;
      C.data[8] = -Infinity;
      runner.gemm(false, false, 1, A, B, 0, C);
      assert.ok(C.data.every(Number.isFinite));
      const D = random(40, 50, 33);
      const D0 = D.clone();
      runner.gemm(false, false, 0, A, B, 2, D);
      assert.ok(sameBits(D.data, D0.data.map((x) => 2 * x)));
    });
  });
}

/**
 * Σ_p x(p)·y(p) to about twice working precision (Ogita, Rump & Oishi's Dot2: error-free
 * TwoProduct by Dekker/Veltkamp splitting and TwoSum), rounded once; also Σ |x(p)·y(p)|.
 */
function compensatedDot(k: number, x: (p: number) => number, y: (p: number) => number): { value: number; absSum: number } {
  const SPLIT = 134217729; // 2^27 + 1
  let s = 0;
  let c = 0;
  let absSum = 0;
  for (let p = 0; p < k; p++) {
    const a = x(p);
    const b = y(p);
    const h = a * b;
    absSum += Math.abs(h);
    let t = SPLIT * a;
    const ah = t - (t - a);
    const al = a - ah;
    t = SPLIT * b;
    const bh = t - (t - b);
    const bl = b - bh;
    const herr = al * bl - (((h - ah * bh) - al * bh) - ah * bl);
    const sum = s + h;
    const z = sum - s;
    const serr = (s - (sum - z)) + (h - z);
    s = sum;
    c += serr + herr;
  }
  return { value: s + c, absSum };
}

describe('gemmJs', () => {
  it('throws ShapeError naming the operation and both shapes', () => {
    const cases: [boolean, boolean, Matrix, Matrix, Matrix][] = [
      [false, false, new Matrix(2, 3), new Matrix(4, 5), new Matrix(2, 5)],
      [true, false, new Matrix(2, 3), new Matrix(3, 5), new Matrix(3, 5)],
      [false, true, new Matrix(2, 3), new Matrix(5, 3), new Matrix(2, 4)],
      [false, false, new Matrix(2, 3), new Matrix(3, 5), new Matrix(5, 2)],
    ];
    for (const [tA, tB, A, B, C] of cases) {
      assert.throws(
        () => gemmJs(tA, tB, 1, A, B, 0, C),
        (e: unknown) =>
          e instanceof ShapeError &&
          e.message.startsWith('gemm:') &&
          e.message.includes(`${A.rows}x${A.cols}`) &&
          e.message.includes(`${B.rows}x${B.cols}`),
      );
    }
  });

  it('agrees with every forced path on many small shapes (the automatic choice is only about speed)', () => {
    let seed = 100;
    for (const m of [1, 2, 3, 4, 5, 8, 13]) {
      for (const n of [1, 2, 4, 7, 9]) {
        for (const k of [1, 3, 4, 6, 33]) {
          const A = random(m, k, seed++);
          const B = random(n, k, seed++);
          const C0 = random(m, n, seed++);
          const results = (['auto', 'small', 'js', 'wasm'] as const).map((path) => {
            const C = C0.clone();
            gemmWithPath(path, false, true, -1.25, A, B, 0.5, C);
            return C.data;
          });
          for (const r of results.slice(1)) assert.ok(relErr(r, results[0]) <= 1e-15, `${m}x${k}x${n}`);
        }
      }
    }
  });

  it('the generated WebAssembly module validates for several micro-tile shapes', () => {
    if (typeof WebAssembly !== 'object') return;
    for (const [mr, nr, u] of [
      [4, 4, 1],
      [2, 8, 2],
      [6, 4, 1],
      [3, 6, 4],
    ]) {
      assert.ok(WebAssembly.validate(buildKernelBytes(mr, nr, u)), `MR=${mr} NR=${nr} unroll=${u}`);
    }
    // Chrome refuses synchronous compilation of modules over 4 KB on a page's main thread.
    assert.ok(buildKernelBytes().length < 4096);
    assert.notEqual(getWasmKernel(), null, 'Node 20 has WebAssembly SIMD');
  });
});
