/**
 * 整改通知书 per unit: the problems found in the unit's reviewed dossiers grouped by item, each with
 * its legal basis and the dossiers concerned, the confirmed automatic findings, the requirements and
 * the reply deadline (from the tracked notice; 30 days from today when none is issued yet).
 */
import type { Paragraph, Table } from 'docx';
import { exportFileName, maskFreeText, type MaskOptions, type PersonalValues } from '../../../../shared/domain/export/mask';
import { chineseDate } from '../../../../shared/domain/reports/bulletin';
import { percent } from '../../../../shared/domain/reports/aggregate';
import { AppError } from '../../../../shared/errors';
import { a4Section, packDocx, para, SIZE } from '../docx-kit';
import { escapeHtml, htmlDocument } from '../html';
import { MIME_TYPES } from '../registry';
import type { ExportEnv, ExportOutput, ExportRequest } from '../types';
import { docxTable, htmlTable, mastheadDocx, mastheadHtml, REPORT_CSS } from './common';
import { buildCampaignReport, reportSources, type CampaignReport, type ReportSources } from './data';
import { cnDate, localToday, score } from './format';
import { articleZhOrEmpty } from '../../../../shared/domain/chinese-numerals';

export interface NoticeProblemDossier {
  caseNo: string;
  verdict: string;
  deduction: number;
  note: string;
}

export interface NoticeItemGroup {
  itemCode: string;
  title: string;
  legalBasis: string;
  dossiers: NoticeProblemDossier[];
}

export interface NoticeContent {
  campaignName: string;
  year: number;
  organiser: string;
  unitId: string;
  unitName: string;
  reviewed: number;
  meanScore: number;
  passRate: number;
  groups: NoticeItemGroup[];
  findings: { caseNo: string; rule: string; basis: string; message: string; computation: string }[];
  deadline: string;
  /** False when the deadline is the 30-day default (no notice issued yet). */
  deadlineTracked: boolean;
  today: string;
}

function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Every problem of one unit (not only the examples): read per review through the (review_id, item_code) index. */
export function noticeContent(from: ReportSources, report: CampaignReport, unitId: string, mask: MaskOptions): NoticeContent {
  const { data, aggregate } = report;
  const unit = aggregate.units.find((u) => u.unitId === unitId);
  if (!unit) {
    const name = from.units.byId(unitId)?.name;
    throw new AppError('invalid_argument', name ? `${name}在本次评查中没有已提交的评查表，无法生成整改通知。` : `执法单位不存在（${unitId}）。`, { unitId });
  }
  const reviews = data.reviews.filter((r) => r.unitId === unitId);
  const groups = new Map<string, NoticeItemGroup>();
  const foundList: NoticeContent['findings'] = [];
  for (const r of reviews) {
    const values = from.reports.personalValues(r.dossierId) as PersonalValues;
    for (const a of from.reports.reviewProblems(r.reviewId)) {
      let g = groups.get(a.itemCode);
      if (!g) {
        const info = data.items.get(a.itemCode);
        groups.set(a.itemCode, (g = { itemCode: a.itemCode, title: info?.title ?? a.itemCode, legalBasis: info?.legalBasis ?? '', dossiers: [] }));
      }
      g.dossiers.push({ caseNo: r.caseNo, verdict: a.verdict, deduction: a.deduction, note: maskFreeText(a.note.trim(), mask, values) });
    }
    for (const f of from.reports.dossierConfirmedFindings(r.dossierId)) {
      foundList.push({
        caseNo: r.caseNo,
        rule: f.ruleId ?? '人工发现',
        basis: f.law ? `《${f.law}》${articleZhOrEmpty(f.article)}` : '',
        message: maskFreeText(f.message, mask, values),
        computation: maskFreeText(f.computation, mask, values),
      });
    }
  }
  // Items in the order of the unit's problem ranking (most frequent first).
  const order = new Map((aggregate.problemsByUnit.get(unitId) ?? []).map((p, i) => [p.itemCode, i]));
  const sorted = [...groups.values()].sort((a, b) => (order.get(a.itemCode) ?? 1e9) - (order.get(b.itemCode) ?? 1e9));
  for (const g of sorted) g.dossiers.sort((a, b) => a.caseNo.localeCompare(b.caseNo));
  const notice = from.notices.ofUnit(data.campaign.id, unitId)?.replyDeadline;
  const today = localToday();
  return {
    campaignName: data.campaign.name,
    year: data.campaign.year,
    organiser: data.campaign.organiser || '（组织单位）',
    unitId,
    unitName: unit.unitName,
    reviewed: unit.reviewed,
    meanScore: unit.meanScore,
    passRate: unit.passRate,
    groups: sorted,
    findings: foundList,
    deadline: notice ?? addDays(today, 30),
    deadlineTracked: !!notice,
    today,
  };
}

