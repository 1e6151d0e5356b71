/**
 * The package container's fixed layout, version 2 (docs/packages.md describes it byte by byte;
 * version 1, without the key salt, is still read).
 * Only layout and limits live here; container.ts does the streaming and the cryptography.
 */
export const MAGIC = Buffer.from('DRPKG\0\r\n', 'latin1');
export const TRAILER_MAGIC = Buffer.from('DRPKGEND', 'latin1');
export const FORMAT_VERSION = 2;
/**
 * Bytes before the campaign id; the header is this plus the id's UTF-8 bytes. Version 2 added the
 * 16-byte key salt at 94 (the body key is HKDF(scrypt key, key salt), see container.ts).
 */
export const FIXED_HEADER = 110;
export const FIXED_HEADER_V1 = 94;
const fixedHeaderOf = (version: number) => (version === 1 ? FIXED_HEADER_V1 : FIXED_HEADER);
export const TRAILER_SIZE = 88;
/** Bytes of the trailer the signature covers (everything but the signature itself). */
export const TRAILER_SIGNED = 24;
export const TAG_SIZE = 16;
export const NONCE_PREFIX_SIZE = 7;
export const SALT_SIZE = 16;
export const KEY_SALT_SIZE = 16;
export const SIGNATURE_CONTEXT = Buffer.from('dossier-review package v1 SHA-512\0', 'latin1');

export type PackageKind = 'campaign' | 'results';
export const KIND_CODES: Record<PackageKind, number> = { campaign: 1, results: 2 };

export interface ScryptParams {
  /** N = 2^log2N */
  log2N: number;
  r: number;
  p: number;
}
/**
 * One of OWASP's equal-cost scrypt settings (N=2^16, r=8, p=2; the same work as N=2^17, p=1): it
 * needs 64 MiB rather than 128, which keeps a package import within its memory budget.
 */
export const DEFAULT_SCRYPT: ScryptParams = { log2N: 16, r: 8, p: 2 };
/** What a reader accepts, so a forged header cannot make it allocate gigabytes. */
export const SCRYPT_LIMITS = { log2N: [10, 20], r: [1, 16], p: [1, 4] } as const;
/** scrypt needs 128·N·r bytes: at most 256 MiB, whatever a header says. */
export const SCRYPT_MAX_MEMORY = 256 << 20;

export const DEFAULT_CHUNK_SIZE = 1 << 20;
export const CHUNK_LIMITS = [1024, 16 << 20] as const;
/** FAT32 holds files up to 4 GiB − 1 byte; stay 64 KiB under it. */
export const DEFAULT_PART_SIZE = 2 ** 32 - 65536;
export const MIN_PART_SIZE = 1024;
export const MAX_CAMPAIGN_ID_BYTES = 256;

export interface Header {
  formatVersion: number;
  kind: PackageKind;
  scrypt: ScryptParams;
  createdAt: Date;
  signerPublicKey: Buffer;
  /** scrypt salt: random per package, or one per campaign for results packages (docs/packages.md). */
  salt: Buffer;
  /** Version 2: random per package; the body key is HKDF-SHA256(scrypt key, keySalt). Null in version 1. */
  keySalt: Buffer | null;
  noncePrefix: Buffer;
  chunkSize: number;
  /** Bytes per part file: the package is split into parts when it is larger. */
  partSize: number;
  campaignId: string;
}

export function encodeHeader(h: Header): Buffer {
  const id = Buffer.from(h.campaignId, 'utf8');
  if (id.length === 0 || id.length > MAX_CAMPAIGN_ID_BYTES) throw new RangeError('评查活动 ID 长度不符');
  const fixed = fixedHeaderOf(h.formatVersion);
  if ((h.formatVersion === 1) !== (h.keySalt === null)) throw new RangeError('key salt and format version disagree');
  const b = Buffer.alloc(fixed + id.length);
  MAGIC.copy(b, 0);
  b.writeUInt16BE(h.formatVersion, 8);
  b.writeUInt16BE(b.length, 10);
  b.writeUInt8(KIND_CODES[h.kind], 12);
  b.writeUInt8(h.scrypt.log2N, 13);
  b.writeUInt8(h.scrypt.r, 14);
  b.writeUInt8(h.scrypt.p, 15);
  b.writeBigUInt64BE(BigInt(h.createdAt.getTime()), 16);
  h.signerPublicKey.copy(b, 24);
  h.salt.copy(b, 56);
  h.noncePrefix.copy(b, 72);
  // byte 79 reserved, 0
  b.writeUInt32BE(h.chunkSize, 80);
  b.writeBigUInt64BE(BigInt(h.partSize), 84);
  b.writeUInt16BE(id.length, 92);
  h.keySalt?.copy(b, 94);
  id.copy(b, fixed);
  return b;
}

