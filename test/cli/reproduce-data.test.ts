/**
 * The data hook of `reproduce`: the CLI injects `options.data`, whose `fashionMnist` loader reads
 * the IDX files (here small ones written to a temp folder with the committed IDX encoder), scales
 * pixels to [0, 1], honours the limits and caches; without the files it returns the sentence saying
 * why, so an experiment can skip that part. Experiments stay pure: they only call the loader.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runReproduce } from '../../src/cli/commands/reproduce.js';
import { cliExperimentData } from '../../src/cli/experiment-data.js';
import type { Experiment, ExperimentOptions } from '../../src/experiments/types.js';
import { encodeIdx } from '../../src/io/idx.js';
import { tempDir } from '../config/cli-run.js';

/** Writes a tiny Fashion-MNIST-shaped IDX set: n train and m test images of 28×28, pixel (k, p) = (k + p) mod 256. */
function writeTinySet(dir: string, n: number, m: number): void {
  const images = (count: number) => encodeIdx('ubyte', [count, 28, 28], Array.from({ length: count * 784 }, (_, i) => (Math.floor(i / 784) + (i % 784)) % 256));
  const labels = (count: number) => encodeIdx('ubyte', [count], Array.from({ length: count }, (_, k) => k % 10));
  writeFileSync(join(dir, 'train-images-idx3-ubyte'), images(n));
  writeFileSync(join(dir, 'train-labels-idx1-ubyte'), labels(n));
  writeFileSync(join(dir, 't10k-images-idx3-ubyte'), images(m));
  writeFileSync(join(dir, 't10k-labels-idx1-ubyte'), labels(m));
}

describe('reproduce: loaded data for experiments', () => {
  it('fashionMnist loads the IDX files, scales pixels by 1/255, applies limits and caches', () => {
    const dir = tempDir();
    writeTinySet(dir, 12, 7);
    const data = cliExperimentData(dir);
    const r = data.fashionMnist({ train: 5 });
    assert.ok('dataset' in r);
    const ds = r.dataset;
    assert.equal(ds.name, 'Fashion-MNIST');
    assert.deepEqual([ds.trainImages.rows, ds.trainImages.cols, ds.testImages.rows, ds.height, ds.width], [5, 784, 7, 28, 28]);
    assert.deepEqual(Array.from(ds.trainLabels), [0, 1, 2, 3, 4]);
    assert.equal(ds.trainImages.get(3, 10), 13 / 255);
    assert.equal(data.fashionMnist({ train: 5 }), r, 'the same limits return the cached load');
  });

  it('without the files: the reason, not an exception', () => {
    const r = cliExperimentData(tempDir()).fashionMnist();
    assert.ok('unavailable' in r);
    assert.match(r.unavailable, /^Fashion-MNIST IDX files not found in \/.*; install Debian's dataset-fashion-mnist or pass --data <dir>$/);
  });

  it('runReproduce passes the loader to the experiment, reading from --data', () => {
    const dir = tempDir();
    writeTinySet(dir, 3, 2);
    let seen: ExperimentOptions | undefined;
    const exp: Experiment = {
      id: 'test/data',
      title: 'data hook',
      reproduces: 'none',
      run(options) {
        seen = options;
        const r = options.data?.fashionMnist({ train: 2, test: 1 });
        const rows = r && 'dataset' in r ? r.dataset.trainImages.rows : -1;
        return { id: 'test/data', title: 'data hook', figures: [], tables: [], notes: [], checks: [{ name: 'rows', paper: '2', ours: String(rows), tolerance: 'exact', pass: rows === 2 }] };
      },
    };
    const outcome = runReproduce('test/data', { out: tempDir(), data: dir, seed: '3' }, [exp]);
    assert.equal(outcome.exitCode, 0, outcome.err);
    assert.equal(seen?.seed, 3);
    assert.equal(seen?.budget, 'quick');
  });
});
