/**
 * Answering limited by session, in Chromium (#18, docs/roles.md): the 组长 chosen in 我是谁 opens a
 * team member's draft from the queue and reads it — no verdict buttons, no 提交评查, a banner saying
 * whose it is; chosen as that reviewer, the same review is editable again. Run after `npm run build:renderer`.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeCsv, generateRegisterRows, registerToCsv } from '../fixtures/registers';
import { chooseWho, coreApi, screenshot, startApp, tempDir, type RunningApp } from './support';

const open: RunningApp[] = [];
afterEach(async () => {
  while (open.length) await open.pop()!.close();
});

describe('who may answer a 评查表', () => {
  it('a 组长 reads a team member’s draft but cannot answer or submit it; its reviewer can', async () => {
    const dir = tempDir();
    const app = await startApp({ dbPath: join(dir, 'store.sqlite'), viewport: { width: 1366, height: 768 } });
    open.push(app);
    const { page } = app;
    const api = coreApi(app.core);
    const campaign = await api.campaigns.create({ name: '2025年度行政执法案卷评查', year: 2025, organiser: '示例市司法局' });
    const csv = encodeCsv(registerToCsv(generateRegisterRows({ seed: 9, count: 40 })), 'utf-8');
    await api.registers.import({ campaignId: campaign.id, files: [{ name: 'r.csv', dataBase64: csv.toString('base64') }] });
    await api.sampling.draw({ campaignId: campaign.id, settings: { mode: 'per_unit', perUnit: 1 }, seed: 's' });
    const jia = await api.reviewers.add({ campaignId: campaign.id, name: '甲评查', unitName: '示例律师事务所', role: 'reviewer', team: '一组' });
    const { assignments } = await api.assignments.assign({ campaignId: campaign.id, perDossier: 1, seed: 'a' });
    const leader = await api.reviewers.add({ campaignId: campaign.id, name: '王组长', unitName: '示例市司法局', role: 'leader', team: '一组' });
    // 甲's first reviewable dossier, opened with one answer (a draft), on this single-user store.
    let sheet = null;
    for (const a of assignments) {
      sheet = await api.reviews.open({ assignmentId: a.id }).catch(() => null);
      if (sheet) break;
    }
    if (!sheet) throw new Error('no reviewable dossier in the fixture');
    const [first, second] = sheet.applicable;
    await api.reviews.saveAnswer({ reviewId: sheet.review.id, itemCode: first, verdict: 'conform' });

    await page.evaluate((id) => localStorage.setItem('dossier-review.selectedCampaign', id), campaign.id);
    await page.goto(`${app.baseUrl}#/review`);
    await page.reload();
    await chooseWho(page, leader.id);
    await page.getByLabel('评查人员').selectOption(jia.id);
    await page.getByRole('button', { name: `查看 ${sheet.dossier.caseNo}` }).click();

    const banner = page.getByTestId('ws-readonly');
    await expect.poll(() => banner.innerText().catch(() => '')).toContain('只有本人可以填写和提交');
    expect(await page.getByRole('button', { name: '提交评查' }).count()).toBe(0);
    const verdicts = page.getByRole('group', { name: `${second} 评查结论` }).getByRole('button');
    expect(await verdicts.count()).toBeGreaterThan(0);
    for (const b of await verdicts.all()) expect(await b.isDisabled()).toBe(true);
    await screenshot(page, 'review-access-leader-reads');
    // Nothing was written on the 组长's behalf.
    expect((await api.reviews.get({ reviewId: sheet.review.id })).answers.map((a) => a.itemCode)).toEqual([first]);

    // Chosen as 甲, the same review is theirs to answer.
    await chooseWho(page, jia.id);
    await page.reload();
    await expect.poll(() => page.getByRole('button', { name: '提交评查' }).count()).toBe(1);
    expect(await page.getByTestId('ws-readonly').count()).toBe(0);
    await page.getByRole('group', { name: `${second} 评查结论` }).getByRole('button', { name: /^符合/ }).click();
    await expect.poll(async () => (await api.reviews.get({ reviewId: sheet.review.id })).answers.map((a) => a.itemCode).sort()).toEqual([first, second].sort());
    expect(app.pageErrors).toEqual([]);
  });
});
