/**
 * URL parameters of the phase-diagram view and their defaults (which also fix each parameter's
 * type): `mode` (mixed | width | store); mixed: d, k, n (grid points per axis), the γ box, iters,
 * q (colour quantity); width: wx, wy (axis exponents), c, eU, eW, bU, bW (the fixed exponents), wd
 * (width of the sampled init), a, wn, wq; store: store, sx, sy, sz; and the seed.
 * @module
 */
import type { ViewParams } from '../../url-state.js';

/** Defaults: the mixed diagram of Tu et al. at d = 20 on an 8×8 grid over the paper's box. */
export const PHASE_DEFAULTS: ViewParams = {
  mode: 'mixed',
  d: 20,
  k: 5,
  n: 8,
  gsMin: -3,
  gsMax: 0,
  gwMin: 0,
  gwMax: 2.8,
  iters: 750,
  q: 'minTest',
  wx: 'c',
  wy: 'eU',
  c: 1,
  eU: 1,
  eW: 1,
  bU: 0,
  bW: 0,
  wd: 1000,
  a: 1,
  wn: 32,
  wq: 'rate',
  store: '',
  sx: '',
  sy: '',
  sz: '',
  seed: 0,
};
