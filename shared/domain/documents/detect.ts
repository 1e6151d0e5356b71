/**
 * Finds where standard documents start in a dossier, from the text of each page (text layer or OCR).
 *
 * A page starts a document when a line of its title band (the first few non-empty lines) is
 * mostly a known title: the title alone, or the issuing agency's name followed by the title
 * ("示例市市场监督管理局行政处罚决定书"), optionally with a trailing "（存根）"/"（第二联）"/"（二）".
 * Matching is done on a normalised key (NFKC, CJK radicals folded, spaces and punctuation removed)
 * and tolerates OCR errors (missing, extra or misread characters): one for titles of five to seven
 * characters, two from eight; shorter titles must match exactly. Among matches the fewest edits win, then the
 * longest (most specific) title: 当场行政处罚决定书 over 行政处罚决定书.
 * A page whose title is the same document type as the one already open is a continuation
 * (a form that repeats its title on every page), unless it says it is page 1.
 */
import { DOCUMENT_TYPES, OTHER_DOCUMENT_CODE } from './catalogue';
import { applyCatalogueHint } from './catalogue-hint';
import { layoutTitle } from './layout-title';
import type { OcrLine } from './ocr';
import { foldCjk, nonEmptyLines, titleKey } from './normalize';

export interface PageText {
  pageNo: number;
  text: string;
  /** The page's lines with their boxes, when known: a title outside the catalogue is then found by its layout. */
  lines?: readonly OcrLine[] | null;
}

export interface DocumentStart {
  pageNo: number;
  docType: string;
  /**
   * The title as printed (without the agency's name before it): the variant read, with a 存根/副本/第二联
   * mark; the catalogue title when OCR misread it (a misread is not what is printed).
   */
  title: string;
  /** 0–1: 1 for an exact title-only line, lower for an agency prefix, a suffix, or an OCR edit. */
  confidence: number;
  /** The title-band line that matched, as it appears in the text. */
  line: string;
}

export interface DetectOptions {
  /** How many non-empty lines at the top of a page form the title band (default 6). */
  bandLines?: number;
}

export interface TitleMatch {
  docType: string;
  title: string;
  /** The catalogue title or variant that matched (normalised key). */
  matchedKey: string;
  edits: number;
  /** The line had an agency name before the title. */
  agencyPrefix: boolean;
  /** A suffix such as 存根/副本/第二联/（二） was removed before matching. */
  suffix: string;
  /** The suffix marks a continuation (续页, 第2页…). */
  continuation: boolean;
  confidence: number;
  /** The title as printed: see DocumentStart.title. */
  printed: string;
}

/** Suffixes that name which copy of a form this is: part of the printed title. */
const COPY_MARK = /^(存根|副本|正本|回执联|第[0-9一二三四五六七八九十]+联)$/u;

/**
 * The title as printed: the line itself without the agency's name before it (its brackets and marks
 * kept: 行政处罚决定书（当场）, 送达回证（存根）); when OCR misread it, the catalogue title and the copy mark.
 */
function printedTitle(line: string, prefixKeyLength: number, c: Candidate, edits: number, suffix: string): string {
  if (edits > 0) return COPY_MARK.test(suffix) ? `${c.title}（${suffix}）` : c.title;
  const chars = [...line.replace(/\s+/gu, '')];
  let cut = 0;
  // The agency prefix is counted in normalised characters: cut the line where that many are behind.
  if (prefixKeyLength > 0) while (cut < chars.length && [...titleKey(chars.slice(0, cut).join(''))].length < prefixKeyLength) cut++;
  // Marks OCR reads around a title (·, a bracket pair enclosing all of it) are not part of it.
  let printed = chars.slice(cut).join('').replace(/^[\p{P}\p{S}]+(?=\p{Script=Han})/u, '');
  const wrapped = /^[（(【\[〔](.+)[）)】\]〕]$/u.exec(printed);
  if (wrapped && !/[（(【\[〔）)】\]〕]/u.test(wrapped[1]!)) printed = wrapped[1]!;
  printed = printed.replace(/[\p{P}\p{S}]+$/u, (tail) => (/^[）)】\]〕]+$/u.test(tail) && /[（(【\[〔]/u.test(printed) ? tail : ''));
  return printed || c.title;
}

interface Candidate {
  code: string;
  title: string;
  /** The catalogue title or variant this candidate is, as written. */
  text: string;
  key: string;
  /** Reversed key, for the suffix alignment. */
  rev: string[];
  chars: string[];
}

const CANDIDATES: Candidate[] = (() => {
  const seen = new Set<string>();
  const out: Candidate[] = [];
  for (const d of DOCUMENT_TYPES) {
    for (const t of [d.title, ...d.variants]) {
      const key = titleKey(t);
      if (!key || seen.has(key)) continue;
      seen.add(key);
      const chars = [...key];
      out.push({ code: d.code, title: d.title, text: t, key, rev: [...chars].reverse(), chars });
    }
  }
  return out;
})();

/** Longest line (after normalisation) that can still be "agency name + title + suffix". */
const MAX_LINE_KEY = 48;
const MAX_PREFIX = 30;

