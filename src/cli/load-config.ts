/**
 * Reading an experiment document from a file for the commands: the file system part of
 * `src/config/` (which is pure). `.npy` paths in a data task are resolved relative to the document.
 * @module
 */
import { readFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { ConfigError, LazyrichError } from '../errors/index.js';
import { buildDocument, parseExperiment, type BuiltDocument, type BuiltExperiment, type ExperimentDocument } from '../config/index.js';
import { readNpyMatrix } from '../io/npy.node.js';
import type { Matrix } from '../linalg/matrix.js';

/**
 * The text of a document file, or a ConfigError naming the file and why it cannot be read
 * (`what` says which document the command expected, e.g. "experiment" or "sweep").
 */
export function readConfigText(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (cause) {
    const code = (cause as { code?: string }).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' ? 'permission denied' : String((cause as Error).message);
    throw new ConfigError(`config: cannot read "${file}" (${why}); give the path of a JSON or YAML ${what} document.`, { path: 'config', cause });
  }
}

/** Reads and validates the document at `file` (JSON or YAML). */
export function readExperimentDocument(file: string): ExperimentDocument {
  return parseExperiment(readConfigText(file, 'experiment'), basename(file));
}

/** Parses a `--seed` option value (a non-negative integer), or undefined when absent. */
export function parseSeedOption(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const seed = Number(value);
  if (value.trim() === '' || !Number.isSafeInteger(seed) || seed < 0) {
    throw new ConfigError(`--seed: expected a non-negative integer, got "${value}".`, { path: 'seed' });
  }
  return seed;
}

/** The `loadMatrix` of BuildOptions for the document at `file`: reads `.npy` paths relative to the document. */
export function documentMatrixLoader(file: string): (path: string, field: string) => Matrix {
  const dir = dirname(resolve(file));
  return (path, field) => {
    try {
      return readNpyMatrix(resolve(dir, path));
    } catch (error) {
      if (error instanceof LazyrichError) {
        throw new ConfigError(`${field}: ${error.message.replace(/[.\s]+$/, '')} (the path is relative to the document).`, { path: field, cause: error });
      }
      throw error;
    }
  };
}

/** Reads, validates and builds the document at `file` (any model kind). */
export function loadDocument(file: string, options: { seed?: number } = {}): BuiltDocument {
  const doc = readExperimentDocument(file);
  return buildDocument(doc, {
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    loadMatrix: documentMatrixLoader(file),
  });
}

/** Reads, validates and builds the experiment at `file`, which must be of a linear-network kind (two-layer-linear, deep-linear). */
export function loadExperiment(file: string, options: { seed?: number } = {}): BuiltExperiment {
  const built = loadDocument(file, options);
  if (built.family !== 'linear') {
    throw new ConfigError(`model.kind: this command handles the linear-network kinds two-layer-linear and deep-linear, got "${built.document.model.kind}".`, { path: 'model.kind' });
  }
  return built;
}
