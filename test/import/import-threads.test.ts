/**
 * Large registers are imported by two worker threads (electron/core/import/threads.ts). The same
 * registers through either path must store the same rows and report the same result; errors and a
 * cancel must store nothing; and the store must be usable at once afterwards.
 */
import { describe, expect, it } from 'vitest';
import { importRegisters, type ImportThreads } from '../../electron/core/import';
import { previewRegisterFile } from '../../electron/core/import/rows';
import { importThreadsIdle } from '../../electron/core/import/threads';
import { WORKER_THRESHOLD_BYTES } from '../../electron/core/import';
import { importMappingRepository } from '../../db/repositories/units';
import type { RegisterImportResult } from '../../shared/api/namespaces/registers';
import { encodeCsv, generateRegisterRows, registerToCsv } from '../fixtures/registers';
import { useTempDir } from '../foundation/temp';
import { callCtx, edit, openHarness, upload, type ImportHarness } from './helpers';

const rows = generateRegisterRows({ seed: 7, count: 400 });
const gbk = (r: typeof rows) => encodeCsv(registerToCsv(r), 'gbk');
const file = (name: string, bytes: Uint8Array) => ({ source: { name, bytes } });

async function run(h: ImportHarness, threads: ImportThreads, files: ReturnType<typeof file>[], applyChanges = false) {
  const res = await importRegisters(h.core.context, { campaignId: h.campaignId, files, threads, applyChanges, actor: callCtx.actor, today: '2026-11-23' });
  await importThreadsIdle();
  return res;
}

/** The result without what differs by construction between two stores (fresh ids). */
const comparable = (r: RegisterImportResult) => ({ ...r, files: r.files.map((f) => ({ ...f, importId: f.importId ? 'set' : null })) });

/** Every stored dossier, keyed by case number, without ids and timestamps. */
function storedRows(h: ImportHarness) {
  return h.core.store.db
    .prepare(
      `SELECT d.*, u.name AS unit_name FROM dossiers d JOIN units u ON u.id = d.unit_id ORDER BY d.case_no`,
    )
    .all()
    .map((r) => {
      const { id: _id, campaign_id: _c, unit_id: _u, import_id: importId, created_at: _a, updated_at: _b, ...rest } = r as Record<string, unknown>;
      return { ...rest, hasImport: importId !== null };
    });
}

