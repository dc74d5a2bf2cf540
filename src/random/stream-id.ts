/**
 * Stream identities: deriving the 128-bit identity of a random stream from a seed and a path of
 * labels.
 *
 * A stream's identity is a pair of 64-bit words (h0, h1). h0 becomes the Philox key and h1 the
 * high half of the Philox counter (the low half counts blocks), so two streams with different
 * identities run through disjoint inputs of the generator.
 *
 * **Method.** A small sponge over 64-bit words. Starting from fixed initial words (the first two
 * SHA-512 initial hash values), each input word w is absorbed as
 *
 *     h0 ← mix(h0 ⊕ w),   h1 ← mix(h1 + h0 + φ)   (mod 2^64),
 *
 * where mix is the splitmix64 finaliser (Steele, Lea & Flood, "Fast splittable pseudorandom number
 * generators", OOPSLA 2014) and φ = 0x9E3779B97F4A7C15. mix is a bijection, so for a fixed history
 * distinct words give distinct h0. A label is absorbed as a tag word (kind in the high 32 bits,
 * UTF-8 byte length in the low 32 bits) followed by its content: an integer label as one word, a
 * string as its UTF-8 bytes packed little-endian into 64-bit words (zero padded). Tags keep
 * `["ab"]`, `["a", "b"]`, `[1]`, `["1"]` and `fork(1)` apart. 64-bit arithmetic is done on 32-bit
 * halves with `Math.imul` and exact float64 products, so the identity is the same everywhere.
 *
 * This is a mixing function, not a cryptographic hash: it makes distinct label paths give
 * unrelated streams, not adversarially unforgeable ones.
 *
 * @module
 */
import { DomainError } from '../errors/index.js';

/** A label in a stream path: a string, or a non-negative integer up to 2^53 − 1. */
export type StreamLabel = string | number;

/** The 128-bit identity of a stream, as four uint32 words: h0 = (h0hi, h0lo), h1 = (h1hi, h1lo). */
export interface StreamId {
  readonly h0hi: number;
  readonly h0lo: number;
  readonly h1hi: number;
  readonly h1lo: number;
}

const TWO32 = 4294967296;
const TAG_INT = 1;
const TAG_STRING = 2;
const TAG_FORK = 3;
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/** The identity every path starts from (SHA-512's first two initial hash words). */
export const ROOT_ID: StreamId = Object.freeze({ h0hi: 0x6a09e667, h0lo: 0xf3bcc908, h1hi: 0xbb67ae85, h1lo: 0x84caa73b });

/** High 32 bits of the exact product of two uint32 values (float64-exact 16-bit split). */
function mulHigh32(a: number, b: number): number {
  const t = a * (b & 0xffff);
  const u = a * (b >>> 16) + ((t / 65536) >>> 0);
  return (u / 65536) >>> 0;
}

/** A 64-bit word as [hi, lo] uint32 halves. */
type Word = [number, number];

/** (x · c) mod 2^64 for a 64-bit constant c. */
function mul64(xhi: number, xlo: number, chi: number, clo: number): Word {
  const lo = Math.imul(xlo, clo) >>> 0;
  const hi = (mulHigh32(xlo, clo) + Math.imul(xhi, clo) + Math.imul(xlo, chi)) >>> 0;
  return [hi, lo];
}

/** z ^ (z >>> r) for 0 < r < 32. */
function xorShiftRight(hi: number, lo: number, r: number): Word {
  return [(hi ^ (hi >>> r)) >>> 0, (lo ^ ((lo >>> r) | (hi << (32 - r)))) >>> 0];
}

/** The splitmix64 finaliser, a bijection of 64-bit words. */
export function mix64(hi: number, lo: number): Word {
  let z = xorShiftRight(hi, lo, 30);
  z = mul64(z[0], z[1], 0xbf58476d, 0x1ce4e5b9);
  z = xorShiftRight(z[0], z[1], 27);
  z = mul64(z[0], z[1], 0x94d049bb, 0x133111eb);
  return xorShiftRight(z[0], z[1], 31);
}

