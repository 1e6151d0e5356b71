import { z } from 'zod';
import { query } from '../define';
import { AuditGap } from './audit';

export const StoreHealth = z.object({
  ok: z.boolean(),
  /** Why writes are refused, in Chinese, when ok is false. */
  message: z.string().nullable(),
});

export const SystemInfo = z.object({
  appName: z.string(),
  appVersion: z.string(),
  schemaVersion: z.number().int(),
  storePath: z.string(),
  storeId: z.string(),
  health: StoreHealth,
  /** The audit table ends before (or differs from) the signed chain head: writes wait for audit.acknowledgeGap. */
  auditGap: AuditGap.nullable().optional(),
});
export type SystemInfo = z.infer<typeof SystemInfo>;

export const InstallationIdentity = z.object({
  /** SHA-256 of the raw Ed25519 public key, grouped by four hex digits: what people compare. */
  fingerprint: z.string(),
  /** The raw public key, hex. */
  publicKey: z.string(),
  /** The folder holding the key pair (beside the store); empty for an in-memory store. */
  keyFolder: z.string(),
});
export type InstallationIdentity = z.infer<typeof InstallationIdentity>;

export const system = {
  info: query('应用与数据库状态', z.object({}), SystemInfo),
  identity: query('本机签名身份（Ed25519 公钥指纹）', z.object({}), InstallationIdentity),
};
