/** Who reviews which sampled dossier (assignments), and what the assignment algorithm reads. */
import type { Assignment } from '../../shared/api/namespaces/assignments';
import type { AssignDossier, ReviewerConflict } from '../../shared/domain/sampling';
import type { ReadableDB, WritableDB } from '../handles';

interface AssignmentRow {
  id: string;
  dossier_id: string;
  case_no: string;
  dossier_unit: string;
  reviewer_id: string;
  reviewer_name: string;
  reviewer_unit: string;
  role: 'primary' | 'cross';
  status: 'active' | 'withdrawn';
  withdrawn_reason: string | null;
  assigned_at: string;
}

const toAssignment = (r: AssignmentRow): Assignment => ({
  id: r.id,
  dossierId: r.dossier_id,
  caseNo: r.case_no,
  dossierUnit: r.dossier_unit,
  reviewerId: r.reviewer_id,
  reviewerName: r.reviewer_name,
  reviewerUnit: r.reviewer_unit,
  role: r.role,
  status: r.status,
  withdrawnReason: r.withdrawn_reason,
  assignedAt: r.assigned_at,
});

/** An active assignment as the algorithm sees it. */
export interface ActiveAssignment {
  id: string;
  dossierId: string;
  reviewerId: string;
  role: 'primary' | 'cross';
}

export interface NewAssignment {
  id: string;
  campaignId: string;
  dossierId: string;
  reviewerId: string;
  role: 'primary' | 'cross';
  seed: string;
  assignedAt: string;
}

const SELECT = `
  SELECT a.id, a.dossier_id, d.case_no, u.name AS dossier_unit, a.reviewer_id, r.name AS reviewer_name,
         r.unit_name AS reviewer_unit, a.role, a.status, a.withdrawn_reason, a.assigned_at
  FROM assignments a JOIN dossiers d ON d.id = a.dossier_id JOIN units u ON u.id = d.unit_id
  JOIN reviewers r ON r.id = a.reviewer_id`;

export function assignmentReads(db: ReadableDB) {
  const list = db.prepare(`${SELECT} WHERE a.campaign_id = ? ORDER BY a.status, d.case_no, a.role DESC, r.name`);
  const listForReviewer = db.prepare(`${SELECT} WHERE a.campaign_id = ? AND a.reviewer_id = ? ORDER BY a.status, d.case_no`);
  const active = db.prepare(`SELECT dossier_id AS dossierId, reviewer_id AS reviewerId, role, id FROM assignments WHERE campaign_id = ? AND status = 'active'`);
  const sampled = db.prepare(
    `SELECT d.id, d.case_no AS caseNo, u.name AS unitName, d.unit_id AS unitId, d.party
     FROM sample_draws s JOIN samples x ON x.draw_id = s.id AND x.withdrawn = 0
     JOIN dossiers d ON d.id = x.dossier_id JOIN units u ON u.id = d.unit_id
     WHERE s.campaign_id = ? AND s.is_current = 1`,
  );
  const dossier = db.prepare(
    `SELECT d.id, d.case_no AS caseNo, u.name AS unitName, d.unit_id AS unitId, d.party, d.campaign_id AS campaignId FROM dossiers d JOIN units u ON u.id = d.unit_id WHERE d.id = ?`,
  );
  const conflicts = db.prepare(
    `SELECT c.reviewer_id AS reviewerId, c.dossier_id AS dossierId, c.unit_id AS unitId, u.name AS unitName, c.party, c.reason
     FROM reviewer_conflicts c JOIN reviewers r ON r.id = c.reviewer_id LEFT JOIN units u ON u.id = c.unit_id WHERE r.campaign_id = ?`,
  );
  const hasReview = db.prepare('SELECT 1 FROM reviews WHERE assignment_id = ?');
  return {
    list: (campaignId: string, reviewerId?: string): Assignment[] =>
      ((reviewerId ? listForReviewer.all(campaignId, reviewerId) : list.all(campaignId)) as AssignmentRow[]).map(toAssignment),
    active: (campaignId: string): ActiveAssignment[] => active.all(campaignId) as ActiveAssignment[],
    /** The dossiers of the campaign's current sample that are not withdrawn. */
    sampled: (campaignId: string): AssignDossier[] => sampled.all(campaignId) as AssignDossier[],
    dossier: (id: string): (AssignDossier & { campaignId: string }) | undefined => dossier.get(id) as (AssignDossier & { campaignId: string }) | undefined,
    conflicts: (campaignId: string): ReviewerConflict[] => conflicts.all(campaignId) as ReviewerConflict[],
    hasReview: (assignmentId: string): boolean => hasReview.get(assignmentId) !== undefined,
  };
}

export function assignmentRepository(db: WritableDB) {
  const insert = db.prepare(
    `INSERT INTO assignments (id, campaign_id, dossier_id, reviewer_id, role, seed, status, assigned_at)
     VALUES (@id, @campaignId, @dossierId, @reviewerId, @role, @seed, 'active', @assignedAt)`,
  );
  const withdraw = db.prepare(`UPDATE assignments SET status = 'withdrawn', withdrawn_reason = ? WHERE id = ?`);
  const withdrawForDossier = db.prepare(`UPDATE assignments SET status = 'withdrawn', withdrawn_reason = ? WHERE dossier_id = ? AND status = 'active'`);
  return {
    ...assignmentReads(db),
    insert: (a: NewAssignment): void => void insert.run(a),
    withdraw: (id: string, reason: string): void => void withdraw.run(reason, id),
    /** Withdraws every active assignment of a dossier (it left the sample). */
    withdrawForDossier: (dossierId: string, reason: string): void => void withdrawForDossier.run(reason, dossierId),
  };
}
