import type { Migration } from './types';

/**
 * 评查规则参数: the values a legal office sets for its campaign (较大数额, 立案期限, 陈述申辩期 …),
 * campaign-wide (sector '') or for one 执法领域. Only values that differ from the built-in defaults
 * are stored; the catalogue (shared/domain/rules/settings-catalogue.ts) says what each key means.
 * value is JSON (a number, string, boolean or null).
 * Also fills in the 2026 holiday notice's document number in stores seeded before it was verified.
 */
export const campaignRuleSettings: Migration = {
  version: 12,
  name: 'campaign-rule-settings',
  up: (db) => {
    db.exec(`
      CREATE TABLE campaign_rule_settings (
        campaign_id TEXT NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
        sector TEXT NOT NULL DEFAULT '',
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL,
        PRIMARY KEY (campaign_id, sector, key)
      ) WITHOUT ROWID;
    `);
    // The built-in 2026 schedule was seeded without its document number (it was then unverified);
    // it has since been checked against the notice. Only a seed row nobody replaced is touched.
    db.prepare(`UPDATE calendar_years SET source = ? WHERE year = 2026 AND source = ?`).run(
      '国务院办公厅关于2026年部分节假日安排的通知（国办发明电〔2025〕7号）',
      '国务院办公厅关于2026年部分节假日安排的通知',
    );
  },
};
