/** `assign`: add reviewers from a CSV roster, then assign them at random (avoiding their own unit). */
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { ReviewerRole } from '../../../shared/api/namespaces/reviewers';
import { AppError } from '../../../shared/errors';
import { ASSIGNMENT_ROLE_LABELS, parseReviewerRole } from '../../../shared/labels';
import { decodeCsv, parseCsvText } from '../../core/import';
import type { Command, CommandTable } from '../command';
import { formatTable, truncate } from '../format';
import { requireDb, withApi } from '../session';
import { CAMPAIGN_HELP, DB_HELP, intOption, requireString } from './options';

const USAGE = 'assign --db 文件 --campaign ID --reviewers 名单.csv --per-dossier N --seed 种子 [--json]';

export interface RosterEntry {
  name: string;
  unitName: string;
  role: ReviewerRole;
  certNo: string | null;
  phone: string | null;
  team: string;
}

const COLUMNS: Record<keyof RosterEntry, string[]> = {
  name: ['姓名', '评查人员', '名字'],
  unitName: ['单位', '所在单位', '工作单位'],
  role: ['角色', '职责'],
  certNo: ['证书编号', '执法证号', '评查员证号', '证件编号'],
  phone: ['电话', '联系电话', '手机'],
  team: ['评查组', '组别', '小组'],
};

/** Reads a reviewers roster (UTF-8 or GBK CSV); every problem names its row. */
export function readRoster(path: string): RosterEntry[] {
  const file = basename(path);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    throw new AppError('not_found', `无法读取评查人员名单：${path}`);
  }
  const { table, errors } = parseCsvText(decodeCsv(bytes).text, file);
  if (errors.length) throw new AppError('invalid_argument', errors.map((e) => e.message).join('\n'));
  const headers = table.headers.map((h) => h.trim());
  const col = (k: keyof RosterEntry) => headers.findIndex((h) => COLUMNS[k].includes(h));
  const idx = Object.fromEntries((Object.keys(COLUMNS) as (keyof RosterEntry)[]).map((k) => [k, col(k)])) as Record<keyof RosterEntry, number>;
  if (idx.name < 0) throw new AppError('invalid_argument', `评查人员名单“${file}”缺少“姓名”列（表头：${headers.join('、') || '无'}）。`);
  if (idx.unitName < 0) throw new AppError('invalid_argument', `评查人员名单“${file}”缺少“单位”列：分配时需按单位回避。`);
  const problems: string[] = [];
  const out: RosterEntry[] = [];
  for (const { row, cells } of table.rows) {
    const cell = (k: keyof RosterEntry) => (idx[k] >= 0 ? (cells[idx[k]] ?? '').trim() : '');
    const name = cell('name');
    if (!name) {
      problems.push(`第 ${row} 行：姓名为空`);
      continue;
    }
    const roleText = cell('role');
    const role = roleText ? parseReviewerRole(roleText) : 'reviewer';
    if (!role) {
      problems.push(`第 ${row} 行：角色“${roleText}”无法识别（应为 评查员、组长 或 法制机构）`);
      continue;
    }
    out.push({ name, unitName: cell('unitName'), role, certNo: cell('certNo') || null, phone: cell('phone') || null, team: cell('team') });
  }
  if (problems.length) throw new AppError('invalid_argument', `评查人员名单“${file}”有误，未作任何修改：\n${problems.join('\n')}`);
  if (!out.length) throw new AppError('invalid_argument', `评查人员名单“${file}”中没有人员。`);
  return out;
}

const assign: Command = {
  summary: '导入评查人员名单并随机分配案卷（回避本单位）',
  usage: USAGE,
  options: {
    db: { type: 'string' },
    campaign: { type: 'string' },
    reviewers: { type: 'string' },
    'per-dossier': { type: 'string' },
    seed: { type: 'string' },
  },
  optionHelp: [
    DB_HELP,
    CAMPAIGN_HELP,
    { flag: '--reviewers 名单.csv', description: '评查人员名单：姓名、单位、角色（评查员/组长/法制机构）、证书编号、电话、评查组（可选）；UTF-8 或 GBK' },
    { flag: '--per-dossier N', description: '每卷分配的评查人员数' },
    { flag: '--seed 种子', description: '随机种子（公开记录，用于复核分配）' },
  ],
  async run(args, env) {
    const db = requireDb(args, USAGE);
    const campaignId = requireString(args, 'campaign', '评查活动 ID', USAGE);
    const rosterPath = resolve(requireString(args, 'reviewers', '评查人员名单 CSV', USAGE));
    const perDossierRaw = requireString(args, 'per-dossier', '每卷评查人员数', USAGE);
    const seed = requireString(args, 'seed', '随机种子', USAGE);
    const perDossier = intOption(args, 'per-dossier', '每卷评查人员数') ?? Number(perDossierRaw);
    const roster = readRoster(rosterPath);
    const { reviewersAdded, assignments, problems } = await withApi(db, env, async (api) => {
      const existing = await api.reviewers.list({ campaignId });
      const key = (name: string, unit: string) => `${name}\u0000${unit}`;
      const have = new Set(existing.map((r) => key(r.name, r.unitName)));
      const added = [];
      for (const r of roster) {
        if (have.has(key(r.name, r.unitName))) continue;
        have.add(key(r.name, r.unitName));
        added.push(await api.reviewers.add({ campaignId, ...r }));
      }
      const result = await api.assignments.assign({ campaignId, perDossier, seed });
      return { reviewersAdded: added, ...result };
    });
    const lines = [`新增评查人员 ${reviewersAdded.length} 名；分配 ${assignments.length} 项。`];
    if (assignments.length) {
      lines.push(
        '',
        formatTable(
          ['案卷编号', '案卷单位', '评查人员', '所在单位', '角色'],
          assignments.map((a) => [a.caseNo, truncate(a.dossierUnit, 24), a.reviewerName, truncate(a.reviewerUnit, 24), ASSIGNMENT_ROLE_LABELS[a.role]]),
        ),
      );
    }
    if (problems.length) lines.push('', `未能完成分配的案卷 ${problems.length} 卷：`, formatTable(['案卷编号', '原因'], problems.map((p) => [p.caseNo, p.message])));
    return { json: { reviewersAdded, assignments, problems }, text: lines.join('\n') };
  },
};

export const assignCommands: CommandTable = { assign };
