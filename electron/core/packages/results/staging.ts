/**
 * The import's staging file: every record of a package, one JSON line each, written while the
 * package is decrypted and checked, then read back synchronously inside the one merge transaction.
 * A results package is only trusted once its signature has been checked at the very end, and
 * the records wait here rather than in memory until then.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';

export class StagingWriter {
  private buffered: string[] = [];
  private size = 0;
  lines = 0;
  private constructor(private readonly fh: FileHandle) {}

  static async create(path: string): Promise<StagingWriter> {
    return new StagingWriter(await open(path, 'wx', 0o600));
  }

  async add(name: string, value: unknown): Promise<void> {
    const line = JSON.stringify([name, value]) + '\n';
    this.buffered.push(line);
    this.size += line.length;
    this.lines++;
    if (this.size > 1 << 20) await this.flush();
  }

  async flush(): Promise<void> {
    if (!this.buffered.length) return;
    const data = this.buffered.join('');
    this.buffered = [];
    this.size = 0;
    await this.fh.write(data);
  }

  async close(): Promise<void> {
    await this.flush();
    await this.fh.close();
  }
}

/** Calls `fn` with each staged record (synchronously). */
export function forEachStaged(path: string, fn: (name: string, value: unknown) => void): void {
  for (const [name, value] of stagedRecords(path)) fn(name, value);
}

/**
 * Each staged record in order, read in 1 MiB pieces. Synchronous, so the merge can run it inside
 * its transaction; the merge pauses between batches of records, and the file stays open until the
 * generator is finished or returned.
 */
export function* stagedRecords(path: string): Generator<[string, unknown]> {
  const fd = openSync(path, 'r');
  const parse = (line: string) => JSON.parse(line) as [string, unknown];
  try {
    const piece = Buffer.allocUnsafe(1 << 20);
    // Bytes after the last newline seen: a line (or a UTF-8 character) cut at a piece's end.
    let pending: Buffer = Buffer.alloc(0);
    for (;;) {
      const n = readSync(fd, piece, 0, piece.length, null);
      if (n === 0) break;
      const data = pending.length ? Buffer.concat([pending, piece.subarray(0, n)]) : piece.subarray(0, n);
      const lastNl = data.lastIndexOf(0x0a);
      if (lastNl === -1) {
        pending = Buffer.from(data);
        continue;
      }
      // Line by line from the bytes: no whole-piece string and no array of its lines. The rest is
      // copied out before yielding, since the next read reuses the piece.
      const rest = Buffer.from(data.subarray(lastNl + 1));
      let start = 0;
      while (start < lastNl) {
        const nl = data.indexOf(0x0a, start);
        if (nl > start) yield parse(data.toString('utf8', start, nl));
        start = nl + 1;
      }
      pending = rest;
    }
    if (pending.length) yield parse(pending.toString('utf8'));
  } finally {
    closeSync(fd);
  }
}
