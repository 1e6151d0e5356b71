/**
 * PIN lock-out and the 法制机构's 重置PIN, in Chromium (#18, docs/roles.md): a 组长 locked out after
 * five wrong PINs sees the time left in 我是谁, even with the right PIN; the 法制机构 chosen in 我是谁
 * resets the PIN in 评查人员与分配 after a confirmation (audited); the 组长 then chooses themselves
 * without a PIN. Nobody else sees the PIN column. Run after `npm run build:renderer`.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApiClient } from '../../shared/api/contract';
import { campaignWithRegister, chooseWho, openOnCampaign, type RunningApp, screenshot, startApp, tempDir } from './support';

const open: RunningApp[] = [];
afterEach(async () => {
  while (open.length) await open.pop()!.close();
});

describe('PIN lock-out and reset', () => {
  it('a locked-out 组长 is told how long to wait; the 法制机构 resets the PIN from the roster', async () => {
    const dir = tempDir();
    const app = await startApp({ dbPath: join(dir, 'store.sqlite'), viewport: { width: 1366, height: 900 } });
    open.push(app);
    const { page } = app;
    const { api, campaignId } = await campaignWithRegister(app);
    const wang = await api.reviewers.add({ campaignId: campaignId, name: '王组长', unitName: '示例市司法局', role: 'leader', team: '一组' });
    const zhao = await api.reviewers.add({ campaignId: campaignId, name: '赵法制', unitName: '示例市司法局', role: 'legal_office' });
    await api.session.setPin({ reviewerId: wang.id, pin: '2468' });
    // Five wrong PINs from another window lock 王组长 out.
    const guesser = createApiClient((m, i) => app.core.dispatch(m, i, { actor: 'os-user', transport: 'test', session: 'guesser' }));
    for (let i = 0; i < 5; i++) await guesser.session.choose({ reviewerId: wang.id, pin: '1111' }).catch(() => undefined);

    await openOnCampaign(app, campaignId, '#/dossiers');
    await page.getByTestId('who-am-i').click();
    const who = page.getByRole('dialog', { name: '我是谁' });
    await who.getByLabel('姓名').selectOption(wang.id);
    await who.getByLabel('PIN', { exact: true }).fill('2468');
    await who.getByRole('button', { name: '确定' }).click();
    await expect.poll(() => who.locator('.banner-error').innerText().catch(() => '')).toMatch(/暂停验证：请 \d 分 \d\d 秒后再试/);
    await screenshot(page, 'pin-lockout-who-am-i');
    await who.getByRole('button', { name: '取消' }).click();

    // Nobody chosen: no PIN column.
    await page.getByRole('tab', { name: '评查人员与分配' }).click();
    const table = page.getByRole('table', { name: '评查人员', exact: true });
    await table.waitFor();
    expect(await table.getByRole('columnheader', { name: 'PIN' }).count()).toBe(0);

    await chooseWho(page, zhao.id);
    await expect.poll(() => table.getByRole('columnheader', { name: 'PIN' }).count()).toBe(1);
    await page.getByRole('button', { name: '重置PIN 王组长' }).click();
    const confirm = page.getByRole('dialog', { name: '确认重置PIN' });
    expect(await confirm.innerText()).toContain('王组长');
    await screenshot(page, 'pin-reset-confirm');
    await confirm.getByRole('button', { name: '重置PIN' }).click();
    await confirm.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByRole('button', { name: '重置PIN 王组长' }).count()).toBe(0);
    expect(await table.innerText()).toContain('未设');
    const reset = (await api.audit.list({ limit: 200 })).find((e) => e.action === 'reset_pin');
    expect(reset?.actor).toBe(`赵法制（法制机构）#${zhao.id}`);

    // 王组长 chooses themselves without a PIN now.
    await chooseWho(page, wang.id);
    expect(await page.getByTestId('who-am-i').innerText()).toBe('王组长（组长·一组）');
    expect(app.pageErrors).toEqual([]);
  });
});
