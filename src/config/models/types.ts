/**
 * What a linear-network model kind (two-layer-linear, deep-linear) contributes to the experiment
 * document: its `model` schema (a strict object whose `kind` is a literal) and how its initial
 * weights are built from the shared linear `task` and `init` sections.
 *
 * Every model kind, linear or not, is registered in `../kinds.ts` with its own whole document; the
 * non-linear kinds (mixed-linear, scalar-width, single-neuron) have their own task/init schemas and
 * builders in their modules here. Adding a kind changes nothing in the existing ones.
 * @module
 */
import type { z } from 'zod';
import type { Matrix } from '../../linalg/matrix.js';
import type { RandomStream } from '../../random/index.js';
import type { LinearTask } from '../../tasks/types.js';
import type { InitDocument } from '../inits.js';

/** What a model's `buildWeights` receives besides its own section. */
export interface ModelBuildContext {
  readonly task: LinearTask;
  readonly init: InitDocument;
  /** The random stream of the init (seeded by `init.seed`, else the document/CLI seed). */
  readonly initStream: () => RandomStream;
}

/** Initial weights of a model and its layer widths N₀ … N_L. */
export interface BuiltModel {
  /** [W₁, …, W_L], W_l of shape N_l × N_{l−1}. */
  readonly weights: Matrix[];
  /** [N₀ = N_i, …, N_L = N_o]. */
  readonly widths: number[];
}

/** One model kind of the experiment document. */
export interface ModelKind<S extends z.ZodObject = z.ZodObject> {
  readonly kind: string;
  /** One line for `lazyrich schema` and error messages. */
  readonly summary: string;
  readonly schema: S;
  /** Builds the initial weights from the init section; shape problems throw ConfigError naming both shapes. */
  buildWeights(model: z.infer<S>, ctx: ModelBuildContext): BuiltModel;
}

/** Type helper so each module keeps its precise schema type. */
export function defineModel<S extends z.ZodObject>(def: ModelKind<S>): ModelKind<S> {
  return def;
}
