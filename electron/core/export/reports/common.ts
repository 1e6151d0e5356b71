/**
 * Pieces shared by the campaign-level documents: the 公文 masthead (red organ name, 文号, red rule),
 * the tables every report repeats (unit ranking, problems, veto cases) as HTML and as DOCX, and the
 * SVG → PNG step for Word.
 */
import { ImageRun, Paragraph, AlignmentType, type Table } from 'docx';
import type { CampaignAggregate, ItemProblem, UnitStats, VetoCase } from '../../../../shared/domain/reports/aggregate';
import { percent } from '../../../../shared/domain/reports/aggregate';
import type { Chart } from '../../../../shared/domain/reports/charts';
import { para, SIZE, table, CONTENT_WIDTH } from '../docx-kit';
import { escapeHtml, HEI_STACK } from '../html';
import { score } from './format';
import type { UpheldObjection } from '../../../../db/repositories/objections';

export const REPORT_CSS = `
.masthead { text-align: center; color: #c00000; font-family: ${HEI_STACK}; font-size: 24pt; font-weight: bold; letter-spacing: 4pt; margin: 6mm 0 4mm; }
.docno { text-align: center; font-size: 11pt; margin-bottom: 2mm; }
.redrule { border: 0; border-top: 1.5pt solid #c00000; margin: 0 0 6mm; }
.doc-title { font-family: ${HEI_STACK}; font-size: 18pt; font-weight: bold; text-align: center; margin: 4mm 0 6mm; line-height: 1.4; }
.addressee { font-size: 12pt; margin: 0 0 2mm; }
p.body { font-size: 12pt; line-height: 1.75; text-indent: 2em; margin: 0 0 1mm; text-align: justify; }
h2.sec { font-family: ${HEI_STACK}; font-size: 12.5pt; margin: 4mm 0 2mm; text-indent: 2em; }
figure { margin: 3mm 0 4mm; text-align: center; break-inside: avoid; }
figure svg { max-width: 100%; height: auto; }
figcaption { font-size: 9.5pt; margin-top: 1mm; }
.tcaption { font-family: ${HEI_STACK}; text-align: center; font-size: 10.5pt; margin: 3mm 0 1.5mm; break-after: avoid; }
.sign { margin-top: 12mm; text-align: right; font-size: 12pt; line-height: 1.9; padding-right: 8mm; break-inside: avoid; }
.cc { margin-top: 8mm; border-top: 0.75pt solid #000; border-bottom: 0.75pt solid #000; padding: 1.5mm 0; font-size: 10pt; }
td.r { text-align: right; font-variant-numeric: tabular-nums; }
`;

/** The red masthead of an official document: organ name, 文号 and the red rule. */
export function mastheadHtml(issuer: string, docNo: string): string {
  return `<div class="masthead">${escapeHtml(issuer)}</div>${docNo ? `<div class="docno">${escapeHtml(docNo)}</div>` : ''}<hr class="redrule">`;
}

export function mastheadDocx(issuer: string, docNo: string): Paragraph[] {
  return [
    para(issuer, { hei: true, bold: true, size: 44, align: 'center', color: 'C00000', before: 120, after: 120 }),
    ...(docNo ? [para(docNo, { align: 'center', size: SIZE.xiaosi, after: 60 })] : []),
    new Paragraph({ border: { bottom: { style: 'single', size: 18, color: 'C00000', space: 1 } }, spacing: { after: 240 }, children: [] }),
  ];
}

export const figureHtml = (chart: Chart, caption: string): string => `<figure>${chart.svg}<figcaption>${escapeHtml(caption)}</figcaption></figure>`;

/**
 * Rasterises a chart for Word at 2× for crisp print; librsvg finds the CJK fonts through fontconfig.
 * sharp is loaded here, on first use: loading libvips costs every CLI command start-up time, and a
 * process that has loaded it and opened a better-sqlite3 database crashes (SIGSEGV) at exit.
 */
export async function chartPng(chart: Chart): Promise<Buffer> {
  const { default: sharp } = await import('sharp');
  return sharp(Buffer.from(chart.svg), { density: 144 }).png().toBuffer();
}

