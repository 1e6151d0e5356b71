/**
 * A stored dossier as the rule engine reads it: the register as imported (typed columns, mapped to
 * DossierInput fields by the dossier repository) with the reviewer's corrections (facts_override, a
 * flat JSON object keyed by the fact table) winning fact by fact — see engineFacts in
 * shared/domain/facts. Also the dossier's document tags, the engine's document list.
 */
import type { ReadableDB } from '../../../db/handles';
import { documentTagReads } from '../../../db/repositories/files';
import { dossierInputFromRow, type StoredDossierRow } from '../../../db/repositories/dossiers';
import { dossierValues, engineFacts, type DocumentFact } from '../../../shared/domain/facts';
import type { DocumentTag, DossierFacts } from '../../../shared/domain/rules';

export function parseOverride(text: string): Record<string, unknown> {
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/**
 * The rule engine's facts for one stored dossier row: register values, then what the dossier's
 * documents state (./document-facts.ts), then the reviewer's corrections, fact by fact.
 */
export function dossierFacts(row: StoredDossierRow, dossier: readonly DocumentFact[] = []): DossierFacts {
  return engineFacts(dossierInputFromRow(row) as unknown as Record<string, unknown>, parseOverride(row.facts_override), dossierValues(dossier));
}

/**
 * The document tags of a dossier's files as the engine's document list, pages numbered through the
 * files in attachment order. null when the dossier has no file attached (the engine then reports the
 * document rules as cannot_check rather than "everything missing").
 */
export function dossierDocuments(db: ReadableDB, dossierId: string): DocumentTag[] | null {
  return documentLoader(db)(dossierId);
}

/** dossierDocuments with its statements prepared once, for runs over many dossiers. */
export function documentLoader(db: ReadableDB): (dossierId: string) => DocumentTag[] | null {
  const reads = documentTagReads(db);
  return (dossierId) => {
    const files = reads.files(dossierId);
    if (files.length === 0) return null;
    const out: DocumentTag[] = [];
    let offset = 0;
    for (const f of files) {
      for (const t of reads.tags(f.id)) out.push({ docType: t.doc_type, page: offset + t.page_no });
      offset += f.page_count;
    }
    return out;
  };
}
