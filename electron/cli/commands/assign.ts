/**
 * `assign`: import a reviewers roster (CSV or XLSX, read by electron/core/roster as the UI's import
 * does), then assign dossiers at random (avoiding each reviewer's own unit).
 */
import { resolve } from 'node:path';
import { ASSIGNMENT_ROLE_LABELS } from '../../../shared/labels';
import type { Command, CommandTable } from '../command';
import { formatTable, truncate } from '../format';
import { requireDb, withApi } from '../session';
import { CAMPAIGN_HELP, DB_HELP, intOption, requireString } from './options';

const USAGE = 'assign --db 文件 --campaign ID --reviewers 名单.csv|.xlsx --per-dossier N --seed 种子 [--json]';

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
    { flag: '--reviewers 名单.csv|.xlsx', description: '评查人员名单（CSV：UTF-8 或 GBK；或 XLSX）：姓名、单位、角色（评查员/组长/法制机构）、证书编号、电话、评查组（可选）；已在名单中的人员按文件更新角色与评查组' },
    { flag: '--per-dossier N', description: '每卷分配的评查人员数' },
    { flag: '--seed 种子', description: '随机种子（公开记录，用于复核分配）' },
  ],
  async run(args, env) {
    const db = requireDb(args, USAGE);
    const campaignId = requireString(args, 'campaign', '评查活动 ID', USAGE);
    const rosterPath = resolve(requireString(args, 'reviewers', '评查人员名单（CSV 或 XLSX）', USAGE));
    const perDossierRaw = requireString(args, 'per-dossier', '每卷评查人员数', USAGE);
    const seed = requireString(args, 'seed', '随机种子', USAGE);
    const perDossier = intOption(args, 'per-dossier', '每卷评查人员数') ?? Number(perDossierRaw);
    const { reviewersAdded, reviewersUpdated, assignments, problems } = await withApi(db, env, async (api) => {
      const roster = await api.reviewers.importRoster({ campaignId, file: { path: rosterPath } });
      const result = await api.assignments.assign({ campaignId, perDossier, seed });
      return { reviewersAdded: roster.added, reviewersUpdated: roster.updated, ...result };
    });
    const lines = [`新增评查人员 ${reviewersAdded.length} 名${reviewersUpdated.length ? `，更新 ${reviewersUpdated.length} 名（角色、评查组等）` : ''}；分配 ${assignments.length} 项。`];
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
    return { json: { reviewersAdded, reviewersUpdated, assignments, problems }, text: lines.join('\n') };
  },
};

export const assignCommands: CommandTable = { assign };
