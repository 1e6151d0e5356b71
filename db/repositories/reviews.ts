import type Database from 'better-sqlite3';
import type { Answer, PageRef, QueueEntry, Review, ReviewDossier, ReviewStatus } from '../../shared/api/namespaces/reviews';
import type { Verdict } from '../../shared/domain/scoring/schema';

export interface ReviewRow {
  id: string;
  assignment_id: string;
  campaign_id: string;
  dossier_id: string;
  reviewer_id: string;
  template_id: string;
  status: ReviewStatus;
  total: number | null;
  grade: string | null;
  veto: number;
  dimension_scores: string;
  submitted_at: string | null;
  locked_at: string | null;
  locked_by: string | null;
  revision: number;
  updated_at: string;
  returned_reason: string | null;
  returned_by: string | null;
  returned_at: string | null;
  case_type: string;
  procedure: string | null;
}

export interface AnswerRow {
  item_code: string;
  verdict: Verdict;
  deduction: number;
  occurrences: number;
  note: string;
  page_refs: string;
  updated_at: string;
}

export interface AssignmentInfo {
  id: string;
  campaignId: string;
  dossierId: string;
  reviewerId: string;
  status: 'active' | 'withdrawn';
  caseType: string;
  procedure: string | null;
}

export interface QueueRow {
  assignment_id: string;
  dossier_id: string;
  case_no: string;
  unit_name: string;
  case_type: string;
  procedure: string | null;
  role: 'primary' | 'cross';
  review_id: string | null;
  template_id: string | null;
  status: ReviewStatus | null;
  total: number | null;
  grade: string | null;
  returned_reason: string | null;
}

export const toReview = (r: ReviewRow): Review => ({
  id: r.id,
  assignmentId: r.assignment_id,
  campaignId: r.campaign_id,
  dossierId: r.dossier_id,
  reviewerId: r.reviewer_id,
  templateId: r.template_id,
  status: r.status,
  total: r.total,
  grade: r.grade,
  veto: r.veto === 1,
  dimensionScores: JSON.parse(r.dimension_scores) as Record<string, number>,
  submittedAt: r.submitted_at,
  lockedAt: r.locked_at,
  lockedBy: r.locked_by,
  revision: r.revision,
  updatedAt: r.updated_at,
  returnedReason: r.returned_reason,
  returnedBy: r.returned_by,
  returnedAt: r.returned_at,
});

export const toAnswer = (r: AnswerRow): Answer => ({
  itemCode: r.item_code,
  verdict: r.verdict,
  deduction: r.deduction,
  occurrences: r.occurrences,
  note: r.note,
  pageRefs: JSON.parse(r.page_refs) as PageRef[],
  updatedAt: r.updated_at,
});

export interface StoredScore {
  id: string;
  total: number;
  grade: string;
  veto: number;
  dimensionScores: string;
  updatedAt: string;
}

