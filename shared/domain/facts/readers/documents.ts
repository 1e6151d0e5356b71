/**
 * Readers per document type: from the lines of one document (its pages, as text layer or OCR lines,
 * each with its box when known) to the facts the rules use, each with the page and the line where it
 * was read. A reader reads only what its document states; whether the document is there at all is the
 * document rules' business, so an absent document gives no fact (never `false`).
 */
import { DOCUMENT_TYPES, documentTitle } from '../../documents/catalogue';
import { titleKey } from '../../documents/normalize';
import type { PageBox } from '../../documents/ocr';
import { endsInPartialDate, findAmounts, findDates, readingForm, type DateHit } from './values';
import { findOfficers } from './officers';

export interface FactLine {
  text: string;
  /** Where the line is on its page (fractions, top-left origin); null when the page has no boxes. */
  box: PageBox | null;
}

export interface FactPage {
  /** Page number through the whole dossier (files in attachment order). */
  page: number;
  fileId: string;
  /** Page number inside its file. */
  filePage: number;
  lines: FactLine[];
}

export interface FactDocument {
  docType: string;
  /** The title as the map names it. */
  title: string;
  pages: FactPage[];
}

/** Where a fact was read. */
export interface FactSource {
  page: number;
  fileId: string;
  filePage: number;
  box: PageBox | null;
  /** The line read, as printed. */
  line: string;
  /** The document's title as printed (the map's title; the catalogue title when the map has none). */
  document: string;
  docType: string;
}

/** One fact read from a document: the fact table key and the value in the table's unit. */
export interface DocumentFact extends FactSource {
  key: string;
  value: unknown;
}

interface Loc {
  pageIndex: number;
  lineIndex: number;
}

const sameLoc = (a: Loc, b: Loc) => a.pageIndex === b.pageIndex && a.lineIndex === b.lineIndex;

/** The document's lines in reading order, with their location. */
function flat(doc: FactDocument): { text: string; loc: Loc }[] {
  const out: { text: string; loc: Loc }[] = [];
  doc.pages.forEach((p, pageIndex) => p.lines.forEach((l, lineIndex) => out.push({ text: l.text, loc: { pageIndex, lineIndex } })));
  return out;
}

function sourceAt(doc: FactDocument, loc: Loc): FactSource {
  const page = doc.pages[loc.pageIndex]!;
  const line = page.lines[loc.lineIndex]!;
  return { page: page.page, fileId: page.fileId, filePage: page.filePage, box: line.box, line: line.text, document: doc.title.trim() || documentTitle(doc.docType), docType: doc.docType };
}

interface DateAt {
  hit: DateHit;
  loc: Loc;
  /** The line (or the two joined lines) the date was read from. */
  text: string;
}

/** Every date of the document, a date split over two lines included (read where it starts). */
function datesOf(doc: FactDocument): DateAt[] {
  const lines = flat(doc);
  const out: DateAt[] = [];
  lines.forEach((l, i) => {
    for (const hit of findDates(l.text)) out.push({ hit, loc: l.loc, text: l.text });
    const next = lines[i + 1];
    if (next && endsInPartialDate(l.text)) {
      const joined = `${l.text}${next.text}`;
      const own = findDates(l.text).length;
      const hits = findDates(joined);
      // Only the date that runs over the break: the ones wholly inside either line are read there.
      const cut = readingForm(l.text).length;
      for (const hit of hits.slice(own)) if (hit.index < cut && hit.index + hit.text.length > cut) out.push({ hit, loc: l.loc, text: joined });
    }
  });
  return out;
}

/** The date after a label (送达日期：…), on the label's line or the next. */
function labelledDate(doc: FactDocument, label: RegExp): DateAt | null {
  const lines = flat(doc);
  const dates = datesOf(doc);
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    const m = label.exec(readingForm(l.text));
    if (!m) continue;
    const sameLine = dates.find((d) => sameLoc(d.loc, l.loc) && d.hit.index >= m.index);
    if (sameLine) return sameLine;
    const next = lines[i + 1];
    if (next) {
      const after = dates.find((d) => sameLoc(d.loc, next.loc));
      if (after) return after;
    }
  }
  return null;
}

