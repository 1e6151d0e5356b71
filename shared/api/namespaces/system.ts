import { z } from 'zod';
import { query } from '../define';

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
});
export type SystemInfo = z.infer<typeof SystemInfo>;

export const system = {
  info: query('应用与数据库状态', z.object({}), SystemInfo),
};