export function reviewRepository(db: Database.Database) {
  const SELECT = `SELECT r.*, a.campaign_id, d.case_type, d.procedure FROM reviews r JOIN assignments a ON a.id = r.assignment_id JOIN dossiers d ON d.id = r.dossier_id`;
  const q = {
    get: db.prepare(`${SELECT} WHERE r.id = ?`),
    byAssignment: db.prepare(`${SELECT} WHERE r.assignment_id = ?`),
    assignment: db.prepare(
      `SELECT a.id, a.campaign_id AS campaignId, a.dossier_id AS dossierId, a.reviewer_id AS reviewerId, a.status,
              d.case_type AS caseType, d.procedure
       FROM assignments a JOIN dossiers d ON d.id = a.dossier_id WHERE a.id = ?`,
    ),
    dossier: db.prepare(
      `SELECT d.id, d.case_no AS caseNo, u.name AS unitName, d.case_type AS caseType, d.procedure, d.cause, d.party, d.date_closed AS dateClosed
       FROM dossiers d JOIN units u ON u.id = d.unit_id WHERE d.id = ?`,
    ),
    insert: db.prepare(
      `INSERT INTO reviews (id, assignment_id, dossier_id, reviewer_id, template_id, status, dimension_scores, revision, updated_at)
       VALUES (@id, @assignmentId, @dossierId, @reviewerId, @templateId, 'draft', '{}', 0, @updatedAt)`,
    ),
    answers: db.prepare(`SELECT item_code, verdict, deduction, occurrences, note, page_refs, updated_at FROM answers WHERE review_id = ?`),
    answerCodes: db.prepare(`SELECT item_code FROM answers WHERE review_id = ?`).pluck(),
    upsertAnswer: db.prepare(
      `INSERT INTO answers (id, review_id, item_code, verdict, deduction, occurrences, note, page_refs, updated_at)
       VALUES (@id, @reviewId, @itemCode, @verdict, @deduction, @occurrences, @note, @pageRefs, @updatedAt)
       ON CONFLICT (review_id, item_code) DO UPDATE SET verdict = excluded.verdict, deduction = excluded.deduction,
         occurrences = excluded.occurrences, note = excluded.note, page_refs = excluded.page_refs, updated_at = excluded.updated_at`,
    ),
    deleteAnswer: db.prepare('DELETE FROM answers WHERE review_id = ? AND item_code = ?'),
    storeScore: db.prepare(
      `UPDATE reviews SET total = @total, grade = @grade, veto = @veto, dimension_scores = @dimensionScores,
         revision = revision + 1, updated_at = @updatedAt WHERE id = @id`,
    ),
    setStatus: db.prepare(
      `UPDATE reviews SET status = @status, submitted_at = @submittedAt, locked_at = @lockedAt, locked_by = @lockedBy,
         revision = revision + 1, updated_at = @updatedAt WHERE id = @id`,
    ),
    revision: db.prepare('SELECT revision FROM reviews WHERE id = ?').pluck(),
    // updated_at stays: it tracks the register row, and corrections live beside it, not in it.
    setFactsOverride: db.prepare('UPDATE dossiers SET facts_override = ? WHERE id = ?'),
    queue: db.prepare(
      `SELECT a.id AS assignment_id, a.dossier_id, d.case_no, u.name AS unit_name, d.case_type, d.procedure, a.role,
              r.id AS review_id, r.template_id, r.status, r.total, r.grade, r.returned_reason
       FROM assignments a JOIN dossiers d ON d.id = a.dossier_id JOIN units u ON u.id = d.unit_id
       LEFT JOIN reviews r ON r.assignment_id = a.id
       WHERE a.campaign_id = ? AND a.reviewer_id = ? AND (a.status = 'active' OR r.id IS NOT NULL)
       ORDER BY d.case_no`,
    ),
  };
  return {
    getRow: (id: string) => q.get.get(id) as ReviewRow | undefined,
    byAssignment: (assignmentId: string) => q.byAssignment.get(assignmentId) as ReviewRow | undefined,
    assignment: (id: string) => q.assignment.get(id) as AssignmentInfo | undefined,
    dossier: (id: string) => q.dossier.get(id) as ReviewDossier | undefined,
    insert: (r: { id: string; assignmentId: string; dossierId: string; reviewerId: string; templateId: string; updatedAt: string }) => q.insert.run(r),
    answerRows: (reviewId: string) => q.answers.all(reviewId) as AnswerRow[],
    answerCodes: (reviewId: string) => q.answerCodes.all(reviewId) as string[],
    upsertAnswer: (a: {
      id: string;
      reviewId: string;
      itemCode: string;
      verdict: Verdict;
      deduction: number;
      occurrences: number;
      note: string;
      pageRefs: string;
      updatedAt: string;
    }) => q.upsertAnswer.run(a),
    deleteAnswer: (reviewId: string, itemCode: string) => q.deleteAnswer.run(reviewId, itemCode).changes,
    storeScore: (s: StoredScore) => q.storeScore.run(s),
    setStatus: (s: { id: string; status: ReviewStatus; submittedAt: string | null; lockedAt: string | null; lockedBy: string | null; updatedAt: string }) =>
      q.setStatus.run(s),
    revision: (id: string) => q.revision.get(id) as number,
    setFactsOverride: (dossierId: string, override: Record<string, unknown>) => q.setFactsOverride.run(JSON.stringify(override), dossierId).changes,
    queue: (campaignId: string, reviewerId: string) => q.queue.all(campaignId, reviewerId) as QueueRow[],
  };
}

export type ReviewRepository = ReturnType<typeof reviewRepository>;
export type { QueueEntry };
