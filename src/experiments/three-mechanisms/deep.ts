/**
 * Deep nonlinear networks on a real task (Xu & Ziyin 2025, abstract: the three mechanisms "manifest
 * in deep nonlinear networks handling real-world tasks"; spec `mixed-and-three-mechanisms.md` B.1,
 * B.7 — architecture and data of the paper unknown [R]): a ReLU MLP on Fashion-MNIST trained with
 * seeded mini-batch SGD on the cross-entropy loss under the NTK, standard and μP/mean-field
 * parametrisations (`src/models/mlp.ts`), with the layer-wise diagnostics of
 * `src/metrics/layerwise.ts`: per-layer norm ratio and direction cosine, the consecutive-layer
 * alignment ζ_l (reduces to B.6's ζ for a two-layer net on 1-D data), the layer-wise NTK on a probe
 * set (trace ratio ρ_K and kernel distance S(K(0), K(T))), and B.6's mechanism label per layer.
 *
 * **Data.** The module is pure: pass the images as `options.dataset` (an {@link ImageDataset}), or
 * let the CLI inject its loader (`options.data.fashionMnist`, see `src/cli/experiment-data.ts`).
 * With neither, `run` refuses (ConfigError); when the CLI's loader reports the files missing the
 * result carries that reason in its notes and no checks (the project's convention for real data).
 *
 * **Budgets.** `quick`: first 2 000 training / 1 000 test images, 784-64-64-64-10, 300 steps of batch
 * 100, NTK layer kernels on 100 probe images (≲ 60 s on 2 cores with the native backend). `paper`:
 * all 60 000 / 10 000 images, 784-256-256-256-10, 3 000 steps of batch 128, 200 probe images.
 * Base learning rates: NTK 2, standard 0.05, μP 0.5 (μP's per-layer rate is η·n).
 *
 * **Checks.** Every parametrisation trains (final training loss below 0.7 × initial); μP learns
 * features more than NTK (larger mean relative change of the hidden layers and larger relative
 * change ‖K(T) − K(0)‖_F/‖K(0)‖_F of the total NTK; the direction-only kernel distance S is
 * reported too — at the `test` size it is larger for NTK (0.029 vs 0.019): μP's kernel mostly grows); μP shows a mechanism (some layer not labelled `kernel`, and |ζ| of the last pair
 * rises — learning by alignment); and ζ_l equals B.6's ζ on a two-layer 1-D net (≤ 1e-14).
 * Measured (`quick`, seed 0, `lazyrich reproduce`): test accuracy NTK 0.726, standard 0.789, μP 0.760;
 * last-pair ζ_3 0.086 → 0.117 (NTK) vs 0.087 → 0.247 (μP); output-layer cos(W₀, W_T) 0.93 (NTK) vs
 * 0.70 (μP); mean hidden relative change 0.13 (NTK) vs 0.43 (μP); total-NTK relative change 14.9
 * (NTK) vs 92 (μP). At width 64 the NTK parametrisation is not lazy: its layer kernels still grow
 * (ρ_K ≈ 11–13), so B.6's rule labels every layer of every parametrisation `alignment`; the
 * parametrisations differ in how much (ρ_K 85–254 for μP).
 *
 * @module
 */
import { ConfigError } from '../../errors/index.js';
import { oneHot } from '../../io/idx.js';
import { Matrix } from '../../linalg/matrix.js';
import { classifyLayers, consecutiveAlignment, kernelDistance, layerNtks, type LayerMechanismLabel } from '../../metrics/index.js';
import { createMlp, type MlpParametrization } from '../../models/mlp.js';
import { activation, scalarInit, scalarZeta } from '../../models/two-layer-nonlinear.js';
import { smallMultiples, type Panel } from '../../plot/index.js';
import { createRandom } from '../../random/index.js';
import { trainMlp, type MlpDataset, type MlpRun } from '../../train/mlp.js';
import type { Budget, Experiment, ExperimentCheck, ExperimentOptions, ExperimentResult, ImageDataset } from '../types.js';
import { check, fmt, relFro, table } from '../lazy-to-rich/common.js';

