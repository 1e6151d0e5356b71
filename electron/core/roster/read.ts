/**
 * Reading a reviewers roster (评查人员名单), CSV (UTF-8 or GBK) or XLSX, into entries. The CLI's
 * `assign --reviewers` and the 评查人员与分配 panel's import both read through here, so they accept
 * the same columns. Every problem names the file, the row and the field; nothing partial comes back.
 */
import type { ReviewerRole } from '../../../shared/api/namespaces/reviewers';
import type { RegisterTable } from '../../../shared/domain/register';
import { AppError } from '../../../shared/errors';
import { parseReviewerRole } from '../../../shared/labels';
import { readRegisterFile, type RegisterSource } from '../import';

export interface RosterEntry {
  name: string;
  unitName: string;
  role: ReviewerRole;
  certNo: string | null;
  phone: string | null;
  team: string;
  /** Spreadsheet row number, for messages. */
  row: number;
}

type Field = Exclude<keyof RosterEntry, 'row'>;

/** Accepted headers per field (the first is the one documented). */
export const ROSTER_COLUMNS: Record<Field, string[]> = {
  name: ['姓名', '评查人员', '名字'],
  unitName: ['单位', '所在单位', '工作单位'],
  role: ['角色', '职责'],
  certNo: ['证书编号', '执法证号', '评查员证号', '证件编号'],
  phone: ['电话', '联系电话', '手机'],
  team: ['评查组', '组别', '小组'],
};

const LIMITS: Partial<Record<Field, number>> = { name: 50, unitName: 200, certNo: 50, phone: 30, team: 50 };

/** Entries from a table already read; `file` names it in messages. */
export function rosterFromTable(table: RegisterTable, file: string): RosterEntry[] {
  const headers = table.headers.map((h) => h.trim());
  const idx = Object.fromEntries((Object.keys(ROSTER_COLUMNS) as Field[]).map((k) => [k, headers.findIndex((h) => ROSTER_COLUMNS[k].includes(h))])) as Record<Field, number>;
  if (idx.name < 0) throw new AppError('invalid_argument', `评查人员名单“${file}”缺少“姓名”列（表头：${headers.filter(Boolean).join('、') || '无'}）。`);
  if (idx.unitName < 0) throw new AppError('invalid_argument', `评查人员名单“${file}”缺少“单位”列：分配时需按单位回避。`);
  const problems: string[] = [];
  const out: RosterEntry[] = [];
  const seen = new Map<string, number>();
  for (const { row, cells } of table.rows) {
    const cell = (k: Field) => (idx[k] >= 0 ? (cells[idx[k]] ?? '').trim() : '');
    const name = cell('name');
    if (!name) {
      problems.push(`第 ${row} 行：姓名为空`);
      continue;
    }
    const tooLong = (Object.keys(LIMITS) as Field[]).find((k) => cell(k).length > LIMITS[k]!);
    if (tooLong) {
      problems.push(`第 ${row} 行：“${ROSTER_COLUMNS[tooLong][0]}”超过 ${LIMITS[tooLong]} 个字`);
      continue;
    }
    const roleText = cell('role');
    const role = roleText ? parseReviewerRole(roleText) : 'reviewer';
    if (!role) {
      problems.push(`第 ${row} 行：角色“${roleText}”无法识别（应为 评查员、组长 或 法制机构）`);
      continue;
    }
    const key = `${name}\u0000${cell('unitName')}`;
    const first = seen.get(key);
    if (first !== undefined) {
      problems.push(`第 ${row} 行：“${name}”（${cell('unitName') || '未填单位'}）与第 ${first} 行重复`);
      continue;
    }
    seen.set(key, row);
    out.push({ name, unitName: cell('unitName'), role, certNo: cell('certNo') || null, phone: cell('phone') || null, team: cell('team'), row });
  }
  if (problems.length) throw new AppError('invalid_argument', `评查人员名单“${file}”有误，未作任何修改：\n${problems.join('\n')}`, { problems });
  if (!out.length) throw new AppError('invalid_argument', `评查人员名单“${file}”中没有人员。`);
  return out;
}

/** Reads a roster file (a path, or a name with its bytes). */
export async function readRoster(source: RegisterSource): Promise<RosterEntry[]> {
  const f = await readRegisterFile(source);
  if (f.errors.length) {
    const notFound = typeof source === 'string' && f.errors.some((e) => e.message.includes('无法读取文件'));
    throw new AppError(notFound ? 'not_found' : 'invalid_argument', `评查人员名单“${f.name}”无法读取：\n${f.errors.map((e) => e.message).join('\n')}`);
  }
  return rosterFromTable(f, f.name);
}
