/**
 * Who is at the keyboard, in Chromium (#18): a 组长 chooses who they are in 我是谁 (a wrong PIN is
 * refused in the dialog, the right one accepted), sees the 待锁定 list of the team's reviewers
 * (not another team's), and locks one after a confirmation. Run after `npm run build:renderer`.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Api } from '../../shared/api/contract';
import { encodeCsv, generateRegisterRows, registerToCsv } from '../fixtures/registers';
import { chooseWho, coreApi, screenshot, startApp, tempDir, type RunningApp } from './support';

const open: RunningApp[] = [];
afterEach(async () => {
  while (open.length) await open.pop()!.close();
});

/** Three reviewers in two teams, each with one submitted review; a 组长 of 一组 with a PIN. */
async function setUp(api: Api) {
  const campaign = await api.campaigns.create({ name: '2025年度行政执法案卷评查', year: 2025, organiser: '示例市司法局' });
  const csv = encodeCsv(registerToCsv(generateRegisterRows({ seed: 9, count: 60 })), 'utf-8');
  await api.registers.import({ campaignId: campaign.id, files: [{ name: 'r.csv', dataBase64: csv.toString('base64') }] });
  await api.sampling.draw({ campaignId: campaign.id, settings: { mode: 'per_unit', perUnit: 2 }, seed: 's' });
  const add = (name: string, team: string) => api.reviewers.add({ campaignId: campaign.id, name, unitName: '示例律师事务所', role: 'reviewer', team });
  const people = [await add('甲评查', '一组'), await add('乙评查', '一组'), await add('丙评查', '二组')];
  const { assignments } = await api.assignments.assign({ campaignId: campaign.id, perDossier: 1, seed: 'a' });
  const submitted: { reviewer: string; caseNo: string }[] = [];
  for (const person of people) {
    for (const a of assignments.filter((x) => x.reviewerId === person.id)) {
      const sheet = await api.reviews.open({ assignmentId: a.id }).catch(() => null);
      if (!sheet) continue;
      for (const code of sheet.applicable) await api.reviews.saveAnswer({ reviewId: sheet.review.id, itemCode: code, verdict: 'conform' });
      await api.reviews.submit({ reviewId: sheet.review.id });
      submitted.push({ reviewer: person.name, caseNo: sheet.dossier.caseNo });
      break;
    }
  }
  expect(submitted.map((s) => s.reviewer)).toEqual(['甲评查', '乙评查', '丙评查']);
  const leader = await api.reviewers.add({ campaignId: campaign.id, name: '王组长', unitName: '示例市司法局', role: 'leader', team: '一组' });
  await api.session.setPin({ reviewerId: leader.id, pin: '2468' });
  return { campaign, leader, submitted };
}

