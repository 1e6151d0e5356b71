/**
 * The SQL behind 合议, 复核 and 异议 (migration 0013): the independent reviews of a dossier, the
 * decided answers layered over them, 复核 closures, objections and their files, and the campaign's
 * trigger settings (campaigns.settings → `consensus`).
 */
import type { DecisionStage } from '../../shared/domain/consensus/final';
import type { ReadableDB, WritableDB } from '../handles';

/** A review of a dossier with what 合议 and blind review need; in the order the base result is chosen. */
export interface DossierReviewRow {
  id: string;
  dossier_id: string;
  reviewer_id: string;
  reviewer: string;
  role: 'primary' | 'cross';
  status: 'draft' | 'submitted' | 'locked';
  template_id: string;
  total: number | null;
  grade: string | null;
  veto: number;
  submitted_at: string | null;
}

/** A submitted/locked review in a campaign, with its dossier's header (for the 合议 list and the 复核 queue). */
export interface CampaignReviewRow extends DossierReviewRow {
  case_no: string;
  unit_name: string;
  case_type: string;
  procedure: string | null;
}

export interface ReviewAnswerRow {
  item_code: string;
  verdict: string;
  deduction: number;
  occurrences: number;
  note: string;
  page_refs: string;
}

export interface DecidedAnswerRow extends ReviewAnswerRow {
  id: string;
  dossier_id: string;
  stage: DecisionStage;
  objection_id: string;
  reason: string;
  decided_by: string;
  decided_at: string;
}

export interface ConsensusDossierRow {
  id: string;
  campaign_id: string;
  case_no: string;
  unit_id: string;
  unit_name: string;
  case_type: string;
  procedure: string | null;
  cause: string;
  party: string;
}

export interface RecheckRow {
  dossier_id: string;
  campaign_id: string;
  reasons: string;
  conclusion: string;
  closed_by: string;
  closed_at: string;
}

export interface ObjectionRow {
  id: string;
  campaign_id: string;
  dossier_id: string;
  case_no: string;
  unit_name: string;
  item_codes: string;
  objector: string;
  notified_on: string | null;
  lodged_on: string;
  grounds: string;
  ruling: 'upheld' | 'partly' | 'rejected' | null;
  ruling_reason: string | null;
  ruled_by: string | null;
  ruled_at: string | null;
  total_before: number | null;
  total_after: number | null;
  grade_before: string | null;
  grade_after: string | null;
  created_by: string;
  created_at: string;
}

export interface ObjectionFileRow {
  id: string;
  objection_id: string;
  name: string;
  size: number;
  sha256: string;
  added_at: string;
}

const REVIEW_COLUMNS = `r.id, r.dossier_id, r.reviewer_id, rv.name AS reviewer, a.role, r.status, r.template_id, r.total, r.grade, r.veto, r.submitted_at`;
// Same precedence as the reports' counted review (db/repositories/reports.ts): locked, primary, latest.
const BASE_ORDER = `CASE r.status WHEN 'locked' THEN 0 WHEN 'submitted' THEN 1 ELSE 2 END, a.role = 'primary' DESC, r.updated_at DESC`;
const OBJECTION_SELECT = `SELECT o.*, d.case_no, u.name AS unit_name FROM objections o JOIN dossiers d ON d.id = o.dossier_id JOIN units u ON u.id = d.unit_id`;

