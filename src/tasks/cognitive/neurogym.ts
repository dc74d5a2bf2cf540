/**
 * The three neurogym tasks of Liu et al. (ICLR 2024), re-implemented from the neurogym 0.0.2 source
 * as the spec describes them (spec `connectivity.md` §1.2 [V-code, V-src]): perceptual decision
 * making (`2AF`), delayed match-to-sample (`DMS`) and context-dependent decision making (`CXT`), each
 * shortened to one 8-step trial per batch column (dt = 100 ms, noise σ = 1/√dt = 0.1 per step).
 *
 * Random draws come only from the stream passed in; the order of draws is per trial: the trial's
 * discrete choices first, then the noise of its time steps (channel innermost). Same stream state →
 * same batch.
 *
 * @module
 */
import { ConfigError } from '../../errors/index.js';
import { Matrix } from '../../linalg/matrix.js';
import type { RandomStream } from '../../random/index.js';
import type { SequenceBatch } from './types.js';

/** Names of the neurogym tasks. */
export type NeurogymTaskName = '2AF' | 'DMS' | 'CXT';

/** Number of steps of one trial (every task is shortened to 8 steps). */
export const NEUROGYM_STEPS = 8;
/** Per-step input noise standard deviation, sigma/√dt with sigma = 1, dt = 100 ms. */
export const NEUROGYM_NOISE_STD = 0.1;
/** 2AF coherences (percent). */
export const COHERENCES_2AF: readonly number[] = [0, 6.4, 12.8, 25.6, 51.2];
/** CXT coherences (percent). */
export const COHERENCES_CXT: readonly number[] = [5, 15, 50];

/** Input size per task (3, 3, 7); the output size is 3 for all (0 = fixate, 1, 2 = choices). */
export function neurogymInputSize(task: NeurogymTaskName): number {
  return task === 'CXT' ? 7 : 3;
}

function checkBatch(batchSize: number): void {
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new ConfigError(`neurogymBatch: batchSize must be a positive integer, got ${String(batchSize)}.`, {
      path: 'batchSize',
    });
  }
}

/**
 * One batch of `batchSize` trials of a neurogym task, 8 steps each.
 *
 * **Method.**
 * - `2AF` (PerceptualDecisionMaking-v0): stimulus steps 0–6, decision step 7. Channels [fixation,
 *   stim θ=0, stim θ=π]; fixation = 1 on steps 0–6; stimulus j = cos(θ_j − θ_gt)·coh/200 + 0.5 +
 *   N(0, 0.1²) on steps 0–6, 0 at the decision. gt ∈ {0, 1} uniform, coh uniform in
 *   {0, 6.4, 12.8, 25.6, 51.2}. Label 0 on steps 0–6, 1 + gt at step 7.
 * - `DMS` (DelayMatchSample-v0): sample step 0, delay 1–5, test step 6, decision step 7. Fixation = 1
 *   except at the decision; stimulus j = cos(θ_j − θ)·0.5 + 0.5 + N(0, 0.1²) at sample (θ = sample
 *   angle ∈ {0, π} uniform) and test (θ = sample angle on a match, + π on a non-match), 0 elsewhere.
 *   Label 1 = match, 2 = non-match at the decision (uniform).
 * - `CXT` (ContextDecisionMaking-v0): stimulus steps 0–1, delay 2–6, decision 7. Channels [fixation,
 *   stim1_mod1, stim2_mod1, stim1_mod2, stim2_mod2, context1, context2]. For each modality m a choice
 *   c_m ∈ {1, 2} and a coherence from {5, 15, 50}; signed coh s_m = +coh if c_m = 1 else −coh; the
 *   stimuli are (1 ± s_m/100)/2 + N(0, 0.1²) on steps 0–1, 0 elsewhere; the context one-hot is on for
 *   all 8 steps; fixation = 1 except at the decision. Label c_context at step 7.
 *
 * @param stream the random stream (advanced)
 * @example
 * const b = neurogymBatch('2AF', createRandom(0, '2AF'), 32);
 * [b.inputs.rows, b.inputs.cols]; // → [256, 3] (8 steps × 32 trials; b.labels[7 * 32 + 0] ∈ {1, 2})
 */