describe('who is at the keyboard', () => {
  it('a 组长 chooses who they are (PIN), sees the team’s 待锁定 list and locks one after confirming', async () => {
    const dir = tempDir();
    const app = await startApp({ dbPath: join(dir, 'store.sqlite'), viewport: { width: 1366, height: 768 } });
    open.push(app);
    const { page } = app;
    const api = coreApi(app.core);
    const s = await setUp(api);
    await page.evaluate((id) => localStorage.setItem('dossier-review.selectedCampaign', id), s.campaign.id);
    await page.goto(`${app.baseUrl}#/review`);
    await page.reload();
    expect(await page.getByTestId('who-am-i').innerText()).toBe('未选择');
    expect(await page.getByRole('region', { name: /待锁定/ }).count()).toBe(0);

    // A wrong PIN is refused in the dialog; the right one is accepted.
    await page.getByTestId('who-am-i').click();
    const who = page.getByRole('dialog', { name: '我是谁' });
    await who.getByLabel('姓名').selectOption(s.leader.id);
    await who.getByLabel('PIN', { exact: true }).fill('1111');
    await who.getByRole('button', { name: '确定' }).click();
    await expect.poll(() => who.locator('.banner-error').innerText()).toContain('PIN 不正确');
    await screenshot(page, 'roles-who-am-i-wrong-pin');
    await who.getByRole('button', { name: '取消' }).click();
    await chooseWho(page, s.leader.id, '2468');
    expect(await page.getByTestId('who-am-i').innerText()).toBe('王组长（组长·一组）');

    // The team's two submitted reviews, not 二组's.
    const table = page.getByRole('table', { name: '待锁定的评查表' });
    await table.waitFor();
    const rows = table.locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    const text = await table.innerText();
    expect(text).toContain('甲评查');
    expect(text).toContain('乙评查');
    expect(text).not.toContain('丙评查');
    await screenshot(page, 'roles-awaiting-lock-1366');

    // Lock 甲's after the confirmation.
    const jia = s.submitted[0];
    await page.getByRole('button', { name: `锁定 ${jia.caseNo}` }).click();
    const confirm = page.getByRole('dialog', { name: '确认组长锁定' });
    expect(await confirm.innerText()).toContain('甲评查');
    await screenshot(page, 'roles-confirm-lock');
    await confirm.getByRole('button', { name: '锁定' }).click();
    await confirm.waitFor({ state: 'detached' });
    await expect.poll(() => rows.count()).toBe(1);
    const locked = (await api.audit.list({ limit: 200 })).find((e) => e.action === 'lock');
    expect(locked?.actor).toBe(`王组长（组长）#${s.leader.id}`);

    // A reload keeps who this tab is (the session lives in the core, keyed by the tab).
    await page.reload();
    expect(await page.getByTestId('who-am-i').innerText()).toBe('王组长（组长·一组）');
    expect(app.pageErrors).toEqual([]);
  });

  it('the 评查人员与分配 panel imports a roster file (CSV) with 评查组; a bad file is refused row by row', async () => {
    const dir = tempDir();
    const app = await startApp({ dbPath: join(dir, 'store.sqlite'), viewport: { width: 1366, height: 900 } });
    open.push(app);
    const { page } = app;
    const api = coreApi(app.core);
    const campaign = await api.campaigns.create({ name: '名单导入', year: 2025 });
    const csv = encodeCsv(registerToCsv(generateRegisterRows({ seed: 9, count: 20 })), 'utf-8');
    await api.registers.import({ campaignId: campaign.id, files: [{ name: 'r.csv', dataBase64: csv.toString('base64') }] });
    await page.evaluate((id) => localStorage.setItem('dossier-review.selectedCampaign', id), campaign.id);
    await page.goto(`${app.baseUrl}#/dossiers`);
    await page.reload();
    await page.getByRole('tab', { name: '评查人员与分配' }).click();

    const bad = join(dir, '坏名单.csv');
    writeFileSync(bad, '姓名,单位,角色\n甲评查,示例律师事务所,局长\n');
    await page.getByTestId('roster-file').setInputFiles(bad);
    await expect.poll(() => page.getByTestId('roster-error').innerText().catch(() => '')).toContain('第 2 行：角色“局长”无法识别');
    expect(await api.reviewers.list({ campaignId: campaign.id })).toEqual([]);

    const good = join(dir, '评查人员名单.csv');
    writeFileSync(good, '姓名,单位,角色,评查组\n甲评查,示例律师事务所,评查员,一组\n王组长,示例市司法局,组长,一组\n赵法制,示例市司法局,法制机构,\n');
    await page.getByTestId('roster-file').setInputFiles(good);
    const table = page.getByRole('table', { name: '评查人员', exact: true });
    await expect.poll(() => table.locator('tbody tr').count()).toBe(3);
    expect(await table.innerText()).toContain('一组');
    expect(await page.getByTestId('roster-error').count()).toBe(0);
    await screenshot(page, 'roles-roster-import');
    expect((await api.reviewers.list({ campaignId: campaign.id })).map((r) => [r.name, r.role, r.team]).sort()).toEqual([
      ['王组长', 'leader', '一组'],
      ['甲评查', 'reviewer', '一组'],
      ['赵法制', 'legal_office', ''],
    ].sort());
    expect(app.pageErrors).toEqual([]);
  });
});
