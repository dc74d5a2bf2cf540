/**
 * Fig. 1 of Liu et al. (ICLR 2024; spec `connectivity.md` §5): effective rank of the initial
 * recurrent weights vs laziness, for the neurogym tasks (2AF, DMS, CXT) and sequential
 * Fashion-MNIST (when its arrays are passed in). Also the shared protocol of the recurrent-network
 * figures (spec §1.3, §3), used by fig2.ts: train a CTRNN from a given initial W_h on a task and measure how lazy the learning
 * was — ‖ΔW_h‖_F (absolute and relative), representation alignment RA (decision step, probe set),
 * sign similarity, tangent-kernel alignment KA (W_h-only NTK, first probe trials), and the initial
 * kernel–task alignment in both normalisations.
 *
 * Pure: every random draw comes from the stream passed in; images come as arrays.
 * @module
 */
import { Matrix } from '../../linalg/matrix.js';
import { createRandom } from '../../random/index.js';
import { gaussianConnectivity, truncateRank } from '../../init/index.js';
import { smallMultiples, type Panel } from '../../plot/index.js';
import type { Budget, Experiment, ExperimentCheck, ExperimentOptions, ExperimentResult, ImageDataset } from '../types.js';
import { check, fmt, table } from '../lazy-to-rich/common.js';
import type { RandomStream } from '../../random/index.js';
import { ctrnnForward, ctrnnInit, ctrnnLoss, hiddenAtStep, type CtrnnParams } from '../../models/rnn.js';
import { selectLearningRate, trainRnn, type RnnOptimizer } from '../../train/rnn.js';
import {
  firstTrials,
  neurogymBatch,
  neurogymInputSize,
  neurogymProbeSet,
  randomImageBatch,
  sequentialImageBatch,
  type ImageSet,
  type NeurogymTaskName,
  type SequenceBatch,
} from '../../tasks/index.js';
import {
  effectiveRanks,
  kernelDistance,
  kernelTaskAlignmentFrobenius,
  kernelTaskAlignmentTrace,
  ntkTargets,
  representationAlignment,
  rnnNtk,
  signSimilarity,
  tangentKernelAlignment,
  weightChange,
} from '../../metrics/index.js';

/** A task: one of the neurogym tasks, or sequential images (e.g. Fashion-MNIST) given as arrays. */
export type RnnTask =
  | { kind: 'neurogym'; name: NeurogymTaskName }
  | { kind: 'images'; name: string; train: ImageSet; /** images used for the probe set (default: train) */ probe?: ImageSet };

/** Settings of one training run and its measurement. */
export interface LazinessSettings {
  hidden: number;
  alpha: number;
  /** Mini-batch size (paper: 32 for neurogym, 200 for images). */
  batchSize: number;
  iterations: number;
  /** Candidate learning rates; the selection protocol keeps the best (paper code: [0.003]). */
  learningRates: readonly number[];
  optimizer: RnnOptimizer;
  logEvery: number;
  /** Probe set: batches × batchSize trials (paper: 10 × 32 = 320; images: 1 × 200). */
  probeBatches: number;
  /** Trials of the probe set used by the NTK (paper: 32 neurogym, 200 images). */
  ntkTrials: number;
}

/** What one run measured. */
export interface LazinessMeasure {
  learningRate: number;
  weightChangeAbs: number;
  weightChangeRel: number;
  representationAlignment: number;
  signSimilarity: number;
  kernelAlignment: number;
  kernelDistance: number;
  /** Initial kernel–task alignment, trace form Σ yᵀK₀y/(‖Y‖² Tr K₀). */
  taskAlignmentTrace0: number;
  /** Initial kernel–task alignment, Frobenius form Σ yᵀK₀y/(‖Y‖² ‖K₀‖_F). */
  taskAlignmentFrobenius0: number;
  /** Mean of the last (up to) 20 logged running-mean losses of the kept run. */
  finalLoss: number;
  /** Loss on the probe set before and after training. */
  probeLoss0: number;
  probeLossF: number;
  /** The paper's effective rank Σσ/(σ₁N) of the initial W_h. */
  effectiveRank0: number;
}

