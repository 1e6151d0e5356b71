/**
 * OCR that cannot go on says so in words in the header, not in a tooltip: after the engine process
 * ends the header reads "文字识别进程意外退出（退出代码 139），4 页待识别" with 重试 and 说明 (what to do),
 * both reached by the keyboard; an engine that is not installed reads "文字识别组件未安装…".
 * The engine is a scripted stand-in of the app's utility process. Run after `npx vite build`.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { configureOcrHost } from '../../electron/core/ocr/host';
import { failingOcrHost, seedScannedDossier } from '../ocr/harness';
import { screenshot, startApp, tempDir, type RunningApp } from './support';

let app: RunningApp | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
});

describe('OCR status in words', () => {
  it('shows a crash with its exit code and what to do, reachable by keyboard, and a missing engine', async () => {
    const dir = tempDir('dossier-ocr-status-');
    app = await startApp({ dbPath: join(dir, 'store.sqlite'), viewport: { width: 1400, height: 700 } });
    const { core, page } = app;
    await seedScannedDossier(core.context, dir, 'OCR-1');
    configureOcrHost(core.context, failingOcrHost(join(dir, 'OCR-1.pdf'), { exit: 139 }));
    await page.reload();

    const indicator = page.getByTestId('ocr-progress');
    await expect.poll(() => indicator.getAttribute('data-state'), { timeout: 20_000 }).toBe('failed');
    // (textContent: the flex items' text without the line breaks innerText puts between them)
    expect(await indicator.textContent()).toContain('文字识别进程意外退出（退出代码 139），4 页待识别重试说明');
    // No tooltip holds what matters.
    expect(await indicator.getAttribute('title')).toBeNull();

    // 说明 by keyboard: focus it, Enter opens what to do, Escape closes it and gives focus back.
    const more = indicator.getByRole('button', { name: '说明' });
    await more.focus();
    await page.keyboard.press('Enter');
    const details = page.getByTestId('ocr-details');
    await details.waitFor();
    expect(await more.getAttribute('aria-expanded')).toBe('true');
    expect(await details.innerText()).toContain('已识别的页面均已保存');
    await screenshot(page, 'ocr-status-crashed');
    await page.keyboard.press('Escape');
    await details.waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('说明');

    // 重试 runs again (here into a missing engine): the header says the component is not installed.
    configureOcrHost(core.context, { entry: () => join(dir, 'gone', 'ocr-utility.cjs'), start: () => expect.fail('must not start') });
    await indicator.getByRole('button', { name: '重试' }).click();
    await expect.poll(() => indicator.getAttribute('data-state'), { timeout: 10_000 }).toBe('unavailable');
    expect(await indicator.textContent()).toContain('文字识别组件未安装（缺少 ocr-utility.cjs），4 页待识别');
    await indicator.getByRole('button', { name: '说明' }).click();
    expect(await details.innerText()).toContain('请重新安装本程序');
    await screenshot(page, 'ocr-status-missing');
    expect(app.pageErrors).toEqual([]);
  }, 90_000);
});
