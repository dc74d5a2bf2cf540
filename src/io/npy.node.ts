/**
 * `.npy` files on disk (Node only): {@link readNpy}, {@link readNpyMatrix} and {@link writeNpy}.
 *
 * The byte-level work is in the pure module `./npy.ts`; this file only adds the file system.
 *
 * **Method.** Reading loads the whole file and decodes it, with the path in every error message.
 * Writing is atomic: the bytes go to a temporary file in the same directory
 * (`.<name>.<pid>.<n>.tmp`), which is then renamed over the target (rename is atomic within one
 * file system on POSIX), so a reader never sees a half-written file and a crash leaves at most a
 * stray temporary file, never a truncated `.npy`.
 *
 * **Special cases.** A file that cannot be read or written raises a {@link LazyrichError} with
 * code `"io"` naming the path and the system's reason; a corrupt file raises the DomainError of
 * {@link decodeNpy}.
 *
 * @module
 */
import { readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { LazyrichError } from '../errors/index.js';
import type { Matrix } from '../linalg/matrix.js';
import { decodeNpy, encodeNpy, npyToMatrix, type DecodedNpy, type EncodeNpyOptions } from './npy.js';

/**
 * Reads and decodes the `.npy` file at `path` (see {@link decodeNpy} for what can be read).
 *
 * @throws LazyrichError (code `"io"`) when the file cannot be read; DomainError when it is corrupt
 * or holds an unsupported dtype.
 *
 * @example
 * writeNpy('weights.npy', Matrix.from([[1, 2], [3, 4]]));
 * const { shape, data } = readNpy('weights.npy');
 * shape; // → [2, 2]
 */
export function readNpy(path: string): DecodedNpy {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (cause) {
    throw new LazyrichError(`readNpy: cannot read ${path} (${systemReason(cause)}); check the path.`, {
      code: 'io',
      path,
      cause,
    });
  }
  return decodeNpy(bytes, { source: path });
}

/**
 * Reads a 2-D `.npy` file as a {@link Matrix}.
 *
 * @throws ShapeError when the stored array is not 2-D; otherwise as {@link readNpy}.
 *
 * @example
 * writeNpy('W1.npy', Matrix.from([[1, 2, 3]]));
 * const W = readNpyMatrix('W1.npy');
 * W; // → [[1, 2, 3]]
 */
export function readNpyMatrix(path: string): Matrix {
  return npyToMatrix(readNpy(path), `readNpyMatrix(${path})`);
}

/** Distinguishes the temporary files of concurrent writes within this process. */
let tempCounter = 0;

/**
 * Writes `data` as a C-order `.npy` file at `path`, atomically (temporary file, then rename).
 * Arguments are those of {@link encodeNpy}.
 *
 * @throws ShapeError for a shape that does not fit the data; LazyrichError (code `"io"`) when the
 * file cannot be written.
 *
 * @example
 * writeNpy('W1.npy', Matrix.identity(3));                         // float64, shape [rows, cols]
 * writeNpy('loss.npy', new Float64Array([1, 0.5, 0.25]), undefined, { dtype: 'float32' });
 * readNpy('loss.npy').shape; // → [3]
 */
export function writeNpy(
  path: string,
  data: Float64Array | Float32Array | Matrix,
  shape?: readonly number[],
  options: EncodeNpyOptions = {},
): void {
  const bytes = encodeNpy(data, shape, options);
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${++tempCounter}.tmp`);
  try {
    writeFileSync(temp, bytes);
    renameSync(temp, path);
  } catch (cause) {
    try {
      unlinkSync(temp);
    } catch {
      // the temporary file was never created
    }
    throw new LazyrichError(`writeNpy: cannot write ${path} (${systemReason(cause)}); check that the folder exists and is writable.`, {
      code: 'io',
      path,
      cause,
    });
  }
}

function systemReason(cause: unknown): string {
  if (cause !== null && typeof cause === 'object' && 'code' in cause) return String((cause as { code: unknown }).code);
  return cause instanceof Error ? cause.message : String(cause);
}
