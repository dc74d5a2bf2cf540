/**
 * The phase-diagram view's reader of the sweep stores `lazyrich explore --store` serves
 * (`/api/stores`, see `src/web/server.ts`): the list, a store's point rows, and a finished point's
 * series arrays decoded from `.npy` by the core's reader.
 * @module
 */
import { decodeNpy } from '../../../../io/npy.js';
import type { PointRow } from '../../../../store/types.js';

/** One served store as `/api/stores` lists it. */
export interface StoreListing {
  name: string;
  [key: string]: unknown;
}

async function getJson<T>(url: string): Promise<T> {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`${url}: HTTP ${r.status} ${(await r.text()).trim()}`);
  return (await r.json()) as T;
}

/** The stores the server serves ([] when the page is not served by `lazyrich explore`). */
export async function listStores(): Promise<StoreListing[]> {
  try {
    return (await getJson<{ stores: StoreListing[] }>('./api/stores')).stores;
  } catch {
    return [];
  }
}

/** The point rows of one store. */
export async function storePoints(name: string): Promise<PointRow[]> {
  return (await getJson<{ points: PointRow[] }>(`./api/stores/${encodeURIComponent(name)}/points`)).points;
}

/** A point's time series: `t` and every `series.<name>.npy` that is one-dimensional. */
export async function pointSeries(name: string, key: string): Promise<{ t: Float64Array; series: Record<string, Float64Array> }> {
  const base = `./api/stores/${encodeURIComponent(name)}/points/${encodeURIComponent(key)}/arrays`;
  const { files } = await getJson<{ files: string[] }>(base);
  const series: Record<string, Float64Array> = {};
  let t = new Float64Array(0);
  for (const f of files) {
    if (!f.startsWith('series.')) continue;
    const r = await fetch(`${base}/${encodeURIComponent(f)}`);
    if (!r.ok) continue;
    const a = decodeNpy(new Uint8Array(await r.arrayBuffer()));
    if (a.shape.length !== 1) continue;
    const data = Float64Array.from(a.data);
    const raw = f.slice('series.'.length, -'.npy'.length);
    let nm = raw;
    try {
      nm = decodeURIComponent(raw); // the store percent-encodes names that are not file-name safe
    } catch {
      // not percent-encoded: keep the file's name
    }
    if (nm === 't') t = data;
    else series[nm] = data;
  }
  return { t, series };
}

/** Numeric assignment keys and summary keys present in the rows (for the axis and colour menus). */
export function storeKeys(rows: readonly PointRow[]): { axes: string[]; values: string[] } {
  const axes = new Set<string>();
  const values = new Set<string>();
  for (const r of rows) {
    for (const [k, v] of Object.entries(r.assignments)) if (typeof v === 'number') axes.add(k);
    for (const [k, v] of Object.entries(r.summary ?? {})) if (typeof v === 'number') values.add(k);
  }
  return { axes: [...axes].sort(), values: [...values].sort() };
}

/**
 * A heatmap of `value` over the distinct values of two assignment keys (mean over replicates;
 * NaN where no finished point): `z[j·nx + i]` with j over ascending `y` values.
 */
export function storeGrid(rows: readonly PointRow[], xKey: string, yKey: string, value: string): { xs: number[]; ys: number[]; z: Float64Array; keys: (string | null)[] } {
  const xs = [...new Set(rows.map((r) => r.assignments[xKey]).filter((v): v is number => typeof v === 'number'))].sort((a, b) => a - b);
  const ys = [...new Set(rows.map((r) => r.assignments[yKey]).filter((v): v is number => typeof v === 'number'))].sort((a, b) => a - b);
  const sum = new Float64Array(xs.length * ys.length);
  const count = new Float64Array(xs.length * ys.length);
  const keys: (string | null)[] = new Array(xs.length * ys.length).fill(null);
  for (const r of rows) {
    const i = xs.indexOf(r.assignments[xKey] as number);
    const j = ys.indexOf(r.assignments[yKey] as number);
    if (i < 0 || j < 0) continue;
    keys[j * xs.length + i] ??= r.status === 'done' ? r.key : null;
    const v = r.summary?.[value];
    if (r.status !== 'done' || typeof v !== 'number' || !Number.isFinite(v)) continue;
    sum[j * xs.length + i] += v;
    count[j * xs.length + i] += 1;
  }
  const z = new Float64Array(xs.length * ys.length);
  for (let k = 0; k < z.length; k++) z[k] = count[k] > 0 ? sum[k] / count[k] : NaN;
  return { xs, ys, z, keys };
}
