/**
 * 成果汇总 for a campaign made by hand (#18, docs/packages.md): with no review of its own the screen is
 * the office's merge only; once this computer has a review of its own it also offers 导出成果包 (and
 * 登记回执) above the merge, and the export writes a package. Run after `npm run build:renderer`.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeCsv, generateRegisterRows, registerToCsv } from '../fixtures/registers';
import { coreApi, screenshot, startApp, tempDir, type RunningApp } from './support';

const open: RunningApp[] = [];
afterEach(async () => {
  while (open.length) await open.pop()!.close();
});

describe('成果汇总 on a computer whose campaign was made by hand', () => {
  it('offers 导出成果包 beside 导入成果包 once the store has reviews of its own', async () => {
    const dir = tempDir();
    const app = await startApp({ dbPath: join(dir, 'store.sqlite'), viewport: { width: 1366, height: 900 } });
    open.push(app);
    const { page } = app;
    const api = coreApi(app.core);
    const campaign = await api.campaigns.create({ name: '手工建立的评查', year: 2025, organiser: '示例市司法局' });
    const csv = encodeCsv(registerToCsv(generateRegisterRows({ seed: 9, count: 30 })), 'utf-8');
    await api.registers.import({ campaignId: campaign.id, files: [{ name: 'r.csv', dataBase64: csv.toString('base64') }] });
    await api.sampling.draw({ campaignId: campaign.id, settings: { mode: 'per_unit', perUnit: 1 }, seed: 's' });
    await api.reviewers.add({ campaignId: campaign.id, name: '甲评查', unitName: '示例律师事务所', role: 'reviewer', team: '' });

    await page.evaluate((id) => localStorage.setItem('dossier-review.selectedCampaign', id), campaign.id);
    await page.goto(`${app.baseUrl}#/results`);
    await page.reload();
    await page.getByRole('heading', { name: '成果汇总', level: 1 }).waitFor();
    await page.getByRole('button', { name: '导入成果包…' }).or(page.getByText('导入成果包').first()).first().waitFor();
    // No review of its own yet: the office view alone.
    expect(await page.getByRole('button', { name: '导出成果包…' }).count()).toBe(0);

    const { assignments } = await api.assignments.assign({ campaignId: campaign.id, perDossier: 1, seed: 'a' });
    let opened = false;
    for (const a of assignments) {
      opened = await api.reviews.open({ assignmentId: a.id }).then(() => true, () => false);
      if (opened) break;
    }
    expect(opened).toBe(true);
    await page.reload();
    const send = page.getByRole('region', { name: '送交法制机构' }).or(page.locator('[aria-labelledby="send-results-title"]'));
    await send.first().waitFor();
    expect(await send.first().innerText()).toContain('是在本机建立的（不是从法制机构的活动包导入），本机有 1 份自己的评查表');
    expect(await page.getByText('导入成果包').count()).toBeGreaterThan(0);
    await screenshot(page, 'handmade-results');

    await page.getByRole('button', { name: '导出成果包…' }).click();
    const dialog = page.getByRole('dialog', { name: /导出成果包/ });
    await expect.poll(() => dialog.innerText()).toContain('1 份');
    const out = join(dir, 'own-results.drpkg');
    await dialog.getByLabel('保存为').fill(out);
    await dialog.locator('#results-pass').fill('手工活动口令2025');
    await dialog.getByLabel('再次输入口令').fill('手工活动口令2025');
    await dialog.getByRole('button', { name: '导出成果包' }).click();
    await page.getByTestId('results-export-done').waitFor({ timeout: 60_000 });
    expect(existsSync(out)).toBe(true);
    expect(app.pageErrors).toEqual([]);
  });
});
