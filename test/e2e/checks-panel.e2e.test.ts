/**
 * 自动检查 page end to end: a register with a planted late service, the example benchmark table
 * imported through the dialog, checks run from the panel (a job with progress), findings by rule
 * and by unit, drill-down to the rule and to the dossier with its computation. Run after
 * `npx vite build`.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LATE_COMPUTATION, plantedRows } from '../checks/helpers';
import { registerToCsv } from '../fixtures/registers';
import { coreApi, screenshot, startApp, tempDir, type RunningApp } from './support';

const open: RunningApp[] = [];
afterEach(async () => {
  while (open.length) await open.pop()!.close();
});

describe('自动检查 panel in the browser', () => {
  it('runs the checks and shows the planted late service by rule, by unit and in the dossier', async () => {
    const dir = tempDir();
    const app = await startApp({ dbPath: join(dir, 'store.sqlite'), viewport: { width: 1440, height: 900 } });
    open.push(app);
    const { page } = app;
    const api = coreApi(app.core);
    const campaign = await api.campaigns.create({ name: '2024年度行政执法案卷评查', year: 2024, organiser: '示例市司法局' });
    const { rows, late } = plantedRows();
    const imported = await api.registers.import({
      campaignId: campaign.id,
      files: [{ name: '案卷目录.csv', dataBase64: Buffer.from(registerToCsv(rows), 'utf8').toString('base64') }],
    });
    expect(imported.errors).toEqual([]);
    const lateUnit = rows.find((r) => r['案卷编号'] === late)!['执法单位'];

    await page.evaluate((id) => localStorage.setItem('dossier-review.selectedCampaign', id), campaign.id);
    await page.goto(`${app.baseUrl}#/dossiers`);
    await page.reload();
    await page.getByRole('tab', { name: '自动检查' }).click();
    await page.getByRole('heading', { name: '尚未运行自动检查' }).waitFor();

    // The example benchmark table through the dialog.
    await page.getByRole('button', { name: '导入裁量基准…' }).click();
    const dialog = page.getByRole('dialog', { name: '导入裁量基准' });
    await dialog.waitFor();
    await dialog.getByTestId('benchmark-file-input').setInputFiles(join(__dirname, '../../docs/benchmark-example.csv'));
    await dialog.getByLabel('制定机关').fill('示例市司法局');
    expect(await dialog.getByRole('checkbox', { name: /示例表/ }).isChecked()).toBe(true);
    await dialog.getByRole('button', { name: '导入', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    const library = page.getByRole('table', { name: '已导入的裁量基准' });
    await library.waitFor();
    expect(await library.locator('tbody tr').first().innerText()).toContain('示例');

    // Run: a job; when it finishes the summaries appear.
    await page.getByRole('button', { name: '运行自动检查' }).click();
    await page.getByTestId('checks-last-run').waitFor();
    expect(await page.getByTestId('checks-last-run').innerText()).toContain(`全部案卷 ${rows.length} 件`);

    const byRule = page.getByRole('table', { name: '按规则汇总' });
    const ruleRow = byRule.locator('tbody tr', { hasText: 'D-PEN-11' });
    await ruleRow.waitFor();
    expect(await ruleRow.innerText()).toContain('行政处罚法 第六十一条');
    const byUnit = page.getByRole('table', { name: '按单位汇总' });
    expect(await byUnit.locator('tbody tr', { hasText: lateUnit }).count()).toBe(1);
    await screenshot(page, 'checks-panel-summary');

    // Drill down: the rule's findings list the late dossier; then that dossier's findings with the computation.
    await ruleRow.getByRole('button').click();
    const detail = page.getByRole('table', { name: '检查发现明细' });
    const lateRow = detail.locator('tbody tr', { hasText: late });
    await lateRow.waitFor();
    expect(await lateRow.innerText()).toContain('待确认');
    await lateRow.getByRole('button', { name: late }).click();
    const dossierPanel = page.getByRole('region', { name: `案卷 ${late} 的检查发现` });
    await dossierPanel.waitFor();
    expect(await dossierPanel.innerText()).toContain(LATE_COMPUTATION);
    await screenshot(page, 'checks-panel-drilldown');

    // The unit drill-down shows the same dossier.
    await byUnit.getByRole('button', { name: lateUnit }).click();
    await page.getByRole('heading', { name: `单位：${lateUnit}` }).waitFor();
    await detail.locator('tbody tr', { hasText: late }).first().waitFor();

    // What the page showed is what is stored.
    const summary = await api.checks.summary({ campaignId: campaign.id });
    const d11 = summary.byRule.find((r) => r.ruleId === 'D-PEN-11')!;
    expect(await ruleRow.locator('td').nth(2).innerText()).toBe(String(d11.proposed));
    expect(app.pageErrors).toEqual([]);
  });
});