const CN_ORDINAL = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
const ordinal = (i: number): string => (i < 10 ? CN_ORDINAL[i] : i < 20 ? `十${i === 10 ? '' : CN_ORDINAL[i - 11]}` : String(i + 1));

function dossierRows(g: NoticeItemGroup): string[][] {
  return g.dossiers.map((d, i) => [String(i + 1), d.caseNo, d.verdict === 'veto' ? '否决' : `扣 ${score(d.deduction)} 分`, d.note || '—']);
}
const DOSSIER_COLUMNS = [0.08, 0.27, 0.15, 0.5];
const DOSSIER_HEADER = ['序号', '案卷编号', '评查结论', '问题说明'];
const FINDING_COLUMNS = [0.08, 0.22, 0.2, 0.5];
const FINDING_HEADER = ['序号', '案卷编号', '依据', '问题'];
const findingRows = (c: NoticeContent): string[][] =>
  c.findings.map((f, i) => [String(i + 1), f.caseNo, f.basis || f.rule, f.computation ? `${f.message}（${f.computation}）` : f.message]);

const introText = (c: NoticeContent): string =>
  `在${c.campaignName}中，${c.organiser}对你单位 ${c.reviewed} 卷行政执法案卷进行了评查，平均得分 ${c.meanScore.toFixed(2)} 分，合格率 ${percent(c.passRate)}。` +
  `评查发现以下问题，现通知如下，请认真整改：`;
const requirementText = (c: NoticeContent): string[] => [
  '1. 逐卷逐项核实上述问题，能够补正的依法补正，对存在否决情形或违法的行政行为依法自行纠正；',
  '2. 查找问题成因，完善执法程序、文书制作和案卷归档的制度规范，组织执法人员开展针对性培训；',
  `3. 请于${cnDate(c.deadline)}前将整改报告（含整改措施、完成情况及相关佐证材料）书面报送${c.organiser}。逾期未报送或整改不到位的，将视情予以通报或约谈。`,
];

export function noticeHtml(c: NoticeContent): string {
  const parts: string[] = [
    mastheadHtml(c.organiser, `×司整改〔${c.year}〕×号`),
    `<div class="doc-title">整改通知书</div>`,
    `<p class="addressee">${escapeHtml(c.unitName)}：</p>`,
    `<p class="body">${escapeHtml(introText(c))}</p>`,
    `<h2 class="sec">一、评查发现的问题</h2>`,
  ];
  if (c.groups.length === 0) parts.push('<p class="body">本次评查未发现扣分问题。</p>');
  c.groups.forEach((g, i) => {
    parts.push(
      `<p class="body" style="break-after: avoid; margin-top: 2.5mm"><b>（${ordinal(i)}）${escapeHtml(g.title)}（${escapeHtml(g.itemCode)}），共 ${g.dossiers.length} 卷。</b>${
        g.legalBasis ? `依据：${escapeHtml(g.legalBasis)}。` : ''
      }</p>`,
    );
    parts.push(htmlTable(DOSSIER_COLUMNS, DOSSIER_HEADER, dossierRows(g), [2]));
  });
  if (c.findings.length) {
    parts.push(`<h2 class="sec">二、自动检查确认的问题</h2>`);
    parts.push(htmlTable(FINDING_COLUMNS, FINDING_HEADER, findingRows(c)));
  }
  parts.push(`<h2 class="sec">${c.findings.length ? '三' : '二'}、整改要求</h2>`);
  const req = requirementText(c);
  for (const line of req.slice(0, -1)) parts.push(`<p class="body">${escapeHtml(line)}</p>`);
  // The last requirement (with the deadline) travels with the 落款: no signature alone on a page.
  parts.push(
    `<div class="keep"><p class="body">${escapeHtml(req[req.length - 1])}</p><div class="sign">${escapeHtml(c.organiser)}<br>${escapeHtml(chineseDate(c.today))}</div></div>`,
  );
  return htmlDocument(`整改通知书（${c.unitName}）`, parts.join('\n'), REPORT_CSS);
}

