/**
 * `lazyrich run`: the printed summary, `--json` equal to runDocument called directly (the command
 * must not change the computation), the files of `--out` read back (readNpy, and np.load through
 * python3 when NumPy is there), the `.npy` paths of a data task resolved relative to the document,
 * and one-sentence refusals with exit code 2 (sweep section, no train, divergence, bad output folder).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runDocument, runResultToJson } from '../../src/experiments/run/index.js';
import { readNpy, writeNpy } from '../../src/io/npy.node.js';
import { Matrix } from '../../src/linalg/matrix.js';
import { jsBackend, setBackend } from '../../src/linalg/backend.js';
import { runCli, tempDir, writeDoc } from '../config/cli-run.js';
import { ISSUE_BALANCED_TEXT, SCALAR_WIDTH_TEXT, balancedDoc } from '../config/documents.js';

const dir = tempDir('lazyrich-run-');

/** runDocument on the js backend (as runCli uses). */
function direct(doc: unknown, options: { seed?: number } = {}) {
  setBackend(jsBackend);
  return runDocument(doc, options);
}

function hasNumpy(): boolean {
  const r = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' });
  return r.status === 0;
}

describe('lazyrich run', () => {
  it('prints the exact availability, the summary table and the labels', async () => {
    const r = await runCli(['run', writeDoc(dir, 'balanced.json', ISSUE_BALANCED_TEXT)]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^run: two-layer-linear, gradient descent, η = 0\.01, 500 steps/);
    assert.match(r.out, /\nexact side: closed form QQᵀ\(t\)/);
    assert.match(r.out, /\nmaxRelativeError +\S+ +largest relative error/);
    assert.match(r.out, /\nlabels: method = gd, regime = \w+/);
  });

  it('--json equals runDocument called directly; --seed overrides the document', async () => {
    const doc = { ...balancedDoc(), init: { kind: 'gaussian', std1: 0.2, std2: 0.3, hidden: 2 } };
    const r = await runCli(['run', writeDoc(dir, 'gauss.json', doc), '--json', '--seed', '9']);
    assert.equal(r.code, 0, r.err);
    const out = JSON.parse(r.out);
    assert.equal(out.seed, 9);
    assert.deepEqual(out, JSON.parse(JSON.stringify(runResultToJson(direct(doc, { seed: 9 })))));
    assert.equal(out.exact.available, false);
    assert.match(out.exact.reason, /not λ-balanced/);
    const other = await runCli(['run', writeDoc(dir, 'gauss.json', doc), '--json', '--seed', '10']);
    assert.notDeepEqual(JSON.parse(other.out).series.columns.loss, out.series.columns.loss);
  });

  it('--out writes summary.json, series.csv, one .npy per series and array, and the figure', async () => {
    const out = join(dir, 'out-scalar');
    const doc = { ...JSON.parse(SCALAR_WIDTH_TEXT), train: { method: 'flow', tEnd: 4 } };
    const r = await runCli(['run', writeDoc(dir, 'scalar.json', doc), '--out', out]);
    assert.equal(r.code, 0, r.err);
    const res = direct(doc);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    assert.deepEqual(summary.summary, res.summary);
    assert.deepEqual(summary.labels, res.labels);
    assert.deepEqual(summary.document, doc);
    assert.equal(summary.exact.available, true);
    assert.equal(summary.seed, 0);
    const csv = readFileSync(join(out, 'series.csv'), 'utf8').trim().split('\n');
    assert.deepEqual(csv[0].split(','), ['t', ...Object.keys(res.series.columns)]);
    assert.equal(csv.length, res.series.t.length + 1);
    assert.equal(Number(csv[5].split(',')[1]), res.series.columns.loss[4]);
    const t = readNpy(join(out, 't.npy'));
    assert.deepEqual(t.shape, [res.series.t.length]);
    assert.deepEqual(Float64Array.from(t.data as ArrayLike<number>), res.series.t);
    for (const [name, values] of Object.entries(res.series.columns)) {
      assert.deepEqual(Float64Array.from(readNpy(join(out, `${name}.npy`)).data as ArrayLike<number>), values, name);
    }
    for (const [name, a] of Object.entries(res.arrays)) {
      const back = readNpy(join(out, `${name}.npy`));
      assert.deepEqual(back.shape, a.shape, name);
      assert.deepEqual(Float64Array.from(back.data as ArrayLike<number>), a.data, name);
    }
    assert.match(readFileSync(join(out, 'run.svg'), 'utf8'), /<svg[^>]*>/);
    assert.deepEqual([...readFileSync(join(out, 'run.png')).subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
    assert.match(r.out, /wrote \d+ files to /);
  });

  it('np.load reads the written arrays back equal (python3 with NumPy)', async (t) => {
    if (!hasNumpy()) {
      t.skip('python3 with NumPy is not available here');
      return;
    }
    const out = join(dir, 'out-numpy');
    const r = await runCli(['run', writeDoc(dir, 'bal2.json', ISSUE_BALANCED_TEXT), '--out', out]);
    assert.equal(r.code, 0, r.err);
    const py = spawnSync(
      'python3',
      ['-c', 'import sys, json, numpy as np; d = sys.argv[1]; print(json.dumps({k: np.load(f"{d}/{k}.npy").tolist() for k in ["t", "loss", "W1Final", "WFinalExact"]}))', out],
      { encoding: 'utf8' },
    );
    assert.equal(py.status, 0, py.stderr);
    const back = JSON.parse(py.stdout);
    const res = direct(JSON.parse(ISSUE_BALANCED_TEXT));
    assert.deepEqual(back.t, Array.from(res.series.t));
    assert.deepEqual(back.loss, Array.from(res.series.columns.loss));
    assert.deepEqual(back.W1Final, Matrix.revive({ rows: 2, cols: 2, data: res.arrays.W1Final.data }).toArray());
    assert.deepEqual(back.WFinalExact, Matrix.revive({ rows: 2, cols: 2, data: res.arrays.WFinalExact.data }).toArray());
  });

  it('a data task with .npy paths relative to the document', async () => {
    const sub = tempDir('lazyrich-run-data-');
    writeNpy(join(sub, 'X.npy'), Matrix.from([[1, 0, 0.5, -1], [0, 1, 0.5, 1]]));
    writeNpy(join(sub, 'Y.npy'), Matrix.from([[1, 0.2, 0.6, -0.8]]));
    const doc = { model: { kind: 'two-layer-linear' }, task: { kind: 'data', X: 'X.npy', Y: 'Y.npy' }, init: { kind: 'gaussian', std1: 0.1, std2: 0.1, hidden: 1, seed: 2 }, train: { method: 'gd', learningRate: 0.05, steps: 100 } };
    const r = await runCli(['run', writeDoc(sub, 'data.json', doc), '--json']);
    assert.equal(r.code, 0, r.err);
    const out = JSON.parse(r.out);
    assert.ok(out.notes.some((n: string) => n.includes('task data X (2x4')), out.notes.join(' | '));
    assert.ok(out.summary.finalLoss < out.series.columns.loss[0]);
  });

  describe('refusals: one sentence, exit 2, no stack', () => {
    const refuse = async (args: string[], pattern: RegExp) => {
      const r = await runCli(args);
      assert.equal(r.code, 2, r.out + r.err);
      assert.match(r.err, pattern);
      assert.doesNotMatch(r.err, /\n\s+at /);
      assert.equal(r.out, '');
    };

    it('a document with a sweep section (valid or not) belongs to lazyrich sweep', async () => {
      const valid = { ...balancedDoc(), sweep: { axes: [{ path: 'init.lambda', values: [-1, 1] }] } };
      await refuse(['run', writeDoc(dir, 'sweep.json', valid)], /this document has a sweep section; run it with lazyrich sweep/);
      const invalid = { ...balancedDoc(), sweep: { axes: [{ path: 'init.lambda' }] } };
      await refuse(['run', writeDoc(dir, 'sweep-bad.json', invalid)], /this document has a sweep section; run it with lazyrich sweep/);
    });

    it('no train section names train with an example', async () => {
      const doc = balancedDoc();
      delete doc.train;
      await refuse(['run', writeDoc(dir, 'notrain.json', doc)], /^lazyrich: train: missing required section; "run" needs a train section, e\.g\./);
    });

    it('a diverging run names train.learningRate', async () => {
      const doc = { ...balancedDoc(), train: { method: 'gd', learningRate: 5, steps: 100 } };
      await refuse(['run', writeDoc(dir, 'diverge.json', doc)], /train\.learningRate: the simulation diverged/);
    });

    it('a missing file, a bad seed and an unwritable output folder', async () => {
      await refuse(['run', join(dir, 'nope.json')], /cannot read .*no such file/);
      await refuse(['run', writeDoc(dir, 'b.json', ISSUE_BALANCED_TEXT), '--seed', '-1'], /--seed: expected a non-negative integer/);
      const file = join(dir, 'a-file');
      writeFileSync(file, 'x');
      await refuse(['run', writeDoc(dir, 'b.json', ISSUE_BALANCED_TEXT), '--out', join(file, 'sub')], /--out: cannot create the folder/);
      assert.equal(existsSync(join(file, 'sub')), false);
    });
  });
});
