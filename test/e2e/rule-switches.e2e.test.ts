/**
 * 设置 → 评查规则参数 → 期限规则开关与严重程度: an office switches a period rule's severity for its
 * campaign from the keyboard; the row then says the value is the campaign's. Run after `npx vite build`.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openRuleSettings, RESULTS_DIR, startApp, tempDir, type RunningApp } from './support';

const open: RunningApp[] = [];
afterEach(async () => {
  while (open.length) await open.pop()!.close();
});

describe('rule switches in the browser', () => {
  it('sets D-PEN-11 to 否决 and switches D-PEN-20 off for the campaign', async () => {
    const app = await startApp({ dbPath: join(tempDir(), 'store.sqlite'), viewport: { width: 1440, height: 900 } });
    open.push(app);
    const { page } = app;
    const { api, campaignId, table } = await openRuleSettings(app);
    expect(await table.innerText()).toContain('期限规则开关与严重程度');

    const sevRow = table.locator('tr[data-setting="rule.D-PEN-11.severity"]');
    const sev = sevRow.getByRole('combobox');
    expect(await sev.inputValue()).toBe('deduction');
    await sev.selectOption('veto');
    await sev.press('Enter');
    await sevRow.getByTestId('origin').filter({ hasText: '本活动设置' }).waitFor();

    const offRow = table.locator('tr[data-setting="rule.D-PEN-20.enabled"]');
    await offRow.getByRole('combobox').selectOption('否');
    await offRow.getByRole('button', { name: /^保存：/ }).click();
    await offRow.getByTestId('origin').filter({ hasText: '本活动设置' }).waitFor();

    const stored = (await api.ruleSettings.get({ campaignId })).stored.map((s) => [s.key, s.value]);
    expect(stored).toEqual(expect.arrayContaining([['rule.D-PEN-11.severity', 'veto'], ['rule.D-PEN-20.enabled', false]]));
    await sevRow.scrollIntoViewIfNeeded();
    await page.setViewportSize({ width: 1440, height: 1200 });
    await sevRow.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(RESULTS_DIR, 'settings-rule-switches.png') });
  });
});
