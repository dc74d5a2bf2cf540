/**
 * The pure-TypeScript backend: always available, runs unchanged in Node, workers and the browser.
 * Each kernel lives in its own module; this file only assembles them.
 * @module
 */
import type { LinalgBackend } from '../backend.js';
import { gemmJs } from './gemm.js';
import { luJs, luSolveJs } from './lu.js';
import { choleskyJs } from './cholesky.js';
import { qrJs } from './qr.js';
import { eighJs } from './eigh.js';
import { svdJs } from './svd.js';

/** The pure-TypeScript backend. */
export const jsBackend: LinalgBackend = {
  name: 'js',
  gemm: gemmJs,
  eigh: eighJs,
  svd: svdJs,
  lu: luJs,
  luSolve: luSolveJs,
  cholesky: choleskyJs,
  qr: qrJs,
};
