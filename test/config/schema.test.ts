/**
 * The committed JSON Schema (schema/experiment.schema.json) is exactly what `lazyrich schema`
 * prints, and it describes the document: strict objects and every kind of every union.
 * Regenerate with: node bin/lazyrich.mjs schema > schema/experiment.schema.json
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { schemaText } from '../../src/cli/commands/schema.js';
import { MODEL_KINDS } from '../../src/config/index.js';

const FILE = new URL('../../schema/experiment.schema.json', import.meta.url);

describe('JSON Schema', () => {
  it('the committed schema/experiment.schema.json is up to date', () => {
    assert.equal(readFileSync(FILE, 'utf8'), schemaText(), 'regenerate: node bin/lazyrich.mjs schema > schema/experiment.schema.json');
  });

  it('is a oneOf of per-model documents, each strict and listing its own task and init kinds', () => {
    const schema = JSON.parse(schemaText());
    const docs: any[] = schema.oneOf;
    assert.deepEqual(docs.map((d) => d.properties.model.properties.kind.const), MODEL_KINDS.map((m) => m.kind));
    const byKind = Object.fromEntries(docs.map((d) => [d.properties.model.properties.kind.const, d]));
    const kinds = (kind: string, section: string) => byKind[kind].properties[section].oneOf.map((o: any) => o.properties.kind.const);
    const linearTasks = ['whitened', 'data', 'random-low-rank', 'semantic', 'gaussian-regression'];
    const linearInits = ['explicit', 'lambda-balanced', 'task-aligned', 'gaussian', 'lecun'];
    for (const k of ['two-layer-linear', 'deep-linear']) {
      assert.deepEqual(kinds(k, 'task'), linearTasks);
      assert.deepEqual(kinds(k, 'init'), linearInits);
    }
    assert.deepEqual(kinds('mixed-linear', 'task'), ['matrix', 'noisy-low-rank']);
    assert.deepEqual(kinds('mixed-linear', 'init'), ['explicit', 'gaussian']);
    assert.deepEqual(kinds('scalar-width', 'task'), ['scalar']);
    assert.deepEqual(kinds('scalar-width', 'init'), ['explicit', 'gaussian']);
    assert.deepEqual(kinds('single-neuron', 'task'), ['whitened-vector']);
    assert.deepEqual(kinds('single-neuron', 'init'), ['explicit']);
    // "explicit" means different fields per model: W1/W2, A, u/w, a/w.
    assert.deepEqual(Object.keys(byKind['mixed-linear'].properties.init.oneOf[0].properties), ['kind', 'A', 'W1', 'W2']);
    assert.deepEqual(Object.keys(byKind['scalar-width'].properties.init.oneOf[0].properties), ['kind', 'u', 'w']);
    assert.deepEqual(Object.keys(byKind['single-neuron'].properties.init.oneOf[0].properties), ['kind', 'a', 'w']);
    for (const d of docs) {
      assert.equal(d.additionalProperties, false);
      assert.deepEqual(d.required, ['model', 'task', 'init']);
      assert.equal(d.properties.model.additionalProperties, false);
      for (const section of ['task', 'init']) {
        for (const o of d.properties[section].oneOf) assert.equal(o.additionalProperties, false, `${section} ${o.properties.kind.const} is strict`);
      }
    }
  });
});
