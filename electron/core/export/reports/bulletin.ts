/**
 * 评查情况通报: the clerk's edited draft (or the generated one) laid out as an official document —
 * masthead, 文号, title, 主送, numbered sections, the four charts and the tables at their markers,
 * 落款 and date — as PDF (Chromium) and DOCX (charts rasterised to PNG).
 */
import type { Paragraph, Table } from 'docx';
import { exportFileName, isMasking, maskFreeText } from '../../../../shared/domain/export/mask';
import { parseBulletinBody, type BulletinBlock, type BulletinDraft, type BulletinMarker } from '../../../../shared/domain/reports/bulletin';
import { bulletinCharts, type BulletinCharts } from '../../../../shared/domain/reports/charts';
import { a4Section, packDocx, para, SIZE } from '../docx-kit';
import { escapeHtml, htmlDocument } from '../html';
import { MIME_TYPES } from '../registry';
import type { ExportEnv, ExportOutput, ExportRequest } from '../types';
import { bulletinDraftState } from './drafts';
import {
  chartDocx,
  docxTable,
  figureHtml,
  htmlTable,
  mastheadDocx,
  mastheadHtml,
  problemColumns,
  problemHeader,
  problemRows,
  rankingColumns,
  rankingHeader,
  rankingRows,
  REPORT_CSS,
  vetoColumns,
  vetoHeader,
  vetoRows,
  objectionColumns,
  objectionHeader,
  objectionRows,
} from './common';
import { buildCampaignReport, reportSources, type CampaignReport } from './data';

export interface BulletinContent {
  report: CampaignReport;
  draft: BulletinDraft;
  blocks: BulletinBlock[];
  charts: BulletinCharts;
}

const CHART_CAPTION: Partial<Record<BulletinMarker, string>> = {
  grades: '案卷评查等次分布',
  histogram: '案卷得分分布',
  problems: '常见问题排名',
  units: '各单位平均得分对比',
};
const TABLE_CAPTION: Partial<Record<BulletinMarker, string>> = {
  ranking: '各单位评查结果排名',
  problemTable: '常见问题统计',
  vetoTable: '存在否决情形的案卷',
  objectionTable: '采纳异议的案卷',
};

export async function bulletinContent(request: ExportRequest, env: ExportEnv): Promise<BulletinContent> {
  env.control.progress(0, 4, '汇总评查结果');
  await env.control.yieldToLoop();
  const sources = reportSources(env.ctx.read);
  const report = buildCampaignReport(sources, request.campaignId, { mask: request.mask });
  env.control.progress(1, 4, '准备通报正文');
  await env.control.yieldToLoop();
  const state = bulletinDraftState(sources, request.campaignId, request.mask, report);
  // An edited draft is free text: mask anything ID- or phone-like the clerk may have pasted in.
  const m = (s: string) => (isMasking(request.mask) ? maskFreeText(s, request.mask) : s);
  const draft: BulletinDraft = { ...state.draft, body: m(state.draft.body), title: m(state.draft.title) };
  const charts = bulletinCharts(report.aggregate, report.data.failGrade);
  return { report, draft, blocks: parseBulletinBody(draft.body), charts };
}

function markerTable(marker: BulletinMarker, report: CampaignReport): { header: string[]; columns: number[]; rows: string[][]; numeric: number[] } | null {
  const agg = report.aggregate;
  const titleOf = (code: string) => report.data.items.get(code)?.title ?? code;
  if (marker === 'ranking') {
    const header = rankingHeader(agg);
    return { header, columns: rankingColumns(agg), rows: rankingRows(agg), numeric: header.map((_, i) => i).filter((i) => i !== 1) };
  }
  if (marker === 'problemTable') return { header: problemHeader, columns: problemColumns, rows: problemRows(agg.problemsByItem), numeric: [2, 3] };
  if (marker === 'vetoTable') return { header: vetoHeader, columns: vetoColumns, rows: vetoRows(agg.vetoCases, titleOf), numeric: [] };
  if (marker === 'objectionTable') {
    return { header: objectionHeader, columns: objectionColumns, rows: objectionRows(report.objections, titleOf), numeric: [5, 6] };
  }
  return null;
}

