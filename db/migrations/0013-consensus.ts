import type { Migration } from './types';

/**
 * 合议, 复核 and 异议: several opinions on a dossier turned into one result.
 * - decided_answers: the answer per item the 组长/法制机构 agreed (合议), the re-check fixed (复核)
 *   or an objection ruling changed, each with its reason, who and when. The reviewers' own answers
 *   stay untouched in `answers`; the counted result layers these over them (electron/core/consensus).
 * - rechecks: a dossier's 复核 once opened/closed (the queue itself is computed from the campaign's
 *   trigger settings, so changing a setting re-sorts the queue without a migration of data).
 * - objections + objection_files: an agency's 异议 (dossier, items, who, when, grounds, files) and
 *   the office's ruling with the score before and after.
 * The trigger settings live in campaigns.settings (JSON, key `consensus`), not here.
 */
export const consensus: Migration = {
  version: 13,
  name: 'consensus',
  up: (db) => {
    db.exec(`
      CREATE TABLE objections (
        id TEXT PRIMARY KEY,
        campaign_id TEXT NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
        dossier_id TEXT NOT NULL REFERENCES dossiers(id) ON DELETE CASCADE,
        item_codes TEXT NOT NULL,              -- JSON array of the contested item codes
        objector TEXT NOT NULL,                -- who objects (unit contact, as they signed)
        notified_on TEXT,                      -- when the unit was told its results (YYYY-MM-DD)
        lodged_on TEXT NOT NULL,               -- when the objection arrived (YYYY-MM-DD)
        grounds TEXT NOT NULL,
        ruling TEXT CHECK (ruling IN ('upheld','partly','rejected')),
        ruling_reason TEXT,
        ruled_by TEXT,
        ruled_at TEXT,
        total_before REAL,
        total_after REAL,
        grade_before TEXT,
        grade_after TEXT,
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX objections_campaign ON objections (campaign_id, dossier_id);

      CREATE TABLE objection_files (
        id TEXT PRIMARY KEY,
        objection_id TEXT NOT NULL REFERENCES objections(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        size INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        content BLOB NOT NULL,
        added_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX objection_files_objection ON objection_files (objection_id);

      CREATE TABLE decided_answers (
        id TEXT PRIMARY KEY,
        dossier_id TEXT NOT NULL REFERENCES dossiers(id) ON DELETE CASCADE,
        stage TEXT NOT NULL CHECK (stage IN ('agreed','recheck','objection')),
        objection_id TEXT NOT NULL DEFAULT '',  -- the ruling's objection for stage 'objection', '' otherwise
        item_code TEXT NOT NULL,
        verdict TEXT NOT NULL CHECK (verdict IN ('conform','deduct','na','veto')),
        deduction REAL NOT NULL DEFAULT 0 CHECK (deduction >= 0),
        occurrences INTEGER NOT NULL DEFAULT 0 CHECK (occurrences >= 0),
        note TEXT NOT NULL DEFAULT '',
        page_refs TEXT NOT NULL DEFAULT '[]',
        reason TEXT NOT NULL,                   -- why this is the answer (合议/复核意见, 裁定理由)
        decided_by TEXT NOT NULL,
        decided_at TEXT NOT NULL,
        UNIQUE (dossier_id, stage, objection_id, item_code)
      ) STRICT;

      CREATE TABLE rechecks (
        dossier_id TEXT PRIMARY KEY REFERENCES dossiers(id) ON DELETE CASCADE,
        campaign_id TEXT NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
        reasons TEXT NOT NULL,                  -- JSON: the triggers as they stood when closed
        conclusion TEXT NOT NULL,
        closed_by TEXT NOT NULL,
        closed_at TEXT NOT NULL
      ) STRICT;
    `);
  },
};
