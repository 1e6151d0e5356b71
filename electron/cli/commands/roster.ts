/**
 * `roster …`: the campaign roster's settings that have no other command. `roster lockout` shows or
 * sets the PIN lock-out policy (wrong PINs in a row before a member's tries pause, and for how long;
 * docs/roles.md) — the same `session.setLockoutPolicy` the 评查人员与分配 panel calls, so the same
 * limits (3–20 tries, 1 minute – 24 hours) and the same audit entry (`set_pin_lockout_policy`).
 */
import { AppError } from '../../../shared/errors';
import { minutesText } from '../../../shared/domain/minutes-text';
import type { Command, CommandTable, Invocation } from '../command';
import { UsageError } from '../errors';
import { requireDb, stringOption, withApi } from '../session';

const LOCKOUT_USAGE = 'roster lockout --db 文件 --campaign ID [--tries 次数] [--minutes 分钟] [--json]';

/** An option that must be a whole number when given (bad input, exit 1, naming the option). */
function wholeOption(args: Invocation, name: string, what: string): number | undefined {
  const raw = stringOption(args, name);
  if (raw === undefined) return undefined;
  if (!/^\s*\d+\s*$/.test(raw)) throw new AppError('invalid_argument', `--${name} 应为整数（${what}），收到“${raw}”。`, { field: name });
  return Number(raw);
}

const lockout: Command = {
  summary: '显示或设置本活动的 PIN 连续输错暂停规则（连续输错次数 3–20，暂停 1 分钟至 24 小时），修改记入审计日志',
  usage: LOCKOUT_USAGE,
  options: { db: { type: 'string' }, campaign: { type: 'string' }, tries: { type: 'string' }, minutes: { type: 'string' } },
  optionHelp: [
    { flag: '--db 文件', description: '评查数据库文件（须已由 init 创建）' },
    { flag: '--campaign ID', description: '评查活动 ID（必填）' },
    { flag: '--tries 次数', description: '连续输错几次后暂停（3–20）；不填则保持现值' },
    { flag: '--minutes 分钟', description: '暂停多久（1–1440 分钟）；不填则保持现值。两项都不填时只显示' },
  ],
  async run(args, env) {
    const db = requireDb(args, LOCKOUT_USAGE);
    const campaignId = stringOption(args, 'campaign')?.trim();
    if (!campaignId) throw new UsageError('缺少必需的选项 --campaign（评查活动 ID）', LOCKOUT_USAGE);
    const tries = wholeOption(args, 'tries', '连续输错次数 3–20');
    const minutes = wholeOption(args, 'minutes', '暂停分钟数 1–1440');
    const { policy, changed } = await withApi(db, env, async (api) => {
      const current = await api.session.lockoutPolicy({ campaignId });
      if (tries === undefined && minutes === undefined) return { policy: current, changed: false };
      const next = { maxFailures: tries ?? current.maxFailures, minutes: minutes ?? current.minutes };
      return { policy: await api.session.setLockoutPolicy({ campaignId, policy: next }), changed: true };
    });
    const text = `${changed ? '已设置' : '当前'} PIN 连续输错暂停规则：连续输错 ${policy.maxFailures} 次，暂停 ${minutesText(policy.minutes)}。${changed ? '已记入审计日志。' : ''}`;
    return { json: { campaignId, ...policy, changed }, text };
  },
};

export const rosterCommands: CommandTable = { 'roster lockout': lockout };
