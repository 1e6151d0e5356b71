/**
 * The package body: a sequence of named entries, then an end mark. The campaign and results
 * packages (not built yet, issue #18) are written and read through this API:
 *
 *   await writePackage(opts, async (w) => { await w.record('campaign', {...}); await w.blob('pdf/1', stream, size); });
 *   const pkg = await readPackage(file, opts);
 *   for await (const e of pkg.entries()) { e.type === 'record' ? e.value : for await (const b of e.data) … }
 *
 * Entries read before the loop ends are provisional: the signature is checked at the end (see
 * OpenedContainer.plaintext). Encoding (inside the encrypted body, docs/packages.md):
 *   record: 0x01 ‖ u16 name length ‖ name ‖ u32 length ‖ JSON (UTF-8, at most 64 MiB)
 *   blob:   0x02 ‖ u16 name length ‖ name ‖ u64 length ‖ bytes
 *   end:    0x00 (the last byte of the body)
 */

import {
  createContainerWriter, openContainer, refuse,
  type ContainerReadOptions, type ContainerWriteOptions, type ContainerWritten, type PackageInfo,
} from './container';

const RECORD = 1;
const BLOB = 2;
const END = 0;
export const MAX_RECORD_BYTES = 64 << 20;
const MAX_NAME_BYTES = 1024;

export interface PackageWriter {
  record(name: string, value: unknown): Promise<void>;
  /** Exactly `size` bytes from `data`; anything else fails the whole package. */
  blob(name: string, data: Uint8Array | AsyncIterable<Uint8Array>, size: number): Promise<void>;
}

function entryHead(type: number, name: string, lengthBytes: 4 | 8, length: number): Buffer {
  const n = Buffer.from(name, 'utf8');
  if (n.length === 0 || n.length > MAX_NAME_BYTES) throw new RangeError(`entry name length ${n.length}`);
  const b = Buffer.alloc(3 + n.length + lengthBytes);
  b.writeUInt8(type, 0);
  b.writeUInt16BE(n.length, 1);
  n.copy(b, 3);
  if (lengthBytes === 4) b.writeUInt32BE(length, 3 + n.length);
  else b.writeBigUInt64BE(BigInt(length), 3 + n.length);
  return b;
}

/**
 * Writes a package whose body `fill` produces. If `fill` throws (or the signal aborts), every
 * temporary file is removed and nothing is left under `opts.out`.
 */
export async function writePackage(opts: ContainerWriteOptions, fill: (w: PackageWriter) => Promise<void>): Promise<ContainerWritten> {
  const c = await createContainerWriter(opts);
  const w: PackageWriter = {
    async record(name, value) {
      const json = Buffer.from(JSON.stringify(value) ?? 'null', 'utf8');
      if (json.length > MAX_RECORD_BYTES) throw new RangeError(`record ${name} is over ${MAX_RECORD_BYTES} bytes`);
      await c.write(Buffer.concat([entryHead(RECORD, name, 4, json.length), json]));
    },
    async blob(name, data, size) {
      await c.write(entryHead(BLOB, name, 8, size));
      let seen = 0;
      const pieces = data instanceof Uint8Array ? [data] : data;
      for await (const piece of pieces) {
        seen += piece.length;
        if (seen > size) break;
        await c.write(piece);
      }
      if (seen !== size) throw new Error(`blob ${name}: expected ${size} bytes, got ${seen > size ? 'more' : seen}`);
    },
  };
  try {
    await fill(w);
    await c.write(Buffer.from([END]));
  } catch (err) {
    await c.abort();
    throw err;
  }
  return c.finish();
}

export type PackageEntry =
  | { type: 'record'; name: string; value: unknown }
  /** `data` must be consumed before the next entry is asked for (or it is skipped). */
  | { type: 'blob'; name: string; size: number; data: AsyncIterable<Buffer> };

export interface OpenedPackage {
  info: PackageInfo;
  entries(): AsyncGenerator<PackageEntry, void, undefined>;
  close(): Promise<void>;
}

