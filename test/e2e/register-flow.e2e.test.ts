/**
 * 案卷 end to end: import a GBK register through the UI, list and filter dossiers, draw a sample,
 * add reviewers and assign, attach PDFs. Run after `npx vite build`.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeDossierPdf } from '../fixtures/pdfs';
import { compareCaseNos } from '../../shared/domain/register';
import { encodeCsv, generateRegisterRows, registerToCsv, registerToXlsx } from '../fixtures/registers';
import { coreApi, screenshot, startApp, tempDir, type RunningApp } from './support';

const open: RunningApp[] = [];
afterEach(async () => {
  while (open.length) await open.pop()!.close();
});

describe('案卷 register flow in the browser', () => {
  it('imports a register, lists dossiers, samples, assigns and attaches PDFs', async () => {
    const dir = tempDir();
    const dbPath = join(dir, 'store.sqlite');
    const rows = generateRegisterRows({ seed: 11, count: 30 });
    const csvPath = join(dir, '案卷目录.csv');
    writeFileSync(csvPath, encodeCsv(registerToCsv(rows), 'gbk'));

    const app = await startApp({ dbPath, viewport: { width: 1440, height: 900 } });
    open.push(app);
    const { page } = app;
    const campaign = await coreApi(app.core).campaigns.create({ name: '2026 年度行政执法案卷评查', year: 2026, organiser: '示例市司法局' });
    await page.evaluate((id) => localStorage.setItem('dossier-review.selectedCampaign', id), campaign.id);
    await page.goto(`${app.baseUrl}#/dossiers`);
    await page.reload();

    // Empty state → import dialog.
    await page.getByRole('heading', { name: '尚未导入案卷登记表' }).waitFor();
    await page.getByRole('button', { name: '导入登记表' }).first().click();
    const dialog = page.getByRole('dialog', { name: '导入登记表' });
    await dialog.waitFor();
    await dialog.getByTestId('register-file-input').setInputFiles(csvPath);
    await dialog.getByRole('table', { name: '列映射与前几行' }).waitFor();
    expect(await dialog.getByTestId('missing-required').count()).toBe(0);
    // 保存映射 for the unit named in the file (prefilled from its 执法单位 column).
    expect(await dialog.getByTestId('mapping-unit').inputValue()).toBe(rows[0]['执法单位']);
    await dialog.getByRole('button', { name: '保存映射' }).click();
    await dialog.getByTestId('mapping-saved').waitFor();
    expect((await coreApi(app.core).registers.mappings({})).map((m) => m.unitName)).toEqual([rows[0]['执法单位']]);
    await screenshot(page, 'register-import-preview');
    await dialog.getByRole('button', { name: '导入', exact: true }).click();
    await dialog.getByTestId('import-result').waitFor();
    expect(await dialog.getByTestId('count-imported').innerText()).toBe('30');
    // Per 执法单位 counts.
    const unitTable = dialog.getByTestId('unit-counts');
    const unitNames = [...new Set(rows.map((r) => r['执法单位']))].sort();
    expect(await unitTable.locator('tbody tr').count()).toBe(unitNames.length);
    expect(await unitTable.locator('tbody tr').first().innerText()).toContain(unitNames[0]);
    await screenshot(page, 'register-import-result');
    await dialog.getByRole('button', { name: '完成' }).click();
    await dialog.waitFor({ state: 'detached' });

    // The list: count, search, sort.
    await expect.poll(() => page.getByTestId('dossier-count').innerText()).toBe('共 30 件');
    await screenshot(page, 'dossier-list');
    await page.getByLabel('搜索案卷编号或当事人').fill(rows[0]['案卷编号']);
    await expect.poll(() => page.getByTestId('dossier-count').innerText()).toBe('共 1 件');
    await page.getByLabel('搜索案卷编号或当事人').fill('');
    await expect.poll(() => page.getByTestId('dossier-count').innerText()).toBe('共 30 件');
    // Case numbers in natural order (〔2024〕2号 before 〔2024〕10号), here descending.
    await page.getByRole('button', { name: /案卷编号/ }).click();
    const sorted = [...rows.map((r) => r['案卷编号'])].sort(compareCaseNos).reverse();
    await expect.poll(async () => (await page.locator('.vbody .vrow .vcell.mono').allInnerTexts()).slice(0, 8)).toEqual(sorted.slice(0, 8));
    // The import history names the units with their counts.
    const historyUnits = page.getByTestId('history-units').first();
    expect(await historyUnits.locator('tbody tr').count()).toBe(unitNames.length);
    expect(await historyUnits.locator('tbody tr').first().innerText()).toContain(unitNames[0]);

    // The same rows again, from an XLSX whose first sheet is instructions: pick the register's sheet.
    const xlsxPath = join(dir, '案卷目录.xlsx');
    writeFileSync(xlsxPath, await registerToXlsx(rows, { sheetName: '案卷目录', sheetsBefore: [{ name: '填表说明', rows: [['请按模板填写'], ['日期格式：2024-03-05']] }] }));
    await page.getByRole('button', { name: '导入登记表' }).click();
    const again = page.getByRole('dialog', { name: '导入登记表' });
    await again.getByTestId('register-file-input').setInputFiles(xlsxPath);
    await again.getByRole('table', { name: '列映射与前几行' }).waitFor();
    expect(await again.getByTestId('sheet-select').inputValue()).toBe('填表说明');
    await again.getByTestId('missing-required').waitFor();
    await again.getByTestId('sheet-select').selectOption('案卷目录');
    await expect.poll(() => again.getByTestId('missing-required').count()).toBe(0);
    await screenshot(page, 'register-import-sheet');
    await again.getByRole('button', { name: '导入', exact: true }).click();
    await again.getByTestId('import-result').waitFor();
    expect(await again.getByTestId('count-unchanged').innerText()).toBe('30');
    await again.getByRole('button', { name: '完成' }).click();
    await again.waitFor({ state: 'detached' });

    // A changed row: listed field by field, written only after 确认更新.
    const changedPath = join(dir, '案卷目录-更正.csv');
    writeFileSync(changedPath, encodeCsv(registerToCsv(rows.map((r, i) => (i === 0 ? { ...r, 当事人: '更正后的当事人' } : r))), 'gbk'));
    await page.getByRole('button', { name: '导入登记表' }).click();
    const upd = page.getByRole('dialog', { name: '导入登记表' });
    await upd.getByTestId('register-file-input').setInputFiles(changedPath);
    await upd.getByRole('table', { name: '列映射与前几行' }).waitFor();
    await upd.getByRole('button', { name: '导入', exact: true }).click();
    const changedTable = upd.getByRole('table', { name: '有变化的案卷' });
    await changedTable.waitFor();
    expect(await changedTable.innerText()).toContain('更正后的当事人');
    await screenshot(page, 'register-import-changed');
    await upd.getByRole('button', { name: '确认更新' }).click();
    await upd.getByText('（已更新）').waitFor();
    await upd.getByRole('button', { name: '完成' }).click();
    await upd.waitFor({ state: 'detached' });
    await page.getByLabel('搜索案卷编号或当事人').fill('更正后的当事人');
    await expect.poll(() => page.getByTestId('dossier-count').innerText()).toBe('共 1 件');
    await page.getByLabel('搜索案卷编号或当事人').fill('');

    // A file with errors: nothing is stored, and the dialog says so.
    const badPath = join(dir, '有错误.csv');
    writeFileSync(badPath, encodeCsv(registerToCsv([{ ...rows[1], 案卷编号: '示环罚〔2024〕999号', 结案日期: '2024-13-45' }]), 'gbk'));
    await page.getByRole('button', { name: '导入登记表' }).click();
    const bad = page.getByRole('dialog', { name: '导入登记表' });
    await bad.getByTestId('register-file-input').setInputFiles(badPath);
    await bad.getByRole('table', { name: '列映射与前几行' }).waitFor();
    await bad.getByRole('button', { name: '导入', exact: true }).click();
    await bad.getByTestId('import-result').waitFor();
    expect(await bad.getByRole('alert').first().innerText()).toContain('没有保存任何数据');
    expect(await bad.getByRole('table', { name: '错误' }).locator('tbody tr').count()).toBeGreaterThan(0);
    await screenshot(page, 'register-import-errors');
    await bad.getByRole('button', { name: '取消' }).click();
    await bad.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('dossier-count').innerText()).toBe('共 30 件');

    // PDFs named by case number.
    const pdfPaths: string[] = [];
    for (const r of rows.slice(0, 2)) {
      const bytes = await makeDossierPdf({
        caseNo: r['案卷编号'],
        party: r['当事人'],
        unit: r['执法单位'],
        documents: [
          { title: '立案审批表', pages: 1 },
          { title: '行政处罚决定书', pages: 2 },
        ],
      });
      const p = join(dir, `${r['案卷编号']}.pdf`);
      writeFileSync(p, bytes);
      pdfPaths.push(p);
    }
    await page.getByRole('button', { name: '导入卷宗 PDF' }).click();
    const attach = page.getByRole('dialog', { name: '导入卷宗 PDF' });
    await attach.getByTestId('pdf-file-input').setInputFiles(pdfPaths);
    await attach.getByTestId('attach-result').waitFor({ timeout: 30_000 });
    expect(await attach.getByRole('table', { name: '已匹配的卷宗' }).locator('tbody tr').count()).toBe(2);
    await screenshot(page, 'pdf-attach-result');
    await attach.getByRole('button', { name: '完成' }).click();
    await attach.waitFor({ state: 'detached' });
    // The list shows the attachment with its page count.
    await page.getByLabel('搜索案卷编号或当事人').fill(rows[0]['案卷编号']);
    await expect.poll(() => page.getByTestId('dossier-count').innerText()).toBe('共 1 件');
    await expect.poll(() => page.getByTestId('attachment-cell').first().innerText()).toMatch(/✓ \d+ 页/);
    await page.getByLabel('搜索案卷编号或当事人').fill('');
    await expect.poll(() => page.getByTestId('dossier-count').innerText()).toBe('共 30 件');
    expect(await page.getByTestId('attachment-cell').filter({ hasText: '未导入' }).count()).toBeGreaterThan(0);
    await screenshot(page, 'dossier-list-attachments');

    // 抽样: 2 per unit with a public seed; drawing again needs a confirmation that keeps the earlier draw.
    await page.getByRole('tab', { name: '抽样' }).click();
    await page.getByLabel('每单位件数').fill('2');
    await page.getByLabel('随机种子').fill('e2e-2026');
    await page.getByRole('button', { name: '抽取', exact: true }).click();
    await expect.poll(() => page.getByTestId('sample-count').innerText()).toBe('6');
    expect(await page.getByRole('table', { name: '抽样结果' }).locator('tbody tr').count()).toBe(6);
    await screenshot(page, 'sample-result');
    await page.getByRole('button', { name: '重新抽取…' }).click();
    const redraw = page.getByRole('alertdialog', { name: '重新抽取' });
    expect(await redraw.innerText()).toContain('不会删除');
    await redraw.getByRole('button', { name: '取消' }).click();
    // 历次抽样记录: the draw with its seed; 验证 re-runs it and says it reproduces.
    const history = page.getByTestId('draw-history');
    await history.waitFor();
    expect(await history.locator('tbody tr').count()).toBe(1);
    expect(await history.locator('tbody tr').first().innerText()).toContain('e2e-2026');
    await history.getByRole('button', { name: /验证/ }).click();
    await expect.poll(() => page.getByTestId('verify-result').innerText()).toContain('可复现');
    await screenshot(page, 'sample-history-verify');
    await page.getByRole('button', { name: '抽样记录', exact: true }).click();
    await page.getByRole('heading', { name: '案卷抽样记录' }).waitFor();
    expect(await page.locator('.draw-record').innerText()).toContain('e2e-2026');
    await screenshot(page, 'sample-record');
    // The print stylesheet shows the record alone.
    await page.evaluate(() => document.body.classList.add('printing-record'));
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.app-nav').isVisible()).toBe(false);
    await screenshot(page, 'sample-record-print');
    await page.emulateMedia({ media: 'screen' });
    await page.evaluate(() => document.body.classList.remove('printing-record'));

    // 评查人员 (three units) and 分配.
    await page.getByRole('tab', { name: '评查人员与分配' }).click();
    for (const [name, unit] of [['张某某', '示例市司法局'], ['李某某', '示例市生态环境局'], ['王某某', '示例市交通运输局']]) {
      await page.getByLabel('姓名').fill(name);
      await page.getByLabel('单位', { exact: true }).fill(unit);
      await page.getByRole('button', { name: '添加', exact: true }).click();
      await page.getByRole('table', { name: '评查人员' }).getByRole('cell', { name, exact: true }).waitFor();
    }
    await page.getByLabel('每卷人数').fill('1');
    await page.getByLabel('分配随机种子').fill('e2e-assign');
    await page.getByRole('button', { name: '随机分配' }).click();
    const table = page.getByRole('table', { name: '分配表' });
    await table.waitFor();
    await expect.poll(() => table.locator('tbody tr').count()).toBe(6);
    // Nobody reviews a dossier of their own unit.
    for (const tr of await table.locator('tbody tr').all()) {
      const cells = await tr.locator('td').allInnerTexts();
      expect(cells[1]).not.toBe(cells[3]);
    }
    await screenshot(page, 'assignments');
    await table.locator('tbody tr').first().getByRole('button', { name: /声明回避/ }).click();
    const conflict = page.getByRole('dialog', { name: '声明回避' });
    await conflict.getByLabel('回避理由').fill('与当事人有亲属关系');
    await conflict.getByRole('button', { name: '确定回避' }).click();
    await page.getByTestId('reassigned').waitFor();
    await screenshot(page, 'assignments-conflict');

    expect(app.pageErrors).toEqual([]);
  });
});

describe('案卷 list with a large register', () => {
  it('stays virtualised with 50,000 dossiers and fetches pages while scrolling', async () => {
    const dir = tempDir();
    const dbPath = join(dir, 'store.sqlite');
    const csvPath = join(dir, 'big.csv');
    writeFileSync(csvPath, encodeCsv(registerToCsv(generateRegisterRows({ seed: 5, count: 50_000 })), 'utf-8'));
    const app = await startApp({ dbPath, viewport: { width: 1440, height: 900 } });
    open.push(app);
    const api = coreApi(app.core);
    const campaign = await api.campaigns.create({ name: '大批量', year: 2026 });
    const t0 = Date.now();
    const res = await api.registers.import({ campaignId: campaign.id, files: [{ path: csvPath }], applyChanges: false });
    expect(res.errors).toEqual([]);
    console.log(`imported ${res.imported} in ${Date.now() - t0} ms`);
    const { page } = app;
    await page.evaluate((id) => localStorage.setItem('dossier-review.selectedCampaign', id), campaign.id);
    await page.goto(`${app.baseUrl}#/dossiers`);
    await page.reload();
    await expect.poll(() => page.getByTestId('dossier-count').innerText(), { timeout: 20_000 }).toBe('共 50,000 件');
    // Only the visible rows (plus overscan) are in the DOM.
    expect(await page.locator('.vbody .vrow').count()).toBeLessThan(60);
    // Jump to the end: the last page is fetched and shown.
    await page.locator('.vbody').evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    await expect.poll(() => page.locator('.vbody [aria-rowindex="50001"] .vcell').first().innerText(), { timeout: 10_000 }).not.toBe('…');
    // Middle, scrolled in steps like a user would.
    for (let i = 0; i < 10; i++) await page.locator('.vbody').evaluate((el, k) => el.scrollTo({ top: (el.scrollHeight * k) / 20 }), i);
    await expect.poll(() => page.locator('.vbody .vrow .vcell.mono').count()).toBeGreaterThan(10);
    expect(await page.locator('.vbody .vrow').count()).toBeLessThan(60);
    await screenshot(page, 'dossier-list-50000');
    expect(app.pageErrors).toEqual([]);
  }, 240_000);
});
