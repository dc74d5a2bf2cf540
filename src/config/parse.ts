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
import { experimentSchema, type ExperimentDocument } from './schema.js';

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
 * Validates a parsed document.
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
  const result = experimentSchema.safeParse(value);
  if (!result.success) throw issuesToConfigError(result.error.issues, value, experimentSchema);
  return result.data;
}

/** Parses and validates an experiment document from JSON or YAML text. */
export function parseExperiment(text: string, source = 'config'): ExperimentDocument {
  return validateExperiment(parseDocumentText(text, source));
}
