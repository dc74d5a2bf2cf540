/**
 * The one reproduction report of `lazyrich reproduce all` (issue 7): run metadata, a
 * paper-vs-lazyrich table of every check of every experiment, a summary with the failing checks
 * first, then each experiment's figures and notes — as Markdown ({@link reproductionReportMarkdown})
 * and as a self-contained HTML page ({@link reproductionReportHtml}: inline CSS, every figure's SVG
 * inlined, no external file and no network).
 *
 * Pure string functions of a {@link ReproductionReport}; the command line measures the times,
 * runs the experiments and writes the files (`src/cli/commands/reproduce.ts`).
 * @module
 */
import { escapeXml } from '../plot/svg.js';
import type { Budget, ExperimentCheck, ExperimentResult } from './types.js';

/** How a report run was made: the facts a reader needs to judge and repeat it. */
export interface ReportMetadata {
  /** When the run started, ISO 8601 (e.g. `"2026-11-25T18:40:00.000Z"`). */
  date: string;
  budget: Budget;
  seed: number;
  /** lazyrich version (package.json). */
  version: string;
  /** Linear-algebra backend in use (`js` or `native`) and, optionally, why. */
  backend: string;
  /** Logical CPU cores of the machine. */
  cores: number;
  /** Wall time of the whole command in seconds (runs, file writing and rasterising). */
  totalSeconds: number;
  /** Node.js version, e.g. `"v20.19.0"`, when known. */
  node?: string;
  /** The command line that produced the report, when known. */
  command?: string;
  /** 1-minute load average at the start (a shared machine slows every timing), when known. */
  loadAverage?: number;
  /** CPU time (user + system) of the whole command in seconds, when known: unlike the wall time it barely depends on other load. */
  cpuSeconds?: number;
}

/** One experiment of the report: its result (or the error that stopped it) and its wall time. */
export interface ReportEntry {
  id: string;
  title: string;
  /** Paper and figure reproduced, e.g. "Dominé et al. 2025, Fig. 2". */
  reproduces: string;
  /** Wall time of `experiment.run` in seconds. */
  seconds: number;
  /** CPU time (user + system, all threads) of `experiment.run` in seconds, when measured. */
  cpuSeconds?: number;
  /** The result; absent when the experiment threw (then {@link ReportEntry.error} says why). */
  result?: ExperimentResult;
  /** The error message when the experiment threw instead of returning a result. */
  error?: string;
  /** Folder of the experiment's files relative to the report (default: its id). */
  dir?: string;
}

/** Everything the report shows. */
export interface ReproductionReport {
  metadata: ReportMetadata;
  entries: ReportEntry[];
}

/** One row of the paper-vs-lazyrich table. */
export interface ReportCheckRow extends ExperimentCheck {
  /** Experiment id. */
  experiment: string;
}

/** The counts and the ordered check rows of a report. */
export interface ReportSummary {
  /** Checks that passed, and all checks (an experiment that threw counts as one failed check). */
  passed: number;
  total: number;
  /** Experiments whose checks all passed and that did not throw, and all experiments. */
  experimentsPassed: number;
  experiments: number;
  /** Sum of the per-experiment wall times in seconds. */
  sumSeconds: number;
  /** Every check, the failing ones first, each group in registry order. */
  rows: ReportCheckRow[];
  /** The failing rows only (the head of `rows`). */
  failing: ReportCheckRow[];
}

/** The check rows of one entry; an experiment that threw gives one failing row naming the error. */
function entryRows(e: ReportEntry): ReportCheckRow[] {
  if (e.result === undefined) {
    return [{ experiment: e.id, name: 'experiment ran', paper: 'runs to completion', ours: `error: ${e.error ?? 'no result'}`, tolerance: 'no error', pass: false }];
  }
  return e.result.checks.map((c) => ({ experiment: e.id, ...c }));
}

/**
 * Counts and orders the checks of a report: failing rows first, then passing rows, each group in
 * the order of the entries and of the checks within them.
 * @example
 * const check = (name: string, pass: boolean) => ({ name, paper: '0.0222', ours: pass ? '0.02215' : '0.5', tolerance: '≤ 1e-3', pass });
 * const report = {
 *   metadata: { date: '2026-01-01T00:00:00.000Z', budget: 'quick' as const, seed: 0, version: '0.1.0', backend: 'js', cores: 2, totalSeconds: 1.5 },
 *   entries: [{ id: 'demo/one', title: 'One', reproduces: 'A paper, Fig. 1', seconds: 1.5,
 *     result: { id: 'demo/one', title: 'One', figures: [], tables: [], notes: [], checks: [check('first', true), check('second', false)] } }],
 * };
 * const s = reportSummary(report);
 * `${s.passed}/${s.total}`; // → "1/2"
 * s.rows.map((r) => r.name); // → ["second", "first"] (failing first)
 */
