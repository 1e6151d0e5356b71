/** campaign_rule_settings: a campaign's 评查规则参数, campaign-wide (sector '') or per 执法领域. */
import type { ReadableDB, WritableDB } from '../handles';

export interface RuleSettingRow {
  key: string;
  sector: string;
  value: number | string | boolean | null;
  updatedAt: string;
  updatedBy: string;
}

interface DbRow {
  key: string;
  sector: string;
  value: string;
  updated_at: string;
  updated_by: string;
}

const toRow = (r: DbRow): RuleSettingRow => ({
  key: r.key,
  sector: r.sector,
  value: JSON.parse(r.value) as RuleSettingRow['value'],
  updatedAt: r.updated_at,
  updatedBy: r.updated_by,
});

export function ruleSettingReads(db: ReadableDB) {
  const list = db.prepare('SELECT key, sector, value, updated_at, updated_by FROM campaign_rule_settings WHERE campaign_id = ? ORDER BY sector, key');
  const one = db.prepare('SELECT key, sector, value, updated_at, updated_by FROM campaign_rule_settings WHERE campaign_id = ? AND sector = ? AND key = ?');
  const sectors = db.prepare(
    `SELECT COALESCE(TRIM(field), '') AS field, COUNT(*) AS n FROM dossiers WHERE campaign_id = ? GROUP BY 1 ORDER BY n DESC`,
  );
  // The earliest and latest date the register records for the campaign's dossiers (ISO text sorts as dates).
  const span = db.prepare(
    `SELECT MIN(MIN(COALESCE(date_discovered, date_closed), COALESCE(date_filed, date_closed), COALESCE(date_applied, date_closed), date_closed)) AS first,
            MAX(MAX(COALESCE(date_decision_served, ''), COALESCE(date_paid, ''), COALESCE(date_enforced, ''), COALESCE(date_released, ''), date_closed)) AS last
       FROM dossiers WHERE campaign_id = ?`,
  );
  const anyReview = db.prepare('SELECT EXISTS (SELECT 1 FROM reviews r JOIN dossiers d ON d.id = r.dossier_id WHERE d.campaign_id = ?)').pluck();
  const drawPool = db.prepare(
    `SELECT d.case_no AS caseNo, d.case_type AS caseType, d.procedure, EXISTS (SELECT 1 FROM dossier_files f WHERE f.dossier_id = d.id) AS hasPdf
       FROM dossiers d WHERE d.campaign_id = ? ORDER BY d.case_no`,
  );
  return {
    /** The campaign's dossiers as the sampling pre-check sees them: type, procedure, whether a 卷宗 PDF is attached. */
    drawPool: (campaignId: string): { caseNo: string; caseType: string; procedure: string | null; hasPdf: number }[] =>
      drawPool.all(campaignId) as { caseNo: string; caseType: string; procedure: string | null; hasPdf: number }[],
    /** Whether any 评查表 exists in the campaign. */
    hasReviews: (campaignId: string): boolean => anyReview.get(campaignId) === 1,
    list: (campaignId: string): RuleSettingRow[] => (list.all(campaignId) as DbRow[]).map(toRow),
    /** 执法领域 text of the campaign's dossiers (the register's column), with counts. */
    dossierFields: (campaignId: string): { field: string; n: number }[] => sectors.all(campaignId) as { field: string; n: number }[],
    /** First and last register date of the campaign's dossiers (null when it has none). */
    dateSpan: (campaignId: string): { first: string | null; last: string | null } => span.get(campaignId) as { first: string | null; last: string | null },
    get: (campaignId: string, sector: string, key: string): RuleSettingRow | undefined => {
      const r = one.get(campaignId, sector, key) as DbRow | undefined;
      return r ? toRow(r) : undefined;
    },
  };
}

export function ruleSettingRepository(db: WritableDB) {
  const upsert = db.prepare(
    `INSERT INTO campaign_rule_settings (campaign_id, sector, key, value, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (campaign_id, sector, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
  );
  const del = db.prepare('DELETE FROM campaign_rule_settings WHERE campaign_id = ? AND sector = ? AND key = ?');
  return {
    ...ruleSettingReads(db),
    set: (campaignId: string, sector: string, key: string, value: RuleSettingRow['value'], now: string, actor: string): void => {
      upsert.run(campaignId, sector, key, JSON.stringify(value), now, actor);
    },
    remove: (campaignId: string, sector: string, key: string): boolean => del.run(campaignId, sector, key).changes > 0,
  };
}