/**
 * The date the document was made or signed (落款): the last date standing on its own line (the
 * date alone, or after 日期：/（印章））. A date inside a sentence (违法行为发生于…) never is.
 */
function signingDate(doc: FactDocument): DateAt | null {
  const dates = datesOf(doc);
  const standalone = dates.filter((d) => {
    const rest = readingForm(d.text).replace(d.hit.text, '');
    return titleKey(rest).length <= 8 && !/(送达|收到|签收|期限|届满|之日起)/u.test(rest);
  });
  return standalone.at(-1) ?? null;
}

const fact = (doc: FactDocument, key: string, value: unknown, loc: Loc): DocumentFact => ({ key, value, ...sourceAt(doc, loc) });

// ---------------------------------------------------------------------------------------------
// 送达回证: which document it served, and when.

/** Catalogue titles, longest first, for finding the document named in a line. */
const TITLE_KEYS = DOCUMENT_TYPES.flatMap((d) => [d.title, ...d.variants].map((t) => ({ code: d.code, key: titleKey(t) })))
  .filter((t) => t.key.length >= 4)
  .sort((a, b) => b.key.length - a.key.length);

/** The catalogue document a line names (the longest title it contains), if any. */
export function documentNamedIn(line: string): string | null {
  const key = titleKey(line);
  return TITLE_KEYS.find((t) => t.code !== 'SERVICE_RECEIPT' && key.includes(t.key))?.code ?? null;
}

/** The fact a 送达回证 dates, by the document it served. */
export const SERVED_FACT: Readonly<Record<string, string>> = {
  PENALTY_NOTICE: 'dateNoticeServed',
  HEARING_RIGHTS_NOTICE: 'dateNoticeServed',
  PENALTY_DECISION: 'dateDecisionServed',
  ONSPOT_DECISION: 'dateDecisionServed',
  LICENCE_GRANT: 'dateDecisionServed',
  LICENCE_REFUSAL: 'dateDecisionServed',
  SEIZURE_DECISION: 'dates.seizureDecisionHanded',
  REMINDER: 'dateReminder',
};

const SERVED_LABEL = /(送达文书|文书名称|送达的文书|送达文件|送达材料)/u;
const SERVICE_DATE_LABEL = /(送达日期|送达时间|签收日期|签收时间|收到日期|收到时间|收件日期|收件时间)/u;

function readServiceReceipt(doc: FactDocument): DocumentFact[] {
  const lines = flat(doc);
  const named = lines.find((l) => SERVED_LABEL.test(readingForm(l.text)) && documentNamedIn(l.text)) ?? lines.find((l) => documentNamedIn(l.text));
  const served = named ? documentNamedIn(named.text) : null;
  const key = served ? SERVED_FACT[served] : undefined;
  if (!key) return [];
  const when = labelledDate(doc, SERVICE_DATE_LABEL) ?? signingDate(doc);
  return when ? [{ ...fact(doc, key, when.hit.iso, when.loc), servedDocument: documentTitle(served!) } as DocumentFact] : [];
}

// ---------------------------------------------------------------------------------------------
// 决定书: fine, confiscation, penalty kinds, decision date.

/** Penalty kinds as 行政处罚法 第九条 names them (the register's 处罚种类 spells them so). */
export const PENALTY_KINDS = [
  '警告',
  '通报批评',
  '罚款',
  '没收违法所得',
  '没收非法财物',
  '暂扣许可证件',
  '降低资质等级',
  '吊销许可证件',
  '限制开展生产经营活动',
  '责令停产停业',
  '责令关闭',
  '限制从业',
  '行政拘留',
] as const;

