/**
 * Reads behind the agreement figures (评查一致性): the counted reviews of a campaign with their
 * reviewer, and the verdicts of the reviews that share a dossier with another reviewer's. Nothing
 * here writes.
 */
import type { ReadableDB } from '../handles';

export interface CountedReview {
  reviewId: string;
  dossierId: string;
  reviewerId: string;
  reviewerName: string;
  templateId: string;
  total: number;
}

export function agreementReads(db: ReadableDB) {
  // Counted = submitted or locked with a score, on an assignment still in force (a withdrawn
  // reviewer's sheet is no independent opinion the office stands by). Drafts never count: a
  // reviewer still working has not given an answer to agree or disagree with.
  const counted = db.prepare(
    `SELECT r.id AS reviewId, r.dossier_id AS dossierId, r.reviewer_id AS reviewerId, rv.name AS reviewerName,
            r.template_id AS templateId, r.total AS total
     FROM reviews r JOIN assignments a ON a.id = r.assignment_id JOIN reviewers rv ON rv.id = r.reviewer_id
     WHERE a.campaign_id = ? AND a.status = 'active' AND r.status IN ('submitted','locked') AND r.total IS NOT NULL
     ORDER BY r.dossier_id, r.reviewer_id, r.updated_at DESC`,
  );
  const verdicts = db.prepare('SELECT item_code, verdict FROM answers WHERE review_id = ?').raw();
  return {
    countedReviews: (campaignId: string): CountedReview[] => counted.all(campaignId) as CountedReview[],
    /** [item code, verdict] of every answer of one review (served by the answers' (review_id, item_code) key). */
    verdicts: (reviewId: string): [string, string][] => verdicts.all(reviewId) as [string, string][],
  };
}

export type AgreementReads = ReturnType<typeof agreementReads>;
