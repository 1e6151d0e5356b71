/** What the 统计与导出 screen and an export request read: dossiers by id or case number, and the list of assigned dossiers. */
import type { ExportDossierRow } from '../../shared/api/namespaces/exports';
import type { ReadableDB } from '../handles';

export interface DossierRef {
  id: string;
  caseNo: string;
}

type ListRow = Omit<ExportDossierRow, 'reviewStatus' | 'reviewers' | 'total' | 'grade' | 'veto'> & { reviewId: string | null; reviewers: string | null };
type ReviewRow = { status: 'draft' | 'submitted' | 'locked'; total: number | null; grade: string | null; veto: number };

export function exportReads(db: ReadableDB) {
  const byId = db.prepare('SELECT id, case_no AS caseNo FROM dossiers WHERE id = ? AND campaign_id = ?');
  const byCaseNo = db.prepare('SELECT id, case_no AS caseNo FROM dossiers WHERE case_no = ? AND campaign_id = ?');
  // Each dossier's most advanced review: locked before submitted before draft, the primary reviewer's first, then the latest.
  const dossiers = db.prepare(
    `SELECT d.id AS dossierId, d.case_no AS caseNo, d.unit_id AS unitId, u.name AS unitName, d.case_type AS caseType, d.procedure,
            (SELECT r.id FROM reviews r JOIN assignments a ON a.id = r.assignment_id WHERE r.dossier_id = d.id
              ORDER BY CASE r.status WHEN 'locked' THEN 0 WHEN 'submitted' THEN 1 ELSE 2 END, CASE a.role WHEN 'primary' THEN 0 ELSE 1 END, r.updated_at DESC
              LIMIT 1) AS reviewId,
            (SELECT group_concat(name, '、') FROM (SELECT DISTINCT rv.name FROM assignments a JOIN reviewers rv ON rv.id = a.reviewer_id
              WHERE a.dossier_id = d.id AND a.status = 'active' ORDER BY a.role DESC, rv.name)) AS reviewers
     FROM dossiers d JOIN units u ON u.id = d.unit_id
     WHERE d.campaign_id = @campaignId AND (@unitId IS NULL OR d.unit_id = @unitId)
       AND EXISTS (SELECT 1 FROM assignments a WHERE a.dossier_id = d.id)
     ORDER BY u.name, d.case_no`,
  );
  const review = db.prepare('SELECT status, total, grade, veto FROM reviews WHERE id = ?');
  return {
    dossierInCampaign: (id: string, campaignId: string): DossierRef | undefined => byId.get(id, campaignId) as DossierRef | undefined,
    dossierByCaseNo: (caseNo: string, campaignId: string): DossierRef | undefined => byCaseNo.get(caseNo, campaignId) as DossierRef | undefined,
    /** The campaign's assigned dossiers (of one unit when given), by unit and case number. */
    dossiers: (campaignId: string, unitId: string | null): ExportDossierRow[] =>
      (dossiers.all({ campaignId, unitId }) as ListRow[]).map(({ reviewId, reviewers, ...r }) => {
        const rv = reviewId ? (review.get(reviewId) as ReviewRow) : null;
        return {
          ...r,
          reviewStatus: rv?.status ?? 'not_started',
          reviewers: reviewers ? reviewers.split('、') : [],
          total: rv?.total ?? null,
          grade: rv?.grade ?? null,
          veto: rv?.veto === 1,
        };
      }),
  };
}
