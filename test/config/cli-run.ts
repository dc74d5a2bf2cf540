/** Test helpers for the config-driven CLI commands: run main() in-process, write documents to a temp folder. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/errors.js';
import { jsBackend, setBackend } from '../../src/linalg/backend.js';

/** Runs `lazyrich <args>` in-process on the js backend; returns exit code and output. */
export async function runCli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = { out: (s) => (out += s), err: (s) => (err += s) };
  const code = await main(['node', 'lazyrich', ...args], io, { LAZYRICH_BACKEND: 'js' });
  setBackend(jsBackend);
  return { code, out, err };
}

/** A fresh temporary folder. */
export function tempDir(prefix = 'lazyrich-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Writes `doc` (an object → JSON, a string → as is) to `dir/name` and returns the path. */
export function writeDoc(dir: string, name: string, doc: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof doc === 'string' ? doc : JSON.stringify(doc));
  return path;
}