export function bulletinHtml(c: BulletinContent): string {
  let fig = 0;
  let tab = 0;
  const parts: string[] = [mastheadHtml(c.draft.issuer, c.draft.docNo), `<div class="doc-title">${escapeHtml(c.draft.title)}</div>`];
  if (c.draft.addressee) parts.push(`<p class="addressee">${escapeHtml(c.draft.addressee)}</p>`);
  // The last paragraph travels with the 落款 so the signature never sits alone on a page.
  const lastPara = c.blocks.length && c.blocks[c.blocks.length - 1].kind === 'paragraph' ? c.blocks.length - 1 : -1;
  for (const [i, b] of c.blocks.entries()) {
    if (i === lastPara) continue;
    if (b.kind === 'heading') parts.push(`<h2 class="sec">${escapeHtml(b.text)}</h2>`);
    else if (b.kind === 'paragraph') parts.push(`<p class="body">${escapeHtml(b.text)}</p>`);
    else if (CHART_CAPTION[b.marker]) {
      const key = b.marker as keyof BulletinCharts;
      parts.push(figureHtml(c.charts[key], `图${++fig}　${CHART_CAPTION[b.marker]}`));
    } else {
      const t = markerTable(b.marker, c.report);
      if (t) parts.push(`<div class="tcaption">表${++tab}　${TABLE_CAPTION[b.marker]}</div>${htmlTable(t.columns, t.header, t.rows, t.numeric)}`);
    }
  }
  const last = lastPara >= 0 ? `<p class="body">${escapeHtml((c.blocks[lastPara] as { text: string }).text)}</p>` : '';
  parts.push(`<div class="keep">${last}<div class="sign">${escapeHtml(c.draft.issuer)}<br>${escapeHtml(c.draft.date)}</div></div>`);
  return htmlDocument(c.draft.title, parts.join('\n'), REPORT_CSS);
}

export async function bulletinDocx(c: BulletinContent, env: ExportEnv): Promise<Buffer> {
  let fig = 0;
  let tab = 0;
  const children: (Paragraph | Table)[] = [...mastheadDocx(c.draft.issuer, c.draft.docNo)];
  children.push(para(c.draft.title, { hei: true, bold: true, size: SIZE.xiaoer, align: 'center', after: 240 }));
  if (c.draft.addressee) children.push(para(c.draft.addressee, { size: SIZE.sihao - 4, after: 60 }));
  for (const b of c.blocks) {
    if (b.kind === 'heading') children.push(para(b.text, { hei: true, bold: true, size: SIZE.xiaosi, before: 160, after: 80, keepNext: true }));
    else if (b.kind === 'paragraph') children.push(para(`\u3000\u3000${b.text}`, { size: SIZE.xiaosi, after: 60 }));
    else if (CHART_CAPTION[b.marker]) {
      await env.control.yieldToLoop();
      const key = b.marker as keyof BulletinCharts;
      children.push(...(await chartDocx(c.charts[key], `图${++fig}　${CHART_CAPTION[b.marker]}`)));
    } else {
      const t = markerTable(b.marker, c.report);
      if (t) {
        children.push(para(`表${++tab}　${TABLE_CAPTION[b.marker]}`, { hei: true, align: 'center', before: 120, after: 60, keepNext: true }));
        children.push(docxTable(t.columns, t.header, t.rows, t.numeric));
      }
    }
  }
  children.push(para(c.draft.issuer, { align: 'right', size: SIZE.xiaosi, before: 480 }));
  children.push(para(c.draft.date, { align: 'right', size: SIZE.xiaosi }));
  return packDocx({ title: c.draft.title, subject: '评查情况通报' }, [a4Section(children)]);
}

const fileName = (c: BulletinContent, request: ExportRequest, ext: string) =>
  exportFileName([c.report.data.campaign.name, '评查情况通报'], ext, request.mask);

export async function bulletinPdf(request: ExportRequest, env: ExportEnv): Promise<ExportOutput> {
  const c = await bulletinContent(request, env);
  env.control.progress(2, 4, '排版 PDF');
  await env.control.yieldToLoop();
  const bytes = await env.printer.print(bulletinHtml(c));
  env.control.progress(4, 4, '完成');
  return { bytes, fileName: fileName(c, request, 'pdf'), mime: MIME_TYPES.pdf };
}

export async function bulletinWord(request: ExportRequest, env: ExportEnv): Promise<ExportOutput> {
  const c = await bulletinContent(request, env);
  env.control.progress(2, 4, '生成 Word 文档');
  const bytes = await bulletinDocx(c, env);
  env.control.progress(4, 4, '完成');
  return { bytes, fileName: fileName(c, request, 'docx'), mime: MIME_TYPES.docx };
}
