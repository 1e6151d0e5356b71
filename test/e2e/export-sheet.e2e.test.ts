/** 统计与导出: export a dossier's 评查表 from the UI (browser download) and find the file, masked. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeSharedChromiumPrinter } from '../../electron/core/export/chromium-printer';
import { configureExports } from '../../electron/core/export/config';
import { ID_NUMBER, PARTY, reviewedFixture } from '../export/fixture';
import { pdfText } from '../export/helpers';
import { screenshot, startApp, tempDir, type RunningApp } from './support';

let app: RunningApp | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
  await closeSharedChromiumPrinter();
});

describe('exporting a 评查表 from the UI', () => {
  it('downloads the sheet PDF with the masked file name, the dossier number and the total inside', async () => {
    const dir = tempDir();
    const dbPath = join(dir, 'store.sqlite');
    const f = await reviewedFixture(dbPath);
    const { campaignId, caseNo } = f;
    const total = f.sheet.score.total;
    f.core.close();

    app = await startApp({ dbPath, viewport: { width: 1366, height: 900 } });
    const { page } = app;
    await page.evaluate((id) => localStorage.setItem('dossier-review.selectedCampaign', id), campaignId);
    await page.reload();
    await page.locator('.app-header').waitFor();
    await page.keyboard.press('Alt+4');
    await page.getByRole('heading', { name: '统计与导出' }).waitFor();
    const row = page.locator(`tr[data-case-no="${caseNo}"]`);
    await row.waitFor();
    await expect(row.locator('td').nth(5).textContent()).resolves.toBe(String(total));
    await screenshot(page, 'export-stats');

    const downloadPromise = page.waitForEvent('download', { timeout: 60_000 });
    await row.getByRole('button', { name: '评查表 PDF' }).click();
    const download = await downloadPromise;
    const name = download.suggestedFilename();
    expect(name).toMatch(/^评查表_.+\.pdf$/);
    expect(name).toContain(caseNo);
    expect(name).not.toContain(PARTY);
    const saved = join(dir, name);
    await download.saveAs(saved);
    const bytes = readFileSync(saved);
    const { all } = await pdfText(bytes);
    expect(all).toContain(caseNo);
    expect(all).toContain(`总分 ${total} 分`);
    expect(all).not.toContain(ID_NUMBER);
    await page.getByText(/已导出评查表/).waitFor();
    await screenshot(page, 'export-done');
    expect(app.pageErrors).toEqual([]);
  }, 180_000);

  it('shows the progress of a running export and cancels it without downloading anything', async () => {
    const dir = tempDir();
    const dbPath = join(dir, 'store.sqlite');
    const f = await reviewedFixture(dbPath);
    const { campaignId, caseNo } = f;
    f.core.close();
    app = await startApp({ dbPath });
    // A printer that never finishes on its own: the export stays running until cancelled.
    let release!: () => void;
    const stuck = new Promise<void>((r) => (release = r));
    configureExports(app.core.context, { printer: { print: async () => (await stuck, Buffer.from('%PDF-1.7')) } });
    const { page } = app;
    let downloads = 0;
    page.on('download', () => downloads++);
    await page.evaluate((id) => localStorage.setItem('dossier-review.selectedCampaign', id), campaignId);
    await page.reload();
    // Alt+4 only works once the shell's key handler is mounted.
    await page.locator('.app-header').waitFor();
    await page.keyboard.press('Alt+4');
    await page.getByRole('heading', { name: '统计与导出' }).waitFor();
    const row = page.locator(`tr[data-case-no="${caseNo}"]`);
    await row.getByRole('button', { name: 'Word' }).waitFor();
    await row.getByRole('button', { name: '评查表 PDF' }).click();
    const progress = page.getByTestId('export-progress');
    await progress.getByText(/导出评查表（PDF）/).waitFor();
    await expect(row.getByRole('button', { name: 'Word' }).isDisabled()).resolves.toBe(true);
    await screenshot(page, 'export-progress');
    await progress.getByRole('button', { name: '取消导出' }).click();
    release();
    await page.getByText(/已取消/).first().waitFor();
    await progress.waitFor({ state: 'detached' });
    await expect(row.getByRole('button', { name: 'Word' }).isEnabled()).resolves.toBe(true);
    expect(downloads).toBe(0);
    expect(app.pageErrors).toEqual([]);
  }, 180_000);
});
