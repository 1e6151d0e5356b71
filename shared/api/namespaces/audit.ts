import { z } from 'zod';
import { query } from '../define';

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

export const AuditVerification = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  /** The first row whose hash does not match its content or its predecessor. */
  brokenAtSeq: z.number().int().nullable(),
  message: z.string(),
});

export const audit = {
  list: query(
    '审计日志（最新在前）',
    z.object({ entityId: z.string().optional(), limit: z.number().int().min(1).max(1000).default(200) }),
    z.array(AuditEntry),
  ),
  verify: query('校验审计日志哈希链', z.object({}), AuditVerification),
};
