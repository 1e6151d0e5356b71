/**
 * Stored dossier → the rule engine's input. A dossier row holds the register as imported (typed
 * columns) plus `facts_override`, a JSON object of reviewer corrections that wins field by field.
 *
 * The keys are listed, with Chinese labels, in the shared fact table (shared/domain/facts), which the
 * 关键事实 panel also uses. facts_override keys (all optional; null = "not recorded", which the engine reports as cannot_check):
 *   - register field names (DossierInput, camelCase): dateDecision, dateDecisionServed, procedure,
 *     fineFen, officers, penaltyKinds, legalReview, … — replace the imported value;
 *   - fact-only names the register has no column for: the DossierFacts flags (hearingHeld,
 *     defenceWaived, licenceGranted, emergency, seriousHarm, hearingRightNotified, and also
 *     extensionApproved/legalReview/collectiveDiscussion), fineYuan, confiscationYuan,
 *     discretionReason, partyType, circumstance, violationCode;
 *   - `dates`: an object of DossierDates fields (violationEnded, preserved, supplementNotice,
 *     certificateIssued, reminderDeadline, …) merged over the dates from the columns.
 */
import type Database from 'better-sqlite3';
import { dossierInputFromRow, type StoredDossierRow } from '../../../db/repositories/dossiers';
import { FACT_SPECS, LEGACY_FACT_KEYS, REGISTER_DATES } from '../../../shared/domain/facts';
import type { CaseType, DocumentTag, DossierDates, DossierFacts, Officer, Procedure } from '../../../shared/domain/rules';

type Rec = Record<string, unknown>;

const LEGACY_FEN_KEY = { fineYuan: 'fineFen', confiscationYuan: 'confiscationFen' } as const;

/**
 * Top-level override keys copied onto the facts as they are (the fact-only flags and values of the
 * shared fact table, plus older yuan spellings). Register keys are applied through `reg` above them.
 */
const FACT_ONLY_KEYS = FACT_SPECS.filter((s) => s.source === 'fact').map((s) => s.key);

/** Register date fields → engine date fields. */
const DATE_MAP: readonly (readonly [string, keyof DossierDates])[] = REGISTER_DATES.map(([field, date]) => [field, date] as const);

/** Register spellings of 程序类型 → the engine's procedure values. */
const PROCEDURE_ALIASES: Record<string, Procedure> = {
  一般程序: '一般程序',
  普通程序: '普通程序',
  简易程序: '简易程序',
  强制措施: '强制措施',
  行政强制措施: '强制措施',
  查封扣押: '强制措施',
  强制执行: '强制执行',
  行政强制执行: '强制执行',
};

export function normaliseProcedure(v: unknown): Procedure | null {
  if (typeof v !== 'string' || v.trim() === '') return null;
  return PROCEDURE_ALIASES[v.trim()] ?? '其他';
}

/** An older override's amount in yuan (LEGACY_FACT_KEYS) → integer fen, the unit the engine compares in. */
const legacyYuanToFen = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? Math.round(v * 100) : null);

function parseOverride(text: string): Rec {
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Rec) : {};
  } catch {
    return {};
  }
}

/** The rule engine's facts for one stored dossier row (register values, overridden field by field). */
export function dossierFacts(row: StoredDossierRow): DossierFacts {
  const override = parseOverride(row.facts_override);
  const reg: Rec = { ...(dossierInputFromRow(row) as unknown as Rec) };
  for (const [k, v] of Object.entries(override)) if (k in reg) reg[k] = v;

  const dates: DossierDates = {};
  for (const [field, key] of DATE_MAP) {
    const v = reg[field];
    (dates as Rec)[key] = typeof v === 'string' && v !== '' ? v : null;
  }
  for (const [k, v] of Object.entries(override)) if (k.startsWith('dates.')) (dates as Rec)[k.slice('dates.'.length)] = v === '' ? null : v;

  const officers = Array.isArray(reg.officers)
    ? (reg.officers as Rec[]).map((o) => {
        const out: Officer = { name: String(o.name ?? ''), certNo: typeof o.certNo === 'string' ? o.certNo : null };
        if (typeof o.certValid === 'boolean') out.certValid = o.certValid;
        return out;
      })
    : null;

  const facts: DossierFacts = {
    caseType: reg.caseType as CaseType,
    procedure: normaliseProcedure(reg.procedure),
    partyType: (reg.partyType as DossierFacts['partyType']) ?? null,
    officers,
    dates,
    penaltyKinds: Array.isArray(reg.penaltyKinds) ? (reg.penaltyKinds as string[]) : null,
    fineFen: (reg.fineFen as number | null) ?? null,
    confiscationFen: (reg.confiscationFen as number | null) ?? null,
    violationCode: (reg.violationCode as string | null) ?? null,
    circumstance: (reg.circumstance as DossierFacts['circumstance']) ?? null,
    discretionReason: null,
    extensionApproved: (reg.extensionApproved as boolean | null) ?? null,
    legalReview: (reg.legalReview as boolean | null) ?? null,
    collectiveDiscussion: (reg.collectiveDiscussion as boolean | null) ?? null,
    // The register records a hearing only by its date; a hearing date (corrected or not) means it was held.
    hearingHeld: dates.hearing ? true : null,
  };
  const f = facts as unknown as Rec;
  for (const k of FACT_ONLY_KEYS) if (Object.hasOwn(override, k)) f[k] = override[k];
  for (const k of LEGACY_FACT_KEYS) if (Object.hasOwn(override, k)) f[LEGACY_FEN_KEY[k]] = legacyYuanToFen(override[k]);
  return facts;
}

/**
 * The document tags of a dossier's files as the engine's document list, pages numbered through the
 * files in attachment order. null when the dossier has no file attached (the engine then reports the
 * document rules as cannot_check rather than "everything missing").
 */
export function dossierDocuments(db: Database.Database, dossierId: string): DocumentTag[] | null {
  return documentLoader(db)(dossierId);
}

/** dossierDocuments with its statements prepared once, for runs over many dossiers. */
export function documentLoader(db: Database.Database): (dossierId: string) => DocumentTag[] | null {
  const filesOf = db.prepare('SELECT id, page_count FROM dossier_files WHERE dossier_id = ? ORDER BY attached_at, id');
  const tags = db.prepare('SELECT page_no, doc_type FROM document_tags WHERE file_id = ? ORDER BY page_no, doc_type');
  return (dossierId) => {
    const files = filesOf.all(dossierId) as { id: string; page_count: number }[];
    if (files.length === 0) return null;
    const out: DocumentTag[] = [];
    let offset = 0;
    for (const f of files) {
      for (const t of tags.all(f.id) as { page_no: number; doc_type: string }[]) out.push({ docType: t.doc_type, page: offset + t.page_no });
      offset += f.page_count;
    }
    return out;
  };
}
