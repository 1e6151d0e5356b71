/** `agreement`: 评查一致性 of a campaign — kappa per checklist item and reviewer pair, each reviewer's mean score difference. */
import type { AgreementReport, KappaFigure } from '../../../shared/api/namespaces/agreement';
import type { Command, CommandTable } from '../command';
import { UsageError } from '../errors';
import { formatTable, truncate } from '../format';
import { requireDb, stringOption, withApi } from '../session';

const USAGE = 'agreement --db 文件 --campaign ID [--ruling 阈值] [--json]';

const kappaText = (f: KappaFigure): string => (f.kappa === null ? '—' : f.kappa.toFixed(2));
const share = (v: number | null): string => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);
const signed = (v: number | null): string => (v === null ? '—' : `${v > 0 ? '+' : ''}${v.toFixed(2)}`);
const METHOD = { cohen: 'Cohen', fleiss: 'Fleiss' } as const;

export function agreementText(r: AgreementReport): string {
  const lines: string[] = [];
  lines.push(
    `已计入评查表 ${r.reviewsCounted} 份，其中 ${r.sharedDossiers} 件案卷由两名以上评查人独立评查。` +
      `总体 kappa：${kappaText(r.overall)}（${METHOD[r.overall.method]}，${r.overall.strength}${r.overall.reasonText ? `；${r.overall.reasonText}` : ''}）。`,
  );
  if (r.sharedDossiers === 0) {
    lines.push('没有两名以上评查人共同评查的案卷：分配时每卷指定两名评查人（交叉评查）后才能计算一致性。');
    return lines.join('\n');
  }
  lines.push('', `评查项一致性（一致性最低的在前；kappa ≤ ${r.rulingAtOrBelow} 的需统一尺度）：`);
  lines.push(
    formatTable(
      ['评查项', '名称', 'kappa', '方法', '程度', '观察一致', '案卷数', '不一致', '说明'],
      r.items.map((i) => [
        i.itemCode,
        truncate(i.title, 24),
        kappaText(i.figure),
        METHOD[i.figure.method],
        i.figure.strength,
        share(i.figure.observed),
        String(i.dossiers),
        String(i.disagreements),
        i.needsRuling ? '需统一尺度' : (i.figure.reasonText ?? ''),
      ]),
    ),
  );
  lines.push('', '评查人两两一致性（Cohen kappa，比较共同评查案卷中两人都作答的评查项）：');
  lines.push(
    formatTable(
      ['评查人', '评查人', 'kappa', '程度', '观察一致', '共同案卷', '比较项次', '说明'],
      r.pairs.map((p) => [p.nameA, p.nameB, kappaText(p.figure), p.figure.strength, share(p.figure.observed), String(p.dossiers), String(p.figure.subjects), p.figure.reasonText ?? '']),
    ),
  );
  lines.push('', `评查人评分尺度（与${r.referenceText}相比；负数为偏严）：`);
  lines.push(
    formatTable(
      ['评查人', '评查卷数', '共同案卷', '平均分差', '标准差', '判断'],
      r.reviewers.map((v) => [v.name, String(v.reviews), String(v.sharedDossiers), signed(v.meanDifference), v.sdDifference === null ? '—' : v.sdDifference.toFixed(2), v.tendencyText]),
    ),
  );
  return lines.join('\n');
}

const agreement: Command = {
  summary: '评查一致性：各评查项与评查人组合的 kappa 系数、各评查人的平均分差',
  usage: USAGE,
  options: { db: { type: 'string' }, campaign: { type: 'string' }, ruling: { type: 'string' } },
  optionHelp: [
    { flag: '--db 文件', description: '评查数据库文件' },
    { flag: '--campaign ID', description: '评查活动 ID（必填）' },
    { flag: '--ruling 阈值', description: 'kappa 不高于此值的评查项标为“需统一尺度”（默认 0.4）' },
  ],
  async run(args, env) {
    const db = requireDb(args, USAGE);
    const campaignId = stringOption(args, 'campaign')?.trim();
    if (!campaignId) throw new UsageError('缺少必需的选项 --campaign（评查活动 ID）', USAGE);
    const rulingRaw = stringOption(args, 'ruling');
    let rulingAtOrBelow: number | undefined;
    if (rulingRaw !== undefined) {
      rulingAtOrBelow = Number(rulingRaw.trim());
      if (rulingRaw.trim() === '' || !Number.isFinite(rulingAtOrBelow)) throw new UsageError(`--ruling 必须是 -1 到 1 之间的数（收到“${rulingRaw}”）`, USAGE);
    }
    const report = await withApi(db, env, (api) => api.agreement.campaign({ campaignId, ...(rulingAtOrBelow !== undefined ? { rulingAtOrBelow } : {}) }));
    return { json: report, text: agreementText(report) };
  },
};

export const agreementCommands: CommandTable = { agreement };
