import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Xoshiro128ss, compareCodePoints, mulberry32, sha256Hex, utf8Encode } from '../../shared/domain/sampling';

const nodeSha = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');

describe('SHA-256 (pure TypeScript)', () => {
  it('matches the FIPS 180-4 / NIST test vectors', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
    expect(sha256Hex('a'.repeat(1_000_000))).toBe('cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0');
  });

  it('hashes Chinese text as UTF-8 (same as sha256sum)', () => {
    // printf '行政执法案卷评查' | sha256sum
    expect(sha256Hex('行政执法案卷评查')).toBe('cd48997aa1925a5a7a6795ab65ed6b6a84fad9bd25153bd215de633d3d15180c');
    expect(sha256Hex('中文案卷')).toBe('353fe23792b140bea4f36f246043a6dca4c5bf4719d4a05a990a88b47be1cd66');
  });

  it('agrees with node:crypto on every length around the padding boundaries', () => {
    for (let len = 0; len <= 200; len++) {
      const bytes = Uint8Array.from({ length: len }, (_, i) => (i * 131 + len * 7) & 0xff);
      expect(sha256Hex(bytes), `length ${len}`).toBe(nodeSha(bytes));
    }
  });
});

describe('utf8Encode', () => {
  it('produces the same bytes as TextEncoder, including astral characters and lone surrogates', () => {
    const samples = ['', 'abc', '京市监罚〔2024〕12号', '𠀀𪚥 emoji 😀', 'lone \ud800 x', 'trail \udc00', 'end \ud83d', '\u0000\u007f\u0080\u07ff\u0800\uffff'];
    const enc = new TextEncoder();
    for (const s of samples) expect(Array.from(utf8Encode(s)), JSON.stringify(s)).toEqual(Array.from(enc.encode(s)));
  });
});

describe('xoshiro128**', () => {
  it('matches the reference C implementation for state {1, 2, 3, 4}', () => {
    // Output of xoshiro128starstar.c (Blackman & Vigna) with s = {1, 2, 3, 4}.
    const g = new Xoshiro128ss([1, 2, 3, 4]);
    expect(Array.from({ length: 6 }, () => g.nextUint32())).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492]);
  });

  it('derives the state from SHA-256 of the seed (golden values of the documented algorithm)', () => {
    const g = Xoshiro128ss.fromSeed('2024年度评查');
    const digest = sha256Hex('2024年度评查');
    expect(g.state().map((w) => w.toString(16).padStart(8, '0')).join('')).toBe(digest.slice(0, 32));
    // Pinned once: a change here means every recorded draw would no longer verify.
    expect(g.state()).toEqual([1126200706, 2703883419, 2379375872, 1441647979]);
    expect(Array.from({ length: 5 }, () => g.nextUint32())).toEqual([817078306, 3560977231, 512719893, 1354835188, 2561558921]);
  });

  it('is deterministic and seed-sensitive', () => {
    const a = Xoshiro128ss.fromSeed('seed-1');
    const b = Xoshiro128ss.fromSeed('seed-1');
    const c = Xoshiro128ss.fromSeed('seed-2');
    const xs = Array.from({ length: 20 }, () => a.nextUint32());
    expect(Array.from({ length: 20 }, () => b.nextUint32())).toEqual(xs);
    expect(Array.from({ length: 20 }, () => c.nextUint32())).not.toEqual(xs);
  });

  it('rejects an all-zero state', () => {
    expect(() => new Xoshiro128ss([0, 0, 0, 0])).toThrow();
  });
});

describe('uniformInt', () => {
  it('stays in range and returns 0 for n = 1', () => {
    const g = Xoshiro128ss.fromSeed('range');
    for (const n of [1, 2, 3, 7, 10, 1000, 2 ** 31 + 1, 2 ** 32]) {
      for (let i = 0; i < 200; i++) {
        const x = g.uniformInt(n);
        expect(Number.isInteger(x) && x >= 0 && x < n).toBe(true);
      }
    }
    expect(g.uniformInt(1)).toBe(0);
    expect(() => g.uniformInt(0)).toThrow();
    expect(() => g.uniformInt(2.5)).toThrow();
  });

  it('rejects outputs at or above 2^32 − (2^32 mod n) instead of folding them (no modulo bias)', () => {
    const n = 3 * 2 ** 30; // limit = 3·2^30: a quarter of all outputs must be rejected
    let checkedRejection = false;
    let checkedAcceptance = false;
    for (let k = 0; k < 200 && !(checkedRejection && checkedAcceptance); k++) {
      const probe = Xoshiro128ss.fromSeed(`bias-${k}`);
      const first = probe.nextUint32();
      const second = probe.nextUint32();
      const got = Xoshiro128ss.fromSeed(`bias-${k}`).uniformInt(n);
      if (first >= n) {
        if (second < n) {
          expect(got).toBe(second % n);
          checkedRejection = true;
        }
      } else {
        expect(got).toBe(first);
        checkedAcceptance = true;
      }
    }
    expect(checkedRejection && checkedAcceptance).toBe(true);
  });
});

describe('compareCodePoints', () => {
  const reference = (a: string, b: string) => {
    const x = Array.from(a, (c) => c.codePointAt(0)!);
    const y = Array.from(b, (c) => c.codePointAt(0)!);
    for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
    return Math.sign(x.length - y.length);
  };

  it('orders by Unicode code point, unlike the UTF-16 order of <', () => {
    // U+FF5C (｜) < U+20000 (𠀀) by code point, but not by UTF-16 code unit (0xFF5C > 0xD840).
    expect(compareCodePoints('｜', '𠀀')).toBe(-1);
    expect('｜' < '𠀀').toBe(false);
    expect(compareCodePoints('a', 'ab')).toBe(-1);
    expect(compareCodePoints('b', 'ab')).toBe(1);
    expect(compareCodePoints('同', '同')).toBe(0);
  });

  it('agrees with a code-point reference on mixed random strings', () => {
    const alphabet = ['a', 'Z', '0', '号', '〔', '〕', '\ue000', '\uffee', '｜', '𠀀', '😀', '𪚥'];
    const g = Xoshiro128ss.fromSeed('strings');
    const rnd = () => Array.from({ length: g.uniformInt(4) }, () => alphabet[g.uniformInt(alphabet.length)]).join('');
    for (let i = 0; i < 2000; i++) {
      const a = rnd();
      const b = rnd();
      expect(compareCodePoints(a, b), `${a} vs ${b}`).toBe(reference(a, b));
    }
  });
});

describe('mulberry32 (fictional demo and test data)', () => {
  it('gives the stream the demo registers, scans and benchmarks were generated with', () => {
    const rand = mulberry32(42);
    expect([rand(), rand(), rand()]).toEqual([0.6011037519201636, 0.44829055899754167, 0.8524657934904099]);
  });
});
