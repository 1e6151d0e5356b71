import type { Migration } from './types';

/**
 * Edited drafts of campaign reports (the bulletin text the clerk rewrites before issuing). One row
 * per campaign and report kind; the body is the draft as JSON (title, 文号, 主送, text, 落款, date).
 */
export const reportDrafts: Migration = {
  version: 9,
  name: 'report-drafts',
  up: (db) => {
    db.exec(`
      CREATE TABLE report_drafts (
        campaign_id TEXT NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('bulletin')),
        body TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL,
        PRIMARY KEY (campaign_id, kind)
      ) STRICT;
    `);
  },
};
