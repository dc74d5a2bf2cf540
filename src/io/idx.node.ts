/**
 * IDX files on disk (Node only): {@link readIdx}, {@link fashionMnistPaths} and
 * {@link loadFashionMnist}. The byte-level work is in the pure module `./idx.ts`.
 *
 * **Method.** A file whose first two bytes are the gzip magic `0x1f 0x8b` is gunzipped with
 * `node:zlib` first (Debian's `dataset-fashion-mnist` ships `*.gz`), so `x.gz` and `x` read the same.
 * {@link fashionMnistPaths} looks in `$LAZYRICH_FASHION_MNIST` (if set), then
 * `/usr/share/datasets/fashion-mnist`, for `train-images-idx3-ubyte[.gz]` etc.
 *
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { LazyrichError } from '../errors/index.js';
import type { Matrix } from '../linalg/matrix.js';
import { decodeIdx, idxToMatrix, type DecodedIdx } from './idx.js';

/** Default folder of Debian's `dataset-fashion-mnist` package. */
export const FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';

/**
 * Reads an IDX file (gzipped or not).
 *
 * @throws LazyrichError (code `"io"`) when the file cannot be read or gunzipped; DomainError when corrupt.
 *
 * @example
 * const labels = readIdx('/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz');
 * labels.shape; // → [10000]
 */
export function readIdx(path: string): DecodedIdx {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (cause) {
    throw new LazyrichError(`readIdx: cannot read ${path} (${reason(cause)}); check the path.`, { code: 'io', path, cause });
  }
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch (cause) {
      throw new LazyrichError(`readIdx: ${path} looks gzipped but cannot be decompressed (${reason(cause)}); the file is corrupt, download it again.`, {
        code: 'io',
        path,
        cause,
      });
    }
  }
  return decodeIdx(bytes, { source: path });
}

/** Paths of the four Fashion-MNIST files. */
export interface FashionMnistPaths {
  dir: string;
  trainImages: string;
  trainLabels: string;
  testImages: string;
  testLabels: string;
}

/**
 * Locates the Fashion-MNIST IDX files: in `dir` if given, else `$LAZYRICH_FASHION_MNIST`, else
 * {@link FASHION_MNIST_DIR}; each file may be gzipped (`.gz`) or not. Returns `undefined` when any
 * of the four files is missing (callers skip or refuse with their own message).
 *
 * @example
 * const p = fashionMnistPaths(); // { trainImages: '/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz', … }
 */
export function fashionMnistPaths(dir?: string): FashionMnistPaths | undefined {
  const candidates = dir !== undefined ? [dir] : [process.env['LAZYRICH_FASHION_MNIST'], FASHION_MNIST_DIR].filter((d): d is string => !!d);
  for (const d of candidates) {
    const find = (stem: string): string | undefined => [join(d, stem), join(d, `${stem}.gz`)].find((p) => existsSync(p));
    const trainImages = find('train-images-idx3-ubyte');
    const trainLabels = find('train-labels-idx1-ubyte');
    const testImages = find('t10k-images-idx3-ubyte');
    const testLabels = find('t10k-labels-idx1-ubyte');
    if (trainImages && trainLabels && testImages && testLabels) return { dir: d, trainImages, trainLabels, testImages, testLabels };
  }
  return undefined;
}

/** Fashion-MNIST as float64 matrices: images n × 784 scaled to [0, 1], labels as integers 0–9. */
export interface FashionMnist {
  trainImages: Matrix;
  trainLabels: Int32Array;
  testImages: Matrix;
  testLabels: Int32Array;
}

/**
 * Loads Fashion-MNIST (pixels / 255), optionally only the first `trainLimit` / `testLimit` examples.
 *
 * @throws LazyrichError (code `"io"`) when the files cannot be found, naming where it looked and the
 * Debian package to install.
 *
 * @example
 * const { trainImages, trainLabels } = loadFashionMnist({ trainLimit: 2000, testLimit: 1000 });
 */
export function loadFashionMnist(options: { dir?: string; trainLimit?: number; testLimit?: number } = {}): FashionMnist {
  const p = fashionMnistPaths(options.dir);
  if (p === undefined) {
    throw new LazyrichError(
      `loadFashionMnist: Fashion-MNIST IDX files not found in ${options.dir ?? `$LAZYRICH_FASHION_MNIST or ${FASHION_MNIST_DIR}`}; install Debian's dataset-fashion-mnist or set LAZYRICH_FASHION_MNIST.`,
      { code: 'io' },
    );
  }
  const labels = (path: string, limit?: number): Int32Array => {
    const d = readIdx(path);
    const n = Math.min(d.data.length, limit ?? d.data.length);
    return Int32Array.from(d.data.subarray(0, n));
  };
  const imgOpts = (limit?: number) => (limit === undefined ? { scale: 1 / 255 } : { scale: 1 / 255, limit });
  return {
    trainImages: idxToMatrix(readIdx(p.trainImages), imgOpts(options.trainLimit)),
    trainLabels: labels(p.trainLabels, options.trainLimit),
    testImages: idxToMatrix(readIdx(p.testImages), imgOpts(options.testLimit)),
    testLabels: labels(p.testLabels, options.testLimit),
  };
}

function reason(cause: unknown): string {
  if (cause !== null && typeof cause === 'object' && 'code' in cause) return String((cause as { code: unknown }).code);
  return cause instanceof Error ? cause.message : String(cause);
}
