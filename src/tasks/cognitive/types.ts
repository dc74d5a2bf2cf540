/**
 * A batch of sequences for a recurrent network (Liu et al., ICLR 2024; spec `connectivity.md` §1.2).
 * @module
 */
import type { Matrix } from '../../linalg/matrix.js';

/**
 * T time steps of B trials. Row `t·B + b` of `inputs` is the input x_t of trial b (time outermost,
 * as in PyTorch's (T, B, N_in) layout). `labels[t·B + b]` is the class index at step t of trial b,
 * or −1 when step t carries no loss (sequential Fashion-MNIST labels only the last step).
 */
export interface SequenceBatch {
  /** (T·B) × N_in. */
  inputs: Matrix;
  /** Length T·B; class index in [0, numClasses) or −1 (no loss at that step). */
  labels: Int32Array;
  steps: number;
  batchSize: number;
  numClasses: number;
  /** The decision step (0-based): where representation alignment reads the hidden state. */
  decisionStep: number;
}
