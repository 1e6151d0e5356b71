/**
 * A scan whose file name is not a case number is listed as 未能匹配 in the 导入卷宗 PDF dialog; the
 * user finds its dossier by case number and attaches it there.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeDossierPdf } from '../fixtures/pdfs';
import { encodeCsv, generateRegisterRows, registerToCsv } from '../fixtures/registers';
import { coreApi, screenshot, startApp, tempDir, type RunningApp } from './support';

let app: RunningApp | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
});

describe('unmatched scans', () => {
  it('can be attached to a dossier the user picks', async () => {
    const dir = tempDir();
    app = await startApp({ dbPath: join(dir, 'store.sqlite') });
    const api = coreApi(app.core);
    const campaign = await api.campaigns.create({ name: '扫描件指定案卷', year: 2026 });
    const rows = generateRegisterRows({ seed: 21, count: 6 });
    await api.registers.import({ campaignId: campaign.id, files: [{ name: 'r.csv', dataBase64: encodeCsv(registerToCsv(rows), 'utf-8').toString('base64') }] });
    const target = rows[3];
    const scan = join(dir, 'SCAN0001.pdf');
    writeFileSync(scan, await makeDossierPdf({ caseNo: target['案卷编号'], party: target['当事人'], unit: target['执法单位'], documents: [{ title: '行政处罚决定书', pages: 2 }] }));

    const { page } = app;
    await page.evaluate((id) => localStorage.setItem('dossier-review.selectedCampaign', id), campaign.id);
    await page.goto(`${app.baseUrl}#/dossiers`);
    await page.reload();
    await page.getByRole('button', { name: '导入卷宗 PDF' }).click();
    const dialog = page.getByRole('dialog', { name: '导入卷宗 PDF' });
    await dialog.getByTestId('pdf-file-input').setInputFiles(scan);
    await dialog.getByTestId('attach-result').waitFor({ timeout: 30_000 });
    const row = dialog.getByTestId('assign-unmatched');
    expect(await row.innerText()).toContain('SCAN0001.pdf');

    await row.getByPlaceholder('输入案卷编号或当事人查找').fill(target['案卷编号']);
    await expect.poll(() => row.getByRole('combobox', { name: '选择案卷' }).innerText()).toContain(target['案卷编号']);
    await screenshot(page, 'attach-unmatched-pick');
    await row.getByRole('button', { name: '导入到此案卷' }).click();
    await row.getByText('已导入（2 页）').waitFor({ timeout: 30_000 });
    await screenshot(page, 'attach-unmatched-done');

    const dossier = (await api.dossiers.list({ campaignId: campaign.id, search: target['案卷编号'], limit: 5 })).items.find((d) => d.caseNo === target['案卷编号'])!;
    const files = await api.files.list({ dossierId: dossier.id });
    expect(files.map((f) => f.originalName)).toEqual(['SCAN0001.pdf']);
    const [entry] = await api.audit.list({ entityId: files[0].id, limit: 1 });
    expect(entry).toMatchObject({ action: 'attach', after: { matchedBy: 'chosen', caseNo: target['案卷编号'] } });

    // A second file for the same dossier (named by its case number): the dialog asks; 替换原文件 detaches the scan.
    const named = join(dir, `${target['案卷编号']}.pdf`);
    writeFileSync(named, await makeDossierPdf({ caseNo: target['案卷编号'], party: target['当事人'], unit: target['执法单位'], documents: [{ title: '立案审批表', pages: 1 }, { title: '行政处罚决定书', pages: 3 }] }));
    await dialog.getByTestId('pdf-file-input').setInputFiles(named);
    const ask = dialog.getByTestId('replace-or-add');
    await ask.waitFor({ timeout: 30_000 });
    expect(await ask.innerText()).toContain('SCAN0001.pdf（2 页）');
    await screenshot(page, 'attach-replace-or-add');
    await ask.getByRole('button', { name: '替换原文件' }).click();
    await dialog.getByText('已替换原文件 SCAN0001.pdf（2 页）').waitFor();
    expect((await api.files.list({ dossierId: dossier.id })).map((f) => f.originalName)).toEqual([`${target['案卷编号']}.pdf`]);
  });
});
