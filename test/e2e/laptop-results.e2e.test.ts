/**
 * The laptop side of results packages in Chromium (#18): a team laptop whose campaign came from a real
 * campaign package exports its results from 成果汇总 (what it holds, path, passphrase twice, progress),
 * the office merges it and saves the receipt from its 成果汇总, and the laptop records that receipt
 * (a file that is not a receipt is refused by name) — its list then says 法制机构已回执 and the next
 * export offers "only what changed since".
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { exportCampaignPackage, importCampaignPackage } from '../../electron/core/packages/campaign';
import { officeWithTeams, TEAM_1 } from '../packages/campaign-fixture';
import { FAST_SCRYPT, openSite, PASS, review } from '../packages/results-helpers';
import { screenshot, startApp, tempDir, type RunningApp } from './support';

const open: RunningApp[] = [];
afterEach(async () => {
  while (open.length) await open.pop()!.close();
});

async function openResults(app: RunningApp, campaignId: string) {
  const { page } = app;
  await page.evaluate((id) => localStorage.setItem('dossier-review.selectedCampaign', id), campaignId);
  await page.reload();
  await page.locator('.app-header').waitFor();
  await page.getByRole('link', { name: '成果汇总' }).click();
  await page.getByRole('heading', { name: '成果汇总', level: 1 }).waitFor();
  return page;
}

describe('成果汇总 on a team laptop and the office receipt', () => {
  it('exports the laptop results, the office saves a receipt, the laptop records it', async () => {
    const dir = tempDir();
    const o = await officeWithTeams(dir, { pdfs: 0 });
    const campaign = o.campaign;
    const teamPackage = join(dir, 'team-1.drpkg');
    await exportCampaignPackage(o.core.context, { campaignId: campaign.id, team: TEAM_1, out: teamPackage, passphrase: PASS, actor: '法制科', scrypt: FAST_SCRYPT });
    const laptopPath = join(dir, 'laptop.sqlite');
    const laptop = await openSite(laptopPath, '甲评查');
    await importCampaignPackage(laptop.core.context, { file: teamPackage, passphrase: PASS, actor: '甲评查' });
    const jia = o.team1.find((a) => a.reviewerId === o.reviewers.jia.id)!;
    await review(laptop, jia.id, { deduction: 1, note: '立案审批表缺负责人签名', submit: true });
    laptop.core.close();
    o.core.close();

    // The laptop: 导出成果包.
    let app = await startApp({ dbPath: laptopPath, viewport: { width: 1366, height: 900 } });
    open.push(app);
    let page = await openResults(app, campaign.id);
    await page.getByRole('heading', { name: '送交法制机构' }).waitFor();
    expect(await page.getByRole('heading', { name: '导入成果包' }).count()).toBe(0); // the office's panel is not the laptop's
    await page.getByText('本机还没有导出过成果包。').waitFor();
    await page.getByRole('button', { name: '导出成果包…' }).click();
    const dialog = page.getByRole('dialog', { name: `导出成果包：${campaign.name}` });
    const preview = dialog.getByRole('definition').filter({ hasText: '已提交 1' });
    await preview.waitFor();
    expect(await dialog.getByRole('radio', { name: '仅导出上次回执之后的改动' }).isDisabled()).toBe(true);
    expect(await dialog.getByRole('radio', { name: /完整成果包/ }).isChecked()).toBe(true);
    const out = join(dir, 'usb-甲组成果.drpkg');
    await dialog.getByLabel('保存为').fill(out);
    await dialog.locator('#results-pass').fill(PASS);
    await dialog.getByLabel('再次输入口令').fill(`${PASS}x`);
    await dialog.getByText('两次输入的口令不一致。').waitFor();
    await dialog.getByLabel('再次输入口令').fill(PASS);
    await screenshot(page, 'laptop-results-export-form');
    await dialog.getByRole('button', { name: '导出成果包' }).click();
    await dialog.getByTestId('results-export-done').waitFor({ timeout: 120_000 });
    await expect(dialog.getByTestId('results-export-done').textContent()).resolves.toContain('已导出完整成果包：评查 1 份');
    expect(existsSync(out)).toBe(true);
    await screenshot(page, 'laptop-results-exported');
    await dialog.getByRole('button', { name: '完成' }).click();
    const sent = page.getByRole('table', { name: '已发送的成果包' });
    await sent.getByText('已发送，待回执').waitFor();
    await app.close();
    open.pop();

    // The office: merge it (API), then 保存回执 from 成果汇总.
    const office = await openSite(join(dir, 'office.sqlite'), '法制科');
    const fingerprint = (await office.api.results.inspect({ source: { kind: 'path', path: out } })).fingerprint;
    const { jobId } = await office.api.results.startImport({ source: { kind: 'path', path: out }, passphrase: PASS, confirmFingerprint: fingerprint });
    expect((await office.core.context.jobs.wait(jobId)).status).toBe('done');
    office.core.close();
    app = await startApp({ dbPath: join(dir, 'office.sqlite'), viewport: { width: 1366, height: 900 } });
    open.push(app);
    page = await openResults(app, campaign.id);
    const receipts = page.getByRole('table', { name: '成果包与回执' });
    await receipts.getByText('未出具').waitFor();
    await receipts.getByRole('button', { name: '保存回执…' }).click();
    const save = page.getByRole('dialog', { name: '保存回执：usb-甲组成果.drpkg' });
    const receiptPath = join(dir, 'usb-甲组成果.drpkg.receipt.json');
    await save.getByLabel('保存为').fill(receiptPath);
    await save.getByRole('button', { name: '保存回执' }).click();
    await save.getByTestId('receipt-saved').waitFor();
    await save.getByRole('button', { name: '完成' }).click();
    await receipts.getByText('已出具').waitFor();
    await screenshot(page, 'office-results-receipt-issued');
    expect(JSON.parse(readFileSync(receiptPath, 'utf8'))).toMatchObject({ kind: 'results-receipt', campaignId: campaign.id });
    await app.close();
    open.pop();

    // The laptop: 登记回执 — a file that is not a receipt is refused by name, then the real one.
    app = await startApp({ dbPath: laptopPath, viewport: { width: 1366, height: 900 } });
    open.push(app);
    page = await openResults(app, campaign.id);
    const notReceipt = join(dir, '随便一个文件.json');
    writeFileSync(notReceipt, JSON.stringify({ hello: 1 }));
    await page.getByTestId('receipt-file').setInputFiles(notReceipt);
    await page.getByRole('button', { name: '登记回执' }).click();
    await page.getByText('随便一个文件.json：这不是成果包回执文件。').waitFor();
    await screenshot(page, 'laptop-results-receipt-refused');
    await page.getByTestId('receipt-file').setInputFiles(receiptPath);
    await page.getByRole('button', { name: '登记回执' }).click();
    await page.getByTestId('receipt-recorded').waitFor();
    await expect(page.getByTestId('receipt-recorded').textContent()).resolves.toContain('已登记回执：成果包 usb-甲组成果.drpkg');
    await page.getByRole('table', { name: '已发送的成果包' }).getByText('法制机构已回执').waitFor();
    await screenshot(page, 'laptop-results-receipted');
    await page.getByRole('button', { name: '导出成果包…' }).click();
    const next = page.getByRole('dialog', { name: `导出成果包：${campaign.name}` });
    await expect.poll(() => next.getByRole('radio', { name: '仅导出上次回执之后的改动' }).isChecked()).toBe(true);
    await next.getByText('接续已回执的 usb-甲组成果.drpkg').waitFor();
    await next.getByRole('definition').filter({ hasText: '0 份（已锁定 0，已提交 0，草稿 0）' }).waitFor();
    await screenshot(page, 'laptop-results-export-since-last');
    expect(app.pageErrors).toEqual([]);
  }, 300_000);
});
