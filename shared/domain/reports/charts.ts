/**
 * The bulletin's four charts as plain SVG strings drawn in code: the same markup is shown in the
 * app, inlined into the PDF's HTML and rasterised for the DOCX. Print-friendly: grey and blue
 * only, no gradients, every bar labelled with its number so the chart reads in black and white.
 */

export const CHART_FONT = "'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei','PingFang SC',sans-serif";
export const PALETTE = {
  primary: '#2f5d8a',
  secondary: '#8fb3d9',
  fail: '#7f7f7f',
  grid: '#d9d9d9',
  axis: '#595959',
  text: '#262626',
  muted: '#7f7f7f',
} as const;

export interface Chart {
  svg: string;
  width: number;
  height: number;
  title: string;
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const fmt = (v: number): string => (Number.isInteger(v) ? String(v) : v.toFixed(1));

function text(x: number, y: number, content: string, opts: { size?: number; anchor?: 'start' | 'middle' | 'end'; fill?: string; weight?: string } = {}): string {
  return `<text x="${fmt(x)}" y="${fmt(y)}" font-size="${opts.size ?? 12}" text-anchor="${opts.anchor ?? 'start'}" fill="${opts.fill ?? PALETTE.text}"${
    opts.weight ? ` font-weight="${opts.weight}"` : ''
  }>${esc(content)}</text>`;
}

function frame(width: number, height: number, title: string, body: string): Chart {
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${esc(CHART_FONT)}" role="img" aria-label="${esc(title)}">` +
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>` +
    text(width / 2, 22, title, { size: 16, anchor: 'middle', weight: 'bold' }) +
    body +
    '</svg>';
  return { svg, width, height, title };
}

/** A "nice" axis maximum (1, 2, 2.5, 5 × 10^n) at or above the largest value. */
export function niceMax(value: number): number {
  if (value <= 0) return 1;
  const exp = Math.pow(10, Math.floor(Math.log10(value)));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * exp >= value) return m * exp;
  return 10 * exp;
}

interface Bar {
  label: string;
  value: number;
  /** Printed above/after the bar; defaults to the value. */
  caption?: string;
  fill?: string;
}

function verticalBars(title: string, bars: Bar[], opts: { width?: number; height?: number; yLabel: string }): Chart {
  const width = opts.width ?? 640;
  const height = opts.height ?? 320;
  const left = 56;
  const right = 16;
  const top = 44;
  const bottom = 48;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const max = niceMax(Math.max(0, ...bars.map((b) => b.value)));
  const parts: string[] = [];
  for (let i = 0; i <= 4; i++) {
    const v = (max / 4) * i;
    const y = top + plotH - (plotH * i) / 4;
    parts.push(`<line x1="${left}" y1="${fmt(y)}" x2="${width - right}" y2="${fmt(y)}" stroke="${PALETTE.grid}" stroke-width="1"/>`);
    parts.push(text(left - 6, y + 4, fmt(v), { size: 11, anchor: 'end', fill: PALETTE.muted }));
  }
  parts.push(text(14, top - 10, opts.yLabel, { size: 11, fill: PALETTE.muted }));
  const slot = plotW / Math.max(1, bars.length);
  const barW = Math.min(64, slot * 0.6);
  bars.forEach((b, i) => {
    const h = max === 0 ? 0 : (plotH * b.value) / max;
    const x = left + slot * i + (slot - barW) / 2;
    const y = top + plotH - h;
    parts.push(`<rect x="${fmt(x)}" y="${fmt(y)}" width="${fmt(barW)}" height="${fmt(h)}" fill="${b.fill ?? PALETTE.primary}"/>`);
    parts.push(text(x + barW / 2, y - 5, b.caption ?? fmt(b.value), { size: 12, anchor: 'middle' }));
    parts.push(text(x + barW / 2, top + plotH + 19, b.label, { size: 13, anchor: 'middle' }));
  });
  parts.push(`<line x1="${left}" y1="${top + plotH}" x2="${width - right}" y2="${top + plotH}" stroke="${PALETTE.axis}" stroke-width="1"/>`);
  return frame(width, height, title, parts.join(''));
}

function horizontalBars(title: string, bars: Bar[], opts: { width?: number; labelWidth?: number; max?: number; unit?: string }): Chart {
  const width = opts.width ?? 640;
  const rowH = 26;
  const top = 40;
  const labelW = opts.labelWidth ?? 210;
  const right = 150;
  const plotW = width - labelW - right;
  const height = top + Math.max(1, bars.length) * rowH + 16;
  const max = opts.max ?? niceMax(Math.max(0, ...bars.map((b) => b.value)));
  const parts: string[] = [];
  if (bars.length === 0) parts.push(text(width / 2, top + 18, '暂无数据', { size: 12, anchor: 'middle', fill: PALETTE.muted }));
  bars.forEach((b, i) => {
    const y = top + i * rowH;
    const w = max === 0 ? 0 : (plotW * Math.min(b.value, max)) / max;
    parts.push(text(labelW - 8, y + rowH / 2 + 4, truncate(b.label, Math.floor((labelW - 10) / 13)), { size: 13, anchor: 'end' }));
    parts.push(`<rect x="${labelW}" y="${fmt(y + 4)}" width="${fmt(plotW)}" height="${rowH - 8}" fill="#f2f2f2"/>`);
    parts.push(`<rect x="${labelW}" y="${fmt(y + 4)}" width="${fmt(w)}" height="${rowH - 8}" fill="${b.fill ?? PALETTE.primary}"/>`);
    parts.push(text(labelW + plotW + 6, y + rowH / 2 + 4, b.caption ?? `${fmt(b.value)}${opts.unit ?? ''}`, { size: 12 }));
  });
  return frame(width, height, title, parts.join(''));
}

/** Keeps a label inside its column: at most `chars` characters (CJK counted as one), with an ellipsis. */
export function truncate(label: string, chars: number): string {
  const list = [...label];
  return list.length <= chars ? label : `${list.slice(0, Math.max(1, chars - 1)).join('')}…`;
}

export interface GradeDatum {
  grade: string;
  count: number;
  share: number;
}

const pct = (share: number): string => `${(Math.round(share * 1000) / 10).toFixed(1)}%`;

/** 等次分布: one bar per grade, the fail grade grey. */
export function gradeDistributionChart(grades: readonly GradeDatum[], failGrade: string): Chart {
  return verticalBars(
    '案卷评查等次分布',
    grades.map((g) => ({ label: g.grade, value: g.count, caption: `${g.count}（${pct(g.share)}）`, fill: g.grade === failGrade ? PALETTE.fail : PALETTE.primary })),
    { yLabel: '案卷数' },
  );
}

/** 得分分布: the histogram bins; bins below 60 grey (failing scores). */
export function scoreHistogramChart(bins: readonly { label: string; from: number; count: number }[], passMark = 60): Chart {
  return verticalBars(
    '案卷得分分布',
    bins.map((b) => ({ label: b.label, value: b.count, fill: b.from < passMark ? PALETTE.fail : PALETTE.secondary })),
    { yLabel: '案卷数', height: 300 },
  );
}

/** 问题排名: the most frequent problems, horizontal bars. */
export function problemRankingChart(problems: readonly { itemCode: string; title: string; count: number }[], limit = 10): Chart {
  return horizontalBars(
    `常见问题排名（前 ${Math.min(limit, problems.length)} 项）`,
    problems.slice(0, limit).map((p) => ({ label: `${p.title}`, value: p.count, caption: `${p.count} 卷次` })),
    { labelWidth: 250 },
  );
}

/** 单位对比: mean score per unit in ranking order, with the pass rate beside each bar. */
export function unitComparisonChart(units: readonly { unitName: string; meanScore: number; passRate: number }[], maxScore = 100): Chart {
  return horizontalBars(
    '各单位平均得分对比',
    units.map((u) => ({ label: u.unitName, value: u.meanScore, caption: `${u.meanScore.toFixed(1)} 分 · 合格率 ${pct(u.passRate)}`, fill: PALETTE.primary })),
    { max: maxScore, labelWidth: 200 },
  );
}

export interface BulletinCharts {
  grades: Chart;
  histogram: Chart;
  problems: Chart;
  units: Chart;
}

/** The four bulletin charts from an aggregate's fields. */
export function bulletinCharts(agg: {
  grades: readonly GradeDatum[];
  histogram: readonly { label: string; from: number; count: number }[];
  problemsByItem: readonly { itemCode: string; title: string; count: number }[];
  units: readonly { unitName: string; meanScore: number; passRate: number }[];
}, failGrade: string): BulletinCharts {
  return {
    grades: gradeDistributionChart(agg.grades, failGrade),
    histogram: scoreHistogramChart(agg.histogram),
    problems: problemRankingChart(agg.problemsByItem),
    units: unitComparisonChart(agg.units),
  };
}
