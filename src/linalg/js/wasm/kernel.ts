/**
 * The WebAssembly SIMD (f64x2) matrix-product kernel, generated at run time by `./emit.ts`.
 *
 * The module imports one memory and exports:
 * - `micro(pa, pb, pc, ldc, kc, alpha)`: C[MR×NR] += alpha · Apanel · Bpanel, where `pa` points at
 *   an MR×kc micro-panel of A packed column by column (MR consecutive doubles per k), `pb` at a
 *   kc×NR micro-panel of B packed row by row (NR consecutive doubles per k), `pc` at the top-left
 *   entry of a row-major C tile with row stride `ldc` bytes. `kc` must be a positive multiple of
 *   {@link UNROLL}. The MR×NR accumulators live in v128 locals (NR/2 vectors per row); each k step
 *   loads NR/2 vectors of B, splats MR entries of A and does MR·NR/2 f64x2 multiply-adds (as a
 *   separate mul and add, so results are identical on every platform: no fused multiply-add).
 * - `macro(pa, pb, pc, ldc, mb, nb, kc, alpha)`: runs `micro` over an (mb·MR)×(nb·NR) block, B
 *   micro-panels in the outer loop (one stays in L1 while the A block streams from L2).
 *
 * Addresses and `ldc` are in bytes. Everything is instantiated synchronously
 * (`new WebAssembly.Module`), so it works in Node and in browsers, and compiled once, lazily, on
 * first use ({@link getWasmKernel}). The module is under 1 KB, well within the 4 KB that Chrome
 * allows for synchronous compilation on a page's main thread. Where compilation is refused (no
 * WebAssembly, no SIMD, a Content-Security-Policy without 'wasm-unsafe-eval'), {@link getWasmKernel}
 * returns null and the product runs on the scalar TypeScript kernel instead.
 *
 * The 4×4 tile with the k loop not unrolled was the fastest of the shapes tried on Node 20 / x86-64
 * (4×4, 2×6, 3×4, 2×8, 4×6, 6×4, 3×6, 4×8, 8×4; unroll 1, 2, 4): larger tiles need more than the 16
 * vector registers and spill.
 * @module
 */
import { F64, FunctionBuilder, I32, V128, assembleModule } from './emit.js';

/** Rows of the micro-tile (entries of A splatted per k step). */
export const WASM_MR = 4;
/** Columns of the micro-tile (must be even: NR/2 f64x2 vectors per row). */
export const WASM_NR = 4;
/** The k loop is unrolled this many times; packed panels are zero-padded to a multiple of it. */
export const UNROLL = 1;

