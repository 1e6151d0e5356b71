/**
 * Built-in template version 2 in 设置 → 评查标准模板: the 依据 a clerk reads cites published law (not an
 * internal note), PG v2 says 普通程序, and v1 is still listed for campaigns that use it.
 * Run after `npx vite build`.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { coreApi, screenshot, startApp, tempDir, type RunningApp } from './support';

const open: RunningApp[] = [];
afterEach(async () => {
  while (open.length) await open.pop()!.close();
});

describe('built-in templates v2 in the browser', () => {
  it('shows PG v2 named 普通程序 with a 依据 citing the statute, next to v1', async () => {
    const app = await startApp({ dbPath: join(tempDir(), 'store.sqlite'), viewport: { width: 1440, height: 900 } });
    open.push(app);
    const { page } = app;
    const campaign = await coreApi(app.core).campaigns.create({ name: '2026 年度行政执法案卷评查', year: 2026, organiser: '示例市司法局' });
    await page.evaluate((id) => localStorage.setItem('dossier-review.selectedCampaign', id), campaign.id);
    await page.goto(`${app.baseUrl}#/settings`);
    await page.reload();

    const panel = page.locator('.templates-panel');
    await panel.getByTestId('template-row-PG-v2').waitFor();
    expect(await panel.getByTestId('template-row-PG-v2').innerText()).toContain('行政处罚案卷评查标准（普通程序）');
    expect(await panel.getByTestId('template-row-PG-v1').innerText()).toContain('行政处罚案卷评查标准（一般程序）');

    await panel.getByRole('button', { name: '查看 PG v2' }).click();
    const detail = panel.locator('.template-detail');
    await expect.poll(() => detail.getAttribute('aria-label')).toBe('PG v2 详情');
    const settings = await detail.locator('.template-settings').innerText();
    expect(settings).toContain('行政处罚 · 普通程序');
    // The row's label says 依据 once: the source's own leading 依据 is not repeated ("依据 依据《…》").
    expect(await detail.getByTestId('template-source').innerText()).toMatch(/^《中华人民共和国行政处罚法》（2021年修订）/);
    expect(settings).not.toMatch(/依据\s*依据/);
    expect(settings).not.toContain('领域说明');
    await detail.locator('.template-settings').scrollIntoViewIfNeeded();
    await screenshot(page, 'templates-builtin-v2');
  });
});
