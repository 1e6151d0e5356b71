/**
 * 合议与复核 in Chromium: the cross-reviewed dossier in the list, the side-by-side screen with the PDF
 * and the disagreement highlighted, and a 合议 answer recorded from the keyboard that changes the
 * final result.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openCore } from '../../electron/core';
import { makeDossierPdf } from '../fixtures/pdfs';
import { crossReviewedDossier } from '../consensus/fixture';
import { chooseWho, coreApi, screenshot, startApp, tempDir, type RunningApp } from './support';

let app: RunningApp | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
});

describe('合议 screen', () => {
  it('shows two reviews side by side with the disagreement highlighted and records the agreed answer', async () => {
    const dir = tempDir();
    const dbPath = join(dir, 'store.sqlite');
    const core = await openCore(dbPath);
    const api = coreApi(core);
    const f = await crossReviewedDossier(api, '2025年度交叉评查');
    await api.reviews.submit({ reviewId: f.sheetA.review.id });
    await api.reviews.submit({ reviewId: f.sheetB.review.id });
    const before = await api.consensus.compare({ dossierId: f.dossierId, viewerId: f.leader.id });
    const { caseNo, unitName, party } = before.dossier;
    const pdfPath = join(dir, 'dossier.pdf');
    writeFileSync(pdfPath, await makeDossierPdf({ caseNo, party, unit: unitName, documents: [{ title: '立案审批表', pages: 1 }, { title: '送达回证', pages: 1 }] }));
    const job = await api.files.attach({ campaignId: f.campaign.id, files: [{ name: `${caseNo}.pdf`, path: pdfPath }] });
    for (let i = 0; i < 200 && (await api.jobs.get({ id: job.jobId })).status === 'running'; i++) await new Promise((r) => setTimeout(r, 100));
    expect((await api.files.list({ dossierId: f.dossierId })).length).toBe(1);
    core.close();

    app = await startApp({ dbPath, viewport: { width: 1600, height: 1000 } });
    const { page } = app;
    await page.evaluate((id) => localStorage.setItem('dossier-review.selectedCampaign', id), f.campaign.id);
    await page.goto(`${app.baseUrl}#/consensus`);
    await page.reload();
    await page.getByRole('heading', { name: '合议与复核' }).waitFor();
    // Nobody chosen yet: the screen asks for 我是谁 first; the 组长 then opens the dossier.
    await page.getByTestId('consensus-actor').getByText('我是谁').waitFor();
    await chooseWho(page, f.leader.id);
    await page.getByTestId('consensus-actor').getByText('王组长').waitFor();
    const row = page.locator(`tr[data-case-no="${caseNo}"]`);
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('0/1 已定');
    await screenshot(page, 'consensus-list');
    await row.getByRole('button', { name: '逐项对照' }).click();

    const disputed = page.locator(`tr[data-code="${f.disputed.code}"]`);
    await disputed.waitFor();
    // Verdict, deduction, pages and note all differ: each is highlighted in the reviewers' cells.
    expect(await disputed.locator('.cs-diff').count()).toBeGreaterThanOrEqual(4);
    await expect(disputed.textContent()).resolves.toContain('待合议');
    await page.locator('.cs-pdf canvas').first().waitFor({ timeout: 30_000 });

    // Keyboard: focus the list, Enter opens the form, 2 takes the second reviewer's answer.
    await page.locator('.cs-list').focus();
    const second = before.reviews[1];
    await page.keyboard.press('2');
    await page.getByRole('form', { name: `记录 ${f.disputed.code} 的结论` }).waitFor();
    await page.locator('#cs-reason').fill('经合议，按卷内第12页认定');
    await screenshot(page, 'consensus-compare');
    await page.keyboard.press('Control+Enter');
    await disputed.locator('.cs-decision').waitFor();
    await expect(disputed.textContent()).resolves.toContain('经合议，按卷内第12页认定');
    const finalChip = page.getByTestId('final-result');
    await expect(finalChip.textContent()).resolves.toContain('合议结果');
    await expect(finalChip.textContent()).resolves.toContain(String(second.total));
    await screenshot(page, 'consensus-agreed');
    // Back in the list the dossier counts its disputed item as settled.
    await page.getByRole('button', { name: '← 返回列表' }).click();
    await expect(page.locator(`tr[data-case-no="${caseNo}"]`).textContent()).resolves.toContain('1/1 已定');
    expect(app.pageErrors).toEqual([]);

    const after = await coreApi(app.core).consensus.compare({ dossierId: f.dossierId, viewerId: f.leader.id });
    expect(after.items.find((i) => i.code === f.disputed.code)?.agreed?.reason).toBe('经合议，按卷内第12页认定');
  }, 180_000);
});