const DECISION_START = /(处罚如下|决定如下|作出如下|决定给予|决定对|本局决定|本机关决定|处以|决定：|决定:)/u;
const DECISION_END = /(履行方式|缴纳|缴至|如不服|申请行政复议|提起行政诉讼|逾期不缴)/u;
/** Statute ranges quoted in the reasoning: never the amount imposed. */
const RANGE = /(以上|以下|不足|倍|以内)/u;

function decisionSection(doc: FactDocument): { text: string; loc: Loc }[] {
  const lines = flat(doc);
  const start = lines.findIndex((l) => DECISION_START.test(readingForm(l.text)));
  if (start < 0) return lines.filter((l) => !RANGE.test(l.text));
  const out: { text: string; loc: Loc }[] = [];
  for (let i = start; i < lines.length; i++) {
    const t = readingForm(lines[i]!.text);
    if (i > start && DECISION_END.test(t) && !/罚款|没收/u.test(t)) break;
    out.push(lines[i]!);
  }
  return out;
}

/** An amount after a keyword (罚款 / 没收违法所得), on the line or carried to the next. */
function amountAfter(section: { text: string; loc: Loc }[], keyword: RegExp): { fen: number; loc: Loc } | null {
  for (let i = 0; i < section.length; i++) {
    const t = readingForm(section[i]!.text);
    const m = keyword.exec(t);
    if (!m) continue;
    const here = findAmounts(section[i]!.text).filter((a) => a.index >= m.index && !RANGE.test(t.slice(a.index, a.index + a.text.length + 3)));
    if (here.length) return { fen: here[0]!.fen, loc: section[i]!.loc };
    const next = section[i + 1];
    if (next && m.index + m[0].length >= t.length - 6) {
      const carried = findAmounts(next.text)[0];
      if (carried) return { fen: carried.fen, loc: section[i]!.loc };
    }
  }
  return null;
}

function readDecision(doc: FactDocument): DocumentFact[] {
  const out: DocumentFact[] = [];
  const section = decisionSection(doc);
  const fine = amountAfter(section, /罚款(?!金额)/u);
  if (fine) out.push(fact(doc, 'fineFen', fine.fen, fine.loc));
  const conf = amountAfter(section, /没收(违法所得|非法所得)/u);
  if (conf) out.push(fact(doc, 'confiscationFen', conf.fen, conf.loc));
  const sectionText = section.map((l) => readingForm(l.text)).join('');
  const kinds = PENALTY_KINDS.filter((k) => sectionText.includes(k));
  if (kinds.length && section[0]) out.push(fact(doc, 'penaltyKinds', kinds, section[0].loc));
  const signed = signingDate(doc);
  if (signed) out.push(fact(doc, 'dateDecision', signed.hit.iso, signed.loc));
  return out;
}

// ---------------------------------------------------------------------------------------------
// The others: a date (labelled where forms label it, else the 落款), a flag the document proves.

const dated = (key: string, label?: RegExp) => (doc: FactDocument): DocumentFact[] => {
  const d = (label ? labelledDate(doc, label) : null) ?? signingDate(doc);
  return d ? [fact(doc, key, d.hit.iso, d.loc)] : [];
};

/** An approval form proves its flag unless it records a refusal (不同意 / 不予批准). */
const approved = (key: string) => (doc: FactDocument): DocumentFact[] => {
  const lines = flat(doc);
  if (!lines.length) return [];
  const refused = lines.find((l) => /(不同意|不予批准|不批准)/u.test(readingForm(l.text)));
  if (refused) return [fact(doc, key, false, refused.loc)];
  const agreed = lines.find((l) => /(同意|批准|准予)/u.test(readingForm(l.text))) ?? lines[0]!;
  return [fact(doc, key, true, agreed.loc)];
};