/** Builds the kernel module's bytes for an MR×NR micro-tile with the k loop unrolled `unroll` times. */
export function buildKernelBytes(MR: number = WASM_MR, NR: number = WASM_NR, unroll: number = UNROLL): Uint8Array<ArrayBuffer> {
  if (NR % 2 !== 0) throw new Error('buildKernelBytes: NR must be even');
  const NV = NR / 2;

  // micro(pa, pb, pc, ldc, kc, alpha)
  const micro = new FunctionBuilder([I32, I32, I32, I32, I32, F64]);
  const [pa, pb, pc, ldc, kc, alpha] = [0, 1, 2, 3, 4, 5];
  const acc: number[] = [];
  for (let i = 0; i < MR * NV; i++) acc.push(micro.local(V128));
  const bv: number[] = [];
  for (let v = 0; v < NV; v++) bv.push(micro.local(V128));
  const av = micro.local(V128);
  const end = micro.local(I32);
  micro.get(pa).get(kc).i32(MR * 8).i32Mul().i32Add().set(end);
  micro.loop();
  for (let u = 0; u < unroll; u++) {
    for (let v = 0; v < NV; v++) micro.get(pb).v128Load((u * NR + 2 * v) * 8).set(bv[v]);
    for (let r = 0; r < MR; r++) {
      micro.get(pa).v128Load64Splat((u * MR + r) * 8).set(av);
      for (let v = 0; v < NV; v++) {
        const c = acc[r * NV + v];
        micro.get(c).get(av).get(bv[v]).f64x2Mul().f64x2Add().set(c);
      }
    }
  }
  micro.get(pa).i32(unroll * MR * 8).i32Add().set(pa);
  micro.get(pb).i32(unroll * NR * 8).i32Add().set(pb);
  micro.get(pa).get(end).i32LtU().brIf(0);
  micro.end();
  // C += alpha · acc
  micro.get(alpha).f64x2Splat().set(av);
  for (let r = 0; r < MR; r++) {
    for (let v = 0; v < NV; v++) {
      micro.get(pc).get(pc).v128Load(16 * v).get(acc[r * NV + v]).get(av).f64x2Mul().f64x2Add().v128Store(16 * v);
    }
    if (r < MR - 1) micro.get(pc).get(ldc).i32Add().set(pc);
  }

  // macro(pa, pb, pc, ldc, mb, nb, kc, alpha)
  const macro = new FunctionBuilder([I32, I32, I32, I32, I32, I32, I32, F64]);
  const [Mpa, Mpb, Mpc, Mldc, Mmb, Mnb, Mkc, Malpha] = [0, 1, 2, 3, 4, 5, 6, 7];
  const jr = macro.local(I32);
  const ir = macro.local(I32);
  const ap = macro.local(I32);
  const cp = macro.local(I32);
  const astride = macro.local(I32);
  const bstride = macro.local(I32);
  const cstride = macro.local(I32);
  macro.get(Mkc).i32(MR * 8).i32Mul().set(astride);
  macro.get(Mkc).i32(NR * 8).i32Mul().set(bstride);
  macro.get(Mldc).i32(MR).i32Mul().set(cstride);
  macro.loop(); // over jr
  macro.i32(0).set(ir);
  macro.get(Mpa).set(ap);
  macro.get(Mpc).set(cp);
  macro.loop(); // over ir
  macro.get(ap).get(Mpb).get(cp).get(Mldc).get(Mkc).get(Malpha).call(0);
  macro.get(ap).get(astride).i32Add().set(ap);
  macro.get(cp).get(cstride).i32Add().set(cp);
  macro.get(ir).i32(1).i32Add().tee(ir).get(Mmb).i32LtU().brIf(0);
  macro.end();
  macro.get(Mpb).get(bstride).i32Add().set(Mpb);
  macro.get(Mpc).i32(NR * 8).i32Add().set(Mpc);
  macro.get(jr).i32(1).i32Add().tee(jr).get(Mnb).i32LtU().brIf(0);
  macro.end();

  return assembleModule([
    { name: 'micro', fn: micro },
    { name: 'macro', fn: macro },
  ]);
}

/** A compiled kernel with its memory. */
export interface WasmKernel {
  readonly MR: number;
  readonly NR: number;
  readonly unroll: number;
  readonly memory: WebAssembly.Memory;
  /** Current Float64Array view of the whole memory (refreshed by {@link ensureBytes}). */
  f64: Float64Array;
  readonly macro: (
    pa: number,
    pb: number,
    pc: number,
    ldc: number,
    mb: number,
    nb: number,
    kc: number,
    alpha: number,
  ) => void;
  /** Grows the memory to at least `bytes` and refreshes `f64`. */
  ensureBytes(bytes: number): void;
}

const cache: { kernel: WasmKernel | null | undefined } = { kernel: undefined };

/** Compiles and instantiates a kernel, or returns null where WebAssembly SIMD is unavailable. */
export function instantiateWasmKernel(MR: number = WASM_MR, NR: number = WASM_NR, unroll: number = UNROLL): WasmKernel | null {
  try {
    if (typeof WebAssembly !== 'object' || typeof WebAssembly.Module !== 'function') return null;
    const bytes = buildKernelBytes(MR, NR, unroll);
    const module = new WebAssembly.Module(bytes);
    const memory = new WebAssembly.Memory({ initial: 16 });
    const instance = new WebAssembly.Instance(module, { env: { memory } });
    const exports = instance.exports as unknown as { macro: WasmKernel['macro'] };
    const kernel: WasmKernel = {
      MR,
      NR,
      unroll,
      memory,
      f64: new Float64Array(memory.buffer),
      macro: exports.macro,
      ensureBytes(needed: number): void {
        const have = memory.buffer.byteLength;
        if (needed > have) memory.grow(Math.ceil((needed - have) / 65536));
        if (this.f64.buffer !== memory.buffer || this.f64.length * 8 !== memory.buffer.byteLength) {
          this.f64 = new Float64Array(memory.buffer);
        }
      },
    };
    return kernel;
  } catch {
    return null;
  }
}

/** The lazily compiled kernel (compiled on first call), or null where WebAssembly SIMD is unavailable. */
export function getWasmKernel(): WasmKernel | null {
  if (cache.kernel === undefined) cache.kernel = instantiateWasmKernel();
  return cache.kernel;
}
