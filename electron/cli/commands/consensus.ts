/** `consensus list|queue`: cross-reviewed dossiers with their 合议 progress, and the 复核 queue with why each dossier is there. */
import type { ConsensusDossierRow } from '../../../shared/api/namespaces/consensus';
import { RESULT_SOURCE_LABELS } from '../../../shared/domain/consensus/final';
import type { Command, CommandTable } from '../command';
import { UsageError } from '../errors';
import { formatTable } from '../format';
import { requireDb, stringOption, withApi } from '../session';

const pts = (n: number | null) => (n === null ? '—' : Number.isInteger(n) ? String(n) : n.toFixed(1));

function rowsText(rows: ConsensusDossierRow[], queue: boolean): string {
  if (rows.length === 0) return queue ? '没有待复核的案卷。' : '没有两份以上已提交评查表的案卷。';
  return formatTable(
    ['案卷编号', '单位', '各评查人员得分', '分歧项', queue ? '复核原因' : '复核', '最终结果'],
    rows.map((r) => [
      r.caseNo,
      r.unitName,
      r.reviews.map((v) => `${v.reviewer} ${pts(v.total)} ${v.grade ?? ''}${v.veto ? '（否决）' : ''}`).join('；'),
      r.disputedItems ? `${r.decidedItems}/${r.disputedItems} 已定` : '无',
      queue ? r.triggers.map((t) => t.detail).join('；') : r.recheck === 'none' ? '未触发' : r.recheck === 'closed' ? '已复核' : '待复核',
      r.final ? `${pts(r.final.total)} ${r.final.grade}（${RESULT_SOURCE_LABELS[r.final.source]}）` : '—',
    ]),
  );
}

const command = (queue: boolean): Command => {
  const usage = `consensus ${queue ? 'queue' : 'list'} --db 文件 --campaign ID [--json]`;
  return {
    summary: queue ? '待复核案卷及原因（等次不同、否决项、分差超限）' : '交叉评查案卷：各评查人员得分、分歧项与合议进度',
    usage,
    options: { db: { type: 'string' }, campaign: { type: 'string' } },
    optionHelp: [
      { flag: '--db 文件', description: '评查数据库文件' },
      { flag: '--campaign ID', description: '评查活动 ID（必填）' },
    ],
    async run(args, env) {
      const db = requireDb(args, usage);
      const campaignId = stringOption(args, 'campaign')?.trim();
      if (!campaignId) throw new UsageError('缺少必需的选项 --campaign（评查活动 ID）', usage);
      const rows = await withApi(db, env, (api) => (queue ? api.consensus.recheckQueue({ campaignId }) : api.consensus.dossiers({ campaignId })));
      return { json: rows, text: rowsText(rows, queue) };
    },
  };
};

export const consensusCommands: CommandTable = { 'consensus list': command(false), 'consensus queue': command(true) };
