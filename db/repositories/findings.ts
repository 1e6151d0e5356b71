/**
 * Findings (检查发现) and the automatic-check runs that propose them, plus what a run reads besides
 * the dossiers: which dossiers a run covers and the discretion-benchmark tiers. The checks code in
 * electron/core/checks holds the logic; the SQL lives here.
 */
import type Database from 'better-sqlite3';
import type { CheckSummary, StoredFinding } from '../../shared/api/namespaces/checks';
import type { StoredDossierRow } from './dossiers';

const SELECT_DOSSIER = 'SELECT d.*, u.name AS unit_name FROM dossiers d JOIN units u ON u.id = d.unit_id';

/** A benchmark item's tier joined with its document (yuan ranges only, tiers with a circumstance). */
export interface BenchmarkTierRow {
  itemId: string;
  code: string;
  name: string;
  issuer: string;
  docNo: string | null;
  title: string;
  effectiveFrom: string | null;
  effectiveTo: string | null;
  circumstance: string;
  fineMin: number | null;
  fineMax: number | null;
  tier: string;
  penaltyTypes: string;
}

/** An automatic finding as a run proposes it. */
export interface ProposedFinding {
  id: string;
  dossierId: string;
  ruleId: string;
  law: string | null;
  article: number | null;
  severity: string;
  itemCode: string | null;
  message: string;
  computation: string;
  kind: string;
  createdAt: string;
}

/** One automatic-check run, as recorded in check_runs. */
export interface CheckRunRecord {
  campaignId: string;
  scope: 'dossier' | 'sample' | 'campaign';
  dossierId: string | null;
  caseNo: string | null;
  dossiers: number;
  proposed: number;
  replaced: number;
  alreadyDecided: number;
  actor: string;
  at: string;
}

export interface FindingFilter {
  campaignId: string;
  dossierId?: string;
  findingId?: string;
  ruleId?: string;
  unitId?: string;
  kind?: 'violation' | 'cannot_check';
  limit?: number;
}

/** A stored finding as the decisions read it, with its dossier's campaign. */
export interface FindingRecord {
  id: string;
  campaign_id: string;
  dossier_id: string;
  status: 'proposed' | 'confirmed' | 'dismissed';
  severity: 'veto' | 'deduction' | 'advisory';
  kind: 'violation' | 'cannot_check';
  item_code: string | null;
  rule_id: string | null;
  law: string | null;
  article: number | null;
  message: string;
  computation: string;
  review_id: string | null;
  decision_reason: string | null;
}

export interface FindingDecision {
  id: string;
  status: FindingRecord['status'];
  reason: string | null;
  at: string | null;
  by: string | null;
  reviewId: string | null;
}

export type FindingCounts = { proposed: number; confirmed: number; dismissed: number; cannotCheck: number; dossiers: number };

const COUNTS = `SUM(f.kind = 'violation' AND f.status = 'proposed') AS proposed,
         SUM(f.kind = 'violation' AND f.status = 'confirmed') AS confirmed,
         SUM(f.kind = 'violation' AND f.status = 'dismissed') AS dismissed,
         SUM(f.kind = 'cannot_check') AS cannotCheck,
         COUNT(DISTINCT CASE WHEN f.kind = 'violation' THEN f.dossier_id END) AS dossiers`;
const FROM_CAMPAIGN = `FROM findings f JOIN dossiers d ON d.id = f.dossier_id WHERE d.campaign_id = ?`;

