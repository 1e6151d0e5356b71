/**
 * 统计与导出 → 评查情况概览 and 整改通知: the charts and ranking render, an edited bulletin draft is
 * saved and exported as PDF (found in the download, with the edited text), and a notice goes
 * through 生成 → 已发出 with its status shown.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { seedReviewedCampaign } from '../../bench/reports';
import { openCore } from '../../electron/core';
import { closeSharedChromiumPrinter } from '../../electron/core/export/chromium-printer';
import { pdfText } from '../export/helpers';
import { RESULTS_DIR, screenshot, startApp, tempDir, type RunningApp } from './support';

let app: RunningApp | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
  await closeSharedChromiumPrinter();
});

describe('reports panels', () => {
  it('shows the overview, exports the edited bulletin and tracks a notice', async () => {
    const dir = tempDir();
    const dbPath = join(dir, 'store.sqlite');
    const core = await openCore(dbPath);
    const { campaignId, unitNames } = seedReviewedCampaign(core.store.db, { dossiers: 60, itemsPerReview: 60, units: 5, seed: 11 });
    core.close();

    app = await startApp({ dbPath, viewport: { width: 1366, height: 900 } });
    const { page } = app;
    await page.evaluate((id) => localStorage.setItem('dossier-review.selectedCampaign', id), campaignId);
    await page.reload();
    await page.locator('.app-header').waitFor();
    await page.keyboard.press('Alt+4');
    const panel = page.locator('section[aria-labelledby="reports-title"]');
    await panel.getByRole('heading', { name: '评查情况概览' }).waitFor();
    await panel.locator('figure.report-chart svg').first().waitFor();
    expect(await panel.locator('figure.report-chart svg').count()).toBe(4);
    const ranking = panel.getByRole('table', { name: '单位排名' });
    for (const name of unitNames) await expect(ranking.getByText(name, { exact: true }).count()).resolves.toBe(1);
    await expect(panel.locator('.report-figures').textContent()).resolves.toContain('60 卷');
    await panel.screenshot({ path: join(RESULTS_DIR, 'reports-overview.png') });

    const body = page.locator('#draft-body');
    await body.waitFor();
    await body.fill(`${await body.inputValue()}\n特此通报。`);
    await page.locator('#draft-docNo').fill('示司通〔2025〕7号');
    await screenshot(page, 'reports-panel');

    const downloadPromise = page.waitForEvent('download', { timeout: 90_000 });
    await panel.getByRole('button', { name: '导出 PDF' }).click();
    const download = await downloadPromise;
    const saved = join(dir, download.suggestedFilename());
    await download.saveAs(saved);
    const { all } = await pdfText(readFileSync(saved));
    expect(all).toContain('特此通报。');
    expect(all).toContain('示司通〔2025〕7号');
    // Saved before the export: the draft is now marked edited.
    await panel.getByText(/已编辑的草稿/).waitFor();
    // 恢复为生成稿 asks first, then brings back the generated draft.
    await panel.getByRole('button', { name: '恢复为生成稿' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: '放弃编辑并恢复' }).click();
    await panel.getByText(/按当前评查数据生成的初稿/).waitFor();
    await expect(page.locator('#draft-docNo').inputValue()).resolves.toBe('×司通〔2025〕×号');

    const notices = page.locator('section[aria-labelledby="notices-title"]');
    const row = notices.locator(`tr[data-unit="${unitNames[0]}"]`);
    await row.getByRole('button', { name: '生成通知' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '生成' }).click();
    await row.getByText('待发出').waitFor();
    await row.getByRole('button', { name: '已发出' }).click();
    await screenshot(page, 'reports-notice-step-dialog');
    await page.getByRole('dialog').getByRole('button', { name: '标记已发出' }).click();
    await row.getByText('已发出', { exact: true }).waitFor();
    await row.getByRole('button', { name: '登记回复' }).waitFor();
    await notices.scrollIntoViewIfNeeded();
    await screenshot(page, 'reports-notices');
    expect(app.pageErrors).toEqual([]);
  }, 240_000);
});
