/**
 * Every `@example` in the doc comments of src/ runs, and the results it states are checked, so the
 * documentation cannot rot (conventions in ./doc-examples.ts). The examples that run a whole
 * registered experiment are in examples-in-docs-slow.test.ts. `LAZYRICH_EXAMPLES=<regexp>` runs
 * only the examples of matching files.
 */
import { describeExamples, isSlowExample } from './examples-runner.js';

describeExamples('@example blocks in doc comments', (ex) => !isSlowExample(ex), 60_000);
