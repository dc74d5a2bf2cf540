/**
 * `exact`, `simulate` and `compare` for the model kinds of issues 5 and 6 (mixed-linear,
 * scalar-width, single-neuron), on the issue documents and a product of settings:
 * - `exact --json` has the contract's fields and equals the library function on the same inputs
 *   (≤ 1e-12: the same computation; JSON round-trips doubles exactly);
 * - it agrees with an independent DOP853 integration (rtol 1e-12, atol 1e-14) of the model's own
 *   equations written here from the spec (§A.2.2 (1); §B.2 flow; connectivity §6 flow) — tolerance
 *   1e-8 relative: both sides carry the integrator's ~1e-11 global error, with margin for growth;
 * - `simulate --json` has its fields; `compare` agrees for gradient flow (≤ 1e-8) and reports the GD
 *   discretisation error, which halves when η halves (first order).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Matrix } from '../../src/linalg/matrix.js';
import { matmul, sub, add, transpose } from '../../src/linalg/ops.js';
import { sqrtmPsd } from '../../src/linalg/functions.js';
import { solveIvp } from '../../src/ode/index.js';
import { mixedDynamicsFlow } from '../../src/theory/mixed/index.js';
import { matrixTask } from '../../src/tasks/noisy-low-rank.js';
import { scalarWidthExact } from '../../src/theory/three-mechanisms/index.js';
import { singleNeuronExact } from '../../src/theory/single-neuron/index.js';
import { runCli, tempDir, writeDoc } from '../config/cli-run.js';
import { MIXED_TEXT, SCALAR_WIDTH_TEXT, SINGLE_NEURON_TEXT } from '../config/documents.js';

const dir = tempDir();
const TIMES = [0, 0.25, 1, 3, 10];

async function exactJson(doc: unknown, name: string, times = TIMES): Promise<any> {
  const file = writeDoc(dir, name, doc);
  const r = await runCli(['exact', file, '--at', times.join(','), '--json']);
  assert.equal(r.code, 0, r.err);
  return JSON.parse(r.out);
}

function maxRel(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  let n = 0;
  for (let i = 0; i < b.length; i++) {
    d = Math.max(d, Math.abs(a[i] - b[i]));
    n = Math.max(n, Math.abs(b[i]));
  }
  return n > 0 ? d / n : d;
}

/** (1) of spec §A.2.2 integrated here: dA/dt = −(AAᵀ + c²I)^{1/2}(A − Y) − (A − Y)(AᵀA + c²I)^{1/2}. */
function referenceMixed(Y: Matrix, A0: Matrix, c: number, times: number[]): Matrix[] {
  const [m, n] = [Y.rows, Y.cols];
  const res = solveIvp(
    (_t, y, dy) => {
      const A = new Matrix(m, n, Float64Array.from(y));
      const G = sub(A, Y);
      const L = sqrtmPsd(add(matmul(A, A, { transB: true }), Matrix.diag(new Array(m).fill(c * c))));
      const R = sqrtmPsd(add(matmul(A, A, { transA: true }), Matrix.diag(new Array(n).fill(c * c))));
      const D = add(matmul(L, G), matmul(G, R));
      for (let i = 0; i < m * n; i++) dy[i] = -D.data[i];
    },
    [0, times[times.length - 1]],
    A0.data,
    { rtol: 1e-12, atol: 1e-14, tEval: times },
  );
  return res.y.map((y) => new Matrix(m, n, Float64Array.from(y)));
}

