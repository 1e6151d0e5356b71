/**
 * 单位评查汇总: per unit, its reviewed dossiers with score, grade and reviewer, the key figures
 * (mean/min/max, pass and 优秀 rates, rank), the per-dimension profile and its most frequent
 * problems. One unit, or every unit (one section each, each from a new page).
 */
import type { Paragraph, Table } from 'docx';
import { exportFileName, maskDossierHeader, maskFreeText, type MaskOptions } from '../../../../shared/domain/export/mask';
import { percent, type UnitStats } from '../../../../shared/domain/reports/aggregate';
import { chineseDate } from '../../../../shared/domain/reports/bulletin';
import { AppError } from '../../../../shared/errors';
import { a4Section, packDocx, para, SIZE } from '../docx-kit';
import { escapeHtml, htmlDocument } from '../html';
import { MIME_TYPES } from '../registry';
import type { ExportEnv, ExportOutput, ExportRequest } from '../types';
import { docxTable, htmlTable, REPORT_CSS } from './common';
import { buildCampaignReport, reportSources, type CampaignReport, type ReportSources } from './data';
import { localToday, score } from './format';

interface SummaryDossier {
  caseNo: string;
  caseType: string;
  cause: string;
  party: string;
  total: number;
  grade: string;
  veto: boolean;
  reviewer: string;
}

export interface SummaryContent {
  campaignName: string;
  unitCount: number;
  unit: UnitStats;
  dossiers: SummaryDossier[];
  vetoes: { caseNo: string; items: string; reasons: string }[];
  /** The unit's objections upheld or partly upheld; their rulings are already in the scores above. */
  objections: { caseNo: string; items: string; ruling: string; totalBefore: number | null; totalAfter: number | null }[];
}

export function summaryContent(from: ReportSources, report: CampaignReport, unit: UnitStats, mask: MaskOptions): SummaryContent {
  const dossiers = report.data.reviews
    .filter((r) => r.unitId === unit.unitId)
    .map((r) => {
      const h = maskDossierHeader(from.reports.summaryDossier(r.reviewId), mask);
      return { caseNo: h.caseNo, caseType: h.caseType, cause: h.cause, party: h.party, total: r.total, grade: r.grade, veto: r.veto, reviewer: h.reviewer };
    })
    .sort((a, b) => b.total - a.total || a.caseNo.localeCompare(b.caseNo));
  const titleOf = (code: string) => report.data.items.get(code)?.title ?? code;
  const vetoes = report.aggregate.vetoCases
    .filter((v) => v.unitName === unit.unitName)
    .map((v) => ({ caseNo: maskDossierCaseNo(v.caseNo, mask), items: v.itemCodes.map(titleOf).join('；') || '—', reasons: v.reasons.filter(Boolean).join('；') || '—' }));
  const objections = report.objections
    .filter((o) => o.unitId === unit.unitId)
    .map((o) => ({
      caseNo: maskDossierCaseNo(o.caseNo, mask),
      items: o.itemCodes.map(titleOf).join('；') || '—',
      ruling: `${o.ruling === 'upheld' ? '采纳' : '部分采纳'}：${o.reason}`,
      totalBefore: o.totalBefore,
      totalAfter: o.totalAfter,
    }));
  return { campaignName: report.data.campaign.name, unitCount: report.aggregate.unitCount, unit, dossiers, vetoes, objections };
}

/** Case numbers rarely carry personal data, but a typed-in ID or phone would be masked like elsewhere. */
const maskDossierCaseNo = (caseNo: string, mask: MaskOptions): string => maskFreeText(caseNo, mask);

const VETO_HEADER = ['序号', '案卷编号', '否决事项', '否决理由'];
const VETO_COLUMNS = [0.08, 0.25, 0.3, 0.37];
const vetoRows = (c: SummaryContent) => c.vetoes.map((v, i) => [String(i + 1), v.caseNo, v.items, v.reasons]);

const OBJECTION_HEADER = ['序号', '案卷编号', '异议事项', '裁定及理由', '原得分', '最终得分'];
const OBJECTION_COLUMNS = [0.07, 0.2, 0.22, 0.33, 0.09, 0.09];
const objectionRows = (c: SummaryContent) =>
  c.objections.map((o, i) => [String(i + 1), o.caseNo, o.items, o.ruling, o.totalBefore === null ? '—' : score(o.totalBefore), o.totalAfter === null ? '—' : score(o.totalAfter)]);

