import type { Migration } from './types';

/**
 * Where a campaign on a team laptop came from (issue #18): the campaign package's signer (the legal
 * office's public key, raw Ed25519 as hex), its team, and when it was made and imported. A later
 * campaign package for the same campaign must carry the same key; a store with a row here is a team
 * laptop for that campaign, a store without one made the campaign itself.
 */
export const campaignOrigins: Migration = {
  version: 14,
  name: 'campaign-origins',
  up: (db) => {
    db.exec(`
      CREATE TABLE campaign_origins (
        campaign_id TEXT PRIMARY KEY REFERENCES campaigns(id) ON DELETE CASCADE,
        team TEXT NOT NULL,
        office_public_key TEXT NOT NULL,
        office_fingerprint TEXT NOT NULL,
        package_created_at TEXT NOT NULL,
        imported_at TEXT NOT NULL,
        imported_by TEXT NOT NULL
      ) STRICT;
    `);
  },
};
