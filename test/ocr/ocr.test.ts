/**
 * OCR end to end in Node: a generated scan is attached, the background job reads it in a worker
 * thread, the document map comes back from OCR with the right start pages, search finds OCR text
 * with boxes, the cache stops a second reading, and unreadable pages get reasons, not crashes.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../db/store';
import { newId, nowIso } from '../../db/util';
import { createCoreContext, type CoreContext } from '../../electron/core/context';
import { ocrService, filePageInfo, stopOcr } from '../../electron/core/ocr/service';
import { searchFileText } from '../../electron/core/ocr/search';
import { attachFiles } from '../../electron/core/pdf/attach';
import { getDocumentMap } from '../../electron/core/pdf/documents';
import { makeScan, makeUnreadablePdf, SCAN_SPEC } from './scan-fixtures';

let tmp: string;
let store: Store;
let ctx: CoreContext;
let campaignId: string;
const dossiers: Record<string, string> = {};

function addDossier(caseNo: string, unitId: string): void {
  const id = newId();
  const now = nowIso();
  ctx.db
    .prepare(
      `INSERT INTO dossiers (id, campaign_id, unit_id, case_no, case_type, cause, party, date_closed, file_ref, content_hash, created_at, updated_at)
       VALUES (?, ?, ?, ?, '行政处罚', '销售不合格食品', '某当事人', '2024-06-30', NULL, ?, ?, ?)`,
    )
    .run(id, campaignId, unitId, caseNo, `h-${caseNo}`, now, now);
  dossiers[caseNo] = id;
}

async function runOcr(): Promise<{ pages: number; fromCache: number }> {
  const jobId = ocrService(ctx).start({ resume: true });
  expect(jobId).not.toBeNull();
  const job = await ctx.jobs.wait(jobId!);
  expect(job.error).toBeNull();
  expect(job.status).toBe('done');
  return job.result as { pages: number; fromCache: number };
}

let scan: Awaited<ReturnType<typeof makeScan>>;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'dossier-ocr-'));
  store = await openStore(join(tmp, 'review.db'));
  ctx = createCoreContext(store, '0.0.0-test');
  campaignId = newId();
  const now = nowIso();
  ctx.db.prepare(`INSERT INTO campaigns (id, name, year, created_at, updated_at) VALUES (?, '2024年度案卷评查', 2024, ?, ?)`).run(campaignId, now, now);
  const unitId = newId();
  ctx.db.prepare(`INSERT INTO units (id, name, created_at) VALUES (?, ?, ?)`).run(unitId, SCAN_SPEC.unit, now);
  for (const no of ['S-1', 'S-2', 'S-3']) addDossier(no, unitId);
  scan = await makeScan();
  writeFileSync(join(tmp, 'S-1.pdf'), scan.bytes);
  writeFileSync(join(tmp, 'S-2.pdf'), scan.bytes); // the same scan in another dossier
  writeFileSync(join(tmp, 'S-3.pdf'), await makeUnreadablePdf());
}, 60_000);

afterAll(async () => {
  await stopOcr(ctx);
  store.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('OCR of a scanned dossier', () => {
  it('queues every image-only page at attach and finds the documents with their start pages', async () => {
    const r = await attachFiles(ctx, { campaignId, files: [{ name: 'S-1.pdf', path: join(tmp, 'S-1.pdf') }] });
    expect(r.matched[0]!.pagesWithoutText).toBe(4);
    expect(r.matched[0]!.documents).toEqual([]); // nothing readable before OCR
    expect(ocrService(ctx).status().pending).toEqual({ title: 4, full: 4 });

    const run = await runOcr();
    expect(run).toEqual({ pages: 8, fromCache: 0 });
    const map = getDocumentMap(ctx, { dossierId: dossiers['S-1']! });
    expect(map.map((d) => [d.title, d.startPage, d.endPage, d.source])).toEqual([
      ['立案审批表', 1, 1, 'ocr'],
      ['行政处罚事先告知书', 2, 3, 'ocr'],
      ['行政处罚决定书', 4, 4, 'ocr'],
    ]);
    expect(scan.starts).toEqual([1, 2, 4]);
    expect(ocrService(ctx).status().pending).toEqual({ title: 0, full: 0 });

    const fileId = r.matched[0]!.fileId;
    const pages = filePageInfo(ctx, fileId);
    expect(pages.every((p) => p.textSource === 'ocr' && p.ocr === 'full' && p.confidence! > 0.8)).toBe(true);

    // Full-page text is searchable, with a box on the page where the words are.
    const hits = searchFileText(ctx, { fileId, query: '示例样板食品有限公司' });
    expect(hits.map((h) => h.page)).toContain(2);
    const hit = hits.find((h) => h.page === 2)!;
    expect(hit.source).toBe('ocr');
    expect(hit.boxes.length).toBeGreaterThan(0);
    for (const b of hit.boxes) {
      expect(b.x).toBeGreaterThan(0);
      expect(b.x + b.w).toBeLessThanOrEqual(1);
      expect(b.y).toBeGreaterThan(0.05);
      expect(b.y).toBeLessThan(0.5);
    }
    // Body text of a continuation page (read only in the full pass).
    expect(searchFileText(ctx, { fileId, query: '抽样检验报告' }).map((h) => h.page)).toContain(3);
  }, 180_000);

  it('never reads the same page image twice: the same scan in another dossier comes from the cache', async () => {
    const cacheRows = (ctx.db.prepare('SELECT COUNT(*) AS n FROM ocr_cache').get() as { n: number }).n;
    await attachFiles(ctx, { campaignId, files: [{ name: 'S-2.pdf', path: join(tmp, 'S-2.pdf') }] });
    const run = await runOcr();
    expect(run).toEqual({ pages: 8, fromCache: 8 });
    expect((ctx.db.prepare('SELECT COUNT(*) AS n FROM ocr_cache').get() as { n: number }).n).toBe(cacheRows);
    expect(getDocumentMap(ctx, { dossierId: dossiers['S-2']! }).map((d) => d.startPage)).toEqual([1, 2, 4]);
  }, 120_000);

  it('gives blank, photo and broken pages an empty result with a reason and reads on', async () => {
    const r = await attachFiles(ctx, { campaignId, files: [{ name: 'S-3.pdf', path: join(tmp, 'S-3.pdf') }] });
    await runOcr();
    const pages = filePageInfo(ctx, r.matched[0]!.fileId);
    expect(pages).toHaveLength(3);
    for (const p of pages) {
      expect(p.textSource).toBe('none');
      expect(p.reason).toBeTruthy();
    }
    expect(pages[0]!.reason).toBe('空白页');
    expect(getDocumentMap(ctx, { dossierId: dossiers['S-3']! })).toEqual([]);
    expect(ocrService(ctx).status().pending).toEqual({ title: 0, full: 0 });
  }, 120_000);
});
