import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ephemeralIdentity } from '../../electron/core/identity';
import { createContainerWriter, openContainer } from '../../electron/core/packages/container';
import { inspectPackage, readPackage, writePackage, type ContainerWriteOptions, type PackageEntry, type RefusalReason } from '../../electron/core/packages';
import { FIXED_HEADER, FORMAT_VERSION, TRAILER_SIZE } from '../../electron/core/packages/format';
import { AppError } from '../../shared/errors';
import { useTempDir } from '../foundation/temp';

const FAST_SCRYPT = { log2N: 10, r: 8, p: 1 }; // tests only: the default costs 128 MiB and ~0.3 s per key
const CAMPAIGN = '0190f000-0000-7000-8000-000000000001';
const PASS = '春天的口令 correct horse';
const signer = ephemeralIdentity();

function options(out: string, extra: Partial<ContainerWriteOptions> = {}): ContainerWriteOptions {
  return { out, kind: 'results', campaignId: CAMPAIGN, passphrase: PASS, signer, scrypt: FAST_SCRYPT, chunkSize: 4096, ...extra };
}

const BLOB = randomBytes(3 * 1024 * 1024 + 123);

async function writeSample(out: string, extra: Partial<ContainerWriteOptions> = {}) {
  return writePackage(options(out, extra), async (w) => {
    await w.record('campaign', { id: CAMPAIGN, name: '2025 年度评查' });
    await w.blob('pdf/a.pdf', chunked(BLOB, 65536), BLOB.length);
    await w.record('empty', []);
    await w.blob('pdf/empty.pdf', Buffer.alloc(0), 0);
  });
}

async function* chunked(b: Buffer, size: number) {
  for (let i = 0; i < b.length; i += size) yield b.subarray(i, i + size);
}

interface Read {
  records: Record<string, unknown>;
  blobs: Record<string, string>;
}

async function readAll(file: string, extra: { passphrase?: string; expectedCampaignId?: string; expectedSigner?: Uint8Array } = {}): Promise<Read> {
  const pkg = await readPackage(file, { passphrase: PASS, expectedCampaignId: CAMPAIGN, ...extra });
  const out: Read = { records: {}, blobs: {} };
  for await (const e of pkg.entries() as AsyncGenerator<PackageEntry>) {
    if (e.type === 'record') out.records[e.name] = e.value;
    else {
      const h = createHash('sha256');
      for await (const piece of e.data) h.update(piece);
      out.blobs[e.name] = h.digest('hex');
    }
  }
  return out;
}

async function refusal(p: Promise<unknown>): Promise<{ reason: RefusalReason; message: string; part?: number }> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(AppError);
  const e = err as AppError;
  expect(e.code).toBe('bad_input');
  const d = e.details as { reason: RefusalReason; part?: number };
  return { reason: d.reason, message: e.message, part: d.part };
}

