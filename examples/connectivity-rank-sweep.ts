/**
 * Liu et al. (ICLR 2024): a rank sweep of a small recurrent network. One Gaussian W_h(0) = g·G/√N is
 * truncated to ranks 1, 4 and N with its Frobenius norm kept, a CTRNN is trained from each on the
 * 2AF (perceptual decision) task, and the laziness of the learning is measured.
 *
 *   node --import tsx examples/connectivity-rank-sweep.ts
 *
 * Per rank it prints the paper's effective rank Σσ/(σ₁N) of W_h(0), ‖W_h(0)‖_F (the same for every
 * rank), the weight change ‖ΔW_h‖_F, the tangent-kernel alignment KA = cos(K₀, K_f) of the W_h-only
 * NTK on 8 probe trials (1 = lazy: the kernel did not move) and the probe loss before → after.
 * The paper's claim is that lower rank learns more richly (lower KA); this tiny run (N = 40, 300
 * iterations, one seed) shows the direction of KA, not the paper's values: use
 * `lazyrich reproduce connectivity/fig1` for the protocol.
 */
import { init, linalg, metrics, models, random, tasks, train } from '../src/index.js';

const N = 40;
const seed = 0;
const W0 = init.gaussianConnectivity({ n: N, gain: 1.25, stream: random.createRandom(seed, 'example', 'W0') });
// One fixed probe set for every rank; the NTK uses its first 8 trials.
const probe = tasks.neurogymProbeSet('2AF', random.createRandom(seed, 'example', 'probe'), 2, 32);
const ntkTrials = tasks.firstTrials(probe, 8);
const Y = metrics.ntkTargets(ntkTrials, 3);

for (const rank of [1, 4, N]) {
  const Wh = rank === N ? W0.clone() : init.truncateRank(W0, rank);
  const p0 = models.ctrnnInit(random.createRandom(seed, 'example', 'net'), { hidden: N, inputs: tasks.neurogymInputSize('2AF'), outputs: 3, Wh });
  const batches = random.createRandom(seed, 'example', 'batches');
  const run = train.trainRnn(p0, { learningRate: 0.01, iterations: 300, batch: () => tasks.neurogymBatch('2AF', batches, 32) });
  const K0 = metrics.rnnNtk(p0, ntkTrials);
  const Kf = metrics.rnnNtk(run.params, ntkTrials);
  const effRank = metrics.effectiveRanks(Wh).paper;
  console.log(
    `rank ${String(rank).padStart(2)}: effective rank ${effRank.toFixed(4)}, ||Wh(0)||_F ${linalg.frobeniusNorm(Wh).toFixed(4)}, ` +
      `||dWh||_F ${metrics.weightChange(p0.Wh, run.params.Wh).absolute.toFixed(4)}, KA ${metrics.tangentKernelAlignment(K0, Kf).toFixed(4)}, ` +
      `initial kernel-task alignment ${metrics.kernelTaskAlignmentTrace(K0, Y).toFixed(4)}, ` +
      `probe loss ${models.ctrnnLoss(p0, probe).toFixed(4)} -> ${models.ctrnnLoss(run.params, probe).toFixed(4)}`,
  );
}