/** Sizes of one run. */
export interface DeepSettings {
  train: number;
  test: number;
  widths: number[];
  steps: number;
  batchSize: number;
  recordEvery: number;
  probe: number;
  learningRates: Record<MlpParametrization, number>;
}

/** Settings per budget (`test`: the unit tests' tiny size). */
export function deepSettings(budget: Budget | 'test'): DeepSettings {
  const learningRates = { ntk: 2, standard: 0.05, mup: 0.5 };
  if (budget === 'paper') return { train: 60000, test: 10000, widths: [784, 256, 256, 256, 10], steps: 3000, batchSize: 128, recordEvery: 150, probe: 200, learningRates };
  if (budget === 'quick') return { train: 2000, test: 1000, widths: [784, 64, 64, 64, 10], steps: 300, batchSize: 100, recordEvery: 25, probe: 100, learningRates };
  return { train: 400, test: 200, widths: [784, 24, 24, 10], steps: 80, batchSize: 50, recordEvery: 20, probe: 30, learningRates };
}

/** Options of the deep experiment: the common ones plus the images (or the CLI's loader in `data`). */
export interface DeepOptions extends ExperimentOptions {
  dataset?: ImageDataset;
}

/** One parametrisation's run and its layer diagnostics. */
export interface DeepRun {
  parametrization: MlpParametrization;
  run: MlpRun;
  labels: LayerMechanismLabel[];
  kernelDistance: number[];
  totalKernelDistance: number;
  /** ‖K(T) − K(0)‖_F / ‖K(0)‖_F of the total NTK Σ_l K_l. */
  totalKernelChange: number;
}

function subset(M: Matrix, n: number): Matrix {
  const r = Math.min(n, M.rows);
  return new Matrix(r, M.cols, M.data.slice(0, r * M.cols));
}

/**
 * Trains the three parametrisations on `ds` and computes the layer diagnostics (pure).
 *
 * @example
 * // A stand-in data set of random "images" (the CLI passes Fashion-MNIST).
 * const r = createRandom(0, 'images');
 * const labels = (n: number) => Int32Array.from({ length: n }, () => r.int(10));
 * const dataset = { name: 'random', trainImages: uniformMatrix(r, 400, 784), trainLabels: labels(400), testImages: uniformMatrix(r, 200, 784), testLabels: labels(200), height: 28, width: 28 };
 * const runs = deepRuns(dataset, deepSettings('test'), 0); // 'quick' and 'paper' for the real runs
 * runs.map((run) => run.parametrization); // → ["ntk", "standard", "mup"]
 */
export function deepRuns(ds: ImageDataset, s: DeepSettings, seed: number): DeepRun[] {
  const nIn = s.widths[0]!;
  if (ds.trainImages.cols !== nIn) throw new ConfigError(`three-mechanisms/deep: images have ${ds.trainImages.cols} pixels but the first layer expects ${nIn}; give 28×28 images.`, { path: 'dataset' });
  const classes = s.widths[s.widths.length - 1]!;
  const trX = subset(ds.trainImages, s.train);
  const trL = ds.trainLabels.slice(0, trX.rows);
  const teX = subset(ds.testImages, s.test);
  const teL = ds.testLabels.slice(0, teX.rows);
  const train: MlpDataset = { X: trX, Y: oneHot(trL, classes), labels: trL };
  const test: MlpDataset = { X: teX, Y: oneHot(teL, classes), labels: teL };
  const probe = subset(trX, s.probe);
  const nEval = Math.min(trX.rows, 5000);
  const trainEval: MlpDataset = nEval === trX.rows ? train : { X: subset(trX, nEval), Y: subset(train.Y, nEval), labels: trL.slice(0, nEval) };
  const out: DeepRun[] = [];
  for (const par of ['ntk', 'standard', 'mup'] as const) {
    const net = createMlp(createRandom(seed, 'three-mechanisms/deep', 'init', par), { widths: s.widths, parametrization: par, learningRate: s.learningRates[par] });
    const run = trainMlp(net, train, {
      steps: s.steps,
      loss: 'cross-entropy',
      batchSize: s.batchSize,
      stream: createRandom(seed, 'three-mechanisms/deep', 'sgd'),
      recordEvery: s.recordEvery,
      test,
      trainEval,
    });
    const K0 = layerNtks(run.initial, probe);
    const KT = layerNtks(run.final, probe);
    const labels = classifyLayers(K0, KT, run.zeta[0]!, run.zeta.at(-1)!, run.changes.at(-1)!);
    const sum = (Ks: Matrix[]): Matrix => {
      const S = Matrix.zeros(Ks[0]!.rows, Ks[0]!.cols);
      for (const K of Ks) for (let k = 0; k < S.data.length; k++) S.data[k] += K.data[k]!;
      return S;
    };
    out.push({
      parametrization: par,
      run,
      labels,
      kernelDistance: K0.map((K, l) => kernelDistance(K, KT[l]!)),
      totalKernelDistance: kernelDistance(sum(K0), sum(KT)),
      totalKernelChange: relFro(sum(KT), sum(K0)),
    });
  }
  return out;
}

