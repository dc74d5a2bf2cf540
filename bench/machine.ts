/**
 * Machine context for the benchmark header: CPU busy fraction from /proc/stat, load average,
 * CPU model, and best-of-N timing shared by every group.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';

/** Aggregate CPU jiffies from the first line of /proc/stat, or undefined off Linux. */
export interface CpuSample {
  busy: number;
  total: number;
}

export function sampleCpu(): CpuSample | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0];
    // cpu user nice system idle iowait irq softirq steal [guest guest_nice] — guest time is already in user.
    const f = line.trim().split(/\s+/).slice(1, 9).map(Number);
    if (f.length < 8 || f.some((x) => !Number.isFinite(x))) return undefined;
    const total = f.reduce((a, b) => a + b, 0);
    const idle = f[3] + f[4];
    return { busy: total - idle, total };
  } catch {
    return undefined;
  }
}

/** Percentage of all CPUs busy between two samples, or undefined. */
export function busyPercent(a: CpuSample | undefined, b: CpuSample | undefined): number | undefined {
  if (a === undefined || b === undefined || b.total <= a.total) return undefined;
  return (100 * (b.busy - a.busy)) / (b.total - a.total);
}

/** Busy percent over a short idle wait before the run: the background load of the machine. */
export async function backgroundBusyPercent(ms = 500): Promise<number | undefined> {
  const a = sampleCpu();
  await new Promise((r) => setTimeout(r, ms));
  return busyPercent(a, sampleCpu());
}

/** /proc/stat counts in USER_HZ ticks, 100 per second on every Linux architecture we run on. */
const USER_HZ = 100;

/**
 * Starts measuring how much of the machine *other* processes use: call `stop(ownCpuSeconds)` with
 * the CPU seconds the measured work itself used (this process and its helpers); it returns
 * 100·(busy CPU seconds of the machine − own seconds) / (CPU seconds available), clamped at 0,
 * or undefined without /proc/stat or when the interval is shorter than a tick.
 */
export function startLoadMeter(): { stop(ownCpuSeconds: number): number | undefined } {
  const a = sampleCpu();
  return {
    stop(ownCpuSeconds: number) {
      const b = sampleCpu();
      if (a === undefined || b === undefined || b.total - a.total < 5) return undefined;
      const busy = (b.busy - a.busy) / USER_HZ;
      const total = (b.total - a.total) / USER_HZ;
      return Math.max(0, (100 * (busy - ownCpuSeconds)) / total);
    },
  };
}

/** CPU seconds (user + system) this process used since `since` (a `process.cpuUsage()` value). */
export function ownCpuSeconds(since: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1e6;
}

export function machineSummary(): string {
  const c = cpus();
  const [l1, l5] = loadavg();
  return `${c.length} x ${c[0]?.model ?? 'unknown CPU'}; loadavg ${l1.toFixed(2)} (1 min) ${l5.toFixed(2)} (5 min); node ${process.version}`;
}

/** Best-of-N timing: one warm-up call, then calls until their total ≥ minSeconds or maxReps calls. */
export interface TimingOptions {
  minSeconds: number;
  maxReps: number;
}

export function timeBest<R>(fn: () => R, { minSeconds, maxReps }: TimingOptions): { seconds: number; reps: number; result: R } {
  let result = fn(); // warm-up (JIT, caches, lazy loading)
  let best = Infinity;
  let total = 0;
  let reps = 0;
  while (reps < 1 || (total < minSeconds && reps < maxReps)) {
    const t0 = performance.now();
    result = fn();
    const dt = (performance.now() - t0) / 1000;
    best = Math.min(best, dt);
    total += dt;
    reps++;
  }
  return { seconds: best, reps, result };
}
