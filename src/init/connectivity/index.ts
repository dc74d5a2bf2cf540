/**
 * Rank-controlled and cell-type initial connectivity (Liu et al., ICLR 2024; spec `connectivity.md` §2).
 *
 * @example
 * import { gaussianConnectivity, truncateRank } from './init/connectivity/index.js';
 * const W0 = gaussianConnectivity({ n: 300, gain: 1.25, stream: createRandom(0, 'W0') });
 * const W1 = truncateRank(W0, 1); // rank 1, same Frobenius norm
 *
 * @module
 */
export {
  gaussianConnectivity,
  rescaleConnectivity,
  truncateRank,
  truncateRanks,
  shapedSpectrum,
  spectrumProfileValues,
  lowRankPlusNoise,
  taskAlignedLowRank,
  shuffleEntries,
  type ConnectivityScale,
  type TruncationNorm,
  type SpectrumProfile,
} from './rank.js';
export {
  cellTypeConnectivity,
  cellTypeCounts,
  ILLUSTRATIVE_CELL_TYPES,
  type CellType,
  type CellTypeBalance,
  type CellTypeConnectivity,
  type CellTypeConnectivityOptions,
} from './cell-type.js';