/** Pulls exact byte counts out of the decrypted chunk stream, copying each byte at most once. */
class ByteQueue {
  private readonly pieces: Buffer[] = [];
  private length = 0;
  private ended = false;
  constructor(private readonly source: AsyncIterator<Buffer>) {}
  private async fill(): Promise<boolean> {
    if (this.ended) return false;
    const r = await this.source.next();
    if (r.done) {
      this.ended = true;
      return false;
    }
    this.pieces.push(r.value);
    this.length += r.value.length;
    return true;
  }
  private shift(n: number): Buffer {
    const head = this.pieces[0];
    if (head.length > n) {
      this.pieces[0] = head.subarray(n);
      this.length -= n;
      return head.subarray(0, n);
    }
    this.pieces.shift();
    this.length -= head.length;
    return head;
  }
  async take(n: number): Promise<Buffer | null> {
    while (this.length < n) if (!(await this.fill())) return null;
    if (this.pieces[0].length >= n) return this.shift(n);
    const out = Buffer.allocUnsafe(n);
    for (let done = 0; done < n; ) {
      const piece = this.shift(Math.min(n - done, this.pieces[0].length));
      piece.copy(out, done);
      done += piece.length;
    }
    return out;
  }
  /** Up to `max` bytes, at least one (null at the end). */
  async some(max: number): Promise<Buffer | null> {
    if (!this.length && !(await this.fill())) return null;
    return this.shift(Math.min(max, this.pieces[0].length));
  }
  async atEnd(): Promise<boolean> {
    return this.length === 0 && !(await this.fill());
  }
}

export async function readPackage(file: string, opts: ContainerReadOptions): Promise<OpenedPackage> {
  const c = await openContainer(file, opts);
  const name = c.info.file;
  // The body is authenticated, so a malformed entry means the writer was not this program.
  const malformed = () => refuse('damaged', name, '的内容格式不符');
  async function* entries(): AsyncGenerator<PackageEntry, void, undefined> {
    const q = new ByteQueue(c.plaintext());
    for (;;) {
      const type = await q.take(1);
      if (!type) throw malformed();
      if (type[0] === END) {
        if (!(await q.atEnd())) throw malformed();
        return;
      }
      if (type[0] !== RECORD && type[0] !== BLOB) throw malformed();
      const nameLength = (await q.take(2))?.readUInt16BE(0);
      if (nameLength === undefined || nameLength === 0 || nameLength > MAX_NAME_BYTES) throw malformed();
      const entryName = (await q.take(nameLength))?.toString('utf8');
      if (entryName === undefined) throw malformed();
      if (type[0] === RECORD) {
        const length = (await q.take(4))?.readUInt32BE(0);
        if (length === undefined || length > MAX_RECORD_BYTES) throw malformed();
        const json = await q.take(length);
        if (!json) throw malformed();
        let value: unknown;
        try {
          value = JSON.parse(json.toString('utf8'));
        } catch {
          throw malformed();
        }
        yield { type: 'record', name: entryName, value };
        continue;
      }
      const sizeBig = (await q.take(8))?.readBigUInt64BE(0);
      if (sizeBig === undefined || sizeBig > BigInt(Number.MAX_SAFE_INTEGER)) throw malformed();
      const size = Number(sizeBig);
      let left = size;
      const data = async function* (): AsyncGenerator<Buffer> {
        while (left > 0) {
          const piece = await q.some(Math.min(left, 1 << 20));
          if (!piece) throw malformed();
          left -= piece.length;
          yield piece;
        }
      };
      yield { type: 'blob', name: entryName, size, data: data() };
      // Skip whatever the consumer did not read.
      while (left > 0) {
        const piece = await q.some(Math.min(left, 1 << 20));
        if (!piece) throw malformed();
        left -= piece.length;
      }
    }
  }
  return { info: c.info, entries, close: c.close };
}

