/**
 * The narrow reads behind every campaign-level output (bulletin, unit summaries, workbook, 整改通知,
 * the 统计 screen). Only problem answers (deduct/veto) are read for the aggregate, through the
 * covering index `answers_aggregate`; reviewers' notes are read afterwards for the handful of
 * examples that the reports print. Nothing here writes.
 */
import type { DossierHeader, PersonalValues } from '../../shared/domain/export/mask';
import type { AnswerFact, FindingFact, ReviewFact } from '../../shared/domain/reports/aggregate';
import type { ChecklistTemplate } from '../../shared/domain/scoring/schema';
import type { ReadableDB } from '../handles';

/** One problem answer of a review, as the 整改通知 lists it. */
export interface ProblemAnswer {
  itemCode: string;
  verdict: string;
  deduction: number;
  note: string;
}

/** A confirmed automatic finding of one dossier, as the 整改通知 cites it. */
export interface ConfirmedDossierFinding {
  ruleId: string | null;
  law: string | null;
  article: number | null;
  message: string;
  computation: string;
}

/** The dossier header of a reviewed dossier, for the unit summary. */
export interface SummaryDossierHeader extends DossierHeader {
  reviewer: string;
}

/** The dossier header of a reviewed dossier, for the workbook's 案卷 sheet. */
export interface WorkbookDossier extends SummaryDossierHeader {
  field: string | null;
  dateFiled: string | null;
  dateDecision: string | null;
  dateClosed: string | null;
  fineFen: number | null;
  status: string;
  submittedAt: string | null;
}

/**
 * Every answer of one review for the workbook, as a tuple (600,000 of them for a large campaign):
 * item code, verdict, deduction, occurrences, note, page refs (JSON).
 */
export type WorkbookAnswer = [itemCode: string, verdict: string, deduction: number, occurrences: number, note: string, pageRefs: string];

/** Every finding of the campaign for the workbook, in case-number order, as a tuple. */
export type WorkbookFinding = [
  dossierId: string,
  ruleId: string | null,
  law: string | null,
  article: number | null,
  severity: string,
  itemCode: string | null,
  message: string,
  computation: string,
  status: string,
  decidedAt: string | null,
];

