/**
 * 设置 → 评查规则参数: the filter box narrows the 28 values and 56 rule switches to what a clerk types
 * (a rule id or words), is reached with Tab from the 适用范围 select, and Esc clears it.
 * Run after `npm run build:renderer`.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openRuleSettings, RESULTS_DIR, startApp, tempDir, type RunningApp } from './support';

const open: RunningApp[] = [];
afterEach(async () => {
  while (open.length) await open.pop()!.close();
});

describe('filtering 评查规则参数 in the browser', () => {
  it('types D-PEN-11 from the keyboard, sees only its rows, and clears with Esc', async () => {
    const app = await startApp({ dbPath: join(tempDir(), 'store.sqlite'), viewport: { width: 1440, height: 900 } });
    open.push(app);
    const { page } = app;
    const { table } = await openRuleSettings(app);
    const rows = table.locator('tr[data-setting]');
    await expect.poll(() => rows.count()).toBeGreaterThan(60);
    const all = await rows.count();

    // Keyboard only: from the scope select, Tab reaches the filter.
    await page.getByLabel('适用范围（执法领域）').focus();
    await page.keyboard.press('Tab');
    const filter = page.getByLabel('筛选参数（规则编号或文字）');
    await expect.poll(() => filter.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type('d-pen-11');
    await expect.poll(() => rows.count()).toBeLessThan(all / 4);
    const shown = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-setting')));
    expect(shown).toEqual(expect.arrayContaining(['rule.D-PEN-11.enabled', 'rule.D-PEN-11.severity']));
    expect(await page.getByTestId('setting-filter-count').innerText()).toBe(`显示 ${shown.length}/${all} 项`);
    await page.locator('#rule-settings').screenshot({ path: join(RESULTS_DIR, 'settings-filter.png') });

    await page.keyboard.type(' 不存在的词');
    await expect.poll(() => rows.count()).toBe(0);
    expect(await table.innerText()).toContain('没有与“d-pen-11 不存在的词”相符的参数或规则。');

    await page.keyboard.press('Escape');
    await expect.poll(() => rows.count()).toBe(all);
    expect(await filter.inputValue()).toBe('');
    expect(app.pageErrors).toEqual([]);
  }, 120_000);
});
