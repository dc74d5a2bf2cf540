/**
 * Seeded, splittable random streams: every random draw in lazyrich comes from one of these.
 *
 * A {@link RandomStream} is a position in the output of Philox4x32-10 (see `./philox.ts`) under a
 * 128-bit identity derived from a seed and a path of labels (see `./stream-id.ts`). Word j of a
 * stream is word j mod 4 of the Philox block ⌊j/4⌋, whose counter is (block mod 2^32,
 * ⌊block/2^32⌋, h1lo, h1hi) and key (h0lo, h0hi). Consequences:
 * - **Reproducible everywhere:** only integer-exact operations and IEEE-754 +, −, ×, ÷, √ are used
 *   (the logarithm is `./log.ts`, not `Math.log`), so the same seed gives bit-identical draws on
 *   every engine, platform and linear-algebra backend.
 * - **Named streams:** `split(...labels)` derives a child from the parent's identity only (not its
 *   position), so `createRandom(seed, 'init', 'W1')` is the same stream whatever else was drawn.
 * - **Parallel work:** `fork(i)` depends only on the identity and i, so worker i of N gets the same
 *   stream for any N: results on 1 or N workers are bit-identical.
 * - **Save/resume:** `state()` is a small JSON object; `RandomStream.fromState` resumes exactly.
 *
 * Streams are the only mutable random state; there is no global generator.
 *
 * @module
 */
import { DomainError, ShapeError } from '../errors/index.js';
import { philoxFill } from './philox.js';
import { deterministicLog } from './log.js';
import {
  ROOT_ID,
  deriveChildId,
  deriveForkId,
  streamIdFromHex,
  streamIdToHex,
  type StreamId,
  type StreamLabel,
} from './stream-id.js';

export type { StreamLabel } from './stream-id.js';

/** A seed: a non-negative integer up to 2^53 − 1, or a string (hashed as UTF-8). */
export type Seed = number | string;

/** The saved position of a stream: plain JSON, restored exactly by {@link RandomStream.fromState}. */
export interface RandomStreamState {
  /** Always `"philox4x32-10"`. */
  generator: 'philox4x32-10';
  /** Format version, 1. */
  version: 1;
  /** The stream identity, 32 hex digits (h0 then h1). */
  id: string;
  /** Index of the Philox block holding the next word (0 ≤ block < 2^53). */
  block: number;
  /** Index (0–3) of the next word within that block. */
  lane: number;
  /** The second normal of the last polar pair when not yet returned, else null. */
  spareNormal: number | null;
}

const GENERATOR = 'philox4x32-10';
const BUFFER_BLOCKS = 16;
const BUFFER_WORDS = 4 * BUFFER_BLOCKS;
const TWO32 = 4294967296;
const TWO53 = 9007199254740992;
const INV_TWO53 = 1 / TWO53;
/** Blocks are counted with float64 integers; this many is ~4·10^16 words, a year at 10^9/s. */
const MAX_BLOCK = TWO53 - BUFFER_BLOCKS;

function checkSize(n: number, what: string): void {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new ShapeError(`${what} must be a non-negative integer, got ${String(n)}.`);
  }
}

function checkFinite(x: number, what: string): void {
  if (typeof x !== 'number' || !Number.isFinite(x)) {
    throw new DomainError(`${what} must be a finite number, got ${String(x)}.`);
  }
}

/**
 * A seeded stream of random numbers (Philox4x32-10, counter-based). Create one with
 * {@link createRandom}; derive independent ones with {@link RandomStream.split} and
 * {@link RandomStream.fork}.
 *
 * @example
 * const rng = createRandom(42);
 * const u = rng.uniform();            // in [0, 1), 53 random bits
 * const z = rng.normalArray(3);       // three standard normals
 * const w = rng.split('init', 'W1');  // an independent named child stream
 * const worker3 = rng.fork(3);        // the same for any number of workers
 */
export class RandomStream {
  private readonly sid: StreamId;
  private readonly buffer = new Uint32Array(BUFFER_WORDS);
  /** Block index of buffer[0]. */
  private bufferBlock = 0;
  /** Next word in the buffer; BUFFER_WORDS means "refill at nextBlock". */
  private pos = BUFFER_WORDS;
  /** First block not yet in the buffer. */
  private nextBlock = 0;
  private hasSpare = false;
  private spare = 0;

