/**
 * `lazyrich slurm`: the generated scripts (pure generation, always runs: each script is executed
 * by bash with a stub in place of node/sbatch to check the exact command lines, quoting included),
 * option validation, and — when a Slurm controller answers with an idle node (start one with
 * `bash scripts/slurm-local.sh start`) — the real thing: a 6-point sweep in 2 shards submitted
 * with sbatch, the dependent merge job awaited, and the merged store compared with a local
 * unsharded sweep of the same document through `lazyrich export --format json`. Without Slurm the
 * real test is skipped with the reason, never faked.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/errors.js';
import { jsBackend, setBackend } from '../../src/linalg/backend.js';
import {
  jobNameFromConfig,
  parsePartition,
  parseShardCount,
  parseSlurmMemory,
  parseSlurmTime,
  shellQuote,
  slurmScripts,
  type SlurmScriptOptions,
} from '../../src/cli/slurm/script.js';
import { ConfigError } from '../../src/errors/index.js';

const SWEEP_DOC = `# 6 points (3 λ × 2 scales) of a small two-layer linear network
model: {kind: two-layer-linear}
task: {kind: whitened, sigmaYX: [[2, 0.5], [0.1, 1]]}
init: {kind: lambda-balanced, lambda: -1.5, scale: 0.2, hidden: 2, seed: 7}
train: {method: gd, learningRate: 0.05, steps: 60}
sweep:
  seed: 11
  axes:
    - path: init.lambda
      values: [-1, 0, 1]
    - path: init.scale
      values: [0.1, 0.3]
`;

let scratch = '';
before(() => {
  scratch = mkdtempSync(join(tmpdir(), 'lazyrich-slurm-test-'));
});
after(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

async function run(args: string[], env: Record<string, string | undefined> = { ...process.env }): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = { out: (s) => (out += s), err: (s) => (err += s) };
  try {
    const code = await main(['node', 'lazyrich', ...args], io, env);
    return { code, out, err };
  } finally {
    setBackend(jsBackend);
  }
}

/** A stub executable that writes its arguments, one per line, to `record` (and prints `stdout`). */
function stub(path: string, record: string, stdout = ''): void {
  writeFileSync(path, `#!/bin/bash\nfor a in "$@"; do printf '%s\\n' "$a"; done >> '${record}'\nprintf '%s\\n' '---' >> '${record}'\n${stdout ? `echo '${stdout}'\n` : ''}`);
  chmodSync(path, 0o755);
}

function options(dir: string, over: Partial<SlurmScriptOptions> = {}): SlurmScriptOptions {
  return {
    config: join(dir, "my grid's config.yaml"),
    shards: 3,
    out: join(dir, 'out dir'),
    node: join(dir, 'fake node'),
    bin: join(dir, 'bin', 'lazyrich.mjs'),
    logDir: join(dir, 'out dir', 'slurm', 'logs'),
    arrayScript: join(dir, 'scripts', 'grid.sbatch'),
    mergeScript: join(dir, 'scripts', 'grid-merge.sbatch'),
    ...over,
  };
}

