/**
 * Shared pieces of the printed documents: HTML escaping and the official-document stylesheet
 * (宋体 body, 黑体 headings, ruled tables, A4 portrait). Fonts: Windows offices have SimSun/SimHei
 * or Microsoft YaHei; Linux has Noto CJK or WenQuanYi — Chromium embeds whichever it used.
 */
export const escapeHtml = (s: string | number | null | undefined): string =>
  String(s ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

// TrueType CJK fonts first: Chromium embeds them as CID fonts with a correct ToUnicode map. The CFF
// (OpenType) Noto CJK fonts come out as Type 3 whose copied text turns 行/示/长 into Kangxi radicals,
// so they are only the last resort.
export const SERIF_STACK = `"SimSun", "宋体", "NSimSun", "Songti SC", "STSong", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Microsoft YaHei", "Noto Sans CJK SC", serif`;
export const HEI_STACK = `"SimHei", "黑体", "Heiti SC", "STHeiti", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif`;

export const OFFICIAL_CSS = `
@page { size: A4 portrait; margin: 18mm 16mm 18mm 16mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; font-family: ${SERIF_STACK}; font-size: 10pt; line-height: 1.4; color: #000; }
h1 { font-family: ${HEI_STACK}; font-size: 18pt; font-weight: bold; text-align: center; margin: 0 0 2mm; }
.subtitle { text-align: center; font-size: 11pt; margin: 0 0 4mm; }
h2 { font-family: ${HEI_STACK}; font-size: 12pt; font-weight: bold; margin: 5mm 0 2mm; break-after: avoid; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; }
th, td { border: 0.75pt solid #000; padding: 0.9mm 1.4mm; vertical-align: middle; overflow-wrap: anywhere; }
th { font-family: ${HEI_STACK}; font-weight: bold; background: #f2f2f2; text-align: center; }
thead { display: table-header-group; }
tr, .keep { break-inside: avoid; page-break-inside: avoid; }
td.c { text-align: center; }
td.n { text-align: center; font-variant-numeric: tabular-nums; }
td.label { font-family: ${HEI_STACK}; background: #f7f7f7; text-align: center; }
.small { font-size: 8pt; line-height: 1.3; color: #333; }
.code { font-size: 7.5pt; color: #555; margin-left: 1.5mm; }
.muted { color: #555; }
tr.dim td { font-family: ${HEI_STACK}; background: #eaeaea; font-weight: bold; }
tr.subtotal td { background: #fafafa; }
.signatures { margin-top: 8mm; break-inside: avoid; display: flex; justify-content: space-between; gap: 10mm; font-size: 11pt; }
.signatures div { flex: 1; }
.signatures .line { display: inline-block; min-width: 32mm; border-bottom: 0.75pt solid #000; }
.note { font-size: 9pt; margin-top: 3mm; }
.veto { font-weight: bold; }
`;

export function htmlDocument(title: string, body: string, extraCss = ''): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${OFFICIAL_CSS}${extraCss}</style></head><body>${body}</body></html>`;
}