export function reportSummary(report: ReproductionReport): ReportSummary {
  const all = report.entries.flatMap(entryRows);
  const failing = all.filter((r) => !r.pass);
  const passing = all.filter((r) => r.pass);
  return {
    passed: passing.length,
    total: all.length,
    experimentsPassed: report.entries.filter((e) => entryRows(e).every((r) => r.pass)).length,
    experiments: report.entries.length,
    sumSeconds: report.entries.reduce((a, e) => a + e.seconds, 0),
    rows: [...failing, ...passing],
    failing,
  };
}

/** Seconds for people: `0.42 s`, `12.3 s`, `4 min 05 s`. */
export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return String(seconds);
  if (seconds < 10) return `${seconds.toFixed(2)} s`;
  if (seconds < 120) return `${seconds.toFixed(1)} s`;
  const m = Math.floor(seconds / 60);
  const s = Math.round(seconds - 60 * m);
  return `${m} min ${String(s).padStart(2, '0')} s`;
}

/**
 * Escapes text for a Markdown table cell or inline text: `|`, `\`, backticks, `*`, `_`, `[`, `]`,
 * `<` and `>` are backslash-escaped and line breaks become spaces, so a check's text can never
 * break the table or inject markup.
 * @example escapeMarkdown('a | b_c'); // → "a \\| b\\_c"
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/\r?\n|\r/g, ' ').replace(/([\\|`*_[\]<>])/g, '\\$1');
}

/** A relative link path: each segment percent-encoded. */
function linkPath(...segments: string[]): string {
  return segments.flatMap((s) => s.split('/')).map(encodeURIComponent).join('/');
}

function entryDir(e: ReportEntry): string {
  return e.dir ?? e.id;
}

function cpu(e: ReportEntry): string {
  return e.cpuSeconds === undefined ? '—' : formatSeconds(e.cpuSeconds);
}

function entryStatus(e: ReportEntry): string {
  if (e.result === undefined) return 'error';
  const passed = e.result.checks.filter((c) => c.pass).length;
  return `${passed}/${e.result.checks.length}`;
}

function metadataLines(report: ReproductionReport, s: ReportSummary): [string, string][] {
  const m = report.metadata;
  const lines: [string, string][] = [
    ['Date', m.date],
    ['Budget', m.budget],
    ['Seed', String(m.seed)],
    ['lazyrich version', m.version],
    ['Backend', m.backend],
    ['Machine cores', String(m.cores)],
  ];
  if (m.loadAverage !== undefined) lines.push(['Load average at start (1 min)', m.loadAverage.toFixed(2)]);
  if (m.node !== undefined) lines.push(['Node.js', m.node]);
  if (m.command !== undefined) lines.push(['Command', m.command]);
  lines.push(
    ['Total wall time', formatSeconds(m.totalSeconds)],
    ['Sum of the experiments\' wall times', formatSeconds(s.sumSeconds)],
    ...(m.cpuSeconds !== undefined ? [['CPU time (user + system)', formatSeconds(m.cpuSeconds)] as [string, string]] : []),
    ['Checks passed', `${s.passed}/${s.total}`],
    ['Experiments with every check passed', `${s.experimentsPassed}/${s.experiments}`],
  );
  return lines;
}

/**
 * The report as Markdown, meant to be written as `<out>/report.md` next to the experiments'
 * folders (figures are linked as `<id>/<name>.svg`). Every text taken from a result is escaped.
 * @example
 * const check = (name: string, pass: boolean) => ({ name, paper: '0.0222', ours: pass ? '0.02215' : '0.5', tolerance: '≤ 1e-3', pass });
 * const report = {
 *   metadata: { date: '2026-01-01T00:00:00.000Z', budget: 'quick' as const, seed: 0, version: '0.1.0', backend: 'js', cores: 2, totalSeconds: 1.5 },
 *   entries: [{ id: 'demo/one', title: 'One', reproduces: 'A paper, Fig. 1', seconds: 1.5,
 *     result: { id: 'demo/one', title: 'One', figures: [], tables: [], notes: [], checks: [check('first', true), check('second', false)] } }],
 * };
 * const md = reproductionReportMarkdown(report);
 * md.split('\n')[2]; // → "**1/2 checks passed** in 1 experiments (0 with every check passed)."
 * md.includes('| demo/one | second | 0.0222 | 0.5 | ≤ 1e-3 | **NO** |'); // → true
 */
