/**
 * 评查标准模板 end to end (设置 → 评查标准模板): import an XLSX template from the UI, see it listed,
 * copy it and edit an item's points, see the validator's message for a cap below a deduction, save,
 * and pin the version to the current campaign. Run after `npx vite build`.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { templateToXlsx } from '../../electron/core/handlers/templates';
import { templateToJson } from '../../shared/domain/scoring';
import { builtinTemplate, builtinTemplateList } from '../../shared/domain/templates';
import { coreApi, screenshot, startApp, tempDir, type RunningApp } from './support';

const open: RunningApp[] = [];
afterEach(async () => {
  while (open.length) await open.pop()!.close();
});

describe('评查标准模板 in the browser', () => {
  it('imports an XLSX template, copies and edits it with in-place validation, and pins it', async () => {
    const dir = tempDir();
    const dbPath = join(dir, 'store.sqlite');
    // An organiser's own standard: the built-in 行政许可 template renamed, as a workbook.
    const li = builtinTemplate('LI')!;
    const xlsxPath = join(dir, '某省行政许可评查标准.xlsx');
    writeFileSync(xlsxPath, await templateToXlsx({ ...li, name: '某省行政许可案卷评查标准（2025）' }));
    const jsonPath = join(dir, '简易程序标准.json');
    writeFileSync(jsonPath, templateToJson({ ...builtinTemplate('PS')!, name: '某省简易程序评查标准' }));
    const badPath = join(dir, '有错误的标准.xlsx');
    const bad = structuredClone(li);
    bad.items[1]!.code = bad.items[0]!.code;
    writeFileSync(badPath, await templateToXlsx(bad));

    const app = await startApp({ dbPath, viewport: { width: 1440, height: 900 } });
    open.push(app);
    const { page } = app;
    const api = coreApi(app.core);
    const campaign = await api.campaigns.create({ name: '2026 年度行政执法案卷评查', year: 2026, organiser: '示例市司法局' });
    await page.evaluate((id) => localStorage.setItem('dossier-review.selectedCampaign', id), campaign.id);
    await page.goto(`${app.baseUrl}#/settings`);
    await page.reload();

    const panel = page.locator('.templates-panel');
    await panel.getByTestId('template-row-PG-v1').waitFor();
    expect(await panel.locator('tbody tr[data-testid^="template-row-"]').count()).toBe(builtinTemplateList().length); // every built-in version is listed

    // A bad workbook: the duplicate code is named with its row; nothing is stored.
    await panel.getByTestId('template-file-input').setInputFiles(badPath);
    const issues = panel.getByTestId('template-issues');
    await issues.waitFor();
    expect(await issues.innerText()).toContain(`工作表“评查项”第 3 行 A 列“编码”：模板 LI v2 的评查项 ${li.items[0]!.code}：编码重复（与第 2 行重复）`);
    await issues.scrollIntoViewIfNeeded();
    await screenshot(page, 'templates-import-error');
    expect(await panel.locator('tbody tr[data-testid^="template-row-"]').count()).toBe(builtinTemplateList().length);

    // The good workbook becomes LI v3 (the built-in LI has versions 1 and 2) and is shown.
    await panel.getByTestId('template-file-input').setInputFiles(xlsxPath);
    await expect.poll(() => panel.getByTestId('templates-notice').innerText()).toContain('LI v3');
    const row = panel.getByTestId('template-row-LI-v3');
    expect(await row.innerText()).toContain('某省行政许可案卷评查标准（2025）');
    expect(await row.innerText()).toContain('导入');
    await panel.getByTestId('grade-thresholds').scrollIntoViewIfNeeded();
    await screenshot(page, 'templates-imported-view');

    // JSON goes through the same import.
    await panel.getByTestId('template-file-input').setInputFiles(jsonPath);
    await expect.poll(() => panel.getByTestId('templates-notice').innerText()).toContain('PS v3');
    expect(await panel.getByTestId('template-row-PS-v3').innerText()).toContain('某省简易程序评查标准');
    await panel.getByRole('button', { name: '查看 LI v3' }).click();
    await expect.poll(() => panel.locator('.template-detail').getAttribute('aria-label')).toBe('LI v3 详情');

    // Copy → LI v4 in the editor. Change an item's points, then break a per-occurrence cap.
    await panel.getByRole('button', { name: '复制 LI v3' }).click();
    await panel.getByRole('table', { name: '编辑评查项' }).waitFor();
    expect(await panel.getByTestId('templates-notice').innerText()).toContain('LI v4');
    // A per-occurrence item and a fixed item of the same dimension (LI-PROC-01 and LI-PROC-05 today).
    const fixed = li.items.find((f) => f.deduction.kind === 'fixed' && li.items.some((p) => p.dimension === f.dimension && p.deduction.kind === 'per_occurrence' && p.maxPoints >= 2))!;
    const perOcc = li.items.find((p) => p.dimension === fixed.dimension && p.deduction.kind === 'per_occurrence' && p.maxPoints >= 2)!;
    const rule = perOcc.deduction as { pointsPerOccurrence: number; cap: number };

    // Raising one item's points breaks the dimension sum: the message is shown in place.
    await page.getByLabel(`${fixed.code} 分值`).fill(String(fixed.maxPoints + 1));
    await expect.poll(() => panel.getByTestId('editor-validation').innerText()).toContain('1 处问题');
    expect(await panel.locator('.editor-general-issues').innerText()).toContain(`评查项分值之和`);
    expect(await panel.getByRole('button', { name: '保存此版本' }).isDisabled()).toBe(true);
    await page.getByLabel(`${fixed.code} 分值`).fill(String(fixed.maxPoints));
    await expect.poll(() => panel.getByTestId('editor-validation').innerText()).toContain('校验通过');

    const lowCap = rule.pointsPerOccurrence / 2;
    await page.getByLabel(`${perOcc.code} 扣分上限`).fill(String(lowCap));
    const itemIssues = panel.getByTestId(`issues-${perOcc.code}`);
    await itemIssues.waitFor();
    expect(await itemIssues.innerText()).toContain(`评查项 ${perOcc.code}：扣分上限 ${lowCap} 小于每处扣分 ${rule.pointsPerOccurrence}`);
    await itemIssues.scrollIntoViewIfNeeded();
    await screenshot(page, 'templates-editor-error');
    // Fix it, change the title and points of a pair of items keeping the sum, and save with Ctrl+S.
    await page.getByLabel(`${perOcc.code} 扣分上限`).fill(String(rule.cap));
    await page.getByLabel(`${perOcc.code} 评查项名称`).fill(`${perOcc.title}（修订）`);
    await page.getByLabel(`${fixed.code} 分值`).fill(String(fixed.maxPoints + 1));
    await page.getByLabel(`${perOcc.code} 分值`).fill(String(perOcc.maxPoints - 1));
    await page.getByLabel(`${perOcc.code} 扣分上限`).fill(String(perOcc.maxPoints - 1));
    await expect.poll(() => panel.getByTestId('editor-validation').innerText()).toContain('校验通过');
    await page.getByLabel(`${perOcc.code} 评查项名称`).press('Control+s');
    await expect.poll(() => panel.getByTestId('templates-notice').innerText()).toContain('已保存 LI v4');
    const saved = (await api.templates.list({})).find((t) => t.key === 'LI' && t.version === 4)!;
    const body = (await api.templates.get({ id: saved.id })).template;
    expect(body.items.find((it) => it.code === fixed.code)!.maxPoints).toBe(fixed.maxPoints + 1);
    expect(body.items.find((it) => it.code === perOcc.code)).toMatchObject({ title: `${perOcc.title}（修订）`, maxPoints: perOcc.maxPoints - 1 });
    // The imported v3 is untouched.
    const v2 = (await api.templates.list({})).find((t) => t.key === 'LI' && t.version === 3)!;
    expect((await api.templates.get({ id: v2.id })).template.items.find((it) => it.code === fixed.code)!.maxPoints).toBe(fixed.maxPoints);

    // Pin v4 to the current campaign: the row and the per-campaign table say so.
    await panel.getByRole('button', { name: '将 LI v4 指定给当前评查活动' }).click();
    await expect.poll(() => panel.getByTestId('template-row-LI-v4').innerText()).toContain('当前活动使用');
    expect(await panel.getByTestId('campaign-pins').innerText()).toContain('LI v4');
    expect((await api.templates.pinned({ campaignId: campaign.id })).map((t) => `${t.key} v${t.version}`)).toEqual(['LI v4']);
    await panel.getByRole('button', { name: '查看 LI v4' }).click();
    await panel.getByTestId('grade-thresholds').waitFor();
    await panel.getByTestId('campaign-pins').scrollIntoViewIfNeeded();
    await screenshot(page, 'templates-pinned');
  });
});
