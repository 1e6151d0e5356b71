/** `import-register`: import register (案卷目录) files into a campaign, all or nothing. */
import type { RegisterImportResult } from '../../../shared/api/namespaces/registers';
import type { Command, CommandTable } from '../command';
import { UsageError } from '../errors';
import { formatTable, truncate } from '../format';
import { requireDb, stringOption, withApi } from '../session';
import { CAMPAIGN_HELP, DB_HELP, requireString } from './options';

const USAGE = 'import-register --db 文件 --campaign ID 文件… [--sheet 工作表] [--apply-changes] [--json]';

type Issue = RegisterImportResult['errors'][number];

function issueTable(issues: readonly Issue[], limit = 50): string {
  const table = formatTable(
    ['文件', '行', '列', '内容', '说明'],
    issues.slice(0, limit).map((i) => [truncate(i.file, 30), i.row === 0 ? '—' : String(i.row), i.column || '—', truncate(i.value, 20), i.message]),
  );
  return issues.length > limit ? `${table}\n……另有 ${issues.length - limit} 条未列出` : table;
}

/** What the command prints: the API's result, with the summary keys first. */
export function importSummary(r: RegisterImportResult) {
  return {
    imported: r.imported,
    unchanged: r.unchanged,
    changed: r.changed,
    applied: r.applied,
    warnings: r.warnings,
    errors: r.errors,
    errorTotal: r.errorTotal,
    warningTotal: r.warningTotal,
    units: r.units,
    files: r.files,
  };
}

const importRegister: Command = {
  summary: '导入案卷目录（CSV/XLSX；有任何错误则全部不导入）',
  usage: USAGE,
  options: {
    db: { type: 'string' },
    campaign: { type: 'string' },
    sheet: { type: 'string' },
    'apply-changes': { type: 'boolean' },
  },
  optionHelp: [
    DB_HELP,
    CAMPAIGN_HELP,
    { flag: '文件…', description: '一个或多个案卷目录文件（CSV 可为 UTF-8 或 GBK，或 XLSX）' },
    { flag: '--sheet 工作表', description: 'XLSX 中案卷目录所在的工作表名称' },
    { flag: '--apply-changes', description: '已导入的案卷内容有变化时，按新目录更新（默认只报告）' },
  ],
  maxPositionals: 100,
  async run(args, env) {
    const db = requireDb(args, USAGE);
    const campaignId = requireString(args, 'campaign', '评查活动 ID', USAGE);
    if (args.positionals.length === 0) throw new UsageError('请给出要导入的案卷目录文件', USAGE);
    const sheet = stringOption(args, 'sheet');
    const result = await withApi(db, env, (api) =>
      api.registers.import({
        campaignId,
        files: args.positionals.map((path) => ({ path, ...(sheet !== undefined ? { sheet } : {}) })),
        applyChanges: args.values['apply-changes'] === true,
      }),
    );
    const out = importSummary(result);
    if (result.errors.length > 0 || result.errorTotal > 0) {
      // Nothing was stored, but the error list is the result: print it (JSON on stdout with
      // --json, as scripts expect), then fail with exit code 1.
      const head = `案卷目录有 ${result.errorTotal} 处错误，未导入任何案卷。请更正后重新导入。`;
      return { json: out, text: `${head}\n${issueTable(result.errors)}`, failure: head };
    }
    const lines = [
      `导入完成：新增 ${result.imported} 卷，未变化 ${result.unchanged} 卷，内容有变化 ${result.changed.length} 卷${result.changed.length ? (result.applied ? '（已按新目录更新）' : '（未更新；如需更新请加 --apply-changes）') : ''}。`,
    ];
    for (const f of result.files) {
      lines.push(`  ${f.fileName}：${f.rowCount} 行（${f.format}${f.encoding ? `，${f.encoding}` : ''}${f.sheet ? `，工作表“${f.sheet}”` : ''}）`);
    }
    if (result.units.length) {
      lines.push('', '各执法单位：');
      lines.push(formatTable(['执法单位', '新增', '未变化', '有变化'], result.units.map((u) => [u.unitName, String(u.imported), String(u.unchanged), String(u.changed)])));
    }
    if (result.changed.length) {
      lines.push('', '内容有变化的案卷：');
      lines.push(
        formatTable(
          ['案卷编号', '文件', '行', '变化'],
          result.changed.slice(0, 50).map((c) => [c.caseNo, truncate(c.file, 30), String(c.row), c.changes.map((x) => `${x.label}：${x.before ?? '（空）'} → ${x.after ?? '（空）'}`).join('；')]),
        ),
      );
    }
    if (result.warningTotal > 0) lines.push('', `提示 ${result.warningTotal} 条：`, issueTable(result.warnings, 20));
    return { json: out, text: lines.join('\n') };
  },
};

export const registerCommands: CommandTable = { 'import-register': importRegister };