export function reproductionReportMarkdown(report: ReproductionReport): string {
  const s = reportSummary(report);
  const e = escapeMarkdown;
  const out: string[] = ['# lazyrich reproduction report', ''];
  out.push(`**${s.passed}/${s.total} checks passed** in ${s.experiments} experiments (${s.experimentsPassed} with every check passed).`, '');
  out.push('## Run', '', '| | |', '|---|---|');
  for (const [k, v] of metadataLines(report, s)) out.push(`| ${e(k)} | ${e(v)} |`);
  out.push('', '## Summary', '');
  if (s.failing.length === 0) out.push('Every check passed.');
  else {
    out.push(`${s.failing.length} failing check${s.failing.length === 1 ? '' : 's'}:`, '');
    for (const r of s.failing) out.push(`- **${e(r.experiment)}**: ${e(r.name)} — ours ${e(r.ours)}, paper ${e(r.paper)}, tolerance ${e(r.tolerance)}`);
  }
  out.push('', '| experiment | reproduces | checks passed | wall time | CPU time |', '|---|---|---|---|---|');
  for (const x of report.entries) out.push(`| [${e(x.id)}](${linkPath(entryDir(x), 'report.md')}) | ${e(x.reproduces)} | ${entryStatus(x)} | ${formatSeconds(x.seconds)} | ${cpu(x)} |`);
  out.push('', '## Paper vs lazyrich: every check', '', 'Failing checks first.', '');
  out.push('| experiment | check | paper | ours | tolerance | pass |', '|---|---|---|---|---|---|');
  for (const r of s.rows) out.push(`| ${e(r.experiment)} | ${e(r.name)} | ${e(r.paper)} | ${e(r.ours)} | ${e(r.tolerance)} | ${r.pass ? 'yes' : '**NO**'} |`);
  out.push('', '## Experiments');
  for (const x of report.entries) {
    out.push('', `### ${e(x.id)}`, '');
    out.push(`${e(x.result?.title ?? x.title)} — ${e(x.reproduces)}. Checks ${entryStatus(x)}; wall time ${formatSeconds(x.seconds)}; files in [${e(entryDir(x))}/](${linkPath(entryDir(x), 'report.md')}).`);
    if (x.result === undefined) {
      out.push('', `The experiment stopped with an error: ${e(x.error ?? 'no result')}`);
      continue;
    }
    for (const f of x.result.figures) {
      out.push('', `![${e(f.caption)}](${linkPath(entryDir(x), `${f.name}.svg`)})`, '', `*${e(f.caption)}*`);
    }
    if (x.result.notes.length > 0) {
      out.push('', 'Notes:', '');
      for (const n of x.result.notes) out.push(`- ${e(n)}`);
    }
  }
  return out.join('\n') + '\n';
}

/** An HTML/Markdown anchor for an experiment id (`lazy-to-rich/fig2` → `exp-lazy-to-rich-fig2`). */
function anchor(id: string): string {
  return `exp-${id.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}`;
}

/**
 * An SVG figure made ready to inline in HTML: the XML declaration, doctype and comments are
 * dropped, and anything active (`<script>`, `<foreignObject>`, `on…=` handlers, `href`s that are
 * not fragment references) is removed, so an inlined figure can only draw. Our figures (from
 * `src/plot/`) contain none of these; the guard keeps the page inert whatever a result carries.
 */
