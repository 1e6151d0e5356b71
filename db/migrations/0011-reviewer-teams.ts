import type { Migration } from './types';

/**
 * 评查组: the team a reviewer belongs to. A campaign package is made for one team, and a 组长 locks
 * and sends back the reviews of the team's reviewers. Empty = not in a named team (one-team campaigns).
 */
export const reviewerTeams: Migration = {
  version: 11,
  name: 'reviewer-teams',
  up: (db) => {
    db.exec(`ALTER TABLE reviewers ADD COLUMN team TEXT NOT NULL DEFAULT '';`);
  },
};
