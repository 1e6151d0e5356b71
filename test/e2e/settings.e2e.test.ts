/**
 * 设置 → 评查规则参数 and 节假日安排 in the browser: a value set for one 执法领域 (Enter saves, a bad
 * value is refused inline), the campaign page's warning about a year with no holiday schedule, and a
 * 2027 holiday file imported through the page making a 2027 working-day count possible. Run after
 * `npx vite build`.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { plantedRows } from '../checks/helpers';
import { registerToCsv } from '../fixtures/registers';
import { coreApi, RESULTS_DIR, screenshot, startApp, tempDir, type RunningApp } from './support';

const open: RunningApp[] = [];
afterEach(async () => {
  while (open.length) await open.pop()!.close();
});

// Invented for the test (the format of a holiday file; not the published 2027 notice).
const HOLIDAYS_2027 = ['年份,日期,类型,名称', '2027,,source,测试用 2027 年安排', '2027,2027-01-01,holiday,元旦', '2027,2027-02-06~2027-02-12,放假,春节', '2027,2027-02-14,调休上班,春节调休上班'].join('\n');

describe('设置: 评查规则参数 and 节假日安排', () => {
  it('sets a sector value, warns about 2027 on the campaign page, and imports 2027 so the count can be made', async () => {
    const dir = tempDir();
    const app = await startApp({ dbPath: join(dir, 'store.sqlite'), viewport: { width: 1440, height: 900 } });
    open.push(app);
    const { page } = app;
    const api = coreApi(app.core);
    const campaign = await api.campaigns.create({ name: '2026年度行政执法案卷评查', year: 2026, organiser: '示例市司法局' });
    const { rows, late } = plantedRows();
    const imported = await api.registers.import({ campaignId: campaign.id, files: [{ name: '案卷目录.csv', dataBase64: Buffer.from(registerToCsv(rows), 'utf8').toString('base64') }] });
    expect(imported.errors).toEqual([]);
    // Decision on Mon 2026-12-28, served Wed 2027-01-06: the 7 working days run into 2027.
    app.core.store.db
      .prepare(`UPDATE dossiers SET date_decision = '2026-12-28', date_decision_served = '2027-01-06', date_paid = NULL, date_closed = '2027-01-10', field = '生态环境' WHERE campaign_id = ? AND case_no = ?`)
      .run(campaign.id, late);
    const d11 = async () => (await api.checks.run({ campaignId: campaign.id, caseNo: late })).findings.filter((f) => f.ruleId === 'D-PEN-11');
    const before = await d11();
    expect(before).toHaveLength(1);
    expect(before[0].kind).toBe('cannot_check');
    expect(before[0].message).toContain('2027');

    await page.evaluate((id) => localStorage.setItem('dossier-review.selectedCampaign', id), campaign.id);
    await page.goto(`${app.baseUrl}#/campaigns`);
    await page.reload();
    const warning = page.getByTestId('campaign-calendar-warning');
    await warning.waitFor();
    expect(await warning.innerText()).toContain('2027 年，尚未载入其节假日安排');
    await screenshot(page, 'settings-campaign-calendar-warning');

    // From the campaign page to 设置 → 评查规则参数.
    await page.getByRole('button', { name: '查看或修改评查规则参数' }).click();
    const table = page.getByRole('table', { name: '评查规则参数' });
    await table.waitFor();
    await page.getByLabel('适用范围（执法领域）').selectOption('生态环境');
    const row = table.locator('tr[data-setting="largeFine.单位"]');
    await row.getByTestId('origin').filter({ hasText: '默认' }).waitFor();
    const input = row.getByRole('textbox', { name: '较大数额罚款（单位）' });
    await input.fill('五万');
    await input.press('Enter');
    await row.getByRole('alert').waitFor();
    expect(await row.getByRole('alert').innerText()).toContain('应为数字');
    await input.fill('50000');
    await input.press('Enter');
    await row.getByTestId('origin').filter({ hasText: '本活动设置（生态环境）' }).waitFor();
    expect((await api.ruleSettings.get({ campaignId: campaign.id })).stored).toMatchObject([{ sector: '生态环境', key: 'largeFine.单位', value: 50_000 }]);
    // 等次模型: three tiers for a new campaign; four chosen here (no 评查表 yet).
    const modelSelect = page.getByLabel('等次模型');
    expect(await modelSelect.inputValue()).toBe('three');
    await modelSelect.selectOption('four');
    await expect.poll(async () => (await api.ruleSettings.get({ campaignId: campaign.id })).gradeModel.id).toBe('four');
    await page.setViewportSize({ width: 1440, height: 3000 });
    await page.locator('#rule-settings').screenshot({ path: join(RESULTS_DIR, 'settings-rule-settings.png') });

    // 节假日安排: a bad file names the line and changes nothing; the good one adds 2027.
    const panel = page.locator('#holiday-calendar');
    expect(await panel.getByTestId('calendar-missing').innerText()).toContain('2027');
    const bad = join(dir, 'bad.txt');
    writeFileSync(bad, `${HOLIDAYS_2027}\n2027,2027-02-15,workday,周一`);
    await panel.getByTestId('calendar-file').setInputFiles(bad);
    await panel.getByTestId('calendar-issues').waitFor();
    expect(await panel.getByTestId('calendar-issues').innerText()).toContain('第 6 行');
    expect((await api.checks.calendarYears({})).map((y) => y.year)).not.toContain(2027);
    const good = join(dir, 'holidays-2027.txt');
    writeFileSync(good, HOLIDAYS_2027);
    await panel.getByTestId('calendar-file').setInputFiles(good);
    await panel.locator('tr[data-year="2027"]').waitFor();
    await panel.getByTestId('calendar-days').filter({ hasText: '2027 年：放假 8 日，调休上班 1 日' }).waitFor();
    await panel.getByTestId('calendar-missing').waitFor({ state: 'detached' });
    await panel.screenshot({ path: join(RESULTS_DIR, 'settings-holiday-calendar.png') });

    // Now the count can be made: 12-29, 12-30, 12-31, (01-01 holiday, weekend), 01-04 … 01-07 → served 01-06 in time.
    const after = await d11();
    expect(after).toEqual([]);
    const run = await api.checks.run({ campaignId: campaign.id, caseNo: late });
    expect(run.byRule.find((r) => r.ruleId === 'D-PEN-11')).toMatchObject({ pass: 1, cannotCheck: 0 });
  });
});
