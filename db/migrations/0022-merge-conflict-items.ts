import type { Migration } from './types';

/**
 * A merge conflict may now be resolved item by item (issue #18): the office takes some checklist
 * items from its own version and some from the incoming one, and the review is rescored. Such a
 * conflict ends as 'mixed' — neither 'kept_ours' nor 'took_theirs' would say what happened — and the
 * choices themselves go to the audit log. SQLite cannot change a CHECK constraint in place, so the
 * table is rebuilt with the same columns and indexes (nothing references it).
 */
export const mergeConflictItems: Migration = {
  version: 22,
  name: 'merge-conflict-items',
  up: (db) => {
    db.exec(`
      CREATE TABLE merge_conflicts_new (
        id TEXT PRIMARY KEY,
        campaign_id TEXT NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('review','facts','document_map','finding')),
        entity_id TEXT NOT NULL,
        store_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        content_hash TEXT NOT NULL,
        payload TEXT NOT NULL,                -- the incoming version, as sent
        status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','kept_ours','took_theirs','mixed','superseded')),
        created_at TEXT NOT NULL,
        resolved_at TEXT,
        resolved_by TEXT
      ) STRICT;
      INSERT INTO merge_conflicts_new (id, campaign_id, kind, entity_id, store_id, version, content_hash, payload, status, created_at, resolved_at, resolved_by)
        SELECT id, campaign_id, kind, entity_id, store_id, version, content_hash, payload, status, created_at, resolved_at, resolved_by FROM merge_conflicts;
      DROP TABLE merge_conflicts;
      ALTER TABLE merge_conflicts_new RENAME TO merge_conflicts;
      CREATE UNIQUE INDEX merge_conflicts_once ON merge_conflicts (kind, entity_id, store_id, content_hash);
      CREATE INDEX merge_conflicts_open ON merge_conflicts (campaign_id, status);
    `);
  },
};
