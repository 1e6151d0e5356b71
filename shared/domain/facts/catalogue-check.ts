/**
 * The dossier's own 卷内目录 (its list of documents with page numbers) against its pages (issue #14):
 * each listed document must start where the list says. A list that does not match the pages is a
 * 立卷 finding, naming each entry that is off.
 */
import { DOCUMENT_TYPES } from '../documents/catalogue';
import { titleKey } from '../documents/normalize';
import type { Finding } from '../rules/types';
import { documentNamedIn } from './readers/documents';
import { readingForm } from './readers/values';

export interface CatalogueEntry {
  /** The title as listed. */
  title: string;
  /** The page the list gives (its first page). */
  page: number;
  /** Its catalogue type, when the title names one. */
  docType: string | null;
}

/** A document of the map, as the check compares it. */
export interface MappedDocument {
  docType: string;
  title: string;
  page: number;
}

// "1 立案审批表 3", "2．询问笔录 4-5", "3 现场检查笔录 第6页", "4 证据材料 7—9": number, title, first page.
const ROW = /^(?:\d{1,3}[.．、)）]?)?([\p{Script=Han}（）()《》A-Za-z]{2,30}?)(?:第)?(\d{1,4})(?:页)?(?:[-—~至到](?:第)?\d{1,4}(?:页)?)?(?:页)?$/u;

/** The rows of a 卷内目录 page: the lines that read as number, title and page. */
export function readCatalogue(lines: readonly string[]): CatalogueEntry[] {
  const out: CatalogueEntry[] = [];
  for (const raw of lines) {
    const line = readingForm(raw).replace(/[|｜]/gu, '');
    const m = ROW.exec(line);
    if (!m) continue;
    const title = m[1]!.replace(/^(序号|文件名称|页码)+/u, '');
    if (!title || /^(序号|文件名称|页码|备注)/u.test(title)) continue;
    const key = titleKey(title);
    const exact = DOCUMENT_TYPES.find((d) => [d.title, ...d.variants].some((v) => titleKey(v) === key));
    out.push({ title, page: Number(m[2]), docType: exact?.code ?? documentNamedIn(title) });
  }
  return out;
}

export const CATALOGUE_RULE = 'CATALOGUE-MISMATCH';

/** 卷内目录与卷内文书不符: each listed document that does not start on the page the list gives. */
export function catalogueFinding(entries: readonly CatalogueEntry[], documents: readonly MappedDocument[], cataloguePage: number): Finding | null {
  if (entries.length === 0) return null;
  const problems: string[] = [];
  entries.forEach((e, i) => {
    const same = (d: MappedDocument) => (e.docType && d.docType === e.docType) || titleKey(d.title) === titleKey(e.title);
    const candidates = documents.filter(same);
    if (candidates.some((d) => d.page === e.page)) return;
    if (!candidates.length) problems.push(`第${i + 1}项“${e.title}”标第${e.page}页，卷内未见该文书`);
    else problems.push(`第${i + 1}项“${e.title}”标第${e.page}页，实际起于第${candidates.map((d) => d.page).join('、')}页`);
  });
  if (!problems.length) return null;
  return {
    ruleId: CATALOGUE_RULE,
    kind: 'violation',
    law: null,
    article: null,
    severity: 'advisory',
    itemCode: null,
    message: `卷内目录与卷内文书不符（${problems.length} 处）：立卷时目录页码或文书清单未与案卷核对`,
    computation: `卷内目录（第${cataloguePage}页）：${problems.join('；')}`,
  };
}
