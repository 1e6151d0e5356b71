/**
 * Deterministic randomness for sampling and reviewer assignment (pure TypeScript: runs in Node and in
 * the browser; no Node or DOM APIs). Everything here is specified in docs/sampling.md so that a draw
 * can be re-run and checked by anyone, with any SHA-256 and a 20-line xoshiro128** implementation.
 *
 *   seed string ──UTF-8──▶ SHA-256 ──first 4 big-endian words──▶ xoshiro128** state ──▶ uniformInt(n)
 */

// ───────────────────────────── UTF-8 ─────────────────────────────

/**
 * UTF-8 encoding of a JavaScript string. Same bytes as `new TextEncoder().encode(s)`: surrogate pairs
 * become one 4-byte sequence, a lone surrogate becomes U+FFFD (EF BF BD).
 */
export function utf8Encode(s: string): Uint8Array {
  // At most 3 bytes per UTF-16 code unit (a surrogate pair: 2 units → 4 bytes).
  const out = new Uint8Array(s.length * 3);
  let o = 0;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      } else {
        c = 0xfffd;
      }
    } else if (c >= 0xd800 && c <= 0xdfff) {
      c = 0xfffd;
    }
    if (c < 0x80) {
      out[o++] = c;
    } else if (c < 0x800) {
      out[o++] = 0xc0 | (c >> 6);
      out[o++] = 0x80 | (c & 63);
    } else if (c < 0x10000) {
      out[o++] = 0xe0 | (c >> 12);
      out[o++] = 0x80 | ((c >> 6) & 63);
      out[o++] = 0x80 | (c & 63);
    } else {
      out[o++] = 0xf0 | (c >> 18);
      out[o++] = 0x80 | ((c >> 12) & 63);
      out[o++] = 0x80 | ((c >> 6) & 63);
      out[o++] = 0x80 | (c & 63);
    }
  }
  return out.slice(0, o);
}

// ───────────────────────────── SHA-256 (FIPS 180-4) ─────────────────────────────

const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

/** SHA-256 of a byte string or of the UTF-8 encoding of a string. Returns the 32-byte digest. */
export function sha256(input: Uint8Array | string): Uint8Array {
  const msg = typeof input === 'string' ? utf8Encode(input) : input;
  const bitLenHi = Math.floor(msg.length / 0x20000000);
  const bitLenLo = (msg.length << 3) >>> 0;
  const padded = new Uint8Array(((msg.length + 9 + 63) >> 6) << 6);
  padded.set(msg);
  padded[msg.length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, bitLenHi);
  view.setUint32(padded.length - 4, bitLenLo);


  let h0 = 0x6a09e667, h1 = 0xbb67ae85 | 0, h2 = 0x3c6ef372, h3 = 0xa54ff53a | 0;
  let h4 = 0x510e527f, h5 = 0x9b05688c | 0, h6 = 0x1f83d9ab, h7 = 0x5be0cd19;
  const w = new Int32Array(64);
  const k = K;
  for (let off = 0; off < padded.length; off += 64) {
    for (let t = 0; t < 16; t++) {
      const p = off + t * 4;
      w[t] = (padded[p]! << 24) | (padded[p + 1]! << 16) | (padded[p + 2]! << 8) | padded[p + 3]!;
    }
    for (let t = 16; t < 64; t++) {
      const x = w[t - 15]!;
      const y = w[t - 2]!;
      const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
      const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
      w[t] = (w[t - 16]! + s0 + w[t - 7]! + s1) | 0;
    }
    let a = h0, b = h1, c = h2, d = h3, e = h4, f = h5, g = h6, hh = h7;
    for (let t = 0; t < 64; t++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const ch = (e & f) ^ (~e & g);
      const t1 = (hh + S1 + ch + k[t]! + w[t]!) | 0;
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const maj = (a & b) ^ (a & c) ^ (b & c);
      const t2 = (S0 + maj) | 0;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    h0 = (h0 + a) | 0; h1 = (h1 + b) | 0; h2 = (h2 + c) | 0; h3 = (h3 + d) | 0;
    h4 = (h4 + e) | 0; h5 = (h5 + f) | 0; h6 = (h6 + g) | 0; h7 = (h7 + hh) | 0;
  }
  const h = [h0, h1, h2, h3, h4, h5, h6, h7];
  const out = new Uint8Array(32);
  const ov = new DataView(out.buffer);
  for (let i = 0; i < 8; i++) ov.setUint32(i * 4, h[i]! >>> 0);
  return out;
}

/** Lower-case hex of SHA-256 (UTF-8 for strings). */
export function sha256Hex(input: Uint8Array | string): string {
  return toHex(sha256(input));
}

export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += (b < 16 ? '0' : '') + b.toString(16);
  return s;
}

