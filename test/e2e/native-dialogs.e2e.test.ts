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
afterEach(async () => {
  await app?.close();
  app = null;
});

describe('native file dialogs in the app', () => {
  it('导入卷宗 PDF asks the system dialog and sends the chosen paths over IPC', async () => {
    const dir = tempDir();
    app = await startApp({ dbPath: join(dir, 'store.sqlite') });
    const running = app;
    const api = coreApi(app.core);
    const campaign = await api.campaigns.create({ name: '系统对话框', year: 2026 });
    const rows = generateRegisterRows({ seed: 23, count: 5 });
    const register = join(dir, '登记表.csv');
    writeFileSync(register, encodeCsv(registerToCsv(rows), 'utf-8'));
    const pdfs = [rows[0]!, rows[1]!].map((r) => join(dir, `${r['案卷编号']}.pdf`));
    for (const [i, r] of [rows[0]!, rows[1]!].entries()) {
      writeFileSync(pdfs[i]!, await makeDossierPdf({ caseNo: r['案卷编号'], party: r['当事人'], unit: r['执法单位'], documents: [{ title: '行政处罚决定书', pages: 2 }] }));
    }

    // What the preload gives the app: the API over IPC and the dialogs (answered here like the system's).
    const dialogRequests: DialogRequest[] = [];
    const attachInputs: unknown[] = [];
    const { page } = app;
    await page.exposeFunction('__ipcInvoke', (method: string, input: unknown) => {
      if (method === 'files.attach') attachInputs.push(input);
      return running.core.dispatch(method, input, { actor: 'e2e', transport: 'ipc' });
    });
    await page.exposeFunction('__systemDialog', (request: DialogRequest) => {
      dialogRequests.push(request);
      const paths = request.kind === 'openFiles' ? (request.filters?.[0]?.extensions.includes('csv') ? [register] : pdfs) : [];
      return { canceled: false, paths };
    });
    await page.context().addInitScript(() => {
      const w = window as unknown as Record<string, (...a: unknown[]) => Promise<unknown>> & Window;
      const ask = (kind: string) => (options: object = {}) => w.__systemDialog!({ ...options, kind });
      Object.assign(window, {
        dossierApi: { invoke: (m: string, i: unknown) => w.__ipcInvoke!(m, i), version: 'e2e' },
        dossierShell: { dialog: { openFiles: ask('openFiles'), saveFile: ask('saveFile'), openDirectory: ask('openDirectory') } },
      });
    });
    await page.evaluate((id) => localStorage.setItem('dossier-review.selectedCampaign', id), campaign.id);
    await page.goto(`${app.baseUrl}#/dossiers`);
    await page.reload();

    // 导入登记表: the system dialog's path goes to registers.preview / startImport.
    await page.getByRole('button', { name: '导入登记表' }).first().click();
    const importDialog = page.getByRole('dialog', { name: '导入登记表' });
    expect(await importDialog.getByTestId('register-file-input').count()).toBe(0); // no browser file input in the app
    await importDialog.getByRole('button', { name: '选择登记表文件…' }).click();
    await importDialog.getByText('登记表.csv').waitFor();
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
    expect(attachInputs).toEqual([{ campaignId: campaign.id, files: pdfs.map((p) => ({ name: p.slice(dir.length + 1), path: p })) }]);
    const dossier = (await api.dossiers.list({ campaignId: campaign.id, search: rows[0]!['案卷编号'], limit: 5 })).items[0]!;
    expect((await api.files.list({ dossierId: dossier.id })).map((f) => f.originalName)).toEqual([`${rows[0]!['案卷编号']}.pdf`]);
  });
});
