/** `init`: create a new store, or migrate an existing one to the current schema. */
import { AppError } from '../../../shared/errors';
import type { CommandTable } from '../command';
import { formatFields } from '../format';
import { requireDb, storeFileExists, withApi } from '../session';

export interface InitResult {
  db: string;
  schemaVersion: number;
  storeId: string;
  /** True when this run created the file. */
  created: boolean;
  /** Backups written before migrating (empty when nothing needed migrating). */
  backups: string[];
}

const INIT_USAGE = 'init --db 文件 [--json]';

export const initCommands: CommandTable = {
  init: {
    summary: '创建评查数据库，或将已有数据库升级到当前版本',
    usage: INIT_USAGE,
    options: { db: { type: 'string' } },
    optionHelp: [{ flag: '--db 文件', description: '评查数据库文件（不存在则新建）' }],
    async run(args, env) {
      const db = requireDb(args, INIT_USAGE);
      const created = !storeFileExists(db);
      const result = await withApi(
        db,
        env,
        async (api, core) => {
          if (!core.store.health.ok) {
            throw new AppError('store_damaged', core.store.health.message ?? `数据库“${db}”已损坏，未作任何修改。`);
          }
          const info = await api.system.info({});
          const r: InitResult = {
            db: info.storePath,
            schemaVersion: info.schemaVersion,
            storeId: info.storeId,
            created,
            backups: [...core.store.backups],
          };
          return r;
        },
        { mustExist: false, warnIfDamaged: false },
      );
      const fields: [string, string][] = [
        ['数据库', result.db],
        ['架构版本', String(result.schemaVersion)],
        ['库标识', result.storeId],
      ];
      if (result.backups.length) fields.push(['升级前备份', result.backups.join('\n')]);
      const headline = result.created
        ? '已创建新的评查数据库。'
        : result.backups.length
          ? '已将评查数据库升级到当前版本（升级前已备份）。'
          : '评查数据库已是当前版本，无需升级。';
      return { json: result, text: `${headline}\n${formatFields(fields)}` };
    },
  },
};
