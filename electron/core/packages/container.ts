/**
 * The package container (docs/packages.md): a header, the body encrypted with AES-256-GCM in
 * fixed-size chunks (STREAM construction: per-chunk nonce from a counter and a last-chunk flag, the
 * header as associated data), and a trailer with an Ed25519 signature over a SHA-512 of everything
 * before it. Key from scrypt(passphrase, salt) with the parameters in the header, then (version 2)
 * HKDF-SHA256 with the package's own random key salt, so every package has its own body key even when
 * several share one scrypt salt (results packages of a campaign do). Everything comes
 * from node:crypto; nothing here is home-made cryptography, only framing.
 *
 * Memory is bounded by one chunk (1 MiB by default) whatever the package size. The logical byte
 * stream is split into part files over `partSize` bytes (FAT32). Writing goes to temporary files
 * renamed at the end; a failure or cancel removes them.
 */
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes, scrypt as scryptCb, sign, verify, type Hash, type KeyObject } from 'node:crypto';
import { open, readdir, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { AppError } from '../../../shared/errors';
import { fingerprintOf, publicKeyFromRaw } from '../identity';
import {
  CHUNK_LIMITS, DEFAULT_CHUNK_SIZE, DEFAULT_PART_SIZE, DEFAULT_SCRYPT, FORMAT_VERSION, MAX_PARTS, MIN_PART_SIZE,
  KEY_SALT_SIZE, NONCE_PREFIX_SIZE, SALT_SIZE, SIGNATURE_CONTEXT, TAG_SIZE, TRAILER_SIGNED, TRAILER_SIZE,
  chunkNonce, decodeHeader, decodeTrailer, encodeHeader, encodeTrailer, partPath,
  type Header, type PackageKind, type ScryptParams,
} from './format';

// ---------------------------------------------------------------------------------------------
// Refusals

export type RefusalReason =
  | 'not_a_package' | 'newer_version' | 'damaged' | 'truncated' | 'missing_part'
  | 'wrong_passphrase' | 'bad_signature' | 'other_campaign' | 'other_kind' | 'other_signer';

/** Every refusal names the file (and the part, when one is to blame); nothing has been stored. */
export function refuse(reason: RefusalReason, file: string, what: string, part?: { index: number; path: string }): AppError {
  const where = part ? `“${file}”（第 ${part.index + 1} 部分 ${basename(part.path)}）` : `“${file}”`;
  return new AppError('bad_input', `数据包${where}${what}，未导入任何内容。`, { reason, file, part: part ? part.index + 1 : undefined });
}

// ---------------------------------------------------------------------------------------------
// Key derivation

function deriveKey(passphrase: string, salt: Buffer, p: ScryptParams): Promise<Buffer> {
  const N = 2 ** p.log2N;
  return new Promise((resolve, reject) =>
    scryptCb(passphrase.normalize('NFC'), salt, 32, { N, r: p.r, p: p.p, maxmem: 128 * N * p.r * p.p + (32 << 20) }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

/**
 * scrypt keys derived during one import session (a clerk importing a stack of results packages), so
 * packages sharing a salt, passphrase and parameters cost one derivation. Held in memory only, a few
 * entries, dropped after `idleMs` without use; the passphrase itself is not kept (entries are keyed by
 * a SHA-256 over it, the salt and the parameters).
 */
export class KeyCache {
  private readonly keys = new Map<string, Promise<Buffer>>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  derivations = 0;
  constructor(private readonly idleMs = 15 * 60_000, private readonly maxEntries = 8) {}

  derive(passphrase: string, salt: Buffer, p: ScryptParams): Promise<Buffer> {
    const id = createHash('sha256').update(passphrase.normalize('NFC')).update('\0').update(salt).update(`\0${p.log2N},${p.r},${p.p}`).digest('hex');
    this.touch();
    let key = this.keys.get(id);
    if (!key) {
      this.derivations++;
      key = deriveKey(passphrase, salt, p);
      key.catch(() => this.keys.delete(id));
      if (this.keys.size >= this.maxEntries) this.keys.delete(this.keys.keys().next().value!);
      this.keys.set(id, key);
    }
    return key;
  }

  clear(): void {
    this.keys.clear();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private touch(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.clear(), this.idleMs);
    this.timer.unref?.();
  }
}

const BODY_KEY_INFO = Buffer.from('dossier-review package v2 AES-256-GCM body key', 'latin1');

/** The AES-256-GCM key of one package: scrypt (cached when a session cache is given), then HKDF with the key salt. */
async function bodyKey(passphrase: string, header: Header, cache?: KeyCache): Promise<Buffer> {
  const master = await (cache ? cache.derive(passphrase, header.salt, header.scrypt) : deriveKey(passphrase, header.salt, header.scrypt));
  if (!header.keySalt) return master; // format version 1
  return Buffer.from(hkdfSync('sha256', master, header.keySalt, BODY_KEY_INFO, 32));
}

function signatureMessage(digest: Buffer): Buffer {
  return Buffer.concat([SIGNATURE_CONTEXT, digest]);
}

// ---------------------------------------------------------------------------------------------
// Writing

export interface Signer {
  privateKey: KeyObject;
  publicKeyRaw: Buffer;
}

export interface ContainerWriteOptions {
  /** Final file name; parts become `out.001`, `out.002`, … */
  out: string;
  kind: PackageKind;
  campaignId: string;
  passphrase: string;
  signer: Signer;
  /** Split into parts over this many bytes (default just under 4 GiB, for FAT32). */
  partSize?: number;
  chunkSize?: number;
  scrypt?: ScryptParams;
  /**
   * The scrypt salt (16 bytes). Default: random. Results packages pass their campaign's salt so the
   * office derives one key for all of them (docs/packages.md, "Key derivation per campaign").
   */
  kdfSalt?: Buffer;
  keyCache?: KeyCache;
  signal?: AbortSignal;
  /** Called after each chunk with the plaintext bytes written so far. */
  onProgress?(plainBytes: number): void;
  now?: Date;
}

export interface ContainerWritten {
  files: string[];
  totalBytes: number;
  plainBytes: number;
  chunkCount: number;
  signerFingerprint: string;
}

export interface ContainerWriter {
  write(data: Uint8Array): Promise<void>;
  finish(): Promise<ContainerWritten>;
  /** Removes every temporary file; safe to call at any time, also after a failed write. */
  abort(): Promise<void>;
}

/** Writes the logical byte stream to numbered temporary part files. */
class PartSink {
  private fh: FileHandle | null = null;
  private inPart = 0;
  readonly temps: string[] = [];
  total = 0;
  constructor(private readonly tmpBase: string, private readonly partSize: number) {}

  async write(data: Buffer): Promise<void> {
    let off = 0;
    while (off < data.length) {
      if (!this.fh || this.inPart === this.partSize) await this.nextPart();
      const n = Math.min(data.length - off, this.partSize - this.inPart);
      await this.fh!.write(data, off, n);
      off += n;
      this.inPart += n;
      this.total += n;
    }
  }
  private async nextPart(): Promise<void> {
    await this.closeCurrent(true);
    if (this.temps.length >= MAX_PARTS) throw new AppError('bad_input', `数据包超过 ${MAX_PARTS} 个分卷，请调大分卷大小。`);
    const path = `${this.tmpBase}.${String(this.temps.length + 1).padStart(3, '0')}`;
    this.temps.push(path);
    this.fh = await open(path, 'wx', 0o600);
    this.inPart = 0;
  }
  async closeCurrent(durable: boolean): Promise<void> {
    const fh = this.fh;
    this.fh = null;
    if (!fh) return;
    try {
      if (durable) await fh.sync(); // USB sticks get pulled out: the data is on the stick before the rename
    } finally {
      await fh.close();
    }
  }
}

export async function createContainerWriter(opts: ContainerWriteOptions): Promise<ContainerWriter> {
  const chunkSize = opts.chunkSize ?? DEFAULT_CHUNK_SIZE;
  const partSize = opts.partSize ?? DEFAULT_PART_SIZE;
  if (chunkSize < CHUNK_LIMITS[0] || chunkSize > CHUNK_LIMITS[1]) throw new RangeError(`chunkSize ${chunkSize} out of range`);
  if (partSize < MIN_PART_SIZE) throw new RangeError(`partSize ${partSize} below ${MIN_PART_SIZE}`);
  const scrypt = opts.scrypt ?? DEFAULT_SCRYPT;
  const header: Header = {
    formatVersion: FORMAT_VERSION,
    kind: opts.kind,
    scrypt,
    createdAt: opts.now ?? new Date(),
    signerPublicKey: opts.signer.publicKeyRaw,
    salt: opts.kdfSalt ?? randomBytes(SALT_SIZE),
    keySalt: randomBytes(KEY_SALT_SIZE),
    noncePrefix: randomBytes(NONCE_PREFIX_SIZE),
    chunkSize,
    partSize,
    campaignId: opts.campaignId,
  };
  const headerBytes = encodeHeader(header);
  if (header.salt.length !== SALT_SIZE) throw new RangeError(`kdfSalt must be ${SALT_SIZE} bytes`);
  const key = await bodyKey(opts.passphrase, header, opts.keyCache);
  const hash = createHash('sha512');
  const tmpBase = join(dirname(opts.out), `.${basename(opts.out)}.${randomBytes(6).toString('hex')}.tmp`);
  const sink = new PartSink(tmpBase, partSize);
  if (/\.\d{3}$/.test(opts.out)) throw new AppError('invalid_argument', `数据包文件名不能以分卷编号（如 .001）结尾：${opts.out}`);
  const chunk = Buffer.allocUnsafe(chunkSize);
  let filled = 0;
  let chunkIndex = 0;
  let plainBytes = 0;
  let state: 'open' | 'done' | 'failed' = 'open';
  const renamed: string[] = [];

  const emit = async (data: Buffer) => {
    hash.update(data);
    await sink.write(data);
  };
  const sealChunk = async (plain: Buffer, last: boolean) => {
    if (opts.signal?.aborted) throw new AppError('cancelled', '已取消，数据包未写出。');
    if (chunkIndex > 0xffffffff) throw new RangeError('too many chunks');
    const cipher = createCipheriv('aes-256-gcm', key, chunkNonce(header.noncePrefix, chunkIndex, last));
    cipher.setAAD(headerBytes);
    const ct = Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
    chunkIndex++;
    plainBytes += plain.length;
    await emit(ct);
    opts.onProgress?.(plainBytes);
  };
  const guard = async <T>(fn: () => Promise<T>): Promise<T> => {
    if (state !== 'open') throw new Error(`package writer is ${state}`);
    try {
      return await fn();
    } catch (err) {
      await abort();
      throw err;
    }
  };
  const abort = async () => {
    if (state === 'done') return;
    state = 'failed';
    await sink.closeCurrent(false).catch(() => undefined);
    await Promise.all([...sink.temps, ...renamed].map((p) => rm(p, { force: true })));
  };

  await guard(() => emit(headerBytes));
  return {
    write: (data) =>
      guard(async () => {
        for (let off = 0; off < data.length; ) {
          // A full chunk is sealed only once more data arrives: the last chunk must carry the last flag.
          if (filled === chunkSize) {
            await sealChunk(chunk, false);
            filled = 0;
          }
          const n = Math.min(chunkSize - filled, data.length - off);
          chunk.set(data.subarray(off, off + n), filled);
          filled += n;
          off += n;
        }
      }),
    finish: () =>
      guard(async () => {
        await sealChunk(chunk.subarray(0, filled), true);
        const trailerLength = TRAILER_SIZE;
        const total = sink.total + trailerLength;
        const partCount = Math.ceil(total / partSize);
        const trailer = encodeTrailer({ chunkCount: chunkIndex, partCount, plainBytes });
        hash.update(trailer.subarray(0, TRAILER_SIGNED));
        sign(null, signatureMessage(hash.digest()), opts.signer.privateKey).copy(trailer, TRAILER_SIGNED);
        await sink.write(trailer);
        await sink.closeCurrent(true);
        if (opts.signal?.aborted) throw new AppError('cancelled', '已取消，数据包未写出。');
        const files = sink.temps.map((_, i) => partPath(opts.out, i, sink.temps.length));
        for (let i = 0; i < files.length; i++) {
          await rename(sink.temps[i], files[i]);
          renamed.push(files[i]); // a failure before the last rename removes these too
        }
        state = 'done';
        await removeStale(opts.out, files.length);
        return { files, totalBytes: total, plainBytes, chunkCount: chunkIndex, signerFingerprint: fingerprintOf(opts.signer.publicKeyRaw) };
      }),
    abort,
  };
}

/** After a rewrite, parts of an earlier package under the same name would be read as ours: remove them. */
async function removeStale(out: string, written: number): Promise<void> {
  if (written > 1) await rm(out, { force: true });
  for (let i = written === 1 ? 0 : written; i < MAX_PARTS; i++) {
    const p = partPath(out, i, 2);
    if (!(await exists(p))) break;
    await rm(p, { force: true });
  }
}

async function exists(p: string): Promise<boolean> {
  return stat(p).then(() => true, () => false);
}

// ---------------------------------------------------------------------------------------------
// Reading

interface Part {
  path: string;
  size: number;
}

export interface PackageInfo {
  /** The name given (without a part suffix). */
  file: string;
  parts: Array<{ path: string; bytes: number }>;
  formatVersion: number;
  kind: PackageKind;
  campaignId: string;
  createdAt: string;
  signerPublicKey: string;
  signerFingerprint: string;
  scrypt: ScryptParams;
  chunkSize: number;
  partSize: number;
  chunkCount: number;
  totalBytes: number;
  /** Plaintext bytes of the body, as the trailer states (authenticated once the signature is checked). */
  plainBytes: number;
}

/** `x.001`, `x.002` and `x` all name the package `x` (the writer refuses names ending in a part number). */
function packageName(file: string): string {
  return /\.\d{3}$/.test(file) ? file.slice(0, -4) : file;
}

async function findParts(file: string): Promise<Part[]> {
  const name = packageName(file);
  const whole = name === file ? await stat(name).catch(() => null) : null;
  if (whole?.isFile()) return [{ path: name, size: whole.size }];
  const parts: Part[] = [];
  for (let i = 0; i < MAX_PARTS; i++) {
    const s = await stat(partPath(name, i, 2)).catch(() => null);
    if (!s) break;
    parts.push({ path: partPath(name, i, 2), size: s.size });
  }
  // A gap: a later part exists but an earlier one does not.
  const siblings = await readdir(dirname(name)).catch(() => [] as string[]);
  const numbered = siblings.filter((n) => n.length === basename(name).length + 4 && n.startsWith(`${basename(name)}.`) && /\.\d{3}$/.test(n));
  const highest = Math.max(0, ...numbered.map((n) => Number(n.slice(-3))));
  if (!parts.length && !highest) throw new AppError('bad_input', `找不到数据包文件“${name}”。`, { reason: 'not_found', file: name });
  if (highest > parts.length) {
    const missing = parts.length;
    throw refuse('missing_part', name, `缺少第 ${missing + 1} 部分`, { index: missing, path: partPath(name, missing, 2) });
  }
  return parts;
}

/** Positioned reads over the part files as one logical byte stream. */
class PartSource {
  private readonly handles = new Map<number, FileHandle>();
  readonly total: number;
  constructor(readonly parts: Part[]) {
    this.total = parts.reduce((s, p) => s + p.size, 0);
  }
  /** Which part holds logical offset `pos`. */
  partAt(pos: number): { index: number; path: string } {
    let start = 0;
    for (let i = 0; i < this.parts.length; i++) {
      if (pos < start + this.parts[i].size) return { index: i, path: this.parts[i].path };
      start += this.parts[i].size;
    }
    const last = this.parts.length - 1;
    return { index: last, path: this.parts[last].path };
  }
  async read(pos: number, length: number): Promise<Buffer> {
    const out = Buffer.alloc(length);
    let done = 0;
    let start = 0;
    for (let i = 0; i < this.parts.length && done < length; i++) {
      const p = this.parts[i];
      const at = pos + done;
      if (at < start + p.size) {
        const n = Math.min(length - done, start + p.size - at);
        const fh = await this.handle(i);
        const { bytesRead } = await fh.read(out, done, n, at - start);
        if (bytesRead !== n) throw new Error(`short read in ${p.path}`);
        done += n;
      }
      start += p.size;
    }
    if (done !== length) throw new Error('read past the end of the package');
    return out;
  }
  private async handle(i: number): Promise<FileHandle> {
    let fh = this.handles.get(i);
    if (!fh) {
      fh = await open(this.parts[i].path, 'r');
      this.handles.set(i, fh);
      if (this.handles.size > 2) {
        // Parts are read in order: keep at most this one and the previous open.
        const [oldest] = this.handles.keys();
        if (oldest !== i) {
          await this.handles.get(oldest)!.close();
          this.handles.delete(oldest);
        }
      }
    }
    return fh;
  }
  async close(): Promise<void> {
    await Promise.all([...this.handles.values()].map((fh) => fh.close()));
    this.handles.clear();
  }
}

interface Opened {
  name: string;
  source: PartSource;
  header: Header;
  headerBytes: Buffer;
  trailer: NonNullable<ReturnType<typeof decodeTrailer>>;
  info: PackageInfo;
}

/** Reads and checks the header, the part layout and the trailer; no passphrase needed. */
async function openLayout(file: string): Promise<Opened> {
  const name = packageName(file);
  const source = new PartSource(await findParts(file));
  try {
    const head = await source.read(0, Math.min(source.total, 512));
    const decoded = decodeHeader(head);
    if (!decoded.ok) {
      if (decoded.problem === 'not_a_package') throw refuse('not_a_package', name, '不是本程序的数据包');
      if (decoded.problem === 'newer_version')
        throw refuse('newer_version', name, `的格式版本（${decoded.version}）比本程序支持的（${FORMAT_VERSION}）新，请先升级程序`);
      throw refuse('damaged', name, '的包头已损坏', { index: 0, path: source.parts[0].path });
    }
    const { header, length } = decoded;
    // Part layout: every part but the last is exactly partSize, none is larger.
    for (let i = 0; i < source.parts.length; i++) {
      const p = source.parts[i];
      const isLast = i === source.parts.length - 1;
      if (p.size > header.partSize || (!isLast && p.size !== header.partSize))
        throw refuse('truncated', name, '的分卷大小不符（被截断或改动）', { index: i, path: p.path });
    }
    const bodyBytes = source.total - length - TRAILER_SIZE;
    const trailer = bodyBytes >= TAG_SIZE ? decodeTrailer(await source.read(source.total - TRAILER_SIZE, TRAILER_SIZE)) : null;
    const lastPart = source.parts.length - 1;
    if (!trailer) {
      const lastFull = header.partSize > 0 && source.parts[lastPart].size === header.partSize;
      if (lastFull) throw refuse('missing_part', name, `缺少第 ${lastPart + 2} 部分（或文件被截断）`, { index: lastPart + 1, path: partPath(name, lastPart + 1, 2) });
      throw refuse('truncated', name, '不完整（被截断，缺少签名）', { index: lastPart, path: source.parts[lastPart].path });
    }
    if (trailer.partCount !== source.parts.length) {
      if (trailer.partCount > source.parts.length)
        throw refuse('missing_part', name, `缺少第 ${source.parts.length + 1} 部分`, { index: source.parts.length, path: partPath(name, source.parts.length, 2) });
      throw refuse('damaged', name, '的分卷数与包尾记录不符');
    }
    const stride = header.chunkSize + TAG_SIZE;
    if (trailer.chunkCount !== Math.ceil(bodyBytes / stride) || trailer.plainBytes !== bodyBytes - trailer.chunkCount * TAG_SIZE)
      throw refuse('truncated', name, '的长度与包尾记录不符（被截断或改动）', { index: lastPart, path: source.parts[lastPart].path });
    const info: PackageInfo = {
      file: name,
      parts: source.parts.map((p) => ({ path: p.path, bytes: p.size })),
      formatVersion: header.formatVersion,
      kind: header.kind,
      campaignId: header.campaignId,
      createdAt: header.createdAt.toISOString(),
      signerPublicKey: header.signerPublicKey.toString('hex'),
      signerFingerprint: fingerprintOf(header.signerPublicKey),
      scrypt: header.scrypt,
      chunkSize: header.chunkSize,
      partSize: header.partSize,
      chunkCount: trailer.chunkCount,
      totalBytes: source.total,
      plainBytes: trailer.plainBytes,
    };
    return { name, source, header, headerBytes: head.subarray(0, length), trailer, info };
  } catch (err) {
    await source.close();
    throw err;
  }
}

function signatureValid(o: Opened, hash: Hash): boolean {
  const digest = hash.digest();
  try {
    return verify(null, signatureMessage(digest), publicKeyFromRaw(o.header.signerPublicKey), o.trailer.signature);
  } catch {
    return false; // a public key that is not a valid curve point
  }
}

/** Feeds everything the signature covers after the header into `hash`, in bounded reads. */
async function hashRange(o: Opened, hash: Hash, from: number, signal?: AbortSignal): Promise<void> {
  const end = o.source.total - TRAILER_SIZE + TRAILER_SIGNED;
  for (let pos = from; pos < end; ) {
    if (signal?.aborted) throw new AppError('cancelled', '已取消。');
    const n = Math.min(1 << 20, end - pos);
    hash.update(await o.source.read(pos, n));
    pos += n;
  }
}

/**
 * The header, the signer's fingerprint and the sizes, without the passphrase. With `verifySignature`
 * it also reads the whole package to check the signature (no decryption).
 */
export async function inspectPackage(file: string, opts: { verifySignature?: boolean } = {}): Promise<PackageInfo & { signatureValid?: boolean }> {
  const o = await openLayout(file);
  try {
    if (!opts.verifySignature) return o.info;
    const hash = createHash('sha512').update(o.headerBytes);
    await hashRange(o, hash, o.headerBytes.length);
    return { ...o.info, signatureValid: signatureValid(o, hash) };
  } finally {
    await o.source.close();
  }
}

export interface ContainerReadOptions {
  passphrase: string;
  /** A package for another campaign is refused. */
  expectedCampaignId: string;
  expectedKind?: PackageKind;
  /** When given, a package signed by any other key is refused (the office's record of a laptop). */
  expectedSigner?: Uint8Array;
  /** The import session's derived keys (see KeyCache). */
  keyCache?: KeyCache;
  signal?: AbortSignal;
  onProgress?(plainBytes: number, totalPlainBytes: number): void;
}

export interface OpenedContainer {
  info: PackageInfo;
  /**
   * The decrypted body, chunk by chunk. Each chunk is authenticated (GCM) before it is yielded; the
   * signature is checked after the last one, so a consumer must treat what it received as
   * provisional (stage it, in a transaction) until the iteration ends without throwing.
   */
  plaintext(): AsyncGenerator<Buffer, void, undefined>;
  close(): Promise<void>;
}

export async function openContainer(file: string, opts: ContainerReadOptions): Promise<OpenedContainer> {
  const o = await openLayout(file);
  const { header, name, source } = o;
  try {
    if (header.campaignId !== opts.expectedCampaignId)
      throw refuse('other_campaign', name, `属于另一个评查活动（${header.campaignId}），不是本活动（${opts.expectedCampaignId}）`);
    if (opts.expectedKind && header.kind !== opts.expectedKind)
      throw refuse('other_kind', name, `是${header.kind === 'campaign' ? '活动包' : '成果包'}，此处需要${opts.expectedKind === 'campaign' ? '活动包' : '成果包'}`);
    if (opts.expectedSigner && !header.signerPublicKey.equals(Buffer.from(opts.expectedSigner)))
      throw refuse('other_signer', name, `由另一台电脑签名（指纹 ${o.info.signerFingerprint}，应为 ${fingerprintOf(opts.expectedSigner)}）`);
  } catch (err) {
    await source.close();
    throw err;
  }
  const key = await bodyKey(opts.passphrase, header, opts.keyCache);
  const stride = header.chunkSize + TAG_SIZE;
  const bodyStart = o.headerBytes.length;
  const bodyEnd = source.total - TRAILER_SIZE;

  async function* plaintext(): AsyncGenerator<Buffer, void, undefined> {
    const hash = createHash('sha512').update(o.headerBytes);
    let plain = 0;
    try {
      for (let i = 0; i < o.trailer.chunkCount; i++) {
        if (opts.signal?.aborted) throw new AppError('cancelled', '已取消，未导入任何内容。');
        const pos = bodyStart + i * stride;
        const sealed = await source.read(pos, Math.min(stride, bodyEnd - pos));
        hash.update(sealed);
        const last = i === o.trailer.chunkCount - 1;
        const decipher = createDecipheriv('aes-256-gcm', key, chunkNonce(header.noncePrefix, i, last));
        decipher.setAAD(o.headerBytes);
        decipher.setAuthTag(sealed.subarray(sealed.length - TAG_SIZE));
        let out: Buffer;
        try {
          out = Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - TAG_SIZE)), decipher.final()]);
        } catch {
          if (i > 0) throw refuse('damaged', name, `已被改动或损坏（第 ${i + 1} 个数据块校验失败）`, source.partAt(pos));
          // The first chunk: a wrong passphrase, or an altered header or chunk. The signature tells.
          await hashRange(o, hash, pos + sealed.length, opts.signal);
          if (signatureValid(o, hash)) throw refuse('wrong_passphrase', name, '无法解密：口令错误');
          throw refuse('damaged', name, '已被改动或损坏（签名不符）', source.partAt(pos));
        }
        plain += out.length;
        opts.onProgress?.(plain, o.trailer.plainBytes);
        if (last) {
          hash.update(await source.read(bodyEnd, TRAILER_SIGNED));
          if (!signatureValid(o, hash)) throw refuse('bad_signature', name, '的签名无效（包尾被改动，或不是由所示电脑签名）', source.partAt(bodyEnd));
        }
        yield out;
      }
    } finally {
      await source.close();
    }
  }
  return { info: o.info, plaintext, close: () => source.close() };
}
