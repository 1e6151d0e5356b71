import type { Migration } from './types';

/**
 * Index for the dossier list over large registers (50,000 rows per campaign): sorting a campaign by
 * closing date without reading every row. (Filtering by unit uses dossiers_list; sorting by case
 * number uses the UNIQUE (campaign_id, case_no) index; a case-type filter alone scans one campaign,
 * which is cheap, and each extra index slows every import.)
 */
export const dossierListIndexes: Migration = {
  version: 2,
  name: 'dossier-list-indexes',
  up: (db) => {
    db.exec(`
      CREATE INDEX dossiers_campaign_closed ON dossiers (campaign_id, date_closed);
    `);
  },
};