/** Input size and output classes of a task. */
export function taskSizes(task: RnnTask): { inputs: number; outputs: number } {
  return task.kind === 'neurogym'
    ? { inputs: neurogymInputSize(task.name), outputs: 3 }
    : { inputs: task.train.cols, outputs: task.train.numClasses };
}

/** A fresh mini-batch of the task from `stream`. */
export function taskBatch(task: RnnTask, stream: RandomStream, batchSize: number): SequenceBatch {
  return task.kind === 'neurogym' ? neurogymBatch(task.name, stream, batchSize) : randomImageBatch(task.train, stream, batchSize);
}

/** The fixed probe set (drawn once per seed, shared by every init of a comparison; spec §3). */
export function probeSet(task: RnnTask, stream: RandomStream, s: LazinessSettings): SequenceBatch {
  if (task.kind === 'neurogym') return neurogymProbeSet(task.name, stream, s.probeBatches, s.batchSize);
  const set = task.probe ?? task.train;
  const n = Math.min(set.count, s.probeBatches * s.batchSize);
  const perm = stream.permutation(set.count);
  return sequentialImageBatch(set, perm.subarray(0, n));
}

/**
 * Trains from W_h(0) = `Wh0` (W_in, W_out drawn from `stream.split('net')`, as a new `Net` per rank in
 * the code) with the learning-rate selection protocol, then measures every §3 metric on `probe`.
 * Every candidate learning rate sees the same batch sequence (`stream.split('batches')`).
 * @example
 * const settings = connectivityFig1Settings('test'); // 24 units, 60 iterations
 * const task = { kind: 'neurogym', name: '2AF' } as const;
 * const Wr = truncateRank(gaussianConnectivity({ n: settings.hidden, stream: createRandom(0, 'W0') }), 1);
 * const probe = probeSet(task, createRandom(0, 'probe'), settings);
 * const m = measureLaziness(task, Wr, createRandom(0, 'r1'), probe, settings);
 * m.learningRate; // → 0.01
 * m.kernelAlignment > 0 && m.kernelAlignment <= 1; // → true
 */
export function measureLaziness(
  task: RnnTask,
  Wh0: Matrix,
  stream: RandomStream,
  probe: SequenceBatch,
  s: LazinessSettings,
): LazinessMeasure & { initial: CtrnnParams; final: CtrnnParams } {
  const { inputs, outputs } = taskSizes(task);
  const p0 = ctrnnInit(stream.split('net'), { hidden: s.hidden, inputs, outputs, alpha: s.alpha, Wh: Wh0 });
  const sel = selectLearningRate(s.learningRates, (lr) => {
    const bs = stream.split('batches');
    return trainRnn(p0, {
      learningRate: lr,
      iterations: s.iterations,
      batch: () => taskBatch(task, bs, s.batchSize),
      optimizer: s.optimizer,
      logEvery: s.logEvery,
      onDivergence: 'stop',
    });
  });
  const pf = sel.best.result.params;
  const steps = task.kind === 'neurogym' ? 'all' : 'last';
  const f0 = ctrnnForward(p0, probe);
  const ff = ctrnnForward(pf, probe);
  const H0 = hiddenAtStep(f0, probe);
  const Hf = hiddenAtStep(ff, probe);
  const ntkBatch = firstTrials(probe, Math.min(s.ntkTrials, probe.batchSize));
  const K0 = rnnNtk(p0, ntkBatch, { steps });
  const Kf = rnnNtk(pf, ntkBatch, { steps });
  const Y = ntkTargets(ntkBatch, outputs, { steps });
  const wc = weightChange(p0.Wh, pf.Wh);
  const ka = tangentKernelAlignment(K0, Kf);
  const zero = K0.data.every((v) => v === 0);
  return {
    learningRate: sel.best.learningRate,
    weightChangeAbs: wc.absolute,
    weightChangeRel: wc.relative,
    representationAlignment: representationAlignment(H0, Hf),
    signSimilarity: signSimilarity(H0, Hf),
    kernelAlignment: ka,
    kernelDistance: zero || Kf.data.every((v) => v === 0) ? NaN : kernelDistance(K0, Kf),
    taskAlignmentTrace0: zero ? NaN : kernelTaskAlignmentTrace(K0, Y),
    taskAlignmentFrobenius0: zero ? NaN : kernelTaskAlignmentFrobenius(K0, Y),
    finalLoss: sel.best.score,
    probeLoss0: ctrnnLoss(p0, probe),
    probeLossF: ctrnnLoss(pf, probe),
    effectiveRank0: effectiveRanks(p0.Wh).paper,
    initial: p0,
    final: pf,
  };
}

