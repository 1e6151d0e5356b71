/**
 * A large register through the UI: the import runs as a job in worker threads, the dialog shows rows
 * done of rows total, 取消导入 stores nothing, and a second run imports every row. Run after
 * `npx vite build`.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeCsv, generateRegisterRows, registerToCsv } from '../fixtures/registers';
import { coreApi, screenshot, startApp, tempDir, type RunningApp } from './support';

const open: RunningApp[] = [];
afterEach(async () => {
  while (open.length) await open.pop()!.close();
});

const ROWS = 40_000;
/**
 * Only a ceiling: every wait below ends when the import job reaches its state (running, cancelled,
 * done), however long a loaded machine takes to get there, and never after a fixed time.
 */
const CEILING_MS = 10 * 60_000;

describe('a large register in the browser', () => {
  it('shows progress by rows, cancels without storing anything, then imports every row', { timeout: CEILING_MS }, async () => {
    const dir = tempDir();
    const csvPath = join(dir, '全市案卷目录.csv');
    writeFileSync(csvPath, encodeCsv(registerToCsv(generateRegisterRows({ seed: 5, count: ROWS })), 'gbk'));

    const app = await startApp({ dbPath: join(dir, 'store.sqlite'), viewport: { width: 1440, height: 900 } });
    open.push(app);
    const { page } = app;
    const api = coreApi(app.core);
    const jobs = app.core.context.jobs;
    /** The register import the dialog started (other than `before`), once it has started. */
    const importJob = async (before?: string) => {
      const started = () => jobs.list().find((j) => j.kind === 'register-import' && j.id !== before);
      await expect.poll(started, { timeout: CEILING_MS, interval: 20 }).toBeDefined();
      return started()!;
    };
    const campaign = await api.campaigns.create({ name: '2026 年度行政执法案卷评查', year: 2026 });
    await page.evaluate((id) => localStorage.setItem('dossier-review.selectedCampaign', id), campaign.id);
    await page.goto(`${app.baseUrl}#/dossiers`);
    await page.reload();

    await page.getByRole('button', { name: '导入登记表' }).first().click();
    const dialog = page.getByRole('dialog', { name: '导入登记表' });
    await dialog.getByTestId('register-file-input').setInputFiles(csvPath);
    await dialog.getByRole('table', { name: '列映射与前几行' }).waitFor({ timeout: 0 });

    // 1. Start, watch the rows count up, cancel.
    await dialog.getByRole('button', { name: '导入', exact: true }).click();
    const first = await importJob();
    const bar = dialog.getByRole('progressbar');
    await expect.poll(async () => Number((await bar.getAttribute('aria-valuenow')) ?? 0), { timeout: CEILING_MS, interval: 20 }).toBeGreaterThan(0);
    expect(await dialog.locator('.progress-label').innerText()).toMatch(new RegExp(`校验并写入“全市案卷目录\\.csv”：[\\d,]+ / ${ROWS.toLocaleString('zh-CN')} 行`));
    await screenshot(page, 'register-import-progress');
    await dialog.getByRole('button', { name: '取消导入' }).click();
    expect((await jobs.wait(first.id)).status).toBe('cancelled');
    await dialog.getByTestId('import-cancelled').filter({ hasText: '导入已取消，未保存任何数据' }).waitFor({ timeout: 0 });
    expect((await api.dossiers.list({ campaignId: campaign.id, limit: 1 })).total).toBe(0);
    expect(await api.registers.history({ campaignId: campaign.id })).toEqual([]);
    await screenshot(page, 'register-import-cancelled');

    // 2. Again, to the end.
    await dialog.getByRole('button', { name: '导入', exact: true }).click();
    const second = await importJob(first.id);
    expect((await jobs.wait(second.id)).status).toBe('done');
    await dialog.getByTestId('import-result').waitFor({ timeout: 0 });
    expect(await dialog.getByTestId('count-imported').innerText()).toBe(String(ROWS));
    expect((await api.dossiers.list({ campaignId: campaign.id, limit: 1 })).total).toBe(ROWS);
    await dialog.getByRole('button', { name: '完成' }).click();
    await expect.poll(() => page.getByTestId('dossier-count').innerText(), { timeout: CEILING_MS }).toBe(`共 ${ROWS.toLocaleString('zh-CN')} 件`);
  });
});