export function noticeDocxChildren(c: NoticeContent): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = [...mastheadDocx(c.organiser, `×司整改〔${c.year}〕×号`)];
  out.push(para('整改通知书', { hei: true, bold: true, size: SIZE.xiaoer, align: 'center', after: 240 }));
  out.push(para(`${c.unitName}：`, { size: SIZE.xiaosi, after: 60 }));
  out.push(para(`\u3000\u3000${introText(c)}`, { size: SIZE.xiaosi, after: 60 }));
  out.push(para('一、评查发现的问题', { hei: true, bold: true, size: SIZE.xiaosi, before: 120, after: 60, keepNext: true }));
  if (c.groups.length === 0) out.push(para('\u3000\u3000本次评查未发现扣分问题。', { size: SIZE.xiaosi }));
  c.groups.forEach((g, i) => {
    out.push(
      para(`\u3000\u3000（${ordinal(i)}）${g.title}（${g.itemCode}），共 ${g.dossiers.length} 卷。${g.legalBasis ? `依据：${g.legalBasis}。` : ''}`, {
        size: SIZE.xiaosi,
        bold: true,
        before: 80,
        after: 60,
        keepNext: true,
      }),
    );
    out.push(docxTable(DOSSIER_COLUMNS, DOSSIER_HEADER, dossierRows(g), [2]));
  });
  if (c.findings.length) {
    out.push(para('二、自动检查确认的问题', { hei: true, bold: true, size: SIZE.xiaosi, before: 160, after: 60, keepNext: true }));
    out.push(docxTable(FINDING_COLUMNS, FINDING_HEADER, findingRows(c)));
  }
  out.push(para(`${c.findings.length ? '三' : '二'}、整改要求`, { hei: true, bold: true, size: SIZE.xiaosi, before: 160, after: 60, keepNext: true }));
  for (const line of requirementText(c)) out.push(para(`\u3000\u3000${line}`, { size: SIZE.xiaosi, after: 40 }));
  out.push(para(c.organiser, { align: 'right', size: SIZE.xiaosi, before: 480 }));
  out.push(para(chineseDate(c.today), { align: 'right', size: SIZE.xiaosi }));
  return out;
}

/** The units a notice export covers: one unit, or every unit with reviewed dossiers. */
function unitIds(request: ExportRequest, report: CampaignReport): string[] {
  return request.unitId ? [request.unitId] : report.aggregate.units.map((u) => u.unitId).sort((a, b) => {
    const name = (id: string) => report.aggregate.units.find((u) => u.unitId === id)!.unitName;
    return name(a).localeCompare(name(b), 'zh-CN');
  });
}

async function contents(request: ExportRequest, env: ExportEnv): Promise<{ report: CampaignReport; list: NoticeContent[] }> {
  env.control.progress(0, 1, '汇总评查结果');
  await env.control.yieldToLoop();
  const sources = reportSources(env.ctx.read);
  const report = buildCampaignReport(sources, request.campaignId, { mask: request.mask });
  const ids = unitIds(request, report);
  if (ids.length === 0) throw new AppError('invalid_argument', '本次评查还没有已提交的评查表，无法生成整改通知。');
  const list: NoticeContent[] = [];
  for (const [i, id] of ids.entries()) {
    env.control.progress(i, ids.length + 1, `整理问题：${report.aggregate.units.find((u) => u.unitId === id)?.unitName ?? ''}`);
    await env.control.yieldToLoop();
    list.push(noticeContent(sources, report, id, request.mask));
  }
  return { report, list };
}

const noticeFileName = (report: CampaignReport, list: NoticeContent[], ext: string, mask: MaskOptions) =>
  exportFileName([report.data.campaign.name, '整改通知', list.length === 1 ? list[0].unitName : '各单位'], ext, mask);

export async function noticePdf(request: ExportRequest, env: ExportEnv): Promise<ExportOutput> {
  const { report, list } = await contents(request, env);
  env.control.progress(list.length, list.length + 1, '排版 PDF');
  // Several units: one document, each notice starting on a new page.
  const html = list.length === 1 ? noticeHtml(list[0]) : joinPages(list.map(noticeHtml));
  const bytes = await env.printer.print(html);
  env.control.progress(list.length + 1, list.length + 1, '完成');
  return { bytes, fileName: noticeFileName(report, list, 'pdf', request.mask), mime: MIME_TYPES.pdf };
}

/** Concatenates complete HTML documents' bodies, each after a page break. */
function joinPages(docs: string[]): string {
  const bodyOf = (d: string) => d.slice(d.indexOf('<body>') + 6, d.lastIndexOf('</body>'));
  const head = docs[0].slice(0, docs[0].indexOf('<body>') + 6);
  return `${head}${docs.map((d, i) => `<section style="${i ? 'break-before: page;' : ''}">${bodyOf(d)}</section>`).join('')}</body></html>`;
}

export async function noticeWord(request: ExportRequest, env: ExportEnv): Promise<ExportOutput> {
  const { report, list } = await contents(request, env);
  env.control.progress(list.length, list.length + 1, '生成 Word 文档');
  const bytes = await packDocx({ title: list.length === 1 ? `整改通知书（${list[0].unitName}）` : '整改通知书', subject: '整改通知' }, list.map((c) => a4Section(noticeDocxChildren(c))));
  env.control.progress(list.length + 1, list.length + 1, '完成');
  return { bytes, fileName: noticeFileName(report, list, 'docx', request.mask), mime: MIME_TYPES.docx };
}
