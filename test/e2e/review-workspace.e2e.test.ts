/**
 * 评查 end to end: the reviewer's queue, the workspace (PDF beside the checklist) driven by the
 * keyboard, autosave surviving a reload, submit → lock → reopen (audited), and an automatic-check
 * proposal confirmed into the score. Run after `npx vite build`.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import type { Api } from '../../shared/api/contract';
import { plantedRows } from '../checks/helpers';
import { makeDossierPdf } from '../fixtures/pdfs';
import { registerToCsv } from '../fixtures/registers';
import { chooseWho, coreApi, screenshot, startApp, tempDir, type RunningApp } from './support';

const open: RunningApp[] = [];
afterEach(async () => {
  while (open.length) await open.pop()!.close();
});

const REVIEWER = '评查员甲';

/** Campaign with the planted register, a sample that includes the late-service dossier, one reviewer, a PDF on that dossier. */
async function setUp(api: Api, dir: string) {
  const campaign = await api.campaigns.create({ name: '2024年度行政执法案卷评查', year: 2024, organiser: '示例市司法局' });
  const { rows, late } = plantedRows();
  const res = await api.registers.import({ campaignId: campaign.id, files: [{ name: '案卷目录.csv', dataBase64: Buffer.from(registerToCsv(rows), 'utf8').toString('base64') }] });
  expect(res.errors).toEqual([]);
  const draw = await api.sampling.draw({ campaignId: campaign.id, settings: { mode: 'per_unit', perUnit: 1, min: 0 }, seed: '评查工作台' });
  if (!draw.items.some((i) => i.caseNo === late)) await api.sampling.addManual({ campaignId: campaign.id, caseNo: late, reason: '测试：送达超期的案卷' });
  const reviewer = await api.reviewers.add({ campaignId: campaign.id, name: REVIEWER, unitName: '示例律师事务所', role: 'leader' });
  await api.assignments.assign({ campaignId: campaign.id, perDossier: 1, seed: '分配' });
  const assignments = await api.assignments.list({ campaignId: campaign.id, reviewerId: reviewer.id });
  const lateAssignment = assignments.find((a) => a.caseNo === late)!;
  expect(lateAssignment).toBeDefined();

  const row = rows.find((r) => r.案卷编号 === late)!;
  const pdfPath = join(dir, `${late}.pdf`);
  const bytes = await makeDossierPdf({
    caseNo: late,
    party: row.当事人,
    unit: row.执法单位,
    documents: [
      { title: '立案审批表', pages: 1 },
      { title: '询问笔录', pages: 2 },
      { title: '行政处罚决定书', pages: 2 },
      { title: '送达回证', pages: 1 },
    ],
  });
  writeFileSync(pdfPath, bytes);
  const job = await api.files.attach({ campaignId: campaign.id, files: [{ name: `${late}.pdf`, path: pdfPath }] });
  for (let i = 0; i < 200; i++) {
    const j = await api.jobs.get({ id: job.jobId });
    if (j.status !== 'running') {
      expect(j.status).toBe('done');
      break;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  expect((await api.files.list({ dossierId: lateAssignment.dossierId })).length).toBe(1);
  return { campaign, reviewer, late, lateAssignment, others: assignments.filter((a) => a.caseNo !== late) };
}

async function openQueue(app: RunningApp, campaignId: string) {
  const { page } = app;
  await page.evaluate((id) => localStorage.setItem('dossier-review.selectedCampaign', id), campaignId);
  await page.goto(`${app.baseUrl}#/review`);
  await page.reload();
  await page.getByLabel('评查人员').selectOption({ label: `${REVIEWER}（组长，示例律师事务所）` });
  await page.getByRole('table', { name: '待评案卷' }).waitFor();
}

const total = (page: Page) => page.getByTestId('ws-total').innerText();
const saved = (page: Page) => expect.poll(() => page.getByTestId('ws-save-state').innerText(), { timeout: 10_000 }).toMatch(/^已保存 \d\d:\d\d:\d\d$/);

describe('评查 workspace in the browser', () => {
  it('queue → keyboard review with a cited page → reload keeps everything → submit, lock, reopen (audited)', async () => {
    const dir = tempDir();
    const app = await startApp({ dbPath: join(dir, 'store.sqlite'), viewport: { width: 1366, height: 768 } });
    open.push(app);
    const { page } = app;
    const api = coreApi(app.core);
    const s = await setUp(api, dir);
    await openQueue(app, s.campaign.id);
    expect(await page.getByTestId('queue-summary').innerText()).toContain('已完成 0 件');
    await screenshot(page, 'review-queue-1366');

    // Open the planted dossier from the queue.
    await page.getByRole('button', { name: `开始评查 ${s.late}` }).click();
    await page.getByTestId('score-panel').waitFor();
    await page.locator('.pdfv').waitFor();
    await expect.poll(() => page.getByTestId('ws-page').innerText().catch(() => '')).toMatch(/卷宗第 1\/\d+ 页/);
    const sheet = await api.reviews.open({ assignmentId: s.lateAssignment.id });
    const codes = sheet.applicable;
    expect(await total(page)).toBe('100');
    expect(await page.getByTestId('ws-progress').innerText()).toContain(`已评 0/${codes.length}`);

    // 1 on the first item, J, 2 (deduct) on the second, N to write the reason, Esc, C to cite the viewer's page.
    await page.keyboard.press('1');
    await expect.poll(() => page.getByTestId(`verdict-${codes[0]}`).innerText()).toBe('符合');
    // J down to the first item that carries points (the first ones are pure veto items).
    const di = codes.findIndex((c, i) => i > 0 && sheet.template.items.find((it) => it.code === c)!.deduction.kind !== 'none');
    for (let i = 0; i < di; i++) await page.keyboard.press('j');
    const second = sheet.template.items.find((i) => i.code === codes[di])!;
    await page.keyboard.press('PageDown');
    await expect.poll(() => page.getByTestId('ws-page').innerText()).toMatch(/卷宗第 2\//);
    await page.keyboard.press('2');
    await expect.poll(() => page.getByTestId(`verdict-${codes[di]}`).innerText()).toMatch(/^扣分 −/);
    await page.keyboard.press('n');
    await page.keyboard.type('立案审批表未载明承办人意见');
    await page.keyboard.press('Escape');
    await page.keyboard.press('c');
    const refs = page.getByTestId(`item-${codes[di]}`).getByRole('list', { name: '引用的页码' });
    await expect.poll(() => refs.innerText()).toContain('第 2 页');
    await saved(page);
    const afterDeduct = Number(await total(page));
    expect(afterDeduct).toBeLessThan(100);
    expect(afterDeduct).toBe(100 - (second.deduction.kind === 'per_occurrence' ? Math.min(second.deduction.cap, second.deduction.pointsPerOccurrence) : second.deduction.kind === 'range' ? second.deduction.min : second.maxPoints));

    // Clicking the reference jumps the viewer back to its page.
    await page.keyboard.press('[');
    await expect.poll(() => page.getByTestId('ws-page').innerText()).toMatch(/卷宗第 1\//);
    await refs.getByRole('button', { name: '第 2 页', exact: true }).click();
    await expect.poll(() => page.getByTestId('ws-page').innerText()).toMatch(/卷宗第 2\//);

    // Undo and redo replay the save.
    await page.getByTestId(`item-${codes[di]}`).locator('.ws-item-head').focus();
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.getByTestId(`item-${codes[di]}`).getByRole('list', { name: '引用的页码' }).count()).toBe(0);
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => refs.innerText()).toContain('第 2 页');
    await saved(page);

    // The shortcut sheet.
    await page.keyboard.press('?');
    const sheetDialog = page.getByRole('dialog', { name: '快捷键' });
    await sheetDialog.waitFor();
    await screenshot(page, 'review-shortcuts-1366');
    await page.keyboard.press('Escape');
    await sheetDialog.waitFor({ state: 'detached' });

    // A veto item answered 4 drops the total to 0 and the grade to 不合格; 1 puts it back.
    const vetoCode = codes.find((c) => sheet.template.items.find((i) => i.code === c)!.veto)!;
    await page.getByTestId(`item-${vetoCode}`).locator('.ws-item-head').click();
    await page.keyboard.press('4');
    await expect.poll(() => total(page)).toBe('0');
    expect(await page.getByTestId('ws-grade').innerText()).toContain('不合格');
    await page.getByTestId('ws-veto').waitFor();
    await page.keyboard.press('1');
    await expect.poll(() => total(page)).toBe(String(afterDeduct));
    await page.getByTestId(`item-${codes[0]}`).locator('.ws-item-head').click();

    // Everything else 符合 by keyboard (U jumps to the first unanswered item).
    expect(await page.getByRole('button', { name: '提交评查' }).isDisabled()).toBe(true);
    for (let i = 0; i < codes.length; i++) {
      const left = await page.getByTestId('ws-progress').innerText();
      if (!left.includes('未评')) break;
      await page.keyboard.press('u');
      await page.keyboard.press('1');
    }
    await expect.poll(() => page.getByTestId('ws-progress').innerText()).toBe(`已评 ${codes.length}/${codes.length}`);
    await saved(page);
    const grade = await page.getByTestId('ws-grade').innerText();
    // A new campaign grades in three tiers (优秀 / 合格 / 不合格) unless the office chooses four.
    expect(grade).toBe(afterDeduct >= 90 ? '优秀' : afterDeduct >= 60 ? '合格' : '不合格');

    // Reload: every answer, the note and the reference are still there.
    await page.reload();
    await page.getByTestId('score-panel').waitFor();
    expect(await total(page)).toBe(String(afterDeduct));
    expect(await page.getByTestId('ws-progress').innerText()).toBe(`已评 ${codes.length}/${codes.length}`);
    await page.getByTestId(`item-${codes[di]}`).locator('.ws-item-head').click();
    expect(await page.locator('#ws-note').inputValue()).toBe('立案审批表未载明承办人意见');
    expect(await page.getByTestId(`item-${codes[di]}`).getByRole('list', { name: '引用的页码' }).innerText()).toContain('第 2 页');
    await screenshot(page, 'review-workspace-1366');
    const stored = await api.reviews.get({ reviewId: sheet.review.id });
    expect(stored.answers).toHaveLength(codes.length);
    expect(stored.answers.find((a) => a.itemCode === codes[di])).toMatchObject({ verdict: 'deduct', note: '立案审批表未载明承办人意见', pageRefs: [{ page: 2 }] });

    // The key facts panel: a correction with an impossible date is refused by name.
    await page.getByRole('tab', { name: '关键事实' }).click();
    await page.getByRole('button', { name: '更正决定送达日期' }).click();
    await page.getByLabel('决定送达日期（更正）').fill('2024-02-30');
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await expect.poll(() => page.locator('.ws-fact-form .field-error').innerText()).toContain('决定送达日期');
    await page.getByLabel('决定送达日期（更正）').fill('2024-05-10');
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await expect.poll(() => page.getByTestId('fact-dateDecisionServed').innerText()).toBe('2024-05-10');
    await screenshot(page, 'review-facts-1366');
    await page.getByRole('tab', { name: '评查表' }).click();

    // Submit → lock → reopen with a reason. Signing off needs a session: the reviewer here is a 组长,
    // who may not lock their own review, so the 法制机构 does it (我是谁), after a confirmation.
    await page.getByRole('button', { name: '提交评查' }).click();
    await expect.poll(() => page.getByTestId('review-status').innerText()).toBe('已提交');
    expect(await page.getByRole('button', { name: '组长锁定' }).count()).toBe(0);
    await page.getByTestId('ws-awaiting-lock').waitFor();
    const office = await api.reviewers.add({ campaignId: s.campaign.id, name: '法制科张三', unitName: '示例市司法局', role: 'legal_office' });
    await chooseWho(page, office.id);
    await page.getByRole('button', { name: '组长锁定' }).click();
    const confirmLock = page.getByRole('dialog', { name: '确认组长锁定' });
    await confirmLock.getByRole('button', { name: '锁定' }).click();
    await expect.poll(() => page.getByTestId('review-status').innerText()).toBe('已锁定');
    await page.getByRole('button', { name: '退回' }).click();
    const reopen = page.getByRole('dialog', { name: '退回评查表' });
    await reopen.getByLabel('退回理由').fill('扣分理由需补充卷内页码');
    await reopen.getByRole('button', { name: '退回' }).click();
    await reopen.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('review-status').innerText()).toBe('评查中');
    const log = await api.audit.list({ entityId: sheet.review.id, limit: 50 });
    const entry = log.find((e) => e.action === 'reopen')!;
    expect(entry.reason).toBe('扣分理由需补充卷内页码');
    expect(entry.before).toMatchObject({ status: 'locked' });
    expect(entry.after).toMatchObject({ status: 'draft' });
    expect(log.map((e) => e.action)).toEqual(expect.arrayContaining(['submit', 'lock', 'reopen']));
    expect(entry.actor).toBe(`法制科张三（法制机构）#${office.id}`);
    // Back to the reviewer, who sees why it came back.
    await chooseWho(page, s.reviewer.id);
    expect(await page.getByTestId('ws-returned').innerText()).toContain('扣分理由需补充卷内页码');

    // 下一件 (from the workspace: the next unfinished dossier other than this one) has no PDF: a banner, the checklist still works.
    await page.getByRole('button', { name: '下一件', exact: true }).click();
    await page.getByTestId('no-pdf-banner').waitFor();
    expect(await page.locator('.ws-case-no').innerText()).not.toBe(s.late);
    await page.keyboard.press('1');
    await saved(page);
    await screenshot(page, 'review-no-pdf-1366');

    // The queue shows both dossiers' progress; the reopened one comes first again (drafts before untouched ones).
    await page.getByRole('link', { name: '← 队列' }).click();
    await page.getByRole('table', { name: '待评案卷' }).waitFor();
    expect(await page.getByRole('row').filter({ hasText: s.late }).innerText()).toContain(`${codes.length}/${codes.length}`);
    expect(await page.getByRole('table', { name: '待评案卷' }).locator('tbody tr').first().innerText()).toContain('评查中');
    expect(await page.getByRole('row').filter({ hasText: s.late }).innerText()).toContain('已退回');
    await screenshot(page, 'review-queue-returned-1366');
    expect(app.pageErrors).toEqual([]);
  });

  it('a planted late service shows a proposal on its item; confirming it changes the score (#5)', async () => {
    const dir = tempDir();
    const app = await startApp({ dbPath: join(dir, 'store.sqlite'), viewport: { width: 1920, height: 1080 } });
    open.push(app);
    const { page } = app;
    const api = coreApi(app.core);
    const s = await setUp(api, dir);
    await openQueue(app, s.campaign.id);
    await screenshot(page, 'review-queue-1920');
    await page.getByRole('button', { name: `开始评查 ${s.late}` }).click();
    await page.getByTestId('score-panel').waitFor();
    expect(await total(page)).toBe('100');
    // Nothing answered yet: no grade (not "优秀（暂定）").
    expect(await page.getByTestId('ws-grade').innerText()).toBe('—（尚未评定）');

    await page.getByRole('button', { name: '运行自动检查' }).click();
    await page.getByRole('tab', { name: /自动检查（\d+）/ }).waitFor();
    const findings = await api.checks.list({ campaignId: s.campaign.id, dossierId: s.lateAssignment.dossierId });
    const late = findings.find((f) => f.status === 'proposed' && f.kind === 'violation' && f.item && f.computation.includes('2024-05-16'))!;
    expect(late).toBeDefined();

    await page.getByTestId(`item-${late.item}`).locator('.ws-item-head').click();
    const card = page.getByTestId(`item-${late.item}`).getByTestId(`finding-${late.ruleId}`);
    await card.waitFor();
    expect(await card.innerText()).toContain(late.message);
    expect(await card.innerText()).toContain('2024-05-16');
    await page.locator('.pdfv').waitFor();
    await screenshot(page, 'review-workspace-1920');
    await card.getByRole('button', { name: '确认' }).click();
    await expect.poll(() => card.innerText()).toContain('已确认');
    await expect.poll(() => total(page)).not.toBe('100');
    expect(await page.getByTestId(`verdict-${late.item}`).innerText()).toMatch(/扣分|否决/);
    const after = await api.reviews.get({ reviewId: (await api.reviews.open({ assignmentId: s.lateAssignment.id })).review.id });
    expect(String(after.score.total)).toBe(await total(page));
    expect(after.answers.find((a) => a.itemCode === late.item)!.note).toContain('2024-05-16');

    // Another proposal is dismissed with a reason, from the 自动检查 tab.
    const other = findings.find((f) => f.id !== late.id && f.status === 'proposed' && f.kind === 'violation' && f.item && f.item !== late.item)!;
    expect(other).toBeDefined();
    await page.getByRole('tab', { name: /自动检查/ }).click();
    const otherCard = page.locator('.ws-tabpanel').getByTestId(`finding-${other.ruleId}`).first();
    await otherCard.getByRole('button', { name: '驳回' }).click();
    const dlg = page.getByRole('dialog', { name: '驳回自动检查提示' });
    await dlg.getByLabel('驳回理由').fill('卷内有延期审批表，不属超期');
    await dlg.getByRole('button', { name: '驳回' }).click();
    await dlg.waitFor({ state: 'detached' });
    await expect.poll(() => otherCard.innerText()).toContain('已驳回');
    expect(await otherCard.innerText()).toContain('卷内有延期审批表，不属超期');
    expect(app.pageErrors).toEqual([]);
  });
});
