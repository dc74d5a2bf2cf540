/**
 * URL parameters of the gallery view and their defaults: exp (experiment id; empty = the first
 * registered one), budget (quick | paper), seed.
 * @module
 */
import type { ViewParams } from '../../url-state.js';

/** Defaults: the first registered experiment at the quick budget, seed 0. */
export const GALLERY_DEFAULTS: ViewParams = {
  exp: '',
  budget: 'quick',
  seed: 0,
};
