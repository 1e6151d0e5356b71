/**
 * The campaign package in the UI: the office makes one for 第一组 from the 评查活动 screen; a team
 * laptop with an empty store imports it, checks the header's fingerprint, and has the campaign.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { officeWithTeams } from '../packages/campaign-fixture';
import { screenshot, startApp, tempDir, type RunningApp } from './support';

const open: RunningApp[] = [];
afterEach(async () => {
  while (open.length) await open.pop()!.close();
});

describe('campaign package screens', () => {
  it('office: 生成活动包 for a team with progress and the fingerprint; laptop: 导入活动包 into an empty store', async () => {
    const dir = tempDir();
    const office = await officeWithTeams(dir);
    const fingerprint = office.core.context.identity().fingerprint;
    const campaign = office.campaign;
    office.core.close();

    const app = await startApp({ dbPath: join(dir, 'office.sqlite') });
    open.push(app);
    const { page } = app;
    await page.goto(`${app.url}`);
    await page.getByRole('table', { name: '评查活动列表' }).waitFor();
    await screenshot(page, 'campaign-package-office-list');
    await page.getByRole('button', { name: `生成活动包：${campaign.name}` }).click();
    const dialog = page.getByRole('dialog', { name: `生成活动包：${campaign.name}` });
    const teams = dialog.getByRole('table', { name: '评查组' });
    await expect.poll(() => teams.getByRole('row').count()).toBe(3);
    await expect.poll(() => dialog.getByRole('radio', { name: '第一组' }).isChecked()).toBe(true);
    const out = join(dir, 'usb', '第一组.drpkg');
    await dialog.getByLabel('保存为').fill(out);
    await dialog.locator('#package-pass').fill('春季评查口令-2025');
    await dialog.getByLabel('再次输入口令').fill('春季评查口令-2024');
    await expect.poll(() => dialog.getByText('两次输入的口令不一致。').isVisible()).toBe(true);
    await dialog.getByLabel('再次输入口令').fill('春季评查口令-2025');
    await screenshot(page, 'campaign-package-export-form');
    await dialog.getByRole('button', { name: '生成活动包' }).click();
    await dialog.getByText('已生成“第一组”的活动包').waitFor({ timeout: 60_000 });
    expect(await dialog.getByText(fingerprint).isVisible()).toBe(true);
    expect(existsSync(out)).toBe(true);
    await screenshot(page, 'campaign-package-exported');
    await app.close();

    const laptop = await startApp({ dbPath: join(dir, 'laptop.sqlite') });
    open.push(laptop);
    const lp = laptop.page;
    await lp.goto(laptop.url);
    await lp.getByRole('button', { name: '导入活动包' }).click();
    const imp = lp.getByRole('dialog', { name: '导入活动包' });
    await imp.getByLabel('活动包文件').fill(out);
    await imp.getByRole('button', { name: '查看包头' }).first().click();
    const header = imp.getByRole('definition').filter({ hasText: fingerprint });
    await header.waitFor();
    await imp.locator('#import-pass').fill('不对的口令-12345');
    await imp.getByRole('button', { name: '导入', exact: true }).click();
    await imp.getByText('口令错误').waitFor({ timeout: 60_000 });
    await screenshot(lp, 'campaign-package-import-refused');
    await imp.locator('#import-pass').fill('春季评查口令-2025');
    await imp.getByRole('button', { name: '导入', exact: true }).click();
    await imp.getByText(`已导入评查活动“${campaign.name}”（第一组）`).waitFor({ timeout: 60_000 });
    await screenshot(lp, 'campaign-package-imported');
    await imp.getByRole('button', { name: '完成' }).click();
    await lp.getByRole('table', { name: '评查活动列表' }).getByText(campaign.name).waitFor();
    await lp.getByRole('note').getByText(fingerprint).waitFor();
    // A laptop's own copy is not the office's to hand on.
    expect(await lp.getByRole('button', { name: `生成活动包：${campaign.name}` }).count()).toBe(0);
    await screenshot(lp, 'campaign-package-laptop');
  });
});
