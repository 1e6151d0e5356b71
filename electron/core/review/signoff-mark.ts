/**
 * The "changed since sign-off" mark (签批后有改动) for every list, on the laptop and at the office.
 *
 * The baseline is the review's body (answers, comments, score: reviewBodyHash, the same hash the
 * results merge compares) as last accepted: the first submission, every 组长锁定, and — when a
 * review is sent back (退回) without a baseline yet, e.g. one merged from a laptop — the signed-off
 * content it reopens. A resubmission does not move the baseline, so the 组长 sees in 待锁定 that a
 * returned review came back changed; the next lock accepts the change and clears the mark.
 * A review is marked when its body now differs from the baseline, or when the office's merge
 * marked it (a laptop sent a version edited after its sign-off).
 */
import { signOffReads, signOffRepository } from '../../../db/repositories/signoffs';
import type { ReadableDB, WritableDB } from '../../../db/handles';
import { reviewBodyHash } from '../packages/results/wire';

export type SignOffAction = 'submit' | 'lock' | 'reopen';

function currentBody(reads: ReturnType<typeof signOffReads>, reviewId: string): { hash: string; revision: number } | null {
  const review = reads.review(reviewId);
  if (!review) return null;
  return { hash: reviewBodyHash(review, reads.answers(reviewId)), revision: review.revision };
}

export function signOffMarks(db: ReadableDB) {
  const reads = signOffReads(db);
  return {
    changedSinceSignOff(reviewId: string): boolean {
      if (reads.markedByMerge(reviewId)) return true;
      const base = reads.baseline(reviewId);
      if (!base) return false;
      const review = reads.review(reviewId);
      // Untouched since the sign-off: no need to hash.
      if (!review || review.revision === base.revision) return false;
      return reviewBodyHash(review, reads.answers(reviewId)) !== base.body_hash;
    },
  };
}

/**
 * Records the baseline after a sign-off transition (call inside its transaction, after the status
 * changed). submit and reopen keep an existing baseline; lock always replaces it.
 */
export function recordSignOff(db: WritableDB, reviewId: string, action: SignOffAction, by: string, at: string): void {
  const repo = signOffRepository(db);
  if (action !== 'lock' && repo.baseline(reviewId)) return;
  const body = currentBody(repo, reviewId);
  if (!body) return;
  repo.setBaseline({ review_id: reviewId, body_hash: body.hash, revision: body.revision, action, signed_by: by, signed_at: at });
}
