/**
 * SQL for "who is at the keyboard": roster members as a session sees them (with the PIN hash, which
 * never leaves the core), the last 退回 of a review, and the 待锁定 list of a team.
 */
import type { ReadableDB, WritableDB } from '../handles';
import type { ReviewerRole } from '../../shared/api/namespaces/reviewers';
import type { AwaitingLockEntry } from '../../shared/api/namespaces/reviews';

/** The reviewer a review belongs to. */
export interface ReviewOwner {
  id: string;
  campaignId: string;
  team: string;
  name: string;
}

export interface MemberRow {
  id: string;
  campaignId: string;
  campaignName: string;
  name: string;
  unitName: string;
  role: ReviewerRole;
  team: string;
  pinHash: string | null;
}

const MEMBER = `SELECT r.id, r.campaign_id AS campaignId, c.name AS campaignName, r.name, r.unit_name AS unitName, r.role, r.team,
  r.pin_hash AS pinHash FROM reviewers r JOIN campaigns c ON c.id = r.campaign_id`;

export function reviewRoleReads(db: ReadableDB) {
  const member = db.prepare(`${MEMBER} WHERE r.id = ?`);
  const roster = db.prepare(`${MEMBER} WHERE r.campaign_id = ? ORDER BY r.role = 'legal_office' DESC, r.role = 'leader' DESC, r.team, r.name`);
  /** The reviewer of a review, and the campaign it belongs to: what decides who may lock it. */
  const reviewOwner = db.prepare(
    `SELECT rv.id, rv.campaign_id AS campaignId, rv.team, rv.name FROM reviews x JOIN reviewers rv ON rv.id = x.reviewer_id WHERE x.id = ?`,
  );
  const reviewerAsOwner = db.prepare(`SELECT id, campaign_id AS campaignId, team, name FROM reviewers WHERE id = ?`);
  const assigned = db.prepare(`SELECT 1 FROM assignments WHERE dossier_id = ? AND reviewer_id = ? AND status = 'active' LIMIT 1`).pluck();
  const dossierCase = db.prepare(`SELECT campaign_id AS campaignId, case_no AS caseNo FROM dossiers WHERE id = ?`);
  const dossierReviewIds = db.prepare(`SELECT id FROM reviews WHERE dossier_id = ? ORDER BY id`).pluck();
  const dossierAssignees = db.prepare(
    `SELECT DISTINCT rv.id, rv.campaign_id AS campaignId, rv.team, rv.name FROM assignments a JOIN reviewers rv ON rv.id = a.reviewer_id
     WHERE a.dossier_id = ? AND a.status = 'active' ORDER BY rv.name`,
  );
  const awaiting = db.prepare(
    `SELECT x.id AS reviewId, x.assignment_id AS assignmentId, x.dossier_id AS dossierId, d.case_no AS caseNo, u.name AS unitName,
            d.case_type AS caseType, rv.id AS reviewerId, rv.name AS reviewerName, rv.team, x.submitted_at AS submittedAt,
            x.total, x.grade, x.veto
     FROM reviews x JOIN reviewers rv ON rv.id = x.reviewer_id JOIN dossiers d ON d.id = x.dossier_id JOIN units u ON u.id = d.unit_id
     WHERE rv.campaign_id = @campaignId AND x.status = 'submitted' AND (@team IS NULL OR rv.team = @team) AND (@self IS NULL OR rv.id <> @self)
     ORDER BY x.submitted_at, d.case_no`,
  );
  return {
    member: (id: string) => member.get(id) as MemberRow | undefined,
    roster: (campaignId: string) => roster.all(campaignId) as MemberRow[],
    reviewOwner: (reviewId: string) => reviewOwner.get(reviewId) as ReviewOwner | undefined,
    /** A reviewer as the owner of reviews not yet opened (their assignments, their queue). */
    reviewerAsOwner: (reviewerId: string) => reviewerAsOwner.get(reviewerId) as ReviewOwner | undefined,
    /** Whether the reviewer is (actively) assigned to the dossier too: a co-reviewer, for blind review. */
    isAssigned: (dossierId: string, reviewerId: string): boolean => assigned.get(dossierId, reviewerId) !== undefined,
    /** A dossier's campaign and 案卷编号 (undefined: no such dossier). */
    dossierCase: (dossierId: string) => dossierCase.get(dossierId) as { campaignId: string; caseNo: string } | undefined,
    /** Every 评查表 of a dossier: what a dossier-wide sheet (its final result) is made from. */
    dossierReviewIds: (dossierId: string) => dossierReviewIds.all(dossierId) as string[],
    /** The reviewers actively assigned to a dossier: whose work its facts and finding decisions are. */
    dossierAssignees: (dossierId: string) => dossierAssignees.all(dossierId) as ReviewOwner[],
    /** team null = every team (the 法制机构); `self` = a 组长's own reviews, left out (not theirs to lock). */
    awaitingLock: (campaignId: string, team: string | null, self: string | null): Omit<AwaitingLockEntry, 'changedSinceSignOff'>[] =>
      (awaiting.all({ campaignId, team, self }) as (Omit<AwaitingLockEntry, 'veto' | 'changedSinceSignOff'> & { veto: number })[]).map((e) => ({ ...e, veto: e.veto === 1 })),
  };
}

export function reviewRoleRepository(db: WritableDB) {
  const setPin = db.prepare('UPDATE reviewers SET pin_hash = ? WHERE id = ?');
  const updateRoster = db.prepare('UPDATE reviewers SET role = @role, team = @team, cert_no = @certNo, phone = @phone WHERE id = @id');
  const setReturn = db.prepare('UPDATE reviews SET returned_reason = @reason, returned_by = @by, returned_at = @at WHERE id = @id');
  return {
    ...reviewRoleReads(db),
    setPin: (id: string, hash: string | null) => void setPin.run(hash, id),
    /** A roster import's change to someone already on the roster. */
    updateRosterFields: (id: string, f: { role: ReviewerRole; team: string; certNo: string | null; phone: string | null }) => void updateRoster.run({ id, ...f }),
    /** The last 退回 (all null to clear it once the review is submitted again). */
    setReturn: (id: string, r: { reason: string | null; by: string | null; at: string | null }) => void setReturn.run({ id, ...r }),
  };
}