// ───────────────────────────── xoshiro128** 1.1 (Blackman & Vigna) ─────────────────────────────

const TWO_32 = 4294967296;

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/**
 * xoshiro128** 1.1 (D. Blackman, S. Vigna, https://prng.di.unimi.it/xoshiro128starstar.c): 128-bit
 * state, 32-bit outputs. Not cryptographic, which is fine: the seed is public by design; what matters
 * is that the generator is published, fixed and easy to re-implement.
 */
export class Xoshiro128ss {
  private readonly s: Uint32Array;

  /** Four 32-bit state words; they must not all be zero. */
  constructor(state: readonly number[] | Uint32Array) {
    if (state.length !== 4) throw new Error('xoshiro128** needs 4 state words');
    this.s = Uint32Array.from(state);
    if ((this.s[0]! | this.s[1]! | this.s[2]! | this.s[3]!) === 0) throw new Error('xoshiro128** state must not be all zero');
  }

  /**
   * State from a seed string: the first four 32-bit words of SHA-256(UTF-8(seed)), each read
   * big-endian (that is, the digest's own words H0..H3). If all four were zero (probability 2^-128)
   * the words H4..H7 are used instead.
   */
  static fromSeed(seed: string): Xoshiro128ss {
    const d = new DataView(sha256(seed).buffer);
    const words = [0, 1, 2, 3].map((i) => d.getUint32(i * 4));
    if (words.every((x) => x === 0)) return new Xoshiro128ss([4, 5, 6, 7].map((i) => d.getUint32(i * 4)));
    return new Xoshiro128ss(words);
  }

  /** Copy of the current state (for tests and for documenting a run). */
  state(): number[] {
    return Array.from(this.s);
  }

  /** Next 32-bit output as an unsigned integer in [0, 2^32). */
  nextUint32(): number {
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1]!, 5), 7), 9) >>> 0;
    const t = s[1]! << 9;
    s[2] = s[2]! ^ s[0]!;
    s[3] = s[3]! ^ s[1]!;
    s[1] = s[1]! ^ s[2]!;
    s[0] = s[0]! ^ s[3]!;
    s[2] = s[2]! ^ t;
    s[3] = rotl(s[3]!, 11);
    return result;
  }

  /**
   * Uniform integer in [0, n) for 1 ≤ n ≤ 2^32, without modulo bias: draw x = nextUint32() and reject
   * it while x ≥ 2^32 − (2^32 mod n); then return x mod n. (n = 1 consumes one output and returns 0.)
   */
  uniformInt(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > TWO_32) throw new RangeError(`uniformInt: n must be an integer in [1, 2^32], got ${n}`);
    const limit = TWO_32 - (TWO_32 % n);
    for (;;) {
      const x = this.nextUint32();
      if (x < limit) return x % n;
    }
  }
}

// ───────────────────────────── Stable ordering ─────────────────────────────

/**
 * Compares two strings by Unicode code point (= the order of their UTF-8 bytes), not by UTF-16 code
 * unit as `<` does; the two differ only when characters above U+FFFF meet characters U+E000–U+FFFF.
 * Locale-independent, so every machine sorts the same way.
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) {
      // Surrogates (D800–DFFF, i.e. code points ≥ 0x10000) must sort after E000–FFFF.
      x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
      y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    }
    return x < y ? -1 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

// ───────────────────────────── Fictional data (demo, tests, benchmarks) ─────────────────────────────

/**
 * mulberry32 (Tommy Ettinger, public domain): a 32-bit seed to a stream of floats in [0, 1). Small and
 * fast, for generating reproducible fictional registers, scans and reviews; it is not part of the
 * sampling specification (draws use {@link Xoshiro128ss} above).
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
