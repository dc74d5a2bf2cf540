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

  it('is strict and lists every kind', () => {
    const schema = JSON.parse(schemaText());
    assert.equal(schema.additionalProperties, false);
    assert.deepEqual(schema.required, ['model', 'task', 'init']);
    const kinds = (section: string) => schema.properties[section].oneOf.map((o: any) => o.properties.kind.const);
    assert.deepEqual(kinds('model'), MODEL_KINDS.map((m) => m.kind));
    assert.deepEqual(kinds('task'), ['whitened', 'data', 'random-low-rank', 'semantic', 'gaussian-regression']);
    assert.deepEqual(kinds('init'), ['explicit', 'lambda-balanced', 'task-aligned', 'gaussian', 'lecun']);
    for (const section of ['model', 'task', 'init']) {
      for (const o of schema.properties[section].oneOf) assert.equal(o.additionalProperties, false, `${section} ${o.properties.kind.const} is strict`);
    }
  });
});
