/**
 * What the connectivity view computes (pure; run in its worker), after Liu et al. (ICLR 2024;
 * spec `connectivity.md`): an initial recurrent matrix W_h(0) from one of the toolkit's
 * constructions (src/init/connectivity), its singular values and effective ranks, and a small CTRNN
 * trained on a cognitive task (src/tasks/cognitive, src/train/rnn) from that W_h(0), measuring as it
 * learns the weight change ‖ΔW_h‖_F, the representation alignment RA and the tangent-kernel
 * alignment KA of src/metrics — the same measurements as the registered connectivity experiments.
 * @module
 */
import { createRandom } from '../../../../random/index.js';
import type { Matrix } from '../../../../linalg/matrix.js';
import { svdValues } from '../../../../linalg/decompositions.js';
import {
  cellTypeConnectivity,
  gaussianConnectivity,
  ILLUSTRATIVE_CELL_TYPES,
  lowRankPlusNoise,
  rescaleConnectivity,
  shapedSpectrum,
  shuffleEntries,
  truncateRank,
} from '../../../../init/connectivity/index.js';
import { effectiveRanksFromSpectrum, type EffectiveRanks } from '../../../../metrics/effective-rank.js';
import { ctrnnAccuracy, ctrnnForward, ctrnnInit, ctrnnLoss, hiddenAtStep } from '../../../../models/rnn.js';
import { trainRnn } from '../../../../train/rnn.js';
import { firstTrials, neurogymBatch, neurogymInputSize, neurogymProbeSet, type NeurogymTaskName } from '../../../../tasks/cognitive/index.js';
import { representationAlignment, rnnNtk, tangentKernelAlignment, weightChange } from '../../../../metrics/alignment.js';
import { ConfigError } from '../../../../errors/index.js';

/** The initial connectivities the view offers. */
export const INIT_KINDS = ['gaussian', 'low-rank', 'power-law', 'low-rank-noise', 'cell-type', 'shuffled-cell-type'] as const;
/** One of {@link INIT_KINDS}. */
export type InitKind = (typeof INIT_KINDS)[number];

/** An initial recurrent matrix request. */
export interface InitSpec {
  kind: InitKind;
  /** Hidden size N. */
  n: number;
  /** Gain g: every matrix is rescaled to ‖W‖_F = g·√N (the Gaussian's expected norm). */
  gain: number;
  /** Rank of `low-rank` and `low-rank-noise`. */
  rank: number;
  /** Exponent p of the `power-law` spectrum σ_i ∝ i^−p. */
  exponent: number;
  /** Relative noise of `low-rank-noise`. */
  noise: number;
  seed: number;
}

/**
 * W_h(0) of a spec, at ‖W‖_F = g·√N. Streams: `createRandom(seed, 'explorer', 'connectivity', kind)`.
 * @example initialConnectivity({ kind: 'low-rank', n: 64, gain: 1.25, rank: 2, exponent: 1, noise: 0.1, seed: 0 });
 */
export function initialConnectivity(s: InitSpec): Matrix {
  if (!(Number.isInteger(s.n) && s.n >= 2)) throw new ConfigError(`n: the hidden size must be an integer ≥ 2, got ${s.n}.`, { path: 'n' });
  const stream = createRandom(s.seed, 'explorer', 'connectivity', s.kind);
  const norm = s.gain * Math.sqrt(s.n);
  const scale = { frobenius: norm };
  switch (s.kind) {
    case 'gaussian':
      return rescaleConnectivity(gaussianConnectivity({ n: s.n, gain: s.gain, stream }), scale);
    case 'low-rank':
      return rescaleConnectivity(truncateRank(gaussianConnectivity({ n: s.n, gain: s.gain, stream }), Math.min(s.n, Math.max(1, Math.round(s.rank)))), scale);
    case 'power-law':
      return shapedSpectrum({ rows: s.n, profile: { kind: 'power', exponent: s.exponent }, frobenius: norm, stream });
    case 'low-rank-noise':
      return lowRankPlusNoise({ n: s.n, rank: Math.min(s.n, Math.max(1, Math.round(s.rank))), noise: s.noise, frobenius: norm, stream });
    case 'cell-type':
      return cellTypeConnectivity({ n: s.n, ...ILLUSTRATIVE_CELL_TYPES, scale, stream }).W;
    case 'shuffled-cell-type': {
      const W = cellTypeConnectivity({ n: s.n, ...ILLUSTRATIVE_CELL_TYPES, scale, stream: createRandom(s.seed, 'explorer', 'connectivity', 'cell-type') }).W;
      return rescaleConnectivity(shuffleEntries(W, stream), scale);
    }
    default:
      throw new ConfigError(`init: unknown kind "${String(s.kind)}"; choose one of ${INIT_KINDS.join(', ')}.`, { path: 'init' });
  }
}

/** The spectrum summary of W_h(0). */
export interface InitSummary {
  singularValues: Float64Array;
  ranks: EffectiveRanks;
  /** Row-major entries of W (N×N), for the matrix image. */
  entries: Float64Array;
  n: number;
}

