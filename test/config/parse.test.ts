/**
 * The experiment document: the issue's two documents are accepted as written (JSON and YAML), and
 * bad documents give the expected one-sentence ConfigError naming the path, what was expected and
 * what was given. Each expected message is compared in full, so a changed wording fails the test.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../../src/errors/index.js';
import { parseExperiment, validateExperiment, detectFormat, lineColumn, closestMatch, editDistance } from '../../src/config/index.js';
import { ISSUE_BALANCED_TEXT, ISSUE_EXPLICIT_TEXT, explicitDoc } from './documents.js';

function messageOf(fn: () => unknown): { message: string; path: string | undefined } {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    return { message: error.message, path: error.path };
  }
  assert.fail('expected the document to be rejected');
}

describe('the issue-4 documents', () => {
  it('accepts the explicit-init document as written', () => {
    const doc = parseExperiment(ISSUE_EXPLICIT_TEXT, 'issue.json');
    assert.equal(doc.model.kind, 'two-layer-linear');
    assert.equal(doc.init.kind, 'explicit');
    assert.deepEqual(doc.train, { method: 'gd', learningRate: 0.01, steps: 500 });
  });

  it('accepts the lambda-balanced document as written', () => {
    const doc = parseExperiment(ISSUE_BALANCED_TEXT, 'issue.json');
    assert.deepEqual(doc.init, { kind: 'lambda-balanced', lambda: -1.5, scale: 0.2, hidden: 2, seed: 7 });
  });

  it('accepts the same document written in YAML (detected by extension and by content)', () => {
    const yaml = [
      'model: {kind: two-layer-linear}',
      'task:',
      '  kind: whitened',
      '  sigmaYX: [[2, 0.5], [0.1, 1]]',
      'init: {kind: lambda-balanced, lambda: -1.5, scale: 0.2, hidden: 2, seed: 7}',
      'train: {method: gd, learningRate: 0.01, steps: 500}',
    ].join('\n');
    const fromYaml = parseExperiment(yaml, 'doc.yaml');
    const fromContent = parseExperiment(yaml, 'doc');
    const fromJson = parseExperiment(ISSUE_BALANCED_TEXT, 'doc');
    assert.deepEqual(fromYaml, fromJson);
    assert.deepEqual(fromContent, fromJson);
  });

  it('accepts every kind of every section', () => {
    const good: unknown[] = [
      { model: { kind: 'deep-linear', widths: [2, 3, 3, 2] }, task: { kind: 'semantic' }, init: { kind: 'lecun' } },
      { model: { kind: 'two-layer-linear', hidden: 4 }, task: { kind: 'random-low-rank', ni: 5, no: 3, rank: 2, singularValues: [2, 1], seed: 3 }, init: { kind: 'gaussian', std1: 0.1, std2: 0.1, hidden: 4, seed: 1 } },
      { model: { kind: 'two-layer-linear' }, task: { kind: 'data', X: [[1, 0], [0, 1]], Y: [[1, 2]], whiten: 'zca' }, init: { kind: 'task-aligned', lambda: 0, a0: [0.01] } },
      { model: { kind: 'two-layer-linear' }, task: { kind: 'data', X: 'x.npy', Y: 'y.npy' }, init: { kind: 'lambda-balanced', lambda: 0, scale: [1, 0.5], aligned: true } },
      { model: { kind: 'two-layer-linear' }, task: { kind: 'gaussian-regression', ni: 3, no: 2, p: 10, seed: 4 }, init: { kind: 'explicit', weights: [[[1, 0, 0]], [[1], [2]]] }, train: { method: 'flow', tEnd: 5, rtol: 1e-12, atol: 1e-14 }, record: { times: [0, 1, 5] }, theory: { times: [0, 2] }, seed: 9 },
      { model: { kind: 'two-layer-linear' }, task: { kind: 'semantic' }, init: { kind: 'lecun', hidden: 8 }, train: { method: 'sgd', learningRates: [0.1, 0.05], steps: 10, batchSize: 4, recordEvery: 2 } },
    ];
    for (const doc of good) validateExperiment(doc);
  });
});

/** [description, how to break the issue document, the full expected message]. */
const BAD: [string, (d: any) => void, string][] = [
  ['λ as a string', (d) => (d.init = { kind: 'lambda-balanced', lambda: 'abc', scale: 0.2 }), 'init.lambda: expected a number, got "abc".'],
  ['misspelt key', (d) => (d.init = { kind: 'lambda-balanced', lamda: -1.5, scale: 0.2 }), 'init.lamda: unknown key; did you mean "lambda"?'],
  ['transposed letters in a top-level key', (d) => ((d.trian = d.train), delete d.train), 'trian: unknown key; did you mean "train"?'],
  ['unknown key with nothing close', (d) => (d.init.colour = 'red'), 'init.colour: unknown key; allowed keys here: kind, W1, W2, weights.'],
  [
    'unknown init kind close to a known one',
    (d) => (d.init = { kind: 'lambda-balance', lambda: 1, scale: 0.2 }),
    'init.kind: unknown kind "lambda-balance" (did you mean "lambda-balanced"?); known kinds: explicit, lambda-balanced, task-aligned, gaussian, lecun.',
  ],
  ['unknown task kind', (d) => (d.task.kind = 'mnist'), 'task.kind: unknown kind "mnist"; known kinds: whitened, data, random-low-rank, semantic, gaussian-regression.'],
  ['unknown model kind', (d) => (d.model.kind = 'relu'), 'model.kind: unknown kind "relu"; known kinds: two-layer-linear, deep-linear, mixed-linear, scalar-width, single-neuron.'],
  ['missing model kind', (d) => (d.model = {}), 'model.kind: missing required field; expected one of two-layer-linear, deep-linear, mixed-linear, scalar-width, single-neuron.'],
  ['missing init section', (d) => delete d.init, 'init: missing required section; expected an object with "kind" one of explicit, lambda-balanced, task-aligned, gaussian, lecun.'],
  ['missing λ', (d) => (d.init = { kind: 'lambda-balanced', scale: 0.2 }), 'init.lambda: missing required field; expected a number.'],
  ['ragged matrix', (d) => (d.task.sigmaYX = [[2, 0.5], [0.1]]), 'task.sigmaYX: ragged matrix: row 0 has 2 entries but row 1 has 1; every row must have the same length.'],
  ['empty matrix', (d) => (d.task.sigmaYX = []), 'task.sigmaYX: expected a non-empty matrix (an array of rows, each an array of numbers), got an empty one.'],
  ['NaN entry', (d) => (d.init.W1[1][0] = NaN), 'init.W1[1][0]: expected a finite number, got NaN.'],
  ['infinite entry', (d) => (d.task.sigmaYX[0][1] = -Infinity), 'task.sigmaYX[0][1]: expected a finite number, got -Infinity.'],
  ['string matrix entry', (d) => (d.init.W2[0][1] = 'x'), 'init.W2[0][1]: expected a number, got "x".'],
  ['matrix given as a number', (d) => (d.init.W1 = 3), 'init.W1: expected an array, got 3.'],
  ['negative steps', (d) => (d.train.steps = -5), 'train.steps: expected a positive integer, got -5.'],
  ['fractional steps', (d) => (d.train.steps = 2.5), 'train.steps: expected an integer, got 2.5.'],
  ['zero learning rate', (d) => (d.train.learningRate = 0), 'train.learningRate: expected a positive number, got 0.'],
  ['unknown method', (d) => (d.train.method = 'adam'), 'train.method: expected one of "gd", "sgd", "flow", got "adam".'],
  ['gd without a learning rate', (d) => delete d.train.learningRate, 'train.learningRate: method "gd" needs a learning rate; add e.g. "learningRate": 0.01.'],
  ['gd without steps', (d) => delete d.train.steps, 'train.steps: method "gd" needs the number of steps (or tEnd, then steps = tEnd/learningRate).'],
  ['sgd without a batch size', (d) => (d.train.method = 'sgd'), 'train.batchSize: method "sgd" needs a batchSize.'],
  ['flow without an end time', (d) => (d.train = { method: 'flow' }), 'train.tEnd: gradient flow needs tEnd (the final time t/τ), or steps and learningRate (then tEnd = steps·learningRate).'],
  ['both rate forms', (d) => (d.train.learningRates = [0.1, 0.1]), 'train.learningRates: give either learningRate or learningRates, not both.'],
  ['negative seed', (d) => (d.seed = -1), 'seed: expected a non-negative integer, got -1.'],
  ['zero hidden width', (d) => (d.model.hidden = 0), 'model.hidden: expected a positive integer, got 0.'],
  ['boolean as a string', (d) => (d.init = { kind: 'lambda-balanced', lambda: 1, scale: 0.2, aligned: 'yes' }), 'init.aligned: expected true or false, got "yes".'],
  ['whitening typo', (d) => (d.task = { kind: 'data', X: [[1]], Y: [[1]], whiten: 'pcaa' }), 'task.whiten: expected one of "none", "pca", "zca", got "pcaa" (did you mean "pca"?).'],
  ['too few deep widths', (d) => (d.model = { kind: 'deep-linear', widths: [2] }), 'model.widths: expected at least 3 entries, got an array of length 1.'],
  ['init as a number', (d) => (d.init = 5), 'init: expected an object with "kind" one of explicit, lambda-balanced, task-aligned, gaussian, lecun, got 5.'],
  ['negative record time', (d) => (d.record = { times: [-1] }), 'record.times[0]: expected a non-negative number, got -1.'],
  ['negative scale', (d) => (d.init = { kind: 'lambda-balanced', lambda: 1, scale: -0.2 }), 'init.scale: expected a non-negative number, got -0.2.'],
];

