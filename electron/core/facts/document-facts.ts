/**
 * Facts read from a dossier's own documents (issue #14): the stored pages (text layer, or OCR once the
 * full-page pass has read a scan) cut into documents by the document map, each document read by its
 * type's reader (shared/domain/facts/readers). Then the checks of one dossier with those facts:
 * precedence correction → dossier → register, 程序类型 inferred for 行政强制, a missing document with
 * an empty date answered, the register–dossier differences as one finding, and every finding citing
 * the page it read a dossier fact on.
 */
import type { ReadableDB } from '../../../db/handles';
import { dossierTextReads, type DossierTextFile } from '../../../db/repositories/dossier-text';
import type { StoredDossierRow } from '../../../db/repositories/dossiers';
import { dossierInputFromRow } from '../../../db/repositories/dossiers';
import {
  answerFromAbsence,
  CATALOGUE_RULE,
  catalogueFinding,
  readCatalogue,
  type CatalogueEntry,
  type MappedDocument,
  citeDossierFacts,
  compareFacts,
  FACT_MISMATCH_LABEL,
  FACT_MISMATCH_RULE,
  inferProcedure,
  mismatchFinding,
  readDossier,
  type DocumentFact,
  type FactComparison,
  type FactDocument,
  type FactLine,
  type InferredProcedure,
} from '../../../shared/domain/facts';
import { runRules, type DocumentTag, type RuleContext, type RuleRunResult } from '../../../shared/domain/rules';
import { dossierFacts, parseOverride } from './dossier-facts';

export interface DossierReading {
  /** One reading per fact, in dossier order. */
  facts: DocumentFact[];
  /** The document map as the rules take it (pages numbered through the files). */
  tags: DocumentTag[];
  /** Pages not read yet (scans whose full-page OCR is still to come): their facts may follow. */
  pagesUnread: number;
  pages: number;
  /** The dossier's own 卷内目录, read, with the page it is on; null when the map has none. */
  catalogue: { entries: CatalogueEntry[]; page: number } | null;
  /** Every document of the map, with its title as the map names it. */
  mapped: MappedDocument[];
}

/** A page's lines with boxes: OCR's or the text layer's; older pages without boxes give their text lines. */
function linesOf(p: DossierTextFile['pages'][number]): FactLine[] {
  if (p.lines && p.lines.length) return p.lines.map((l) => ({ text: l.text, box: { x: l.x, y: l.y, w: l.w, h: l.h } }));
  return p.text
    .split(/\r\n|\r|\n/)
    .filter((t) => t.trim())
    .map((text) => ({ text, box: null }));
}

/** The dossier's documents with their pages, from the document map of each file. */
export function factDocuments(files: readonly DossierTextFile[]): { documents: FactDocument[]; tags: DocumentTag[]; pagesUnread: number; pages: number } {
  const documents: FactDocument[] = [];
  const tags: DocumentTag[] = [];
  let offset = 0;
  let pagesUnread = 0;
  let pages = 0;
  for (const f of files) {
    const byNo = new Map(f.pages.map((p) => [p.pageNo, p]));
    for (const p of f.pages) if (p.textSource === 'none') pagesUnread++;
    pages += f.pageCount;
    for (const d of f.documents) {
      tags.push({ docType: d.docType, page: offset + d.startPage });
      const docPages = [];
      for (let n = d.startPage; n <= d.endPage; n++) {
        const p = byNo.get(n);
        if (p && p.textSource !== 'none') docPages.push({ page: offset + n, fileId: f.id, filePage: n, lines: linesOf(p) });
      }
      documents.push({ docType: d.docType, title: d.title, pages: docPages });
    }
    offset += f.pageCount;
  }
  return { documents, tags, pagesUnread, pages };
}

