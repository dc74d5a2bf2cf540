/**
 * `lazyrich reproduce all` with a small injected registry (never the real 15-minute run): one
 * folder per experiment plus the one report, `<out>/report.md` and a self-contained
 * `<out>/report.html`, with the run metadata, every check, the failing ones first, and every
 * figure inlined; an experiment that throws is reported and does not stop the others; `--json`
 * prints one summary object; the times come from the injected clock.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { registerReproduce, runReproduce, type ReproduceSummary } from '../../src/cli/commands/reproduce.js';
import type { CliContext } from '../../src/cli/main.js';
import { reportError } from '../../src/cli/errors.js';
import type { Experiment } from '../../src/experiments/types.js';
import { linePlot } from '../../src/plot/index.js';
import { tempDir } from '../config/cli-run.js';

/** A clock that advances by the experiment's declared cost whenever an experiment runs. */
function makeClock() {
  let t = 1000;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

function registry(clock: ReturnType<typeof makeClock>): Experiment[] {
  const make = (id: string, costMs: number, checks: [string, boolean][], figure: 'line' | 'heat' | 'none', fail?: string): Experiment => ({
    id,
    title: `Title ${id}`,
    reproduces: `Paper of ${id}`,
    run(o) {
      clock.advance(costMs);
      if (fail) throw new Error(fail);
      const figures = figure === 'none' ? [] : [{
        name: 'f',
        caption: `figure of ${id} <&>`,
        svg: figure === 'line'
          ? linePlot({ series: [{ x: [0, 1, 2], y: [o.seed, 1, 2], label: id }] })
          : linePlot({ title: 'second kind', series: [{ x: [1, 10, 100], y: [3, 2, 1], label: 'b', marker: 'circle' }], x: { scale: 'log' } }),
      }];
      return {
        id,
        title: `Title ${id}`,
        figures,
        tables: [{ name: 't', columns: { x: [1, 2] } }],
        checks: checks.map(([name, pass]) => ({ name, paper: `paper of ${name}`, ours: `ours of ${name}`, tolerance: '≤ 1', pass })),
        notes: [`budget ${o.budget}, seed ${o.seed}`],
      };
    },
  });
  return [
    make('p/alpha', 2500, [['alpha ok', true], ['alpha fails', false]], 'line'),
    make('p/beta', 500, [['beta ok', true]], 'heat'),
    make('q/gamma', 250, [], 'none', 'gamma could not start'),
    make('q/delta', 1250, [['delta ok', true], ['delta ok 2', true]], 'line'),
  ];
}

async function viaCommand(args: string[], reg: readonly Experiment[]) {
  let out = '';
  let err = '';
  const ctx: CliContext = {
    io: { out: (s) => (out += s), err: (s) => (err += s) },
    env: {},
    backend: () => ({ name: 'js', reason: 'forced for the test', forced: true }) as never,
  };
  const program = new Command().exitOverride();
  registerReproduce(program, ctx, reg);
  try {
    await program.parseAsync(['node', 'lazyrich', ...args]);
  } catch (error) {
    return { code: reportError(error, ctx.io, false), out, err };
  }
  return { code: ctx.exitCode ?? 0, out, err };
}

describe('reproduce all: the one report', () => {
  it('writes one folder per experiment and report.md / report.html with metadata, every check (failing first) and times', () => {
    const clock = makeClock();
    const out = tempDir();
    const progress: string[] = [];
    const r = runReproduce('all', { out, budget: 'quick', seed: '5' }, registry(clock), {
      now: clock.now,
      cpu: () => clock.now() / 2, // half the wall time: a machine shared with one other job
      date: () => new Date('2026-11-25T12:00:00Z'),
      cores: 2,
      backend: 'js (test)',
      version: '0.0.7',
      command: 'lazyrich reproduce all --seed 5',
      progress: (l) => progress.push(l),
    });
    assert.equal(r.exitCode, 1, 'a check fails and one experiment threw');
    assert.deepEqual(progress.map((l) => l.slice(0, l.indexOf(':'))), ['[1/4] p/alpha', '[2/4] p/beta', '[3/4] q/gamma', '[4/4] q/delta']);
    assert.match(progress[0], /1\/2 checks passed; wrote \d+ files to .*; ran in 2\.5 s \(CPU 1\.3 s\)$/);
    assert.match(progress[2], /stopped with an error after 0\.3 s: gamma could not start/);
    assert.match(r.err, /lazyrich: p\/alpha: check failed: alpha fails: ours ours of alpha fails/);
    assert.match(r.err, /lazyrich: q\/gamma: the experiment stopped with an error: gamma could not start/);
    assert.match(r.out, /^4\/6 checks passed in 4 experiments; total 4\.5 s \(sum of the experiments 4\.5 s; CPU 2\.3 s\); report: /);
    for (const id of ['p/alpha', 'p/beta', 'q/delta']) assert.ok(existsSync(join(out, id, 'report.md')), id);
    assert.ok(existsSync(join(out, 'p', 'alpha', 'f.svg')) && existsSync(join(out, 'p', 'alpha', 'f.png')));

    const md = readFileSync(join(out, 'report.md'), 'utf8');
    for (const row of ['| Date | 2026-11-25T12:00:00.000Z |', '| Budget | quick |', '| Seed | 5 |', '| lazyrich version | 0.0.7 |', '| Backend | js (test) |', '| Machine cores | 2 |', '| Total wall time | 4.50 s |', '| CPU time (user + system) | 2.25 s |']) {
      assert.ok(md.includes(row), row);
    }
    assert.ok(md.includes('| [p/alpha](p/alpha/report.md) | Paper of p/alpha | 1/2 | 2.50 s | 1.25 s |'));
    assert.ok(md.includes('| [q/delta](q/delta/report.md) | Paper of q/delta | 2/2 | 1.25 s | 0.63 s |'));
    const checks = md.slice(md.indexOf('## Paper vs lazyrich')).split('\n').filter((l) => /^\| [pq]\//.test(l));
    assert.deepEqual(checks.map((l) => l.split(' | ')[1]), ['alpha fails', 'experiment ran', 'alpha ok', 'beta ok', 'delta ok', 'delta ok 2']);
    assert.ok(md.includes('![figure of p/alpha \\<&\\>](p/alpha/f.svg)'));
    assert.ok(md.includes('- budget quick, seed 5'));

    const html = readFileSync(join(out, 'report.html'), 'utf8');
    assert.doesNotMatch(html, /src="http|<script|<link\b|<img\b/);
    const figs = [registry(makeClock())[0], registry(makeClock())[1], registry(makeClock())[3]].map((e) => e.run({ budget: 'quick', seed: 5 }).figures[0].svg);
    for (const svg of figs) assert.ok(html.includes(svg), 'every figure is inlined verbatim');
    assert.equal(html.match(/<svg\b/g)?.length, 3);
    assert.ok(html.includes('<figcaption>figure of p/alpha &lt;&amp;&gt;</figcaption>'));
    assert.ok(html.includes('<strong>4/6 checks passed</strong>'));
  });

  it('--json prints one summary object with the per-experiment times and the report paths', async () => {
    const out = tempDir();
    const r = await viaCommand(['reproduce', 'all', '--out', out, '--json'], registry(makeClock()));
    assert.equal(r.code, 1);
    const s = JSON.parse(r.out) as ReproduceSummary;
    assert.equal(s.budget, 'quick');
    assert.equal(s.seed, 0);
    assert.equal(s.backend, 'js (forced for the test)');
    assert.deepEqual(s.checks, { passed: 4, total: 6 });
    assert.deepEqual(s.experiments.map((e) => [e.id, e.passed, e.total]), [['p/alpha', 1, 2], ['p/beta', 1, 1], ['q/gamma', 0, 1], ['q/delta', 2, 2]]);
    assert.equal(s.experiments[2].error, 'gamma could not start');
    assert.deepEqual(s.experiments[0].failed, [{ name: 'alpha fails', paper: 'paper of alpha fails', ours: 'ours of alpha fails', tolerance: '≤ 1' }]);
    assert.ok(s.experiments.every((e) => e.seconds >= 0));
    assert.ok(Math.abs(s.sumSeconds - s.experiments.reduce((a, e) => a + e.seconds, 0)) < 1e-9);
    assert.ok(s.experiments.every((e) => e.cpuSeconds >= 0) && s.cpuSeconds >= 0);
    assert.ok(Math.abs(s.sumCpuSeconds - s.experiments.reduce((a, e) => a + e.cpuSeconds, 0)) < 1e-9);
    assert.ok(s.totalSeconds >= s.sumSeconds);
    assert.deepEqual(s.report, { markdown: join(out, 'report.md'), html: join(out, 'report.html') });
    assert.ok(existsSync(s.report.html));
  });

  it('through the command, text mode prints one line per experiment as it finishes, then the summary', async () => {
    const out = tempDir();
    const reg = registry(makeClock()).filter((e) => e.id !== 'q/gamma' && e.id !== 'p/alpha');
    const r = await viaCommand(['reproduce', 'all', '--out', out, '--budget', 'paper'], reg);
    assert.equal(r.code, 0, r.err);
    const lines = r.out.trim().split('\n');
    assert.equal(lines.length, 3);
    assert.match(lines[0], /^\[1\/2\] p\/beta: 1\/1 checks passed/);
    assert.match(lines[2], /^3\/3 checks passed in 2 experiments; total .* report: .*report\.md, .*report\.html$/);
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    assert.ok(md.includes('| Budget | paper |') && md.includes('Every check passed.'));
    assert.ok(md.includes('| Backend | js (forced for the test) |'));
  });

  it('a single id writes no combined report and an error in it propagates (one sentence, exit 2 for user errors)', async () => {
    const out = tempDir();
    const r = await viaCommand(['reproduce', 'p/beta', '--out', out], registry(makeClock()));
    assert.equal(r.code, 0, r.err);
    assert.ok(!existsSync(join(out, 'report.html')) && !existsSync(join(out, 'report.md')));
    assert.throws(() => runReproduce('q/gamma', { out }, registry(makeClock())), /gamma could not start/);
    const bad = await viaCommand(['reproduce', 'all', '--budget', 'slow'], registry(makeClock()));
    assert.equal(bad.code, 2);
    assert.equal(bad.err, 'lazyrich: --budget: expected "quick" or "paper", got "slow".\n');
  });
});
