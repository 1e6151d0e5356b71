/**
 * PIN 连续输错暂停 in 评查人员与分配, in Chromium (#18, docs/roles.md): hidden with nobody chosen and
 * from a 组长; the 法制机构 sees the current policy, gets the field's message for a value out of range
 * (nothing saved), saves a valid one (audited under their name), and the new limit then applies in
 * 我是谁. Run after `npm run build:renderer`.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApiClient } from '../../shared/api/contract';
import { campaignWithRegister, chooseWho, openOnCampaign, type RunningApp, screenshot, startApp, tempDir } from './support';

const open: RunningApp[] = [];
afterEach(async () => {
  while (open.length) await open.pop()!.close();
});

describe('PIN lock-out policy screen', () => {
  it('the 法制机构 sets the campaign’s lock-out policy; bad values are refused at the field', async () => {
    const dir = tempDir();
    const app = await startApp({ dbPath: join(dir, 'store.sqlite'), viewport: { width: 1366, height: 900 } });
    open.push(app);
    const { page } = app;
    const { api, campaignId } = await campaignWithRegister(app);
    const wang = await api.reviewers.add({ campaignId: campaignId, name: '王组长', unitName: '示例市司法局', role: 'leader', team: '一组' });
    const zhao = await api.reviewers.add({ campaignId: campaignId, name: '赵法制', unitName: '示例市司法局', role: 'legal_office' });
    await api.session.setPin({ reviewerId: wang.id, pin: '2468' });

    await openOnCampaign(app, campaignId, '#/dossiers');
    await page.getByRole('tab', { name: '评查人员与分配' }).click();
    await page.getByRole('table', { name: '评查人员', exact: true }).waitFor();
    const panel = page.getByRole('region', { name: 'PIN 连续输错暂停' });
    expect(await panel.count()).toBe(0);
    await chooseWho(page, wang.id, '2468');
    expect(await panel.count()).toBe(0);

    await chooseWho(page, zhao.id);
    await panel.waitFor();
    await expect.poll(() => panel.innerText()).toContain('现行规则：连续输错 5 次，暂停 5 分钟');
    const tries = panel.getByLabel('连续输错次数');
    const minutes = panel.getByLabel('暂停时间（分钟）');
    expect(await tries.inputValue()).toBe('5');

    // Out of range and not a number: the message at each field, nothing saved.
    await tries.fill('25');
    await minutes.fill('两小时');
    await panel.getByRole('button', { name: '保存规则' }).click();
    await expect.poll(() => panel.locator('.field-error').allInnerTexts()).toEqual(['连续输错次数最多为 20', '暂停时间须为 1–1440 之间的整数（分钟）']);
    expect(await tries.getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'lockout-policy-invalid');
    expect(await api.session.lockoutPolicy({ campaignId: campaignId })).toEqual({ maxFailures: 5, minutes: 5 });

    await tries.fill('3');
    await minutes.fill('120');
    expect(await panel.innerText()).toContain('即 2 小时');
    await minutes.press('Enter');
    await expect.poll(() => panel.innerText()).toContain('现行规则：连续输错 3 次，暂停 2 小时');
    expect(await panel.locator('.field-error').count()).toBe(0);
    await screenshot(page, 'lockout-policy-saved');
    expect(await api.session.lockoutPolicy({ campaignId: campaignId })).toEqual({ maxFailures: 3, minutes: 120 });
    const audited = (await api.audit.list({ limit: 200 })).find((e) => e.action === 'set_pin_lockout_policy');
    expect(audited).toMatchObject({ actor: `赵法制（法制机构）#${zhao.id}`, before: { maxFailures: 5, minutes: 5 }, after: { maxFailures: 3, minutes: 120 } });

    // The new limit applies: three wrong PINs now pause 王组长 for two hours.
    const guesser = createApiClient((m, i) => app.core.dispatch(m, i, { actor: 'os-user', transport: 'test', session: 'guesser' }));
    const refusals: string[] = [];
    for (let i = 0; i < 3; i++) refusals.push(await guesser.session.choose({ reviewerId: wang.id, pin: '1111' }).then(() => '', (e: Error) => e.message));
    expect(refusals[2]).toMatch(/暂停|请 1 小时|请 1\d\d 分|后再试/);
    expect(app.pageErrors).toEqual([]);
  });
});
