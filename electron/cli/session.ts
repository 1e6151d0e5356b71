/**
 * How commands reach the data: open the core on the store file and call it through the typed API
 * client, over a transport that goes straight into core.dispatch. So the CLI runs exactly the
 * validation, write-refusal on damaged stores and auditing that the UI gets over IPC.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { createApiClient, type Api } from '../../shared/api/contract';
import { AppError } from '../../shared/errors';
import { openCore, type Core } from '../core';
import { describeHeadEntry } from '../core/audit-head';
import { printable } from './format';
import type { CommandEnv, Invocation } from './command';
import { UsageError } from './errors';

/** The value of a string option, or undefined when absent. */
export function stringOption(args: Invocation, name: string): string | undefined {
  const v = args.values[name];
  return typeof v === 'string' ? v : undefined;
}

/** The absolute store path from --db; a usage error naming the option when it is missing. */
export function requireDb(args: Invocation, usage: string): string {
  const db = stringOption(args, 'db');
  if (db === undefined || db.trim() === '') {
    throw new UsageError('缺少必需的选项 --db（评查数据库文件的路径）', usage);
  }
  return resolve(db);
}

/** Non-empty files only: an empty file is what SQLite itself would treat as a new database. */
export function storeFileExists(path: string): boolean {
  return existsSync(path) && statSync(path).isFile() && statSync(path).size > 0;
}

export interface SessionOptions {
  /** Refuse (not_found) when the file does not exist, instead of creating a new store. Default true. */
  mustExist?: boolean;
  /** Print the damage warning to stderr when the store opened read-only. Default true. */
  warnIfDamaged?: boolean;
}

/** Opens the core, runs fn with an API client bound to it, and always closes the store. */
export async function withApi<T>(
  dbPath: string,
  env: CommandEnv,
  fn: (api: Api, core: Core) => Promise<T>,
  options: SessionOptions = {},
): Promise<T> {
  const { mustExist = true, warnIfDamaged = true } = options;
  // An existing empty file is not "missing": openStore refuses it with its own message.
  if (mustExist && !existsSync(dbPath)) {
    throw new AppError('not_found', `数据库文件不存在：${dbPath}。请先运行“dossier-review init --db ${dbPath}”创建。`);
  }
  let core: Core;
  try {
    core = await openCore(dbPath);
  } catch (err) {
    throw asStoreError(err, dbPath);
  }
  try {
    const damaged = !core.store.health.ok;
    const health = core.health();
    if (warnIfDamaged && !health.ok && health.message) env.warn(health.message);
    const gap = core.context.auditHead.gap();
    if (warnIfDamaged && gap && core.store.health.ok && gap.missing.length) env.warn(`签名链头记录的缺失条目：\n${gap.missing.map((m) => `  ${printable(describeHeadEntry(m))}`).join('\n')}`);
    if (warnIfDamaged && gap && core.store.health.ok) env.warn(`看过上面的说明后，可运行“dossier-review audit acknowledge --db ${dbPath} --head ${gap.headSeq}”确认，之后恢复写入。`);
    const api = createApiClient((method, input) => core.dispatch(method, input, { actor: env.actor, transport: 'cli' }));
    try {
      return await fn(api, core);
    } catch (err) {
      // On a damaged store, a read that trips over a bad page surfaces as an internal error.
      if (damaged && err instanceof AppError && err.code === 'internal') throw new AppError('store_damaged', err.message);
      throw err;
    }
  } finally {
    core.close();
  }
}

/**
 * SQLite's own corruption errors (a damaged file that could not even be opened read-only) as a
 * store_damaged AppError, so the CLI exits with 3 and says so in Chinese. Other errors pass through.
 */
export function asStoreError(err: unknown, dbPath: string): unknown {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^SQLITE_(CORRUPT|NOTADB)/.test(code)) {
    const detail = err instanceof Error ? err.message : code;
    return new AppError('store_damaged', `数据库文件“${dbPath}”已损坏，无法打开（${detail}）。未作任何修改；请从备份恢复。`);
  }
  return err;
}
