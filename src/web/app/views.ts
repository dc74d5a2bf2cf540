/**
 * The explorer's views, in tab order. A view is a Svelte component taking {@link ViewProps}: its
 * parameter record decoded from the URL (`state`, typed by `defaults`) and `update(patch)`, which
 * merges a patch into the URL (history.replaceState), so a link reproduces the view.
 * @module
 */
import type { Component } from 'svelte';
import type { ViewParams } from './url-state.js';
import TwoLayerView from './views/TwoLayerView.svelte';
import { TWO_LAYER_DEFAULTS } from './views/two-layer/model.js';
import MixedView from './views/MixedView.svelte';
import { MIXED_DEFAULTS } from './views/mixed/model.js';
import ScalarView from './views/ScalarView.svelte';
import { SCALAR_DEFAULTS } from './views/scalar/model.js';

/** Props every view component receives. */
export interface ViewProps {
  /** The view's parameters (defaults merged with the URL query). */
  state: ViewParams;
  /** Merges parameters into the state and the URL. */
  update: (patch: ViewParams) => void;
}

/** One registered view. */
export interface ViewEntry {
  /** URL id (`?view=<id>`). */
  id: string;
  /** Tab title. */
  title: string;
  /** One-line description shown under the tabs. */
  summary: string;
  /** The component. */
  component: Component<ViewProps>;
  /** Default parameters; they also fix each URL parameter's type (number, boolean or string). */
  defaults: ViewParams;
}

/** The registered views, in tab order (the first is the default view). */
export const VIEWS: ViewEntry[] = [
  {
    id: 'two-layer',
    title: 'Two-layer λ-balanced',
    summary: 'Exact learning dynamics of a two-layer linear network from a λ-balanced init (Dominé et al. 2025) beside GD/GF from the same weights.',
    component: TwoLayerView,
    defaults: TWO_LAYER_DEFAULTS,
  },
  {
    id: 'mixed',
    title: 'Mixed (Tu et al.)',
    summary: 'Singular values of A = W₂W₁ under GD beside the self-consistent dynamics (1) and its threshold σ²w (Tu, Aranguri & Jacot 2024).',
    component: MixedView,
    defaults: MIXED_DEFAULTS,
  },
  {
    id: 'one-d',
    title: '1-D three mechanisms',
    summary: 'The width-d 1-D model with layer-wise rates: exact ζ(t), K(t), P(t) beside GD, and the mechanism label (Xu & Ziyin 2025).',
    component: ScalarView,
    defaults: SCALAR_DEFAULTS,
  },
];