describe('registers.import in worker threads', () => {
  const tempDir = useTempDir();

  it('stores the same rows and reports the same result as the inline path, audit chain intact', async () => {
    const inline = await openHarness(tempDir());
    const threaded = await openHarness(tempDir());
    const first = [file('甲单位.csv', gbk(rows.slice(0, 250))), file('乙单位.csv', gbk(rows.slice(250)))];
    const a = await run(inline, 'inline', first);
    const b = await run(threaded, 'workers', first);
    expect(b.imported).toBe(400);
    expect(comparable(b)).toEqual(comparable(a));
    expect(storedRows(threaded)).toEqual(storedRows(inline));
    expect(await threaded.api.audit.verify({})).toMatchObject({ ok: true });

    // Re-import with two edited rows and one new: the changed report, then applying it.
    const fined = rows.findIndex((r) => r.罚款金额);
    const next = [...edit(rows, [3, '当事人', '改名某某'], [fined, '罚款金额', '1,200.50元']), { ...rows[0], 案卷编号: `${rows[0].案卷编号}-补` }];
    const again = [file('全部.csv', gbk(next))];
    const ra = await run(inline, 'inline', again);
    const rb = await run(threaded, 'workers', again);
    expect(rb).toMatchObject({ imported: 1, unchanged: 398, applied: false });
    expect(rb.changed.map((c) => c.changes.map((x) => x.label).join()).sort()).toEqual(['当事人', '罚款金额'].sort());
    expect(comparable(rb)).toEqual(comparable(ra));
    const applied = await run(threaded, 'workers', again, true);
    expect(applied).toMatchObject({ applied: true, imported: 0 });
    expect(applied.changed).toHaveLength(2);
    const page = await threaded.api.dossiers.list({ campaignId: threaded.campaignId, search: '改名某某', limit: 5 });
    expect(page.total).toBe(1);
    expect(await threaded.api.audit.verify({})).toMatchObject({ ok: true });
    inline.core.close();
    threaded.core.close();
  });

  it('an error in any file stores nothing and lists the same errors as the inline path', async () => {
    const inline = await openHarness(tempDir());
    const threaded = await openHarness(tempDir());
    const bad = edit(rows, [120, '结案日期', '2024-02-30'], [300, '案件类型', '行政奖励']);
    const files = [file('好.csv', gbk(rows.slice(0, 10))), file('坏.csv', gbk(bad))];
    const before = threaded.snapshot();
    const a = await run(inline, 'inline', files);
    const b = await run(threaded, 'workers', files);
    // 坏.csv repeats the rows of 好.csv, but a file with errors is not checked across files.
    expect(b).toMatchObject({ imported: 0, errorTotal: 2 });
    expect(b.errors.map((e) => [e.file, e.row, e.column])).toEqual([
      ['坏.csv', 122, '结案日期'],
      ['坏.csv', 302, '案件类型'],
    ]);
    expect(comparable(b)).toEqual(comparable(a));
    expect(threaded.snapshot()).toEqual(before);
    // The writer released the store: an ordinary write works at once.
    await threaded.api.campaigns.create({ name: '之后的活动', year: 2025 });
    inline.core.close();
    threaded.core.close();
  });

  it('a file refused after its rows began to flow reports only why it is unusable, as the inline path does', async () => {
    // Past the first 50 rows the mapping is settled and rows are already on their way to the writer.
    const long = edit(rows, [20, '结案日期', '2024-02-30'], [300, '案由', '长'.repeat(10_001)]);
    const csv = registerToCsv(rows);
    const lines = csv.split('\n');
    lines[396] = lines[396].replace(/,([^,]*)$/, ',"$1'); // an opening quote that never closes (the last rows run into it)
    const cases = [
      { files: [file('好.csv', gbk(rows.slice(0, 10))), file('长.csv', gbk(long))], error: ['长.csv', 302, '案由'], message: /内容过长/ },
      { files: [file('引号.csv', encodeCsv(lines.join('\n'), 'gbk'))], error: ['引号.csv', 397, ''], message: /引号不成对/ },
    ];
    for (const c of cases) {
      const inline = await openHarness(tempDir());
      const threaded = await openHarness(tempDir());
      const before = threaded.snapshot();
      const a = await run(inline, 'inline', c.files);
      const b = await run(threaded, 'workers', c.files);
      // Only the read error: the date error in row 22 of 长.csv is not listed, as the file was never usable.
      expect(b).toMatchObject({ imported: 0, errorTotal: 1, warningTotal: 0 });
      expect(b.errors.map((e) => [e.file, e.row, e.column])).toEqual([c.error]);
      expect(b.errors[0].message).toMatch(c.message);
      expect(comparable(b)).toEqual(comparable(a));
      expect(threaded.snapshot()).toEqual(before);
      inline.core.close();
      threaded.core.close();
    }
  });

  it('records each file’s exact row count once it has been read, whatever the progress estimate was', async () => {
    const h = await openHarness(tempDir());
    // Line breaks inside quoted cells: more lines than rows, so the estimate from lines is too high.
    const multiline = edit(rows, ...Array.from({ length: 40 }, (_, i): [number, string, string] => [i * 10, '案由', '第一行\n第二行']));
    const res = await run(h, 'workers', [file('多行.csv', gbk(multiline))]);
    expect(res).toMatchObject({ imported: 400, errorTotal: 0 });
    expect(res.files[0].rowCount).toBe(400);
    expect(h.core.store.db.prepare('SELECT row_count FROM register_imports').pluck().all()).toEqual([400]);
    h.core.close();
  });

  it('runs as a job with progress, and a cancel stores nothing and frees the store', async () => {
    const h = await openHarness(tempDir());
    const big = generateRegisterRows({ seed: 11, count: 20_000 });
    const input = { campaignId: h.campaignId, files: [upload('大目录.csv', gbk(big))] };
    const before = h.snapshot();

    const { jobId } = await h.api.registers.startImport(input);
    let job = await h.api.jobs.get({ id: jobId });
    while (job.status === 'running' && job.done === 0) {
      await new Promise((r) => setTimeout(r, 5));
      job = await h.api.jobs.get({ id: jobId });
    }
    expect(job.status).toBe('running');
    expect(job.total).toBe(20_000);
    await h.api.jobs.cancel({ id: jobId });
    const cancelled = await h.core.context.jobs.wait(jobId);
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.error?.message).toMatch(/已取消，未保存任何数据/);
    await importThreadsIdle();
    expect(h.snapshot()).toEqual(before);

    // Run to the end this time: done, every row stored, progress complete.
    const again = await h.api.registers.startImport(input);
    const done = await h.core.context.jobs.wait(again.jobId);
    expect(done).toMatchObject({ status: 'done', done: 20_000, total: 20_000, result: { imported: 20_000, errorTotal: 0 } });
    expect(h.dossierCount()).toBe(20_000);
    h.core.close();
  });

  it('previews a large register on a worker thread, with the saved mapping, as the inline read would', async () => {
    const h = await openHarness(tempDir());
    const big = generateRegisterRows({ seed: 4, count: 3500 });
    // Another system's header for 当事人, mapped once and saved for the unit.
    const bytes = encodeCsv(registerToCsv(big).replace(/^案卷编号(.*?)当事人/, '案卷编号$1相对人'), 'gbk');
    expect(bytes.byteLength).toBeGreaterThan(WORKER_THRESHOLD_BYTES);
    await h.api.registers.saveMapping({ unitName: big[0].执法单位, mapping: { 相对人: '当事人' } });

    const preview = await h.api.registers.preview({ campaignId: h.campaignId, file: upload('大目录.csv', bytes), limit: 3 });
    expect(preview).toMatchObject({ file: '大目录.csv', encoding: 'gb18030', rowCount: 3500, savedMappingUnit: big[0].执法单位, missingRequired: [] });
    expect(preview.suggestedMapping.相对人).toBe('当事人');
    expect(preview.rows).toHaveLength(3);
    const inline = await previewRegisterFile({ source: { name: '大目录.csv', bytes }, sheet: null, limit: 3, savedMappings: importMappingRepository(h.core.store.db).list() });
    expect(preview).toEqual(inline);
    h.core.close();
  });
});
