/**
 * A document's start seen from its layout (issue #14): a title line near the top of the page, centred,
 * set in a larger type than the lines around it — whether or not its title is in the catalogue
 * (申请材料接收凭证, 审查意见, a 许可证件 copy …). Reads the line boxes of the text layer or of OCR.
 */
import { titleKey } from './normalize';
import type { OcrLine } from './ocr';

/** A centred line's centre may stray this far from the page's middle (a scan's skew, a margin). */
const CENTRE_TOLERANCE = 0.09;
/** How much taller than the other top lines a title is. */
const LARGER = 1.3;
/** Only the top of the page holds a title. */
const TOP = 0.35;
const MIN_CHARS = 3;
const MAX_CHARS = 24;

/** Text that is a heading but not a document title: page marks, case numbers, dates, form labels. */
const NOT_A_TITLE = /(第\d+页|共\d+页|\d{4}年|〔\d{4}〕|\[\d{4}\]|[:：]$|^[0-9]+$)/u;

/** The printed title of a page from its layout, or null. */
export function layoutTitle(lines: readonly OcrLine[] | null | undefined): string | null {
  if (!lines || lines.length < 2) return null;
  const top = [...lines].filter((l) => l.text.trim() && l.y < TOP).sort((a, b) => a.y - b.y).slice(0, 5);
  if (top.length < 2) return null;
  for (const l of top) {
    const others = lines.filter((o) => o !== l && o.text.trim()).map((o) => o.h).sort((a, b) => a - b);
    if (!others.length) continue;
    const median = others[Math.floor(others.length / 2)]!;
    if (!(l.h >= LARGER * median)) continue;
    if (Math.abs(l.x + l.w / 2 - 0.5) > CENTRE_TOLERANCE) continue;
    const text = l.text.trim().replace(/\s+/gu, ' ');
    const key = titleKey(text);
    const n = [...key].length;
    if (n < MIN_CHARS || n > MAX_CHARS || NOT_A_TITLE.test(key) || /[:：。，,]$/u.test(text)) continue;
    // At least two Chinese characters: a large centred number or code is a stamp, not a title.
    if ((key.match(/\p{Script=Han}/gu) ?? []).length < 2) continue;
    return text.replace(/\s+/gu, '');
  }
  return null;
}
