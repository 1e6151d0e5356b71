import { z } from 'zod';
import { mutation, query } from '../define';

export const AuditEntry = z.object({
  seq: z.number().int(),
  id: z.string(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  reason: z.string().nullable(),
  hash: z.string(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

/** The signed chain head's verdict: ok, the table is shorter (lost changes), rewritten, or the head itself is missing or invalid. */
export const AuditHeadCheck = z.object({
  state: z.enum(['ok', 'shortened', 'rewritten', 'invalid', 'missing', 'unavailable']),
  seq: z.number().int().nullable(),
  signedAt: z.string().nullable(),
  message: z.string(),
});
export type AuditHeadCheck = z.infer<typeof AuditHeadCheck>;

export const AuditVerification = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  /** The first row whose hash does not match its content or its predecessor. */
  brokenAtSeq: z.number().int().nullable(),
  message: z.string(),
  /** How the table compares with the signed chain head beside the store (absent from older builds). */
  head: AuditHeadCheck.optional(),
});


/** One audit row as the signed head names it (no before/after: the head file holds no case data). */
export const AuditHeadEntry = z.object({
  seq: z.number().int(),
  hash: z.string(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string().nullable(),
});

/**
 * Found at start: the audit table does not hold what the signed head vouches for, or the head file
 * is gone / older than the head the store records having written. Writes wait for audit.acknowledgeGap.
 */
export const AuditGap = z.object({
  kind: z.enum(['shortened', 'rewritten', 'head_signature', 'head_missing', 'head_older']),
  message: z.string(),
  headSeq: z.number().int(),
  headSignedAt: z.string().nullable(),
  tableSeq: z.number().int(),
  /** The missing rows the head names, oldest first (the head names the newest 50). */
  missing: z.array(AuditHeadEntry),
  missingCount: z.number().int(),
});
export type AuditGap = z.infer<typeof AuditGap>;

export const audit = {
  list: query(
    '审计日志（最新在前）',
    z.object({ entityId: z.string().optional(), limit: z.number().int().min(1).max(1000).default(200) }),
    z.array(AuditEntry),
  ),
  verify: query('校验审计日志哈希链', z.object({}), AuditVerification),
  gap: query('启动时发现的审计日志缺失或改写（无则为 null）', z.object({}), AuditGap.nullable()),
  acknowledgeGap: mutation(
    '确认已知审计日志缺失：记入审计日志并重新签名链头，之后恢复写入',
    z.object({ headSeq: z.number().int().min(0) }),
    z.object({ seq: z.number().int() }),
  ),
};