describe('exact --json for mixed-linear', () => {
  const SETTINGS: [string, any][] = [['the issue document', JSON.parse(MIXED_TEXT)]];
  for (const [sigma2, width] of [[0.01, 50], [0.1, 3]] as const) {
    for (const Y of [[[2, 0], [0, 0.5]], [[1, -1, 0.5], [0.2, 2, 0]]]) {
      const A = Y.map((row, i) => row.map((_, j) => (i === j ? 0.05 : 0.01)));
      SETTINGS.push([`σ² = ${sigma2}, w = ${width}, Y ${Y.length}x${Y[0].length}`, { model: { kind: 'mixed-linear', sigma2, width }, task: { kind: 'matrix', Y }, init: { kind: 'explicit', A } }]);
    }
  }
  for (const [name, doc] of SETTINGS) {
    it(name, async () => {
      const out = await exactJson(doc, `mixed-${name.replace(/\W+/g, '_')}.json`);
      assert.deepEqual(Object.keys(out).sort(), ['A', 'atol', 'model', 'rtol', 't', 'testError', 'threshold', 'trainError', 'units'].sort());
      assert.equal(out.model, 'mixed-linear');
      assert.deepEqual(out.units, { t: 't/tau' });
      assert.deepEqual(out.t, TIMES);
      const Y = Matrix.from(doc.task.Y);
      const A0 = Matrix.from(doc.init.A);
      const c = doc.model.sigma2 * doc.model.width;
      assert.equal(out.threshold, c);
      const lib = mixedDynamicsFlow(matrixTask(Y), A0, { threshold: c, times: TIMES, rtol: 1e-12, atol: 1e-14 });
      const ref = referenceMixed(Y, A0, c, TIMES);
      TIMES.forEach((_, k) => {
        const printed = Matrix.from(out.A[k]);
        assert.ok(maxRel(printed.data, lib.A[k].data) <= 1e-12, 'same as the library');
        assert.ok(maxRel(printed.data, ref[k].data) <= 1e-8, `vs independent DOP853 at t = ${TIMES[k]}: ${maxRel(printed.data, ref[k].data)}`);
        assert.ok(Math.abs(out.trainError[k] - lib.trainError[k]) <= 1e-12 * Math.max(1, lib.trainError[0]));
      });
      // At t = 10 the flow has converged to Y (the threshold makes every direction learn).
      assert.ok(maxRel(Matrix.from(out.A[TIMES.length - 1]).data, Y.data) < 1e-3);
    });
  }
});

/** The §B.2 flow integrated here: u̇ = −η_u κ Σ_xx (P − a) w, ẇ = −η_w κ Σ_xx (P − a) u, P = κ uᵀw. */
function referenceScalar(m: any, task: any, u0: number[], w0: number[], times: number[]): { u: number[]; w: number[] }[] {
  const d = u0.length;
  const res = solveIvp(
    (_t, y, dy) => {
      let P = 0;
      for (let i = 0; i < d; i++) P += y[i] * y[d + i];
      const g = m.kappa * task.sigmaXX * (m.kappa * P - task.a);
      for (let i = 0; i < d; i++) {
        dy[i] = -m.etaU * g * y[d + i];
        dy[d + i] = -m.etaW * g * y[i];
      }
    },
    [0, times[times.length - 1]],
    [...u0, ...w0],
    { rtol: 1e-12, atol: 1e-14, tEval: times },
  );
  return res.y.map((y) => ({ u: Array.from(y.slice(0, d)), w: Array.from(y.slice(d)) }));
}

