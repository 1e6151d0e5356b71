import type { Migration } from './types';

/**
 * The newest signed audit chain head a laptop sent in a results package (issue #16): kept with the
 * laptop's record at the office as the head's JSON, signature included, so it can be checked again
 * later without the package. Null for laptops whose packages predate the head travelling.
 */
export const laptopSignedHead: Migration = {
  version: 21,
  name: 'laptop-signed-head',
  up: (db) => {
    db.exec(`ALTER TABLE package_laptops ADD COLUMN signed_head TEXT`);
  },
};
