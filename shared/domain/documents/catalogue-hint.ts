/**
 * The dossier's own 卷内目录 as a hint for its document map (issue #14). The list says "this document
 * starts on that page"; where the page agrees — its title band shows the listed title, even misread
 * beyond what a catalogue match tolerates, or printed in body type that the layout does not set apart —
 * the map takes the start, and a start found only by its layout takes the listed catalogue type. Where the
 * page disagrees (no such title there), the list is not followed: a list whose page numbers are off is a
 * 立卷 finding (facts/catalogue-check.ts), which a map built blindly from the list could never show.
 */
import { readCatalogue, type CatalogueEntry } from '../facts/catalogue-check';
import { OTHER_DOCUMENT_CODE } from './catalogue';
import type { DocumentStart, PageText } from './detect';
import { formPageNumber, matchTitleLine } from './detect';
import { nonEmptyLines, titleKey } from './normalize';

const CATALOGUE_CODE = 'CATALOGUE';
/** An agency's name may stand before the title on its line. */
const MAX_PREFIX = 16;
const BAND_LINES = 6;
/** A start the list confirmed: below a clear catalogue title, above a layout guess. */
const HINT_CONFIDENCE = 0.55;

/** Misreads tolerated once the list says which title to look for. */
const tolerance = (n: number): number => (n >= 6 ? Math.floor(n / 3) : n >= 4 ? 1 : 0);

/** Fewest edits turning the title into some stretch of the line (the line may carry more around it). */
function distanceWithin(title: string[], line: string[]): number {
  let prev = new Array<number>(line.length + 1).fill(0);
  for (let i = 1; i <= title.length; i++) {
    const cur = new Array<number>(line.length + 1);
    cur[0] = i;
    for (let j = 1; j <= line.length; j++) cur[j] = Math.min(prev[j - 1]! + (title[i - 1] === line[j - 1] ? 0 : 1), prev[j]! + 1, cur[j - 1]! + 1);
    prev = cur;
  }
  return Math.min(...prev);
}

/** The title-band line that shows the listed title, if any (a line that is plainly another catalogue title does not). */
export function bandShowsTitle(text: string, title: string, docType: string | null = null): string | null {
  const want = [...titleKey(title)];
  if (want.length < 2) return null;
  const k = tolerance(want.length);
  for (const line of nonEmptyLines(text).slice(0, BAND_LINES)) {
    const key = [...titleKey(line)];
    if (key.length < want.length - k || key.length > want.length + MAX_PREFIX) continue;
    if (distanceWithin(want, key) > k) continue;
    const other = matchTitleLine(line);
    if (other && other.edits === 0 && other.docType !== docType) continue;
    return line;
  }
  return null;
}

/** The entries of the map's 卷内目录 (the pages from its start to the next document), or none. */
export function catalogueEntriesOf(pages: readonly PageText[], starts: readonly DocumentStart[]): CatalogueEntry[] {
  const at = starts.findIndex((s) => s.docType === CATALOGUE_CODE);
  if (at < 0) return [];
  const from = starts[at]!.pageNo;
  const to = starts[at + 1]?.pageNo ?? Number.POSITIVE_INFINITY;
  const lines = pages.filter((p) => p.pageNo >= from && p.pageNo < to).flatMap((p) => nonEmptyLines(p.text));
  return readCatalogue(lines);
}

/** The starts with the 卷内目录's hints applied, in page order. */
export function applyCatalogueHint(pages: readonly PageText[], starts: readonly DocumentStart[]): DocumentStart[] {
  const entries = catalogueEntriesOf(pages, starts);
  if (entries.length < 2) return [...starts];
  const byPage = new Map(pages.map((p) => [p.pageNo, p]));
  const out = [...starts];
  for (const e of entries) {
    const page = byPage.get(e.page);
    if (!page || !page.text.trim()) continue;
    const existing = out.findIndex((s) => s.pageNo === e.page);
    if (existing >= 0) {
      const s = out[existing]!;
      // Found by its layout only: the list names its catalogue type.
      if (s.docType === OTHER_DOCUMENT_CODE && e.docType && bandShowsTitle(page.text, e.title, e.docType)) {
        out[existing] = { ...s, docType: e.docType, confidence: Math.max(s.confidence, HINT_CONFIDENCE) };
      }
      continue;
    }
    const line = bandShowsTitle(page.text, e.title, e.docType);
    if (!line) continue;
    const formPage = formPageNumber(nonEmptyLines(page.text));
    if (formPage !== null && formPage > 1) continue;
    out.push({ pageNo: e.page, docType: e.docType ?? OTHER_DOCUMENT_CODE, title: e.title, confidence: HINT_CONFIDENCE, line });
  }
  return out.sort((a, b) => a.pageNo - b.pageNo);
}
