/** SQL for the "changed since sign-off" mark: a review's signed-off baseline, its current body, and the merge's own mark. */
import type { ReadableDB, WritableDB } from '../handles';
import type { AnswerWire, ReviewWire } from './results';

export interface SignOffBaseline {
  review_id: string;
  body_hash: string;
  revision: number;
  action: 'submit' | 'lock' | 'reopen';
  signed_by: string;
  signed_at: string;
}

export function signOffReads(db: ReadableDB) {
  const baseline = db.prepare('SELECT * FROM review_signoffs WHERE review_id = ?');
  const review = db.prepare('SELECT * FROM reviews WHERE id = ?');
  const answers = db.prepare('SELECT id, item_code, verdict, deduction, occurrences, note, page_refs, updated_at FROM answers WHERE review_id = ?');
  const byAssignment = db.prepare('SELECT id, revision FROM reviews WHERE assignment_id = ?');
  const merged = db.prepare(`SELECT EXISTS (SELECT 1 FROM merge_origins WHERE kind = 'review' AND entity_id = ? AND changed_since_signoff = 1)`).pluck();
  return {
    baseline: (reviewId: string) => baseline.get(reviewId) as SignOffBaseline | undefined,
    review: (reviewId: string) => review.get(reviewId) as ReviewWire | undefined,
    answers: (reviewId: string) => answers.all(reviewId) as AnswerWire[],
    /** The review of an assignment (the office matches a laptop's review by assignment). */
    reviewOfAssignment: (assignmentId: string) => byAssignment.get(assignmentId) as { id: string; revision: number } | undefined,
    /** The office's merge found this review changed since the version it received as signed off. */
    markedByMerge: (reviewId: string) => merged.get(reviewId) === 1,
  };
}

export function signOffRepository(db: WritableDB) {
  const upsert = db.prepare(
    `INSERT INTO review_signoffs (review_id, body_hash, revision, action, signed_by, signed_at)
     VALUES (@review_id, @body_hash, @revision, @action, @signed_by, @signed_at)
     ON CONFLICT (review_id) DO UPDATE SET body_hash = excluded.body_hash, revision = excluded.revision, action = excluded.action,
       signed_by = excluded.signed_by, signed_at = excluded.signed_at`,
  );
  return { ...signOffReads(db), setBaseline: (b: SignOffBaseline) => void upsert.run(b) };
}