describe('exact --json for scalar-width', () => {
  const SETTINGS: [string, any][] = [['the issue document', JSON.parse(SCALAR_WIDTH_TEXT)]];
  for (const model of [{ kappa: 1, etaU: 1, etaW: 1 }, { kappa: 0.25, etaU: 4, etaW: 0.5 }]) {
    for (const [u, w] of [[[0.1, 0.2], [0.3, -0.1]], [[0.5, -0.5, 0.2, 0.1], [-0.5, 0.5, 0.1, 0.3]]]) {
      for (const a of [1.5, -0.7]) {
        SETTINGS.push([`κ = ${model.kappa}, η = (${model.etaU}, ${model.etaW}), d = ${u.length}, a = ${a}`, { model: { kind: 'scalar-width', ...model }, task: { kind: 'scalar', a, sigmaXX: 0.8 }, init: { kind: 'explicit', u, w } }]);
      }
    }
  }
  for (const [name, doc] of SETTINGS) {
    it(name, async () => {
      const out = await exactJson(doc, `sw-${name.replace(/\W+/g, '_')}.json`);
      assert.deepEqual(Object.keys(out).sort(), ['K', 'P', 'Q', 'alpha', 'loss', 'model', 'rate', 't', 'tc', 'u', 'units', 'w', 'zeta'].sort());
      assert.equal(out.model, 'scalar-width');
      const m = doc.model;
      const ex = scalarWidthExact({ kappa: m.kappa, etaU: m.etaU, etaW: m.etaW }, { a: doc.task.a, sigmaXX: doc.task.sigmaXX }, { u: doc.init.u, w: doc.init.w });
      const ref = referenceScalar(m, doc.task, doc.init.u, doc.init.w, TIMES);
      TIMES.forEach((t, k) => {
        const s = ex.at(t);
        for (const key of ['P', 'K', 'zeta'] as const) assert.ok(Math.abs(out[key][k] - s[key]) <= 1e-12 * Math.max(1, Math.abs(s[key])), `${key} as the library`);
        assert.ok(maxRel(out.u[k], s.u) <= 1e-12 && maxRel(out.w[k], s.w) <= 1e-12);
        const uw = [...out.u[k], ...out.w[k]];
        assert.ok(maxRel(uw, [...ref[k].u, ...ref[k].w]) <= 1e-8, `weights vs DOP853 at t = ${t}: ${maxRel(uw, [...ref[k].u, ...ref[k].w])}`);
        // P, K and ζ from the reference weights (spec §B.2, §B.6: ζ = 2ũᵀw̃/(‖ũ‖² + ‖w̃‖²)).
        const { u, w } = ref[k];
        const dot = u.reduce((acc, ui, i) => acc + ui * w[i], 0);
        const nu = u.reduce((acc, x) => acc + x * x, 0);
        const nw = w.reduce((acc, x) => acc + x * x, 0);
        const P = m.kappa * dot;
        const K = m.kappa ** 2 * doc.task.sigmaXX * (m.etaW * nu + m.etaU * nw);
        const zeta = (2 * dot / Math.sqrt(m.etaU * m.etaW)) / (nu / m.etaU + nw / m.etaW);
        assert.ok(Math.abs(out.P[k] - P) <= 1e-8 * Math.max(1, Math.abs(P)), `P at t = ${t}`);
        assert.ok(Math.abs(out.K[k] - K) <= 1e-8 * K, `K at t = ${t}`);
        assert.ok(Math.abs(out.zeta[k] - zeta) <= 1e-8, `ζ at t = ${t}`);
      });
    });
  }
});

/** The single-neuron flow integrated here: ẇ = −η_w a (β − β*), ȧ = −η_a wᵀ(β − β*), β = a·w. */
function referenceNeuron(m: any, betaStar: number[], a0: number, w0: number[], times: number[]): { a: number; w: number[] }[] {
  const d = w0.length;
  const res = solveIvp(
    (_t, y, dy) => {
      const a = y[d];
      let da = 0;
      for (let i = 0; i < d; i++) {
        const r = a * y[i] - betaStar[i];
        dy[i] = -m.etaW * a * r;
        da += y[i] * r;
      }
      dy[d] = -m.etaA * da;
    },
    [0, times[times.length - 1]],
    [...w0, a0],
    { rtol: 1e-12, atol: 1e-14, tEval: times },
  );
  return res.y.map((y) => ({ a: y[d], w: Array.from(y.slice(0, d)) }));
}

/** The learning-rate-weighted NTK of f = a·wᵀx on whitened inputs: M = η_w a² I + η_a w wᵀ (spec connectivity §6). */
function ntkMatrix(m: any, a: number, w: number[]): number[] {
  const d = w.length;
  const M: number[] = [];
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) M.push((i === j ? m.etaW * a * a : 0) + m.etaA * w[i] * w[j]);
  return M;
}

