/**
 * Reading an experiment document from text (JSON or YAML) and validating it. Pure: the CLI reads
 * the file and passes the text here.
 *
 * The format is chosen by the file name (`.json`, `.yaml`, `.yml`), else by the content (a document
 * whose first non-blank character is `{` is JSON, anything else YAML). A malformed document gives
 * one sentence with the line and column of the problem.
 * @module
 */
import { parseDocument } from 'yaml';
import { ConfigError } from '../errors/index.js';
import { issuesToConfigError } from './errors.js';
import { locateJsonError } from './json-locate.js';
import { z } from 'zod';
import { documentKind, MODEL_KINDS, type ExperimentDocument } from './kinds.js';

/**
 * Phase 1 of validation: the top-level keys and the model section (any kind), every other section
 * unchecked. Its messages are those of the full schema for these parts (unknown top-level keys
 * first, then the model kind).
 */
const phaseOne = z.strictObject({
  $schema: z.string().optional(),
  model: z.discriminatedUnion('kind', MODEL_KINDS.map((k) => k.model) as unknown as [z.ZodObject, ...z.ZodObject[]]),
  task: z.unknown().optional(),
  init: z.unknown().optional(),
  train: z.unknown().optional(),
  theory: z.unknown().optional(),
  record: z.unknown().optional(),
  seed: z.unknown().optional(),
  sweep: z.unknown().optional(),
});

/** The `kind` values of a section's discriminated union in a document schema. */
function sectionKinds(document: z.ZodObject, section: 'task' | 'init'): string[] {
  const union = (document.shape[section] as unknown as { _zod: { def: { options?: z.ZodObject[] } } })._zod.def;
  return (union.options ?? []).map((o) => String((o.shape.kind as unknown as { _zod: { def: { values: unknown[] } } })._zod.def.values[0]));
}

/**
 * When a task or init kind is unknown for this model but known to others, say which models take it
 * and which kinds this model takes.
 */
function otherModelsHint(error: ConfigError, value: Record<string, unknown>, kind: string, document: z.ZodObject): ConfigError {
  const section = error.path === 'task.kind' ? 'task' : error.path === 'init.kind' ? 'init' : undefined;
  if (!section) return error;
  const given = (value[section] as Record<string, unknown> | undefined)?.kind;
  if (typeof given !== 'string') return error;
  const owners = MODEL_KINDS.filter((k) => k.kind !== kind && sectionKinds(k.document, section).includes(given)).map((k) => k.kind);
  if (owners.length === 0) return error;
  const own = sectionKinds(document, section);
  return new ConfigError(
    `${section}.kind: "${given}" is ${section === 'init' ? 'an' : 'a'} ${section} kind of model kind${owners.length > 1 ? 's' : ''} ${owners.join(', ')}; model kind "${kind}" takes ${section} kind${own.length > 1 ? 's' : ''} ${own.join(', ')}.`,
    { path: `${section}.kind` },
  );
}

/** The format of a document: by extension, else by content. */
export function detectFormat(text: string, source?: string): 'json' | 'yaml' {
  const lower = (source ?? '').toLowerCase();
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return 'yaml';
  return text.trimStart().startsWith('{') ? 'json' : 'yaml';
}

/** 1-based line and column of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < Math.min(offset, text.length); i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: Math.min(offset, text.length) - start + 1 };
}

function parseJson(text: string, name: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const problem = locateJsonError(text);
    if (problem) {
      const { line, column } = lineColumn(text, problem.offset);
      throw new ConfigError(`${name}: malformed JSON at line ${line}, column ${column}: ${problem.message}.`, { path: name, cause: error });
    }
    const raw = error instanceof Error ? error.message : String(error);
    throw new ConfigError(`${name}: malformed JSON: ${raw.replace(/[.\s]+$/, '')}.`, { path: name, cause: error });
  }
}

function parseYaml(text: string, name: string): unknown {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  const problem = doc.errors[0];
  if (problem) {
    const lp = problem.linePos?.[0];
    const where = lp ? ` at line ${lp.line}, column ${lp.col}` : '';
    const what = problem.message.split('\n')[0].replace(/\s*at line \d+, column \d+.*$/, '').replace(/[:.\s]+$/, '');
    throw new ConfigError(`${name}: malformed YAML${where}: ${what}.`, { path: name });
  }
  return doc.toJS();
}

/** Parses JSON or YAML text to a plain value (not yet validated). `source` names the file in messages. */
export function parseDocumentText(text: string, source = 'config'): unknown {
  const format = detectFormat(text, source);
  if (text.trim() === '') throw new ConfigError(`${source}: the document is empty; expected an object with model, task and init.`, { path: source });
  return format === 'json' ? parseJson(text, source) : parseYaml(text, source);
}

/**
 * Validates a parsed document in two phases: first the top-level keys and `model` (so an unknown
 * model kind lists the known ones), then the whole document with that model kind's own schema
 * (so task and init errors name their precise path and the kinds this model takes).
 * @throws ConfigError with one sentence naming the path, what was expected and what was given.
 * @example
 * validateExperiment({ model: { kind: 'two-layer-linear' }, task: { kind: 'semantic' }, init: { kind: 'lecun', hidden: 8 } });
 */
export function validateExperiment(value: unknown): ExperimentDocument {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigError(`(document): expected an object with model, task and init, got ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}.`, {
      path: '(document)',
    });
  }
  const first = phaseOne.safeParse(value);
  if (!first.success) throw issuesToConfigError(first.error.issues, value, phaseOne);
  const kind = (value as { model: { kind: string } }).model.kind;
  const document = (documentKind(kind) as { document: z.ZodObject }).document;
  const result = document.safeParse(value);
  if (!result.success) throw otherModelsHint(issuesToConfigError(result.error.issues, value, document), value as Record<string, unknown>, kind, document);
  return result.data as ExperimentDocument;
}

/** Parses and validates an experiment document from JSON or YAML text. */
export function parseExperiment(text: string, source = 'config'): ExperimentDocument {
  return validateExperiment(parseDocumentText(text, source));
}