export function findingRepository(db: Database.Database) {
  const q = {
    dossierById: db.prepare(`${SELECT_DOSSIER} WHERE d.id = ? AND d.campaign_id = ?`),
    dossierByCaseNo: db.prepare(`${SELECT_DOSSIER} WHERE d.case_no = ? AND d.campaign_id = ?`),
    currentDraw: db.prepare('SELECT id FROM sample_draws WHERE campaign_id = ? AND is_current = 1').pluck(),
    sampled: db.prepare(`${SELECT_DOSSIER} JOIN samples s ON s.dossier_id = d.id WHERE s.draw_id = ? AND s.withdrawn = 0 ORDER BY d.case_no`),
    campaignDossiers: db.prepare(`${SELECT_DOSSIER} WHERE d.campaign_id = ? ORDER BY d.case_no`),
    benchmarkTiers: db.prepare(
      `SELECT i.id AS itemId, i.code, i.violation_name AS name, d.issuer, d.doc_no AS docNo, d.title,
              d.effective_from AS effectiveFrom, d.effective_to AS effectiveTo,
              t.circumstance, t.fine_min AS fineMin, t.fine_max AS fineMax, t.tier, t.penalty_types AS penaltyTypes
         FROM benchmark_items i JOIN benchmark_docs d ON d.id = i.doc_id JOIN benchmark_tiers t ON t.item_id = i.id
        WHERE i.range_unit = 'yuan' AND t.circumstance IS NOT NULL
        ORDER BY d.effective_from DESC, i.id`,
    ),
    deleteProposed: db.prepare(`DELETE FROM findings WHERE dossier_id = ? AND origin = 'auto' AND status = 'proposed'`),
    decided: db.prepare(`SELECT rule_id, item_code FROM findings WHERE dossier_id = ? AND origin = 'auto' AND status IN ('confirmed','dismissed')`),
    insertProposed: db.prepare(
      `INSERT INTO findings (id, dossier_id, origin, rule_id, law, article, severity, item_code, message, computation, status, kind, created_at)
       VALUES (@id, @dossierId, 'auto', @ruleId, @law, @article, @severity, @itemCode, @message, @computation, 'proposed', @kind, @createdAt)`,
    ),
    withCampaign: db.prepare('SELECT f.*, d.campaign_id FROM findings f JOIN dossiers d ON d.id = f.dossier_id WHERE f.id = ?'),
    setDecision: db.prepare(
      'UPDATE findings SET status = @status, decision_reason = @reason, decided_at = @at, decided_by = @by, review_id = @reviewId WHERE id = @id',
    ),
    insertRun: db.prepare(
      `INSERT INTO check_runs (campaign_id, scope, dossier_id, case_no, dossiers, proposed, replaced, already_decided, actor, at)
       VALUES (@campaignId, @scope, @dossierId, @caseNo, @dossiers, @proposed, @replaced, @alreadyDecided, @actor, @at)`,
    ),
    lastRun: db.prepare('SELECT at, actor, dossiers, scope FROM check_runs WHERE campaign_id = ? ORDER BY seq DESC LIMIT 1'),
    totals: db.prepare(`SELECT ${COUNTS} ${FROM_CAMPAIGN}`),
    byRule: db.prepare(`SELECT f.rule_id AS ruleId, MAX(f.law) AS law, MAX(f.article) AS article, ${COUNTS} ${FROM_CAMPAIGN} GROUP BY f.rule_id`),
    byUnit: db.prepare(
      `SELECT d.unit_id AS unitId, u.name AS unitName, ${COUNTS} ${FROM_CAMPAIGN.replace('WHERE', 'JOIN units u ON u.id = d.unit_id WHERE')} GROUP BY d.unit_id`,
    ),
  };
  return {
    dossierById: (campaignId: string, id: string) => q.dossierById.get(id, campaignId) as StoredDossierRow | undefined,
    dossierByCaseNo: (campaignId: string, caseNo: string) => q.dossierByCaseNo.get(caseNo, campaignId) as StoredDossierRow | undefined,
    /** The campaign's current sample draw, if one was drawn. */
    currentDraw: (campaignId: string) => q.currentDraw.get(campaignId) as string | undefined,
    sampledDossiers: (drawId: string) => q.sampled.all(drawId) as StoredDossierRow[],
    campaignDossiers: (campaignId: string) => q.campaignDossiers.all(campaignId) as StoredDossierRow[],
    benchmarkTiers: () => q.benchmarkTiers.all() as BenchmarkTierRow[],

    /** Removes a dossier's proposed automatic findings (confirmed and dismissed ones stay); returns how many. */
    deleteProposed: (dossierId: string): number => q.deleteProposed.run(dossierId).changes,
    /** Rule + item pairs a reviewer already confirmed or dismissed for the dossier. */
    decided: (dossierId: string) => q.decided.all(dossierId) as { rule_id: string | null; item_code: string | null }[],
    insertProposed: (f: ProposedFinding): void => void q.insertProposed.run(f),
    withCampaign: (id: string) => q.withCampaign.get(id) as FindingRecord | undefined,
    /** A reviewer's decision on a finding (confirm, dismiss, or back to proposed). */
    setDecision: (d: FindingDecision): void => void q.setDecision.run(d),
    recordRun: (r: CheckRunRecord): void => void q.insertRun.run(r),
    lastRun: (campaignId: string): CheckSummary['lastRun'] => (q.lastRun.get(campaignId) as CheckSummary['lastRun'] | undefined) ?? null,

    list: (input: FindingFilter): StoredFinding[] => {
      const params: unknown[] = [input.campaignId];
      let where = 'd.campaign_id = ?';
      const filters: [keyof FindingFilter, string][] = [
        ['dossierId', 'd.id'],
        ['findingId', 'f.id'],
        ['ruleId', 'f.rule_id'],
        ['unitId', 'd.unit_id'],
        ['kind', 'f.kind'],
      ];
      for (const [key, column] of filters) {
        if (input[key] === undefined) continue;
        where += ` AND ${column} = ?`;
        params.push(input[key]);
      }
      return db
        .prepare(
          `SELECT f.id, f.dossier_id AS dossierId, d.case_no AS dossierNo, u.name AS unitName, f.origin, f.rule_id AS ruleId, f.law,
                  f.article, f.severity, f.item_code AS item, f.message, f.computation, f.kind, f.status,
                  f.decision_reason AS decisionReason, f.decided_at AS decidedAt, f.decided_by AS decidedBy, f.review_id AS reviewId, f.created_at AS createdAt
             FROM findings f JOIN dossiers d ON d.id = f.dossier_id JOIN units u ON u.id = d.unit_id
            WHERE ${where}
            ORDER BY d.case_no, f.created_at, f.rowid${input.limit !== undefined ? ' LIMIT ?' : ''}`,
        )
        .all(...params, ...(input.limit !== undefined ? [input.limit] : [])) as StoredFinding[];
    },

    /** Stored findings of a campaign counted in total, by rule and by unit (SQL aggregates). */
    totals: (campaignId: string) => (q.totals.get(campaignId) as FindingCounts | undefined) ?? null,
    countsByRule: (campaignId: string) =>
      q.byRule.all(campaignId) as (FindingCounts & { ruleId: string | null; law: string | null; article: number | null })[],
    countsByUnit: (campaignId: string) => q.byUnit.all(campaignId) as (FindingCounts & { unitId: string; unitName: string })[],
  };
}

export type FindingRepository = ReturnType<typeof findingRepository>;