/** A record that the step took place: its first line is the evidence. */
const held = (key: string) => (doc: FactDocument): DocumentFact[] => {
  const first = flat(doc)[0];
  return first ? [fact(doc, key, true, first.loc)] : [];
};

function readRecordOfficers(doc: FactDocument): DocumentFact[] {
  const page = doc.pages[0];
  if (!page) return [];
  const officers = findOfficers(page.lines.map((l) => l.text));
  if (!officers.length) return [];
  const at = page.lines.findIndex((l) => officers.some((o) => l.text.includes(o.name)));
  return [fact(doc, 'officers', officers, { pageIndex: 0, lineIndex: Math.max(0, at) })];
}

function readHearingNotice(doc: FactDocument): DocumentFact[] {
  const out = dated('dateHearingNotice')(doc);
  const when = labelledDate(doc, /(定于|举行听证的时间|听证时间|听证日期)/u);
  if (when && when.hit.iso !== out[0]?.value) out.push(fact(doc, 'dateHearing', when.hit.iso, when.loc));
  return out;
}

type Reader = (doc: FactDocument) => DocumentFact[];

/** Which readers run on which document type (catalogue codes). */
export const DOCUMENT_READERS: Readonly<Record<string, readonly Reader[]>> = {
  CASE_SOURCE: [dated('dateDiscovered', /(发现日期|发现时间|登记日期|来源日期)/u)],
  FILING_APPROVAL: [dated('dateFiled', /(立案日期|立案时间|批准立案日期)/u)],
  PENALTY_NOTICE: [dated('dateNotice')],
  SERVICE_RECEIPT: [readServiceReceipt],
  PENALTY_DECISION: [readDecision],
  ONSPOT_DECISION: [readDecision],
  EXTENSION_APPROVAL: [approved('extensionApproved')],
  LEGAL_REVIEW: [held('legalReview'), dated('dates.legalReviewed', /(审核日期|审核时间|审查日期)/u)],
  // The meeting's date heads the record (时间：…); the signatures' date closes it when it does not.
  COLLECTIVE_DISCUSSION: [held('collectiveDiscussion'), dated('dates.collectiveDiscussed', /(讨论时间|讨论日期|会议时间|会议日期|^\s*时\s*间)/u)],
  HEARING_RIGHTS_NOTICE: [dated('dates.hearingRightsNotice')],
  HEARING_NOTICE: [readHearingNotice],
  HEARING_RECORD: [dated('dateHearing', /(听证时间|听证日期|举行时间)/u)],
  HEARING_APPLICATION: [dated('dateHearingRequested')],
  INQUIRY_RECORD: [readRecordOfficers],
  SITE_INSPECTION_RECORD: [readRecordOfficers],
  SEIZURE_DECISION: [dated('dateSeized')],
  SEIZURE_EXTENSION: [dated('dateSeizureExtended')],
  SEIZURE_RELEASE: [dated('dateReleased')],
  PAYMENT_VOUCHER: [dated('datePaid', /(缴款日期|缴款时间|收款日期|开票日期)/u)],
  APPLICATION: [dated('dateApplied', /(申请日期|申请时间)/u)],
  ACCEPTANCE_NOTICE: [dated('dateAccepted')],
  LICENCE_GRANT: [dated('dateDecision'), (doc) => (doc.pages.length ? [fact(doc, 'licenceGranted', true, { pageIndex: 0, lineIndex: 0 })] : [])],
  LICENCE_REFUSAL: [dated('dateDecision'), (doc) => (doc.pages.length ? [fact(doc, 'licenceGranted', false, { pageIndex: 0, lineIndex: 0 })] : [])],
  CLOSING_REPORT: [dated('dateClosed', /(结案日期|结案时间)/u)],
};

/** Every fact one document states. */
export function readDocument(doc: FactDocument): DocumentFact[] {
  return (DOCUMENT_READERS[doc.docType] ?? []).flatMap((read) => read(doc));
}
