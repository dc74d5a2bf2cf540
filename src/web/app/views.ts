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
import PhaseDiagramView from './views/PhaseDiagramView.svelte';
import { PHASE_DEFAULTS } from './views/phase/defaults.js';
import ConnectivityView from './views/ConnectivityView.svelte';
import { CONNECTIVITY_DEFAULTS } from './views/connectivity/defaults.js';
import GalleryView from './views/GalleryView.svelte';
import { GALLERY_DEFAULTS } from './views/gallery/defaults.js';

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
  {
    id: 'phase',
    title: 'Phase diagrams',
    summary: 'The (γ_σ², γ_w) diagram of Tu et al. (2024) measured live by GD, and the width-exponent diagram of Xu & Ziyin (2025), with their theory lines; click a cell for its trajectory.',
    component: PhaseDiagramView,
    defaults: PHASE_DEFAULTS,
  },
  {
    id: 'connectivity',
    title: 'Connectivity',
    summary: 'An initial recurrent connectivity, its spectrum and effective ranks, and a small RNN trained from it with ΔW, RA and KA as it learns (Liu et al. 2024).',
    component: ConnectivityView,
    defaults: CONNECTIVITY_DEFAULTS,
  },
  {
    id: 'gallery',
    title: 'Reproduction gallery',
    summary: 'The registered paper reproductions: run one in the browser, or read the report served with --report; figures and the paper-vs-lazyrich checks.',
    component: GalleryView,
    defaults: GALLERY_DEFAULTS,
  },
];
