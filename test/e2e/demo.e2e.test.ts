/** The start screen offers the demo campaign: one click, then the whole flow can be tried. */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { screenshot, startApp, tempDir, type RunningApp } from './support';

let app: RunningApp | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
});

describe('demo campaign from the start screen', () => {
  it('loads the fictional campaign with one click and shows its dossiers', async () => {
    const dbPath = join(tempDir(), 'store.sqlite');
    app = await startApp({ dbPath });
    const { page } = app;
    await page.getByRole('button', { name: '加载示例活动' }).click();
    await page.getByRole('cell', { name: /示例评查活动（虚构数据）/ }).first().waitFor({ timeout: 60_000 });
    await screenshot(page, 'demo-loaded');

    await page.keyboard.press('Alt+2');
    await page.getByText('共 200 件').waitFor();
    await screenshot(page, 'demo-dossiers');

    const db = new Database(dbPath, { readonly: true, fileMustExist: true });
    try {
      expect(db.prepare('SELECT COUNT(*) AS n FROM dossiers').get()).toEqual({ n: 200 });
      expect(db.prepare('SELECT COUNT(DISTINCT unit_id) AS n FROM dossiers').get()).toEqual({ n: 3 });
      expect((db.prepare('SELECT COUNT(*) AS n FROM dossier_files').get() as { n: number }).n).toBe(12);
      expect((db.prepare('SELECT COUNT(*) AS n FROM reviewers').get() as { n: number }).n).toBeGreaterThanOrEqual(6);
    } finally {
      db.close();
    }
  });
});
