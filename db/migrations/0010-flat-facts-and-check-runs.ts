import type { Migration } from './types';

const DATES_PREFIX = 'dates.';

/**
 * facts_override rewritten to flat keys: the nested `dates` object of earlier versions becomes
 * `dates.<field>` keys, the fact table's own keys (shared/domain/facts), so the store, the API and
 * the engine name a correction alike. A key already flat wins over its nested twin (it was written later).
 */
export function flattenFactsOverride(override: Record<string, unknown>): Record<string, unknown> {
  const { dates, ...rest } = override;
  if (!dates || typeof dates !== 'object' || Array.isArray(dates)) return override;
  const nested = Object.fromEntries(Object.entries(dates as Record<string, unknown>).map(([k, v]) => [DATES_PREFIX + k, v]));
  return { ...nested, ...rest };
}

/**
 * 1. Overrides stored flat (see flattenFactsOverride).
 * 2. check_runs: one row per automatic-check run, written by checks.run, so the findings summary reads
 *    the last run from a table instead of parsing audit-log JSON. Earlier runs are copied from the
 *    audit log (in their order) so the summary of an existing campaign keeps its last run.
 */
export const flatFactsAndCheckRuns: Migration = {
  version: 10,
  name: 'flat-facts-override-and-check-runs',
  up: (db) => {
    const update = db.prepare('UPDATE dossiers SET facts_override = ? WHERE id = ?');
    const nested = db.prepare(`SELECT id, facts_override FROM dossiers WHERE json_type(facts_override, '$.dates') = 'object'`).all() as {
      id: string;
      facts_override: string;
    }[];
    for (const r of nested) update.run(JSON.stringify(flattenFactsOverride(JSON.parse(r.facts_override) as Record<string, unknown>)), r.id);

    db.exec(`
      CREATE TABLE check_runs (
        seq INTEGER PRIMARY KEY,              -- run order (the last run has the highest)
        campaign_id TEXT NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
        scope TEXT NOT NULL CHECK (scope IN ('dossier','sample','campaign')),
        dossier_id TEXT,                      -- the dossier asked for (scope 'dossier'), as given
        case_no TEXT,
        dossiers INTEGER NOT NULL,
        proposed INTEGER NOT NULL,
        replaced INTEGER NOT NULL,
        already_decided INTEGER NOT NULL,
        actor TEXT NOT NULL,
        at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX check_runs_campaign ON check_runs (campaign_id, seq);

      INSERT INTO check_runs (campaign_id, scope, dossier_id, case_no, dossiers, proposed, replaced, already_decided, actor, at)
      SELECT a.entity_id, json_extract(a.after, '$.scope'), json_extract(a.after, '$.dossierId'), json_extract(a.after, '$.caseNo'),
             COALESCE(json_extract(a.after, '$.dossiers'), 0), COALESCE(json_extract(a.after, '$.proposed'), 0),
             COALESCE(json_extract(a.after, '$.replaced'), 0), COALESCE(json_extract(a.after, '$.alreadyDecided'), 0), a.actor, a.at
        FROM audit_log a JOIN campaigns c ON c.id = a.entity_id
       WHERE a.action = 'run_checks' AND a.entity = 'campaign' AND json_extract(a.after, '$.scope') IN ('dossier','sample','campaign')
       ORDER BY a.seq;
    `);
  },
};
