/**
 * Facts read from the dossier itself (卷内事实): readers per document type (./documents.ts) over the
 * document map's documents, one reading chosen per fact. See ../dossier-layer.ts for how they meet
 * the register and the reviewer's corrections.
 */
import { readDocument, type DocumentFact, type FactDocument } from './documents';

export * from './values';
export * from './officers';
export * from './documents';

/** Facts several documents may state where any one proving it is enough. */
const ANY_TRUE = new Set(['legalReview', 'collectiveDiscussion', 'extensionApproved']);

/**
 * One reading per fact from the dossier's documents, in dossier order: the first document that states
 * it (a flag any document proves: the first proving one).
 */
export function readDossier(documents: readonly FactDocument[]): DocumentFact[] {
  const chosen = new Map<string, DocumentFact>();
  for (const doc of documents) {
    for (const f of readDocument(doc)) {
      const had = chosen.get(f.key);
      if (!had || (ANY_TRUE.has(f.key) && had.value === false && f.value === true)) chosen.set(f.key, f);
    }
  }
  return [...chosen.values()];
}
