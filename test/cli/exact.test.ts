/**
 * `lazyrich exact`: the --json object has the contract's shape; its values equal the library's
 * exactSolution on the same built weights (to 1e-12, the same computation) and agree with an
 * independent DOP853 gradient flow at rtol 1e-12 (≤ 1e-9 relative: the closed form is exact and the
 * integrator's global error at these tolerances is ~1e-11, spec §3.4 [V]); ntkDistance equals the
 * kernel distance of fully formed NTK matrices (Fort et al.; spec §4.3–4.4). Refusals exit 2 with
 * one sentence. Cases run over shapes × λ × task kinds.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { buildExperiment, validateExperiment } from '../../src/config/index.js';
import { Matrix } from '../../src/linalg/matrix.js';
import { matmul, sub } from '../../src/linalg/ops.js';
import { frobeniusNorm } from '../../src/linalg/norms.js';
import { exactSolution } from '../../src/theory/lazy-to-rich/index.js';
import { gradientFlow } from '../../src/train/index.js';
import { kernelDistance, ntk } from '../../src/metrics/index.js';
import { taskLoss } from '../../src/tasks/index.js';
import { runCli, tempDir, writeDoc } from '../config/cli-run.js';
import { ISSUE_BALANCED_TEXT, ISSUE_EXPLICIT_TEXT } from '../config/documents.js';

const BIN = new URL('../../bin/lazyrich.mjs', import.meta.url).pathname;
const dir = tempDir();
const TIMES = [0, 0.5, 1, 2, 5, 20];

function relErr(A: Matrix, B: Matrix): number {
  const n = frobeniusNorm(B);
  const d = frobeniusNorm(sub(A, B));
  return n > 0 ? d / n : d;
}

const SHAPES: [number, number][] = [
  [2, 2],
  [4, 2],
  [2, 4],
];
const LAMBDAS = [-1.5, 0, 0.5, 2];
const TASKS = ['random-low-rank', 'gaussian-regression'] as const;

describe('exact --json over shapes × λ × task kinds', () => {
  for (const [ni, no] of SHAPES) {
    for (const lambda of LAMBDAS) {
      for (const taskKind of TASKS) {
        // λ = 0 on a square net is singular for about half of the draws (det-sign rule, spec §3.3); tested separately below.
        if (lambda === 0 && ni === no) continue;
        const name = `${ni}-${Math.min(ni, no)}-${no}, λ = ${lambda}, ${taskKind}`;
        it(name, async () => {
          const task =
            taskKind === 'random-low-rank'
              ? { kind: 'random-low-rank', ni, no, rank: Math.min(ni, no), singularValues: Math.min(ni, no) === 2 ? [2, 0.7] : undefined, seed: 11 }
              : { kind: 'gaussian-regression', ni, no, p: 12, seed: 11 };
          const doc = { model: { kind: 'two-layer-linear' }, task, init: { kind: 'lambda-balanced', lambda, scale: 0.3, seed: 5 } };
          const file = writeDoc(dir, `exact-${ni}-${no}-${lambda}-${taskKind}.json`, doc);
          const r = await runCli(['exact', file, '--at', TIMES.join(','), '--json']);
          assert.equal(r.code, 0, r.err);
          const out = JSON.parse(r.out);
          assert.deepEqual(Object.keys(out).sort(), ['W', 'W1tW1', 'W2W2t', 'inverseConditionB', 'lambda', 'loss', 'model', 'ntkDistance', 'ntkInputs', 'regime', 't', 'units'].sort());
          assert.deepEqual(out.t, TIMES);
          assert.deepEqual(out.units, { t: 't/tau' });
          assert.equal(out.model, 'two-layer-linear');
          assert.ok(Math.abs(out.lambda - lambda) < 1e-12);
          assert.equal(out.W.length, TIMES.length);
          assert.equal(out.W[0].length, no);
          assert.equal(out.W[0][0].length, ni);
          assert.match(out.ntkInputs, taskKind === 'gaussian-regression' ? /task data X \(\d+x12/ : /standard basis/);

          // Same computation through the library: equal to 1e-12.
          const built = buildExperiment(validateExperiment(doc));
          const sol = exactSolution(built.task, { W1: built.weights[0], W2: built.weights[1] });
          // Independent reference: DOP853 gradient flow from the same weights.
          const flow = gradientFlow(built.task, built.weights, { times: TIMES, rtol: 1e-12, atol: 1e-14 });
          const X = built.task.X ?? Matrix.identity(ni);
          const K0 = ntk(matmul(built.weights[0], built.weights[0], { transA: true }), matmul(built.weights[1], built.weights[1], { transB: true }), X);
          TIMES.forEach((t, k) => {
            const W = Matrix.from(out.W[k]);
            assert.ok(relErr(W, sol.at(t).W) <= 1e-12, `W vs library at t = ${t}`);
            const [W1, W2] = flow.weights[k];
            const Wf = matmul(W2, W1);
            assert.ok(relErr(W, Wf) <= 1e-9, `W vs flow at t = ${t}: ${relErr(W, Wf)}`);
            const G1 = matmul(W1, W1, { transA: true });
            const G2 = matmul(W2, W2, { transB: true });
            assert.ok(relErr(Matrix.from(out.W1tW1[k]), G1) <= 1e-9, `W1tW1 at t = ${t}`);
            assert.ok(relErr(Matrix.from(out.W2W2t[k]), G2) <= 1e-9, `W2W2t at t = ${t}`);
            assert.ok(Math.abs(out.loss[k] - taskLoss(built.task, Wf)) <= 1e-9 * (1 + out.loss[0]), `loss at t = ${t}`);
            // ntkDistance (Kronecker-free) vs the distance of the formed NTKs along the flow: ≤ 1e-9 (flow error), and 0 at t = 0.
            const Kt = ntk(G1, G2, X);
            assert.ok(Math.abs(out.ntkDistance[k] - kernelDistance(K0, Kt)) <= 1e-9, `ntkDistance at t = ${t}`);
          });
          assert.ok(Math.abs(out.ntkDistance[0]) <= 1e-15);
        });
      }
    }
  }
});

describe('exact: refusals are one sentence with exit 2', () => {
  it('the issue\'s explicit (not λ-balanced) document is refused, naming the balance deviation and the fix', async () => {
    const file = writeDoc(dir, 'issue-explicit.json', ISSUE_EXPLICIT_TEXT);
    const r = await runCli(['exact', file, '--at', '0,1']);
    assert.equal(r.code, 2);
    assert.equal(r.out, '');
    assert.equal(r.err.trim().split('\n').length, 1, r.err);
    assert.match(r.err, /^lazyrich: .*not λ-balanced/);
    assert.match(r.err, /0\.0707/, 'the measured deviation ‖W₂ᵀW₂ − W₁W₁ᵀ − λI‖_F = ‖diag(0.05, −0.05)‖ = 0.0707');
    assert.match(r.err, /lambdaBalancedInit|rebalance/);
  });

  it('λ = 0 square init with det W(0) < 0 < det Σ_yx: B singular, refused with the det-sign reason', async () => {
    const doc = {
      model: { kind: 'two-layer-linear' },
      task: { kind: 'whitened', sigmaYX: [[1, 0], [0, 0.5]] },
      init: { kind: 'explicit', W1: [[0.1, 0], [0, -0.1]], W2: [[0.1, 0], [0, 0.1]] },
    };
    const r = await runCli(['exact', writeDoc(dir, 'singular.json', doc), '--at', '1']);
    assert.equal(r.code, 2);
    assert.equal(r.err.trim().split('\n').length, 1, r.err);
    assert.match(r.err, /det/i);
  });

  it('a task whose inputs are not whitened is refused', async () => {
    const doc = {
      model: { kind: 'two-layer-linear' },
      task: { kind: 'data', X: [[2, 0, 1], [0, 1, 1]], Y: [[1, 2, 3]] },
      init: { kind: 'explicit', W1: [[0.1, 0.1]], W2: [[0.2]] },
    };
    const r = await runCli(['exact', writeDoc(dir, 'unwhitened.json', doc), '--at', '1']);
    assert.equal(r.code, 2);
    assert.equal(r.err.trim().split('\n').length, 1, r.err);
    assert.match(r.err, /whiten/i);
  });

  it('N_h ≠ min(N_i, N_o) is refused', async () => {
    const doc = { model: { kind: 'two-layer-linear' }, task: { kind: 'random-low-rank', ni: 2, no: 4, rank: 2 }, init: { kind: 'lambda-balanced', lambda: 1, scale: 0.3, hidden: 3 } };
    const r = await runCli(['exact', writeDoc(dir, 'wide.json', doc), '--at', '1']);
    assert.equal(r.code, 2);
    assert.match(r.err, /N_h|hidden|min\(N_i, N_o\)/);
  });

  it('a deep network has no exact solution here: exit 2 pointing to simulate', async () => {
    const doc = { model: { kind: 'deep-linear', widths: [2, 2, 2, 2] }, task: { kind: 'whitened', sigmaYX: [[1, 0], [0, 1]] }, init: { kind: 'lecun', seed: 1 } };
    const r = await runCli(['exact', writeDoc(dir, 'deep.json', doc), '--at', '1']);
    assert.equal(r.code, 2);
    assert.equal(r.err, 'lazyrich: model.kind: there is no exact solution for "deep-linear" (exact solutions exist for two-layer-linear, mixed-linear, scalar-width, single-neuron); run "lazyrich simulate" instead.\n');
  });

  const timeCases: [string, RegExp][] = [
    ['0,-1', /--at: time -1 is negative/],
    ['NaN', /--at: expected a finite number, got "NaN"/],
    ['linspace(0,1)', /--at: linspace takes \(start, stop, count\)/],
  ];
  for (const [at, re] of timeCases) {
    it(`bad --at "${at}"`, async () => {
      const r = await runCli(['exact', writeDoc(dir, 'b.json', ISSUE_BALANCED_TEXT), '--at', at]);
      assert.equal(r.code, 2);
      assert.match(r.err, re);
      assert.equal(r.err.trim().split('\n').length, 1);
    });
  }

  it('missing --at without theory.times; theory.times is used when present', async () => {
    const file = writeDoc(dir, 'b2.json', ISSUE_BALANCED_TEXT);
    const r = await runCli(['exact', file]);
    assert.equal(r.code, 2);
    assert.match(r.err, /^lazyrich: --at: missing/);
    const doc = JSON.parse(ISSUE_BALANCED_TEXT);
    doc.theory = { times: [0, 3] };
    const r2 = await runCli(['exact', writeDoc(dir, 'b3.json', doc), '--json']);
    assert.equal(r2.code, 0, r2.err);
    assert.deepEqual(JSON.parse(r2.out).t, [0, 3]);
  });

  it('a missing file and a malformed file are one sentence each', async () => {
    const r = await runCli(['exact', `${dir}/nope.json`, '--at', '1']);
    assert.equal(r.code, 2);
    assert.match(r.err, /^lazyrich: config: cannot read ".*nope\.json" \(no such file\)/);
    const bad = await runCli(['exact', writeDoc(dir, 'bad.json', '{"model": {"kind": "two-layer-linear"},\n  "task": }'), '--at', '1']);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /^lazyrich: bad\.json: malformed JSON at line 2, column 11/);
  });
});

describe('exact: text output and the real executable', () => {
  it('text mode prints the table with units and the W matrices', async () => {
    const r = await runCli(['exact', writeDoc(dir, 'text.json', ISSUE_BALANCED_TEXT), '--at', 'linspace(0,4,5)']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /λ = -1\.5/);
    assert.match(r.out, /t\/τ\s+loss\s+‖W − Σ_yx‖_F\s+NTK distance/);
    assert.match(r.out, /t = 4: \[\[/);
  });

  it('the spawned bin evaluates the issue document (YAML form) and prints one JSON object', () => {
    const yaml = [
      'model: {kind: two-layer-linear}',
      'task: {kind: whitened, sigmaYX: [[2, 0.5], [0.1, 1]]}',
      'init: {kind: lambda-balanced, lambda: -1.5, scale: 0.2, hidden: 2, seed: 7}',
      'train: {method: gd, learningRate: 0.01, steps: 500}',
    ].join('\n');
    const file = writeDoc(dir, 'issue.yaml', yaml);
    const r = spawnSync(process.execPath, [BIN, 'exact', file, '--at', '0,1e7', '--json'], { encoding: 'utf8', env: { ...process.env, LAZYRICH_BACKEND: 'js' } });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(r.stdout.trim().split('\n').length, 1, 'one JSON object on one line');
    // At t = 1e7 the network has converged to Σ_yx (R10: finite, ‖W − Σ‖ < 1e-13).
    assert.ok(relErr(Matrix.from(out.W[1]), Matrix.from([[2, 0.5], [0.1, 1]])) < 1e-13);
    assert.ok(out.loss[1] < 1e-25);
  });
});
