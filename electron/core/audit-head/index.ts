/**
 * The signed head of the audit chain, kept in a small file beside the store
 * (`<store>.audit-head.json`). The hash chain alone cannot tell a rewritten log (rows edited and
 * every later hash recomputed) or a shortened one (the last rows dropped, or lost with a damaged
 * -wal file) from a genuine one. The head — the last row's seq and hash, plus who/what/when of the
 * newest rows — is signed with this installation's Ed25519 key after every committed change, so:
 *   - a table that ends before the head's seq lost changes, and the head names the ones it knows;
 *   - a row at the head's seq with another hash means the log was rewritten;
 *   - a head edited by hand no longer verifies.
 * At start a gap blocks every write until the user acknowledges it (audit.acknowledgeGap), which
 * records the loss in the chain itself and signs a new head.
 *
 * The file is written after the store's commit (temp file, fsync, rename), so it can lag behind the
 * store after a crash but never run ahead of what the store durably holds: lagging is harmless,
 * running ahead is exactly what it reports.
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { open as openAsync, rename as renameAsync, rm as rmAsync } from 'node:fs/promises';
import { randomBytes, sign, verify } from 'node:crypto';
import { dirname, join } from 'node:path';
import { auditHashAt, auditTail, readAuditHeadRecord, writeAuditHeadRecord, type AuditHeadRecord, type AuditTailRow } from '../../../db/audit';
import type { ReadableDB, WritableDB } from '../../../db/handles';
import { canonicalJson } from '../../../db/util';
import type { AuditGap, AuditHeadCheck } from '../../../shared/api/namespaces/audit';
import { publicKeyFromRaw, type Identity } from '../identity';

export const HEAD_FORMAT = 'dossier-review-audit-head/1';
/** How many of the newest rows the head names (enough to list what a lost -wal tail held). */
export const HEAD_RECENT = 50;
/** How often a save may also carry the record of the newest head on disk (see recordInTransaction). */
export const RECORD_EVERY_MS = 5000;

export type HeadEntry = AuditTailRow;

export interface SignedAuditHead {
  format: typeof HEAD_FORMAT;
  storeId: string;
  seq: number;
  hash: string;
  signedAt: string;
  /** Newest first. */
  recent: HeadEntry[];
  /** Raw Ed25519 public key, hex. */
  publicKey: string;
  /** Ed25519 over the canonical JSON of every other field, base64. */
  signature: string;
}

export const auditHeadPathFor = (storePath: string): string => `${storePath}.audit-head.json`;

const unsignedBytes = (head: Omit<SignedAuditHead, 'signature'>): Buffer => Buffer.from(canonicalJson(head), 'utf8');

export function signAuditHead(identity: Identity, body: Omit<SignedAuditHead, 'signature' | 'publicKey' | 'format'>): SignedAuditHead {
  const unsigned = { format: HEAD_FORMAT, ...body, publicKey: identity.publicKeyRaw.toString('hex') } as const;
  return { ...unsigned, signature: sign(null, unsignedBytes(unsigned), identity.privateKey).toString('base64') };
}

