/**
 * The Node-only part of lazyrich (`lazyrich/node`): reading and writing `.npy`, IDX and CSV files,
 * loading Fashion-MNIST, PNG export of the SVG figures, and the native OpenBLAS/LAPACK backend with
 * the automatic backend choice the CLI makes. Everything else is in the pure main entry `lazyrich`.
 *
 * @example
 * import { useBestBackend } from 'lazyrich/node';
 * const { name } = useBestBackend({ LAZYRICH_BACKEND: 'js' });
 * name; // → "js"
 *
 * @module lazyrich/node
 */
export { readNpy, readNpyMatrix, writeNpy } from './io/npy.node.js';
export { readIdx, fashionMnistPaths, loadFashionMnist, FASHION_MNIST_DIR, type FashionMnist, type FashionMnistPaths } from './io/idx.node.js';
export { loadMatrixFile, parseMatrixCsv, type LoadMatrixOptions } from './io/matrix-file.node.js';
export { svgToPng, type SvgToPngOptions } from './io/png.node.js';
export { selectBackend, useBestBackend, backendRequestFromEnv, type BackendRequest, type BackendSelection } from './linalg/native/select.js';
export { tryLoadNativeBackend, setNativeThreads, nativeThreads, type NativeLoadResult } from './linalg/native/index.js';