  private constructor(id: StreamId) {
    this.sid = id;
  }

  /**
   * The stream at the start of its sequence for identity `id`.
   * @internal Use {@link createRandom}, {@link RandomStream.split} or {@link RandomStream.fork}.
   */
  static fromId(id: StreamId): RandomStream {
    return new RandomStream(id);
  }

  /** The identity as 32 hex digits: two streams with the same id produce the same words. */
  get id(): string {
    return streamIdToHex(this.sid);
  }

  private refill(): void {
    if (this.nextBlock > MAX_BLOCK) {
      throw new DomainError(`random stream ${this.id} is exhausted after 2^53 blocks; split a new stream.`);
    }
    const block = this.nextBlock;
    const c0 = block % TWO32;
    const c1 = (block - c0) / TWO32;
    const id = this.sid;
    philoxFill(this.buffer, 0, BUFFER_BLOCKS, c0, c1, id.h1lo, id.h1hi, id.h0lo, id.h0hi);
    this.bufferBlock = block;
    this.nextBlock = block + BUFFER_BLOCKS;
    this.pos = 0;
  }

  /** The next raw 32-bit word, an integer in [0, 2^32). */
  uint32(): number {
    if (this.pos === BUFFER_WORDS) this.refill();
    return this.buffer[this.pos++];
  }

  /**
   * A uniform double in [0, 1) with 53 random bits: (⌊a/2^5⌋·2^26 + ⌊b/2^6⌋) / 2^53 from the next
   * two words a, b (the `genrand_res53` mapping of Matsumoto & Nishimura's MT19937 reference code).
   * Every multiple of 2^−53 in [0, 1) is equally likely.
   */
  uniform(): number {
    if (this.pos > BUFFER_WORDS - 2) {
      const a = this.uint32();
      const b = this.uint32();
      return ((a >>> 5) * 67108864 + (b >>> 6)) * INV_TWO53;
    }
    const buf = this.buffer;
    const p = this.pos;
    this.pos = p + 2;
    return ((buf[p] >>> 5) * 67108864 + (buf[p + 1] >>> 6)) * INV_TWO53;
  }

  /**
   * A uniform double in [low, high): low + (high − low)·u, redrawn in the rare case rounding gives
   * `high`. **Special cases:** low = high returns low.
   * @throws DomainError when a bound is not finite, low > high, or high − low overflows.
   */
  uniformRange(low: number, high: number): number {
    checkFinite(low, 'uniformRange: low');
    checkFinite(high, 'uniformRange: high');
    if (low > high) {
      throw new DomainError(`uniformRange: low ${low} is greater than high ${high}; swap the bounds.`);
    }
    if (low === high) return low;
    const width = high - low;
    if (!Number.isFinite(width)) {
      throw new DomainError(`uniformRange: the width high - low overflows for [${low}, ${high}); use a narrower range.`);
    }
    for (;;) {
      const r = low + width * this.uniform();
      if (r < high) return r;
    }
  }

  /** Fills `out` with uniforms in [0, 1) (the same values, in order, as repeated {@link uniform}). */
  fillUniform(out: Float64Array): Float64Array {
    for (let i = 0; i < out.length; i++) out[i] = this.uniform();
    return out;
  }

  /** n uniforms in [low, high) (default [0, 1)) as a new array. @throws ShapeError, DomainError. */
  uniformArray(n: number, low = 0, high = 1): Float64Array {
    checkSize(n, 'uniformArray: n');
    const out = new Float64Array(n);
    if (low === 0 && high === 1) return this.fillUniform(out);
    for (let i = 0; i < n; i++) out[i] = this.uniformRange(low, high);
    return out;
  }