/** The mean of the finite values (NaN if none). */
export function meanOf(values: readonly number[]): number {
  const v = values.filter((x) => Number.isFinite(x));
  return v.length === 0 ? NaN : v.reduce((a, b) => a + b, 0) / v.length;
}

// ---------------------------------------------------------------------------------------------
// Fig. 1
// ---------------------------------------------------------------------------------------------

/** Settings of Fig. 1. */
export interface ConnectivityFig1Settings extends LazinessSettings {
  tasks: readonly NeurogymTaskName[];
  /** Ranks of the truncated initial W_h (spec §1.3: N = 300 → {1, 30, 100, 300}; N < 150 → {1, 30, N}). */
  ranks: readonly number[];
  /** Number of seeds (seed, seed + 1, …). */
  seeds: number;
  /** Gain g of the Gaussian W0 = g·G/√N (code default 1.25). */
  gain: number;
  /** Sequential-image runs (only when images are passed in). */
  imageRanks: readonly number[];
  imageBatchSize: number;
  imageIterations: number;
  imageNtkTrials: number;
}

/** The ranks the code sweeps for a hidden size (spec §1.3 [V-code]). */
export function paperRanks(n: number): number[] {
  if (n < 150) return [1, 30, n].filter((r, i, a) => r <= n && a.indexOf(r) === i);
  if (n > 500) return [1, 30, 100, 300, n];
  return [1, 30, 100, 300].filter((r) => r <= n).concat(n > 300 ? [n] : []);
}

/**
 * Settings per budget. `paper`: N = 300, ranks {1, 30, 100, 300}, 10 000 iterations of SGD-momentum
 * (lr 0.003, the code's default list), probe 10 × 32 trials, NTK on 32 trials (768 × 768), 3 seeds;
 * images: ranks {5, 30, 300}, batch 200, NTK on 200 trials × 10 outputs at the last step.
 * `quick` (≲ 60 s on 2 cores, js backend): N = 100 (ranks {1, 30, 100} by the code's rule for
 * N < 150), 250 iterations at lr 0.01 (a larger step, so that the short run learns the task), NTK
 * on 8 trials, 2 seeds. `test`: smaller still, for unit tests.
 */
export function connectivityFig1Settings(budget: Budget | 'test'): ConnectivityFig1Settings {
  const common = {
    alpha: 1,
    batchSize: 32,
    optimizer: { kind: 'sgd' as const, momentum: 0.9 },
    probeBatches: 10,
    gain: 1.25,
    tasks: ['2AF', 'DMS', 'CXT'] as NeurogymTaskName[],
  };
  if (budget === 'paper') {
    return { ...common, hidden: 300, iterations: 10000, learningRates: [0.003], logEvery: 100, ntkTrials: 32, ranks: paperRanks(300), seeds: 3,
      imageRanks: [5, 30, 300], imageBatchSize: 200, imageIterations: 10000, imageNtkTrials: 200 };
  }
  if (budget === 'quick') {
    return { ...common, hidden: 100, iterations: 250, learningRates: [0.01], logEvery: 25, ntkTrials: 8, ranks: paperRanks(100), seeds: 2,
      imageRanks: [5, 30, 100], imageBatchSize: 50, imageIterations: 150, imageNtkTrials: 10 };
  }
  return { ...common, hidden: 24, iterations: 60, learningRates: [0.01], logEvery: 10, ntkTrials: 4, probeBatches: 2, ranks: [1, 24], seeds: 1,
    tasks: ['2AF'], imageRanks: [1, 24], imageBatchSize: 20, imageIterations: 20, imageNtkTrials: 4 };
}

/** One row of the Fig. 1 table. */
export interface Fig1Row extends LazinessMeasure {
  task: string;
  rank: number;
  seed: number;
}

