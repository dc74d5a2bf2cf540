// connectivity/fig1 (Liu et al. 2024 Fig. 1, spec connectivity.md §5): protocol invariants on a small
// budget (rank-r truncation keeps ‖W_h(0)‖_F, rank 1 has paper effective rank 1/N, one W0 per seed,
// all ranks share the probe set), checks consistent with the table, determinism, the registered
// experiment's shape, and sequential Fashion-MNIST from the real IDX files (skips if not installed).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connectivityFig1Settings, paperRanks, runConnectivityFig1, connectivityFig1Experiment } from '../../../src/experiments/connectivity/fig1.js';
import { connectivityRnnExperiments } from '../../../src/experiments/connectivity/rnn.js';
import { fashionMnistPaths, loadFashionMnist } from '../../../src/io/idx.node.js';

describe('connectivity/fig1', () => {
  const r = runConnectivityFig1({ budget: 'test', seed: 3 });
  const t = r.tables[0].columns;
  const n = connectivityFig1Settings('test').hidden;

  it('truncates one W0 per seed to every rank at the same Frobenius norm; rank 1 has Σσ/(σ₁N) = 1/N', () => {
    const norms = t.dW_abs.map((a, i) => (a as number) / (t.dW_rel[i] as number));
    for (const v of norms) assert.ok(Math.abs(v - norms[0]) < 1e-12 * norms[0]); // renormalised by ‖W0‖_F: rounding only
    const i1 = t.rank.indexOf(1);
    assert.ok(Math.abs((t.effective_rank0[i1] as number) - 1 / n) < 1e-12); // one non-zero singular value
    const iN = t.rank.indexOf(n);
    // full Gaussian: quarter-circle law gives 4/(3π) ≈ 0.42 for large N; at N = 24 the finite-N value lies within 0.1
    assert.ok(Math.abs((t.effective_rank0[iN] as number) - 4 / (3 * Math.PI)) < 0.1);
  });

  it('exposes the gain g (code 1.25, review 1.5): ‖W_h(0)‖_F ≈ g√N at every rank', () => {
    for (const gain of [1.25, 1.5]) {
      const c = runConnectivityFig1({ budget: 'test', seed: 0 }, { gain }).tables[0].columns;
      for (let i = 0; i < c.dW_abs.length; i++) {
        const norm = (c.dW_abs[i] as number) / (c.dW_rel[i] as number);
        // ‖G‖_F²/N² has relative s.d. √2/N ≈ 0.06 at N = 24, so ‖G‖_F/N has ≈ 0.03: ±0.15 is a 5-sd band
        assert.ok(Math.abs(norm / (gain * Math.sqrt(n)) - 1) < 0.15, `g = ${gain}: ${norm}`);
      }
    }
  });

  it('reports checks that agree with the table (rank 1 vs full rank, seed means)', () => {
    const get = (col: string, rank: number) => t[col][t.rank.indexOf(rank)] as number;
    const c = (prefix: string) => r.checks.find((x) => x.name.startsWith(prefix));
    assert.equal(c('2AF: ‖ΔW_h‖')?.pass, get('dW_abs', 1) > get('dW_abs', n));
    assert.equal(c('2AF: RA')?.pass, get('RA', 1) < get('RA', n));
    assert.equal(c('2AF: KA')?.pass, get('KA', 1) < get('KA', n));
    for (const col of ['RA', 'KA', 'sign_similarity']) for (const v of t[col]) assert.ok((v as number) >= 0 && (v as number) <= 1);
    for (let i = 0; i < t.KA.length; i++) assert.ok(Math.abs((t.KA[i] as number) + (t.kernel_distance[i] as number) - 1) < 1e-15);
    assert.equal(r.figures.length, 1);
    assert.ok(r.figures[0].svg.startsWith('<svg'));
  });

  it('is deterministic per seed and changes with the seed', () => {
    const again = runConnectivityFig1({ budget: 'test', seed: 3 });
    assert.deepEqual(again.tables, r.tables);
    const other = runConnectivityFig1({ budget: 'test', seed: 4 });
    assert.notDeepEqual(other.tables[0].columns.dW_abs, t.dW_abs);
  });

  it('paper budget follows the code: N = 300, 10 000 iterations, lr 0.003, momentum 0.9, 320 probe trials, 32 NTK trials', () => {
    const p = connectivityFig1Settings('paper');
    assert.deepEqual([p.hidden, p.iterations, p.batchSize, p.probeBatches, p.ntkTrials, p.gain], [300, 10000, 32, 10, 32, 1.25]);
    assert.deepEqual(p.learningRates, [0.003]);
    assert.deepEqual(p.optimizer, { kind: 'sgd', momentum: 0.9 });
    assert.deepEqual(p.ranks, [1, 30, 100, 300]);
    assert.deepEqual([p.imageBatchSize, p.imageNtkTrials, ...p.imageRanks], [200, 200, 5, 30, 300]);
  });

  it('uses the code’s rank lists and is registered', () => {
    assert.deepEqual(paperRanks(300), [1, 30, 100, 300]);
    assert.deepEqual(paperRanks(100), [1, 30, 100]);
    assert.deepEqual(paperRanks(600), [1, 30, 100, 300, 600]);
    assert.ok(connectivityRnnExperiments.some((e) => e.id === 'connectivity/fig1'));
    assert.equal(connectivityFig1Experiment.id, 'connectivity/fig1');
  });

  it('runs sequential Fashion-MNIST from the IDX files (label at the last step)', (ctx) => {
    if (fashionMnistPaths() === undefined) {
      ctx.skip('Fashion-MNIST IDX files not found (install Debian dataset-fashion-mnist or set LAZYRICH_FASHION_MNIST)');
      return;
    }
    const fm = loadFashionMnist({ trainLimit: 500, testLimit: 100 });
    const set = (images: typeof fm.trainImages, labels: Int32Array) => ({ pixels: images.data, labels, count: images.rows, rows: 28, cols: 28, numClasses: 10, scale: 1 });
    const out = runConnectivityFig1(
      { budget: 'test', seed: 0 },
      { tasks: [], imageRanks: [1, 24], imageIterations: 15, imageBatchSize: 20, imageNtkTrials: 3 },
      { images: { name: 'sFashionMNIST', train: set(fm.trainImages, fm.trainLabels), probe: set(fm.testImages, fm.testLabels) } },
    );
    const c = out.tables[0].columns;
    assert.deepEqual(c.task, ['sFashionMNIST', 'sFashionMNIST']);
    // initial loss near ln 10 = 2.30 (small random readout); criterion ±0.5
    assert.ok(Math.abs((c.probe_loss0[0] as number) - Math.log(10)) < 0.5);
    for (const col of ['dW_abs', 'RA', 'KA', 'task_alignment_trace0', 'task_alignment_frobenius0']) {
      for (const v of c[col]) assert.ok(Number.isFinite(v as number), `${col} finite`);
    }
  });
});