  /**
   * A standard normal draw.
   *
   * **Method.** Marsaglia's polar method (Marsaglia & Bray 1964; Knuth TAOCP vol. 2 §3.4.1 Alg. P):
   * x = 2u − 1, y = 2v − 1 from two uniforms, redrawn unless 0 < s = x² + y² < 1; then
   * x·√(−2 ln s / s) is returned and y·√(−2 ln s / s) is kept as the next draw. Chosen over
   * Box–Muller because it needs no sine/cosine: its only transcendental is the deterministic
   * `./log.ts` logarithm, and √ is correctly rounded by IEEE-754, so draws are bit-identical on every
   * engine. Acceptance rate π/4.
   */
  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    let x: number;
    let y: number;
    let s: number;
    do {
      x = 2 * this.uniform() - 1;
      y = 2 * this.uniform() - 1;
      s = x * x + y * y;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * deterministicLog(s)) / s);
    this.spare = y * f;
    this.hasSpare = true;
    return x * f;
  }

  /** Fills `out` with mean + std·z for successive standard normals z. @throws DomainError. */
  fillNormal(out: Float64Array, mean = 0, std = 1): Float64Array {
    checkFinite(mean, 'normal: mean');
    checkFinite(std, 'normal: std');
    if (std < 0) throw new DomainError(`normal: std must be >= 0, got ${std}.`);
    if (mean === 0 && std === 1) {
      for (let i = 0; i < out.length; i++) out[i] = this.normal();
    } else {
      for (let i = 0; i < out.length; i++) out[i] = mean + std * this.normal();
    }
    return out;
  }

  /**
   * n independent normal draws with the given mean and standard deviation (defaults 0, 1).
   * @throws ShapeError for a bad n; DomainError for a non-finite mean/std or std < 0.
   * @example createRandom(1).normalArray(4, 0, 0.1)
   */
  normalArray(n: number, mean = 0, std = 1): Float64Array {
    checkSize(n, 'normalArray: n');
    return this.fillNormal(new Float64Array(n), mean, std);
  }

  /**
   * A uniform integer in [0, n), exactly unbiased.
   *
   * **Method.** Rejection: for n ≤ 2^32 a word x is accepted when x < 2^32 − (2^32 mod n) and
   * x mod n returned (at most one expected redraw); for larger n a 53-bit integer
   * ⌊a/2^11⌋·2^32 + b is used the same way with 2^53.
   * @throws DomainError unless n is an integer with 1 ≤ n ≤ 2^53.
   */
  int(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > TWO53) {
      throw new DomainError(`int: n must be an integer in [1, 2^53], got ${String(n)}.`);
    }
    if (n <= TWO32) {
      const limit = TWO32 - (TWO32 % n);
      for (;;) {
        const x = this.uint32();
        if (x < limit) return x % n;
      }
    }
    const limit = TWO53 - (TWO53 % n);
    for (;;) {
      const a = this.uint32();
      const b = this.uint32();
      const x = (a >>> 11) * TWO32 + b;
      if (x < limit) return x % n;
    }
  }

  /**
   * Shuffles `items` in place (Fisher–Yates, Knuth Alg. P: for i = n−1 … 1 swap i with int(i+1))
   * and returns it. Every permutation is equally likely.
   */
  shuffle<T extends { length: number; [index: number]: any }>(items: T): T {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = items[i];
      items[i] = items[j];
      items[j] = t;
    }
    return items;
  }

  /** A uniformly random permutation of 0 … n−1 (the {@link shuffle} of the identity). */
  permutation(n: number): Int32Array {
    checkSize(n, 'permutation: n');
    if (n > 0x7fffffff) throw new ShapeError(`permutation: n must be below 2^31, got ${n}.`);
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    return this.shuffle(p);
  }

  /** One element of `items`, uniformly. @throws ShapeError when `items` is empty. */
  choice<T>(items: ArrayLike<T>): T {
    if (items.length === 0) throw new ShapeError('choice: cannot choose from an empty array; pass at least one item.');
    return items[this.int(items.length)];
  }

  /**
   * The child stream named by `labels` (applied in order, so `split('a', 'b')` equals
   * `split('a').split('b')`). It depends only on this stream's identity and the labels, never on
   * how many draws were made, and starts at its beginning. Different labels give independent
   * streams; the same labels give the same stream.
   * @throws DomainError for a label that is not a string or a non-negative safe integer.
   */
  split(...labels: StreamLabel[]): RandomStream {
    let id = this.sid;
    for (const label of labels) id = deriveChildId(id, label);
    return new RandomStream(id);
  }

  /**
   * The i-th of any number of parallel streams. It depends only on this stream's identity and i
   * (not on draws made, nor on how many forks exist), so splitting work across 1 or N workers
   * gives bit-identical results. `fork(i)` differs from `split(i)`.
   * @throws DomainError unless i is a non-negative safe integer.
   */
  fork(i: number): RandomStream {
    return new RandomStream(deriveForkId(this.sid, i));
  }

  /** `count` parallel streams: `[fork(0), …, fork(count − 1)]`. */
  forks(count: number): RandomStream[] {
    checkSize(count, 'forks: count');
    const out: RandomStream[] = [];
    for (let i = 0; i < count; i++) out.push(this.fork(i));
    return out;
  }

  /** An independent copy at the same position: both produce the same future draws. */
  clone(): RandomStream {
    return RandomStream.fromState(this.state());
  }

  /** The current position as plain JSON (see {@link RandomStreamState}). */
  state(): RandomStreamState {
    const atEnd = this.pos === BUFFER_WORDS;
    return {
      generator: GENERATOR,
      version: 1,
      id: this.id,
      block: atEnd ? this.nextBlock : this.bufferBlock + (this.pos >> 2),
      lane: atEnd ? 0 : this.pos & 3,
      spareNormal: this.hasSpare ? this.spare : null,
    };
  }

  /**
   * Resumes a stream exactly where {@link RandomStream.state | state()} was taken.
   * @throws DomainError when the object is not a valid version-1 Philox4x32-10 state.
   */
  static fromState(state: RandomStreamState): RandomStream {
    if (state === null || typeof state !== 'object') {
      throw new DomainError('RandomStream.fromState: expected a state object from stream.state().');
    }
    if (state.generator !== GENERATOR || state.version !== 1) {
      throw new DomainError(
        `RandomStream.fromState: unsupported generator ${String(state.generator)} version ${String(state.version)}; expected ${GENERATOR} version 1.`,
      );
    }
    const id = streamIdFromHex(state.id);
    if (!Number.isSafeInteger(state.block) || state.block < 0 || state.block > MAX_BLOCK) {
      throw new DomainError(`RandomStream.fromState: block must be an integer in [0, 2^53 - 16], got ${String(state.block)}.`);
    }
    if (!Number.isInteger(state.lane) || state.lane < 0 || state.lane > 3) {
      throw new DomainError(`RandomStream.fromState: lane must be 0, 1, 2 or 3, got ${String(state.lane)}.`);
    }
    if (state.spareNormal !== null && !Number.isFinite(state.spareNormal)) {
      throw new DomainError(`RandomStream.fromState: spareNormal must be a finite number or null, got ${String(state.spareNormal)}.`);
    }
    const stream = new RandomStream(id);
    stream.nextBlock = state.block;
    if (state.lane > 0) {
      stream.refill();
      stream.pos = state.lane;
    }
    if (state.spareNormal !== null) {
      stream.hasSpare = true;
      stream.spare = state.spareNormal;
    }
    return stream;
  }
}

/**
 * The random stream for `seed`, optionally followed by a path of labels:
 * `createRandom(seed, ...path)` equals `createRandom(seed).split(...path)`.
 *
 * **Special cases.** Integer seeds and string seeds are distinct (`1` ≠ `"1"`); `-0` is `0`.
 *
 * @throws DomainError for a seed or label that is negative, fractional, above 2^53 − 1, NaN, or
 * neither a number nor a string.
 * @example
 * const a = createRandom(7, 'data', 'train');
 * const b = createRandom(7).split('data').split('train'); // the same stream as a
 * a.uniform() === b.uniform(); // → true
 */
export function createRandom(seed: Seed, ...path: StreamLabel[]): RandomStream {
  let id = deriveChildId(ROOT_ID, seed, 'random seed');
  for (const label of path) id = deriveChildId(id, label);
  return RandomStream.fromId(id);
}
