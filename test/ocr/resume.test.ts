/** OCR stops when cancelled (what was read stays), and resumes from the stored queue after a restart. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../db/store';
import { newId, nowIso } from '../../db/util';
import { createCoreContext } from '../../electron/core/context';
import { ocrService, stopOcr } from '../../electron/core/ocr/service';
import { attachFiles } from '../../electron/core/pdf/attach';
import { getDocumentMap } from '../../electron/core/pdf/documents';
import { makeScan, SCAN_SPEC } from './scan-fixtures';

const tmp = mkdtempSync(join(tmpdir(), 'dossier-ocr-resume-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('OCR cancel and resume', () => {
  it('keeps what was read when cancelled and finishes the rest after a restart', async () => {
    const dbPath = join(tmp, 'review.db');
    let store = await openStore(dbPath);
    let ctx = createCoreContext(store, '0.0.0-test');
    const now = nowIso();
    const campaignId = newId();
    const unitId = newId();
    const dossierId = newId();
    ctx.db.prepare(`INSERT INTO campaigns (id, name, year, created_at, updated_at) VALUES (?, '续识别', 2024, ?, ?)`).run(campaignId, now, now);
    ctx.db.prepare(`INSERT INTO units (id, name, created_at) VALUES (?, ?, ?)`).run(unitId, SCAN_SPEC.unit, now);
    ctx.db
      .prepare(
        `INSERT INTO dossiers (id, campaign_id, unit_id, case_no, case_type, cause, party, date_closed, file_ref, content_hash, created_at, updated_at)
         VALUES (?, ?, ?, 'R-1', '行政处罚', '销售不合格食品', '某当事人', '2024-06-30', NULL, 'h', ?, ?)`,
      )
      .run(dossierId, campaignId, unitId, now, now);
    writeFileSync(join(tmp, 'R-1.pdf'), (await makeScan()).bytes);
    await attachFiles(ctx, { campaignId, files: [{ name: 'R-1.pdf', path: join(tmp, 'R-1.pdf') }] });

    const service = ocrService(ctx);
    const jobId = service.start()!;
    while (service.status().done < 2) await sleep(100);
    const cancelled = service.cancel();
    expect(cancelled.paused).toBe(true);
    const job = await ctx.jobs.wait(jobId);
    expect(job.status).toBe('cancelled');
    const after = service.status();
    expect(after.running).toBe(false);
    const left = after.pending.title + after.pending.full;
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThanOrEqual(6);
    // Paused: a status poll does not restart it.
    expect(service.start()).toBe(jobId);
    expect(ctx.jobs.get(jobId).status).toBe('cancelled');
    await stopOcr(ctx);
    store.close();

    // Restart: a new core on the same store picks the queue up where it stopped.
    store = await openStore(dbPath);
    ctx = createCoreContext(store, '0.0.0-test');
    const again = ocrService(ctx);
    expect(again.status().pending.title + again.status().pending.full).toBe(left);
    const resumed = await ctx.jobs.wait(again.start()!);
    expect(resumed.status).toBe('done');
    expect((resumed.result as { pages: number }).pages).toBe(left);
    expect(getDocumentMap(ctx, { dossierId }).map((d) => d.startPage)).toEqual([1, 2, 4]);
    await stopOcr(ctx);
    store.close();
  }, 240_000);
});
