/**
 * 签批后有改动 in Chromium (#18): a review sent back by the 组长 and resubmitted with another answer
 * carries the badge in the 组长's 待锁定 list and in the reviewer's 评查 queue; an untouched one does
 * not. Run after `npm run build:renderer`.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApiClient } from '../../shared/api/contract';
import { encodeCsv, generateRegisterRows, registerToCsv } from '../fixtures/registers';
import { chooseWho, coreApi, screenshot, startApp, tempDir, type RunningApp } from './support';

const open: RunningApp[] = [];
afterEach(async () => {
  while (open.length) await open.pop()!.close();
});

describe('changed since sign-off badge', () => {
  it('shows in 待锁定 and in the queue for a review resubmitted with other answers after a 退回', async () => {
    const app = await startApp({ dbPath: join(tempDir(), 'store.sqlite'), viewport: { width: 1366, height: 768 } });
    open.push(app);
    const { page } = app;
    const api = coreApi(app.core);
    const campaign = await api.campaigns.create({ name: '2025年度行政执法案卷评查', year: 2025, organiser: '示例市司法局' });
    const csv = encodeCsv(registerToCsv(generateRegisterRows({ seed: 9, count: 60 })), 'utf-8');
    await api.registers.import({ campaignId: campaign.id, files: [{ name: 'r.csv', dataBase64: csv.toString('base64') }] });
    await api.sampling.draw({ campaignId: campaign.id, settings: { mode: 'per_unit', perUnit: 2 }, seed: 's' });
    const jia = await api.reviewers.add({ campaignId: campaign.id, name: '甲评查', unitName: '示例律师事务所', role: 'reviewer', team: '一组' });
    const { assignments } = await api.assignments.assign({ campaignId: campaign.id, perDossier: 1, seed: 'a' });
    const leader = await api.reviewers.add({ campaignId: campaign.id, name: '王组长', unitName: '示例市司法局', role: 'leader', team: '一组' });
    const asLeader = createApiClient((m, i) => app.core.dispatch(m, i, { actor: 'e2e', transport: 'test', session: 'setup-leader' }));
    await asLeader.session.choose({ reviewerId: leader.id });

    // Two submitted reviews of 甲's; the first is sent back and resubmitted with one answer changed.
    const done: { caseNo: string; reviewId: string; item: string }[] = [];
    for (const a of assignments.filter((x) => x.reviewerId === jia.id)) {
      const sheet = await api.reviews.open({ assignmentId: a.id }).catch(() => null);
      if (!sheet) continue;
      const item = sheet.template.items.find((i) => sheet.applicable.includes(i.code) && i.deduction.kind === 'fixed' && !i.veto);
      if (!item) continue;
      for (const code of sheet.applicable) await api.reviews.saveAnswer({ reviewId: sheet.review.id, itemCode: code, verdict: 'conform' });
      await api.reviews.submit({ reviewId: sheet.review.id });
      done.push({ caseNo: sheet.dossier.caseNo, reviewId: sheet.review.id, item: item.code });
      if (done.length === 2) break;
    }
    expect(done).toHaveLength(2);
    const [changed, untouched] = done;
    await asLeader.reviews.reopen({ reviewId: changed.reviewId, reason: '送达回证缺签收日期，应扣分' });
    await api.reviews.saveAnswer({ reviewId: changed.reviewId, itemCode: changed.item, verdict: 'deduct', note: '送达回证缺签收日期' });
    await api.reviews.submit({ reviewId: changed.reviewId });

    await page.evaluate((id) => localStorage.setItem('dossier-review.selectedCampaign', id), campaign.id);
    await page.goto(`${app.baseUrl}#/review`);
    await page.reload();
    await chooseWho(page, leader.id);
    const awaiting = page.getByRole('table', { name: '待锁定的评查表' });
    await expect.poll(() => awaiting.locator('tbody tr').count()).toBe(2);
    expect(await awaiting.getByRole('row').filter({ hasText: changed.caseNo }).innerText()).toContain('签批后有改动');
    expect(await awaiting.getByRole('row').filter({ hasText: untouched.caseNo }).innerText()).not.toContain('签批后有改动');

    // The 组长 looks at 甲's queue from the same screen.
    await page.locator('#ws-reviewer').selectOption(jia.id);
    const queue = page.getByRole('table', { name: '待评案卷' });
    await queue.waitFor();
    await expect.poll(() => queue.getByRole('row').filter({ hasText: changed.caseNo }).innerText()).toContain('签批后有改动');
    expect(await queue.getByRole('row').filter({ hasText: untouched.caseNo }).innerText()).not.toContain('签批后有改动');
    await screenshot(page, 'signoff-mark-queue-1366');
  });
});