export function neurogymBatch(task: NeurogymTaskName, stream: RandomStream, batchSize: number): SequenceBatch {
  checkBatch(batchSize);
  const T = NEUROGYM_STEPS;
  const B = batchSize;
  const nIn = neurogymInputSize(task);
  const X = new Matrix(T * B, nIn);
  const x = X.data;
  const labels = new Int32Array(T * B);
  const sd = NEUROGYM_NOISE_STD;
  const set = (t: number, b: number, c: number, v: number): void => {
    x[(t * B + b) * nIn + c] = v;
  };
  for (let b = 0; b < B; b++) {
    if (task === '2AF') {
      const gt = stream.int(2);
      const coh = COHERENCES_2AF[stream.int(COHERENCES_2AF.length)];
      const thetaGt = gt === 0 ? 0 : Math.PI;
      for (let t = 0; t < 7; t++) {
        set(t, b, 0, 1);
        for (let j = 0; j < 2; j++) {
          const theta = j === 0 ? 0 : Math.PI;
          set(t, b, 1 + j, (Math.cos(theta - thetaGt) * coh) / 200 + 0.5 + sd * stream.normal());
        }
      }
      labels[7 * B + b] = 1 + gt;
    } else if (task === 'DMS') {
      const sample = stream.int(2); // 0 → θ = 0, 1 → θ = π
      const match = stream.int(2) === 0;
      const test = match ? sample : 1 - sample;
      for (let t = 0; t < 7; t++) set(t, b, 0, 1);
      for (const [t, which] of [
        [0, sample],
        [6, test],
      ] as const) {
        const th = which === 0 ? 0 : Math.PI;
        for (let j = 0; j < 2; j++) {
          const theta = j === 0 ? 0 : Math.PI;
          set(t, b, 1 + j, Math.cos(theta - th) * 0.5 + 0.5 + sd * stream.normal());
        }
      }
      labels[7 * B + b] = match ? 1 : 2;
    } else {
      const choice0 = 1 + stream.int(2);
      const choice1 = 1 + stream.int(2);
      const coh0 = COHERENCES_CXT[stream.int(COHERENCES_CXT.length)];
      const coh1 = COHERENCES_CXT[stream.int(COHERENCES_CXT.length)];
      const context = stream.int(2);
      const s0 = choice0 === 1 ? coh0 : -coh0;
      const s1 = choice1 === 1 ? coh1 : -coh1;
      for (let t = 0; t < T; t++) {
        if (t < 7) set(t, b, 0, 1);
        set(t, b, 5 + context, 1);
      }
      for (let t = 0; t < 2; t++) {
        set(t, b, 1, (1 + s0 / 100) / 2 + sd * stream.normal());
        set(t, b, 2, (1 - s0 / 100) / 2 + sd * stream.normal());
        set(t, b, 3, (1 + s1 / 100) / 2 + sd * stream.normal());
        set(t, b, 4, (1 - s1 / 100) / 2 + sd * stream.normal());
      }
      labels[7 * B + b] = context === 0 ? choice0 : choice1;
    }
  }
  return { inputs: X, labels, steps: T, batchSize: B, numClasses: 3, decisionStep: 7 };
}

/**
 * `count` batches concatenated into one batch of `count·batchSize` trials: the fixed probe set of the
 * metrics (spec §3: 10 batches of 32 → 320 trials). Drawn from `stream` in order.
 * @example neurogymProbeSet('DMS', createRandom(0, 'probe'), 10, 32).batchSize; // → 320
 */
export function neurogymProbeSet(
  task: NeurogymTaskName,
  stream: RandomStream,
  count: number,
  batchSize: number,
): SequenceBatch {
  const parts: SequenceBatch[] = [];
  for (let i = 0; i < count; i++) parts.push(neurogymBatch(task, stream, batchSize));
  return concatBatches(parts);
}

/** Concatenates batches with the same steps, input size and classes along the trial axis. */
export function concatBatches(parts: readonly SequenceBatch[]): SequenceBatch {
  if (parts.length === 0) throw new ConfigError('concatBatches: pass at least one batch.');
  const T = parts[0].steps;
  const nIn = parts[0].inputs.cols;
  for (const p of parts) {
    if (p.steps !== T || p.inputs.cols !== nIn || p.numClasses !== parts[0].numClasses) {
      throw new ConfigError('concatBatches: every batch must have the same steps, input size and classes.');
    }
  }
  const B = parts.reduce((s, p) => s + p.batchSize, 0);
  const X = new Matrix(T * B, nIn);
  const labels = new Int32Array(T * B);
  for (let t = 0; t < T; t++) {
    let off = 0;
    for (const p of parts) {
      X.data.set(p.inputs.data.subarray(t * p.batchSize * nIn, (t + 1) * p.batchSize * nIn), (t * B + off) * nIn);
      labels.set(p.labels.subarray(t * p.batchSize, (t + 1) * p.batchSize), t * B + off);
      off += p.batchSize;
    }
  }
  return { inputs: X, labels, steps: T, batchSize: B, numClasses: parts[0].numClasses, decisionStep: parts[0].decisionStep };
}

/**
 * The first `count` trials of a batch (all steps), e.g. the 32 NTK trials of the 320-trial probe set.
 * @example
 * const probe = neurogymProbeSet('DMS', createRandom(0, 'probe'), 2, 16);
 * firstTrials(probe, 8).batchSize; // → 8
 */
export function firstTrials(batch: SequenceBatch, count: number): SequenceBatch {
  if (!Number.isInteger(count) || count < 1 || count > batch.batchSize) {
    throw new ConfigError(`firstTrials: count must be an integer in [1, ${batch.batchSize}], got ${String(count)}.`);
  }
  const T = batch.steps;
  const B = batch.batchSize;
  const nIn = batch.inputs.cols;
  const X = new Matrix(T * count, nIn);
  const labels = new Int32Array(T * count);
  for (let t = 0; t < T; t++) {
    X.data.set(batch.inputs.data.subarray(t * B * nIn, (t * B + count) * nIn), t * count * nIn);
    labels.set(batch.labels.subarray(t * B, t * B + count), t * count);
  }
  return { ...batch, inputs: X, labels, batchSize: count };
}
