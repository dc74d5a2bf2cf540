/**
 * Generates docs/configuration.md, the configuration reference, from the JSON Schema of the
 * experiment document (schema/experiment.schema.json, itself printed by `lazyrich schema`).
 *
 *   node --import tsx scripts/config-reference.ts           # rewrite docs/configuration.md
 *   node --import tsx scripts/config-reference.ts --check   # exit 1 when the file is stale
 *
 * test/docs/config-reference.test.ts fails when the committed page differs from what this script
 * makes, so the reference can never drift from the schema.
 * @module
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The subset of JSON Schema the experiment schema uses. */
export interface SchemaNode {
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  description?: string;
  title?: string;
  properties?: Record<string, SchemaNode>;
  required?: string[];
  items?: SchemaNode;
  oneOf?: SchemaNode[];
  anyOf?: SchemaNode[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minItems?: number;
  minLength?: number;
  additionalProperties?: boolean | SchemaNode;
}

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

function cell(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
}

/** A one-line type summary of a schema node, e.g. `number > 0`, `"gd" \| "sgd"`, `array (≥ 1) of number`. */
export function typeSummary(n: SchemaNode): string {
  if (n.const !== undefined) return `\`${JSON.stringify(n.const)}\``;
  if (n.enum) return n.enum.map((v) => `\`${JSON.stringify(v)}\``).join(' or ');
  const alts = n.oneOf ?? n.anyOf;
  if (alts) return [...new Set(alts.map(typeSummary))].join(' or ');
  const t = Array.isArray(n.type) ? n.type.join(' or ') : n.type ?? 'any';
  const bounds: string[] = [];
  if (n.exclusiveMinimum !== undefined) bounds.push(`> ${n.exclusiveMinimum}`);
  if (n.minimum !== undefined) bounds.push(`≥ ${n.minimum}`);
  if (n.maximum !== undefined && n.maximum !== MAX_SAFE) bounds.push(`≤ ${n.maximum}`);
  if (n.minLength !== undefined && n.minLength > 0) bounds.push(`non-empty`);
  if (t === 'array') {
    const size = n.minItems !== undefined && n.minItems > 0 ? ` (≥ ${n.minItems} items)` : '';
    return `array${size} of ${n.items ? typeSummary(n.items) : 'any'}`;
  }
  return bounds.length > 0 ? `${t} ${bounds.join(', ')}` : t;
}

interface Row {
  path: string;
  type: string;
  required: boolean;
  description: string;
}

/** The rows of an object node's fields, nested objects flattened to dotted paths. */
function rows(n: SchemaNode, prefix: string): Row[] {
  const out: Row[] = [];
  const req = new Set(n.required ?? []);
  for (const [key, child] of Object.entries(n.properties ?? {})) {
    if (key === '$schema') continue;
    const path = prefix === '' ? key : `${prefix}.${key}`;
    out.push({ path, type: typeSummary(child), required: req.has(key), description: child.description ?? '' });
    if (child.properties) out.push(...rows(child, path));
    if (child.items?.properties) out.push(...rows(child.items, `${path}[]`));
  }
  return out;
}

function table(rs: Row[]): string[] {
  if (rs.length === 0) return ['(no fields)'];
  return ['| field | type | required | meaning |', '|---|---|---|---|', ...rs.map((r) => `| \`${r.path}\` | ${cell(r.type)} | ${r.required ? 'yes' : ''} | ${cell(r.description)} |`)];
}

function kindOf(n: SchemaNode): string {
  const k = n.properties?.kind?.const;
  return typeof k === 'string' ? k : '(any)';
}

/** A section (`task`, `init`, …) that is one object or a `oneOf` of kinds. */
function sectionLines(name: string, n: SchemaNode, level: string): string[] {
  const out: string[] = [];
  const alts = n.oneOf ?? n.anyOf;
  if (alts && alts.every((a) => a.properties)) {
    out.push(`${n.description ? cell(n.description) + ' ' : ''}One of ${alts.length} kinds: ${alts.map((a) => `\`${kindOf(a)}\``).join(', ')}.`, '');
    for (const a of alts) {
      out.push(`${level} \`${name}.kind: "${kindOf(a)}"\``, '');
      if (a.description) out.push(cell(a.description), '');
      out.push(...table(rows(a, name)), '');
    }
    return out;
  }
  if (n.description) out.push(cell(n.description), '');
  if (n.properties) out.push(...table(rows(n, name)), '');
  else out.push(`\`${name}\`: ${typeSummary(n)}`, '');
  return out;
}