/** Whether the head's signature verifies with the key it names. */
export function headSignatureValid(head: SignedAuditHead): boolean {
  try {
    const { signature, ...unsigned } = head;
    return verify(null, unsignedBytes(unsigned), publicKeyFromRaw(Buffer.from(head.publicKey, 'hex')), Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

export type HeadRead = { state: 'missing' } | { state: 'unreadable'; reason: string } | { state: 'ok'; head: SignedAuditHead };

export function readAuditHead(path: string): HeadRead {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'missing' };
    return { state: 'unreadable', reason: err instanceof Error ? err.message : String(err) };
  }
  try {
    const head = JSON.parse(text) as SignedAuditHead;
    if (head?.format !== HEAD_FORMAT || !Number.isInteger(head.seq) || typeof head.hash !== 'string' || !Array.isArray(head.recent)) {
      return { state: 'unreadable', reason: '格式不符' };
    }
    return { state: 'ok', head };
  } catch {
    return { state: 'unreadable', reason: '不是有效的 JSON' };
  }
}

/**
 * The new head is written in the installation's key folder (same parent folder, so the same file
 * system and an atomic rename) and renamed beside the store: no half-written file ever shows up
 * among the user's files.
 */
const tempPathFor = (tmpDir: string): string => join(tmpDir, `.audit-head.${randomBytes(6).toString('hex')}.tmp`);

/**
 * Makes a rename durable: the new directory entry itself must reach the disk, or a power cut could
 * bring the older head back while the store already records the newer one. Windows cannot open a
 * folder for fsync (its rename is journaled by NTFS): nothing to do there.
 */
function fsyncDir(dir: string): void {
  let fd: number;
  try {
    fd = openSync(dir, 'r');
  } catch {
    return;
  }
  try {
    fsyncSync(fd);
  } catch {
    // EISDIR/EPERM/EINVAL where folders cannot be synced: the platform journals renames itself.
  } finally {
    closeSync(fd);
  }
}

export async function fsyncDirAsync(dir: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof openAsync>>;
  try {
    handle = await openAsync(dir, 'r');
  } catch {
    return;
  }
  try {
    await handle.sync();
  } catch {
    // As in fsyncDir.
  } finally {
    await handle.close();
  }
}

/**
 * writeAuditHead off the main thread (libuv's pool), so a save does not wait for the head's fsync.
 * Checks stillWanted between steps (the store may close meanwhile) and resolves true once the head
 * is renamed into place. The rename itself is made durable (the folder fsynced) only when
 * `syncFolder` says so: each fsync here competes with the next save's own, so the keeper asks for
 * it only as often as it records the head in the store.
 */
export async function writeAuditHeadAsync(
  path: string,
  head: SignedAuditHead,
  tmpDir: string,
  stillWanted: () => boolean = () => true,
  syncFolder = true,
): Promise<boolean> {
  if (!stillWanted()) return false;
  const tmp = tempPathFor(tmpDir);
  const file = await openAsync(tmp, 'w', 0o644);
  try {
    await file.writeFile(JSON.stringify(head));
    if (stillWanted()) await file.sync();
  } finally {
    await file.close();
  }
  try {
    // A newer head written synchronously meanwhile (at close) must not be replaced by this older one.
    if (!stillWanted()) {
      await rmAsync(tmp, { force: true });
      return false;
    }
    await renameAsync(tmp, path);
  } catch (err) {
    await rmAsync(tmp, { force: true });
    throw err;
  }
  if (syncFolder) await fsyncDirAsync(dirname(path));
  return true;
}

/** Writes the file so that a crash leaves the old head or the new one, never half of one. */
export function writeAuditHead(path: string, head: SignedAuditHead, tmpDir: string): void {
  const tmp = tempPathFor(tmpDir);
  const fd = openSync(tmp, 'w', 0o644);
  try {
    writeSync(fd, JSON.stringify(head));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
  fsyncDir(dirname(path));
}

/** One missing row in a line of text (CLI warnings). */
export const describeHeadEntry = (e: HeadEntry): string => `第 ${e.seq} 条 ${e.at} ${e.actor} ${e.action}（${e.entity}${e.entityId ? ` ${e.entityId}` : ''}）`;

/**
 * The head against the table: null when the table holds everything the head vouches for (it may
 * hold more: the head lags after a crash), else what is wrong, in Chinese, naming what is missing.
 */
export function compareWithHead(db: ReadableDB, head: SignedAuditHead, identity: Identity, storeId: string, headPath: string): AuditGap | null {
  const base = { headSeq: head.seq, headSignedAt: head.signedAt, missing: [] as HeadEntry[], missingCount: 0 };
  const tableSeq = auditTail(db, 1)[0]?.seq ?? 0;
  if (!headSignatureValid(head)) {
    return { ...base, kind: 'head_signature', tableSeq, message: `审计日志的签名链头（${headPath}）签名无效：该文件被改动过，无法据此确认审计日志完整。` };
  }
  if (head.publicKey !== identity.publicKeyRaw.toString('hex')) {
    return { ...base, kind: 'head_signature', tableSeq, message: `审计日志的签名链头（${headPath}）不是本机密钥签的：本机密钥或链头文件被替换过，无法据此确认审计日志完整。` };
  }
  if (head.storeId && storeId && head.storeId !== storeId) return null; // another store's head: nothing to compare (re-signed for this store)
  if (tableSeq < head.seq) {
    const missing = head.recent.filter((e) => e.seq > tableSeq).sort((a, b) => a.seq - b.seq);
    const missingCount = head.seq - tableSeq;
    return {
      ...base,
      kind: 'shortened',
      tableSeq,
      missing,
      missingCount,
      message:
        `审计日志比签名链头少 ${missingCount} 条：链头（签于 ${head.signedAt}）记录到第 ${head.seq} 条，数据库只到第 ${tableSeq} 条。` +
        `这些记录对应的修改（如已保存的评查答案）可能已丢失，例如断电或存储故障损坏了数据库的 -wal 文件，或数据库被换成了较早的副本。` +
        `在您确认知晓之前，本程序不会写入任何修改。`,
    };
  }
  const actual = auditHashAt(db, head.seq);
  if (actual !== head.hash) {
    // The earliest row the head names that no longer matches: the rewrite starts there or earlier.
    const changed = head.recent.filter((e) => auditHashAt(db, e.seq) !== e.hash).map((e) => e.seq);
    const from = changed.length ? Math.min(...changed) : head.seq;
    const earlier = changed.length === head.recent.length ? '或更早' : '';
    return {
      ...base,
      kind: 'rewritten',
      tableSeq,
      message: `审计日志被改写：第 ${from} 条${earlier}起的记录与签名链头不符（哈希被重新计算过，但无法伪造本机签名）。在您确认知晓之前，本程序不会写入任何修改。`,
    };
  }
  return null;
}

const REPLACE_HEAD_HINT = '如果您移动或复制过数据库，请把与它同名的 .audit-head.json 文件和 .identity 文件夹一并放回数据库旁边，再重新打开。';

/**
 * The store records having written a signed head (meta `audit_head`), but the head file beside it
 * is gone (head null) or older than that record: it was deleted, left behind when the store was
 * copied, or replaced by an older copy. Without it nobody can tell whether the log was rewritten
 * or shortened since, so it is treated like a gap: reported at start, writes wait for acknowledgement.
 */
export function headRecordGap(db: ReadableDB, record: AuditHeadRecord, head: SignedAuditHead | null, headPath: string): AuditGap {
  const tableSeq = auditTail(db, 1)[0]?.seq ?? 0;
  const missingCount = Math.max(0, record.seq - tableSeq);
  const rewritten = missingCount === 0 && auditHashAt(db, record.seq) !== record.hash;
  const signedAt = record.signedAt ? `已于 ${record.signedAt} ` : '已';
  const what = head
    ? `签名链头文件比数据库记录的旧：链头文件（${headPath}）只签到审计日志第 ${head.seq} 条（签于 ${head.signedAt}），而本数据库记录着${signedAt}签到第 ${record.seq} 条的链头。链头文件可能被换成了较早的副本。`
    : `签名链头文件缺失：本数据库记录着${signedAt}签到审计日志第 ${record.seq} 条的链头，但链头文件（${headPath}）已不存在（被删除，或复制数据库时没有一起复制）。`;
  const table = missingCount
    ? `此外，审计日志只到第 ${tableSeq} 条，比数据库记录的链头少 ${missingCount} 条：相应的修改可能已丢失。`
    : rewritten
      ? `此外，审计日志第 ${record.seq} 条与数据库记录的链头不符：审计日志被改写过。`
      : '没有有效的链头，就无法确认审计日志此后未被改写或截短（例如有人删除链头文件后改动了审计日志）。';
  return {
    kind: head ? 'head_older' : 'head_missing',
    message: `${what}${table}${REPLACE_HEAD_HINT}在您确认知晓之前，本程序不会写入任何修改。`,
    headSeq: record.seq,
    headSignedAt: record.signedAt || null,
    tableSeq,
    missing: [],
    missingCount,
  };
}

/** The head's part of audit.verify: how the table compares with the signed head. */
export function headCheck(db: ReadableDB, read: HeadRead, identity: Identity, storeId: string, headPath: string): AuditHeadCheck {
  if (read.state === 'missing') return { state: 'missing', seq: null, signedAt: null, message: `未找到签名链头文件（${headPath}），无法确认审计日志未被截短。` };
  if (read.state === 'unreadable') return { state: 'invalid', seq: null, signedAt: null, message: `签名链头文件（${headPath}）无法读取：${read.reason}。` };
  const gap = compareWithHead(db, read.head, identity, storeId, headPath);
  if (!gap) return { state: 'ok', seq: read.head.seq, signedAt: read.head.signedAt, message: `与签名链头一致（链头第 ${read.head.seq} 条，签于 ${read.head.signedAt}）。` };
  return { state: gap.kind === 'shortened' || gap.kind === 'rewritten' ? gap.kind : 'invalid', seq: read.head.seq, signedAt: read.head.signedAt, message: gap.message };
}

export interface AuditHeadKeeper {
  readonly path: string;
  /** Set at start when the table does not match the signed head; writes are refused until acknowledged. */
  gap(): AuditGap | null;
  /** Compares the table with the head file (at start); signs a head when there is none yet. */
  checkAtStart(): void;
  /**
   * After a commit: signs a new head when the table's last row changed and writes it in the
   * background (rapid changes coalesce into one write). No-op while a gap is open.
   */
  sync(): void;
  /**
   * Inside an audited transaction: records in the store the newest head already durably on disk,
   * so a head file deleted or replaced later is noticed at start. Costs no commit of its own.
   */
  recordInTransaction(): void;
  /** Resolves once the background writes have finished (tests, shutdown). */
  settled(): Promise<void>;
  /**
   * The store is closing: writes the current head now, synchronously, records it, and stops
   * background writes (one still in flight drops its result). Runs before the connection closes.
   */
  flush(): void;
  /** Clears the gap (after the acknowledgement was recorded in the chain) and signs the new head. */
  clearGap(): void;
  verify(): AuditHeadCheck;
  /**
   * The signed head as it stands beside the store, first brought up to the table's last row
   * (results packages carry it). An in-memory store, which keeps no file, gets one signed just now;
   * null when the log is empty or the file cannot be read.
   */
  current(): SignedAuditHead | null;
}

export interface KeeperOptions {
  db: WritableDB;
  storePath: string;
  storeId: () => string;
  identity: () => Identity;
  /** The installation's key folder (beside the store): where a new head is written before its rename. */
  identityDir: string;
  /** False for an in-memory or read-only store: nothing is written, nothing is checked. */
  enabled: boolean;
  now?: () => string;
}

const sameRecord = (a: AuditHeadRecord | null, b: AuditHeadRecord | null) => a?.seq === b?.seq && a?.hash === b?.hash;

export function createAuditHeadKeeper(opts: KeeperOptions): AuditHeadKeeper {
  const path = opts.enabled ? auditHeadPathFor(opts.storePath) : '';
  const now = opts.now ?? (() => new Date().toISOString());
  let gap: AuditGap | null = null;
  // What the file on disk (or the write in flight) vouches for.
  let signedSeq = -1;
  let signedHash = '';
  /** The newest head known to be durably on disk, and what the store's meta row says about it. */
  let durable: AuditHeadRecord | null = null;
  let recorded: AuditHeadRecord | null = null;
  /** A record was written inside a transaction that may yet roll back: re-read it after. */
  let recordUnconfirmed = false;
  let lastRecordedAt = 0;
  let lastFolderSyncAt = 0;
  let inFlight: Promise<void> | null = null;
  let again = false;
  /** Counts synchronous writes, so a background write that started before one is dropped. */
  let syncWrites = 0;
  /** Set by flush() when the store closes: no background write may touch the connection after that. */
  let closed = false;

  const noteDurable = (head: SignedAuditHead) => {
    durable = { storeId: head.storeId, seq: head.seq, hash: head.hash, signedAt: head.signedAt };
  };

  /** Outside a transaction (start, acknowledgement, close): one small autocommit of the meta row. */
  const recordNow = () => {
    if (!durable || sameRecord(durable, recorded)) return;
    writeAuditHeadRecord(opts.db, durable);
    recorded = durable;
  };

  /** The head for the table as it is now, or null when it is already signed (or there is nothing to sign). */
  const nextHead = (force: boolean): SignedAuditHead | null => {
    if (!opts.enabled || gap) return null;
    // A row this keeper already signed is gone or different while the app runs (the store edited
    // behind its back): never sign over that — it becomes a gap like one found at start.
    if (signedSeq > 0 && auditHashAt(opts.db, signedSeq) !== signedHash) {
      gap = changedUnderUs();
      return null;
    }
    const recent = auditTail(opts.db, HEAD_RECENT);
    const last = recent[0];
    if (!last || (!force && last.seq === signedSeq && last.hash === signedHash)) return null;
    signedSeq = last.seq;
    signedHash = last.hash;
    return signAuditHead(opts.identity(), { storeId: opts.storeId(), seq: last.seq, hash: last.hash, signedAt: now(), recent });
  };

  const changedUnderUs = (): AuditGap => {
    const read = readAuditHead(path);
    const fromFile = read.state === 'ok' ? compareWithHead(opts.db, read.head, opts.identity(), opts.storeId(), path) : null;
    if (fromFile) return fromFile;
    const tableSeq = auditTail(opts.db, 1)[0]?.seq ?? 0;
    return {
      kind: tableSeq < signedSeq ? 'shortened' : 'rewritten',
      headSeq: signedSeq,
      headSignedAt: null,
      tableSeq,
      missing: [],
      missingCount: Math.max(0, signedSeq - tableSeq),
      message: `审计日志在程序运行期间被改动：已签名的第 ${signedSeq} 条记录已不在或与签名时不符（数据库被其他程序改动过）。在您确认知晓之前，本程序不会写入任何修改。`,
    };
  };

  const writeNow = (force = false) => {
    const head = nextHead(force);
    if (!head) return;
    syncWrites += 1;
    writeAuditHead(path, head, opts.identityDir);
    noteDurable(head);
  };

  const sync = () => {
    if (!opts.enabled || gap || closed) return;
    if (recordUnconfirmed) {
      // After the commit (or rollback) of the transaction that wrote the record: what really stuck.
      recordUnconfirmed = false;
      recorded = readAuditHeadRecord(opts.db);
    }
    if (inFlight) {
      again = true;
      return;
    }
    inFlight = (async () => {
      do {
        again = false;
        const head = nextHead(false);
        const generation = syncWrites;
        // The folder is synced (making the rename durable, so the store may record this head) only
        // as often as a save may carry the record: one fsync instead of two for most head writes.
        const syncFolder = Date.now() - lastFolderSyncAt >= RECORD_EVERY_MS;
        if (head && (await writeAuditHeadAsync(path, head, opts.identityDir, () => generation === syncWrites && !closed, syncFolder)) && syncFolder) {
          lastFolderSyncAt = Date.now();
          noteDurable(head);
        }
      } while (again && !closed);
    })()
      .catch((err: unknown) => {
        signedSeq = -1; // retried at the next change
        // Closed meanwhile (the final head was written by flush), or the store's folder removed under
        // it (a test's clean-up before close): there is no store left to vouch for, nothing to report.
        if (closed || !opts.db.open || !existsSync(opts.storePath)) return;
        console.error('[audit] 无法写入签名链头：', err);
      })
      .finally(() => {
        inFlight = null;
      });
  };

  return {
    path,
    gap: () => gap,
    checkAtStart() {
      if (!opts.enabled) return;
      recorded = readAuditHeadRecord(opts.db);
      if (recorded && recorded.storeId !== opts.storeId()) recorded = null; // a copy made into another store
      const read = readAuditHead(path);
      if (read.state === 'ok') {
        gap = compareWithHead(opts.db, read.head, opts.identity(), opts.storeId(), path);
        if (gap) return;
        const ours = read.head.storeId === opts.storeId();
        // Once the store has had a head, one that is older than its record (or another store's) is no head at all.
        if (recorded && (!ours || read.head.seq < recorded.seq)) {
          gap = headRecordGap(opts.db, recorded, ours ? read.head : null, path);
          return;
        }
        if (ours) {
          signedSeq = read.head.seq;
          signedHash = read.head.hash;
          noteDurable(read.head);
        }
      } else if (read.state === 'unreadable') {
        gap = {
          kind: 'head_signature',
          headSeq: 0,
          headSignedAt: null,
          tableSeq: auditTail(opts.db, 1)[0]?.seq ?? 0,
          missing: [],
          missingCount: 0,
          message: `审计日志的签名链头（${path}）无法读取（${read.reason}），无法确认审计日志完整。在您确认知晓之前，本程序不会写入任何修改。`,
        };
        return;
      } else if (recorded) {
        gap = headRecordGap(opts.db, recorded, null, path);
        return;
      }
      // No head yet (a store from before signed heads, or a fresh one): sign what is there, and remember it.
      writeNow();
      recordNow();
    },
    sync,
    recordInTransaction() {
      if (!opts.enabled || gap || closed || !durable || sameRecord(durable, recorded)) return;
      // At most every few seconds: each record is one more page in the save's WAL write. Start,
      // acknowledgement and close record at once; in between the record may lag the file a little,
      // which only lets a head copied back from those last seconds pass as current.
      const at = Date.now();
      if (at - lastRecordedAt < RECORD_EVERY_MS) return;
      lastRecordedAt = at;
      writeAuditHeadRecord(opts.db, durable);
      recordUnconfirmed = true;
    },
    settled: async () => {
      while (inFlight) await inFlight;
    },
    flush: () => {
      if (closed) return;
      try {
        if (!gap) {
          writeNow(inFlight !== null);
          recordNow();
        }
      } catch (err) {
        if (existsSync(opts.storePath)) throw err; // else: the store's folder is gone, nothing to vouch for
      } finally {
        closed = true;
      }
    },
    clearGap() {
      gap = null;
      signedSeq = -1; // the acknowledged loss is on record: sign the table as it is now
      signedHash = '';
      writeNow(true);
      recordNow();
    },
    current() {
      if (!opts.enabled) {
        const recent = auditTail(opts.db, HEAD_RECENT);
        if (!recent[0]) return null;
        return signAuditHead(opts.identity(), { storeId: opts.storeId(), seq: recent[0].seq, hash: recent[0].hash, signedAt: now(), recent });
      }
      if (!gap && !closed) writeNow(inFlight !== null);
      const read = readAuditHead(path);
      return read.state === 'ok' ? read.head : null;
    },
    verify() {
      if (!opts.enabled) return { state: 'unavailable', seq: null, signedAt: null, message: '内存数据库或只读数据库不保存签名链头。' };
      const read = readAuditHead(path);
      if (recorded && (read.state === 'missing' || (read.state === 'ok' && read.head.seq < recorded.seq))) {
        const stale = headRecordGap(opts.db, recorded, read.state === 'ok' ? read.head : null, path);
        return { state: read.state === 'ok' ? 'invalid' : 'missing', seq: read.state === 'ok' ? read.head.seq : null, signedAt: read.state === 'ok' ? read.head.signedAt : null, message: stale.message };
      }
      return headCheck(opts.db, read, opts.identity(), opts.storeId(), path);
    },
  };
}