/** Singular values, effective ranks and entries of W_h(0). */
export function initSummary(s: InitSpec): InitSummary {
  const W = initialConnectivity(s);
  const sv = svdValues(W);
  return { singularValues: sv, ranks: effectiveRanksFromSpectrum(sv), entries: Float64Array.from(W.data), n: W.rows };
}

/** Training request: the init plus the task and the optimiser settings. */
export interface TrainSpec extends InitSpec {
  task: NeurogymTaskName;
  learningRate: number;
  iterations: number;
  /** Measure every this many iterations. */
  every: number;
  batchSize: number;
  /** Trials of the probe set's first part used for the NTK (the NTK is (trials·steps·3)²). */
  ntkTrials: number;
}

/** One measurement while learning. */
export interface LearningSample {
  iteration: number;
  /** ‖W_h − W_h(0)‖_F. */
  weightChange: number;
  /** ‖ΔW_h‖_F/‖W_h(0)‖_F. */
  relativeChange: number;
  /** Representation alignment RA between the decision-step hidden states now and at t = 0. */
  ra: number;
  /** Tangent-kernel alignment KA between the NTK now and at t = 0. */
  ka: number;
  /** Cross-entropy on the probe set. */
  probeLoss: number;
  /** Accuracy on the probe set (all labelled steps). */
  accuracy: number;
  /** Effective rank (paper's measure) of W_h now. */
  effectiveRank: number;
}

/**
 * Trains the CTRNN from W_h(0) with SGD-momentum 0.9 (as the paper's code) and measures at
 * iterations every, 2·every, … . Every measurement comes from the training run truncated at that
 * iteration: batch i is drawn from its own stream `('batch', i)`, so the run to iteration k·every is
 * exactly the first k·every iterations of the full run (each replay starts from W_h(0) with a fresh
 * optimiser state, as the full run does). The replays cost O(K²) iterations for K measurements, which
 * is cheap at the view's sizes. Calls `onSample` after each measurement.
 * @example
 * const initSpec = { kind: 'low-rank', n: 16, gain: 1.25, rank: 2, exponent: 1, noise: 0.1, seed: 0 } as const;
 * const r = trainConnectivity({ ...initSpec, task: '2AF', learningRate: 0.01, iterations: 20, every: 10, batchSize: 8, ntkTrials: 2 }, console.log);
 * r.samples.map((s) => s.iteration); // → [0, 10, 20]
 */
export function trainConnectivity(s: TrainSpec, onSample: (sample: LearningSample) => void = () => {}): { samples: LearningSample[]; losses: Float64Array; diverged: boolean } {
  if (!(Number.isInteger(s.iterations) && s.iterations >= 1)) throw new ConfigError(`iterations must be an integer ≥ 1, got ${s.iterations}.`, { path: 'iterations' });
  if (!(Number.isInteger(s.every) && s.every >= 1)) throw new ConfigError(`every must be an integer ≥ 1, got ${s.every}.`, { path: 'every' });
  const Wh0 = initialConnectivity(s);
  const root = createRandom(s.seed, 'explorer', 'connectivity', 'train', s.task);
  const p0 = ctrnnInit(root.split('net'), { hidden: s.n, inputs: neurogymInputSize(s.task), outputs: 3, Wh: Wh0 });
  const probe = neurogymProbeSet(s.task, root.split('probe'), 4, s.batchSize);
  const ntkBatch = firstTrials(probe, Math.min(s.ntkTrials, probe.batchSize));
  const H0 = hiddenAtStep(ctrnnForward(p0, probe), probe);
  const K0 = rnnNtk(p0, ntkBatch, { steps: 'all' });
  const batch = (i: number) => neurogymBatch(s.task, root.split('batch', i), s.batchSize);
  const measure = (iteration: number, p: typeof p0): LearningSample => {
    const wc = weightChange(p0.Wh, p.Wh);
    const Hk = hiddenAtStep(ctrnnForward(p, probe), probe);
    const Kk = rnnNtk(p, ntkBatch, { steps: 'all' });
    return {
      iteration,
      weightChange: wc.absolute,
      relativeChange: wc.relative,
      ra: representationAlignment(H0, Hk),
      ka: tangentKernelAlignment(K0, Kk),
      probeLoss: ctrnnLoss(p, probe),
      accuracy: ctrnnAccuracy(p, probe),
      effectiveRank: effectiveRanksFromSpectrum(svdValues(p.Wh)).paper,
    };
  };
  const samples: LearningSample[] = [measure(0, p0)];
  onSample(samples[0]);
  let losses = new Float64Array(0);
  let diverged = false;
  for (let it = Math.min(s.every, s.iterations); ; it = Math.min(it + s.every, s.iterations)) {
    const r = trainRnn(p0, { learningRate: s.learningRate, iterations: it, batch, optimizer: { kind: 'sgd', momentum: 0.9 }, logEvery: s.every, onDivergence: 'stop' });
    losses = Float64Array.from(r.losses);
    if (r.diverged) {
      diverged = true;
      break;
    }
    const sample = measure(it, r.params);
    samples.push(sample);
    onSample(sample);
    if (it >= s.iterations) break;
  }
  return { samples, losses, diverged };
}