describe('slurm script generation (pure)', () => {
  it('the array script has one task per shard and its resources', () => {
    const s = slurmScripts(options('/x', { shards: 5, time: '02:00:00', mem: '4G', partition: 'debug', cpusPerTask: 2 }));
    const directives = s.array.split('\n').filter((l) => l.startsWith('#SBATCH'));
    assert.ok(directives.includes('#SBATCH --array=0-4'), directives.join('\n'));
    assert.ok(directives.includes('#SBATCH --time=02:00:00'));
    assert.ok(directives.includes('#SBATCH --mem=4G'));
    assert.ok(directives.includes('#SBATCH --partition=debug'));
    assert.ok(directives.includes('#SBATCH --cpus-per-task=2'));
    assert.ok(s.array.startsWith('#!/bin/bash\n'));
    // every #SBATCH line precedes the first command (sbatch stops reading directives there)
    const lines = s.array.split('\n');
    const firstCommand = lines.findIndex((l) => l !== '' && !l.startsWith('#'));
    assert.ok(lines.slice(firstCommand).every((l) => !l.startsWith('#SBATCH')));
    assert.ok(!s.merge.includes('--array'));
  });

  it('a single shard is --array=0-0', () => {
    assert.match(slurmScripts(options('/x', { shards: 1 })).array, /^#SBATCH --array=0-0$/m);
  });

  it('bash runs the array task as `lazyrich sweep <config> --out <out>/shard-i --shard i/n --workers c` (quoting of spaces and quotes)', () => {
    const dir = mkdtempSync(join(scratch, 'gen-'));
    const o = options(dir);
    const record = join(dir, 'argv.txt');
    stub(o.node, record);
    const s = slurmScripts(o);
    writeFileSync(join(dir, 'array.sh'), s.array);
    const r = spawnSync('bash', [join(dir, 'array.sh')], { env: { PATH: process.env.PATH, SLURM_ARRAY_TASK_ID: '1', SLURM_CPUS_PER_TASK: '2' }, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const argv = readFileSync(record, 'utf8').split('\n---\n')[0].split('\n');
    assert.deepEqual(argv, [o.bin, 'sweep', o.config, '--out', `${o.out}/shard-1`, '--shard', '1/3', '--workers', '2']);
  });

  it('an array task whose sweep exits 1 (points failed, errors stored) succeeds so the merge runs; any other failure fails the task', () => {
    for (const [sweepExit, taskExit] of [[0, 0], [1, 0], [2, 2], [134, 134]]) {
      const dir = mkdtempSync(join(scratch, 'gen-'));
      const o = options(dir);
      writeFileSync(o.node, `#!/bin/bash\nexit ${sweepExit}\n`);
      chmodSync(o.node, 0o755);
      writeFileSync(join(dir, 'array.sh'), slurmScripts(o).array);
      const r = spawnSync('bash', [join(dir, 'array.sh')], { env: { PATH: process.env.PATH, SLURM_ARRAY_TASK_ID: '0', SLURM_CPUS_PER_TASK: '1' }, encoding: 'utf8' });
      assert.equal(r.status, taskExit, `sweep exit ${sweepExit}: ${r.stdout}${r.stderr}`);
      if (sweepExit === 1) assert.match(r.stdout, /some points failed/);
    }
  });

  it('outside a job array the array script refuses to run', () => {
    const dir = mkdtempSync(join(scratch, 'gen-'));
    const o = options(dir);
    stub(o.node, join(dir, 'argv.txt'));
    writeFileSync(join(dir, 'array.sh'), slurmScripts(o).array);
    const r = spawnSync('bash', [join(dir, 'array.sh')], { env: { PATH: process.env.PATH }, encoding: 'utf8' });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /Slurm job array/);
    assert.equal(existsSync(join(dir, 'argv.txt')), false);
  });

  it('bash runs the merge as `lazyrich merge <out> <out>/shard-0 … shard-(n-1)`', () => {
    const dir = mkdtempSync(join(scratch, 'gen-'));
    const o = options(dir, { shards: 4 });
    const record = join(dir, 'argv.txt');
    stub(o.node, record);
    writeFileSync(join(dir, 'merge.sh'), slurmScripts(o).merge);
    const r = spawnSync('bash', [join(dir, 'merge.sh')], { env: { PATH: process.env.PATH }, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const argv = readFileSync(record, 'utf8').split('\n---\n')[0].split('\n');
    assert.deepEqual(argv, [o.bin, 'merge', o.out, ...[0, 1, 2, 3].map((i) => `${o.out}/shard-${i}`)]);
  });

  it('the submit wrapper submits the array, then the merge with afterok on the array job id', () => {
    const dir = mkdtempSync(join(scratch, 'gen-'));
    const o = options(dir);
    const binDir = join(dir, 'fakebin');
    mkdirSync(binDir);
    const record = join(dir, 'sbatch.txt');
    stub(join(binDir, 'sbatch'), record, '4242;local');
    writeFileSync(join(dir, 'submit.sh'), slurmScripts(o).submit);
    const r = spawnSync('bash', [join(dir, 'submit.sh')], { env: { PATH: `${binDir}:/usr/bin:/bin` }, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const calls = readFileSync(record, 'utf8').split('---\n').filter((c) => c !== '').map((c) => c.trim().split('\n'));
    assert.deepEqual(calls, [
      ['--parsable', o.arrayScript],
      ['--parsable', '--dependency=afterok:4242', o.mergeScript],
    ]);
    assert.match(r.stdout, /array job 4242 \(3 shards\), merge job 4242/);
  });

  it('validates shards, time, memory and partition in one sentence each', () => {
    assert.equal(parseShardCount('7'), 7);
    for (const bad of ['0', '-1', '2.5', 'abc', '', '1e3']) assert.throws(() => parseShardCount(bad), ConfigError, bad);
    assert.throws(() => parseShardCount(undefined), /--shards: required/);
    for (const good of ['01:00:00', '1:00:00', '100:00:00', '30', '30:00', '2-12', '2-12:30', '2-12:30:15']) assert.equal(parseSlurmTime(good), good);
    for (const bad of ['1:60:00', '1:00:60', 'abc', '1h', '2-24:00:00', '00:00:00', '0', '', '-1:00:00']) {
      assert.throws(() => parseSlurmTime(bad), (e: unknown) => e instanceof ConfigError && /^--time: /.test(e.message), bad);
    }
    for (const good of ['4000', '4G', '512M', '1T']) assert.equal(parseSlurmMemory(good), good);
    for (const bad of ['0', '4 GB', 'x', '-1G']) assert.throws(() => parseSlurmMemory(bad), ConfigError, bad);
    assert.equal(parsePartition('gpu_long-2'), 'gpu_long-2');
    assert.throws(() => parsePartition('debug; rm -rf /'), ConfigError);
    assert.throws(() => slurmScripts(options('/x', { out: 'relative/out' })), /--out: expected an absolute path/);
    assert.throws(() => slurmScripts(options('/x', { out: '/a"b' })), /double quote/);
  });

  it('names jobs after the config file and quotes for the shell', () => {
    assert.equal(jobNameFromConfig('/a/b/phase diagram.yaml'), 'phase_diagram');
    assert.equal(jobNameFromConfig('/a/b/.yaml'), 'lazyrich-sweep');
    assert.equal(shellQuote("it's"), `'it'\\''s'`);
    const r = spawnSync('bash', ['-c', `printf '%s' ${shellQuote("a b'c$d\"e")}`], { encoding: 'utf8' });
    assert.equal(r.stdout, `a b'c$d"e`);
  });
});

describe('lazyrich slurm (command)', () => {
  it('writes the three scripts with absolute paths, the node executable and the bin', async () => {
    const dir = mkdtempSync(join(scratch, 'cmd-'));
    const config = join(dir, 'grid.yaml');
    writeFileSync(config, SWEEP_DOC);
    const r = await run(['slurm', config, '--shards', '3', '--out', join(dir, 'out'), '--time', '00:10:00', '--json']);
    assert.equal(r.code, 0, r.err);
    const plan = JSON.parse(r.out);
    assert.equal(plan.shards, 3);
    assert.equal(plan.points, 6);
    assert.equal(plan.scripts.array, join(dir, 'out', 'slurm', 'grid.sbatch'));
    assert.equal(plan.scripts.merge, join(dir, 'out', 'slurm', 'grid-merge.sbatch'));
    assert.ok(existsSync(plan.logs));
    const array = readFileSync(plan.scripts.array, 'utf8');
    assert.ok(array.includes(`LAZYRICH_NODE='${process.execPath}'`));
    assert.ok(array.includes(`LAZYRICH_BIN='${new URL('../../bin/lazyrich.mjs', import.meta.url).pathname}'`));
    assert.ok(array.includes(`CONFIG='${config}'`));
    assert.match(array, /^#SBATCH --time=00:10:00$/m);
    assert.ok(readFileSync(plan.scripts.submit, 'utf8').includes(plan.scripts.merge));
  });

  it('--script puts the scripts where asked', async () => {
    const dir = mkdtempSync(join(scratch, 'cmd-'));
    const config = join(dir, 'grid.yaml');
    writeFileSync(config, SWEEP_DOC);
    const r = await run(['slurm', config, '--shards', '2', '--out', join(dir, 'out'), '--script', join(dir, 'jobs', 'run.sbatch')]);
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(readdirSync(join(dir, 'jobs')).sort(), ['run-merge.sbatch', 'run-submit.sh', 'run.sbatch']);
    assert.match(r.out, /submit with: bash .*run-submit\.sh/);
  });

  it('refuses bad options before writing anything', async () => {
    const dir = mkdtempSync(join(scratch, 'cmd-'));
    const config = join(dir, 'grid.yaml');
    writeFileSync(config, SWEEP_DOC);
    for (const [args, pattern] of [
      [['--shards', '0'], /^lazyrich: --shards: /],
      [['--shards', '2', '--time', '25:99'], /^lazyrich: --time: /],
      [['--shards', '2', '--cpus-per-task', 'two'], /^lazyrich: --cpus-per-task: /],
      [['--shards', '2', '--mem', 'lots'], /^lazyrich: --mem: /],
      [['--shards', '7'], /^lazyrich: --shards: 7 shards for a sweep of 6 points would leave 1 shard empty; use at most 6\.\n$/],
    ] as const) {
      const r = await run(['slurm', config, ...args, '--out', join(dir, 'out')]);
      assert.equal(r.code, 2, r.err);
      assert.match(r.err, pattern);
      assert.equal(r.err.trim().split('\n').length, 1);
    }
    const r = await run(['slurm', config, '--shards', '2', '--submit', '--out', join(dir, 'out')], { PATH: join(dir, 'nothing-here') });
    assert.equal(r.code, 2);
    assert.match(r.err, /^lazyrich: --submit: sbatch is not on PATH/);
    assert.equal(existsSync(join(dir, 'out')), false);
    const invalid = join(dir, 'invalid.yaml');
    writeFileSync(invalid, SWEEP_DOC.replace('path: init.scale', 'path: init.scael'));
    const bad = await run(['slurm', invalid, '--shards', '2', '--out', join(dir, 'out')]);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /^lazyrich: sweep\.axes\[1\]\.path: "init\.scael" .*did you mean "init\.scale"\?/);
    assert.equal(existsSync(join(dir, 'out')), false);
    const missing = await run(['slurm', join(dir, 'nope.yaml'), '--shards', '2', '--out', join(dir, 'out')]);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /config: cannot read .*nope\.yaml.*no such file/);
  });
});

describe('lazyrich slurm --submit (with a stand-in sbatch)', () => {
  it('submits the array, then the merge after it, and prints both job ids; a refused merge names the submitted array job', async () => {
    const dir = mkdtempSync(join(scratch, 'submit-'));
    const config = join(dir, 'grid.yaml');
    writeFileSync(config, SWEEP_DOC);
    const binDir = join(dir, 'bin');
    mkdirSync(binDir);
    const record = join(dir, 'calls.txt');
    writeFileSync(
      join(binDir, 'sbatch'),
      `#!/bin/bash\nprintf '%s\\n' "$*" >> '${record}'\nn=$(wc -l < '${record}')\nif [[ "$*" == *dependency* && -e '${dir}/refuse' ]]; then echo "sbatch: error: Invalid dependency" >&2; exit 1; fi\necho "$((100 + n));local"\n`,
    );
    chmodSync(join(binDir, 'sbatch'), 0o755);
    const env = { PATH: `${binDir}:/usr/bin:/bin` };
    const r = await run(['slurm', config, '--shards', '2', '--out', join(dir, 'out'), '--submit'], env);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /submitted: array job 101, merge job 102 \(afterok:101\)/);
    const calls = readFileSync(record, 'utf8').trim().split('\n');
    assert.deepEqual(calls, [
      `--parsable ${join(dir, 'out', 'slurm', 'grid.sbatch')}`,
      `--parsable --dependency=afterok:101 ${join(dir, 'out', 'slurm', 'grid-merge.sbatch')}`,
    ]);
    writeFileSync(join(dir, 'refuse'), '');
    const refused = await run(['slurm', config, '--shards', '2', '--out', join(dir, 'out'), '--submit'], env);
    assert.equal(refused.code, 2);
    assert.match(refused.err, /^lazyrich: --submit: sbatch refused the merge job \(error: Invalid dependency\); the array job 103 was submitted, so submit the merge yourself with: sbatch --dependency=afterok:103 \S+grid-merge\.sbatch\.\n$/);
  });
});

// ---------------------------------------------------------------------------------------------
// The real test against a running single-node Slurm.

/** Why Slurm cannot be used here, or undefined when a node is idle. */
function slurmUnavailable(): string | undefined {
  const r = spawnSync('sinfo', ['-h', '-N', '-o', '%T'], { encoding: 'utf8', timeout: 15_000 });
  if (r.error) return (r.error as NodeJS.ErrnoException).code === 'ENOENT' ? 'sinfo is not installed (Debian package slurm-wlm)' : r.error.message;
  if (r.status !== 0) return `sinfo failed: ${(r.stderr.split('\n').find((l) => l.trim() !== '') ?? `exit ${r.status}`).trim()}; start it with: bash scripts/slurm-local.sh start`;
  const states = r.stdout.split('\n').map((s) => s.trim()).filter((s) => s !== '');
  if (!states.some((s) => /^(idle|mixed)/.test(s))) return `no idle node (sinfo: ${states.join(', ') || 'no nodes'})`;
  if (!spawnSync('sbatch', ['--version'], { encoding: 'utf8' }).stdout) return 'sbatch is not available';
  return undefined;
}

/** The states of job `id` (one per array task) from scontrol (e.g. PENDING, RUNNING, COMPLETED, FAILED); empty once forgotten. */
function jobStates(id: string): string[] {
  const r = spawnSync('scontrol', ['show', 'job', '-o', id], { encoding: 'utf8', timeout: 15_000 });
  if (r.status !== 0) return [];
  return [...r.stdout.matchAll(/JobState=(\S+)/g)].map((m) => m[1]);
}

/** The state of job `id`, or undefined once forgotten. */
function jobState(id: string): string | undefined {
  return jobStates(id)[0];
}

/** The export of a store as JSON without the one field that legitimately differs between runs (each point's wall time). */
function comparable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(comparable);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (k === 'elapsedMs') continue; // wall time of a point's run
      out[k] = comparable(v);
    }
    return out;
  }
  return value;
}


describe('lazyrich slurm on a real single-node Slurm', () => {
  const why = slurmUnavailable();
  it('a 2-shard job array and its merge job give the same store as a local unsharded sweep', why ? { skip: `slurm not running: ${why}` } : { timeout: 240_000 }, async () => {
    const dir = mkdtempSync(join(scratch, 'real-'));
    const config = join(dir, 'six.yaml');
    writeFileSync(config, SWEEP_DOC);
    const out = join(dir, 'sharded');
    const r = await run(['slurm', config, '--shards', '2', '--out', out, '--time', '00:05:00', '--submit', '--json']);
    assert.equal(r.code, 0, r.err);
    const plan = JSON.parse(r.out) as { arrayJob: string; mergeJob: string; logs: string };
    assert.match(plan.arrayJob, /^\d+$/);
    assert.match(plan.mergeJob, /^\d+$/);
    const logs = (): string =>
      existsSync(plan.logs) ? readdirSync(plan.logs).map((f) => `--- ${f}\n${readFileSync(join(plan.logs, f), 'utf8')}`).join('\n') : '(no logs)';
    const deadline = Date.now() + 150_000;
    let state: string | undefined;
    for (;;) {
      state = jobState(plan.mergeJob);
      if (state === 'COMPLETED') break;
      const shardStates = jobStates(plan.arrayJob);
      if ((state !== undefined && !/^(PENDING|RUNNING|CONFIGURING|COMPLETING)$/.test(state)) || shardStates.some((s) => /FAIL|CANCEL|TIMEOUT|OUT_OF_ME|NODE_FAIL/.test(s))) {
        spawnSync('scancel', [plan.arrayJob, plan.mergeJob]);
        assert.fail(`merge job ${plan.mergeJob} is ${state}, array tasks of job ${plan.arrayJob}: ${shardStates.join(', ')}\n${logs()}`);
      }
      if (state === undefined && existsSync(join(out, 'index.sqlite')) && !spawnSync('squeue', ['-h', '-j', plan.mergeJob], { encoding: 'utf8' }).stdout.trim()) break;
      if (Date.now() > deadline) {
        spawnSync('scancel', [plan.arrayJob, plan.mergeJob]);
        assert.fail(`merge job ${plan.mergeJob} not done after 150 s (state ${state})\n${logs()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    for (const i of [0, 1]) assert.ok(existsSync(join(out, `shard-${i}`)), `shard-${i} missing\n${logs()}`);

    const local = join(dir, 'local');
    const l = await run(['sweep', config, '--out', local, '--workers', '1']);
    assert.equal(l.code, 0, l.err);
    const exportSharded = await run(['export', out, '--format', 'json', '--series']);
    assert.equal(exportSharded.code, 0, exportSharded.err);
    const exportLocal = await run(['export', local, '--format', 'json', '--series']);
    assert.equal(exportLocal.code, 0, exportLocal.err);
    const a = comparable(JSON.parse(exportSharded.out)) as { rows: { status: string; assignments: Record<string, number>; series?: unknown }[] };
    const b = comparable(JSON.parse(exportLocal.out)) as typeof a;
    // the export really holds the 6 points (3 λ × 2 scales), each done with its time series
    assert.equal(b.rows.length, 6);
    assert.deepEqual(b.rows.map((r) => r.assignments['init.lambda']).sort(), [-1, -1, 0, 0, 1, 1]);
    assert.ok(b.rows.every((r) => r.status === 'done' && r.series !== undefined), JSON.stringify(b.rows.map((r) => r.status)));
    assert.deepEqual(a, b);
  });

  it('a failing shard fails its array task and Slurm cancels the merge job (no merge of a partial sweep)', why ? { skip: `slurm not running: ${why}` } : { timeout: 240_000 }, async () => {
    const dir = mkdtempSync(join(scratch, 'real-fail-'));
    const config = join(dir, 'six.yaml');
    writeFileSync(config, SWEEP_DOC);
    const out = join(dir, 'sharded');
    mkdirSync(out);
    writeFileSync(join(out, 'shard-1'), 'a regular file where shard 1 would put its store\n');
    const r = await run(['slurm', config, '--shards', '2', '--out', out, '--time', '00:05:00', '--submit', '--json']);
    assert.equal(r.code, 0, r.err);
    const plan = JSON.parse(r.out) as { arrayJob: string; mergeJob: string; logs: string };
    const deadline = Date.now() + 150_000;
    let merge: string | undefined;
    let shards: string[] = [];
    for (;;) {
      merge = jobState(plan.mergeJob);
      shards = jobStates(plan.arrayJob);
      if (merge !== undefined && !/^(PENDING|RUNNING|CONFIGURING|COMPLETING)$/.test(merge) && !shards.some((s) => /^(PENDING|RUNNING|CONFIGURING|COMPLETING)$/.test(s))) break;
      if (Date.now() > deadline) {
        spawnSync('scancel', [plan.arrayJob, plan.mergeJob]);
        assert.fail(`jobs not finished after 150 s: merge ${merge}, shards ${shards.join(', ')}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    assert.deepEqual([...shards].sort(), ['COMPLETED', 'FAILED'], `array task states: ${shards.join(', ')}`);
    assert.equal(merge, 'CANCELLED');
    assert.equal(existsSync(join(out, 'index.sqlite')), false, 'a partial sweep was merged');
    const log = readdirSync(plan.logs).filter((f) => f.endsWith('_1.out')).map((f) => readFileSync(join(plan.logs, f), 'utf8')).join('');
    assert.match(log, /^lazyrich: .*shard-1/m, log);
  });
});
