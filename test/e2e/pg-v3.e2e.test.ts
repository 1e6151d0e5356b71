/**
 * PG v3 in the browser: the template detail shows the rebalanced dimensions (扣完为止 at the dimension)
 * and 依据 once; the review workspace shows a capped dimension's subtotal; the 评查表 PDF prints it.
 * Run after `npm run build:renderer`.
 */
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeSharedChromiumPrinter } from '../../electron/core/export/chromium-printer';
import { reviewedFixture } from '../export/fixture';
import { pdfText } from '../export/helpers';
import { screenshot, startApp, tempDir, type RunningApp } from './support';

let app: RunningApp | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
  await closeSharedChromiumPrinter();
});

describe('PG v3 in the browser', () => {
  it('template detail, a capped 裁量 subtotal in the workspace, and the same figures on the 评查表 PDF', async () => {
    const dir = tempDir();
    const dbPath = join(dir, 'store.sqlite');
    const f = await reviewedFixture(dbPath);
    expect(f.sheet.template).toMatchObject({ key: 'PG', version: 3 });
    // A second dossier: 裁量 problems worth 5 + 5 + 2 = 12 against the dimension's 10 points.
    const dossiers = (await f.api.dossiers.list({ campaignId: f.campaignId, offset: 0, limit: 500 })).items;
    const isPg = (id: string) => dossiers.some((d) => d.id === id && d.caseType === '行政处罚' && d.procedure !== '简易程序');
    const assignment = (await f.api.assignments.list({ campaignId: f.campaignId })).find((a) => a.dossierId !== f.dossierId && isPg(a.dossierId))!;
    const sheet = await f.api.reviews.open({ assignmentId: assignment.id });
    for (const code of ['PG-DISC-03', 'PG-DISC-04', 'PG-DISC-07']) {
      await f.api.reviews.saveAnswer({ reviewId: sheet.review.id, itemCode: code, verdict: 'deduct', note: '裁量理由不充分' });
    }
    await f.api.reviews.saveAnswer({ reviewId: sheet.review.id, itemCode: 'PG-PROC-19', verdict: 'deduct', note: '超过办案期限' });
    const scored = await f.api.reviews.get({ reviewId: sheet.review.id });
    expect(scored.score.dimensions.find((d) => d.code === 'DISC')).toMatchObject({ score: 0, deducted: 10, requested: 12, capped: true });
    expect(scored.score.total).toBe(85);
    const pdfPath = join(dir, 'sheet-v3.pdf');
    const pdf = await f.api.exports.start({ campaignId: f.campaignId, kind: 'sheet', format: 'pdf', dossierId: assignment.dossierId, destination: { kind: 'path', path: pdfPath } });
    const job = await f.core.context.jobs.wait(pdf.jobId);
    expect(job.error).toBeNull();
    // The 评查表 prints the capped subtotal and says why.
    const text = (await pdfText(readFileSync(pdfPath))).all.replace(/\s/g, '');
    expect(text).toContain('裁量（10分，本维度扣完为止）');
    expect(text).toContain('各项扣分合计12分，本维度扣完为止');
    expect(text).toContain('裁量0/10');
    expect(text).toContain('总分85分');
    // Kept for a look (pdftoppm -png -r 60 test-results/sheet-pg-v3.pdf).
    mkdirSync('test-results', { recursive: true });
    copyFileSync(pdfPath, join('test-results', 'sheet-pg-v3.pdf'));
    const campaignId = f.campaignId;
    f.core.close();

    app = await startApp({ dbPath, viewport: { width: 1440, height: 900 } });
    const { page } = app;
    await page.evaluate((id) => localStorage.setItem('dossier-review.selectedCampaign', id), campaignId);

    // 设置 → 评查标准模板 → PG v3.
    await page.goto(`${app.baseUrl}#/settings`);
    await page.reload();
    const panel = page.locator('.templates-panel');
    await panel.getByRole('button', { name: '查看 PG v3' }).click();
    const detail = panel.locator('.template-detail');
    await expect.poll(() => detail.getAttribute('aria-label')).toBe('PG v3 详情');
    const settings = await detail.locator('.template-settings').innerText();
    expect(settings).toContain('执法主体与法律适用 12，事实与证据 33，程序 28，裁量 10，文书与立卷 17');
    expect(settings).toContain('各维度内扣完为止');
    expect(await detail.getByTestId('template-source').innerText()).toMatch(/^《中华人民共和国行政处罚法》/);
    expect(await detail.getByRole('heading', { name: /^裁量（DISC，10 分，8 项，本维度扣完为止）$/ }).count()).toBe(1);
    expect(await detail.getByTestId('item-PG-DISC-03').innerText()).toContain('扣 5 分，本维度扣完为止');
    // Element shots: the page is long, a full-page image is too small to read.
    await detail.locator('.template-settings').screenshot({ path: join('test-results', 'templates-pg-v3-settings.png') });
    await detail.locator('section', { has: page.getByRole('heading', { name: /^裁量/ }) }).screenshot({ path: join('test-results', 'templates-pg-v3-disc.png') });

    // The workspace of the second dossier.
    await page.goto(`${app.baseUrl}#/review/a/${assignment.id}`);
    await page.getByTestId('score-panel').waitFor();
    await expect.poll(() => page.getByTestId('ws-total').innerText()).toBe('85');
    const dims = page.getByRole('list', { name: '各维度得分' });
    const disc = dims.locator('li', { hasText: '裁量' });
    expect(await disc.innerText()).toContain('0/10');
    expect(await disc.getAttribute('title')).toBe('裁量：各项扣分合计 12 分，本维度扣完为止，实扣 10 分');
    const card = page.getByTestId('item-PG-DISC-03');
    expect(await card.locator('.ws-item-max').innerText()).toBe('最多扣 5 分');
    const header = page.locator('.ws-dim-header', { hasText: '裁量' });
    expect(await header.innerText()).toContain('0/10 分（各项扣分 12，扣完为止）');
    await card.scrollIntoViewIfNeeded();
    await screenshot(page, 'review-workspace-pg-v3');
    expect(app.pageErrors).toEqual([]);
  }, 240_000);
});