export function consensusReads(db: ReadableDB) {
  const q = {
    dossier: db.prepare(
      `SELECT d.id, d.campaign_id, d.case_no, d.unit_id, u.name AS unit_name, d.case_type, d.procedure, d.cause, d.party
       FROM dossiers d JOIN units u ON u.id = d.unit_id WHERE d.id = ?`,
    ),
    reviewsOf: db.prepare(
      `SELECT ${REVIEW_COLUMNS} FROM reviews r JOIN assignments a ON a.id = r.assignment_id JOIN reviewers rv ON rv.id = r.reviewer_id
       WHERE r.dossier_id = ? ORDER BY ${BASE_ORDER}`,
    ),
    campaignReviews: db.prepare(
      `SELECT ${REVIEW_COLUMNS}, d.case_no, u.name AS unit_name, d.case_type, d.procedure
       FROM reviews r JOIN assignments a ON a.id = r.assignment_id JOIN reviewers rv ON rv.id = r.reviewer_id
       JOIN dossiers d ON d.id = r.dossier_id JOIN units u ON u.id = d.unit_id
       WHERE a.campaign_id = ? AND r.status IN ('submitted','locked') AND r.total IS NOT NULL AND r.grade IS NOT NULL
       ORDER BY d.case_no, ${BASE_ORDER}`,
    ),
    review: db.prepare('SELECT id, dossier_id, reviewer_id FROM reviews WHERE id = ?'),
    answers: db.prepare(`SELECT item_code, verdict, deduction, occurrences, note, page_refs FROM answers WHERE review_id = ?`),
    decided: db.prepare(`SELECT * FROM decided_answers WHERE dossier_id = ? ORDER BY decided_at`),
    decidedDossiers: db
      .prepare(`SELECT DISTINCT x.dossier_id FROM decided_answers x JOIN dossiers d ON d.id = x.dossier_id WHERE d.campaign_id = ?`)
      .pluck(),
    templateBody: db.prepare('SELECT body FROM checklist_templates WHERE id = ?').pluck(),
    campaignSettings: db.prepare('SELECT settings FROM campaigns WHERE id = ?').pluck(),
    reviewer: db.prepare('SELECT id, campaign_id, name, role FROM reviewers WHERE id = ?'),
    recheck: db.prepare('SELECT * FROM rechecks WHERE dossier_id = ?'),
    rechecks: db.prepare('SELECT * FROM rechecks WHERE campaign_id = ?'),
    objections: db.prepare(`${OBJECTION_SELECT} WHERE o.campaign_id = ? ORDER BY o.lodged_on DESC, o.created_at DESC`),
    objection: db.prepare(`${OBJECTION_SELECT} WHERE o.id = ?`),
    objectionFiles: db.prepare('SELECT id, objection_id, name, size, sha256, added_at FROM objection_files WHERE objection_id = ? ORDER BY added_at, name'),
    fileContent: db.prepare('SELECT name, content FROM objection_files WHERE id = ?'),
  };
  return {
    dossier: (id: string) => q.dossier.get(id) as ConsensusDossierRow | undefined,
    /** Every review of the dossier (drafts too), the one that counts first. */
    reviewsOf: (dossierId: string) => q.reviewsOf.all(dossierId) as DossierReviewRow[],
    /** Submitted and locked reviews of the campaign, grouped by dossier in case-number order. */
    campaignReviews: (campaignId: string) => q.campaignReviews.all(campaignId) as CampaignReviewRow[],
    review: (id: string) => q.review.get(id) as { id: string; dossier_id: string; reviewer_id: string } | undefined,
    answers: (reviewId: string) => q.answers.all(reviewId) as ReviewAnswerRow[],
    decided: (dossierId: string) => q.decided.all(dossierId) as DecidedAnswerRow[],
    decidedDossiers: (campaignId: string) => q.decidedDossiers.all(campaignId) as string[],
    templateBody: (id: string) => q.templateBody.get(id) as string | undefined,
    campaignSettings: (campaignId: string): unknown => {
      const s = q.campaignSettings.get(campaignId) as string | undefined;
      return s ? (JSON.parse(s) as unknown) : undefined;
    },
    reviewer: (id: string) => q.reviewer.get(id) as { id: string; campaign_id: string; name: string; role: string } | undefined,
    recheck: (dossierId: string) => q.recheck.get(dossierId) as RecheckRow | undefined,
    rechecks: (campaignId: string) => q.rechecks.all(campaignId) as RecheckRow[],
    objections: (campaignId: string) => q.objections.all(campaignId) as ObjectionRow[],
    objection: (id: string) => q.objection.get(id) as ObjectionRow | undefined,
    objectionFiles: (objectionId: string) => q.objectionFiles.all(objectionId) as ObjectionFileRow[],
    fileContent: (fileId: string) => q.fileContent.get(fileId) as { name: string; content: Buffer } | undefined,
  };
}

export type ConsensusReads = ReturnType<typeof consensusReads>;

