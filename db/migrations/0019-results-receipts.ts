import type { Migration } from './types';

/**
 * Receipts the legal office issued for the results packages it merged (issue #18): which import, where
 * the file was written, when and by whom. The office's 成果汇总 lists them per laptop, so the clerk sees
 * which teams still wait for a receipt (their next "since last" package starts after the receipted one).
 */
export const resultsReceipts: Migration = {
  version: 19,
  name: 'results-receipts',
  up: (db) => {
    db.exec(`
      CREATE TABLE results_receipts (
        id TEXT PRIMARY KEY,
        import_id TEXT NOT NULL REFERENCES package_imports(id) ON DELETE CASCADE,
        file_path TEXT NOT NULL,
        issued_at TEXT NOT NULL,
        issued_by TEXT NOT NULL
      ) STRICT;
      CREATE INDEX results_receipts_by_import ON results_receipts (import_id, issued_at);
    `);
  },
};