function resolveDataset(options: DeepOptions, s: DeepSettings): ImageDataset | { unavailable: string } {
  if (options.dataset !== undefined) return options.dataset;
  if (options.data !== undefined) {
    const r = options.data.fashionMnist({ train: s.train, test: s.test });
    return 'dataset' in r ? r.dataset : r;
  }
  throw new ConfigError(
    'three-mechanisms/deep needs Fashion-MNIST: run it with `lazyrich reproduce three-mechanisms/deep` (which loads the IDX files) or pass options.dataset (e.g. from loadFashionMnist in src/io/idx.node.ts).',
    { path: 'dataset' },
  );
}

const PAR_COLOR: Record<MlpParametrization, string> = { ntk: '#0072b2', standard: '#009e73', mup: '#d55e00' };

/**
 * Runs the deep reproduction.
 *
 * @throws ConfigError when no data set and no loader are given.
 * @example
 * import { loadFashionMnist } from 'lazyrich/node';
 * const data = loadFashionMnist({ trainLimit: 400, testLimit: 200 }); // Debian's dataset-fashion-mnist
 * const r = runDeep({ budget: 'quick', seed: 0, dataset: { name: 'Fashion-MNIST', ...data, height: 28, width: 28 } }, deepSettings('test'));
 * r.figures.length > 0; // → true
 */
