import type { Migration } from './types';

/**
 * PIN lock-out (#18): wrong PINs in a row per roster member, and until when further tries are refused.
 * Kept in the store, not in memory, so restarting the app does not hand a guesser five fresh tries.
 * Its own table (not a reviewers column) so campaign packages, which copy the roster, never carry it.
 */
export const pinLockouts: Migration = {
  version: 20,
  name: 'pin-lockouts',
  up: (db) => {
    db.exec(`
      CREATE TABLE pin_lockouts (
        reviewer_id TEXT PRIMARY KEY REFERENCES reviewers(id) ON DELETE CASCADE,
        failures INTEGER NOT NULL CHECK (failures >= 0),   -- wrong PINs since the last right one, reset or lock-out end
        last_failure_at TEXT NOT NULL,
        locked_until TEXT                                  -- ISO time; NULL while under the limit
      ) STRICT;
    `);
  },
};
