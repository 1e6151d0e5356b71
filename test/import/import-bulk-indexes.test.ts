/**
 * A register imported into an empty dossiers table is loaded with the table's secondary indexes
 * dropped and rebuilt once at the end, inside the import's transaction (db/repositories/dossier-bulk-load.ts).
 * Whatever happens, the store must end with exactly the indexes its migrations define, and queries
 * that use them must see every row.
 */
import { describe, expect, it } from 'vitest';
import { importRegisters, type ImportThreads } from '../../electron/core/import';
import { importThreadsIdle } from '../../electron/core/import/threads';
import { deferDossierIndexesWhenEmpty } from '../../db/repositories/dossier-bulk-load';
import { encodeCsv, generateRegisterRows, registerToCsv } from '../fixtures/registers';
import { useTempDir } from '../foundation/temp';
import { callCtx, edit, openHarness, type ImportHarness } from './helpers';

const rows = generateRegisterRows({ seed: 11, count: 300 });
const csv = (r: typeof rows) => encodeCsv(registerToCsv(r), 'gbk');
const file = (name: string, bytes: Uint8Array) => ({ source: { name, bytes } });

const dossierIndexes = (h: ImportHarness) =>
  h.core.store.db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'dossiers' ORDER BY name`).all();

async function run(h: ImportHarness, threads: ImportThreads, files: ReturnType<typeof file>[]) {
  const res = await importRegisters(h.core.context, { campaignId: h.campaignId, files, threads, actor: callCtx.actor, today: '2026-11-23' });
  await importThreadsIdle();
  return res;
}

describe('bulk load into an empty dossiers table', () => {
  const tempDir = useTempDir();

  for (const threads of ['inline', 'workers'] as const) {
    it(`${threads}: the indexes come back exactly as defined, and index-served queries see every row`, async () => {
      const h = await openHarness(tempDir());
      const before = dossierIndexes(h);
      expect(before.filter((i) => (i as { sql: string | null }).sql).length).toBeGreaterThanOrEqual(3);
      const res = await run(h, threads, [file('甲.csv', csv(rows))]);
      expect(res.imported).toBe(300);
      expect(dossierIndexes(h)).toEqual(before);
      // Served by dossiers_search (campaign-wide scan) and dossiers_list (unit filter).
      const all = await h.api.dossiers.list({ campaignId: h.campaignId, sort: 'caseNo', limit: 500 });
      expect(all.total).toBe(300);
      const units = await h.api.units.list({ campaignId: h.campaignId });
      const byUnit = await h.api.dossiers.list({ campaignId: h.campaignId, unitId: units[0].id, sort: '-dateClosed', limit: 500 });
      expect(byUnit.total).toBe(rows.filter((r) => r.执法单位 === units[0].name).length);
      expect(h.core.store.db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(await h.api.audit.verify({})).toMatchObject({ ok: true });
      h.core.close();
    });

    it(`${threads}: an import with an error restores the dropped indexes with the rollback`, async () => {
      const h = await openHarness(tempDir());
      const before = dossierIndexes(h);
      const res = await run(h, threads, [file('坏.csv', csv(edit(rows, [200, '结案日期', '2024-02-30'])))]);
      expect(res.errorTotal).toBe(1);
      expect(dossierIndexes(h)).toEqual(before);
      expect(h.core.store.db.prepare('SELECT COUNT(*) FROM dossiers').pluck().get()).toBe(0);
      h.core.close();
    });
  }

  it('drops the non-unique indexes of an empty table inside a transaction and rebuilds them from their stored SQL', async () => {
    const h = await openHarness(tempDir());
    const db = h.core.store.db;
    const before = dossierIndexes(h);
    db.exec('BEGIN');
    try {
      const deferred = deferDossierIndexesWhenEmpty(db)!;
      expect(deferred.names).toEqual(expect.arrayContaining(['dossiers_list', 'dossiers_search']));
      const during = dossierIndexes(h) as { name: string; sql: string | null }[];
      // Only the constraint indexes (primary key, UNIQUE (campaign_id, case_no)) are left.
      expect(during.every((i) => i.sql === null)).toBe(true);
      deferred.rebuild();
      expect(dossierIndexes(h)).toEqual(before);
    } finally {
      db.exec('ROLLBACK');
    }
    h.core.close();
  });

  it('leaves the indexes alone when the table already has rows, or outside a transaction', async () => {
    const h = await openHarness(tempDir());
    const db = h.core.store.db;
    expect(deferDossierIndexesWhenEmpty(db)).toBeNull();
    await run(h, 'inline', [file('甲.csv', csv(rows.slice(0, 10)))]);
    const before = dossierIndexes(h);
    db.exec('BEGIN');
    try {
      expect(deferDossierIndexesWhenEmpty(db)).toBeNull();
      expect(dossierIndexes(h)).toEqual(before);
    } finally {
      db.exec('ROLLBACK');
    }
    // A second register into the same store keeps the indexes in place (maintained row by row).
    const res = await run(h, 'workers', [file('乙.csv', csv(rows.slice(10)))]);
    expect(res.imported).toBe(290);
    expect(dossierIndexes(h)).toEqual(before);
    h.core.close();
  });
});
