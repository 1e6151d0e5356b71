import type { Migration } from './types';

/**
 * The "changed since sign-off" mark (签批后有改动) on any store, not only for merged reviews: the
 * body of a review (answers, comments, score) as it stood when it was signed off — the first
 * submission, every 组长锁定, and the content a 退回 reopens — with the review's revision then, so a
 * list can tell "untouched since" without hashing (the hash is compared only when the revision moved).
 */
export const signoffBaselines: Migration = {
  version: 17,
  name: 'signoff-baselines',
  up: (db) => {
    db.exec(`
      CREATE TABLE review_signoffs (
        review_id TEXT PRIMARY KEY REFERENCES reviews(id) ON DELETE CASCADE,
        body_hash TEXT NOT NULL,        -- reviewBodyHash (electron/core/packages/results/wire.ts) at the sign-off
        revision INTEGER NOT NULL,      -- reviews.revision right after it
        action TEXT NOT NULL CHECK (action IN ('submit','lock','reopen')),
        signed_by TEXT NOT NULL,
        signed_at TEXT NOT NULL
      ) STRICT;
    `);
  },
};