function flip(file: string, offset: number) {
  const b = readFileSync(file);
  b[offset] ^= 0x01;
  writeFileSync(file, b);
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('package container', () => {
  const tempDir = useTempDir();

  it('round-trips records and a multi-MB blob, and writes nothing else', async () => {
    const dir = tempDir();
    const out = join(dir, 'team.drpkg');
    const written = await writeSample(out);
    expect(written.files).toEqual([out]);
    expect(readdirSync(dir)).toEqual(['team.drpkg']);
    expect(statSync(out).size).toBe(written.totalBytes);
    const plain = readFileSync(out);
    expect(plain.includes(BLOB.subarray(1000, 1064))).toBe(false); // encrypted
    const got = await readAll(out);
    expect(got.records).toEqual({ campaign: { id: CAMPAIGN, name: '2025 年度评查' }, empty: [] });
    expect(got.blobs).toEqual({ 'pdf/a.pdf': sha(BLOB), 'pdf/empty.pdf': sha(Buffer.alloc(0)) });
  });

  it('skips a blob the reader does not consume', async () => {
    const out = join(tempDir(), 'p');
    await writeSample(out);
    const pkg = await readPackage(out, { passphrase: PASS, expectedCampaignId: CAMPAIGN });
    const names: string[] = [];
    for await (const e of pkg.entries()) names.push(e.name);
    expect(names).toEqual(['campaign', 'pdf/a.pdf', 'empty', 'pdf/empty.pdf']);
  });

  it('splits into numbered parts over the part size and reads them back (from either name)', async () => {
    const dir = tempDir();
    const out = join(dir, 'team.drpkg');
    const partSize = 1024 * 1024;
    const written = await writeSample(out, { partSize });
    expect(written.files).toEqual([1, 2, 3, 4].map((i) => `${out}.00${i}`));
    expect(existsSync(out)).toBe(false);
    for (const f of written.files.slice(0, -1)) expect(statSync(f).size).toBe(partSize);
    expect(readdirSync(dir).sort()).toEqual(written.files.map((f) => f.slice(dir.length + 1)));
    expect((await readAll(out)).blobs['pdf/a.pdf']).toBe(sha(BLOB));
    expect((await readAll(`${out}.001`)).blobs['pdf/a.pdf']).toBe(sha(BLOB));
    // Writing the same name again as one file removes the old parts.
    await writePackage(options(out), async (w) => w.record('x', 1));
    expect(readdirSync(dir)).toEqual(['team.drpkg']);
  });

  it('carries many small records and a record larger than a chunk across chunk boundaries', async () => {
    const out = join(tempDir(), 'p');
    const big = { text: '评查'.repeat(20_000) };
    await writePackage(options(out, { chunkSize: 1024 }), async (w) => {
      for (let i = 0; i < 5000; i++) await w.record(`r${i}`, { i, answer: i % 3 === 0 ? '符合' : '不符合' });
      await w.record('big', big);
    });
    const got = await readAll(out);
    expect(Object.keys(got.records)).toHaveLength(5001);
    expect(got.records.r4999).toEqual({ i: 4999, answer: '不符合' });
    expect(got.records.big).toEqual(big);
  });

  it('marks the last chunk also when the body fills whole chunks exactly', async () => {
    for (const size of [0, 1024, 3 * 1024]) {
      const out = join(tempDir(), 'p');
      const w = await createContainerWriter(options(out, { chunkSize: 1024 }));
      await w.write(Buffer.alloc(size, 9));
      const written = await w.finish();
      expect(written.chunkCount).toBe(Math.max(1, size / 1024));
      const c = await openContainer(out, { passphrase: PASS, expectedCampaignId: CAMPAIGN });
      const pieces: Buffer[] = [];
      for await (const piece of c.plaintext()) pieces.push(piece);
      expect(Buffer.concat(pieces).equals(Buffer.alloc(size, 9))).toBe(true);
    }
  });

  it('refuses a header asking scrypt for more memory than allowed, before deriving a key', async () => {
    const out = join(tempDir(), 'p');
    await writeSample(out);
    const b = readFileSync(out);
    b.writeUInt8(20, 13); // N = 2^20
    b.writeUInt8(16, 14); // r = 16: 2 GiB
    writeFileSync(out, b);
    expect((await refusal(readAll(out))).reason).toBe('damaged');
  });

  it('will not write a name that reads as a part number', async () => {
    await expect(writePackage(options(join(tempDir(), 'p.001')), async () => undefined)).rejects.toThrow(/分卷编号/);
  });

  it('inspects header, signer and sizes without the passphrase', async () => {
    const out = join(tempDir(), 'p');
    const written = await writeSample(out, { partSize: 1024 * 1024, now: new Date('2026-03-01T08:00:00Z') });
    const info = await inspectPackage(out, { verifySignature: true });
    expect(info).toMatchObject({
      file: out,
      formatVersion: FORMAT_VERSION,
      kind: 'results',
      campaignId: CAMPAIGN,
      createdAt: '2026-03-01T08:00:00.000Z',
      signerFingerprint: signer.fingerprint,
      signerPublicKey: signer.publicKeyRaw.toString('hex'),
      scrypt: FAST_SCRYPT,
      chunkSize: 4096,
      partSize: 1024 * 1024,
      totalBytes: written.totalBytes,
      plainBytes: written.plainBytes,
      chunkCount: written.chunkCount,
      signatureValid: true,
    });
    expect(info.parts).toHaveLength(4);
    expect(signer.fingerprint).toMatch(/^([0-9A-F]{4} ){15}[0-9A-F]{4}$/);
  });

  it('reports another signer as a different fingerprint, and refuses it when a signer is expected', async () => {
    const dir = tempDir();
    const other = ephemeralIdentity();
    await writeSample(join(dir, 'a'));
    await writeSample(join(dir, 'b'), { signer: other });
    const a = await inspectPackage(join(dir, 'a'));
    const b = await inspectPackage(join(dir, 'b'));
    expect(b.signerFingerprint).toBe(other.fingerprint);
    expect(b.signerFingerprint).not.toBe(a.signerFingerprint);
    expect((await readAll(join(dir, 'a'), { expectedSigner: signer.publicKeyRaw })).records.empty).toEqual([]);
    const r = await refusal(readAll(join(dir, 'b'), { expectedSigner: signer.publicKeyRaw }));
    expect(r.reason).toBe('other_signer');
    expect(r.message).toContain(other.fingerprint);
  });

  it('refuses a wrong passphrase, naming the file', async () => {
    const out = join(tempDir(), 'team.drpkg');
    await writeSample(out);
    const r = await refusal(readAll(out, { passphrase: 'wrong' }));
    expect(r.reason).toBe('wrong_passphrase');
    expect(r.message).toContain(out);
    expect(r.message).toContain('口令错误');
  });

  it('refuses a package for another campaign before asking for the key', async () => {
    const out = join(tempDir(), 'p');
    await writeSample(out);
    const r = await refusal(readAll(out, { expectedCampaignId: 'another', passphrase: 'irrelevant' }));
    expect(r.reason).toBe('other_campaign');
    expect(r.message).toContain(CAMPAIGN);
  });

  it('refuses a newer format version', async () => {
    const out = join(tempDir(), 'p');
    await writeSample(out);
    const b = readFileSync(out);
    b.writeUInt16BE(FORMAT_VERSION + 1, 8);
    writeFileSync(out, b);
    const r = await refusal(readAll(out));
    expect(r.reason).toBe('newer_version');
    expect(r.message).toMatch(new RegExp(`格式版本（${FORMAT_VERSION + 1}）.*升级`));
    expect((await refusal(inspectPackage(out))).reason).toBe('newer_version');
  });

  it('refuses a file that is not a package', async () => {
    const out = join(tempDir(), 'p');
    writeFileSync(out, 'hello, not a package at all'.repeat(10));
    expect((await refusal(readAll(out))).reason).toBe('not_a_package');
  });

  describe('a flipped byte anywhere is refused', () => {
    // Layout of the sample with a 4096-byte chunk: header (110 + 36), chunks of 4112 bytes, trailer (88).
    const headerLength = FIXED_HEADER + CAMPAIGN.length;
    const cases: [string, (size: number) => number, RefusalReason[]][] = [
      ['header: creation time', () => 20, ['damaged']],
      ['header: salt', () => 60, ['damaged']],
      ['header: nonce prefix', () => 74, ['damaged']],
      ['header: key salt', () => 100, ['damaged']],
      ['header: signer key', () => 30, ['damaged']],
      ['the first body chunk', () => headerLength + 10, ['damaged']],
      ['a middle body chunk', () => headerLength + 4112 * 300 + 7, ['damaged']],
      ['the final chunk', (size) => size - TRAILER_SIZE - 20, ['damaged']],
      ['a final chunk tag', (size) => size - TRAILER_SIZE - 1, ['damaged']],
      ['the signature', (size) => size - 5, ['bad_signature']],
      ['the trailer counts', (size) => size - TRAILER_SIZE + 11, ['truncated', 'damaged']],
      ['the trailer magic', (size) => size - TRAILER_SIZE + 1, ['truncated']],
    ];
    for (const [where, offset, reasons] of cases) {
      it(where, async () => {
        const out = join(tempDir(), 'p');
        await writeSample(out);
        flip(out, offset(statSync(out).size));
        const r = await refusal(readAll(out));
        expect(reasons).toContain(r.reason);
        expect(r.message).toContain(out);
      });
    }

    it('in the middle of a part, naming that part', async () => {
      const out = join(tempDir(), 'p');
      const written = await writeSample(out, { partSize: 1024 * 1024 });
      flip(written.files[2], 5000);
      const r = await refusal(readAll(out));
      expect(r.reason).toBe('damaged');
      expect(r.part).toBe(3);
      expect(r.message).toContain('第 3 部分');
    });

    it('and inspect with signature check reports it', async () => {
      const out = join(tempDir(), 'p');
      await writeSample(out);
      flip(out, 5000);
      expect((await inspectPackage(out, { verifySignature: true })).signatureValid).toBe(false);
    });
  });

  it('refuses a truncated file, at a chunk boundary or anywhere', async () => {
    const out = join(tempDir(), 'p');
    await writeSample(out);
    const full = readFileSync(out);
    for (const cut of [1, TRAILER_SIZE, TRAILER_SIZE + 4112, 100_000]) {
      writeFileSync(out, full.subarray(0, full.length - cut));
      const r = await refusal(readAll(out));
      expect(['truncated', 'damaged']).toContain(r.reason);
      expect(r.message).toContain(out);
    }
    writeFileSync(out, full.subarray(0, 50));
    expect((await refusal(readAll(out))).reason).toBe('damaged');
  });

  it('refuses a truncated part', async () => {
    const out = join(tempDir(), 'p');
    const written = await writeSample(out, { partSize: 1024 * 1024 });
    truncateSync(written.files[1], 1000);
    const r = await refusal(readAll(out));
    expect(r.reason).toBe('truncated');
    expect(r.part).toBe(2);
  });

  it('refuses a missing part, first, middle or last', async () => {
    for (const missing of [1, 2, 4]) {
      const out = join(tempDir(), 'p');
      const written = await writeSample(out, { partSize: 1024 * 1024 });
      unlinkSync(written.files[missing - 1]);
      const r = await refusal(readAll(missing === 1 ? `${out}.002` : out));
      expect(r.reason).toBe('missing_part');
      expect(r.part).toBe(missing);
      expect(r.message).toContain(`缺少第 ${missing} 部分`);
    }
  });

  it('a write that fails midway leaves no file', async () => {
    const dir = tempDir();
    const out = join(dir, 'p');
    await expect(
      writePackage(options(out, { partSize: 1024 * 1024 }), async (w) => {
        await w.blob('big', chunked(BLOB, 65536), BLOB.length);
        throw new Error('disk pulled out');
      }),
    ).rejects.toThrow('disk pulled out');
    expect(readdirSync(dir)).toEqual([]);
    await expect(
      writePackage(options(out), async (w) => w.blob('short', Buffer.alloc(10), 11)),
    ).rejects.toThrow(/expected 11 bytes/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a cancelled write leaves no file', async () => {
    const dir = tempDir();
    const ac = new AbortController();
    const err = await writePackage(options(join(dir, 'p'), { signal: ac.signal, onProgress: (n) => n > 1_000_000 && ac.abort() }), async (w) => {
      await w.blob('big', chunked(BLOB, 65536), BLOB.length);
    }).catch((e: unknown) => e);
    expect((err as AppError).code).toBe('cancelled');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('streams with bounded reads: progress arrives chunk by chunk', async () => {
    const out = join(tempDir(), 'p');
    await writeSample(out);
    const seen: number[] = [];
    const pkg = await readPackage(out, { passphrase: PASS, expectedCampaignId: CAMPAIGN, onProgress: (n) => seen.push(n) });
    for await (const e of pkg.entries()) if (e.type === 'blob') for await (const piece of e.data) expect(piece.length).toBeLessThanOrEqual(4096);
    expect(seen.length).toBeGreaterThan(700);
    expect(seen.at(-1)).toBe((await inspectPackage(out)).plainBytes);
  });
});
