import type { Migration } from './types';

/**
 * Who is at the keyboard: a reviewer's optional PIN (an scrypt hash, `scrypt$N$r$p$salt$hash`; never
 * exported) and the last 退回 of a review — its reason, who sent it back and when — so the
 * reviewer sees why in the workspace (the audit log keeps every earlier one).
 */
export const reviewRoles: Migration = {
  version: 15,
  name: 'review-roles',
  up: (db) => {
    db.exec(`
      ALTER TABLE reviewers ADD COLUMN pin_hash TEXT;
      ALTER TABLE reviews ADD COLUMN returned_reason TEXT;
      ALTER TABLE reviews ADD COLUMN returned_by TEXT;
      ALTER TABLE reviews ADD COLUMN returned_at TEXT;
    `);
  },
};