describe('bad documents: one sentence naming the path, the expectation and the value', () => {
  it(`has at least 25 cases (${BAD.length})`, () => assert.ok(BAD.length >= 25));
  for (const [name, mutate, expected] of BAD) {
    it(name, () => {
      const doc = explicitDoc();
      mutate(doc);
      const { message, path } = messageOf(() => validateExperiment(doc));
      assert.equal(message, expected);
      assert.equal(message.split('\n').length, 1);
      assert.ok(path !== undefined && expected.startsWith(path), `path ${path} names the start of the message`);
    });
  }

  it('a document that is not an object', () => {
    assert.equal(messageOf(() => validateExperiment([1, 2])).message, '(document): expected an object with model, task and init, got an array.');
  });
});

describe('malformed text: one sentence with line and column', () => {
  it('JSON with a missing comma gives its line and column', () => {
    const text = '{"model": {"kind": "two-layer-linear"},\n "task": {"kind": "whitened" "sigmaYX": [[1]]}}';
    const { message } = messageOf(() => parseExperiment(text, 'bad.json'));
    assert.equal(message, 'bad.json: malformed JSON at line 2, column 30: unexpected \'"\' (expected "," or "}").');
    assert.equal(text.split('\n')[1][29], '"', 'column 30 of line 2 is the token after the missing comma');
  });

  it('truncated JSON says it ends too early, at its last position', () => {
    assert.equal(messageOf(() => parseExperiment('{"model": ', 'cut.json')).message, 'cut.json: malformed JSON at line 1, column 11: unexpected end of the document (it ends too early) (expected a value).');
  });

  it('badly indented YAML gives its line and column', () => {
    assert.equal(
      messageOf(() => parseExperiment('model:\n  kind: two-layer-linear\n task: [', 'bad.yaml')).message,
      'bad.yaml: malformed YAML at line 3, column 1: All mapping items must start at the same column.',
    );
  });

  it('a duplicate YAML key is malformed', () => {
    assert.equal(messageOf(() => parseExperiment('model: {kind: x}\nmodel: {}\n', 'dup.yml')).message, 'dup.yml: malformed YAML at line 2, column 1: Map keys must be unique.');
  });

  it("YAML's .nan and .inf are rejected as non-finite numbers", () => {
    const head = 'model: {kind: two-layer-linear}\ntask: {kind: semantic}\n';
    assert.equal(messageOf(() => parseExperiment(`${head}init: {kind: lambda-balanced, lambda: .nan, scale: 1}\n`, 'n.yaml')).message, 'init.lambda: expected a finite number, got NaN.');
    assert.equal(messageOf(() => parseExperiment(`${head}init: {kind: lambda-balanced, lambda: 1, scale: .inf}\n`, 'n.yaml')).message, 'init.scale: expected a finite number, got Infinity.');
  });

  it('an empty file says so', () => {
    assert.equal(messageOf(() => parseExperiment('  \n', 'empty.json')).message, 'empty.json: the document is empty; expected an object with model, task and init.');
  });
});

describe('helpers', () => {
  it('detectFormat by extension, then by content', () => {
    assert.equal(detectFormat('{}', 'a.yaml'), 'yaml');
    assert.equal(detectFormat('a: 1', 'a.json'), 'json');
    assert.equal(detectFormat('  {"a": 1}', 'a'), 'json');
    assert.equal(detectFormat('a: 1', 'a'), 'yaml');
  });

  it('lineColumn is 1-based', () => {
    assert.deepEqual(lineColumn('ab\ncd', 0), { line: 1, column: 1 });
    assert.deepEqual(lineColumn('ab\ncd', 4), { line: 2, column: 2 });
  });

  it('edit distance counts a transposition as one edit and suggestions need a close match', () => {
    assert.equal(editDistance('lamda', 'lambda'), 1);
    assert.equal(editDistance('trian', 'train'), 1);
    assert.equal(editDistance('abc', 'abc'), 0);
    assert.equal(closestMatch('lamda', ['kind', 'lambda', 'scale']), 'lambda');
    assert.equal(closestMatch('colour', ['kind', 'W1', 'W2', 'weights']), undefined);
  });
});