/** The chart as a centred picture fitted to the text width, with its caption below. */
export async function chartDocx(chart: Chart, caption: string): Promise<Paragraph[]> {
  const png = await chartPng(chart);
  // Text width in points ≈ twips / 20; docx sizes images in pixels at 96 dpi (0.75 pt each).
  const maxPx = Math.floor((CONTENT_WIDTH / 20) / 0.75);
  const scale = Math.min(1, maxPx / chart.width);
  return [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      keepNext: true,
      children: [new ImageRun({ type: 'png', data: png, transformation: { width: Math.round(chart.width * scale), height: Math.round(chart.height * scale) }, altText: { name: chart.title, description: chart.title, title: chart.title } })],
    }),
    para(caption, { align: 'center', size: SIZE.xiaowu, after: 120 }),
  ];
}

const gradeHeaders = (agg: CampaignAggregate) => agg.grades.map((g) => g.grade);

export function rankingRows(agg: CampaignAggregate): string[][] {
  return agg.units.map((u: UnitStats) => [
    String(u.rank),
    u.unitName,
    String(u.reviewed),
    score(u.meanScore),
    score(u.sumScore),
    ...u.grades.map((g) => String(g.count)),
    percent(u.passRate),
  ]);
}

export const rankingHeader = (agg: CampaignAggregate): string[] => ['名次', '单位', '评查卷数', '平均分', '总分', ...gradeHeaders(agg), '合格率'];

export function rankingColumns(agg: CampaignAggregate): number[] {
  const n = agg.grades.length;
  const fixed = [0.07, 0.27, 0.09, 0.09, 0.09];
  const rest = 1 - fixed.reduce((a, b) => a + b, 0) - 0.11;
  return [...fixed, ...Array.from({ length: n }, () => rest / Math.max(1, n)), 0.11];
}

export const problemHeader = ['序号', '评查项', '问题数（卷次）', '扣分合计', '依据'];
export const problemColumns = [0.07, 0.38, 0.13, 0.1, 0.32];
export const problemRows = (list: readonly ItemProblem[]): string[][] =>
  list.map((p, i) => [String(i + 1), `${p.title}（${p.itemCode}）`, String(p.count), score(p.totalDeduction), p.legalBasis || '—']);

export const vetoHeader = ['序号', '单位', '案卷编号', '否决事项', '否决理由'];
export const vetoColumns = [0.07, 0.22, 0.2, 0.2, 0.31];
export const vetoRows = (list: readonly VetoCase[], titleOf: (code: string) => string): string[][] =>
  list.map((v, i) => [String(i + 1), v.unitName, v.caseNo, v.itemCodes.map(titleOf).join('；') || '—', v.reasons.filter(Boolean).join('；') || '—']);

export const objectionHeader = ['序号', '单位', '案卷编号', '异议事项', '裁定及理由', '原得分', '最终得分'];
export const objectionColumns = [0.06, 0.17, 0.17, 0.18, 0.26, 0.08, 0.08];
export const objectionRows = (list: readonly UpheldObjection[], titleOf: (code: string) => string): string[][] =>
  list.map((o, i) => [
    String(i + 1),
    o.unitName,
    o.caseNo,
    o.itemCodes.map(titleOf).join('；'),
    `${o.ruling === 'upheld' ? '采纳' : '部分采纳'}：${o.reason}`,
    o.totalBefore === null ? '—' : score(o.totalBefore),
    o.totalAfter === null ? '—' : score(o.totalAfter),
  ]);

/** A ruled HTML table; numeric columns (by index) right-aligned. */
export function htmlTable(columns: number[], header: string[], rows: string[][], numeric: number[] = []): string {
  const cols = columns.map((w) => `<col style="width:${(w * 100).toFixed(1)}%">`).join('');
  const head = `<thead><tr>${header.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead>`;
  const body = rows
    .map((r) => `<tr>${r.map((c, i) => `<td class="${numeric.includes(i) ? 'n' : i === 0 ? 'c' : ''}">${escapeHtml(c)}</td>`).join('')}</tr>`)
    .join('');
  return `<table><colgroup>${cols}</colgroup>${head}<tbody>${body || `<tr><td colspan="${header.length}" class="c">（无）</td></tr>`}</tbody></table>`;
}

export function docxTable(columns: number[], header: string[], rows: string[][], numeric: number[] = []): Table {
  const body = rows.length ? rows : [[{ text: '（无）', span: header.length, align: 'center' as const }]];
  return table(
    columns,
    [header],
    body.map((r) => r.map((c, i) => (typeof c === 'string' ? { text: c, align: numeric.includes(i) || i === 0 ? ('center' as const) : ('left' as const), size: SIZE.xiaowu } : c))),
  );
}
