/**
 * `lazyrich compare`: simulation beside the exact solution. A gradient flow at tight tolerances
 * agrees (≤ 1e-9); a large learning rate disagrees and the command names "step size" after
 * measuring that the error halves with η (GD's first-order error, spec §6 R7); a det-mismatched
 * start with tiny λ additionally names the nearly singular B (spec §3.3); an unbalanced init means
 * the theory does not apply (exit 2). --out writes the figure and data.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir, writeDoc } from '../config/cli-run.js';
import { ISSUE_EXPLICIT_TEXT, balancedDoc } from '../config/documents.js';

const dir = tempDir();

describe('compare', () => {
  it('gradient flow at rtol 1e-12 agrees with the closed form to 1e-9 and names no cause', async () => {
    const doc = balancedDoc();
    doc.train = { method: 'flow', tEnd: 5, rtol: 1e-12, atol: 1e-14 };
    const r = await runCli(['compare', writeDoc(dir, 'flow.json', doc), '--json']);
    assert.equal(r.code, 0, r.err);
    const out = JSON.parse(r.out);
    assert.ok(out.maxRelativeError <= 1e-9, `max error ${out.maxRelativeError}`);
    assert.equal(out.agree, true);
    assert.deepEqual(out.causes, []);
    assert.equal(out.relativeError.length, out.t.length);
    assert.equal(out.simulation.method, 'flow');
    assert.deepEqual(out.units, { t: 't/tau' });
  });

  it('a large learning rate: disagreement, "step size" named first with the measured halving', async () => {
    const doc = balancedDoc();
    doc.train = { method: 'gd', learningRate: 0.1, steps: 50 };
    const file = writeDoc(dir, 'big-lr.json', doc);
    const r = await runCli(['compare', file, '--json']);
    assert.equal(r.code, 0, r.err);
    const out = JSON.parse(r.out);
    assert.equal(out.agree, false);
    assert.ok(out.maxRelativeError > 1e-2, `max error ${out.maxRelativeError}`);
    assert.equal(out.causes[0].cause, 'step size');
    const ratio = Number(/ratio (\d\.\d+)/.exec(out.causes[0].detail)![1]);
    assert.ok(ratio > 0.4 && ratio < 0.6, `error ratio at η/2: ${ratio}`);
    const text = await runCli(['compare', file]);
    assert.equal(text.code, 0);
    assert.match(text.out, /likely cause — step size: halving η to 0\.05/);
  });

  it('the issue document at η = 0.01 agrees within the default tolerance 1e-2', async () => {
    const r = await runCli(['compare', writeDoc(dir, 'issue.json', balancedDoc()), '--json']);
    assert.equal(r.code, 0, r.err);
    const out = JSON.parse(r.out);
    assert.equal(out.agree, true);
    // First-order GD error: about 4e-3 at η = 0.01 (R7 reports 3.4e-3 for a 3-3-3 net at λ = 0).
    assert.ok(out.maxRelativeError > 1e-3 && out.maxRelativeError < 1e-2, `max error ${out.maxRelativeError}`);
    const strict = await runCli(['compare', writeDoc(dir, 'issue2.json', balancedDoc()), '--json', '--tolerance', '1e-4']);
    assert.equal(JSON.parse(strict.out).causes[0].cause, 'step size');
  });

  it('tiny λ with sign det W(0) ≠ sign det Σ_yx: the nearly singular B is named too', async () => {
    const lambda = 1e-6;
    const c = 0.05;
    const d = Math.sqrt(c * c + lambda);
    const doc = {
      model: { kind: 'two-layer-linear' },
      task: { kind: 'whitened', sigmaYX: [[1, 0], [0, 0.5]] },
      init: { kind: 'explicit', W1: [[c, 0], [0, -c]], W2: [[d, 0], [0, d]] },
      train: { method: 'gd', learningRate: 0.01, steps: 3000 },
    };
    const r = await runCli(['compare', writeDoc(dir, 'near-singular.json', doc), '--json']);
    assert.equal(r.code, 0, r.err);
    const out = JSON.parse(r.out);
    assert.ok(out.inverseConditionB < 1e-3, `1/cond(B) = ${out.inverseConditionB}`);
    const causes = out.causes.map((x: { cause: string }) => x.cause);
    assert.ok(causes.includes('singular B'), causes.join(', '));
    assert.match(out.causes.find((x: { cause: string }) => x.cause === 'singular B').detail, /sign det W\(0\) differs from sign det Σ_yx/);
  });

  it('an init that is not λ-balanced: the theory does not apply, exit 2, one sentence', async () => {
    const r = await runCli(['compare', writeDoc(dir, 'explicit.json', ISSUE_EXPLICIT_TEXT)]);
    assert.equal(r.code, 2);
    assert.equal(r.err.trim().split('\n').length, 1, r.err);
    assert.match(r.err, /^lazyrich: the exact solution does not apply to this config, so there is nothing to compare: .*not λ-balanced/);
  });

  it('--out writes the figure (SVG + PNG) and the data', async () => {
    const doc = balancedDoc();
    doc.train = { method: 'gd', learningRate: 0.05, steps: 100 };
    const out = join(dir, 'cmp');
    const r = await runCli(['compare', writeDoc(dir, 'out.json', doc), '--out', out]);
    assert.equal(r.code, 0, r.err);
    const svg = readFileSync(join(out, 'compare.svg'), 'utf8');
    assert.match(svg, /^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.match(svg, /relative error/);
    const png = readFileSync(join(out, 'compare.png'));
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const json = JSON.parse(readFileSync(join(out, 'compare.json'), 'utf8'));
    assert.equal(json.t.length, json.relativeError.length);
    const csv = readFileSync(join(out, 'compare.csv'), 'utf8').trim().split('\n');
    assert.equal(csv[0], 't,loss_simulation,loss_exact,relative_error_W');
    assert.equal(csv.length, json.t.length + 1);
  });

  it('a bad --tolerance is one sentence', async () => {
    const r = await runCli(['compare', writeDoc(dir, 'tol.json', balancedDoc()), '--tolerance', '-1']);
    assert.equal(r.code, 2);
    assert.equal(r.err, 'lazyrich: --tolerance: expected a positive number, got "-1".\n');
  });
});