/** Data passed in from outside the pure core (load with `src/io/idx.node.ts`). */
export interface ConnectivityFig1Data {
  /** Sequential Fashion-MNIST (28 rows of 28 pixels, 10 classes), e.g. the 55k training images. */
  images?: { name: string; train: ImageSet; probe?: ImageSet };
}

/** Runs the rank sweep: for each task and seed, one Gaussian W0 truncated to every rank (spec §1.3). */
export function fig1Rows(base: number, s: ConnectivityFig1Settings, data: ConnectivityFig1Data = {}): Fig1Row[] {
  const rows: Fig1Row[] = [];
  const jobs: { task: RnnTask; settings: LazinessSettings; ranks: readonly number[] }[] = s.tasks.map((name) => ({
    task: { kind: 'neurogym', name },
    settings: s,
    ranks: s.ranks,
  }));
  if (data.images) {
    jobs.push({
      task: { kind: 'images', name: data.images.name, train: data.images.train, probe: data.images.probe },
      settings: { ...s, batchSize: s.imageBatchSize, iterations: s.imageIterations, ntkTrials: s.imageNtkTrials, probeBatches: 1 },
      ranks: s.imageRanks,
    });
  }
  for (const job of jobs) {
    for (let k = 0; k < s.seeds; k++) {
      const seed = base + k;
      const W0 = gaussianConnectivity({ n: s.hidden, gain: s.gain, stream: createRandom(seed, 'connectivity/fig1', job.task.name, 'W0') });
      const probe = probeSet(job.task, createRandom(seed, 'connectivity/fig1', job.task.name, 'probe'), job.settings);
      for (const r of job.ranks) {
        const Wr = r >= s.hidden ? W0.clone() : truncateRank(W0, r);
        const m = measureLaziness(job.task, Wr, createRandom(seed, 'connectivity/fig1', job.task.name, 'rank', r), probe, job.settings);
        const { initial: _i, final: _f, ...rest } = m;
        void _i;
        void _f;
        rows.push({ task: job.task.name, rank: r, seed, ...rest });
      }
    }
  }
  return rows;
}

const METRICS: { key: keyof LazinessMeasure; label: string }[] = [
  { key: 'weightChangeAbs', label: '‖ΔW_h‖_F' },
  { key: 'representationAlignment', label: 'representation alignment' },
  { key: 'kernelAlignment', label: 'tangent-kernel alignment' },
];

/** Mean over seeds of `key` for each (task, rank). */
export function seedMeans(rows: readonly Fig1Row[], key: keyof LazinessMeasure): Map<string, Map<number, number>> {
  const out = new Map<string, Map<number, number>>();
  for (const r of rows) {
    if (!out.has(r.task)) out.set(r.task, new Map());
    const m = out.get(r.task) as Map<number, number>;
    const vals = rows.filter((x) => x.task === r.task && x.rank === r.rank).map((x) => x[key] as number);
    m.set(r.rank, meanOf(vals));
  }
  return out;
}

/** The table of every (task, rank, seed). */
export function lazinessTable(name: string, rows: readonly (LazinessMeasure & { task: string; seed: number; rank?: number; init?: string })[]) {
  return table(
    name,
    {
      task: rows.map((r) => r.task),
      ...(rows.some((r) => r.init !== undefined) ? { init: rows.map((r) => r.init ?? '') } : {}),
      ...(rows.some((r) => r.rank !== undefined) ? { rank: rows.map((r) => r.rank ?? NaN) } : {}),
      seed: rows.map((r) => r.seed),
      effective_rank0: rows.map((r) => r.effectiveRank0),
      learning_rate: rows.map((r) => r.learningRate),
      dW_abs: rows.map((r) => r.weightChangeAbs),
      dW_rel: rows.map((r) => r.weightChangeRel),
      RA: rows.map((r) => r.representationAlignment),
      sign_similarity: rows.map((r) => r.signSimilarity),
      KA: rows.map((r) => r.kernelAlignment),
      kernel_distance: rows.map((r) => r.kernelDistance),
      task_alignment_trace0: rows.map((r) => r.taskAlignmentTrace0),
      task_alignment_frobenius0: rows.map((r) => r.taskAlignmentFrobenius0),
      final_loss: rows.map((r) => r.finalLoss),
      probe_loss0: rows.map((r) => r.probeLoss0),
      probe_lossF: rows.map((r) => r.probeLossF),
    },
    {
      effective_rank0: 'Σσ/(σ₁N) of W_h(0) (paper measure, singular values)',
      dW_abs: '‖W_h,f − W_h,0‖_F',
      dW_rel: '‖ΔW_h‖_F/‖W_h,0‖_F',
      RA: 'cos(H₀H₀ᵀ, H_fH_fᵀ), decision step, probe set',
      KA: 'cos(K₀, K_f), W_h-only NTK',
      task_alignment_trace0: 'ΣyᵀK₀y/(‖Y‖² Tr K₀)',
      task_alignment_frobenius0: 'ΣyᵀK₀y/(‖Y‖² ‖K₀‖_F)',
      final_loss: 'mean of the last ≤ 20 logged running-mean losses (cross-entropy, nats)',
    },
  );
}

