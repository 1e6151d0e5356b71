import type { Migration } from './types';

/**
 * Results packages (issue #18): what a team laptop sent (results_exports, acknowledged by the office's
 * receipt) and what the legal office merged — the laptops it knows (key, fingerprint, audit chain head),
 * the audit entries received from them, the packages imported, where each merged item came from
 * (merge_origins: laptop + the laptop's audit head at that version, so replays and older packages are
 * recognised), and the conflicts kept side by side until the office chooses.
 */
export const resultsMerge: Migration = {
  version: 16,
  name: 'results-merge',
  up: (db) => {
    db.exec(`
      CREATE TABLE results_exports (
        id TEXT PRIMARY KEY,
        campaign_id TEXT NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
        mode TEXT NOT NULL CHECK (mode IN ('full','incremental')),
        since_export_id TEXT,
        audit_to_seq INTEGER NOT NULL,
        audit_to_hash TEXT NOT NULL,
        file_name TEXT NOT NULL,
        created_at TEXT NOT NULL,
        acknowledged_at TEXT
      ) STRICT;
      CREATE INDEX results_exports_campaign ON results_exports (campaign_id, created_at);

      CREATE TABLE package_laptops (
        store_id TEXT PRIMARY KEY,            -- the laptop's store id: the laptop
        public_key TEXT NOT NULL UNIQUE,      -- raw Ed25519 key, hex: recorded on first import, never replaced
        fingerprint TEXT NOT NULL,
        label TEXT NOT NULL DEFAULT '',       -- the reviewers seen in its packages
        confirmed_by TEXT NOT NULL,
        first_import_at TEXT NOT NULL,
        last_import_at TEXT NOT NULL,
        audit_head_seq INTEGER NOT NULL DEFAULT 0,
        audit_head_hash TEXT NOT NULL DEFAULT ''
      ) STRICT;

      CREATE TABLE received_audit (
        store_id TEXT NOT NULL REFERENCES package_laptops(store_id),
        seq INTEGER NOT NULL,
        id TEXT NOT NULL,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        entity TEXT NOT NULL,
        entity_id TEXT,
        before TEXT,
        after TEXT,
        reason TEXT,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL,
        PRIMARY KEY (store_id, seq)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX received_audit_entity ON received_audit (entity_id);

      CREATE TABLE package_imports (
        id TEXT PRIMARY KEY,
        export_id TEXT NOT NULL,
        store_id TEXT NOT NULL REFERENCES package_laptops(store_id),
        campaign_id TEXT NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
        mode TEXT NOT NULL,
        audit_to_seq INTEGER NOT NULL,
        file_name TEXT NOT NULL,
        summary TEXT NOT NULL,
        imported_at TEXT NOT NULL,
        actor TEXT NOT NULL
      ) STRICT;

      CREATE TABLE merge_origins (
        kind TEXT NOT NULL CHECK (kind IN ('review','facts','document_map','finding')),
        entity_id TEXT NOT NULL,
        store_id TEXT NOT NULL,               -- the laptop whose version is in the store, or 'office'
        version INTEGER NOT NULL,             -- that laptop's audit head when it sent this version
        content_hash TEXT NOT NULL,           -- of the version as merged: an office edit since shows as a mismatch
        signed_off_hash TEXT,                 -- reviews: the answers and comments last merged as submitted or locked
        changed_since_signoff INTEGER NOT NULL DEFAULT 0 CHECK (changed_since_signoff IN (0,1)),
        PRIMARY KEY (kind, entity_id)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE merge_conflicts (
        id TEXT PRIMARY KEY,
        campaign_id TEXT NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('review','facts','document_map','finding')),
        entity_id TEXT NOT NULL,
        store_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        content_hash TEXT NOT NULL,
        payload TEXT NOT NULL,                -- the incoming version, as sent
        status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','kept_ours','took_theirs','superseded')),
        created_at TEXT NOT NULL,
        resolved_at TEXT,
        resolved_by TEXT
      ) STRICT;
      CREATE UNIQUE INDEX merge_conflicts_once ON merge_conflicts (kind, entity_id, store_id, content_hash);
      CREATE INDEX merge_conflicts_open ON merge_conflicts (campaign_id, status);
    `);
  },
};
