/** `audit …`: verify the audit log against its signed chain head, and acknowledge a gap found at start. */
import { AppError } from '../../../shared/errors';
import type { Command, CommandTable } from '../command';
import { formatTable, printable } from '../format';
import { requireDb, withApi } from '../session';
import { DB_HELP, intOption } from './options';
import { UsageError } from '../errors';

const VERIFY_USAGE = 'audit verify --db 文件 [--json]';
const ACK_USAGE = 'audit acknowledge --db 文件 --head 链头条号 [--json]';

const verify: Command = {
  summary: '校验审计日志（哈希链与本机签名的链头）',
  usage: VERIFY_USAGE,
  options: { db: { type: 'string' } },
  optionHelp: [DB_HELP],
  async run(args, env) {
    const db = requireDb(args, VERIFY_USAGE);
    // The gap itself is the result here: no need to repeat it as a warning first.
    const result = await withApi(db, env, (api) => api.audit.verify({}), { warnIfDamaged: false });
    const lines = [printable(result.message), `已校验 ${result.checked} 条。`];
    if (result.head && result.head.message !== result.message) lines.push(printable(result.head.message));
    return { json: result, text: lines.join('\n'), failure: result.ok ? undefined : '审计日志校验未通过' };
  },
};

const acknowledge: Command = {
  summary: '确认已知启动时发现的审计日志缺失或改写（记入审计日志后恢复写入）',
  usage: ACK_USAGE,
  options: { db: { type: 'string' }, head: { type: 'string' } },
  optionHelp: [DB_HELP, { flag: '--head 链头条号', description: '提示中给出的链头条号（表示您已看过这一处缺失）' }],
  async run(args, env) {
    const db = requireDb(args, ACK_USAGE);
    const headSeq = intOption(args, 'head', '链头条号');
    return withApi(
      db,
      env,
      async (api) => {
        const gap = await api.audit.gap({});
        if (!gap) throw new AppError('conflict', '没有待确认的审计日志问题：无需确认。');
        if (headSeq === undefined) {
          throw new UsageError(`${gap.message}\n看过上面的说明后，用 --head ${gap.headSeq} 确认`, ACK_USAGE);
        }
        const { seq } = await api.audit.acknowledgeGap({ headSeq });
        const missing = gap.missing.length
          ? `\n${formatTable(
              ['条号', '时间', '操作人', '操作', '对象'],
              gap.missing.map((m) => [String(m.seq), m.at, m.actor, m.action, `${m.entity} ${m.entityId ?? ''}`]),
            )}`
          : '';
        return {
          json: { acknowledged: gap, seq },
          text: `已确认并记入审计日志第 ${seq} 条，已重新签名链头，数据库恢复可写。\n${printable(gap.message)}${missing}`,
        };
      },
      { warnIfDamaged: false },
    );
  },
};

export const auditCommands: CommandTable = { 'audit verify': verify, 'audit acknowledge': acknowledge };
