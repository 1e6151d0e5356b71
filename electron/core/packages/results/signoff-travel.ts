/**
 * The sign-off baseline travels with a review (docs/packages.md, "The sign-off baseline travels").
 *
 * A laptop's `review_signoffs` row says what the review looked like when it was last signed off. Without
 * it the office only knew the versions it received: a review locked on the laptop, sent back, edited and
 * resubmitted arrived as "submitted" and looked freshly signed off, so 待锁定 at the office did not mark
 * it. The export writes the row beside the review; the import stores it when it applied that review.
 */
import type { WritableDB } from '../../../../db/handles';
import { signOffReads, signOffRepository, type SignOffBaseline } from '../../../../db/repositories/signoffs';
import { reviewBodyHash, type ReviewPayload, type SignOffWire } from './wire';

/** Export: the laptop's baseline of a review as it travels (none when it was never signed off). */
export function signOffForExport(reads: ReturnType<typeof signOffReads>, reviewId: string): SignOffWire | undefined {
  const b = reads.baseline(reviewId);
  return b ? { body_hash: b.body_hash, action: b.action, signed_by: b.signed_by, signed_at: b.signed_at } : undefined;
}

/**
 * Import, after the merge of one review: when the incoming version was applied (added or changed) and
 * carries a baseline, it becomes the office's baseline for that review. A conflict or an unchanged
 * replay stores nothing; a package without a baseline (written before it travelled) leaves the office's
 * own as it was.
 */
export function travelledSignOffs(db: WritableDB): (p: ReviewPayload, outcome: string) => void {
  const repo = signOffRepository(db); // statements prepared once per merge, not once per review
  return (p, outcome) => {
    if (!p.signoff || (outcome !== 'added' && outcome !== 'changed')) return;
    const here = repo.reviewOfAssignment(p.review.assignment_id);
    if (!here) return;
    // The office's revision counts its own updates, not the laptop's: it can stand for "untouched since"
    // only when the applied body is the signed-off one; otherwise -1 makes every list compare the hash.
    const untouched = reviewBodyHash(p.review, p.answers) === p.signoff.body_hash;
    const baseline: SignOffBaseline = { review_id: here.id, ...p.signoff, revision: untouched ? here.revision : -1 };
    repo.setBaseline(baseline);
  };
}
