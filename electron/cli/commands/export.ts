/**
 * `export <kind>`: one command per row of the export-kind table (shared/domain/export/kinds.ts),
 * writing the document to a file through the same export job the UI starts (temporary file, then
 * rename: a failed export leaves nothing).
 */
import { EXPORT_FORMAT_NAMES, EXPORT_KIND_NAMES, EXPORT_KINDS, listChoices, type ExportFormat, type ExportKind } from '../../../shared/domain/export/kinds';
import { AppError } from '../../../shared/errors';
import { closeSharedChromiumPrinter } from '../../core/export/chromium-printer';
import type { Command, CommandTable } from '../command';
import { UsageError } from '../errors';
import { requireDb, stringOption, withApi } from '../session';
import { CAMPAIGN_HELP, DB_HELP, requireString } from './options';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const FORMATS_TEXT = listChoices(EXPORT_FORMAT_NAMES);

function exportCommand(kind: ExportKind): Command {
  const { label, scope } = EXPORT_KINDS[kind];
  const scopeFlag = scope === 'dossier' ? ' --dossier 案卷编号' : scope === 'unit' ? ' [--unit 单位名称]' : '';
  const usage = `export ${kind} --db 文件 --campaign ID${scopeFlag} --format ${EXPORT_FORMAT_NAMES.join('|')} --out 路径 [--no-mask] [--json]`;
  return {
    summary: `导出${label}`,
    usage,
    options: {
      db: { type: 'string' },
      campaign: { type: 'string' },
      dossier: { type: 'string' },
      unit: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
      'no-mask': { type: 'boolean' },
    },
    optionHelp: [
      DB_HELP,
      CAMPAIGN_HELP,
      ...(scope === 'dossier' ? [{ flag: '--dossier 案卷编号', description: '案卷编号或案卷 ID（必填）' }] : []),
      ...(scope === 'unit' ? [{ flag: '--unit 单位名称', description: '只导出这个单位（省略时每个单位一节）' }] : []),
      { flag: '--format 格式', description: FORMATS_TEXT },
      { flag: '--out 路径', description: '导出文件的路径（先写临时文件，成功后改名，失败不留残缺文件）' },
      { flag: '--no-mask', description: '不对个人信息脱敏（默认脱敏：身份证号、电话、个人姓名）；会记入审计日志' },
    ],
    async run(args, env) {
      const db = requireDb(args, usage);
      const campaignId = requireString(args, 'campaign', '评查活动 ID', usage);
      const format = requireString(args, 'format', `导出格式 ${FORMATS_TEXT}`, usage).toLowerCase();
      if (!(EXPORT_FORMAT_NAMES as readonly string[]).includes(format)) throw new UsageError(`导出格式应为 ${FORMATS_TEXT}（收到“${format}”）`, usage);
      const out = requireString(args, 'out', '导出文件的路径', usage);
      const dossier = stringOption(args, 'dossier')?.trim();
      const unit = stringOption(args, 'unit')?.trim();
      if (scope === 'dossier' && !dossier) throw new UsageError('缺少必需的选项 --dossier（案卷编号）', usage);
      if (scope !== 'dossier' && dossier) throw new UsageError(`${label}不按案卷导出，请去掉 --dossier`, usage);
      if (scope !== 'unit' && unit) throw new UsageError(`${label}不按单位导出，请去掉 --unit`, usage);
      const masked = args.values['no-mask'] !== true;
      try {
        const result = await withApi(db, env, async (api, core) => {
          const { jobId } = await api.exports.start({
            campaignId,
            kind,
            format: format as ExportFormat,
            ...(dossier ? (UUID.test(dossier) ? { dossierId: dossier } : { caseNo: dossier }) : {}),
            ...(unit ? (UUID.test(unit) ? { unitId: unit } : { unitName: unit }) : {}),
            mask: { idNumber: masked, phone: masked, personName: masked },
            destination: { kind: 'path', path: out },
          });
          const done = await core.context.jobs.wait(jobId);
          if (done.status !== 'done') {
            throw new AppError((done.error?.code as 'internal') ?? 'internal', done.error?.message ?? '导出失败。', done.error?.details);
          }
          return done.result!;
        });
        const text = `已导出${label}：${result.path}（${(result.bytes / 1024).toFixed(1)} KB${masked ? '，个人信息已脱敏' : '，未脱敏'}）`;
        return { json: { ...result, masked }, text };
      } finally {
        await closeSharedChromiumPrinter();
      }
    },
  };
}

export const exportCommands: CommandTable = Object.fromEntries(EXPORT_KIND_NAMES.map((k) => [`export ${k}`, exportCommand(k)]));
