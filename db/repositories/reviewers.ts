import type { WritableDB } from '../handles';
import type { Conflict, Reviewer, ReviewerRole } from '../../shared/api/namespaces/reviewers';

interface ReviewerRow {
  id: string;
  campaign_id: string;
  name: string;
  unit_name: string;
  role: ReviewerRole;
  cert_no: string | null;
  phone: string | null;
  team: string;
  load: number;
}

const toReviewer = (r: ReviewerRow): Reviewer => ({
  id: r.id,
  campaignId: r.campaign_id,
  name: r.name,
  unitName: r.unit_name,
  role: r.role,
  certNo: r.cert_no,
  phone: r.phone,
  team: r.team,
  load: r.load,
});

export interface NewReviewer {
  id: string;
  campaignId: string;
  name: string;
  unitName: string;
  role: ReviewerRole;
  certNo: string | null;
  phone: string | null;
  team: string;
  createdAt: string;
}

export interface NewConflict {
  id: string;
  reviewerId: string;
  dossierId: string | null;
  unitId: string | null;
  party: string | null;
  reason: string;
  declaredAt: string;
}

const SELECT = `
  SELECT r.*, (SELECT COUNT(*) FROM assignments a WHERE a.reviewer_id = r.id AND a.status = 'active') AS load
  FROM reviewers r`;

export function reviewerRepository(db: WritableDB) {
  const list = db.prepare(`${SELECT} WHERE r.campaign_id = ? ORDER BY r.role = 'leader' DESC, r.unit_name, r.name`);
  const get = db.prepare(`${SELECT} WHERE r.id = ?`);
  const findByName = db.prepare(`${SELECT} WHERE r.campaign_id = ? AND r.name = ? AND r.unit_name = ?`);
  const insert = db.prepare(
    `INSERT INTO reviewers (id, campaign_id, name, unit_name, unit_id, role, cert_no, phone, team, created_at)
     VALUES (@id, @campaignId, @name, @unitName, (SELECT id FROM units WHERE name = @unitName), @role, @certNo, @phone, @team, @createdAt)`,
  );
  const remove = db.prepare('DELETE FROM reviewers WHERE id = ?');
  const hasReviews = db.prepare('SELECT 1 FROM reviews WHERE reviewer_id = ? LIMIT 1');
  const insertConflict = db.prepare(
    `INSERT INTO reviewer_conflicts (id, reviewer_id, dossier_id, unit_id, party, reason, declared_at)
     VALUES (@id, @reviewerId, @dossierId, @unitId, @party, @reason, @declaredAt)`,
  );
  const conflicts = db.prepare(
    `SELECT c.*, r.name AS reviewer_name, d.case_no, u.name AS unit_name
     FROM reviewer_conflicts c JOIN reviewers r ON r.id = c.reviewer_id
     LEFT JOIN dossiers d ON d.id = c.dossier_id LEFT JOIN units u ON u.id = c.unit_id
     WHERE r.campaign_id = ? ORDER BY c.declared_at`,
  );
  return {
    list: (campaignId: string): Reviewer[] => (list.all(campaignId) as ReviewerRow[]).map(toReviewer),
    get: (id: string): Reviewer | undefined => {
      const r = get.get(id) as ReviewerRow | undefined;
      return r && toReviewer(r);
    },
    findByName: (campaignId: string, name: string, unitName: string): Reviewer | undefined => {
      const r = findByName.get(campaignId, name, unitName) as ReviewerRow | undefined;
      return r && toReviewer(r);
    },
    insert: (r: NewReviewer): void => void insert.run(r),
    remove: (id: string): boolean => remove.run(id).changes > 0,
    hasReviews: (id: string): boolean => hasReviews.get(id) !== undefined,
    insertConflict: (c: NewConflict): void => void insertConflict.run(c),
    conflicts: (campaignId: string): Conflict[] =>
      (
        conflicts.all(campaignId) as {
          id: string;
          reviewer_id: string;
          reviewer_name: string;
          dossier_id: string | null;
          case_no: string | null;
          unit_name: string | null;
          party: string | null;
          reason: string;
          declared_at: string;
        }[]
      ).map((c) => ({
        id: c.id,
        reviewerId: c.reviewer_id,
        reviewerName: c.reviewer_name,
        dossierId: c.dossier_id,
        caseNo: c.case_no,
        unitName: c.unit_name,
        party: c.party,
        reason: c.reason,
        declaredAt: c.declared_at,
      })),
  };
}
