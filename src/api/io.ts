/**
 * Pure codecs for NumPy `.npy` files and IDX files (MNIST / Fashion-MNIST), on bytes in memory:
 * they run in the browser as in Node. Reading and writing files is in `lazyrich/node`.
 *
 * @example
 * import { io, linalg } from 'lazyrich';
 * const bytes = io.encodeNpy(linalg.Matrix.from([[1, 2], [3, 4]]));
 * io.npyToMatrix(io.decodeNpy(bytes)).toArray(); // → [[1, 2], [3, 4]]
 *
 * @module
 */
export {
  decodeNpy,
  encodeNpy,
  npyToMatrix,
  type DecodedNpy,
  type DecodeNpyOptions,
  type EncodeNpyOptions,
  type NpyWriteDtype,
} from '../io/npy.js';
export { decodeIdx, encodeIdx, idxToMatrix, oneHot, type DecodedIdx, type IdxArray, type IdxDtype } from '../io/idx.js';