const AGENCY_SUFFIX = /(局|委员会|委|人民政府|政府|厅|办公室|办事处|大队|支队|中队|总队|执法队|中心|管理所|监督所|检查站|法院|检察院|署)$/u;

const NUM = '[0-9一二三四五六七八九十百]+';
const TRAILING = new RegExp(`(存根|副本|正本|回执联|第${NUM}联|第${NUM}次|共${NUM}页|第${NUM}页|续页|续表|续|${NUM})$`, 'u');
const CONTINUATION_SUFFIX = /^(续页|续表|续)$/u;

const CN_DIGITS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };

/** Parses "12", "二", "十二", "二十" (small numbers only). */
function parseNumber(s: string): number | null {
  if (/^[0-9]+$/.test(s)) return Number(s);
  if (s === '十') return 10;
  const m = /^([一二三四五六七八九])?(十)?([一二三四五六七八九])?$/u.exec(s);
  if (!m || (!m[1] && !m[2] && !m[3])) return null;
  if (!m[2]) return m[3] ? null : CN_DIGITS[m[1]!]!;
  return (m[1] ? CN_DIGITS[m[1]]! : 1) * 10 + (m[3] ? CN_DIGITS[m[3]]! : 0);
}

function stripSuffixes(key: string): { key: string; suffix: string; continuation: boolean; pageNo: number | null } {
  let rest = key;
  let suffix = '';
  let continuation = false;
  let pageNo: number | null = null;
  for (let i = 0; i < 3; i++) {
    const m = TRAILING.exec(rest);
    if (!m || m.index === 0) break;
    const part = m[1]!;
    if (CONTINUATION_SUFFIX.test(part)) continuation = true;
    const page = /^第(.+)页$/u.exec(part);
    if (page) pageNo = parseNumber(page[1]!);
    suffix = part + suffix;
    rest = rest.slice(0, m.index);
  }
  return { key: rest, suffix, continuation, pageNo };
}

/**
 * Edit distance between the candidate and every suffix of the line, in one pass over the
 * reversed strings: result[p] = distance(candidate, last p characters of the line).
 */
function suffixDistances(rev: string[], lineRev: string[]): number[] {
  const m = rev.length;
  const n = lineRev.length;
  let prev = new Array<number>(n + 1);
  let cur = new Array<number>(n + 1);
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    const a = rev[i - 1];
    for (let j = 1; j <= n; j++) {
      const sub = prev[j - 1]! + (a === lineRev[j - 1] ? 0 : 1);
      cur[j] = Math.min(sub, prev[j]! + 1, cur[j - 1]! + 1);
    }
    [prev, cur] = [cur, prev];
  }
  return prev;
}

/**
 * OCR errors a title may carry: none under five characters (催告书 vs 催告节 would be a guess), one
 * from five, two from eight (行政处罚事先告知书 read as 行政处罚事告知节 is still unmistakable: no other
 * title is within two edits of it).
 */
const allowedEdits = (key: string): number => {
  const n = [...key].length;
  return n >= 8 ? 2 : n >= 5 ? 1 : 0;
};

function matchKey(lineChars: string[], c: Candidate): { edits: number; prefix: string } | null {
  const k = allowedEdits(c.key);
  const n = lineChars.length;
  const m = c.chars.length;
  if (n < m - k) return null;
  // Cheap filter: at most k of the title's characters may be absent from the line.
  const set = new Set(lineChars);
  let absent = 0;
  for (const ch of c.chars) if (!set.has(ch) && ++absent > k) return null;
  const lineRev = [...lineChars].reverse();
  const dist = suffixDistances(c.rev, lineRev);
  let best: { edits: number; prefix: string } | null = null;
  for (let p = Math.max(0, m - k); p <= Math.min(n, m + k); p++) {
    const d = dist[p]!;
    if (d > k) continue;
    const start = n - p;
    const prefix = lineChars.slice(0, start).join('');
    if (start > 0 && !(start <= MAX_PREFIX && start >= 2 && AGENCY_SUFFIX.test(prefix))) continue;
    if (!best || d < best.edits || (d === best.edits && prefix.length < best.prefix.length)) best = { edits: d, prefix };
  }
  return best;
}

function better(a: TitleMatch, b: TitleMatch | null): boolean {
  if (!b) return true;
  if (a.edits !== b.edits) return a.edits < b.edits;
  const la = [...a.matchedKey].length;
  const lb = [...b.matchedKey].length;
  if (la !== lb) return la > lb;
  if (a.agencyPrefix !== b.agencyPrefix) return !a.agencyPrefix;
  return a.suffix.length < b.suffix.length;
}

/** The line is some words that are not an agency name followed by an exact catalogue title. */
function endsInTitleAfterWords(key: string): boolean {
  return CANDIDATES.some((c) => {
    if (key.length <= c.key.length || !key.endsWith(c.key)) return false;
    const prefix = key.slice(0, key.length - c.key.length);
    return !AGENCY_SUFFIX.test(prefix);
  });
}

