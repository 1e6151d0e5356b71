/**
 * 统计与导出 → 评查一致性 in Chromium: over a cross-reviewed campaign the panel shows the kappa chart
 * and the items table lowest agreement first, flags the ambiguous items 需统一尺度, and names the
 * harsher reviewer; the figures are the API's.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openCore } from '../../electron/core';
import { agreementForCampaign } from '../../electron/core/agreement/campaign';
import { seedCrossCampaign } from '../fixtures/cross-reviews';
import { RESULTS_DIR, startApp, tempDir, type RunningApp } from './support';

let app: RunningApp | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
});

describe('评查一致性 panel', () => {
  it('shows the lowest-agreement items first, flagged for a 统一尺度 ruling, and the harsher reviewer', async () => {
    const dbPath = join(tempDir(), 'store.sqlite');
    const core = await openCore(dbPath);
    const { campaignId } = seedCrossCampaign(core.store.db, { dossiers: 40 });
    const expected = agreementForCampaign(core.store.db, campaignId);
    core.close();

    // Tall enough for the whole panel to fit: an element screenshot inside the scrolling main area would be cut.
    app = await startApp({ dbPath, viewport: { width: 1366, height: 3600 } });
    const { page } = app;
    await page.evaluate((id) => localStorage.setItem('dossier-review.selectedCampaign', id), campaignId);
    await page.reload();
    await page.locator('.app-header').waitFor();
    await page.getByRole('link', { name: /统计与导出/ }).click();
    const panel = page.locator('section[aria-labelledby="agreement-title"]');
    await panel.getByRole('table', { name: '评查项一致性' }).waitFor();

    await expect(panel.locator('figure.agreement-chart svg rect').count()).resolves.toBeGreaterThan(0);
    const firstRow = panel.getByRole('table', { name: '评查项一致性' }).locator('tbody tr').first();
    await expect(firstRow.textContent()).resolves.toContain(expected.items[0].itemCode);
    await expect(firstRow.textContent()).resolves.toContain(expected.items[0].figure.kappa!.toFixed(2));
    const flagged = expected.items.filter((i) => i.needsRuling).length;
    expect(flagged).toBeGreaterThan(0);
    await expect(panel.locator('.agreement-ruling').count()).resolves.toBe(flagged);
    const harsher = expected.reviewers.find((r) => r.tendency === 'harsher')!;
    await expect(panel.getByRole('table', { name: '评查人评分尺度' }).locator('tr', { hasText: harsher.name }).textContent()).resolves.toContain('偏严');
    await expect(panel.getByRole('table', { name: '评查人两两一致性' }).locator('tbody tr').count()).resolves.toBe(expected.pairs.length);
    await panel.scrollIntoViewIfNeeded();
    await panel.screenshot({ path: join(RESULTS_DIR, 'agreement-panel.png') });
    expect(app.pageErrors).toEqual([]);
  }, 90_000);
});
