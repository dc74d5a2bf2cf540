/**
 * Shards of a sweep: shard `i/n` (0 ≤ i < n) holds the points whose index ≡ i (mod n), so the n
 * shards partition the sweep, every shard gets a similar mix of settings (indices interleave), and
 * a point's shard depends only on its index in the full expansion.
 * @module
 */
import { ConfigError } from '../../errors/index.js';
import type { Shard, SweepPoint } from './types.js';

/**
 * Parses the `--shard` argument `"i/n"` (0-based i, 0 ≤ i < n).
 * @throws ConfigError `--shard: expected i/n with 0 ≤ i < n, got "…".` for anything else.
 * @example
 * parseShard('2/8'); // → { index: 2, count: 8 }
 */
export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(String(text));
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || !Number.isSafeInteger(index) || !Number.isSafeInteger(count) || count < 1 || index >= count) {
    throw new ConfigError(`--shard: expected i/n with 0 ≤ i < n, got ${JSON.stringify(String(text))}.`, { path: '--shard' });
  }
  return { index, count };
}

/**
 * The points of `shard` (all points when `shard` is undefined), in index order.
 * @example
 * const points = [0, 1, 2, 3, 4].map((index) => ({ index }));
 * shardOf(points, parseShard('1/2')).map((p) => p.index); // → [1, 3]
 */
export function shardOf<P extends Pick<SweepPoint, 'index'>>(points: readonly P[], shard?: Shard): P[] {
  if (shard === undefined) return points.slice();
  if (!Number.isSafeInteger(shard.count) || shard.count < 1 || !Number.isSafeInteger(shard.index) || shard.index < 0 || shard.index >= shard.count) {
    throw new ConfigError(`--shard: expected i/n with 0 ≤ i < n, got "${shard.index}/${shard.count}".`, { path: '--shard' });
  }
  return points.filter((p) => p.index % shard.count === shard.index);
}

/** `"i/n"`, the text form of a shard. */
export function formatShard(shard: Shard): string {
  return `${shard.index}/${shard.count}`;
}