/** Reads a dossier's facts; statements prepared once, for runs over many dossiers. null: no file attached. */
export function dossierReader(db: ReadableDB): (dossierId: string) => DossierReading | null {
  const reads = dossierTextReads(db);
  return (dossierId) => {
    const files = reads.files(dossierId);
    if (!files.length) return null;
    const { documents, tags, pagesUnread, pages } = factDocuments(files);
    const list = documents.find((d) => d.docType === 'CATALOGUE' && d.pages.length);
    const catalogue = list ? { entries: readCatalogue(list.pages.flatMap((p) => p.lines.map((l) => l.text))), page: list.pages[0]!.page } : null;
    const mapped = documents.map((d, i) => ({ docType: d.docType, title: d.title, page: tags[i]!.page }));
    return { facts: readDossier(documents), tags, pagesUnread, pages, catalogue, mapped };
  };
}

export interface DossierCheck {
  result: RuleRunResult;
  comparisons: FactComparison[];
  inferred: InferredProcedure | null;
}

/** The register values (DossierInput fields) and corrections of a stored dossier. */
export function registerOf(row: StoredDossierRow): { register: Record<string, unknown>; override: Record<string, unknown> } {
  return { register: dossierInputFromRow(row) as unknown as Record<string, unknown>, override: parseOverride(row.facts_override) };
}

/** The procedure the checks use: a correction wins; else the register's, or the one the dossier shows. */
export function procedureInference(row: StoredDossierRow, reading: DossierReading | null): InferredProcedure | null {
  const { register, override } = registerOf(row);
  if (Object.hasOwn(override, 'procedure')) return null;
  const facts = dossierFacts(row, reading?.facts ?? []);
  return inferProcedure(String(register.caseType ?? ''), facts.procedure ?? (typeof register.procedure === 'string' ? register.procedure : null), facts.dates?.seized ?? null, reading?.tags ?? null);
}

/** The automatic checks of one dossier with the facts read from its documents. */
export function checkDossier(row: StoredDossierRow, reading: DossierReading | null, context: Omit<RuleContext, 'documents'>): DossierCheck {
  const { register, override } = registerOf(row);
  const read = reading?.facts ?? [];
  const facts = dossierFacts(row, read);
  const inferred = procedureInference(row, reading);
  if (inferred) facts.procedure = inferred.procedure;
  const raw = runRules(facts, { ...context, documents: reading?.tags ?? null });
  const comparisons = compareFacts(register, override, read);

  let findings = answerFromAbsence(raw.findings, String(register.caseType ?? ''), reading?.tags ?? null);
  findings = citeDossierFacts(findings, comparisons);
  if (inferred) findings = findings.map((f) => ({ ...f, computation: `${f.computation ? `${f.computation}；` : ''}${inferred.reason}` }));
  const mismatch = mismatchFinding(comparisons);
  if (mismatch) findings.push(mismatch);
  const listed = reading?.catalogue ? catalogueFinding(reading.catalogue.entries, reading.mapped, reading.catalogue.page) : null;
  if (listed) findings.push(listed);

  // Evaluations follow their findings (the run's per-rule tallies read them).
  const byRule = new Map<string, typeof findings>();
  for (const f of findings) byRule.set(f.ruleId, [...(byRule.get(f.ruleId) ?? []), f]);
  const evaluations = raw.evaluations.map((e) => {
    const own = byRule.get(e.ruleId) ?? [];
    const violated = own.some((f) => f.kind === 'violation');
    return { ...e, findings: own, status: e.status === 'cannot_check' && violated ? ('fail' as const) : e.status };
  });
  evaluations.push({
    ruleId: FACT_MISMATCH_RULE,
    label: FACT_MISMATCH_LABEL,
    status: mismatch ? 'fail' : reading ? 'pass' : 'not_applicable',
    message: mismatch?.message ?? (reading ? '登记信息与卷内一致' : '未附卷宗文件'),
    computation: mismatch?.computation ?? '',
    findings: mismatch ? [mismatch] : [],
  });
  if (reading?.catalogue?.entries.length) {
    evaluations.push({
      ruleId: CATALOGUE_RULE,
      label: '卷内目录与卷内文书一致',
      status: listed ? 'fail' : 'pass',
      message: listed?.message ?? '卷内目录与卷内文书一致',
      computation: listed?.computation ?? '',
      findings: listed ? [listed] : [],
    });
  }
  return { result: { findings, evaluations }, comparisons, inferred };
}
