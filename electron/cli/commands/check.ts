/** `check`: run the automatic checks (自动检查) over a campaign's dossiers and store the findings. */
import type { CheckFinding } from '../../../shared/api/namespaces/checks';
import { SEVERITY_LABELS } from '../../../shared/labels';
import type { CommandTable } from '../command';
import { UsageError } from '../errors';
import { formatTable, truncate } from '../format';
import { requireDb, stringOption, withApi } from '../session';

const CHECK_USAGE = 'check --db 文件 --campaign ID [--dossier 案卷编号] [--json]';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;


/** What `check --json` prints for each finding (exactly these keys). */
export interface CheckFindingJson {
  dossierNo: string;
  ruleId: string;
  law: string | null;
  article: number | null;
  severity: string;
  item: string | null;
  message: string;
  computation: string;
}

const toJson = (f: CheckFinding): CheckFindingJson => ({
  dossierNo: f.dossierNo,
  ruleId: f.ruleId,
  law: f.law,
  article: f.article,
  severity: f.severity,
  item: f.item,
  message: f.message,
  computation: f.computation,
});

export const checkCommands: CommandTable = {
  check: {
    summary: '运行自动检查（抽中案卷；未抽样时为全部案卷），发现保存为待确认',
    usage: CHECK_USAGE,
    options: { db: { type: 'string' }, campaign: { type: 'string' }, dossier: { type: 'string' } },
    optionHelp: [
      { flag: '--db 文件', description: '评查数据库文件（须已由 init 创建）' },
      { flag: '--campaign ID', description: '评查活动 ID（必填）' },
      { flag: '--dossier 案卷编号', description: '只检查这一件案卷（案卷编号或案卷 ID）' },
    ],
    async run(args, env) {
      const db = requireDb(args, CHECK_USAGE);
      const campaignId = stringOption(args, 'campaign')?.trim();
      if (!campaignId) throw new UsageError('缺少必需的选项 --campaign（评查活动 ID）', CHECK_USAGE);
      const dossier = stringOption(args, 'dossier')?.trim();
      if (dossier === '') throw new UsageError('--dossier 不能为空', CHECK_USAGE);
      const result = await withApi(db, env, (api) =>
        api.checks.run({
          campaignId,
          ...(dossier === undefined ? {} : UUID.test(dossier) ? { dossierId: dossier } : { caseNo: dossier }),
        }),
      );
      const json = result.findings.map(toJson);
      const scopeText = { sample: '本次抽中的案卷', campaign: '全部案卷（尚未抽样）', dossier: '指定案卷' }[result.scope];
      const violations = result.findings.filter((f) => f.kind === 'violation').length;
      const summary =
        `已检查${scopeText} ${result.dossiers} 件：发现问题 ${violations} 项，无法检查的提示 ${result.findings.length - violations} 项；` +
        `新保存待确认 ${result.proposed} 项${result.alreadyDecided ? `，已确认或已排除而未重复提出 ${result.alreadyDecided} 项` : ''}。`;
      if (json.length === 0) return { json, text: summary };
      const table = formatTable(
        ['案卷编号', '规则', '依据', '程度', '评查项目', '问题'],
        result.findings.map((f) => [
          f.dossierNo,
          f.ruleId,
          f.law ? `${f.law}${f.article !== null ? ` 第${f.article}条` : ''}` : '—',
          SEVERITY_LABELS[f.severity] ?? f.severity,
          f.item ?? '—',
          truncate(f.message, 60),
        ]),
      );
      return { json, text: `${table}\n${summary}` };
    },
  },
};