/** The optional closing sections, numbered after the three fixed ones. */
const optionalSections = (c: SummaryContent) => {
  const out: { title: string; columns: number[]; header: string[]; rows: string[][]; numeric: number[] }[] = [];
  const n = () => ['四', '五'][out.length];
  if (c.vetoes.length) out.push({ title: `${n()}、存在否决情形的案卷`, columns: VETO_COLUMNS, header: VETO_HEADER, rows: vetoRows(c), numeric: [] });
  if (c.objections.length) {
    out.push({ title: `${n()}、采纳异议的案卷（得分已按裁定调整）`, columns: OBJECTION_COLUMNS, header: OBJECTION_HEADER, rows: objectionRows(c), numeric: [4, 5] });
  }
  return out;
};

const keyFigures = (c: SummaryContent): string => {
  const u = c.unit;
  const grades = u.grades.map((g) => `${g.grade} ${g.count} 卷`).join('，');
  return (
    `本次评查共抽查${u.unitName}行政执法案卷 ${u.reviewed} 卷，平均得分 ${u.meanScore.toFixed(2)} 分（最高 ${score(u.maxScore)} 分，最低 ${score(u.minScore)} 分），` +
    `在 ${c.unitCount} 个被评查单位中排名第 ${u.rank} 位。其中${grades}；合格率 ${percent(u.passRate)}，优秀率 ${percent(u.excellentRate)}` +
    (u.vetoCount ? `，存在否决情形 ${u.vetoCount} 卷。` : '。')
  );
};

const DOSSIER_HEADER = ['序号', '案卷编号', '案件类型', '案由', '当事人', '得分', '等次', '评查人'];
const DOSSIER_COLUMNS = [0.06, 0.17, 0.1, 0.24, 0.13, 0.08, 0.09, 0.13];
const dossierRows = (c: SummaryContent) =>
  c.dossiers.map((d, i) => [String(i + 1), d.caseNo, d.caseType, d.cause, d.party, score(d.total), d.veto ? `${d.grade}（否决）` : d.grade, d.reviewer]);
const DIM_HEADER = ['维度', '满分', '平均得分', '得分率', '问题数'];
const DIM_COLUMNS = [0.32, 0.14, 0.18, 0.18, 0.18];
const dimRows = (c: SummaryContent) => c.unit.dimensions.map((d) => [d.name, score(d.maxPoints), score(d.meanScore), percent(d.rate), String(d.problemCount)]);
const PROBLEM_HEADER = ['序号', '评查项', '卷次', '扣分合计', '典型案卷'];
const PROBLEM_COLUMNS = [0.06, 0.28, 0.07, 0.09, 0.5];
const problemRows = (c: SummaryContent) =>
  c.unit.topProblems.map((p, i) => [
    String(i + 1),
    `${p.title}（${p.itemCode}）`,
    String(p.count),
    score(p.totalDeduction),
    p.examples.map((e) => `${e.caseNo}${e.note ? `：${e.note}` : ''}`).join('；'),
  ]);

export function summarySectionHtml(c: SummaryContent): string {
  return [
    `<h1>${escapeHtml(c.campaignName)}</h1>`,
    `<div class="subtitle">单位评查汇总　·　${escapeHtml(c.unit.unitName)}</div>`,
    `<p class="body">${escapeHtml(keyFigures(c))}</p>`,
    `<h2>一、各维度得分情况</h2>`,
    htmlTable(DIM_COLUMNS, DIM_HEADER, dimRows(c), [1, 2, 3, 4]),
    `<h2>二、主要问题（按出现次数）</h2>`,
    htmlTable(PROBLEM_COLUMNS, PROBLEM_HEADER, problemRows(c), [2, 3]),
    `<h2>三、评查案卷得分及等次</h2>`,
    htmlTable(DOSSIER_COLUMNS, DOSSIER_HEADER, dossierRows(c), [5]),
    ...optionalSections(c).flatMap((t) => [`<h2>${escapeHtml(t.title)}</h2>`, htmlTable(t.columns, t.header, t.rows, t.numeric)]),
    `<p class="note muted">制表日期：${escapeHtml(chineseDate(localToday()))}　　合格率 = 非不合格案卷数 ÷ 评查案卷数；排名按平均分，平均分相同的按总分。</p>`,
  ].join('\n');
}