export function runDeep(options: DeepOptions, settings: DeepSettings = deepSettings(options.budget)): ExperimentResult {
  const id = 'three-mechanisms/deep';
  const title = 'Layer-wise mechanisms of a deep ReLU MLP on Fashion-MNIST (NTK, standard, μP)';
  const ds = resolveDataset(options, settings);
  if ('unavailable' in ds) {
    return { id, title, figures: [], tables: [], checks: [], notes: [`Skipped: ${ds.unavailable}.`] };
  }
  const runs = deepRuns(ds, settings, options.seed);
  const L = settings.widths.length - 1;
  const panels: Panel[] = [
    { kind: 'line', title: 'training loss', x: { label: 'step' }, y: { label: 'cross-entropy', scale: 'log' }, series: runs.map((r) => ({ x: r.run.step, y: r.run.trainLoss, color: PAR_COLOR[r.parametrization], label: r.parametrization })) },
    { kind: 'line', title: 'test accuracy', x: { label: 'step' }, y: { label: 'accuracy' }, series: runs.map((r) => ({ x: r.run.step, y: r.run.testAccuracy, color: PAR_COLOR[r.parametrization], label: r.parametrization })) },
  ];
  for (const r of runs) {
    panels.push({
      kind: 'line',
      title: `${r.parametrization}: ζ_l of layer pairs`,
      x: { label: 'step' },
      y: { label: 'ζ_l' },
      series: Array.from({ length: L - 1 }, (_, l) => ({ x: r.run.step, y: r.run.zeta.map((z) => z[l]!), label: `ζ_${l + 1} (layers ${l + 1},${l + 2})` })),
    });
  }
  for (const r of runs) {
    panels.push({
      kind: 'line',
      title: `${r.parametrization}: ‖W_l − W_l(0)‖/‖W_l(0)‖`,
      x: { label: 'step' },
      y: { label: 'relative change' },
      series: Array.from({ length: L }, (_, l) => ({ x: r.run.step, y: r.run.changes.map((c) => c[l]!.relativeChange), label: `layer ${l + 1}` })),
    });
  }
  const svg = smallMultiples({ panels, columns: 4, title: `MLP ${settings.widths.join('-')} on ${ds.name}`, panelWidth: 400, panelHeight: 260 });

  const hist: Record<string, (number | string)[]> = { parametrization: [], step: [], train_loss: [], train_accuracy: [], test_accuracy: [] };
  for (let l = 1; l < L; l++) hist[`zeta_${l}`] = [];
  for (let l = 1; l <= L; l++) hist[`rel_change_${l}`] = [];
  for (const r of runs) {
    r.run.step.forEach((k, i) => {
      hist['parametrization']!.push(r.parametrization);
      hist['step']!.push(k);
      hist['train_loss']!.push(r.run.trainLoss[i]!);
      hist['train_accuracy']!.push(r.run.trainAccuracy[i]!);
      hist['test_accuracy']!.push(r.run.testAccuracy[i]!);
      for (let l = 1; l < L; l++) hist[`zeta_${l}`]!.push(r.run.zeta[i]![l - 1]!);
      for (let l = 1; l <= L; l++) hist[`rel_change_${l}`]!.push(r.run.changes[i]![l - 1]!.relativeChange);
    });
  }
  const layers: Record<string, (number | string)[]> = { parametrization: [], layer: [], mechanism: [], rescaling: [], rho_K: [], kernel_distance: [], delta_abs_zeta: [], cosine: [], norm_ratio: [] };
  for (const r of runs) {
    r.labels.forEach((lab, l) => {
      layers['parametrization']!.push(r.parametrization);
      layers['layer']!.push(lab.layer);
      layers['mechanism']!.push(lab.mechanism);
      layers['rescaling']!.push(lab.rescaling ? 'yes' : 'no');
      layers['rho_K']!.push(lab.rhoK);
      layers['kernel_distance']!.push(r.kernelDistance[l]!);
      layers['delta_abs_zeta']!.push(lab.deltaAbsZeta);
      layers['cosine']!.push(lab.cosine);
      layers['norm_ratio']!.push(lab.normRatio);
    });
  }

  const checks: ExperimentCheck[] = [];
  for (const r of runs) {
    const l0 = r.run.trainLoss[0]!;
    const lT = r.run.trainLoss.at(-1)!;
    checks.push(check(`${r.parametrization} trains`, 'the network fits the task', `loss ${fmt(l0)} → ${fmt(lT)}, test accuracy ${fmt(r.run.testAccuracy.at(-1)!)}`, 'final loss < 0.7 × initial', lT < 0.7 * l0));
  }
  const by = (p: MlpParametrization): DeepRun => runs.find((r) => r.parametrization === p)!;
  const hiddenChange = (r: DeepRun): number => {
    const c = r.run.changes.at(-1)!;
    let s = 0;
    for (let l = 1; l < L; l++) s += c[l - 1]!.relativeChange;
    return s / (L - 1);
  };
  const ntk = by('ntk');
  const mup = by('mup');
  checks.push(
    check(
      'μP learns features more than NTK (hidden layers)',
      'no mechanism in the kernel regime; feature learning under mean-field scaling',
      `mean relative change of layers 1…${L - 1}: NTK ${fmt(hiddenChange(ntk))}, μP ${fmt(hiddenChange(mup))}`,
      'μP > NTK',
      hiddenChange(mup) > hiddenChange(ntk),
    ),
  );
  checks.push(
    check(
      'μP moves the NTK more than NTK parametrisation',
      'NTK unchanged in the kernel regime',
      `‖K(T) − K(0)‖/‖K(0)‖ of the total NTK: NTK ${fmt(ntk.totalKernelChange)}, μP ${fmt(mup.totalKernelChange)} (direction only, S(K(0), K(T)): NTK ${fmt(ntk.totalKernelDistance)}, μP ${fmt(mup.totalKernelDistance)})`,
      'μP > NTK (relative change)',
      mup.totalKernelChange > ntk.totalKernelChange,
    ),
  );
  const z0 = mup.run.zeta[0]!.at(-1)!;
  const zT = mup.run.zeta.at(-1)!.at(-1)!;
  const nonKernel = mup.labels.filter((l) => l.mechanism !== 'kernel' || l.rescaling);
  checks.push(
    check(
      'μP: a mechanism appears (learning by alignment of the last layer pair)',
      'the mechanisms manifest in deep nonlinear networks on real tasks',
      `ζ_${L - 1}: ${fmt(z0)} → ${fmt(zT)}; labels ${mup.labels.map((l) => `${l.layer}:${l.mechanism}${l.rescaling ? '+rescaling' : ''}`).join(', ')}`,
      '|ζ| of the last pair rises and some layer is not labelled kernel',
      Math.abs(zT) > Math.abs(z0) && nonKernel.length > 0,
    ),
  );
  // ζ_l reduces to B.6's ζ: a two-layer net on 1-D data, independent formula of src/models/two-layer-nonlinear.ts
  const d = 50;
  const init = scalarInit(createRandom(options.seed, 'three-mechanisms/deep', 'reduction'), { width: d, sigmaU: 1, sigmaW: 0.5, rho: 0.3 });
  const zl = consecutiveAlignment([new Matrix(d, 1, init.w), new Matrix(1, d, init.u)], [2, 3])[0]!;
  const zb = scalarZeta({ u: init.u, w: init.w, kappa: 1, activation: activation('relu'), etaU: 3, etaW: 2 });
  checks.push(check('ζ_l reduces to B.6 ζ (two-layer, 1-D data)', 'ζ = 2ũᵀw̃/(‖ũ‖²+‖w̃‖²)', `${fmt(zl, 15)} vs ${fmt(zb, 15)}`, '≤ 1e-14 absolute (same sums, rounding only)', Math.abs(zl - zb) <= 1e-14));

  return {
    id,
    title,
    figures: [{ name: 'deep', caption: `Loss, test accuracy, consecutive-layer alignment ζ_l and relative weight change per layer of a ${settings.widths.join('-')} ReLU MLP under NTK, standard and μP parametrisations.`, svg }],
    tables: [
      table('deep-history', hist, { step: 'SGD step', zeta_1: 'ζ_l = 2‖W̃_{l+1}W̃_l‖_F/(‖W̃_{l+1}‖²+‖W̃_l‖²)' }),
      table('deep-layers', layers, { rho_K: 'tr K_l(T)/tr K_l(0) on the probe set', kernel_distance: 'S(K_l(0), K_l(T))', delta_abs_zeta: 'mean Δ|ζ| of the pairs containing the layer' }),
    ],
    checks,
    notes: [
      `Recorded training loss/accuracy on the first ${Math.min(settings.train, ds.trainImages.rows, 5000)} training images.`,
      `${ds.name}: first ${Math.min(settings.train, ds.trainImages.rows)} training and ${Math.min(settings.test, ds.testImages.rows)} test images; widths ${settings.widths.join('-')}; ${settings.steps} SGD steps of batch ${settings.batchSize}; cross-entropy; no biases.`,
      `Base learning rates: NTK ${settings.learningRates.ntk}, standard ${settings.learningRates.standard}, μP ${settings.learningRates.mup} (per-layer μP rate η·n = ${settings.learningRates.mup * settings.widths[L - 1]!}).`,
      `Layer NTKs on the first ${settings.probe} training images, summed over the ${settings.widths[L]} outputs and weighted by η_l; mechanism labels use B.6's rule (ε = 0.05).`,
      'The paper\'s architecture, data set and protocol for its deep experiment are not known (spec B.7); this is our protocol.',
    ],
  };
}

/** The registered experiment. */
export const deepExperiment: Experiment = {
  id: 'three-mechanisms/deep',
  title: 'Layer-wise mechanisms of a deep ReLU MLP on Fashion-MNIST',
  reproduces: 'Xu & Ziyin 2025, deep nonlinear networks (abstract)',
  run: (options) => runDeep(options),
};
