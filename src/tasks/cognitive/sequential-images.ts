/**
 * Sequential image classification (spec `connectivity.md` §1.2, sMNIST row; here Fashion-MNIST):
 * each 28×28 image is fed one row of 28 pixels per step for 28 steps, and the label is scored at the
 * last step only. Pure: the caller passes the pixel arrays (load them with `src/io/idx.node.ts`).
 * @module
 */
import { ConfigError } from '../../errors/index.js';
import { Matrix } from '../../linalg/matrix.js';
import type { RandomStream } from '../../random/index.js';
import type { SequenceBatch } from './types.js';

/** Images as loaded: `pixels[i·rows·cols + r·cols + c]` (bytes 0–255 or floats), one label each. */
export interface ImageSet {
  pixels: ArrayLike<number>;
  labels: ArrayLike<number>;
  count: number;
  rows: number;
  cols: number;
  numClasses: number;
  /** Divide pixels by this (default 255 for bytes; pass 1 for images already in [0, 1]). */
  scale?: number;
}

/**
 * The batch of images `indices`: step t of trial b is row t of image indices[b], pixels divided by
 * `scale` (default `set.scale` or 255, as torchvision's ToTensor). Labels −1 except at the last step.
 * @throws ConfigError on an index outside the set
 * @example
 * // Three 2×2 "images" (labels 0, 1, 2), read row by row: 2 steps of 2 inputs.
 * const set = { pixels: [0, 255, 255, 0, 255, 255, 0, 0, 0, 0, 255, 255], labels: [0, 1, 2], count: 3, rows: 2, cols: 2, numClasses: 3 };
 * const b = sequentialImageBatch(set, [2, 0]);
 * [b.steps, b.inputs.cols, b.batchSize]; // → [2, 2, 2]
 * b.labels; // → [-1, -1, 2, 0]
 */
export function sequentialImageBatch(set: ImageSet, indices: ArrayLike<number>, scale = set.scale ?? 255): SequenceBatch {
  const B = indices.length;
  const T = set.rows;
  const C = set.cols;
  if (B < 1) throw new ConfigError('sequentialImageBatch: pass at least one image index.', { path: 'indices' });
  const X = new Matrix(T * B, C);
  const labels = new Int32Array(T * B).fill(-1);
  for (let b = 0; b < B; b++) {
    const i = indices[b];
    if (!Number.isInteger(i) || i < 0 || i >= set.count) {
      throw new ConfigError(`sequentialImageBatch: image index ${String(i)} is outside [0, ${set.count}).`, {
        path: 'indices',
      });
    }
    const base = i * T * C;
    for (let t = 0; t < T; t++) {
      for (let c = 0; c < C; c++) X.data[(t * B + b) * C + c] = set.pixels[base + t * C + c] / scale;
    }
    labels[(T - 1) * B + b] = set.labels[i];
  }
  return { inputs: X, labels, steps: T, batchSize: B, numClasses: set.numClasses, decisionStep: T - 1 };
}

/**
 * A random batch of `batchSize` distinct images from the first `limit` images (the training split; the
 * paper uses 55k of 60k), drawn from `stream`.
 * @example
 * const set = { pixels: new Uint8Array(10 * 4), labels: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], count: 10, rows: 2, cols: 2, numClasses: 10 };
 * randomImageBatch(set, createRandom(0, 'smnist', 3), 4).batchSize; // → 4
 */
export function randomImageBatch(set: ImageSet, stream: RandomStream, batchSize: number, limit = set.count): SequenceBatch {
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > limit) {
    throw new ConfigError(`randomImageBatch: batchSize must be an integer in [1, ${limit}], got ${String(batchSize)}.`, {
      path: 'batchSize',
    });
  }
  const idx = new Int32Array(batchSize);
  const seen = new Set<number>();
  for (let b = 0; b < batchSize; b++) {
    let i = stream.int(limit);
    while (seen.has(i)) i = stream.int(limit);
    seen.add(i);
    idx[b] = i;
  }
  return sequentialImageBatch(set, idx);
}
