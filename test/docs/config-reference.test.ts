/**
 * docs/configuration.md is generated from schema/experiment.schema.json by
 * scripts/config-reference.ts: this fails when the committed page is stale, and checks that the
 * generator shows every field of every model, task and init kind of the schema.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { CONFIG_REFERENCE_PATHS, configReference, typeSummary, type SchemaNode } from '../../scripts/config-reference.js';

const root = new URL('../..', import.meta.url).pathname;
const schema = JSON.parse(readFileSync(root + CONFIG_REFERENCE_PATHS.schema, 'utf8')) as SchemaNode & { oneOf: SchemaNode[] };

describe('docs/configuration.md', () => {
  it('is current: regenerate with `node --import tsx scripts/config-reference.ts`', () => {
    assert.equal(readFileSync(root + CONFIG_REFERENCE_PATHS.page, 'utf8'), configReference(schema), 'docs/configuration.md is stale');
  });

  it('lists every model kind and every field of every task and init kind', () => {
    const md = configReference(schema);
    for (const doc of schema.oneOf) {
      const kind = doc.properties?.model?.properties?.kind?.const as string;
      assert.ok(md.includes(`## Model kind \`${kind}\``), kind);
      for (const section of ['task', 'init'] as const) {
        const node = doc.properties?.[section] as SchemaNode;
        for (const alt of node.oneOf ?? node.anyOf ?? [node]) {
          for (const field of Object.keys(alt.properties ?? {})) assert.ok(md.includes(`| \`${section}.${field}\` |`), `${kind}: ${section}.${field}`);
        }
      }
    }
    for (const field of ['method', 'learningRate', 'steps']) assert.ok(md.includes(`| \`train.${field}\` |`), field);
  });

  it('summarises types with their bounds', () => {
    assert.equal(typeSummary({ type: 'number', exclusiveMinimum: 0 }), 'number > 0');
    assert.equal(typeSummary({ type: 'integer', exclusiveMinimum: 0, maximum: Number.MAX_SAFE_INTEGER }), 'integer > 0');
    assert.equal(typeSummary({ type: 'string', enum: ['gd', 'sgd'] }), '`"gd"` or `"sgd"`');
    assert.equal(typeSummary({ type: 'array', minItems: 1, items: { type: 'number', minimum: -1, maximum: 1 } }), 'array (≥ 1 items) of number ≥ -1, ≤ 1');
    assert.equal(typeSummary({ oneOf: [{ type: 'number' }, { type: 'string' }, { type: 'number' }] }), 'number or string');
  });
});
