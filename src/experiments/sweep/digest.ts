/**
 * Digests that name sweeps and points: SHA-256 (FIPS 180-4) over the UTF-8 bytes of canonical JSON.
 *
 * **Method.** {@link canonicalJson} writes a value with object keys sorted by UTF-16 code units,
 * no whitespace, and numbers as JavaScript prints them (shortest round-trip form; `-0` is `0`);
 * non-finite numbers, which JSON cannot hold, are written as the strings `"NaN"`, `"Infinity"`,
 * `"-Infinity"` and `undefined` members are dropped, so two documents that mean the same thing
 * give the same text whatever their key order. {@link sha256Hex} is a plain implementation of
 * SHA-256 (no platform crypto, so it is synchronous and the same in Node, workers and browsers);
 * it is checked against Python's hashlib in test/experiments/sweep/digest.test.ts. (The project's
 * other hash, the 32-bit FNV-1a of src/plot/svg.ts, is too short to name up to 10^6 points
 * without collisions; the random streams' identity mix is not meant as a digest.)
 * @module
 */

const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
  0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

const H0 = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

const ENCODER = new TextEncoder();
/** Message schedule and state, reused between calls (the function is synchronous). */
const W = new Int32Array(64);
const H = new Int32Array(8);

/**
 * The SHA-256 digest of `input` (a string is hashed as its UTF-8 bytes) as 64 lowercase hex digits.
 * @example
 * sha256Hex('abc'); // → 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
 */
export function sha256Hex(input: string | Uint8Array): string {
  const bytes = typeof input === 'string' ? ENCODER.encode(input) : input;
  const n = bytes.length;
  const blocks = (n + 9 + 63) >> 6;
  const padded = new Uint8Array(blocks << 6);
  padded.set(bytes);
  padded[n] = 0x80;
  // Message length in bits as a 64-bit big-endian integer (exact for inputs below 2^53 bits).
  const bitsHigh = Math.floor(n / 0x20000000);
  const bitsLow = (n << 3) >>> 0;
  const end = padded.length;
  padded[end - 8] = bitsHigh >>> 24;
  padded[end - 7] = bitsHigh >>> 16;
  padded[end - 6] = bitsHigh >>> 8;
  padded[end - 5] = bitsHigh;
  padded[end - 4] = bitsLow >>> 24;
  padded[end - 3] = bitsLow >>> 16;
  padded[end - 2] = bitsLow >>> 8;
  padded[end - 1] = bitsLow;
  for (let i = 0; i < 8; i++) H[i] = H0[i];
  for (let offset = 0; offset < end; offset += 64) {
    for (let t = 0; t < 16; t++) {
      const o = offset + 4 * t;
      W[t] = (padded[o] << 24) | (padded[o + 1] << 16) | (padded[o + 2] << 8) | padded[o + 3];
    }
    for (let t = 16; t < 64; t++) {
      const x = W[t - 15];
      const y = W[t - 2];
      const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
      const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
      W[t] = (W[t - 16] + s0 + W[t - 7] + s1) | 0;
    }
    let a = H[0];
    let b = H[1];
    let c = H[2];
    let d = H[3];
    let e = H[4];
    let f = H[5];
    let g = H[6];
    let h = H[7];
    for (let t = 0; t < 64; t++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const ch = (e & f) ^ (~e & g);
      const t1 = (h + S1 + ch + K[t] + W[t]) | 0;
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const maj = (a & b) ^ (a & c) ^ (b & c);
      const t2 = (S0 + maj) | 0;
      h = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    H[0] += a;
    H[1] += b;
    H[2] += c;
    H[3] += d;
    H[4] += e;
    H[5] += f;
    H[6] += g;
    H[7] += h;
  }
  let hex = '';
  for (let i = 0; i < 8; i++) hex += (H[i] >>> 0).toString(16).padStart(8, '0');
  return hex;
}

/**
 * Canonical JSON text of a plain value: sorted object keys, no whitespace, `undefined` members
 * dropped, non-finite numbers as strings (see the module notes). Typed arrays are written as arrays.
 * @example
 * canonicalJson({ b: 1, a: [2, { d: null, c: -0 }] }); // '{"a":[2,{"c":0,"d":null}],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') return Number.isFinite(value) ? JSON.stringify(value) : JSON.stringify(String(value));
  if (typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value) || ArrayBuffer.isView(value)) {
    const items = Array.from(value as ArrayLike<unknown>, (v) => (v === undefined ? 'null' : canonicalJson(v)));
    return `[${items.join(',')}]`;
  }
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record)
      .filter((k) => record[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`).join(',')}}`;
  }
  return JSON.stringify(String(value));
}

/**
 * A short digest of a value: the first `hexDigits` (default 16, i.e. 64 bits) hex digits of the
 * SHA-256 of its {@link canonicalJson}.
 * @example
 * digestOf({ 'init.lambda': 1, replicate: 0 }).length; // 16
 */
export function digestOf(value: unknown, hexDigits = 16): string {
  return sha256Hex(canonicalJson(value)).slice(0, hexDigits);
}
