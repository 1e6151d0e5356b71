/**
 * The campaign workbook (XLSX) for the office's own pivots: 案卷 (facts, score, grade, reviewer),
 * 评查项 (every item answer of every counted review — 600,000 rows for a large campaign), 自动检查发现
 * 单位汇总 and 异议. Typed cells (numbers as numbers, dates as Excel dates), frozen header rows and
 * autofilters. Written by a lean streaming writer (./xlsx-writer: exceljs' writer alone needs ~16 s
 * of CPU for the 600,000-row sheet); the job yields every few thousand rows so it can be cancelled.
 */
import { exportFileName, freeTextMasker, maskDossierHeader, maskFreeText, type MaskOptions, type PersonalValues } from '../../../../shared/domain/export/mask';
import { AppError } from '../../../../shared/errors';
import { FINDING_STATUS_LABELS, ITEM_STATUS_LABELS, labelOf, REVIEW_STATUS_LABELS, SEVERITY_LABELS } from '../../../../shared/labels';
import { MIME_TYPES } from '../registry';
import type { ExportEnv, ExportOutput, ExportRequest } from '../types';
import { buildCampaignReport, reportSources } from './data';
import { XlsxStreamWriter, type CellRun } from './xlsx-writer';
import { writeAgreementSheet } from './agreement-sheet';
import { writeObjectionSheet } from './objection-sheet';

export const WORKBOOK_SHEETS = { dossiers: '案卷', answers: '评查项', findings: '自动检查发现', units: '单位汇总' } as const;


const DATE_FMT = 'yyyy-mm-dd';
const YIELD_EVERY = 4000;

/** 'YYYY-MM-DD' → a Date at UTC midnight (exceljs writes Excel serials from UTC); anything else → null. */
export function excelDate(iso: string | null | undefined): Date | null {
  if (!iso) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
}

