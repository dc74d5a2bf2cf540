// three-mechanisms/deep: a tiny run on real Fashion-MNIST whose checks pass (skipped with a reason
// when the data are not installed), refusal without data, the CLI loader's "unavailable" path,
// determinism, and a synthetic-image run that exercises the tables without the data.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { deepSettings, runDeep } from '../../../src/experiments/three-mechanisms/deep.js';
import { threeMechanismsNetworkExperiments } from '../../../src/experiments/three-mechanisms/networks.js';
import type { ImageDataset } from '../../../src/experiments/types.js';
import { fashionMnistPaths, loadFashionMnist } from '../../../src/io/idx.node.js';
import { Matrix } from '../../../src/linalg/matrix.js';
import { createRandom } from '../../../src/random/index.js';
import { ConfigError } from '../../../src/errors/index.js';

const s = deepSettings('test');

/** Synthetic 28×28 "images": class c lights a block of pixels, plus noise. */
function synthetic(n: number, seed: number): { X: Matrix; labels: Int32Array } {
  const r = createRandom(seed, 'synthetic-images');
  const X = Matrix.zeros(n, 784);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = r.int(10);
    labels[i] = c;
    for (let p = 0; p < 784; p++) X.data[i * 784 + p] = 0.2 * r.uniform() + (Math.floor(p / 78.4) === c ? 0.8 : 0);
  }
  return { X, labels };
}

describe('three-mechanisms/deep', () => {
  it('tiny run on Fashion-MNIST: every check passes', (t) => {
    if (fashionMnistPaths() === undefined) {
      t.skip('Fashion-MNIST not installed (apt-get install dataset-fashion-mnist, or set LAZYRICH_FASHION_MNIST)');
      return;
    }
    const fm = loadFashionMnist({ trainLimit: s.train, testLimit: s.test });
    const dataset: ImageDataset = { name: 'Fashion-MNIST', ...fm, height: 28, width: 28 };
    const r = runDeep({ budget: 'quick', seed: 0, dataset }, s);
    for (const c of r.checks) assert.ok(c.pass, `${c.name}: ${c.ours}`);
    assert.equal(r.checks.length, 7);
    const layers = r.tables.find((x) => x.name === 'deep-layers')!;
    assert.equal(layers.columns['layer']!.length, 3 * (s.widths.length - 1));
    const hist = r.tables.find((x) => x.name === 'deep-history')!;
    assert.equal(hist.columns['step']!.length, 3 * (s.steps / s.recordEvery + 1));
    assert.match(r.figures[0]!.svg, /^<svg/);
  });

  it('refuses without data; reports the loader\'s reason when the files are missing', () => {
    assert.throws(() => runDeep({ budget: 'quick', seed: 0 }, s), (e: unknown) => e instanceof ConfigError && /needs Fashion-MNIST/.test(e.message));
    const r = runDeep({ budget: 'quick', seed: 0, data: { fashionMnist: () => ({ unavailable: 'Fashion-MNIST IDX files not found in /nowhere' }) } }, s);
    assert.equal(r.checks.length, 0);
    assert.match(r.notes[0]!, /Skipped: Fashion-MNIST IDX files not found/);
    const bad: ImageDataset = { name: 'x', trainImages: Matrix.zeros(5, 10), trainLabels: new Int32Array(5), testImages: Matrix.zeros(5, 10), testLabels: new Int32Array(5), height: 2, width: 5 };
    assert.throws(() => runDeep({ budget: 'quick', seed: 0, dataset: bad }, s), ConfigError);
  });

  it('synthetic images: deterministic in the seed (arrays and CLI-style loader agree), all layers labelled, registered', () => {
    const tr = synthetic(100, 1);
    const te = synthetic(40, 2);
    const dataset: ImageDataset = { name: 'synthetic', trainImages: tr.X, trainLabels: tr.labels, testImages: te.X, testLabels: te.labels, height: 28, width: 28 };
    const small = { ...s, train: 100, test: 40, steps: 20, recordEvery: 10, probe: 20 };
    const a = runDeep({ budget: 'quick', seed: 3, dataset }, small);
    const b = runDeep({ budget: 'quick', seed: 3, data: { fashionMnist: () => ({ dataset }) } }, small);
    assert.deepEqual(a.tables, b.tables);
    const c = runDeep({ budget: 'quick', seed: 4, dataset }, small);
    assert.notDeepEqual(c.tables, a.tables);
    const mech = a.tables.find((x) => x.name === 'deep-layers')!.columns['mechanism']!;
    for (const m of mech) assert.ok(['kernel', 'alignment', 'disalignment', 'mixed'].includes(m as string));
    // the reduction check does not depend on the data
    assert.ok(a.checks.find((c) => c.name.startsWith('ζ_l reduces'))!.pass);
    assert.ok(threeMechanismsNetworkExperiments.some((e) => e.id === 'three-mechanisms/deep'));
  });
});