export function consensusRepository(db: WritableDB) {
  const q = {
    upsertDecided: db.prepare(
      `INSERT INTO decided_answers (id, dossier_id, stage, objection_id, item_code, verdict, deduction, occurrences, note, page_refs, reason, decided_by, decided_at)
       VALUES (@id, @dossierId, @stage, @objectionId, @itemCode, @verdict, @deduction, @occurrences, @note, @pageRefs, @reason, @decidedBy, @decidedAt)
       ON CONFLICT (dossier_id, stage, objection_id, item_code) DO UPDATE SET verdict = excluded.verdict, deduction = excluded.deduction,
         occurrences = excluded.occurrences, note = excluded.note, page_refs = excluded.page_refs, reason = excluded.reason,
         decided_by = excluded.decided_by, decided_at = excluded.decided_at`,
    ),
    deleteDecided: db.prepare(`DELETE FROM decided_answers WHERE dossier_id = ? AND stage = ? AND objection_id = ? AND item_code = ?`),
    // json_set touches only our key: other features keep their parts of campaigns.settings.
    setConsensusSettings: db.prepare(`UPDATE campaigns SET settings = json_set(settings, '$.consensus', json(?)), updated_at = ? WHERE id = ?`),
    closeRecheck: db.prepare(
      `INSERT INTO rechecks (dossier_id, campaign_id, reasons, conclusion, closed_by, closed_at) VALUES (@dossierId, @campaignId, @reasons, @conclusion, @closedBy, @closedAt)
       ON CONFLICT (dossier_id) DO UPDATE SET reasons = excluded.reasons, conclusion = excluded.conclusion, closed_by = excluded.closed_by, closed_at = excluded.closed_at`,
    ),
    reopenRecheck: db.prepare('DELETE FROM rechecks WHERE dossier_id = ?'),
    insertObjection: db.prepare(
      `INSERT INTO objections (id, campaign_id, dossier_id, item_codes, objector, notified_on, lodged_on, grounds, created_by, created_at)
       VALUES (@id, @campaignId, @dossierId, @itemCodes, @objector, @notifiedOn, @lodgedOn, @grounds, @createdBy, @createdAt)`,
    ),
    insertFile: db.prepare(
      `INSERT INTO objection_files (id, objection_id, name, size, sha256, content, added_at) VALUES (@id, @objectionId, @name, @size, @sha256, @content, @addedAt)`,
    ),
    rule: db.prepare(
      `UPDATE objections SET ruling = @ruling, ruling_reason = @reason, ruled_by = @ruledBy, ruled_at = @ruledAt,
         total_before = @totalBefore, total_after = @totalAfter, grade_before = @gradeBefore, grade_after = @gradeAfter WHERE id = @id`,
    ),
  };
  return {
    ...consensusReads(db),
    upsertDecided: (a: {
      id: string;
      dossierId: string;
      stage: DecisionStage;
      objectionId: string;
      itemCode: string;
      verdict: string;
      deduction: number;
      occurrences: number;
      note: string;
      pageRefs: string;
      reason: string;
      decidedBy: string;
      decidedAt: string;
    }) => q.upsertDecided.run(a),
    deleteDecided: (dossierId: string, stage: DecisionStage, objectionId: string, itemCode: string) =>
      q.deleteDecided.run(dossierId, stage, objectionId, itemCode).changes,
    setConsensusSettings: (campaignId: string, settingsJson: string, at: string) => q.setConsensusSettings.run(settingsJson, at, campaignId).changes,
    closeRecheck: (r: { dossierId: string; campaignId: string; reasons: string; conclusion: string; closedBy: string; closedAt: string }) => q.closeRecheck.run(r),
    reopenRecheck: (dossierId: string) => q.reopenRecheck.run(dossierId).changes,
    insertObjection: (o: {
      id: string;
      campaignId: string;
      dossierId: string;
      itemCodes: string;
      objector: string;
      notifiedOn: string | null;
      lodgedOn: string;
      grounds: string;
      createdBy: string;
      createdAt: string;
    }) => q.insertObjection.run(o),
    insertFile: (f: { id: string; objectionId: string; name: string; size: number; sha256: string; content: Buffer; addedAt: string }) => q.insertFile.run(f),
    rule: (r: {
      id: string;
      ruling: string;
      reason: string;
      ruledBy: string;
      ruledAt: string;
      totalBefore: number | null;
      totalAfter: number | null;
      gradeBefore: string | null;
      gradeAfter: string | null;
    }) => q.rule.run(r),
  };
}