/**
 * Matches one line against the catalogue: the line must be mostly a title (see the file comment).
 * Returns the best match or null.
 */
export function matchTitleLine(line: string): TitleMatch | null {
  const full = titleKey(line);
  if (!full || [...full].length > MAX_LINE_KEY) return null;
  const stripped = stripSuffixes(full);
  const plain = { key: full, suffix: '', continuation: false };
  const forms = stripped.suffix ? [plain, stripped] : [plain];
  const matches: TitleMatch[] = [];
  for (const form of forms) {
    const chars = [...form.key];
    for (const c of CANDIDATES) {
      const r = matchKey(chars, c);
      if (!r) continue;
      const agencyPrefix = r.prefix.length > 0;
      const confidence = 1 - 0.2 * r.edits - (agencyPrefix ? 0.05 : 0) - (form.suffix ? 0.05 : 0) - (c.key === titleKey(c.title) ? 0 : 0.02);
      matches.push({
        docType: c.code,
        title: c.title,
        matchedKey: c.key,
        edits: r.edits,
        agencyPrefix,
        suffix: form.suffix,
        continuation: form.continuation,
        confidence: Math.round(Math.max(0.1, confidence) * 100) / 100,
        printed: printedTitle(line, [...r.prefix].length, c, r.edits, form.suffix),
      });
    }
  }
  if (matches.length === 0) return null;
  matches.sort((a, b) => (better(a, b) ? -1 : better(b, a) ? 1 : 0));
  const best = matches[0]!;
  // Two edits only read through OCR noise, never through a sentence that ends in another title
  // ("根据行政处罚决定书" is not 当场行政处罚决定书 misread twice).
  if (best.edits >= 2 && endsInTitleAfterWords(full)) return null;
  // An OCR'd title one edit away from two different documents of the same length (听证告知书 /
  // 听证通知书): keep the first but say it is uncertain.
  const rival = matches.find((m) => m.docType !== best.docType);
  if (best.edits > 0 && rival && rival.edits === best.edits && [...rival.matchedKey].length === [...best.matchedKey].length) {
    return { ...best, confidence: Math.round(Math.max(0.1, best.confidence - 0.3) * 100) / 100 };
  }
  return best;
}

const PAGE_MARK = /第\s*([0-9一二三四五六七八九十百]+)\s*页/u;

/** The form's own page number ("第 2 页 共 3 页") from the title band or the footer, if any. */
export function formPageNumber(lines: string[]): number | null {
  const probe = [...lines.slice(0, 6), ...lines.slice(-3)];
  for (const l of probe) {
    const m = PAGE_MARK.exec(foldCjk(l));
    if (m) {
      const n = parseNumber(m[1]!);
      if (n !== null) return n;
    }
  }
  return null;
}

/** Best title match in a page's title band, with the line it came from. */
export function matchTitleBand(text: string, bandLines = 6): (TitleMatch & { line: string; lineIndex: number }) | null {
  const lines = nonEmptyLines(text).slice(0, bandLines);
  let best: (TitleMatch & { line: string; lineIndex: number }) | null = null;
  lines.forEach((line, lineIndex) => {
    const m = matchTitleLine(line);
    if (m && better(m, best)) best = { ...m, line, lineIndex };
  });
  return best;
}

/**
 * Pages where a standard document starts, in page order. Pages without a recognisable title
 * (continuation pages, scans without text) belong to the document before them.
 */
export function detectDocumentStarts(pages: readonly PageText[], options: DetectOptions = {}): DocumentStart[] {
  const band = options.bandLines ?? 6;
  const ordered = [...pages].sort((a, b) => a.pageNo - b.pageNo);
  const starts: DocumentStart[] = [];
  let current: string | null = null;
  for (const page of ordered) {
    const m = matchTitleBand(page.text, band);
    if (!m) {
      // Not in the catalogue: a title the layout shows (centred, larger, at the top) still starts a
      // document, named as printed, so it is not swallowed by the one before it.
      const printed = layoutTitle(page.lines);
      if (!printed) continue;
      const formPage = formPageNumber(nonEmptyLines(page.text));
      const key = `${OTHER_DOCUMENT_CODE}:${titleKey(printed)}`;
      if (key === current && (formPage === null || formPage > 1)) continue;
      current = key;
      starts.push({ pageNo: page.pageNo, docType: OTHER_DOCUMENT_CODE, title: printed, confidence: 0.6, line: printed });
      continue;
    }
    const formPage = formPageNumber(nonEmptyLines(page.text));
    const saysContinuation = m.continuation || (formPage !== null && formPage > 1);
    if (m.docType === current && (saysContinuation || formPage === null)) continue;
    current = m.docType;
    const confidence = Math.max(0.1, m.confidence - (m.lineIndex > 2 ? 0.05 : 0) - (saysContinuation ? 0.2 : 0));
    starts.push({ pageNo: page.pageNo, docType: m.docType, title: m.printed, confidence: Math.round(confidence * 100) / 100, line: m.line });
  }
  // The dossier's own 卷内目录, once read, confirms starts the titles alone did not show.
  return applyCatalogueHint(ordered, starts);
}