export function reportReads(db: ReadableDB) {
  // The review whose score counts for each dossier comes first: locked before submitted, the primary
  // reviewer's before a cross review, then the latest. Drafts do not count.
  const finalReviews = db
    .prepare(
      `SELECT r.id, r.dossier_id, d.case_no, d.unit_id, u.name AS unit_name, d.case_type, r.template_id, r.total, r.grade, r.veto, r.dimension_scores
       FROM reviews r JOIN assignments a ON a.id = r.assignment_id JOIN dossiers d ON d.id = r.dossier_id JOIN units u ON u.id = d.unit_id
       WHERE a.campaign_id = ? AND r.status IN ('submitted','locked') AND r.total IS NOT NULL AND r.grade IS NOT NULL
       ORDER BY d.case_no, r.status = 'locked' DESC, a.role = 'primary' DESC, r.updated_at DESC`,
    )
    .raw();
  const templateBody = db.prepare('SELECT body FROM checklist_templates WHERE id = ?').pluck();
  const pinnedTemplateIds = db.prepare('SELECT template_id FROM campaign_templates WHERE campaign_id = ?').pluck();
  const problemAnswers = db
    .prepare(`SELECT review_id, item_code, verdict, deduction FROM answers INDEXED BY answers_aggregate WHERE verdict IN ('deduct','veto')`)
    .raw();
  const confirmedFindings = db.prepare(
    `SELECT f.dossier_id AS dossierId, f.rule_id AS ruleId, f.law, f.article, f.item_code AS itemCode, f.message, f.severity
     FROM findings f JOIN dossiers d ON d.id = f.dossier_id
     WHERE d.campaign_id = ? AND f.status = 'confirmed' ORDER BY f.created_at`,
  );
  const note = db.prepare('SELECT note FROM answers WHERE review_id = ? AND item_code = ?').pluck();
  const personal = db.prepare('SELECT party, party_type AS partyType, party_id_no AS idNumber, party_phone AS phone FROM dossiers WHERE id = ?');
  const reviewProblems = db.prepare(
    `SELECT item_code AS itemCode, verdict, deduction, note FROM answers WHERE review_id = ? AND verdict IN ('deduct','veto')`,
  );
  const problemCount = db.prepare(`SELECT COUNT(*) FROM answers WHERE review_id = ? AND verdict IN ('deduct','veto')`).pluck();
  const dossierFindings = db.prepare(
    `SELECT rule_id AS ruleId, law, article, message, computation FROM findings WHERE dossier_id = ? AND status = 'confirmed' ORDER BY created_at`,
  );
  const summaryDossier = db.prepare(
    `SELECT d.case_no AS caseNo, u.name AS unitName, d.case_type AS caseType, d.procedure, d.cause, d.party, d.party_type AS partyType,
            d.party_id_no AS partyIdNo, d.party_phone AS partyPhone, rv.name AS reviewer
     FROM reviews r JOIN dossiers d ON d.id = r.dossier_id JOIN units u ON u.id = d.unit_id JOIN reviewers rv ON rv.id = r.reviewer_id
     WHERE r.id = ?`,
  );
  const workbookDossier = db.prepare(
    `SELECT d.case_no AS caseNo, u.name AS unitName, d.case_type AS caseType, d.procedure, d.field, d.cause, d.party, d.party_type AS partyType,
            d.party_id_no AS partyIdNo, d.party_phone AS partyPhone, d.date_filed AS dateFiled, d.date_decision AS dateDecision,
            d.date_closed AS dateClosed, d.fine_fen AS fineFen, rv.name AS reviewer, r.status, r.submitted_at AS submittedAt
     FROM reviews r JOIN dossiers d ON d.id = r.dossier_id JOIN units u ON u.id = d.unit_id JOIN reviewers rv ON rv.id = r.reviewer_id
     WHERE r.id = ?`,
  );
  // The same header for every counted-or-not review of a campaign at once: 10,000 single-row reads
  // cost ~0.8 s of CPU in the 10,000-dossier workbook, one query ~0.1 s.
  const workbookDossiersOf = db.prepare(
    `SELECT r.id AS reviewId, d.case_no AS caseNo, u.name AS unitName, d.case_type AS caseType, d.procedure, d.field, d.cause, d.party, d.party_type AS partyType,
            d.party_id_no AS partyIdNo, d.party_phone AS partyPhone, d.date_filed AS dateFiled, d.date_decision AS dateDecision,
            d.date_closed AS dateClosed, d.fine_fen AS fineFen, rv.name AS reviewer, r.status, r.submitted_at AS submittedAt
     FROM reviews r JOIN assignments a ON a.id = r.assignment_id JOIN dossiers d ON d.id = r.dossier_id JOIN units u ON u.id = d.unit_id
          JOIN reviewers rv ON rv.id = r.reviewer_id
     WHERE a.campaign_id = ? AND r.status IN ('submitted','locked')`,
  );
  const workbookAnswers = db
    .prepare('SELECT item_code, verdict, deduction, occurrences, note, page_refs FROM answers WHERE review_id = ? ORDER BY item_code')
    .raw();
  const workbookFindings = db
    .prepare(
      `SELECT f.dossier_id, f.rule_id, f.law, f.article, f.severity, f.item_code, f.message, f.computation, f.status, f.decided_at
       FROM findings f JOIN dossiers d ON d.id = f.dossier_id WHERE d.campaign_id = ? ORDER BY d.case_no, f.created_at`,
    )
    .raw();

  return {
    /** The counted review of each reviewed dossier of the campaign, in case-number order. */
    finalReviews: (campaignId: string): ReviewFact[] => {
      const out: ReviewFact[] = [];
      let lastDossier = '';
      for (const row of finalReviews.all(campaignId) as unknown[][]) {
        const dossierId = row[1] as string;
        if (dossierId === lastDossier) continue;
        lastDossier = dossierId;
        out.push({
          reviewId: row[0] as string,
          dossierId,
          caseNo: row[2] as string,
          unitId: row[3] as string,
          unitName: row[4] as string,
          caseType: row[5] as string,
          templateId: row[6] as string,
          total: row[7] as number,
          grade: row[8] as string,
          veto: row[9] === 1,
          dimensionScores: JSON.parse(row[10] as string) as Record<string, number>,
        });
      }
      return out;
    },
    templates: (ids: Iterable<string>): Map<string, ChecklistTemplate> => {
      const out = new Map<string, ChecklistTemplate>();
      for (const id of ids) {
        const body = templateBody.get(id) as string | undefined;
        // Stored bodies were validated on the way in; parsing again would cost without adding safety.
        if (body) out.set(id, JSON.parse(body) as ChecklistTemplate);
      }
      return out;
    },
    pinnedTemplateIds: (campaignId: string): string[] => pinnedTemplateIds.all(campaignId) as string[],
    /** Problem answers (deduct/veto) of the given reviews, read from the covering index. */
    problemAnswers: (reviewIds: ReadonlySet<string>): AnswerFact[] => {
      const out: AnswerFact[] = [];
      for (const row of problemAnswers.iterate() as IterableIterator<[string, string, string, number]>) {
        if (!reviewIds.has(row[0])) continue;
        out.push({ reviewId: row[0], itemCode: row[1], verdict: row[2], deduction: row[3] });
      }
      return out;
    },
    confirmedFindings: (campaignId: string): FindingFact[] => confirmedFindings.all(campaignId) as FindingFact[],
    note: (reviewId: string, itemCode: string): string | undefined => note.get(reviewId, itemCode) as string | undefined,
    personalValues: (dossierId: string): PersonalValues | undefined => personal.get(dossierId) as PersonalValues | undefined,
    reviewProblems: (reviewId: string): ProblemAnswer[] => reviewProblems.all(reviewId) as ProblemAnswer[],
    problemCount: (reviewId: string): number => problemCount.get(reviewId) as number,
    dossierConfirmedFindings: (dossierId: string): ConfirmedDossierFinding[] => dossierFindings.all(dossierId) as ConfirmedDossierFinding[],
    summaryDossier: (reviewId: string): SummaryDossierHeader => summaryDossier.get(reviewId) as SummaryDossierHeader,
    workbookDossier: (reviewId: string): WorkbookDossier => workbookDossier.get(reviewId) as WorkbookDossier,
    /**
     * workbookDossier for every submitted or locked review of the campaign, by review id (a final
     * result's `final:` id is not among them: ask workbookDossier for those).
     */
    workbookDossiers: (campaignId: string): Map<string, WorkbookDossier> => {
      const out = new Map<string, WorkbookDossier>();
      for (const row of workbookDossiersOf.all(campaignId) as (WorkbookDossier & { reviewId: string })[]) out.set(row.reviewId, row);
      return out;
    },
    workbookAnswers: (reviewId: string): WorkbookAnswer[] => workbookAnswers.all(reviewId) as WorkbookAnswer[],
    workbookFindings: (campaignId: string): IterableIterator<WorkbookFinding> => workbookFindings.iterate(campaignId) as IterableIterator<WorkbookFinding>,
  };
}

export type ReportReads = ReturnType<typeof reportReads>;
