/**
 * A tiny WebAssembly binary emitter: just enough of the format (type, import, function, export and
 * code sections; locals; integer, f64 and f64x2 SIMD instructions; structured control flow) to
 * generate the matrix-product kernels in `./kernel.ts` from TypeScript, with no toolchain and no
 * binary blob in the repository.
 *
 * Reference: the WebAssembly core specification, binary format (§5) and the fixed-width SIMD
 * proposal (opcodes after the 0xFD prefix).
 * @module
 */

/** Value types. */
export const I32 = 0x7f;
export const F64 = 0x7c;
export const V128 = 0x7b;
export type ValType = typeof I32 | typeof F64 | typeof V128;

/** Unsigned LEB128. */
export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n = Math.floor(n / 128);
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

/** Signed LEB128 (for i32.const). */
export function sleb(n: number): number[] {
  const out: number[] = [];
  n |= 0;
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

function utf8(s: string): number[] {
  return [...uleb(s.length), ...Array.from(s, (ch) => ch.charCodeAt(0))];
}

function vec(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

/**
 * Builds one function body. Methods append instructions and return `this`, so code reads as a
 * flat instruction listing. Locals are declared with {@link FunctionBuilder.local} (parameters come
 * first, numbered 0…).
 */
export class FunctionBuilder {
  readonly params: ValType[];
  readonly results: ValType[];
  private readonly localTypes: ValType[] = [];
  private readonly code: number[] = [];

  constructor(params: ValType[], results: ValType[] = []) {
    this.params = params;
    this.results = results;
  }

  /** Declares a new local of type `t` and returns its index. */
  local(t: ValType): number {
    this.localTypes.push(t);
    return this.params.length + this.localTypes.length - 1;
  }

  private op(...bytes: number[]): this {
    for (const b of bytes) this.code.push(b);
    return this;
  }

  private simd(opcode: number, ...rest: number[]): this {
    return this.op(0xfd, ...uleb(opcode), ...rest);
  }

  get(i: number): this {
    return this.op(0x20, ...uleb(i));
  }
  set(i: number): this {
    return this.op(0x21, ...uleb(i));
  }
  tee(i: number): this {
    return this.op(0x22, ...uleb(i));
  }
  i32(v: number): this {
    return this.op(0x41, ...sleb(v));
  }
  f64(v: number): this {
    const b = new Uint8Array(new Float64Array([v]).buffer);
    return this.op(0x44, ...b);
  }
  i32Add(): this {
    return this.op(0x6a);
  }
  i32Sub(): this {
    return this.op(0x6b);
  }
  i32Mul(): this {
    return this.op(0x6c);
  }
  i32LtU(): this {
    return this.op(0x49);
  }
  i32GeU(): this {
    return this.op(0x4f);
  }
  i32Eqz(): this {
    return this.op(0x45);
  }
  /** `block` with empty result type. */
  block(): this {
    return this.op(0x02, 0x40);
  }
  /** `loop` with empty result type. */
  loop(): this {
    return this.op(0x03, 0x40);
  }
  end(): this {
    return this.op(0x0b);
  }
  br(depth: number): this {
    return this.op(0x0c, ...uleb(depth));
  }
  brIf(depth: number): this {
    return this.op(0x0d, ...uleb(depth));
  }
  call(funcIndex: number): this {
    return this.op(0x10, ...uleb(funcIndex));
  }
  f64Load(offset = 0): this {
    return this.op(0x2b, 3, ...uleb(offset));
  }
  f64Store(offset = 0): this {
    return this.op(0x39, 3, ...uleb(offset));
  }
  f64Add(): this {
    return this.op(0xa0);
  }
  f64Mul(): this {
    return this.op(0xa2);
  }
  /** v128.load (alignment hint 8 bytes). */
  v128Load(offset = 0): this {
    return this.simd(0x00, 3, ...uleb(offset));
  }
  /** v128.load64_splat. */
  v128Load64Splat(offset = 0): this {
    return this.simd(0x0a, 3, ...uleb(offset));
  }
  /** v128.store (alignment hint 8 bytes). */
  v128Store(offset = 0): this {
    return this.simd(0x0b, 3, ...uleb(offset));
  }
  /** v128.const of all-zero bytes. */
  v128Zero(): this {
    return this.simd(0x0c, ...new Array<number>(16).fill(0));
  }
  f64x2Splat(): this {
    return this.simd(0x14);
  }
  f64x2Add(): this {
    return this.simd(0xf0);
  }
  f64x2Mul(): this {
    return this.simd(0xf2);
  }

  /** The encoded body (locals + code + `end`) for the code section. */
  encodeBody(): number[] {
    const groups: number[][] = [];
    for (let i = 0; i < this.localTypes.length; ) {
      let j = i;
      while (j < this.localTypes.length && this.localTypes[j] === this.localTypes[i]) j++;
      groups.push([...uleb(j - i), this.localTypes[i]]);
      i = j;
    }
    const body = [...vec(groups), ...this.code, 0x0b];
    return [...uleb(body.length), ...body];
  }
}

/**
 * Assembles a module that imports one memory as `env.memory` (minimum `minPages` 64-KiB pages) and
 * defines and exports `functions` (function i has index i, so they may call each other by index).
 */
export function assembleModule(
  functions: { name: string; fn: FunctionBuilder }[],
  minPages = 1,
): Uint8Array<ArrayBuffer> {
  const types = functions.map(({ fn }) => [0x60, ...vec(fn.params.map((t) => [t])), ...vec(fn.results.map((t) => [t]))]);
  const bytes = [
    0x00, 0x61, 0x73, 0x6d, // \0asm
    0x01, 0x00, 0x00, 0x00, // version 1
    ...section(1, vec(types)),
    ...section(2, vec([[...utf8('env'), ...utf8('memory'), 0x02, 0x00, ...uleb(minPages)]])),
    ...section(3, vec(functions.map((_, i) => uleb(i)))),
    ...section(7, vec(functions.map(({ name }, i) => [...utf8(name), 0x00, ...uleb(i)]))),
    ...section(10, vec(functions.map(({ fn }) => fn.encodeBody()))),
  ];
  return new Uint8Array(bytes);
}
