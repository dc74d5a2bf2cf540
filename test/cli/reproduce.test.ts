/**
 * `lazyrich reproduce`: with a test-only registry injected, the command writes every figure as SVG
 * and PNG, every table as CSV and JSON, checks.json and report.md (the checks table with paper /
 * ours / tolerance / pass, notes and links); a failing check prints it and sets exit code 1; bad
 * input (unknown id, budget, seed) is one sentence with exit 2. `list` runs through the real bin.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { registerReproduce, runReproduce, reportMarkdown } from '../../src/cli/commands/reproduce.js';
import type { CliContext } from '../../src/cli/main.js';
import { reportError } from '../../src/cli/errors.js';
import type { Experiment, ExperimentOptions } from '../../src/experiments/types.js';
import { experiments } from '../../src/experiments/registry.js';
import { linePlot } from '../../src/plot/index.js';
import { runCli, tempDir } from '../config/cli-run.js';

const seen: ExperimentOptions[] = [];

function testExperiment(id: string, pass: boolean): Experiment {
  return {
    id,
    title: `Test experiment ${id}`,
    reproduces: 'nobody, Fig. 0',
    run(options) {
      seen.push(options);
      return {
        id,
        title: `Test experiment ${id}`,
        figures: [{ name: 'curve', caption: 'a line | with a pipe', svg: linePlot({ series: [{ x: [0, 1, 2], y: [options.seed, 1, 0], label: 'y' }] }) }],
        tables: [{ name: 'data', columns: { t: [0, 1, 2], label: ['a', 'b,c', 'd"e'] }, units: { t: 't/τ' } }],
        checks: [
          { name: 'always true', paper: '1', ours: '1', tolerance: 'exact', pass: true },
          { name: 'maybe', paper: '0.0222', ours: pass ? '0.0222' : '0.5', tolerance: '≤ 1e-3', pass },
        ],
        notes: ['a note'],
      };
    },
  };
}

const REGISTRY = [testExperiment('test/ok', true), testExperiment('test/bad', false)];

async function runWithRegistry(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const ctx: CliContext = { io: { out: (s) => (out += s), err: (s) => (err += s) }, env: {}, backend: () => ({}) as never };
  const program = new Command().exitOverride();
  registerReproduce(program, ctx, REGISTRY);
  try {
    await program.parseAsync(['node', 'lazyrich', ...args]);
  } catch (error) {
    return { code: reportError(error, ctx.io, false), out, err };
  }
  return { code: ctx.exitCode ?? 0, out, err };
}

describe('reproduce with an injected registry', () => {
  it('writes figures (SVG, PNG), tables (CSV, JSON), checks.json and report.md; exit 0 when all pass', async () => {
    const out = tempDir();
    const r = await runWithRegistry(['reproduce', 'test/ok', '--out', out, '--seed', '3', '--budget', 'paper']);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.err, '');
    const { data, ...rest } = seen.at(-1) as ExperimentOptions;
    assert.deepEqual(rest, { budget: 'paper', seed: 3 });
    assert.equal(typeof data?.fashionMnist, 'function', 'the CLI injects the data loaders');
    const dir = join(out, 'test', 'ok');
    for (const f of ['curve.svg', 'curve.png', 'data.csv', 'data.json', 'checks.json', 'report.md']) assert.ok(existsSync(join(dir, f)), f);
    assert.match(r.out, /^test\/ok: 2\/2 checks passed; wrote 6 files to /);
    assert.deepEqual([...readFileSync(join(dir, 'curve.png')).subarray(1, 4)], [0x50, 0x4e, 0x47]);
    assert.equal(readFileSync(join(dir, 'data.csv'), 'utf8'), 't,label\n0,a\n1,"b,c"\n2,"d""e"\n');
    assert.deepEqual(JSON.parse(readFileSync(join(dir, 'data.json'), 'utf8')), { columns: { t: [0, 1, 2], label: ['a', 'b,c', 'd"e'] }, units: { t: 't/τ' } });
    const report = readFileSync(join(dir, 'report.md'), 'utf8');
    assert.match(report, /^# Test experiment test\/ok\n/);
    assert.match(report, /- Budget: paper; seed: 3\n- Checks: 2\/2 passed/);
    assert.match(report, /\| check \| paper \| ours \| tolerance \| pass \|\n\|---\|---\|---\|---\|---\|\n\| always true \| 1 \| 1 \| exact \| yes \|/);
    assert.match(report, /!\[a line \\\| with a pipe\]\(curve\.svg\)/);
    assert.match(report, /- data: \[CSV\]\(data\.csv\), \[JSON\]\(data\.json\)/);
    assert.match(report, /## Notes\n\n- a note/);
  });

  it('a failing check: files still written, the check printed on stderr, exit 1', async () => {
    const out = tempDir();
    const r = await runWithRegistry(['reproduce', 'test/bad', '--out', out]);
    assert.equal(r.code, 1);
    assert.equal(r.err, 'lazyrich: test/bad: check failed: maybe: ours 0.5, paper 0.0222, tolerance ≤ 1e-3.\n');
    assert.match(readFileSync(join(out, 'test', 'bad', 'report.md'), 'utf8'), /\| maybe \| 0\.0222 \| 0\.5 \| ≤ 1e-3 \| \*\*NO\*\* \|/);
  });

  it('"all" runs every experiment; "list" lists them', async () => {
    const out = tempDir();
    const r = await runWithRegistry(['reproduce', 'all', '--out', out]);
    assert.equal(r.code, 1, 'one of the two fails');
    assert.ok(existsSync(join(out, 'test', 'ok', 'report.md')) && existsSync(join(out, 'test', 'bad', 'report.md')));
    const list = await runWithRegistry(['reproduce', 'list']);
    assert.equal(list.code, 0);
    assert.match(list.out, /^test\/ok\s+Test experiment test\/ok \(nobody, Fig\. 0\)\ntest\/bad /);
  });

  it('bad input is one sentence with exit 2', async () => {
    const unknown = await runWithRegistry(['reproduce', 'test/okk']);
    assert.equal(unknown.code, 2);
    assert.equal(unknown.err, 'lazyrich: unknown experiment "test/okk" (did you mean "test/ok"?); run "lazyrich reproduce list" for the 2 known ids.\n');
    const budget = await runWithRegistry(['reproduce', 'test/ok', '--budget', 'huge']);
    assert.equal(budget.code, 2);
    assert.equal(budget.err, 'lazyrich: --budget: expected "quick" or "paper", got "huge".\n');
    const seed = await runWithRegistry(['reproduce', 'test/ok', '--seed', 'x']);
    assert.equal(seed.code, 2);
    assert.equal(seed.err, 'lazyrich: --seed: expected a non-negative integer, got "x".\n');
  });

  it('runReproduce defaults: out/, quick budget, seed 0', () => {
    const r = runReproduce('list', {}, []);
    assert.equal(r.out, 'no experiments are registered yet\n');
    const md = reportMarkdown(REGISTRY[0], REGISTRY[0].run({ budget: 'quick', seed: 0 }), { budget: 'quick', seed: 0 });
    assert.match(md, /- Budget: quick; seed: 0/);
  });
});

describe('reproduce through main (real registry)', () => {
  it('list prints every registered id', async () => {
    const r = await runCli(['reproduce', 'list']);
    assert.equal(r.code, 0, r.err);
    for (const e of experiments) assert.match(r.out, new RegExp(`^${e.id.replace('/', '\\/')} `, 'm'));
  });

  it('an unknown id exits 2 with one sentence', async () => {
    const r = await runCli(['reproduce', 'lazy-to-rich/nope']);
    assert.equal(r.code, 2);
    assert.equal(r.err.trim().split('\n').length, 1);
    assert.match(r.err, /^lazyrich: unknown experiment "lazy-to-rich\/nope"/);
  });
});
