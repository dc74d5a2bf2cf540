/**
 * The bad-input corpus (issue 7): every file under test/bad-inputs/ is given to the command its
 * case in test/bad-inputs/cases.json names, and each must fail the same way: exit code 2, exactly
 * one line on stderr starting "lazyrich: " that matches the case's expected message, no stack
 * frame, and — for the store cases — every file of every store involved byte-identical afterwards
 * (a bad input never damages existing results). The cases run in-process through `main(argv, io)`;
 * those marked `spawn` also run through the real bin to prove no stack trace reaches stderr.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { main } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/errors.js';
import { jsBackend, setBackend } from '../../src/linalg/backend.js';

const DIR = new URL('../bad-inputs', import.meta.url).pathname;
const BIN = new URL('../../bin/lazyrich.mjs', import.meta.url).pathname;

interface BadCase {
  name: string;
  args: string[];
  expect: string[];
  store?: string;
  generated?: string;
  generated2?: string;
  corrupt?: 'truncate-npy';
  env?: Record<string, string>;
  spawn?: boolean;
}

const CASES: BadCase[] = (JSON.parse(readFileSync(join(DIR, 'cases.json'), 'utf8')) as { cases: BadCase[] }).cases;

/** Every regular file below `dir` (relative paths, sorted). */
function filesBelow(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p));
    }
  };
  walk(dir);
  return out;
}

/** sha256 of every file below `dir`, keyed by relative path. */
function snapshot(dir: string): Map<string, string> {
  const m = new Map<string, string>();
  if (!existsSync(dir)) return m;
  for (const f of filesBelow(dir)) m.set(f, createHash('sha256').update(readFileSync(join(dir, f))).digest('hex'));
  return m;
}

/** Stores made by a real sweep, once, for the cases that need a valid store (name → folder, or the reason it could not be made). */
const generated = new Map<string, { dir?: string; why?: string }>();
let scratch = '';

async function runMain(args: string[], env: Record<string, string | undefined>): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = { out: (s) => (out += s), err: (s) => (err += s) };
  try {
    const code = await main(['node', 'lazyrich', ...args], io, env);
    return { code, out, err };
  } finally {
    setBackend(jsBackend); // main() installs the selected backend process-wide
  }
}

/** Copies a generated store into `tmp` (optionally damaging the copy as the case asks). */
function generatedCopy(name: string, tmp: string, label: string, corrupt?: 'truncate-npy'): string {
  const g = generated.get(name);
  if (!g?.dir) throw new Error(`the valid store of configs/${name}.yaml could not be made with "lazyrich sweep": ${g?.why ?? 'not attempted'}`);
  const dest = join(tmp, label);
  cpSync(g.dir, dest, { recursive: true });
  if (corrupt === 'truncate-npy') {
    const npy = filesBelow(dest).filter((f) => f.endsWith('.npy'));
    if (npy.length === 0) throw new Error(`the store of configs/${name}.yaml holds no .npy file to truncate`);
    const victim = join(dest, npy[0]);
    truncateSync(victim, Math.max(1, Math.floor(statSync(victim).size / 2)));
  }
  return dest;
}

interface Prepared {
  args: string[];
  env: Record<string, string | undefined>;
  /** Store folders whose files must be unchanged, with their snapshots. */
  guarded: { dir: string; before: Map<string, string> }[];
  tmp: string;
}

function prepare(c: BadCase): Prepared {
  const tmp = mkdtempSync(join(scratch, 'case-'));
  const subst: Record<string, string> = { dir: DIR, tmp };
  if (c.store) {
    const dest = join(tmp, basename(c.store));
    cpSync(join(DIR, c.store), dest, { recursive: true });
    subst.store = dest;
  }
  if (c.generated) subst.generated = generatedCopy(c.generated, tmp, `store-of-${c.generated}`, c.corrupt);
  if (c.generated2) subst.generated2 = generatedCopy(c.generated2, tmp, `store-of-${c.generated2}`);
  const args = c.args.map((a) => a.replace(/\{(dir|tmp|store|generated2|generated)\}/g, (_, k: string) => {
    if (subst[k] === undefined) throw new Error(`case "${c.name}": placeholder {${k}} has no value`);
    return subst[k];
  }));
  const guarded = ['store', 'generated', 'generated2'].filter((k) => subst[k] !== undefined).map((k) => ({ dir: subst[k], before: snapshot(subst[k]) }));
  return { args, env: c.env ?? { ...process.env }, guarded, tmp };
}

