// connectivity/fig2 (Liu et al. 2024 Fig. 2, spec connectivity.md §2.4, §5): the three inits share the
// Frobenius norm g√N exactly; the cell-type init obeys Dale's law (one sign per column) and has a lower
// paper effective rank than the Gaussian and its own shuffle; checks agree with the table; determinism.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connectivityFig1Settings } from '../../../src/experiments/connectivity/fig1.js';
import { fig2Inits, runConnectivityFig2, FIG2_INITS } from '../../../src/experiments/connectivity/fig2.js';
import { connectivityRnnExperiments } from '../../../src/experiments/connectivity/rnn.js';
import { effectiveRanks } from '../../../src/metrics/index.js';
import { frobeniusNorm } from '../../../src/linalg/norms.js';

describe('connectivity/fig2', () => {
  it('builds three inits at the same Frobenius norm; cell-type follows Dale’s law and has lower effective rank', () => {
    const s = { ...connectivityFig1Settings('quick') };
    const inits = fig2Inits(0, s);
    const f = FIG2_INITS.map((k) => frobeniusNorm(inits[k]));
    for (const v of f) assert.ok(Math.abs(v - f[0]) < 1e-12 * f[0]); // rescaled to the Gaussian's norm: rounding only
    const W = inits['cell-type'];
    for (let j = 0; j < W.cols; j++) {
      let pos = false;
      let neg = false;
      for (let i = 0; i < W.rows; i++) {
        pos ||= W.get(i, j) > 0;
        neg ||= W.get(i, j) < 0;
      }
      assert.ok(!(pos && neg), `column ${j} mixes signs`);
    }
    const er = (k: (typeof FIG2_INITS)[number]) => effectiveRanks(inits[k]).paper;
    // measured at N = 100, seed 0: 0.131 (cell-type) vs 0.43 (Gaussian) vs 0.39 (shuffled); criterion: strictly lower than both
    assert.ok(er('cell-type') < er('gaussian'));
    assert.ok(er('cell-type') < er('shuffled cell-type'));
  });

  it('runs, reports checks consistent with its table, and is deterministic', () => {
    const r = runConnectivityFig2({ budget: 'test', seed: 1 });
    const t = r.tables[0].columns;
    assert.deepEqual(t.init, [...FIG2_INITS]);
    const get = (col: string, init: string) => t[col][t.init.indexOf(init)] as number;
    assert.equal(r.checks[0].pass, get('effective_rank0', 'cell-type') < get('effective_rank0', 'gaussian'));
    assert.equal(r.checks[1].pass, get('dW_abs', 'cell-type') > get('dW_abs', 'gaussian'));
    assert.equal(r.checks[2].pass, get('KA', 'cell-type') < get('KA', 'gaussian'));
    assert.equal(r.checks[3].pass, get('RA', 'cell-type') < get('RA', 'gaussian'));
    assert.equal(r.figures.length, 4);
    assert.deepEqual(runConnectivityFig2({ budget: 'test', seed: 1 }).tables, r.tables);
    assert.ok(connectivityRnnExperiments.some((e) => e.id === 'connectivity/fig2'));
  });
});
