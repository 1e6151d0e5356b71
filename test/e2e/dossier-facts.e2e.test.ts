/**
 * 关键事实 read from the dossier (issue #14), end to end in Chromium: a dossier whose register says the
 * decision was served on 2024-05-16 while its 送达回证 says 2024-05-30. Both values show; clicking the
 * dossier value lands on the receipt's page with the line outlined; the checks' finding cites that page.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { plantedRows } from '../checks/helpers';
import { makeDossierPdf } from '../fixtures/pdfs';
import { registerToCsv } from '../fixtures/registers';
import { coreApi, screenshot, startApp, tempDir, type RunningApp } from './support';

const open: RunningApp[] = [];
afterEach(async () => {
  while (open.length) await open.pop()!.close();
});

const REVIEWER = '评查员甲';

describe('关键事实 from the dossier', () => {
  it('register and 送达回证 disagree: both shown, the dossier value opens its highlighted page, the finding cites it', async () => {
    const dir = tempDir();
    const app = await startApp({ dbPath: join(dir, 'store.sqlite'), viewport: { width: 1600, height: 900 } });
    open.push(app);
    const api = coreApi(app.core);
    const campaign = await api.campaigns.create({ name: '2024年度行政执法案卷评查', year: 2024, organiser: '示例市司法局' });
    const { rows, late } = plantedRows();
    const res = await api.registers.import({ campaignId: campaign.id, files: [{ name: '案卷目录.csv', dataBase64: Buffer.from(registerToCsv(rows), 'utf8').toString('base64') }] });
    expect(res.errors).toEqual([]);
    const draw = await api.sampling.draw({ campaignId: campaign.id, settings: { mode: 'per_unit', perUnit: 1, min: 0 }, seed: '关键事实' });
    if (!draw.items.some((i) => i.caseNo === late)) await api.sampling.addManual({ campaignId: campaign.id, caseNo: late, reason: '测试：登记与送达回证不一致' });
    const reviewer = await api.reviewers.add({ campaignId: campaign.id, name: REVIEWER, unitName: '示例律师事务所', role: 'leader' });
    await api.assignments.assign({ campaignId: campaign.id, perDossier: 1, seed: '分配' });
    expect((await api.assignments.list({ campaignId: campaign.id, reviewerId: reviewer.id })).some((a) => a.caseNo === late)).toBe(true);

    const row = rows.find((r) => r.案卷编号 === late)!;
    expect(row.决定送达日期).toBe('2024-05-16');
    const pdfPath = join(dir, `${late}.pdf`);
    writeFileSync(
      pdfPath,
      await makeDossierPdf({
        caseNo: late,
        party: row.当事人,
        unit: row.执法单位,
        documents: [
          { title: '立案审批表', pages: 1, bodyLines: [`当事人：${row.当事人}`, '负责人审批意见：同意立案。', '立案日期：2024年3月4日'] },
          { title: '行政处罚事先告知书', pages: 1, bodyLines: [`${row.当事人}：`, `本局拟对你作出罚款人民币${row.罚款金额}元的行政处罚。`, row.执法单位, '二〇二四年四月十日'] },
          { title: '送达回证', pages: 1, bodyLines: ['送达文书名称：行政处罚事先告知书', `受送达人：${row.当事人}`, '送达日期：2024年4月12日'] },
          {
            title: '行政处罚决定书',
            pages: 2,
            bodyLines: [`当事人：${row.当事人}`, '本局决定对当事人作出如下行政处罚：', `罚款人民币${row.罚款金额}元。`],
            continuationLines: ['如不服本决定，可在收到本决定书之日起六十日内申请行政复议。', row.执法单位, '二〇二四年五月六日'],
          },
          // Printed under a variant of its title: listed as printed, the catalogue type beside it.
          { title: '法律文书送达回证', pages: 1, bodyLines: ['送达文书名称：行政处罚决定书', `受送达人：${row.当事人}`, '送达方式：直接送达', '送达日期：2024年5月30日'] },
        ],
      }),
    );
    const job = await api.files.attach({ campaignId: campaign.id, files: [{ name: `${late}.pdf`, path: pdfPath }] });
    await expect.poll(async () => (await api.jobs.get({ id: job.jobId })).status, { timeout: 20_000 }).toBe('done');

    const { page } = app;
    await page.evaluate((id) => localStorage.setItem('dossier-review.selectedCampaign', id), campaign.id);
    await page.goto(`${app.baseUrl}#/review`);
    await page.reload();
    await page.getByLabel('评查人员').selectOption({ label: `${REVIEWER}（组长，示例律师事务所）` });
    await page.getByRole('button', { name: `开始评查 ${late}` }).click();
    await page.getByTestId('score-panel').waitFor();
    await page.locator('.pdfv').waitFor();

    await page.getByRole('tab', { name: '关键事实' }).click();
    const dossierValue = page.getByTestId('fact-dossier-dateDecisionServed');
    await dossierValue.waitFor();
    expect(await page.getByTestId('fact-register-dateDecisionServed').innerText()).toContain('2024-05-16');
    expect(await dossierValue.innerText()).toBe('2024-05-30（法律文书送达回证〔送达回证〕 第 6 页）');
    expect(await page.getByTestId('fact-dateDecisionServed').innerText()).toBe('2024-05-30');
    expect(await page.getByTestId('facts-differing').innerText()).toMatch(/不一致 \d+ 项/);

    await dossierValue.click();
    await expect.poll(() => page.getByTestId('ws-page').innerText()).toMatch(/卷宗第 6\//);
    const mark = page.locator('[data-page="6"] [data-testid="fact-mark"]');
    await mark.waitFor();
    const box = (await mark.boundingBox())!;
    expect(box.width).toBeGreaterThan(40);
    await page.locator('[data-page="6"][data-painted="true"]').waitFor();
    await screenshot(page, 'dossier-facts-1600');

    // The 文书目录 lists it as printed, with the catalogue type beside it (and no type beside a title that is the type).
    const items = page.getByTestId('document-map-item');
    const mapButton = page.getByRole('button', { name: '文书目录', exact: true });
    if ((await mapButton.getAttribute('aria-pressed')) !== 'true') await mapButton.click();
    const receipt = items.filter({ hasText: '法律文书送达回证' });
    await receipt.waitFor();
    expect(await receipt.getByTestId('document-map-type').innerText()).toBe('送达回证');
    expect(await items.filter({ hasText: '行政处罚决定书' }).first().getByTestId('document-map-type').count()).toBe(0);
    await screenshot(page, 'dossier-facts-map-1600');

    await page.getByRole('button', { name: '运行自动检查' }).click();
    await page.getByRole('tab', { name: /自动检查/ }).click();
    await expect.poll(() => page.locator('.ws-tabpanel').innerText(), { timeout: 15_000 }).toContain('登记信息与卷内不一致');
    expect(await page.locator('.ws-tabpanel').innerText()).toContain('法律文书送达回证（第6页）：2024年5月30日');
    await screenshot(page, 'dossier-facts-checks-1600');
  }, 120_000);
});
