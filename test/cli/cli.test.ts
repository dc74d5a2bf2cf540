/**
 * The CLI skeleton: help, version, doctor, and the error contract (one sentence, exit code 2, no
 * stack trace unless --debug). Most cases run `main()` in-process with captured output; one spawns
 * the real bin to prove the executable works end to end.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { main } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/errors.js';
import { setBackend, jsBackend } from '../../src/linalg/backend.js';

const BIN = new URL('../../bin/lazyrich.mjs', import.meta.url).pathname;
const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

async function run(args: string[], env: Record<string, string | undefined> = {}): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = { out: (s) => (out += s), err: (s) => (err += s) };
  const code = await main(['node', 'lazyrich', ...args], io, env);
  setBackend(jsBackend); // main() installs the selected backend process-wide; restore the default
  return { code, out, err };
}

describe('lazyrich CLI', () => {
  it('--help lists the commands and exits 0', async () => {
    const r = await run(['--help']);
    assert.equal(r.code, 0);
    assert.match(r.out, /Usage: lazyrich/);
    assert.match(r.out, /doctor/);
    assert.match(r.out, /demo/);
  });

  it('--version prints the package version', async () => {
    const r = await run(['--version']);
    assert.equal(r.code, 0);
    assert.equal(r.out.trim(), VERSION);
  });

  it('doctor reports node, backend and reason', async () => {
    const r = await run(['doctor', '--json']);
    assert.equal(r.code, 0, r.err);
    const report = JSON.parse(r.out);
    assert.equal(report.node, process.version);
    assert.ok(report.backend === 'js' || report.backend === 'native');
    assert.equal(typeof report.reason, 'string');
    assert.ok(report.reason.length > 0);
    if (report.backend === 'native') assert.match(String(report.blas), /\.so/);
  });

  it('doctor honours a forced js backend', async () => {
    const r = await run(['doctor', '--json'], { LAZYRICH_BACKEND: 'js' });
    assert.equal(r.code, 0, r.err);
    const report = JSON.parse(r.out);
    assert.equal(report.backend, 'js');
    assert.equal(report.forced, true);
  });

  it('an invalid LAZYRICH_BACKEND is one sentence naming the variable, exit 2', async () => {
    const r = await run(['doctor'], { LAZYRICH_BACKEND: 'cuda' });
    assert.equal(r.code, 2);
    assert.match(r.err, /LAZYRICH_BACKEND/);
    assert.equal(r.err.trim().split('\n').length, 1, r.err);
    assert.doesNotMatch(r.err, /\n\s+at /);
  });

  it('an unknown command is one sentence, exit 2', async () => {
    const r = await run(['frobnicate']);
    assert.equal(r.code, 2);
    assert.match(r.err, /^lazyrich: .*frobnicate/);
    assert.equal(r.err.trim().split('\n').length, 1, r.err);
  });

  it('an unknown option is one sentence, exit 2', async () => {
    const r = await run(['doctor', '--frob']);
    assert.equal(r.code, 2);
    assert.match(r.err, /--frob/);
    assert.equal(r.err.trim().split('\n').length, 1, r.err);
  });

  it('the real executable runs (spawned) and errors exit 2 without a stack trace', () => {
    const ok = spawnSync(process.execPath, [BIN, '--version'], { encoding: 'utf8' });
    assert.equal(ok.status, 0, ok.stderr);
    assert.equal(ok.stdout.trim(), VERSION);
    const bad = spawnSync(process.execPath, [BIN, 'doctor'], {
      encoding: 'utf8',
      env: { ...process.env, LAZYRICH_BACKEND: 'bogus' },
    });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /^lazyrich: /);
    assert.doesNotMatch(bad.stderr, /\n\s+at /);
    const debug = spawnSync(process.execPath, [BIN, '--debug', 'doctor'], {
      encoding: 'utf8',
      env: { ...process.env, LAZYRICH_BACKEND: 'bogus' },
    });
    assert.equal(debug.status, 2);
    assert.match(debug.stderr, /\n\s+at /, 'with --debug the stack trace is shown');
  });
});

describe('lazyrich demo (what npm start runs)', () => {
  it('prints the two runs and their conserved balance', async () => {
    const r = await run(['demo', '--seed', '1'], { LAZYRICH_BACKEND: 'js' });
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /λ = 0 /);
    assert.match(r.out, /λ = 8 /);
    assert.match(r.out, /conserved to \d\.\de-1\d/);
  });

  it('rejects a bad seed with one sentence and exit 2', async () => {
    const r = await run(['demo', '--seed', 'abc']);
    assert.equal(r.code, 2);
    assert.match(r.err, /--seed: expected a non-negative integer, got "abc"/);
  });
});
