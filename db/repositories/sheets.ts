/** What a 评查表 reads besides the review itself: the dossier header, its reviews, reviewers and confirmed findings. */
import type { ReadableDB } from '../handles';

export interface SheetDossierRow {

  id: string;
  case_no: string;
  unit_name: string;
  case_type: string;
  procedure: string | null;
  field: string | null;
  cause: string;
  party: string;
  party_type: string | null;
  party_id_no: string | null;
  party_phone: string | null;
  date_filed: string | null;
  date_decision: string | null;
  date_closed: string | null;
  campaign_name: string;
  campaign_year: number;
  organiser: string;
}

export interface SheetReviewRef {

  id: string;
  status: string;
  role: string;
  reviewer: string;
}

export interface SheetFindingRow {
  rule_id: string | null;
  law: string | null;
  article: number | null;
  severity: string;
  item_code: string | null;
  message: string;
  computation: string;
}

export function sheetReads(db: ReadableDB) {
  const dossier = db.prepare(
    `SELECT d.id, d.case_no, u.name AS unit_name, d.case_type, d.procedure, d.field, d.cause, d.party, d.party_type, d.party_id_no,
            d.party_phone, d.date_filed, d.date_decision, d.date_closed, c.name AS campaign_name, c.year AS campaign_year, c.organiser
     FROM dossiers d JOIN units u ON u.id = d.unit_id JOIN campaigns c ON c.id = d.campaign_id
     WHERE d.id = ? AND d.campaign_id = ?`,
  );
  // The review a sheet prints first: the most advanced one (locked, then submitted, then draft), primary before cross.
  const reviews = db.prepare(
    `SELECT r.id, r.status, a.role, rv.name AS reviewer FROM reviews r
     JOIN assignments a ON a.id = r.assignment_id JOIN reviewers rv ON rv.id = r.reviewer_id
     WHERE r.dossier_id = ?
     ORDER BY CASE r.status WHEN 'locked' THEN 0 WHEN 'submitted' THEN 1 ELSE 2 END, CASE a.role WHEN 'primary' THEN 0 ELSE 1 END, r.updated_at DESC`,
  );
  const reviewers = db
    .prepare(
      `SELECT rv.name FROM assignments a JOIN reviewers rv ON rv.id = a.reviewer_id
       WHERE a.dossier_id = ? AND a.status = 'active' ORDER BY CASE a.role WHEN 'primary' THEN 0 ELSE 1 END, rv.name`,
    )
    .pluck();
  const findings = db.prepare(
    `SELECT rule_id, law, article, severity, item_code, message, computation FROM findings
     WHERE dossier_id = ? AND status = 'confirmed' ORDER BY CASE severity WHEN 'veto' THEN 0 WHEN 'deduction' THEN 1 ELSE 2 END, rule_id`,
  );
  return {
    dossier: (campaignId: string, dossierId: string) => dossier.get(dossierId, campaignId) as SheetDossierRow | undefined,
    reviewsOf: (dossierId: string) => reviews.all(dossierId) as SheetReviewRef[],
    assignedReviewers: (dossierId: string) => reviewers.all(dossierId) as string[],
    confirmedFindings: (dossierId: string) => findings.all(dossierId) as SheetFindingRow[],
  };
}
