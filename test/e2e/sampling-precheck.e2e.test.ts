/**
 * 抽样 in the browser: before drawing, the page warns about dossiers that could not be reviewed
 * (其他 cases with no 评查标准, dossiers with no 卷宗 PDF), leaves out the first kind by default, and
 * the draw record says what was left out. Run after `npx vite build`.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeCsv, generateRegisterRows, registerToCsv } from '../fixtures/registers';
import { coreApi, screenshot, startApp, tempDir, type RunningApp } from './support';

const open: RunningApp[] = [];
afterEach(async () => {
  while (open.length) await open.pop()!.close();
});

describe('抽样前检查', () => {
  it('warns, leaves the 其他 cases out by default, and records it', async () => {
    const app = await startApp({ dbPath: join(tempDir(), 'store.sqlite'), viewport: { width: 1440, height: 900 } });
    open.push(app);
    const { page } = app;
    const api = coreApi(app.core);
    const campaign = await api.campaigns.create({ name: '2025年度行政执法案卷评查', year: 2025, organiser: '示例市司法局' });
    const rows = generateRegisterRows({ seed: 5, count: 40 });
    for (const r of rows.slice(0, 5)) Object.assign(r, { 案件类型: '其他', 程序类型: '' });
    const res = await api.registers.import({ campaignId: campaign.id, files: [{ name: 'r.csv', dataBase64: encodeCsv(registerToCsv(rows), 'utf-8').toString('base64') }] });
    expect(res.errors).toEqual([]);

    await page.evaluate((id) => localStorage.setItem('dossier-review.selectedCampaign', id), campaign.id);
    await page.goto(`${app.baseUrl}#/dossiers`);
    await page.reload();
    await page.getByRole('tab', { name: '抽样' }).click();
    const warn = page.getByTestId('sampling-precheck');
    await warn.waitFor();
    expect(await warn.innerText()).toContain('不抽取没有评查标准的案卷 5 件（其他 5 件）');
    expect(await warn.innerText()).toContain('不抽取未附卷宗 PDF 的案卷 40 件');
    expect(await warn.getByRole('checkbox', { name: /没有评查标准/ }).isChecked()).toBe(true);
    expect(await warn.getByRole('checkbox', { name: /未附卷宗 PDF/ }).isChecked()).toBe(false);
    await screenshot(page, 'sampling-precheck');

    await page.getByLabel('每单位件数').fill('40');
    await page.getByLabel('随机种子').fill('e2e-precheck');
    await page.getByRole('button', { name: '抽取', exact: true }).click();
    await expect.poll(() => page.getByTestId('sample-count').innerText()).toBe('35');
    const draw = await api.sampling.current({ campaignId: campaign.id });
    expect(draw?.items.some((i) => i.caseType === '其他')).toBe(false);
    expect((draw?.settings as { excludeCaseNos?: string[] }).excludeCaseNos).toHaveLength(5);
  });
});