/**
 * Runs Fig. 1: ‖ΔW_h‖_F, RA and KA against the rank of the initial W_h, per task, seeds as markers
 * and their mean as a line; checks the paper's claim (low rank ⇒ richer: larger ΔW, smaller RA and
 * KA) on the seed means, rank 1 against full rank.
 * @example
 * const r = runConnectivityFig1({ budget: 'test', seed: 0 }); // 'quick' and 'paper' for the real runs
 * r.tables.length > 0; // → true
 */
export function runConnectivityFig1(
  options: { budget: Budget | 'test'; seed: number },
  overrides: Partial<ConnectivityFig1Settings> = {},
  data: ConnectivityFig1Data = {},
): ExperimentResult {
  const s = { ...connectivityFig1Settings(options.budget), ...overrides };
  const rows = fig1Rows(options.seed, s, data);
  const tasks = [...new Set(rows.map((r) => r.task))];
  const panels: Panel[] = [];
  for (const task of tasks) {
    const tr = rows.filter((r) => r.task === task);
    const ranks = [...new Set(tr.map((r) => r.rank))].sort((a, b) => a - b);
    for (const m of METRICS) {
      const means = seedMeans(tr, m.key).get(task) as Map<number, number>;
      panels.push({
        kind: 'line',
        title: `${task}: ${m.label}`,
        x: { label: 'rank of W_h(0)', scale: 'log' },
        y: { label: m.label },
        legend: false,
        series: [
          { x: ranks, y: ranks.map((r) => means.get(r) as number), label: 'seed mean' },
          { x: tr.map((r) => r.rank), y: tr.map((r) => r[m.key] as number), marker: 'circle', label: 'seeds' },
        ],
      });
    }
  }
  const svg = smallMultiples({ panels, columns: 3, title: 'Liu et al. Fig. 1: initial rank vs laziness (CTRNN)' });
  const checks: ExperimentCheck[] = [];
  for (const task of tasks) {
    const tr = rows.filter((r) => r.task === task);
    const ranks = [...new Set(tr.map((r) => r.rank))].sort((a, b) => a - b);
    const lo = ranks[0];
    const hi = ranks[ranks.length - 1];
    const dW = seedMeans(tr, 'weightChangeAbs').get(task) as Map<number, number>;
    const ra = seedMeans(tr, 'representationAlignment').get(task) as Map<number, number>;
    const ka = seedMeans(tr, 'kernelAlignment').get(task) as Map<number, number>;
    const n = s.seeds;
    checks.push(
      check(`${task}: ‖ΔW_h‖ larger at rank ${lo} than ${hi}`, 'weight change decreases with rank', `${fmt(dW.get(lo) as number)} vs ${fmt(dW.get(hi) as number)} (mean of ${n} seeds)`, 'strictly larger', (dW.get(lo) as number) > (dW.get(hi) as number)),
      check(`${task}: RA smaller at rank ${lo} than ${hi}`, 'representation alignment increases with rank', `${fmt(ra.get(lo) as number)} vs ${fmt(ra.get(hi) as number)}`, 'strictly smaller', (ra.get(lo) as number) < (ra.get(hi) as number)),
      check(`${task}: KA smaller at rank ${lo} than ${hi}`, 'tangent-kernel alignment increases with rank', `${fmt(ka.get(lo) as number)} vs ${fmt(ka.get(hi) as number)}`, 'strictly smaller', (ka.get(lo) as number) < (ka.get(hi) as number)),
    );
    const l0 = meanOf(tr.map((r) => r.probeLoss0));
    const lf = meanOf(tr.map((r) => r.probeLossF));
    checks.push(check(`${task}: the networks learned`, 'trained to low loss', `probe loss ${fmt(l0)} → ${fmt(lf)} (mean over ranks and seeds)`, 'final < half the initial', lf < l0 / 2));
  }
  const notes = [
    `Settings (${options.budget}): N = ${s.hidden}, g = ${s.gain}, α = ${s.alpha}, ranks ${s.ranks.join(', ')}, ${s.iterations} iterations of SGD (momentum 0.9) over lr ∈ {${s.learningRates.join(', ')}} (kept: lowest mean of the last 20 logged losses), batch ${s.batchSize}, probe ${s.probeBatches}×${s.batchSize} trials, NTK on ${s.ntkTrials} trials × 8 steps × 3 outputs, ${s.seeds} seed(s) from ${options.seed}.`,
    'One Gaussian W0 per task and seed is truncated to every rank with its Frobenius norm restored (spec §2.1); W_in and W_out are re-drawn per rank, as a new Net per rank in the code. The probe set is fixed per task and seed.',
    'The quick budget is a shortened protocol (N = 100, few hundred iterations, lr 0.01): it shows the direction of the effect, not the paper\'s values. Use --budget paper for the 10 000-iteration protocol.',
    data.images ? `Sequential ${data.images.name}: ranks ${s.imageRanks.join(', ')}, batch ${s.imageBatchSize}, ${s.imageIterations} iterations, loss on the last step, NTK on ${s.imageNtkTrials} trials × 10 outputs at the last step.` : 'Sequential Fashion-MNIST is included only when its arrays are passed in (runConnectivityFig1(options, overrides, { images })); the registered experiment runs the three neurogym tasks.',
  ];
  return {
    id: 'connectivity/fig1',
    title: 'Initial connectivity rank vs laziness of recurrent networks (Liu et al. 2024, Fig. 1)',
    figures: [{ name: 'fig1', caption: '‖ΔW_h‖_F, representation alignment and tangent-kernel alignment against the rank of W_h(0), per task (markers: seeds; line: mean).', svg }],
    tables: [lazinessTable('fig1-laziness', rows)],
    checks,
    notes,
  };
}

