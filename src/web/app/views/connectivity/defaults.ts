/**
 * URL parameters of the connectivity view and their defaults: init (kind of W_h(0)), n, gain,
 * rank, exponent, noise, task (2AF | DMS | CXT), lr, iters, seed.
 * @module
 */
import type { ViewParams } from '../../url-state.js';

/** Defaults: a rank-2 truncated Gaussian W_h(0), N = 64, trained 200 iterations on 2AF. */
export const CONNECTIVITY_DEFAULTS: ViewParams = {
  init: 'low-rank',
  n: 64,
  gain: 1.25,
  rank: 2,
  exponent: 1,
  noise: 0.1,
  task: '2AF',
  lr: 0.01,
  iters: 200,
  seed: 0,
};