/** Why a header cannot be read: the reader turns these into its Chinese refusals. */
export type HeaderProblem = 'not_a_package' | 'newer_version' | 'damaged';

export type DecodedHeader = { ok: true; header: Header; length: number } | { ok: false; problem: HeaderProblem; version?: number };

/** Decodes the header at the start of `b` (which must hold at least FIXED_HEADER bytes when it is a package). */
export function decodeHeader(b: Buffer): DecodedHeader {
  if (b.length < 10 || !b.subarray(0, 8).equals(MAGIC)) return { ok: false, problem: 'not_a_package' };
  const version = b.readUInt16BE(8);
  if (version > FORMAT_VERSION) return { ok: false, problem: 'newer_version', version };
  if (version < 1 || b.length < fixedHeaderOf(version)) return { ok: false, problem: 'damaged' };
  const fixed = fixedHeaderOf(version);
  const length = b.readUInt16BE(10);
  const idLength = b.readUInt16BE(92);
  const kind = (Object.keys(KIND_CODES) as PackageKind[]).find((k) => KIND_CODES[k] === b.readUInt8(12));
  const scrypt = { log2N: b.readUInt8(13), r: b.readUInt8(14), p: b.readUInt8(15) };
  const chunkSize = b.readUInt32BE(80);
  const partSize = Number(b.readBigUInt64BE(84));
  const inRange = (v: number, [lo, hi]: readonly [number, number]) => v >= lo && v <= hi;
  const sane =
    kind !== undefined &&
    length === fixed + idLength &&
    idLength > 0 &&
    idLength <= MAX_CAMPAIGN_ID_BYTES &&
    b.length >= length &&
    b.readUInt8(79) === 0 &&
    inRange(scrypt.log2N, SCRYPT_LIMITS.log2N) &&
    inRange(scrypt.r, SCRYPT_LIMITS.r) &&
    inRange(scrypt.p, SCRYPT_LIMITS.p) &&
    inRange(chunkSize, CHUNK_LIMITS) &&
    128 * 2 ** scrypt.log2N * scrypt.r <= SCRYPT_MAX_MEMORY &&
    partSize >= MIN_PART_SIZE &&
    partSize <= Number.MAX_SAFE_INTEGER;
  if (!sane) return { ok: false, problem: 'damaged' };
  const campaignId = b.subarray(fixed, length).toString('utf8');
  return {
    ok: true,
    length,
    header: {
      formatVersion: version,
      kind,
      scrypt,
      createdAt: new Date(Number(b.readBigUInt64BE(16))),
      signerPublicKey: Buffer.from(b.subarray(24, 56)),
      salt: Buffer.from(b.subarray(56, 72)),
      keySalt: version === 1 ? null : Buffer.from(b.subarray(94, 110)),
      noncePrefix: Buffer.from(b.subarray(72, 79)),
      chunkSize,
      partSize,
      campaignId,
    },
  };
}

export interface Trailer {
  chunkCount: number;
  partCount: number;
  plainBytes: number;
  signature: Buffer;
}

export function encodeTrailer(t: Omit<Trailer, 'signature'>): Buffer {
  const b = Buffer.alloc(TRAILER_SIZE);
  TRAILER_MAGIC.copy(b, 0);
  b.writeUInt32BE(t.chunkCount, 8);
  b.writeUInt32BE(t.partCount, 12);
  b.writeBigUInt64BE(BigInt(t.plainBytes), 16);
  return b; // bytes 24..88: the signature, filled in once the hash is complete
}

export function decodeTrailer(b: Buffer): Trailer | null {
  if (b.length !== TRAILER_SIZE || !b.subarray(0, 8).equals(TRAILER_MAGIC)) return null;
  return {
    chunkCount: b.readUInt32BE(8),
    partCount: b.readUInt32BE(12),
    plainBytes: Number(b.readBigUInt64BE(16)),
    signature: Buffer.from(b.subarray(TRAILER_SIGNED)),
  };
}

/** STREAM nonce (Hoang et al. 2015): 7-byte random prefix ‖ 32-bit chunk counter ‖ last-chunk flag. */
export function chunkNonce(prefix: Buffer, index: number, last: boolean): Buffer {
  const n = Buffer.alloc(12);
  prefix.copy(n, 0);
  n.writeUInt32BE(index, 7);
  n.writeUInt8(last ? 1 : 0, 11);
  return n;
}

/** Part file names: `out` when the package is one file, else `out.001`, `out.002`, … */
export function partPath(out: string, index: number, count: number): string {
  return count === 1 ? out : `${out}.${String(index + 1).padStart(3, '0')}`;
}
export const MAX_PARTS = 999;
