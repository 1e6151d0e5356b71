import { caseNoSortKey } from '../../shared/domain/register/natural';
import type { Migration } from './types';

/**
 * Per-unit import counts: register_imports.unit_counts (JSON [{unitName, imported, unchanged, changed}]).
 *
 * Natural sort of 案卷编号 (〔2024〕2号 before 〔2024〕10号): a stored sort key (see caseNoSortKey).
 * The key leads the campaign-wide covering index that 0005 added for search and sampling, so sorting
 * by case number walks an index and imports still maintain the same number of indexes (each one
 * slows every 50,000-row import).
 */
export const caseNoSortKeyMigration: Migration = {
  version: 6,
  name: 'case-no-sort-key',
  up: (db) => {
    db.exec(`ALTER TABLE register_imports ADD COLUMN unit_counts TEXT NOT NULL DEFAULT '[]'`);
    db.exec(`ALTER TABLE dossiers ADD COLUMN case_no_sort TEXT NOT NULL DEFAULT ''`);
    const update = db.prepare('UPDATE dossiers SET case_no_sort = ? WHERE id = ?');
    for (const r of db.prepare('SELECT id, case_no FROM dossiers').all() as { id: string; case_no: string }[]) {
      update.run(caseNoSortKey(r.case_no), r.id);
    }
    db.exec(`
      DROP INDEX IF EXISTS dossiers_search;
      CREATE INDEX dossiers_search ON dossiers (campaign_id, case_no_sort, case_no, party, unit_id, case_type, date_closed, id);
    `);
  },
};
