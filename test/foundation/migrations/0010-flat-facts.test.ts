/**
 * Migration 10 in Signal Desktop's style: a store built at version 9 with the old data shapes,
 * migrated, then the rows read back.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../../db/migrations';
import { openStore } from '../../../db/store';
import { useTempDir } from '../temp';

/** Runs the migrations up to and including `version`, as an older program did. */
function updateToVersion(db: Database.Database, version: number): void {
  const from = db.pragma('user_version', { simple: true }) as number;
  for (const m of MIGRATIONS) {
    if (m.version <= from || m.version > version) continue;
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
}

const insertDossier = (db: Database.Database, id: string, caseNo: string, override: unknown) =>
  db
    .prepare(
      `INSERT INTO dossiers (id, campaign_id, unit_id, case_no, case_type, cause, party, date_closed, facts_override, content_hash, created_at, updated_at)
       VALUES (?, 'c1', 'u1', ?, '行政处罚', '案由', '当事人', '2024-05-30', ?, 'h', 'x', 'x')`,
    )
    .run(id, caseNo, JSON.stringify(override));

describe('migration 10: flat facts_override and check_runs', () => {
  const tempDir = useTempDir();

  it('spreads a nested dates object into dates.<field> keys, keeps flat keys, and copies earlier check runs', async () => {
    const path = join(tempDir(), 'v9.sqlite');
    const db = new Database(path);
    db.pragma('foreign_keys = ON');
    updateToVersion(db, 9);
    expect(db.pragma('user_version', { simple: true })).toBe(9);
    db.prepare(`INSERT INTO campaigns (id, name, year, created_at, updated_at) VALUES ('c1', '旧活动', 2024, 'x', 'x')`).run();
    db.prepare(`INSERT INTO units (id, name, created_at) VALUES ('u1', '甲局', 'x')`).run();
    insertDossier(db, 'd1', 'A-1', { dateDecisionServed: '2024-05-20', hearingRightNotified: true, dates: { violationEnded: '2024-02-01', lastEvidence: null } });
    insertDossier(db, 'd2', 'A-2', { fineYuan: 80.5, procedure: '简易程序' });
    insertDossier(db, 'd3', 'A-3', {});
    const audit = db.prepare(
      `INSERT INTO audit_log (id, at, actor, action, entity, entity_id, after, prev_hash, hash) VALUES (?, ?, ?, 'run_checks', 'campaign', 'c1', ?, '', ?)`,
    );
    audit.run('a1', '2024-06-01T08:00:00Z', '甲', JSON.stringify({ scope: 'campaign', dossierId: null, caseNo: null, dossiers: 3, proposed: 5, replaced: 0, alreadyDecided: 0 }), 'h1');
    audit.run('a2', '2024-06-02T08:00:00Z', '乙', JSON.stringify({ scope: 'dossier', dossierId: 'd1', caseNo: null, dossiers: 1, proposed: 2, replaced: 1, alreadyDecided: 1 }), 'h2');
    db.close();

    const store = await openStore(path);
    expect(store.schemaVersion).toBeGreaterThanOrEqual(10);
    const override = (id: string) => JSON.parse(store.db.prepare('SELECT facts_override FROM dossiers WHERE id = ?').pluck().get(id) as string) as unknown;
    expect(override('d1')).toEqual({ dateDecisionServed: '2024-05-20', hearingRightNotified: true, 'dates.violationEnded': '2024-02-01', 'dates.lastEvidence': null });
    expect(override('d2')).toEqual({ fineYuan: 80.5, procedure: '简易程序' });
    expect(override('d3')).toEqual({});
    expect(store.db.prepare('SELECT campaign_id, scope, dossier_id, dossiers, proposed, replaced, already_decided, actor, at FROM check_runs ORDER BY seq').all()).toEqual([
      { campaign_id: 'c1', scope: 'campaign', dossier_id: null, dossiers: 3, proposed: 5, replaced: 0, already_decided: 0, actor: '甲', at: '2024-06-01T08:00:00Z' },
      { campaign_id: 'c1', scope: 'dossier', dossier_id: 'd1', dossiers: 1, proposed: 2, replaced: 1, already_decided: 1, actor: '乙', at: '2024-06-02T08:00:00Z' },
    ]);
    store.close();
  });
});