/**
 * The Markdown configuration reference of an experiment JSON Schema: one part per model kind
 * (its `model`, `task` and `init` sections, each task and init kind with its fields), then the
 * sections every kind shares (`train`, `record`, `theory`, `seed`, `sweep`) when they are the same.
 * @example
 * const md = configReference(JSON.parse(readFileSync('schema/experiment.schema.json', 'utf8')));
 * md.startsWith('# Configuration reference'); // true
 */
export function configReference(schema: SchemaNode & { oneOf: SchemaNode[] }): string {
  const docs = schema.oneOf;
  const sectionNames = [...new Set(docs.flatMap((d) => Object.keys(d.properties ?? {})))].filter((k) => k !== '$schema');
  const own = ['model', 'task', 'init'];
  const shared = sectionNames.filter((s) => !own.includes(s) && docs.every((d) => JSON.stringify(d.properties?.[s]) === JSON.stringify(docs[0].properties?.[s])));
  const perKind = sectionNames.filter((s) => !shared.includes(s));
  const out: string[] = [
    '# Configuration reference',
    '',
    '<!-- Generated by scripts/config-reference.ts from schema/experiment.schema.json; do not edit by hand. -->',
    '',
    cell(schema.description ?? ''),
    '',
    'An experiment is one JSON or YAML document. Every object is strict (an unknown key is an error with a',
    'suggestion) and every number must be finite. `lazyrich schema` prints the JSON Schema for editors;',
    'validate a document with `lazyrich run <config>` or `lazyrich simulate <config>`.',
    '',
    `Model kinds: ${docs.map((d) => `[\`${kindOf(d.properties?.model ?? {})}\`](#model-kind-${kindOf(d.properties?.model ?? {})})`).join(', ')}.`,
    '',
  ];
  for (const d of docs) {
    const kind = kindOf(d.properties?.model ?? {});
    out.push(`## Model kind \`${kind}\``, '', `<a id="model-kind-${kind}"></a>`, '');
    out.push(`Required sections: ${(d.required ?? []).map((r) => `\`${r}\``).join(', ')}.`, '');
    for (const s of perKind) {
      const node = d.properties?.[s];
      if (!node) continue;
      out.push(`### \`${s}\``, '', ...sectionLines(s, node, '####'));
    }
  }
  if (shared.length > 0) {
    out.push('## Sections shared by every model kind', '');
    for (const s of shared) out.push(`### \`${s}\``, '', ...sectionLines(s, docs[0].properties?.[s] as SchemaNode, '####'));
  }
  return out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd() + '\n';
}

/** Paths of the schema and of the generated page, relative to the repository root. */
export const CONFIG_REFERENCE_PATHS = { schema: 'schema/experiment.schema.json', page: 'docs/configuration.md' } as const;

const root = fileURLToPath(new URL('..', import.meta.url));

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const schema = JSON.parse(readFileSync(root + CONFIG_REFERENCE_PATHS.schema, 'utf8')) as SchemaNode & { oneOf: SchemaNode[] };
  const md = configReference(schema);
  const page = root + CONFIG_REFERENCE_PATHS.page;
  if (process.argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(page, 'utf8');
    } catch {
      current = '';
    }
    if (current !== md) {
      process.stderr.write(`${CONFIG_REFERENCE_PATHS.page} is stale; run: node --import tsx scripts/config-reference.ts\n`);
      process.exitCode = 1;
    }
  } else {
    writeFileSync(page, md);
    process.stdout.write(`wrote ${CONFIG_REFERENCE_PATHS.page} (${md.length} characters)\n`);
  }
}