export function inlineSvg(svg: string): string {
  let s = svg
    .replace(/<\?xml[\s\S]*?\?>/g, '')
    .replace(/<!DOCTYPE[\s\S]*?>/gi, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<script[\s\S]*?<\/script\s*>/gi, '')
    .replace(/<script[^>]*\/>/gi, '')
    .replace(/<foreignObject[\s\S]*?<\/foreignObject\s*>/gi, '')
    .replace(/\son[a-z]+\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi, '')
    .replace(/\s(?:xlink:)?href\s*=\s*("(?!#)[^"]*"|'(?!#)[^']*')/gi, '')
    .trim();
  if (!/^<svg[\s>]/.test(s)) s = `<pre>${escapeXml(svg)}</pre>`;
  return s;
}

const CSS = `
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;max-width:1200px;margin:2em auto;padding:0 1em}
h1{font-size:1.7em;margin-bottom:.2em}h2{margin-top:2em;border-bottom:1px solid #ccc}h3{margin-top:1.6em}
table{border-collapse:collapse;margin:.8em 0;font-size:.9em}th,td{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}
th{background:#f2f2f2}tr.fail td{background:#fdecec}td.pass{color:#17632a;font-weight:600}td.fail{color:#a3121b;font-weight:700}
.verdict{font-size:1.15em;padding:.5em .8em;border-radius:4px;display:inline-block}.verdict.ok{background:#e6f4ea}.verdict.bad{background:#fdecec}
figure{margin:1em 0;overflow-x:auto}figure svg{max-width:100%;height:auto}figcaption{font-style:italic;color:#444}
ul.notes li{margin:.2em 0}code{background:#f4f4f4;padding:0 .2em}
`.trim();

/**
 * The report as one self-contained HTML page: inline CSS, every figure's SVG inlined (see
 * {@link inlineSvg}), no external file, script or network request. Every text taken from a
 * result or the metadata is HTML-escaped.
 * @example
 * const check = (name: string, pass: boolean) => ({ name, paper: '0.0222', ours: pass ? '0.02215' : '0.5', tolerance: '≤ 1e-3', pass });
 * const report = {
 *   metadata: { date: '2026-01-01T00:00:00.000Z', budget: 'quick' as const, seed: 0, version: '0.1.0', backend: 'js', cores: 2, totalSeconds: 1.5 },
 *   entries: [{ id: 'demo/one', title: 'One', reproduces: 'A paper, Fig. 1', seconds: 1.5,
 *     result: { id: 'demo/one', title: 'One', figures: [], tables: [], notes: [], checks: [check('first', true), check('second', false)] } }],
 * };
 * const html = reproductionReportHtml(report);
 * html.startsWith('<!DOCTYPE html>'); // → true
 * html.includes('src="http'); // → false (self-contained: no external file or request)
 */
export function reproductionReportHtml(report: ReproductionReport): string {
  const s = reportSummary(report);
  const h = escapeXml;
  const out: string[] = [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>lazyrich reproduction report (${h(report.metadata.budget)}, ${h(report.metadata.date)})</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    '<h1>lazyrich reproduction report</h1>',
    `<p class="verdict ${s.failing.length === 0 ? 'ok' : 'bad'}"><strong>${s.passed}/${s.total} checks passed</strong> in ${s.experiments} experiments (${s.experimentsPassed} with every check passed).</p>`,
    '<h2>Run</h2>',
    '<table class="meta"><tbody>',
  ];
  for (const [k, v] of metadataLines(report, s)) out.push(`<tr><th>${h(k)}</th><td>${h(v)}</td></tr>`);
  out.push('</tbody></table>', '<h2>Summary</h2>');
  if (s.failing.length === 0) out.push('<p>Every check passed.</p>');
  else {
    out.push(`<p>${s.failing.length} failing check${s.failing.length === 1 ? '' : 's'}:</p>`, '<ul class="failing">');
    for (const r of s.failing) out.push(`<li><a href="#${anchor(r.experiment)}"><strong>${h(r.experiment)}</strong></a>: ${h(r.name)} — ours ${h(r.ours)}, paper ${h(r.paper)}, tolerance ${h(r.tolerance)}</li>`);
    out.push('</ul>');
  }
  out.push('<table class="experiments"><thead><tr><th>experiment</th><th>reproduces</th><th>checks passed</th><th>wall time</th><th>CPU time</th></tr></thead><tbody>');
  for (const x of report.entries) {
    const bad = x.result === undefined || x.result.checks.some((c) => !c.pass);
    out.push(`<tr${bad ? ' class="fail"' : ''}><td><a href="#${anchor(x.id)}">${h(x.id)}</a></td><td>${h(x.reproduces)}</td><td>${h(entryStatus(x))}</td><td>${h(formatSeconds(x.seconds))}</td><td>${h(cpu(x))}</td></tr>`);
  }
  out.push('</tbody></table>', '<h2>Paper vs lazyrich: every check</h2>', '<p>Failing checks first.</p>');
  out.push('<table class="checks"><thead><tr><th>experiment</th><th>check</th><th>paper</th><th>ours</th><th>tolerance</th><th>pass</th></tr></thead><tbody>');
  for (const r of s.rows) {
    out.push(`<tr${r.pass ? '' : ' class="fail"'}><td>${h(r.experiment)}</td><td>${h(r.name)}</td><td>${h(r.paper)}</td><td>${h(r.ours)}</td><td>${h(r.tolerance)}</td><td class="${r.pass ? 'pass' : 'fail'}">${r.pass ? 'yes' : 'NO'}</td></tr>`);
  }
  out.push('</tbody></table>', '<h2>Experiments</h2>');
  for (const x of report.entries) {
    out.push(`<section id="${anchor(x.id)}">`, `<h3>${h(x.id)}</h3>`);
    out.push(`<p>${h(x.result?.title ?? x.title)} — ${h(x.reproduces)}. Checks ${h(entryStatus(x))}; wall time ${h(formatSeconds(x.seconds))}; files in <code>${h(entryDir(x))}/</code>.</p>`);
    if (x.result === undefined) out.push(`<p class="error">The experiment stopped with an error: ${h(x.error ?? 'no result')}</p>`);
    else {
      for (const f of x.result.figures) out.push('<figure>', inlineSvg(f.svg), `<figcaption>${h(f.caption)}</figcaption>`, '</figure>');
      if (x.result.notes.length > 0) {
        out.push('<ul class="notes">');
        for (const n of x.result.notes) out.push(`<li>${h(n)}</li>`);
        out.push('</ul>');
      }
    }
    out.push('</section>');
  }
  out.push('</body>', '</html>');
  return out.join('\n') + '\n';
}
