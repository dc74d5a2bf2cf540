/**
 * The registry of model kinds. Each kind owns its whole document — `model`, `task` and `init`
 * schemas (see ./document.ts) — and its builder; the experiment schema is the union of these
 * documents, selected by `model.kind`. To add a kind: one module under `./models/` exporting its
 * document schema and builder, and one entry in {@link MODEL_KINDS} and {@link buildDocument}.
 *
 * | kind | task kinds | init kinds | exact side |
 * |---|---|---|---|
 * | `two-layer-linear` | whitened, data, random-low-rank, semantic, gaussian-regression | explicit {W1, W2}, lambda-balanced, task-aligned, gaussian, lecun | Dominé et al. 2025 §3.4 |
 * | `deep-linear` | (same) | explicit {weights}, gaussian, lecun | — (simulation only) |
 * | `mixed-linear` | matrix {Y, Astar?} | explicit {A and/or W1, W2}, gaussian | self-consistent dynamics (1), Tu et al. 2024 |
 * | `scalar-width` | scalar {a, sigmaXX} | explicit {u, w}, gaussian | Riccati closed form, Xu & Ziyin 2025 §B.3 |
 * | `single-neuron` | whitened-vector {betaStar} | explicit {a, w} | Kunin et al., spec connectivity §6 |
 * @module
 */
import type { z } from 'zod';
import { buildCommon, buildExperiment, type BuildOptions, type BuiltCommon, type BuiltExperiment } from './build.js';
import { deepLinearDocument, deepLinearSchema } from './models/deep-linear.js';
import { buildMixedLinear, mixedLinearDocument, mixedLinearSchema, type BuiltMixedLinear, type MixedLinearDocument } from './models/mixed-linear.js';
import { buildScalarWidth, scalarWidthDocument, scalarWidthSchema, type BuiltScalarWidth, type ScalarWidthDocument } from './models/scalar-width.js';
import { buildSingleNeuron, singleNeuronDocument, singleNeuronSchema, type BuiltSingleNeuron, type SingleNeuronDocument } from './models/single-neuron.js';
import { twoLayerLinearDocument, twoLayerLinearSchema } from './models/two-layer-linear.js';

/** One model kind of the experiment document: its `model` schema and its whole document schema. */
export interface DocumentKind {
  readonly kind: string;
  /** One line for `lazyrich schema` and error messages. */
  readonly summary: string;
  /** The `model` section (a strict object whose `kind` is a literal). */
  readonly model: z.ZodObject;
  /** The whole document of this kind (strict; its own task and init unions). */
  readonly document: z.ZodObject;
}

/** Every model kind, in the order the JSON Schema and error messages list them. */
export const MODEL_KINDS: readonly DocumentKind[] = [
  { kind: 'two-layer-linear', summary: 'two-layer linear network ŷ = W₂W₁x (exact solution under λ-balance, Dominé et al. 2025 §3)', model: twoLayerLinearSchema, document: twoLayerLinearDocument },
  { kind: 'deep-linear', summary: 'deep linear network ŷ = W_L⋯W₁x with layer sizes `widths` (simulation only)', model: deepLinearSchema, document: deepLinearDocument },
  { kind: 'mixed-linear', summary: 'shallow linear network A = W₂W₁ with N(0, σ²) init and the self-consistent dynamics (1) (Tu, Aranguri & Jacot 2024)', model: mixedLinearSchema, document: mixedLinearDocument },
  { kind: 'scalar-width', summary: 'width-d model f(x) = κ Σ uᵢwᵢx on 1-D data with layer-wise rates (Xu & Ziyin 2025, Riccati closed form)', model: scalarWidthSchema, document: scalarWidthDocument },
  { kind: 'single-neuron', summary: 'single-neuron linear network f(x) = a·wᵀx (Kunin et al., exact β-space solution)', model: singleNeuronSchema, document: singleNeuronDocument },
];

/** The names of every model kind. */
export const MODEL_KIND_NAMES: readonly string[] = MODEL_KINDS.map((k) => k.kind);

/** A validated document of the linear-network models (issue 4). */
export type LinearExperimentDocument = z.infer<typeof twoLayerLinearDocument> | z.infer<typeof deepLinearDocument>;

/** A validated experiment document of any model kind. */
export type ExperimentDocument = LinearExperimentDocument | MixedLinearDocument | ScalarWidthDocument | SingleNeuronDocument;

/** A built document of any model kind, discriminated by `family` (`linear` for two-layer-linear and deep-linear). */
export type BuiltDocument =
  | BuiltExperiment
  | (BuiltMixedLinear & BuiltCommon & { readonly document: MixedLinearDocument })
  | (BuiltScalarWidth & BuiltCommon & { readonly document: ScalarWidthDocument })
  | (BuiltSingleNeuron & BuiltCommon & { readonly document: SingleNeuronDocument });

/** The registry entry of a model kind, or undefined. */
export function documentKind(kind: string): DocumentKind | undefined {
  return MODEL_KINDS.find((k) => k.kind === kind);
}

/**
 * Builds a validated document of any kind: the linear models through {@link buildExperiment},
 * the others through their module's builder. Seeds as in buildExperiment (options.seed, else the
 * document's seed, else 0; the init draws from `createRandom(init.seed ?? base, 'init')`).
 * @throws ConfigError for combinations the schema cannot check (shapes, width < rank(Y), …).
 * @example
 * const doc = { model: { kind: 'scalar-width', kappa: 0.1, etaU: 1, etaW: 2 }, task: { kind: 'scalar', a: 1.5, sigmaXX: 1 }, init: { kind: 'explicit', u: [0.1, 0.2], w: [0.3, -0.1] } };
 * const built = buildDocument(validateExperiment(doc));
 * built.family; // → "scalar-width"
 * if (built.family === 'scalar-width') console.log(Array.from(built.u)); // prints [ 0.1, 0.2 ]
 */
export function buildDocument(doc: ExperimentDocument, options: BuildOptions = {}): BuiltDocument {
  const base = options.seed ?? doc.seed ?? 0;
  switch (doc.model.kind) {
    case 'mixed-linear': {
      const d = doc as MixedLinearDocument;
      return { ...buildMixedLinear(d, base), ...buildCommon(doc, options, 2), document: d };
    }
    case 'scalar-width': {
      const d = doc as ScalarWidthDocument;
      return { ...buildScalarWidth(d, base), ...buildCommon(doc, options, 2), document: d };
    }
    case 'single-neuron': {
      const d = doc as SingleNeuronDocument;
      return { ...buildSingleNeuron(d), ...buildCommon(doc, options, 2), document: d };
    }
    default:
      return buildExperiment(doc, options);
  }
}