function checkOutcome(c: BadCase, p: Prepared, r: { code: number | null; err: string }): void {
  const where = `case "${c.name}" (lazyrich ${c.args.join(' ')})`;
  assert.doesNotMatch(r.err, /\n\s+at /, `${where}: a stack trace reached stderr:\n${r.err}`);
  const lines = r.err.split('\n').filter((l) => l !== '');
  assert.equal(lines.length, 1, `${where}: expected exactly one line on stderr, got ${lines.length}:\n${r.err}`);
  assert.match(lines[0], /^lazyrich: /, `${where}: stderr does not start with "lazyrich: ": ${lines[0]}`);
  assert.doesNotMatch(lines[0], /internal error/, `${where}: reported as an internal error (a bug), not a user error: ${lines[0]}`);
  for (const pattern of c.expect) {
    assert.match(lines[0], new RegExp(pattern, 'i'), `${where}: message does not match /${pattern}/i; got: ${lines[0]}`);
  }
  assert.equal(r.code, 2, `${where}: exit code ${r.code}, expected 2; stderr: ${lines[0]}`);
  for (const g of p.guarded) {
    const now = snapshot(g.dir);
    for (const [file, hash] of g.before) {
      assert.ok(now.has(file), `${where}: the store file ${file} was deleted`);
      assert.equal(now.get(file), hash, `${where}: the store file ${file} was changed`);
    }
  }
}

before(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'lazyrich-bad-inputs-'));
  for (const name of ['good-sweep', 'other-sweep']) {
    if (!CASES.some((c) => c.generated === name || c.generated2 === name)) continue;
    const dir = join(scratch, 'generated', name);
    try {
      const r = await runMain(['sweep', join(DIR, 'configs', `${name}.yaml`), '--out', dir, '--workers', '1'], { ...process.env });
      generated.set(name, r.code === 0 ? { dir } : { why: `exit ${r.code}: ${r.err.trim().split('\n')[0] ?? ''}` });
    } catch (error) {
      generated.set(name, { why: String((error as Error).message) });
    }
  }
});

after(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('bad-input corpus (test/bad-inputs/cases.json)', () => {
  it('holds at least 45 input files, every one used by a case', () => {
    const files = filesBelow(DIR).filter((f) => f !== 'cases.json');
    assert.ok(files.length >= 45, `only ${files.length} files`);
    const text = JSON.stringify(CASES);
    const configTexts = filesBelow(join(DIR, 'configs')).map((f) => readFileSync(join(DIR, 'configs', f), 'utf8')).join('\n');
    for (const f of files) {
      const [top, name] = f.split('/');
      const used =
        (top === 'configs' && (text.includes(`configs/${name}`) || text.includes(`"generated":"${name.replace(/\.yaml$/, '')}"`) || text.includes(`"generated2":"${name.replace(/\.yaml$/, '')}"`))) ||
        (top === 'data' && configTexts.includes(`../data/${name}`)) ||
        (top === 'stores' && text.includes(`stores/${name}`));
      assert.ok(used, `${f} is not used by any case`);
    }
  });

  it('every case is well formed', () => {
    const names = new Set<string>();
    for (const c of CASES) {
      assert.ok(!names.has(c.name), `duplicate case name ${c.name}`);
      names.add(c.name);
      assert.ok(c.args.length > 0 && c.expect.length > 0, c.name);
      for (const p of c.expect) new RegExp(p, 'i');
    }
    assert.equal(CASES.filter((c) => c.spawn).length, 3);
  });

  for (const c of CASES) {
    it(`${c.name}: exit 2, one sentence${c.store || c.generated ? ', store untouched' : ''}`, async () => {
      const p = prepare(c);
      const r = await runMain(p.args, p.env);
      checkOutcome(c, p, r);
    });
  }

  for (const c of CASES.filter((c) => c.spawn)) {
    it(`${c.name} (spawned bin): exit 2, one line, no stack trace`, () => {
      const p = prepare(c);
      const r = spawnSync(process.execPath, [BIN, ...p.args], { cwd: p.tmp, env: p.env as NodeJS.ProcessEnv, encoding: 'utf8', timeout: 60_000 });
      checkOutcome(c, p, { code: r.status, err: r.stderr });
    });
  }
});