export function summaryDocxChildren(c: SummaryContent): (Paragraph | Table)[] {
  const h = (t: string) => para(t, { hei: true, bold: true, size: SIZE.xiaosi, before: 200, after: 80, keepNext: true });
  return [
    para(c.campaignName, { hei: true, bold: true, size: SIZE.xiaoer, align: 'center', after: 80 }),
    para(`单位评查汇总　·　${c.unit.unitName}`, { align: 'center', size: SIZE.xiaosi, after: 200 }),
    para(`\u3000\u3000${keyFigures(c)}`, { size: SIZE.xiaosi }),
    h('一、各维度得分情况'),
    docxTable(DIM_COLUMNS, DIM_HEADER, dimRows(c), [1, 2, 3, 4]),
    h('二、主要问题（按出现次数）'),
    docxTable(PROBLEM_COLUMNS, PROBLEM_HEADER, problemRows(c), [2, 3]),
    h('三、评查案卷得分及等次'),
    docxTable(DOSSIER_COLUMNS, DOSSIER_HEADER, dossierRows(c), [5]),
    ...optionalSections(c).flatMap((t) => [h(t.title), docxTable(t.columns, t.header, t.rows, t.numeric)]),
    para(`制表日期：${chineseDate(localToday())}　　合格率 = 非不合格案卷数 ÷ 评查案卷数；排名按平均分，平均分相同的按总分。`, { size: SIZE.xiaowu, before: 120 }),
  ];
}

async function contents(request: ExportRequest, env: ExportEnv): Promise<{ report: CampaignReport; list: SummaryContent[] }> {
  env.control.progress(0, 1, '汇总评查结果');
  await env.control.yieldToLoop();
  const sources = reportSources(env.ctx.read);
  const report = buildCampaignReport(sources, request.campaignId, { mask: request.mask });
  let units = [...report.aggregate.units].sort((a, b) => a.rank - b.rank);
  if (request.unitId) {
    units = units.filter((u) => u.unitId === request.unitId);
    if (units.length === 0) throw new AppError('invalid_argument', '该单位在本次评查中没有已提交的评查表，无法生成单位评查汇总。', { unitId: request.unitId });
  }
  if (units.length === 0) throw new AppError('invalid_argument', '本次评查还没有已提交的评查表，无法生成单位评查汇总。');
  const list: SummaryContent[] = [];
  for (const [i, u] of units.entries()) {
    env.control.progress(i, units.length + 1, `整理：${u.unitName}`);
    await env.control.yieldToLoop();
    list.push(summaryContent(sources, report, u, request.mask));
  }
  return { report, list };
}

const fileName = (report: CampaignReport, list: SummaryContent[], ext: string, mask: MaskOptions) =>
  exportFileName([report.data.campaign.name, '单位评查汇总', list.length === 1 ? list[0].unit.unitName : '各单位'], ext, mask);

export async function summaryPdf(request: ExportRequest, env: ExportEnv): Promise<ExportOutput> {
  const { report, list } = await contents(request, env);
  env.control.progress(list.length, list.length + 1, '排版 PDF');
  const body = list.map((c, i) => `<section style="${i ? 'break-before: page;' : ''}">${summarySectionHtml(c)}</section>`).join('');
  const bytes = await env.printer.print(htmlDocument(`${report.data.campaign.name} 单位评查汇总`, body, REPORT_CSS));
  env.control.progress(list.length + 1, list.length + 1, '完成');
  return { bytes, fileName: fileName(report, list, 'pdf', request.mask), mime: MIME_TYPES.pdf };
}

export async function summaryWord(request: ExportRequest, env: ExportEnv): Promise<ExportOutput> {
  const { report, list } = await contents(request, env);
  env.control.progress(list.length, list.length + 1, '生成 Word 文档');
  const bytes = await packDocx({ title: `${report.data.campaign.name} 单位评查汇总`, subject: '单位评查汇总' }, list.map((c) => a4Section(summaryDocxChildren(c))));
  env.control.progress(list.length + 1, list.length + 1, '完成');
  return { bytes, fileName: fileName(report, list, 'docx', request.mask), mime: MIME_TYPES.docx };
}
