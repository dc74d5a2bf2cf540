/**
 * `lazyrich exact <config> --at <times> [--json]`: the closed-form trajectory of the document's
 * model at the given times t/τ (Dominé et al. 2025, spec §3.4 for two-layer linear networks).
 *
 * The work per model kind is a small table ({@link EXACT_MODELS}): each entry evaluates its exact
 * solution at the times and returns the JSON fields and the text table. two-layer-linear is here;
 * mixed-linear (`A`, from a DOP853 solve of (1)), scalar-width (`P, K, zeta, u, w`) and
 * single-neuron (`beta, a, w, phi, kernelDistance`) come from `../kinds/`. A kind without an entry
 * (deep-linear) is refused with a sentence.
 * @module
 */
import type { Command } from 'commander';
import type { CliContext } from '../main.js';
import { DomainError } from '../../errors/index.js';
import { parseTimes, type BuiltDocument, type BuiltExperiment } from '../../config/index.js';
import { ntkInputs } from '../../experiments/run/two-layer-linear.js';
import { frobeniusNorm } from '../../linalg/norms.js';
import { sub } from '../../linalg/ops.js';
import { exactSolution } from '../../theory/lazy-to-rich/index.js';
import { ntkKernelDistance } from '../../metrics/index.js';
import { loadDocument, parseSeedOption } from '../load-config.js';
import { KIND_COMMANDS } from '../kinds/index.js';
import { inlineMatrix, nested, num, table } from '../format.js';

/** What one model kind's exact evaluation produces. */
export interface ExactOutput {
  /** Fields of the `--json` object besides `t`, `units`, `model` (e.g. W, W1tW1, W2W2t, loss, ntkDistance, lambda). */
  json: Record<string, unknown>;
  /** Lines of the text report. */
  lines: string[];
}

/** Evaluates one model kind's exact solution at `times` (t/τ, each ≥ 0). */
export type ExactEvaluator = (built: BuiltExperiment, times: readonly number[]) => ExactOutput;

/** The NTK inputs of a linear document (re-exported from the core, src/experiments/run/two-layer-linear.ts). */
export { ntkInputs };

/** Two-layer linear networks: the stable closed form of spec §3.4 and the NTK of §4.3. */
export const twoLayerExact: ExactEvaluator = (built, times) => {
  const [W1, W2] = built.weights;
  const sol = exactSolution(built.task, { W1, W2 });
  const states = sol.trajectory(times);
  const state0 = sol.at(0);
  const { X, description } = ntkInputs(built);
  const loss = states.map((s) => sol.loss(s.t));
  const ntkDistance = states.map((s) => ntkKernelDistance(state0, s, X));
  const residual = states.map((s) => frobeniusNorm(sub(s.W, built.task.sigmaYX)));
  const d = sol.diagnostics;
  const lines = [
    `exact solution (Dominé et al. 2025, closed form §3.4): ${built.widths.join('-')} network, λ = ${num(sol.lambda, 0).trim()}, regime ${d.regime}, 1/cond(B) = ${d.inverseConditionB.toExponential(2)}`,
    `time t/τ (GD step k ↔ t = k·η); NTK distance S(K(0), K(t)) on the ${description}`,
    '',
    ...table(
      ['t/τ', 'loss', '‖W − Σ_yx‖_F', 'NTK distance'],
      times.map((t, k) => [num(t), num(loss[k]), num(residual[k]), num(ntkDistance[k])]),
    ),
  ];
  if (built.task.ni * built.task.no <= 16) {
    lines.push('', 'W(t) = W₂W₁:');
    states.forEach((s) => lines.push(`  t = ${num(s.t, 0).trim()}: ${inlineMatrix(s.W)}`));
  }
  return {
    json: {
      W: states.map((s) => nested(s.W)),
      W1tW1: states.map((s) => nested(s.W1tW1)),
      W2W2t: states.map((s) => nested(s.W2W2t)),
      loss,
      ntkDistance,
      ntkInputs: description,
      lambda: sol.lambda,
      regime: d.regime,
      inverseConditionB: d.inverseConditionB,
    },
    lines,
  };
};

/** Evaluates any model kind's exact solution (the document's `family` selects the evaluator's input). */
export type DocumentExactEvaluator = (built: BuiltDocument, times: readonly number[]) => ExactOutput;

/** Exact evaluators by model kind: two-layer-linear here, the others from ../kinds/ (mixed-linear: A; scalar-width: P, K, zeta, u, w; single-neuron: beta, a, w, phi, kernelDistance). */
export const EXACT_MODELS: Readonly<Record<string, DocumentExactEvaluator>> = {
  'two-layer-linear': (built, times) => twoLayerExact(built as BuiltExperiment, times),
  ...Object.fromEntries(Object.entries(KIND_COMMANDS).map(([kind, c]) => [kind, (built: BuiltDocument, times: readonly number[]) => c.exact(built, times)])),
};

/** Runs `exact` and returns what it prints (exported for tests). */
export function runExact(file: string, opts: { at?: string; json?: boolean; seed?: string }): string {
  const built = loadDocument(file, { seed: parseSeedOption(opts.seed) });
  const kind = built.document.model.kind;
  let times: number[];
  if (opts.at !== undefined) times = parseTimes(opts.at, '--at');
  else if (built.theoryTimes) times = built.theoryTimes;
  else throw new DomainError('--at: missing; give the times t/τ to evaluate, e.g. --at 0,1,5 or --at "linspace(0,10,11)" (or theory.times in the document).', { path: '--at' });
  const evaluate = EXACT_MODELS[kind];
  if (!evaluate) {
    throw new DomainError(
      `model.kind: there is no exact solution for "${kind}" (exact solutions exist for ${Object.keys(EXACT_MODELS).join(', ')}); run "lazyrich simulate" instead.`,
      { path: 'model.kind' },
    );
  }
  const out = evaluate(built, times);
  if (opts.json) {
    return JSON.stringify({ t: times, ...out.json, units: { t: 't/tau' }, model: kind }) + '\n';
  }
  return out.lines.join('\n') + '\n';
}

export function registerExact(program: Command, ctx: CliContext): void {
  program
    .command('exact')
    .description('evaluate the exact (closed-form) learning trajectory of a config at given times t/τ')
    .argument('<config>', 'experiment document (JSON or YAML)')
    .option('--at <times>', 'times t/τ: a list "0,1,5", "linspace(0,10,11)" or "logspace(-2,2,5)"')
    .option('--json', 'print one JSON object')
    .option('--seed <n>', 'seed of every random draw without its own seed (overrides the document)')
    .action((config: string, opts: { at?: string; json?: boolean; seed?: string }) => {
      ctx.backend();
      ctx.io.out(runExact(config, opts));
    });
}