describe('exact --json for single-neuron', () => {
  const SETTINGS: [string, any][] = [['the issue document', JSON.parse(SINGLE_NEURON_TEXT)]];
  for (const model of [{ etaW: 1, etaA: 1 }, { etaW: 0.5, etaA: 2 }]) {
    for (const [a, w] of [[0.3, [0.1, 0.05, -0.2]], [1.5, [0.02, 0.01, 0.03]], [0.05, [1, -1, 0.5]]] as const) {
      SETTINGS.push([`η = (${model.etaW}, ${model.etaA}), a = ${a}`, { model: { kind: 'single-neuron', ...model }, task: { kind: 'whitened-vector', betaStar: [1, -0.5, 0.25] }, init: { kind: 'explicit', a, w } }]);
    }
  }
  for (const [name, doc] of SETTINGS) {
    it(name, async () => {
      const out = await exactJson(doc, `sn-${name.replace(/\W+/g, '_')}.json`);
      assert.deepEqual(Object.keys(out).sort(), ['a', 'beta', 'delta', 'kernelDistance', 'loss', 'model', 'phi', 't', 'units', 'w'].sort());
      assert.equal(out.model, 'single-neuron');
      const m = doc.model;
      const bs = doc.task.betaStar;
      const sol = singleNeuronExact({ etaW: m.etaW, etaA: m.etaA }, { betaStar: bs }, { a: doc.init.a, w: doc.init.w });
      const ref = referenceNeuron(m, bs, doc.init.a, doc.init.w, TIMES);
      const M0 = ntkMatrix(m, doc.init.a, doc.init.w);
      assert.ok(Math.abs(out.delta - (m.etaW * doc.init.a ** 2 - m.etaA * doc.init.w.reduce((s: number, x: number) => s + x * x, 0))) <= 1e-15);
      TIMES.forEach((t, k) => {
        const p = sol.at(t);
        assert.ok(maxRel(out.beta[k], p.beta) <= 1e-12 && Math.abs(out.a[k] - p.a) <= 1e-12 * Math.abs(p.a) && Math.abs(out.phi[k] - p.phi) <= 1e-12);
        assert.ok(Math.abs(out.kernelDistance[k] - p.kernelDistance) <= 1e-12);
        const { a, w } = ref[k];
        const beta = w.map((x) => a * x);
        assert.ok(maxRel(out.beta[k], beta) <= 1e-8, `β vs DOP853 at t = ${t}: ${maxRel(out.beta[k], beta)}`);
        assert.ok(Math.abs(out.a[k] - a) <= 1e-8 * Math.max(1, Math.abs(a)), `a at t = ${t}`);
        const nw = Math.hypot(...w);
        const phi = w.reduce((s, x, i) => s + x * bs[i], 0) / (nw * Math.hypot(...bs));
        assert.ok(Math.abs(out.phi[k] - phi) <= 1e-8, `φ = cos∠(w, β*) at t = ${t}`);
        const Mt = ntkMatrix(m, a, w);
        const dot = M0.reduce((s, x, i) => s + x * Mt[i], 0);
        const S = 1 - dot / (Math.hypot(...M0) * Math.hypot(...Mt));
        assert.ok(Math.abs(out.kernelDistance[k] - S) <= 1e-8, `kernel distance at t = ${t}: ${out.kernelDistance[k]} vs ${S}`);
      });
    });
  }
});

