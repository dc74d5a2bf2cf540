/**
 * SLOW (several minutes on a loaded 2-core machine): the `@example` blocks that run a registered
 * experiment at its 'quick' budget, or build the explorer (see `isSlowExample`), run and their
 * stated results are checked, as in examples-in-docs.test.ts.
 */
import { describeExamples, isSlowExample } from './examples-runner.js';

describeExamples('@example blocks that run whole experiments (slow)', isSlowExample, 600_000);
