/** Option helpers shared by the workflow commands (import-register, attach, sample, assign, demo). */
import { AppError } from '../../../shared/errors';
import type { Invocation, OptionHelp } from '../command';
import { UsageError } from '../errors';
import { stringOption } from '../session';

export const DB_HELP: OptionHelp = { flag: '--db 文件', description: '评查数据库文件（须已由 init 创建）' };
export const CAMPAIGN_HELP: OptionHelp = { flag: '--campaign ID', description: '评查活动 ID（见 campaign list）' };

export function requireString(args: Invocation, name: string, what: string, usage: string): string {
  const v = stringOption(args, name);
  if (v === undefined || v.trim() === '') throw new UsageError(`缺少必需的选项 --${name}（${what}）`, usage);
  return v.trim();
}

/** A whole number option (shape only; ranges are left to the API contract). */
export function intOption(args: Invocation, name: string, what: string): number | undefined {
  const raw = stringOption(args, name);
  if (raw === undefined) return undefined;
  if (!/^\s*\d{1,9}\s*$/.test(raw)) throw new AppError('invalid_argument', `${what}必须是正整数（收到“${raw}”）`);
  return Number(raw);
}

export function numberOption(args: Invocation, name: string, what: string): number | undefined {
  const raw = stringOption(args, name);
  if (raw === undefined) return undefined;
  const s = raw.trim();
  const pct = /^(\d+(?:\.\d+)?)%$/.exec(s);
  if (pct) return Number(pct[1]) / 100;
  if (!/^\d+(\.\d+)?$|^\.\d+$/.test(s)) throw new AppError('invalid_argument', `${what}必须是数字，如 0.1 或 10%（收到“${raw}”）`);
  return Number(s);
}
