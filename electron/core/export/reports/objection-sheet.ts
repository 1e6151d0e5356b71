/**
 * The workbook's 异议 sheet: every objection of the campaign (or of one unit), ruled or pending —
 * dossier, contested items, who objected and when, grounds, the ruling with its reason and the
 * score before → after. The office answers to the agencies from this register, so rejected and
 * pending objections are listed too (the bulletin and unit summaries list only the upheld ones).
 */
import { maskFreeText, type MaskOptions } from '../../../../shared/domain/export/mask';
import type { ItemInfo } from '../../../../shared/domain/reports/aggregate';
import type { ReportSources } from './data';
import type { XlsxStreamWriter } from './xlsx-writer';
import { excelDate } from './workbook';

export const OBJECTION_SHEET = '异议';

const RULING_TEXT = { upheld: '采纳', partly: '部分采纳', rejected: '不予采纳' } as const;
const DATE_FMT = 'yyyy-mm-dd';

export async function writeObjectionSheet(
  wb: XlsxStreamWriter,
  sources: ReportSources,
  campaignId: string,
  options: { unitId?: string; mask: MaskOptions; items: Map<string, ItemInfo> },
): Promise<number> {
  const sheet = await wb.addSheet(OBJECTION_SHEET, [
    { header: '案卷编号', width: 22 },
    { header: '执法单位', width: 26 },
    { header: '异议事项', width: 34 },
    { header: '异议人', width: 22 },
    { header: '告知结果日期', width: 12, numFmt: DATE_FMT },
    { header: '提出日期', width: 12, numFmt: DATE_FMT },
    { header: '异议理由', width: 40 },
    { header: '附件数', width: 7 },
    { header: '裁定', width: 10 },
    { header: '裁定理由', width: 40 },
    { header: '裁定人', width: 14 },
    { header: '裁定日期', width: 12, numFmt: DATE_FMT },
    { header: '原得分', width: 8, numFmt: '0.0' },
    { header: '裁定后得分', width: 9, numFmt: '0.0' },
    { header: '得分变化', width: 9, numFmt: '+0.0;-0.0;0.0' },
    { header: '原等次', width: 8 },
    { header: '裁定后等次', width: 9 },
  ]);
  const titleOf = (code: string) => {
    const t = options.items.get(code)?.title;
    return t ? `${t}（${code}）` : code;
  };
  let rows = 0;
  for (const o of sources.objections.all(campaignId)) {
    if (options.unitId && o.unitId !== options.unitId) continue;
    const values = sources.reports.personalValues(o.dossierId) ?? {};
    const m = (s: string | null) => (s ? maskFreeText(s, options.mask, values) : '');
    const ruled = o.ruling !== null;
    await sheet.row([
      m(o.caseNo),
      o.unitName,
      o.itemCodes.map(titleOf).join('；'),
      m(o.objector),
      excelDate(o.notifiedOn),
      excelDate(o.lodgedOn),
      m(o.grounds),
      o.fileCount,
      ruled ? RULING_TEXT[o.ruling!] : '待裁定',
      m(o.reason),
      o.ruledBy ?? '',
      excelDate(o.ruledAt),
      o.totalBefore,
      o.totalAfter,
      o.totalBefore !== null && o.totalAfter !== null ? Math.round((o.totalAfter - o.totalBefore) * 100) / 100 : null,
      o.gradeBefore ?? '',
      o.gradeAfter ?? '',
    ]);
    rows++;
  }
  return rows;
}