export async function workbookXlsx(request: ExportRequest, env: ExportEnv): Promise<ExportOutput> {
  const { ctx, control } = env;
  const mask: MaskOptions = request.mask;
  control.progress(0, 1, '汇总评查结果');
  await control.yieldToLoop();
  const sources = reportSources(ctx.read);
  // The sheets use the units' scores and grades, not the problem statistics: no answers are read for them.
  const { data, aggregate } = buildCampaignReport(sources, request.campaignId, { mask, topProblems: 0, problems: false });
  if (data.reviews.length === 0) throw new AppError('invalid_argument', '本次评查还没有已提交的评查表，工作簿没有可导出的数据。');
  const reviews = request.unitId ? data.reviews.filter((r) => r.unitId === request.unitId) : data.reviews;
  const total = reviews.length * 2 + 2;
  let done = 0;

  const wb = new XlsxStreamWriter({ title: `${data.campaign.name} 评查数据`, creator: '案卷评查' });

  // 案卷
  const ds = await wb.addSheet( WORKBOOK_SHEETS.dossiers, [
    { header: '案卷编号', width: 22 },
    { header: '执法单位', width: 26 },
    { header: '案件类型', width: 10 },
    { header: '程序', width: 10 },
    { header: '执法领域', width: 12 },
    { header: '案由', width: 30 },
    { header: '当事人', width: 16 },
    { header: '立案日期', width: 12, numFmt: DATE_FMT },
    { header: '决定日期', width: 12, numFmt: DATE_FMT },
    { header: '结案日期', width: 12, numFmt: DATE_FMT },
    { header: '罚款金额（元）', width: 14, numFmt: '#,##0.00' },
    { header: '得分', width: 8, numFmt: '0.0' },
    { header: '等次', width: 8 },
    { header: '否决', width: 6 },
    { header: '评查人', width: 10 },
    { header: '评查表状态', width: 10 },
    { header: '提交日期', width: 12, numFmt: DATE_FMT },
  ]);
  const personal = new Map<string, PersonalValues>();
  const headers = sources.reports.workbookDossiers(request.campaignId);
  for (const r of reviews) {
    const raw = headers.get(r.reviewId) ?? sources.reports.workbookDossier(r.reviewId);
    personal.set(r.reviewId, { party: raw.party, partyType: raw.partyType, idNumber: raw.partyIdNo, phone: raw.partyPhone });
    const h = maskDossierHeader(raw, mask);
    await ds.row([
      h.caseNo,
      h.unitName,
      h.caseType,
      h.procedure ?? '',
      h.field ?? '',
      h.cause,
      h.party,
      excelDate(h.dateFiled),
      excelDate(h.dateDecision),
      excelDate(h.dateClosed),
      h.fineFen === null ? null : h.fineFen / 100,
      r.total,
      r.grade,
      r.veto ? '是' : '否',
      h.reviewer,
      labelOf(REVIEW_STATUS_LABELS, h.status),
      excelDate(h.submittedAt),
    ]);
    if (++done % YIELD_EVERY === 0) {
      control.progress(done, total, '写入案卷');
      await control.yieldToLoop();
    }
  }

  // 评查项: every answer of the counted reviews.
  const as = await wb.addSheet( WORKBOOK_SHEETS.answers, [
    { header: '案卷编号', width: 22 },
    { header: '执法单位', width: 26 },
    { header: '评查项编码', width: 14 },
    { header: '评查项', width: 34 },
    { header: '维度', width: 12 },
    { header: '结论', width: 8 },
    { header: '扣分', width: 8, numFmt: '0.0' },
    { header: '问题处数', width: 8 },
    { header: '理由', width: 40 },
    { header: '卷内页码', width: 12 },
  ]);
  const dimName = new Map(data.dimensions.map((d) => [d.code, d.name]));
  // The cells that repeat are built once: an item's code, title and dimension, a verdict's label.
  const itemCells = new Map<string, { cells: CellRun; hasDimension: boolean }>();
  const itemCellsOf = (code: string) => {
    let cells = itemCells.get(code);
    if (cells === undefined) {
      const item = data.items.get(code);
      const dimension = dimName.get(item?.dimension ?? '') ?? item?.dimension ?? '';
      cells = { cells: wb.textCells(dimension ? [code, item?.title || code, dimension] : [code, item?.title || code]), hasDimension: dimension !== '' };
      itemCells.set(code, cells);
    }
    return cells;
  };
  const verdictCells = new Map<string, CellRun>();
  const verdictCellOf = (verdict: string): CellRun => {
    let cell = verdictCells.get(verdict);
    if (cell === undefined) verdictCells.set(verdict, (cell = wb.textCells([labelOf(ITEM_STATUS_LABELS, verdict)])));
    return cell;
  };
  for (const r of reviews) {
    const maskNote = freeTextMasker(mask, personal.get(r.reviewId)!);
    for (const [code, verdict, deduction, occurrences, note, pageRefs] of sources.reports.workbookAnswers(r.reviewId)) {
      const row = as.rows + 1;
      const item = itemCellsOf(code);
      const pages = pageRefs === '[]' ? '' : (JSON.parse(pageRefs) as { page: number | string }[]).map((p) => String(p.page)).join('、');
      // One template string per row (no value array, no per-cell type switch); notes are free text,
      // written inline rather than filling the shared table.
      const written = as.rowXml(
        wb.textCell(r.caseNo, `A${row}`) +
          wb.textCell(r.unitName) +
          wb.use(item.cells) +
          // Without a dimension cell, the verdict's column must be named.
          (item.hasDimension ? wb.use(verdictCellOf(verdict)) : wb.textCell(labelOf(ITEM_STATUS_LABELS, verdict), `F${row}`)) +
          wb.numberCell(deduction, 6) +
          wb.numberCell(occurrences, 7) +
          (note ? wb.inlineCell(maskNote(note)) : '') +
          (pages ? wb.textCell(pages, note ? undefined : `J${row}`) : ''),
      );
      // rowXml() returns a promise only when the compressor must catch up: an await per row was
      // 600,000 microtask turns.
      if (written) await written;
    }
    if (++done % 200 === 0) {
      control.progress(done, total, '写入评查项');
      await control.yieldToLoop();
    }
  }

  // 自动检查发现
  control.progress(done, total, '写入自动检查发现');
  await control.yieldToLoop();
  const fs = await wb.addSheet( WORKBOOK_SHEETS.findings, [
    { header: '案卷编号', width: 22 },
    { header: '执法单位', width: 26 },
    { header: '规则', width: 16 },
    { header: '法律', width: 18 },
    { header: '条', width: 6 },
    { header: '严重程度', width: 8 },
    { header: '评查项编码', width: 14 },
    { header: '问题', width: 40 },
    { header: '计算过程', width: 40 },
    { header: '状态', width: 8 },
    { header: '确认/驳回日期', width: 14, numFmt: DATE_FMT },
  ]);
  const byDossier = new Map(reviews.map((r) => [r.dossierId, r]));
  const findings = sources.reports.workbookFindings(request.campaignId);
  for (const [dossierId, ruleId, law, article, severity, itemCode, message, computation, status, decidedAt] of findings) {
    const r = byDossier.get(dossierId);
    if (!r) continue;
    const values = personal.get(r.reviewId)!;
    await fs.row([
      r.caseNo,
      r.unitName,
      ruleId ?? '人工发现',
      law ?? '',
      article,
      labelOf(SEVERITY_LABELS, severity),
      itemCode ?? '',
      maskFreeText(message, mask, values),
      maskFreeText(computation, mask, values),
      labelOf(FINDING_STATUS_LABELS, status),
      excelDate(decidedAt),
    ]);
  }

  // 单位汇总
  const grades = aggregate.grades.map((g) => g.grade);
  const us = await wb.addSheet( WORKBOOK_SHEETS.units, [
    { header: '名次', width: 6 },
    { header: '执法单位', width: 28 },
    { header: '评查卷数', width: 10 },
    { header: '平均分', width: 9, numFmt: '0.00' },
    { header: '最高分', width: 9, numFmt: '0.0' },
    { header: '最低分', width: 9, numFmt: '0.0' },
    { header: '总分', width: 10, numFmt: '0.0' },
    ...grades.map((g) => ({ header: `${g}（卷）`, width: 9 })),
    { header: '合格率', width: 9, numFmt: '0.00%' },
    { header: '优秀率', width: 9, numFmt: '0.00%' },
    { header: '否决卷数', width: 9 },
  ]);
  for (const u of aggregate.units) {
    if (request.unitId && u.unitId !== request.unitId) continue;
    await us.row([u.rank, u.unitName, u.reviewed, u.meanScore, u.maxScore, u.minScore, u.sumScore, ...u.grades.map((g) => g.count), u.passRate, u.excellentRate, u.vetoCount]);
  }

  // 异议: the register of objections and rulings (one unit's only when the workbook is for one unit).
  await writeObjectionSheet(wb, sources, request.campaignId, { unitId: request.unitId, mask, items: data.items });

  // 评查一致性: reviewers' agreement is the office's own business over the whole campaign, not one unit's.
  if (!request.unitId) await writeAgreementSheet(wb, ctx.read, request.campaignId);

  control.progress(total - 1, total, '压缩文件');
  await control.yieldToLoop();
  const bytes = await wb.finish();
  control.progress(total, total, '完成');
  return {
    bytes,
    fileName: exportFileName([data.campaign.name, '评查数据'], 'xlsx', mask),
    mime: MIME_TYPES.xlsx,
  };
}
