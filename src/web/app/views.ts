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
];
