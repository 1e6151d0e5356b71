/** 成果汇总: the office takes a conflicting review item by item in Chromium, by keyboard, and the store holds the rescored mix. */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { copySite, exportFrom, importInto, makeOffice, openSite, review } from '../packages/results-helpers';
import { screenshot, startApp, tempDir, type RunningApp } from './support';

let app: RunningApp | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
});

describe('成果汇总: a conflict taken item by item', () => {
  it('chooses per item with the keyboard (all office, then ↓ and 2 for one item), saves with Ctrl+Enter, and the review is rescored', async () => {
    const dir = tempDir();
    const { office, campaign, assignments } = await makeOffice(dir);
    const a = await copySite(office, join(dir, 'a.sqlite'), '甲评查');
    const b = await copySite(office, join(dir, 'b.sqlite'), '乙评查');
    const id = assignments[0].id;
    await review(a, id, { deduction: 3, note: '甲：立案审批表缺负责人签名', submit: true });
    await review(b, id, { deduction: 5, note: '乙：立案审批表未签名且无日期' });
    const onA = (await a.api.reviews.get({ reviewId: (await a.api.reviews.open({ assignmentId: id })).review.id })).review;
    const onB = (await b.api.reviews.get({ reviewId: (await b.api.reviews.open({ assignmentId: id })).review.id })).review;
    await importInto(office, (await exportFrom(a, campaign.id, join(dir, '甲组成果.drpkg'))).files[0]);
    await importInto(office, (await exportFrom(b, campaign.id, join(dir, '乙组成果.drpkg'))).files[0]);
    for (const s of [office, a, b]) s.core.close();

    app = await startApp({ dbPath: office.path, viewport: { width: 1366, height: 900 } });
    const { page } = app;
    await page.evaluate((cid) => localStorage.setItem('dossier-review.selectedCampaign', cid), campaign.id);
    await page.reload();
    await page.locator('.app-header').waitFor();
    await page.getByRole('link', { name: '成果汇总' }).click();
    await page.getByRole('table', { name: '待处理的冲突' }).getByRole('button', { name: '对照并选择…' }).click();
    const dialog = page.getByRole('dialog');
    const table = dialog.getByRole('table', { name: '逐项对照' });
    await table.waitFor();
    const save = dialog.getByRole('button', { name: '按所选保存并重新计分' });
    await expect(save.isDisabled()).resolves.toBe(true);
    await expect(dialog.getByRole('status').textContent()).resolves.toContain('已选择 0 / 2 项');

    // All from the office's version, then the item from the laptop's: status (row 1) stays, ↓ to the item, 2 = 送来的.
    await dialog.getByRole('button', { name: '全部采用本库' }).click();
    await table.getByRole('radio', { name: '状态：采用本库' }).focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('2');
    const itemRow = table.locator('tr', { hasText: '乙：立案审批表未签名且无日期' });
    await expect(itemRow.getByRole('radio', { name: /采用送来的$/ }).isChecked()).resolves.toBe(true);
    await expect(table.getByRole('radio', { name: '状态：采用本库' }).isChecked()).resolves.toBe(true);
    await expect(dialog.getByRole('status').textContent()).resolves.toContain('已选择 2 / 2 项');
    await dialog.getByLabel('处理理由').fill('状态以本库为准，扣分采用乙的意见');
    await screenshot(page, 'results-conflict-items');
    await dialog.getByLabel('处理理由').focus();
    await page.keyboard.press('Control+Enter');
    await dialog.waitFor({ state: 'detached' });
    await page.getByText('没有冲突').waitFor();

    const check = await openSite(office.path);
    try {
      const [merged] = (await check.api.results.reviews({ campaignId: campaign.id })).filter((r) => r.status !== 'draft' || r.total !== null);
      const sheet = await check.api.reviews.get({ reviewId: merged.reviewId });
      expect(sheet.review.status).toBe('submitted'); // the office's (A's) status
      expect(sheet.answers.find((x) => x.verdict === 'deduct')).toMatchObject({ deduction: 5, note: '乙：立案审批表未签名且无日期' });
      // Rescored for the mix: B's deduction on A's submitted review.
      expect(onA.total).not.toBe(onB.total);
      expect(sheet.review.total).toBe(onB.total);
      const [entry] = await check.api.audit.list({ limit: 1 });
      expect(entry).toMatchObject({ action: 'resolve_merge_conflict', reason: '状态以本库为准，扣分采用乙的意见' });
      expect((entry.after as { items: { key: string; take: string }[] }).items).toEqual(
        expect.arrayContaining([expect.objectContaining({ key: 'status', take: 'ours' }), expect.objectContaining({ take: 'theirs' })]),
      );
    } finally {
      check.core.close();
    }
    expect(app.pageErrors).toEqual([]);
  }, 240_000);
});
