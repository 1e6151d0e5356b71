/**
 * The renderer as the app runs it: window.dossierApi (calls reach the core as IPC, where paths are
 * accepted) and window.dossierShell (the system dialog, scripted here). 导入卷宗 PDF then asks the
 * system dialog, sends only the chosen paths, and the files are attached; 导入登记表 does the same.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DialogRequest } from '../../shared/shell-dialog';
import { makeDossierPdf } from '../fixtures/pdfs';
import { encodeCsv, generateRegisterRows, registerToCsv } from '../fixtures/registers';
import { coreApi, screenshot, startApp, tempDir, type RunningApp } from './support';

let app: RunningApp | null = null;

/**
 * What the preload gives the app: the API over IPC (where paths are accepted) and the system dialogs,
 * answered here by `answer` with the paths "chosen". Records each dialog request and API call.
 */
async function asTheApp(running: RunningApp, answer: (request: DialogRequest) => string[]) {
  const dialogRequests: DialogRequest[] = [];
  const calls: { method: string; input: unknown }[] = [];
  await running.page.exposeFunction('__ipcInvoke', (method: string, input: unknown) => {
    calls.push({ method, input });
    return running.core.dispatch(method, input, { actor: 'e2e', transport: 'ipc' });
  });
  await running.page.exposeFunction('__systemDialog', (request: DialogRequest) => {
    dialogRequests.push(request);
    return { canceled: false, paths: answer(request) };
  });
  await running.page.context().addInitScript(() => {
    const w = window as unknown as Record<string, (...a: unknown[]) => Promise<unknown>> & Window;
    const ask = (kind: string) => (options: object = {}) => w.__systemDialog!({ ...options, kind });
    Object.assign(window, {
      dossierApi: { invoke: (m: string, i: unknown) => w.__ipcInvoke!(m, i), version: 'e2e' },
      dossierShell: { dialog: { openFiles: ask('openFiles'), saveFile: ask('saveFile'), openDirectory: ask('openDirectory') } },
    });
  });
  return { dialogRequests, calls };
}
afterEach(async () => {
  await app?.close();
  app = null;
});

describe('native file dialogs in the app', () => {
  it('导入卷宗 PDF asks the system dialog and sends the chosen paths over IPC', async () => {
    const dir = tempDir();
    app = await startApp({ dbPath: join(dir, 'store.sqlite') });
    const api = coreApi(app.core);
    const campaign = await api.campaigns.create({ name: '系统对话框', year: 2026 });
    const rows = generateRegisterRows({ seed: 23, count: 5 });
    const register = join(dir, '登记表.csv');
    writeFileSync(register, encodeCsv(registerToCsv(rows), 'utf-8'));
    const pdfs = [rows[0]!, rows[1]!].map((r) => join(dir, `${r['案卷编号']}.pdf`));
    for (const [i, r] of [rows[0]!, rows[1]!].entries()) {
      writeFileSync(pdfs[i]!, await makeDossierPdf({ caseNo: r['案卷编号'], party: r['当事人'], unit: r['执法单位'], documents: [{ title: '行政处罚决定书', pages: 2 }] }));
    }

    const { dialogRequests, calls } = await asTheApp(app, (request) =>
      request.kind === 'openFiles' ? (request.filters?.[0]?.extensions.includes('csv') ? [register] : pdfs) : [],
    );
    const { page } = app;
    await page.evaluate((id) => localStorage.setItem('dossier-review.selectedCampaign', id), campaign.id);
    await page.goto(`${app.baseUrl}#/dossiers`);
    await page.reload();

    // 导入登记表: the system dialog's path goes to registers.preview / startImport.
    await page.getByRole('button', { name: '导入登记表' }).first().click();
    const importDialog = page.getByRole('dialog', { name: '导入登记表' });
    expect(await importDialog.getByTestId('register-file-input').count()).toBe(0); // no browser file input in the app
    await importDialog.getByRole('button', { name: '选择登记表文件…' }).click();
    await importDialog.getByText('登记表.csv', { exact: true }).waitFor();
    await screenshot(page, 'native-dialog-register');
    await importDialog.getByRole('button', { name: '导入', exact: true }).click();
    await expect.poll(async () => (await api.dossiers.list({ campaignId: campaign.id, limit: 10 })).items.length, { timeout: 30_000 }).toBe(5);
    await importDialog.getByRole('button', { name: '完成' }).click();

    await page.getByRole('button', { name: '导入卷宗 PDF' }).click();
    const dialog = page.getByRole('dialog', { name: '导入卷宗 PDF' });
    expect(await dialog.getByTestId('pdf-file-input').count()).toBe(0);
    await dialog.getByRole('button', { name: '选择 PDF 文件…' }).click();
    await dialog.getByTestId('attach-result').waitFor({ timeout: 30_000 });
    expect(await dialog.getByTestId('attach-result').innerText()).toContain('已匹配 2 份');
    await screenshot(page, 'native-dialog-attach');

    expect(dialogRequests.map((r) => r.kind)).toEqual(['openFiles', 'openFiles']);
    expect(dialogRequests[1]).toMatchObject({ filters: [{ name: 'PDF 文件', extensions: ['pdf'] }], multiple: true });
    // Only names and paths crossed: no bytes.
    expect(calls.filter((c) => c.method === 'files.attach').map((c) => c.input)).toEqual([{ campaignId: campaign.id, files: pdfs.map((p) => ({ name: p.slice(dir.length + 1), path: p })) }]);
    const dossier = (await api.dossiers.list({ campaignId: campaign.id, search: rows[0]!['案卷编号'], limit: 5 })).items[0]!;
    expect((await api.files.list({ dossierId: dossier.id })).map((f) => f.originalName)).toEqual([`${rows[0]!['案卷编号']}.pdf`]);
  });

  it('导入节假日文件 asks the system dialog and sends the path; the main process reads the file', async () => {
    const dir = tempDir();
    app = await startApp({ dbPath: join(dir, 'store.sqlite'), viewport: { width: 1440, height: 900 } });
    const api = coreApi(app.core);
    const holidays = join(dir, '2027年节假日.txt');
    writeFileSync(holidays, ['年份,日期,类型,名称', '2027,,source,测试用 2027 年安排', '2027,2027-01-01,holiday,元旦', '2027,2027-02-06~2027-02-12,放假,春节', '2027,2027-02-14,调休上班,春节调休上班'].join('\n'));
    const { dialogRequests, calls } = await asTheApp(app, () => [holidays]);
    const { page } = app;
    await page.goto(`${app.baseUrl}#/settings`);
    await page.reload();
    const panel = page.locator('#holiday-calendar');
    expect(await panel.getByTestId('calendar-file').count()).toBe(0); // no browser file input in the app
    await panel.getByRole('button', { name: '导入节假日文件…' }).click();
    await panel.locator('tr[data-year="2027"]').waitFor({ timeout: 20_000 });
    await panel.getByTestId('calendar-days').filter({ hasText: '2027 年：放假 8 日，调休上班 1 日' }).waitFor();
    await screenshot(page, 'native-dialog-calendar');
    expect(dialogRequests).toEqual([{ kind: 'openFiles', title: '选择节假日安排文件', filters: [{ name: '节假日文件（UTF-8 文本）', extensions: ['txt', 'csv'] }], multiple: false }]);
    // Only the path crossed, not the text.
    expect(calls.filter((c) => c.method === 'checks.importCalendar').map((c) => c.input)).toEqual([{ path: holidays }]);
    expect((await api.checks.calendarYears({})).find((y) => y.year === 2027)).toMatchObject({ holidays: 8, workdays: 1 });
  });
});
