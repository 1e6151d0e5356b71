/**
 * The dossier PDF viewer (viewer.html) in Chromium against the real core: the first page paints,
 * jumping by page number and by keyboard, search finds a word on the right page, the document map
 * lists the documents and a correction survives a reload, and a missing PDF shows a clear message.
 * Run after `npx vite build`.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { newId, nowIso } from '../../db/util';
import { filesRepository } from '../../db/repositories/files';
import { attachFiles, storedFilePath } from '../../electron/core/pdf/attach';
import { makeDossierPdf, type DossierPdfSpec } from '../fixtures/pdfs';
import { launchChromium, screenshot, startHost, tempDir, type RunningHost } from './support';

const SPEC: DossierPdfSpec = {
  caseNo: 'V-2024-001',
  party: '示例阅读器测试有限公司',
  unit: '示例市市场监督管理局',
  documents: [
    { title: '卷宗封面', pages: 1 },
    { title: '立案审批表', pages: 1 },
    { title: '询问笔录', pages: 3 },
    { title: '证据材料', pages: 2, scanned: true },
    { title: '行政处罚决定书', pages: 2, bodyLines: ['案号：V-2024-001', '决定：对当事人处以罚款人民币叁仟元整。'] },
    { title: '送达回证', pages: 1 },
  ],
};
const DECISION_PAGE = 8;
const OCR_PAGE = 7;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function setup(): Promise<{ running: RunningHost; fileId: string; missingFileId: string }> {
  const dir = tempDir('dossier-pdfv-');
  const running = await startHost({ dbPath: join(dir, 'store.sqlite') });
  cleanups.push(() => running.close());
  const db = running.core.store.db;
  const now = nowIso();
  const campaignId = newId();
  const unitId = newId();
  db.prepare(`INSERT INTO campaigns (id, name, year, created_at, updated_at) VALUES (?, '阅读器测试', 2024, ?, ?)`).run(campaignId, now, now);
  db.prepare(`INSERT INTO units (id, name, created_at) VALUES (?, ?, ?)`).run(unitId, SPEC.unit, now);
  for (const caseNo of [SPEC.caseNo, 'V-2024-002']) {
    db.prepare(
      `INSERT INTO dossiers (id, campaign_id, unit_id, case_no, case_type, cause, party, date_closed, file_ref, content_hash, created_at, updated_at)
       VALUES (?, ?, ?, ?, '行政处罚', '销售不合格食品', ?, '2024-06-30', NULL, ?, ?, ?)`,
    ).run(newId(), campaignId, unitId, caseNo, SPEC.party, `h-${caseNo}`, now, now);
  }
  writeFileSync(join(dir, `${SPEC.caseNo}.pdf`), await makeDossierPdf(SPEC));
  writeFileSync(join(dir, 'V-2024-002.pdf'), await makeDossierPdf({ ...SPEC, caseNo: 'V-2024-002', documents: SPEC.documents.slice(0, 2) }));
  const result = await attachFiles(running.core.context, {
    campaignId,
    files: [
      { name: `${SPEC.caseNo}.pdf`, path: join(dir, `${SPEC.caseNo}.pdf`) },
      { name: 'V-2024-002.pdf', path: join(dir, 'V-2024-002.pdf') },
    ],
  });
  expect(result.failed).toEqual([]);
  const fileId = result.matched.find((m) => m.caseNo === SPEC.caseNo)!.fileId;
  const missing = result.matched.find((m) => m.caseNo === 'V-2024-002')!;
  // OCR has read the second scanned evidence page (as the OCR job stores it: text + line boxes).
  filesRepository(db).setOcrPage({
    fileId,
    pageNo: OCR_PAGE,
    textSource: 'ocr',
    text: '抽样检验报告\n样本编号SY-0427',
    lines: [
      { text: '抽样检验报告', x: 0.1, y: 0.08, w: 0.5, h: 0.04, confidence: 0.95 },
      { text: '样本编号SY-0427', x: 0.1, y: 0.16, w: 0.45, h: 0.03, confidence: 0.9 },
    ],
    confidence: 0.92,
    imageSha256: null,
  });
  // The PDF disappears from the store folder after import (deleted, disk restored from an old backup…).
  rmSync(storedFilePath(running.core.store, missing.sha256));
  return { running, fileId, missingFileId: missing.fileId };
}

async function openViewer(running: RunningHost, fileId: string): Promise<{ page: Page; errors: string[] }> {
  const browser = await launchChromium();
  cleanups.push(() => browser.close());
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'zh-CN' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().includes("'frame-ancestors'") && !m.text().startsWith('Failed to load resource')) errors.push(`console: ${m.text()}`);
  });
  await page.goto(`${running.baseUrl}viewer.html#file=${fileId}&token=${running.token}`);
  return { page, errors };
}

const painted = (page: Page, n: number) => page.locator(`[data-page="${n}"][data-painted="true"]`).waitFor({ timeout: 20_000 });

describe('dossier PDF viewer', () => {
  it('paints, jumps, searches and keeps a document-map correction', async () => {
    const { running, fileId } = await setup();
    const { page, errors } = await openViewer(running, fileId);

    await painted(page, 1);
    expect(await page.getByTestId('page-count').innerText()).toBe('10');
    // The access token left the address bar; the file stayed for reloads.
    expect(page.url()).not.toContain('token=');
    expect(page.url()).toContain(`#file=${fileId}`);
    await screenshot(page, 'pdf-viewer-first-page');

    // Jump by number.
    const pageBox = page.getByLabel('页码');
    await pageBox.fill('6');
    await pageBox.press('Enter');
    await painted(page, 6);
    await expect.poll(() => pageBox.inputValue()).toBe('6');
    // Scanned pages are drawn without a text layer: marked.
    await expect.poll(() => page.locator('[data-page="6"] .pdfv-badge').innerText()).toBe('无文字');

    // Keyboard: J next, K previous (viewer focused).
    await page.getByTestId('pdf-viewer').focus();
    await page.keyboard.press('j');
    await expect.poll(() => pageBox.inputValue()).toBe('7');
    await page.keyboard.press('PageUp');
    await expect.poll(() => pageBox.inputValue()).toBe('6');

    // Zoom: + enlarges, fit-width returns.
    const zoomBefore = await page.getByTestId('zoom-level').innerText();
    await page.keyboard.press('+');
    await expect.poll(() => page.getByTestId('zoom-level').innerText()).not.toBe(zoomBefore);
    await page.getByRole('button', { name: '适合宽度' }).click();
    await expect.poll(() => page.getByTestId('zoom-level').innerText()).toBe(zoomBefore);

    // Search (Ctrl+F) finds the word on the decision's page and highlights it there.
    await page.getByTestId('pdf-viewer').focus();
    await page.keyboard.press('Control+f');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('在卷宗中查找');
    await page.keyboard.type('叁仟元');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('search-status').innerText()).toBe('第 1 / 1 页');
    expect(await page.getByTestId('search-hit').innerText()).toContain(`第 ${DECISION_PAGE} 页`);
    await painted(page, DECISION_PAGE);
    await expect.poll(() => pageBox.inputValue()).toBe(String(DECISION_PAGE));
    await page.locator(`[data-page="${DECISION_PAGE}"] .pdfv-hit`).first().waitFor();
    await screenshot(page, 'pdf-viewer-search');

    // A word only OCR read: found through files.searchText, its box drawn over the scanned page.
    const search = page.getByLabel('在卷宗中查找');
    await search.fill('SY-0427');
    await search.press('Enter');
    await expect.poll(() => page.getByTestId('search-status').innerText()).toBe('第 1 / 1 页');
    expect(await page.getByTestId('search-hit').innerText()).toContain(`第 ${OCR_PAGE} 页`);
    await painted(page, OCR_PAGE);
    await expect.poll(() => page.locator(`[data-page="${OCR_PAGE}"] [data-testid="ocr-hit"]`).count()).toBeGreaterThan(0);
    expect(await page.locator(`[data-page="${OCR_PAGE}"] .pdfv-badge`).innerText()).toBe('OCR 识别');
    await screenshot(page, 'pdf-viewer-ocr-hit');

    // The document map lists the detected documents with their pages.
    const items = page.getByTestId('document-map-item');
    await expect.poll(() => items.count()).toBeGreaterThanOrEqual(5);
    const decision = items.filter({ hasText: '行政处罚决定书' });
    expect(await decision.innerText()).toContain(`第 ${DECISION_PAGE}–9 页`);
    // The scanned evidence (pages 6–7) was not detected; the reviewer marks it.
    expect(await items.filter({ hasText: '证据材料' }).count()).toBe(0);
    await pageBox.fill('6');
    await pageBox.press('Enter');
    await expect.poll(() => pageBox.inputValue()).toBe('6');
    await page.getByRole('button', { name: '在第 6 页添加' }).click();
    await page.getByLabel('文书类型').selectOption('EVIDENCE');
    await page.getByRole('button', { name: '添加', exact: true }).click();
    await expect.poll(() => items.filter({ hasText: '证据材料' }).count()).toBe(1);
    expect(await items.filter({ hasText: '证据材料' }).innerText()).toContain('第 6–7 页');
    await screenshot(page, 'pdf-viewer-map-corrected');

    // Reload: the correction is stored (manual), and clicking it jumps there.
    await page.reload();
    await painted(page, 1);
    const evidence = page.getByTestId('document-map-item').filter({ hasText: '证据材料' });
    await expect.poll(() => evidence.count()).toBe(1);
    expect(await evidence.innerText()).toContain('人工标记');
    await evidence.getByRole('button', { name: /^证据材料 第/ }).click();
    await expect.poll(() => pageBox.inputValue()).toBe('6');

    // "在新窗口中打开": the same file at the same page in a window of its own (second screen).
    const [popup] = await Promise.all([page.context().waitForEvent('page'), page.getByRole('button', { name: '在新窗口中打开' }).click()]);
    await painted(popup, 6);
    await expect.poll(() => popup.getByLabel('页码').inputValue()).toBe('6');
    expect(popup.url()).not.toContain('token=');

    expect(errors).toEqual([]);
  });

  it('shows a clear message when the PDF is missing or unknown', async () => {
    const { running, missingFileId } = await setup();
    const { page } = await openViewer(running, missingFileId);
    const error = page.getByTestId('pdf-error');
    await error.waitFor();
    expect(await error.innerText()).toContain('V-2024-002.pdf');
    expect(await error.innerText()).toContain('已不在存储文件夹中');
    await screenshot(page, 'pdf-viewer-missing');

    await page.goto(`${running.baseUrl}viewer.html#file=00000000-0000-0000-0000-000000000000`);
    await page.reload();
    await page.getByTestId('pdf-error').waitFor();
    expect(await page.getByTestId('pdf-error').innerText()).toContain('没有编号为');
  });
});
