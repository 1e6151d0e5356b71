/**
 * 统计与导出 with someone chosen in 我是谁 (#18, docs/roles.md): the exports that gather every team's
 * reviews (单位汇总, 通报, 工作簿, 整改通知) are the 法制机构's — a 评查员 sees their buttons disabled with
 * the reason, the 法制机构 can use them, and nobody chosen (a single-user laptop) changes nothing.
 * Run after `npm run build:renderer`.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { campaignWithRegister, chooseWho, openOnCampaign, type RunningApp, screenshot, startApp, tempDir } from './support';

const open: RunningApp[] = [];
afterEach(async () => {
  while (open.length) await open.pop()!.close();
});

describe('campaign-wide exports by role', () => {
  it('disables them for a 评查员 with the reason, enables them for the 法制机构 and for nobody chosen', async () => {
    const app = await startApp({ dbPath: join(tempDir(), 'store.sqlite'), viewport: { width: 1366, height: 900 } });
    open.push(app);
    const { page } = app;
    const { api, campaignId } = await campaignWithRegister(app);
    const wang = await api.reviewers.add({ campaignId: campaignId, name: '王评查', unitName: '示例市司法局', role: 'reviewer', team: '一组' });
    const zhao = await api.reviewers.add({ campaignId: campaignId, name: '赵法制', unitName: '示例市司法局', role: 'legal_office' });

    await openOnCampaign(app, campaignId, '#/stats');
    const table = page.getByRole('table', { name: '单位与活动导出' });
    await table.waitFor();
    const buttons = table.getByRole('button');
    await expect.poll(() => buttons.count()).toBeGreaterThan(3);
    const disabled = () => buttons.evaluateAll((bs) => bs.filter((b) => (b as HTMLButtonElement).disabled).length);
    expect(await disabled()).toBe(0);

    await chooseWho(page, wang.id);
    await expect.poll(disabled).toBe(await buttons.count());
    const workbookRow = table.getByRole('row').filter({ hasText: '评查数据工作簿' });
    expect(await workbookRow.getByRole('button').first().getAttribute('title')).toBe('评查数据工作簿汇集各组的评查结果，由法制机构导出（当前使用者：王评查）');
    expect(await page.getByTestId('office-only-exports').innerText()).toContain('由法制机构导出。当前使用者：王评查（评查员）');
    await screenshot(page, 'export-roles-reviewer');

    await chooseWho(page, zhao.id);
    await expect.poll(disabled).toBe(0);
    expect(await page.getByTestId('office-only-exports').count()).toBe(0);
    expect(app.pageErrors).toEqual([]);
  });
});
