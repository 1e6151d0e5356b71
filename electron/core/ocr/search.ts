/**
 * Text search within one attached file, over what is stored per page: the text layer, or OCR text
 * with its line boxes. Matching ignores spaces and line breaks (OCR splits and spaces CJK text
 * freely), full/half width and letter case. A hit on an OCR page carries the boxes of the matched
 * characters, estimated within each line from glyph advances (CJK a full em, Latin and digits half).
 */
import { filesRepository, type DossierPageDetail } from '../../../db/repositories/files';
import type { OcrLine, PageBox } from '../../../shared/domain/documents/ocr';
import { foldCjk } from '../../../shared/domain/documents';
import { AppError } from '../../../shared/errors';
import { notFound, type CoreContext } from '../context';

export interface PageSearchHit {
  page: number;
  snippet: string;
  source: 'text' | 'ocr';
  /** Boxes of every match on the page (fractions of the page size); empty for text-layer pages. */
  boxes: PageBox[];
  /** Matches on the page. */
  count: number;
}

/** Folded, lower-cased, whitespace-free form used on both sides of the comparison. */
export function searchKey(s: string): string {
  return foldCjk(s).toLowerCase().replace(/\s+/gu, '');
}

interface KeyChar {
  ch: string;
  /** Index into the page's joined original text. */
  orig: number;
  line: number;
  /** Code-point position in its line, for the box estimate. */
  pos: number;
}

interface PageIndex {
  joined: string;
  key: string;
  chars: KeyChar[];
  lines: OcrLine[] | null;
  /** Per line, the cumulative advance before each code point (one more entry: the line's total). */
  advances: number[][];
}

/** Relative advance of a glyph: CJK and full-width forms take a full em, ASCII and the like about half. */
const advanceOf = (cp: string): number => (/[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]|[\u{20000}-\u{3FFFD}]/u.test(cp) ? 1 : 0.5);

function indexPage(page: DossierPageDetail): PageIndex {
  const lineTexts = page.lines ? page.lines.map((l) => l.text) : page.text.split(/\r\n|\r|\n/);
  const chars: KeyChar[] = [];
  const advances: number[][] = [];
  let orig = 0;
  lineTexts.forEach((text, line) => {
    const cps = [...text];
    const cum = [0];
    for (const cp of cps) cum.push(cum[cum.length - 1]! + advanceOf(cp));
    advances.push(cum);
    cps.forEach((cp, pos) => {
      for (const ch of foldCjk(cp).toLowerCase()) {
        if (!/\s/u.test(ch)) chars.push({ ch, orig, line, pos });
      }
      orig += cp.length;
    });
    orig += 1; // the "\n" joining lines
  });
  return { joined: lineTexts.join('\n'), key: chars.map((c) => c.ch).join(''), chars, lines: page.lines, advances };
}

const SNIPPET_CONTEXT = 24;

function snippetOf(index: PageIndex, from: KeyChar, to: KeyChar): string {
  const start = Math.max(0, from.orig - SNIPPET_CONTEXT);
  const end = Math.min(index.joined.length, to.orig + 1 + SNIPPET_CONTEXT);
  const body = index.joined.slice(start, end).replace(/\s+/gu, ' ').trim();
  return `${start > 0 ? '…' : ''}${body}${end < index.joined.length ? '…' : ''}`;
}

/** One box per line the match touches, narrowed to the matched characters. */
function boxesOf(index: PageIndex, matched: KeyChar[]): PageBox[] {
  if (!index.lines) return [];
  const byLine = new Map<number, { first: number; last: number }>();
  for (const c of matched) {
    const r = byLine.get(c.line);
    if (!r) byLine.set(c.line, { first: c.pos, last: c.pos });
    else r.last = Math.max(r.last, c.pos);
  }
  const out: PageBox[] = [];
  for (const [line, { first, last }] of byLine) {
    const l = index.lines[line]!;
    const cum = index.advances[line]!;
    const total = Math.max(0.5, cum[cum.length - 1]!);
    const round = (v: number) => Math.round(v * 10000) / 10000;
    out.push({ x: round(l.x + (l.w * cum[first]!) / total), y: round(l.y), w: round((l.w * (cum[last + 1]! - cum[first]!)) / total), h: round(l.h) });
  }
  return out;
}

export function searchPages(pages: readonly DossierPageDetail[], query: string, limit = 200): PageSearchHit[] {
  const q = searchKey(query);
  if (!q) throw new AppError('invalid_argument', '请输入要查找的文字。');
  const qLen = [...q].length;
  const hits: PageSearchHit[] = [];
  for (const page of pages) {
    if (page.textSource === 'none' || !page.text) continue;
    const index = indexPage(page);
    // Work on code points: key chars are single code points after folding.
    const keyCps = index.chars.map((c) => c.ch);
    const keyStr = index.key;
    let at = keyStr.indexOf(q);
    if (at < 0) continue;
    const boxes: PageBox[] = [];
    let count = 0;
    let snippet = '';
    // Translate UTF-16 offsets in keyStr to positions in keyCps.
    const cpAt = new Map<number, number>();
    for (let i = 0, off = 0; i < keyCps.length; off += keyCps[i]!.length, i++) cpAt.set(off, i);
    while (at >= 0) {
      const first = cpAt.get(at);
      if (first !== undefined) {
        const matched = index.chars.slice(first, first + qLen);
        if (!snippet) snippet = snippetOf(index, matched[0]!, matched[matched.length - 1]!);
        boxes.push(...boxesOf(index, matched));
        count++;
      }
      at = keyStr.indexOf(q, at + Math.max(1, q.length));
    }
    hits.push({ page: page.pageNo, snippet, source: page.textSource === 'ocr' ? 'ocr' : 'text', boxes, count });
    if (hits.length >= limit) break;
  }
  return hits;
}

/** files.searchText: every page of the file that contains the query, in page order. */
export function searchFileText(ctx: CoreContext, input: { fileId: string; query: string; limit?: number }): PageSearchHit[] {
  const repo = filesRepository(ctx.db);
  if (!repo.getFile(input.fileId)) throw notFound('卷宗文件', input.fileId);
  return searchPages(repo.listPageDetails(input.fileId), input.query, input.limit);
}
