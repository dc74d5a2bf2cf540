/**
 * Models: parameters → network function, loss and exact gradients (hand-written adjoints, checked
 * against finite differences).
 *
 * - two-layer and deep linear networks `{ W1, W2 }` / `[W₁, …, W_L]` (Dominé et al. 2025, §1);
 * - the width-d scalar model of Xu & Ziyin 2025 (spec §B.1);
 * - the mixed matrix model of Tu, Aranguri & Jacot 2024 (init and step sizes; spec §A.1);
 * - the single neuron of Kunin et al. 2024 (gradient, flow, GD; spec connectivity §6);
 * - two-layer nonlinear scalar networks, two-layer ReLU teacher–student nets, MLPs and
 *   continuous-time RNNs (Liu et al. 2024).
 *
 * Time is in units of τ everywhere: GD step k is t = k·η.
 *
 * @example
 * import { linalg, models, tasks } from 'lazyrich';
 * const task = tasks.whitenedTask(linalg.Matrix.from([[2, 0], [0, 1]]));
 * const W1 = linalg.Matrix.from([[1, 0], [0, 1]]);
 * const W2 = linalg.Matrix.from([[1, 0], [0, 1]]);
 * models.twoLayerLoss(task, W1, W2); // → 0.5
 *
 * @module
 */
export type { TwoLayerWeights, DeepLinearWeights, LinearWeights, Trajectory, TrajectoryProvenance } from '../models/types.js';
export {
  layerWidths,
  networkFunction,
  linearForward,
  twoLayerForward,
  linearGradients,
  deepLinearGradients,
  linearLoss,
  deepLinearLoss,
  twoLayerLoss,
  twoLayerGradients,
  batchGradients,
  batchLoss,
  consecutiveBalances,
  balanceDriftPerStep,
  type BackendChoice,
  type LinearGradients,
  type TwoLayerGradients,
} from '../models/linear-network.js';
export {
  scalarWidthInit,
  scalarWidthSlope,
  scalarWidthLoss,
  scalarWidthNtk,
  scalarWidthZeta,
  scalarWidthInvariants,
  scalarWidthVelocity,
  rescaledNorms,
  type ScalarWidthParams,
  type ScalarWidthTask,
  type ScalarWidthWeights,
  type ScalarWidthInitOptions,
} from '../models/scalar-width.js';
export {
  mixedScalings,
  mixedLinearInit,
  mixedStepSize,
  stableRankFromSingularValues,
  type MixedScalings,
  type MixedLinearInitOptions,
  type MixedStepSizeOptions,
  type MixedRun,
} from '../models/mixed-linear.js';
export {
  singleNeuronParams,
  singleNeuronGradient,
  singleNeuronFlow,
  singleNeuronGd,
  deltaStepChange,
  type SingleNeuronData,
  type SingleNeuronFlowOptions,
  type SingleNeuronGdOptions,
} from '../models/single-neuron.js';
export {
  activation,
  ACTIVATIONS,
  scalarForward,
  scalarLoss,
  scalarGradients,
  scalarZeta,
  scalarNtk,
  scalarInit,
  scalarGradientFlow,
  type ActivationName,
  type Activation,
  type ScalarTwoLayerNet,
  type ScalarData,
  type ScalarInitOptions,
  type ScalarFlowResult,
} from '../models/two-layer-nonlinear.js';
export {
  reluAlpha,
  reluNetOutput,
  teacherStudentData,
  symmetricStudent,
  reluNetLoss,
  reluNetGradient,
  reluNetNtk,
  trainReluNet,
  reluNeuronDeltas,
  activationHamming,
  parameterDistance,
  type ReluNetParams,
  type TeacherStudentData,
  type ReluTrainOptions,
  type ReluTrainResult,
} from '../models/two-layer-relu.js';
export {
  createMlp,
  cloneMlp,
  mlpWidths,
  checkMlp,
  mlpForward,
  mlpLossAndGradients,
  mlpAccuracy,
  MLP_PARAMETRIZATIONS,
  type Mlp,
  type MlpParametrization,
  type MlpLoss,
  type CreateMlpOptions,
  type MlpForward,
} from '../models/mlp.js';
export {
  ctrnnInit,
  cloneCtrnn,
  ctrnnForward,
  ctrnnLoss,
  ctrnnLossAndGradients,
  ctrnnAccuracy,
  hiddenAtStep,
  type CtrnnParams,
  type CtrnnForward,
  type CtrnnGradients,
  type CtrnnInitOptions,
} from '../models/rnn.js';
