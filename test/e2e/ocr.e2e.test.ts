/**
 * OCR in Chromium against the real core: a scanned dossier is attached through the API, the header
 * shows "识别中 n/m" while the worker reads it (停止 pauses it, 继续 resumes), then the viewer shows the
 * document map found by OCR and a search hit boxed on the page image. Run after `npx vite build`.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { newId, nowIso } from '../../db/util';
import type { AttachResult } from '../../shared/api/namespaces/files';
import { makeScan, SCAN_SPEC } from '../ocr/scan-fixtures';
import { coreApi, screenshot, startApp, tempDir, type RunningApp } from './support';

let app: RunningApp | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
});

describe('OCR of a scanned dossier in the app', () => {
  it('shows progress in the header, then the document map and a boxed search hit in the viewer', async () => {
    const dir = tempDir('dossier-ocr-e2e-');
    app = await startApp({ dbPath: join(dir, 'store.sqlite'), viewport: { width: 1400, height: 900 } });
    const { core, page } = app;
    const db = core.store.db;
    const now = nowIso();
    const campaignId = newId();
    const unitId = newId();
    db.prepare(`INSERT INTO campaigns (id, name, year, created_at, updated_at) VALUES (?, '扫描件识别测试', 2024, ?, ?)`).run(campaignId, now, now);
    db.prepare(`INSERT INTO units (id, name, created_at) VALUES (?, ?, ?)`).run(unitId, SCAN_SPEC.unit, now);
    db.prepare(
      `INSERT INTO dossiers (id, campaign_id, unit_id, case_no, case_type, cause, party, date_closed, file_ref, content_hash, created_at, updated_at)
       VALUES (?, ?, ?, 'OCR-2024-001', '行政处罚', '销售不合格食品', ?, '2024-06-30', NULL, 'h', ?, ?)`,
    ).run(newId(), campaignId, unitId, SCAN_SPEC.party, now, now);
    const scan = await makeScan();
    writeFileSync(join(dir, 'OCR-2024-001.pdf'), scan.bytes);

    // Attach as the UI does (files.attach → job); OCR starts by itself when the job is done.
    const api = coreApi(core);
    const { jobId } = await api.files.attach({ campaignId, files: [{ name: 'OCR-2024-001.pdf', path: join(dir, 'OCR-2024-001.pdf') }] });
    const job = await core.context.jobs.wait(jobId);
    expect(job.status).toBe('done');
    const fileId = (job.result as AttachResult).matched[0]!.fileId;

    // The header indicator appears while the pages are read…
    const indicator = page.getByTestId('ocr-progress');
    await indicator.waitFor({ timeout: 15_000 });
    expect(await indicator.innerText()).toMatch(/识别中 \d+\/8/);
    await screenshot(page, 'ocr-progress');
    // Stop keeps what was read and shows what is left; 继续 picks up from there.
    await indicator.getByRole('button', { name: '停止文字识别' }).click();
    await expect.poll(() => indicator.innerText(), { timeout: 15_000 }).toMatch(/识别已暂停，余 \d+ 页/);
    await screenshot(page, 'ocr-paused');
    await indicator.getByRole('button', { name: '继续' }).click();
    await expect.poll(() => indicator.innerText(), { timeout: 15_000 }).toMatch(/识别中 \d+\/\d+/);
    // …and goes away when every page has been read (title bands, then full pages).
    await indicator.waitFor({ state: 'detached', timeout: 150_000 });
    expect((await api.files.ocrStatus({ campaignId })).pending).toEqual({ title: 0, full: 0 });

    // The viewer shows the documents OCR found, with their start pages.
    await page.goto(`${app.baseUrl}viewer.html#file=${fileId}&token=${app.token}`);
    const items = page.getByTestId('document-map-item');
    await expect.poll(() => items.count(), { timeout: 20_000 }).toBe(3);
    const texts = await items.allInnerTexts();
    expect(texts[0]).toContain('立案审批表');
    expect(texts[1]).toContain('行政处罚事先告知书');
    expect(texts[2]).toContain('行政处罚决定书');
    await page.locator('[data-page="1"] .pdfv-badge-ocr').waitFor({ timeout: 20_000 });

    // Search finds OCR text and boxes it on the page image.
    await page.getByTestId('pdf-viewer').focus();
    await page.keyboard.press('Control+f');
    await page.keyboard.type('抽样检验报告');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('search-hit').innerText(), { timeout: 20_000 }).toContain('第 3 页');
    const hit = page.locator('[data-page="3"] [data-testid="ocr-hit"]').first();
    await hit.waitFor({ timeout: 20_000 });
    const box = await hit.boundingBox();
    expect(box!.width).toBeGreaterThan(20);
    await screenshot(page, 'ocr-viewer-search');
    expect(app.pageErrors).toEqual([]);
  }, 240_000);
});