describe('simulate and compare for the new kinds', () => {
  it('simulate --json fields per kind', async () => {
    const cases: [any, string[]][] = [
      [{ ...JSON.parse(MIXED_TEXT), init: { kind: 'gaussian', seed: 2 }, train: { method: 'gd', learningRate: 0.01, steps: 20, recordEvery: 5 } }, ['A', 'learningRate', 'method', 'model', 'seed', 'steps', 't', 'testError', 'threshold', 'trainError', 'units', 'width']],
      [{ ...JSON.parse(SCALAR_WIDTH_TEXT), train: { method: 'flow', tEnd: 2 }, record: { times: [0, 1, 2] } }, ['K', 'P', 'learningRate', 'loss', 'method', 'model', 'seed', 't', 'u', 'units', 'w']],
      [{ ...JSON.parse(SINGLE_NEURON_TEXT), train: { method: 'gd', learningRate: 0.1, steps: 10, recordEvery: 5 } }, ['a', 'beta', 'learningRate', 'loss', 'method', 'model', 'seed', 'steps', 't', 'units', 'w']],
    ];
    for (const [k, [doc, keys]] of cases.entries()) {
      const file = writeDoc(dir, `sim-${k}.json`, doc);
      const r = await runCli(['simulate', file, '--json']);
      assert.equal(r.code, 0, r.err);
      const out = JSON.parse(r.out);
      assert.deepEqual(Object.keys(out).sort(), keys.sort());
      assert.equal(out.model, doc.model.kind);
    }
    const mixed = JSON.parse((await runCli(['simulate', writeDoc(dir, 'sim-0.json', cases[0][0]), '--json'])).out);
    assert.deepEqual(mixed.t.map((t: number) => Math.round(t * 100)), [0, 5, 10, 15, 20]);
    const sw = JSON.parse((await runCli(['simulate', writeDoc(dir, 'sim-1.json', cases[1][0]), '--json'])).out);
    assert.deepEqual(sw.t, [0, 1, 2]);
  });

  it('compare: gradient flow agrees with the closed form (scalar-width, single-neuron) to 1e-8', async () => {
    for (const [k, text] of [SCALAR_WIDTH_TEXT, SINGLE_NEURON_TEXT].entries()) {
      const doc = { ...JSON.parse(text), train: { method: 'flow', tEnd: 5, rtol: 1e-12, atol: 1e-14 } };
      const r = await runCli(['compare', writeDoc(dir, `cmp-flow-${k}.json`, doc), '--json']);
      assert.equal(r.code, 0, r.err);
      const out = JSON.parse(r.out);
      assert.equal(out.agree, true);
      assert.ok(out.maxRelativeError <= 1e-8, `${doc.model.kind}: ${out.maxRelativeError}`);
    }
  });

  it('compare: the GD error is first order in η (halving η about halves it; ratio within [1.8, 2.2])', async () => {
    for (const [k, text] of [SCALAR_WIDTH_TEXT, SINGLE_NEURON_TEXT].entries()) {
      const errs: number[] = [];
      for (const [eta, steps] of [[0.02, 200], [0.01, 400]]) {
        const doc = { ...JSON.parse(text), train: { method: 'gd', learningRate: eta, steps } };
        const r = await runCli(['compare', writeDoc(dir, `cmp-gd-${k}-${steps}.json`, doc), '--json']);
        assert.equal(r.code, 0, r.err);
        errs.push(JSON.parse(r.out).maxRelativeError);
      }
      const ratio = errs[0] / errs[1];
      assert.ok(ratio > 1.8 && ratio < 2.2, `error ratio ${ratio} (${errs.join(', ')})`);
    }
  });

  it('compare for mixed-linear: GD from W1(0), W2(0) beside (1) from A(0) = W2W1; zero error at t = 0, the simulation A equals W2W1 of GD', async () => {
    const doc = { model: { kind: 'mixed-linear', sigma2: 0.001, width: 3000 }, task: { kind: 'noisy-low-rank', d: 3, rank: 1, seed: 4 }, init: { kind: 'gaussian', seed: 5 }, train: { method: 'gd', learningRate: 0.01, steps: 100, recordEvery: 10 } };
    const r = await runCli(['compare', writeDoc(dir, 'cmp-mixed.json', doc), '--json']);
    assert.equal(r.code, 0, r.err);
    const out = JSON.parse(r.out);
    assert.equal(out.quantity, 'A = W2W1 vs (1)');
    assert.equal(out.t.length, 11);
    assert.equal(out.relativeError[0], 0);
    assert.equal(out.simulation.A.length, 11);
    // The closure of (1) at width 3000 ≫ d = 3 (spec §A.2.2): GD and (1) stay within a few per cent over t ≤ 1.
    assert.ok(out.maxRelativeError < 0.1, `max relative error ${out.maxRelativeError}`);
  });

  it('refusals: mixed-linear simulate needs weights, sgd does not apply — exit 2, one sentence', async () => {
    const noWeights = { ...JSON.parse(MIXED_TEXT), train: { method: 'gd', learningRate: 0.01, steps: 10 } };
    let r = await runCli(['simulate', writeDoc(dir, 'ref-1.json', noWeights)]);
    assert.equal(r.code, 2);
    assert.equal(r.err, 'lazyrich: init: simulating needs the weights W1 and W2 (init kind "gaussian", or explicit W1 and W2); an explicit A alone defines only the dynamics (1).\n');
    const sgd = { ...JSON.parse(SINGLE_NEURON_TEXT), train: { method: 'sgd', learningRate: 0.01, steps: 10, batchSize: 2 } };
    r = await runCli(['simulate', writeDoc(dir, 'ref-2.json', sgd)]);
    assert.equal(r.code, 2);
    assert.equal(r.err, 'lazyrich: train.method: a single-neuron model on a whitened-vector task has no samples to batch, so "sgd" does not apply; use "gd" or "flow".\n');
  });
});
