/** Shards partition a sweep: every point in exactly one shard, independent of the shard count's order of running. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatShard, parseShard, shardOf } from '../../../src/experiments/sweep/shard.js';
import { expandSweep } from '../../../src/experiments/sweep/expand.js';
import { ConfigError } from '../../../src/errors/index.js';

const sweep = expandSweep({
  model: { kind: 'scalar-width', kappa: 0.1, etaU: 1, etaW: 2 },
  task: { kind: 'scalar', a: 1.5, sigmaXX: 1 },
  init: { kind: 'gaussian', width: 4, sigmaU: 0.1, sigmaW: 0.1 },
  train: { method: 'gd', learningRate: 0.01, steps: 10 },
  sweep: { replicates: 2, axes: [{ path: 'model.kappa', logspace: { start: -2, stop: 0, num: 7 } }, { path: 'init.rho', values: [-0.5, 0, 0.5] }] },
});

describe('shards', () => {
  it('the shards i/n partition the points for every n (disjoint, union = whole, index order)', () => {
    assert.equal(sweep.points.length, 42);
    for (let n = 1; n <= 7; n++) {
      const seen: number[] = [];
      for (let i = 0; i < n; i++) {
        const part = shardOf(sweep.points, { index: i, count: n });
        assert.ok(part.every((p) => p.index % n === i));
        assert.deepEqual(part.map((p) => p.index), [...part.map((p) => p.index)].sort((a, b) => a - b));
        seen.push(...part.map((p) => p.index));
      }
      assert.deepEqual(seen.sort((a, b) => a - b), sweep.points.map((p) => p.index));
    }
    assert.deepEqual(shardOf(sweep.points), sweep.points);
    assert.deepEqual(shardOf(sweep.points, { index: 3, count: 50 }).map((p) => p.index), [3]);
  });

  it('a shard of a shard-expanded sweep has the same points, keys and seeds as in the whole', () => {
    const again = shardOf(expandSweep({ ...(sweep.base as object), sweep: { replicates: 2, axes: [{ path: 'model.kappa', logspace: { start: -2, stop: 0, num: 7 } }, { path: 'init.rho', values: [-0.5, 0, 0.5] }] } }).points, parseShard('1/3'));
    assert.deepEqual(again, sweep.points.filter((p) => p.index % 3 === 1));
  });

  it('parseShard reads i/n and refuses anything else with one sentence', () => {
    assert.deepEqual(parseShard('0/1'), { index: 0, count: 1 });
    assert.deepEqual(parseShard(' 3 / 8 '), { index: 3, count: 8 });
    assert.equal(formatShard(parseShard('2/5')), '2/5');
    for (const bad of ['1/1', '3/2', '0/0', '-1/2', '1', 'a/b', '1/2/3', '1.5/4', '']) {
      assert.throws(() => parseShard(bad), (e: unknown) => e instanceof ConfigError && e.message === `--shard: expected i/n with 0 ≤ i < n, got ${JSON.stringify(bad)}.` && e.path === '--shard');
    }
    assert.throws(() => shardOf(sweep.points, { index: 2, count: 2 }), /--shard: expected i\/n/);
  });
});
