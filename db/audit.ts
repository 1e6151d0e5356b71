/**
 * The append-only audit log. Each row's hash covers its own content, its sequence number and the
 * previous row's hash, so an edited, reordered or deleted row breaks the chain from there on.
 * Triggers forbid UPDATE/DELETE; the chain catches edits made around them (e.g. with the sqlite3 CLI).
 */
import type { ReadableDB, WritableDB } from './handles';
import { canonicalJson, newId, nowIso, sha256 } from './util';

export interface AuditInput {
  actor: string;
  action: string;
  entity: string;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
}

/** One audit row as stored; results packages carry rows in this shape too. */
export interface AuditRow {
  seq: number;
  id: string;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entity_id: string | null;
  before: string | null;
  after: string | null;
  reason: string | null;
  prev_hash: string;
  hash: string;
}

/** The prev_hash of the first entry. */
export const GENESIS = '0'.repeat(64);

export function auditRowHash(r: Omit<AuditRow, 'hash'>): string {
  return sha256(
    [r.prev_hash, String(r.seq), r.id, r.at, r.actor, r.action, r.entity, r.entity_id ?? '', r.before ?? '', r.after ?? '', r.reason ?? ''].join('\u001f'),
  );
}

const toJson = (v: unknown): string | null => (v === undefined ? null : canonicalJson(v));

/** Appends one entry. Call inside the same transaction as the change it records. */
export function appendAudit(db: WritableDB, e: AuditInput): void {
  const last = db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
  // AUTOINCREMENT never reuses a seq, so the next one is max(seq, sqlite_sequence) + 1.
  const seqRow = db.prepare(`SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'`).get() as { seq: number } | undefined;
  const row = {
    seq: Math.max(last?.seq ?? 0, seqRow?.seq ?? 0) + 1,
    id: newId(),
    at: nowIso(),
    actor: e.actor,
    action: e.action,
    entity: e.entity,
    entity_id: e.entityId ?? null,
    before: toJson(e.before),
    after: toJson(e.after),
    reason: e.reason ?? null,
    prev_hash: last?.hash ?? GENESIS,
  };
  db.prepare(
    `INSERT INTO audit_log (seq, id, at, actor, action, entity, entity_id, before, after, reason, prev_hash, hash)
     VALUES (@seq, @id, @at, @actor, @action, @entity, @entity_id, @before, @after, @reason, @prev_hash, @hash)`,
  ).run({ ...row, hash: auditRowHash(row) });
}

export interface AuditVerification {
  ok: boolean;
  checked: number;
  brokenAtSeq: number | null;
  message: string;
}

export function verifyAuditChain(db: ReadableDB): AuditVerification {
  let prev = GENESIS;
  let expectedSeq = 1;
  let checked = 0;
  for (const r of db.prepare('SELECT * FROM audit_log ORDER BY seq').iterate() as IterableIterator<AuditRow>) {
    if (r.seq !== expectedSeq) {
      return { ok: false, checked, brokenAtSeq: r.seq, message: `审计日志第 ${expectedSeq} 条起缺失（下一条为第 ${r.seq} 条）：记录被删除。` };
    }
    if (r.prev_hash !== prev || auditRowHash(r) !== r.hash) {
      return { ok: false, checked, brokenAtSeq: r.seq, message: `审计日志第 ${r.seq} 条的哈希不符：该条或其前一条被改动过。` };
    }
    prev = r.hash;
    expectedSeq += 1;
    checked += 1;
  }
  return { ok: true, checked, brokenAtSeq: null, message: `审计日志完整（${checked} 条）。` };
}

export function listAudit(db: ReadableDB, opts: { entityId?: string; limit: number }) {
  const rows = (
    opts.entityId
      ? db.prepare('SELECT * FROM audit_log WHERE entity_id = ? ORDER BY seq DESC LIMIT ?').all(opts.entityId, opts.limit)
      : db.prepare('SELECT * FROM audit_log ORDER BY seq DESC LIMIT ?').all(opts.limit)
  ) as AuditRow[];
  return rows.map((r) => ({
    seq: r.seq,
    id: r.id,
    at: r.at,
    actor: r.actor,
    action: r.action,
    entity: r.entity,
    entityId: r.entity_id,
    before: r.before === null ? null : JSON.parse(r.before),
    after: r.after === null ? null : JSON.parse(r.after),
    reason: r.reason,
    hash: r.hash,
  }));
}

/** The newest `limit` rows' identifying fields, newest first: what the signed chain head records. */
export interface AuditTailRow {
  seq: number;
  hash: string;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entityId: string | null;
}

export function auditTail(db: ReadableDB, limit: number): AuditTailRow[] {
  return (
    db.prepare('SELECT seq, hash, at, actor, action, entity, entity_id FROM audit_log ORDER BY seq DESC LIMIT ?').all(limit) as (Omit<AuditTailRow, 'entityId'> & {
      entity_id: string | null;
    })[]
  ).map(({ entity_id, ...r }) => ({ ...r, entityId: entity_id }));
}

/** The hash stored for one row, or null when the table has no such row. */
export function auditHashAt(db: ReadableDB, seq: number): string | null {
  const row = db.prepare('SELECT hash FROM audit_log WHERE seq = ?').get(seq) as { hash: string } | undefined;
  return row?.hash ?? null;
}

/**
 * What the store itself remembers about the newest signed chain head written beside it (meta key
 * `audit_head`): once a store has had a head, a head file that is gone or older than this is an
 * alarm, not a fresh start. Stores from before signed heads have no record and are signed quietly.
 */
export interface AuditHeadRecord {
  /** The store the head was signed for: a copy given a new store id is a new store, with no head yet. */
  storeId: string;
  seq: number;
  hash: string;
  signedAt: string;
}

const HEAD_RECORD_KEY = 'audit_head';

export function readAuditHeadRecord(db: ReadableDB): AuditHeadRecord | null {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(HEAD_RECORD_KEY) as { value: string } | undefined;
  if (!row) return null;
  try {
    const r = JSON.parse(row.value) as AuditHeadRecord;
    return Number.isInteger(r.seq) && typeof r.hash === 'string' ? { storeId: String(r.storeId ?? ''), seq: r.seq, hash: r.hash, signedAt: String(r.signedAt ?? '') } : null;
  } catch {
    return null;
  }
}

/** Records a head that is already durably on disk (never one still being written: the record must not run ahead of the file). */
export function writeAuditHeadRecord(db: WritableDB, r: AuditHeadRecord): void {
  db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(
    HEAD_RECORD_KEY,
    JSON.stringify({ storeId: r.storeId, seq: r.seq, hash: r.hash, signedAt: r.signedAt }),
  );
}