function add64(ahi: number, alo: number, bhi: number, blo: number): Word {
  const lo = alo + blo;
  const carry = lo >= TWO32 ? 1 : 0;
  return [(ahi + bhi + carry) >>> 0, lo >>> 0];
}

function absorb(id: StreamId, whi: number, wlo: number): StreamId {
  const h0 = mix64((id.h0hi ^ whi) >>> 0, (id.h0lo ^ wlo) >>> 0);
  const sum = add64(id.h1hi, id.h1lo, h0[0], h0[1]);
  const withPhi = add64(sum[0], sum[1], 0x9e3779b9, 0x7f4a7c15);
  const h1 = mix64(withPhi[0], withPhi[1]);
  return { h0hi: h0[0], h0lo: h0[1], h1hi: h1[0], h1lo: h1[1] };
}

function checkIntegerLabel(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new DomainError(
      `${what} must be a non-negative integer up to 2^53 - 1 or a string, got ${String(value)}; use a whole number or a name.`,
    );
  }
}

function absorbInteger(id: StreamId, tag: number, value: number): StreamId {
  const lo = value % TWO32;
  const hi = (value - lo) / TWO32;
  return absorb(absorb(id, tag, 0), hi, lo);
}

/**
 * The identity of the child of `id` named by `label`.
 * @throws DomainError for a negative, fractional or unsafe number, a non-string non-number, or a
 * string with an unpaired UTF-16 surrogate (it has no UTF-8 encoding).
 */
export function deriveChildId(id: StreamId, label: StreamLabel, what = 'random stream label'): StreamId {
  if (typeof label === 'number') {
    checkIntegerLabel(label, what);
    return absorbInteger(id, TAG_INT, label);
  }
  if (typeof label !== 'string') {
    throw new DomainError(`${what} must be a string or a non-negative integer, got a ${typeof label}.`);
  }
  if (LONE_SURROGATE.test(label)) {
    throw new DomainError(`${what} ${JSON.stringify(label)} contains an unpaired UTF-16 surrogate; use well-formed text.`);
  }
  const bytes = new TextEncoder().encode(label);
  let h = absorb(id, TAG_STRING, bytes.length);
  for (let i = 0; i < bytes.length; i += 8) {
    let lo = 0;
    let hi = 0;
    for (let j = 0; j < 4; j++) lo += (bytes[i + j] ?? 0) * 2 ** (8 * j);
    for (let j = 0; j < 4; j++) hi += (bytes[i + 4 + j] ?? 0) * 2 ** (8 * j);
    h = absorb(h, hi, lo);
  }
  return h;
}

/** The identity of the i-th parallel fork of `id` (tagged apart from the integer label i). */
export function deriveForkId(id: StreamId, index: number): StreamId {
  checkIntegerLabel(index, 'fork index');
  return absorbInteger(id, TAG_FORK, index);
}

/** 32 lowercase hex digits: h0 then h1, most significant first. */
export function streamIdToHex(id: StreamId): string {
  const hex = (w: number) => w.toString(16).padStart(8, '0');
  return hex(id.h0hi) + hex(id.h0lo) + hex(id.h1hi) + hex(id.h1lo);
}

/** Parses {@link streamIdToHex}'s form. @throws DomainError when it is not 32 hex digits. */
export function streamIdFromHex(text: string): StreamId {
  if (typeof text !== 'string' || !/^[0-9a-f]{32}$/.test(text)) {
    throw new DomainError(`random stream id must be 32 lowercase hex digits, got ${JSON.stringify(text)}.`);
  }
  const w = (k: number) => parseInt(text.slice(8 * k, 8 * k + 8), 16);
  return { h0hi: w(0), h0lo: w(1), h1hi: w(2), h1lo: w(3) };
}