/** Training images used for sequential Fashion-MNIST per budget (the paper trains on the 55k images). */
const FIG1_IMAGE_COUNT: Record<Budget, number> = { quick: 2000, paper: 55000 };

/** The loaded data set as sequential images (pixels already in [0, 1]). */
function sequentialImages(dataset: ImageDataset, count: number): NonNullable<ConnectivityFig1Data['images']> {
  const n = Math.min(count, dataset.trainImages.rows);
  return {
    name: dataset.name,
    train: {
      pixels: dataset.trainImages.data.subarray(0, n * dataset.trainImages.cols),
      labels: dataset.trainLabels.subarray(0, n),
      count: n,
      rows: dataset.height,
      cols: dataset.width,
      numClasses: 10,
      scale: 1,
    },
  };
}

/**
 * The registered experiment: the three neurogym tasks, plus sequential Fashion-MNIST when the
 * caller injects the data loader (`lazyrich reproduce` does; see `ExperimentOptions.data`). Without
 * the data the result says in its notes why the image task was left out.
 */
export const connectivityFig1Experiment: Experiment = {
  id: 'connectivity/fig1',
  title: 'Initial connectivity rank vs laziness of recurrent networks',
  reproduces: 'Liu et al. 2024 (ICLR), Fig. 1',
  run: (o: ExperimentOptions) => {
    const count = FIG1_IMAGE_COUNT[o.budget];
    const loaded = o.data?.fashionMnist({ train: count, test: 0 });
    const data: ConnectivityFig1Data = loaded !== undefined && 'dataset' in loaded ? { images: sequentialImages(loaded.dataset, count) } : {};
    const result = runConnectivityFig1(o, {}, data);
    if (loaded !== undefined && 'unavailable' in loaded) result.notes.push(`Sequential Fashion-MNIST left out: ${loaded.unavailable}`);
    return result;
  },
};
