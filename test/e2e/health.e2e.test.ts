/**
 * A damaged database: the core opens it read-only and refuses writes; the UI says so on every
 * screen with a red banner and disables the buttons that would write.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openCore } from '../../electron/core/index';
import { screenshot, startApp, tempDir, type RunningApp } from './support';

/** A store with one campaign whose audit_log root page is then overwritten (the header stays valid). */
async function damagedStore(): Promise<string> {
  const dbPath = join(tempDir(), 'store.sqlite');
  const core = await openCore(dbPath);
  await core.dispatch('campaigns.create', { name: '损坏前创建的活动', year: 2026 }, { actor: 'e2e', transport: 'test' });
  const pageSize = core.store.db.pragma('page_size', { simple: true }) as number;
  const { rootpage } = core.store.db.prepare(`SELECT rootpage FROM sqlite_schema WHERE name = 'audit_log'`).get() as { rootpage: number };
  core.close();
  const fd = openSync(dbPath, 'r+');
  try {
    writeSync(fd, Buffer.alloc(64, 0xab), 0, 64, (rootpage - 1) * pageSize);
  } finally {
    closeSync(fd);
  }
  return dbPath;
}

let app: RunningApp | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
});

describe('damaged store', () => {
  it('shows a persistent red banner on every screen and offers no writes', async () => {
    const dbPath = await damagedStore();
    app = await startApp({ dbPath });
    expect(app.core.store.health.ok).toBe(false);
    const { page } = app;

    const banner = page.getByTestId('health-banner');
    await banner.waitFor();
    expect(await banner.innerText()).toContain('数据库已损坏，当前为只读状态。');
    expect(await banner.innerText()).toContain('已以只读方式打开并禁止一切修改');
    // Data can still be read (and rescued).
    await page.locator('tbody tr', { hasText: '损坏前创建的活动' }).waitFor();
    expect(await page.getByRole('button', { name: '新建评查活动' }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: /^编辑/ }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: /^删除/ }).isDisabled()).toBe(true);
    await screenshot(page, 'health-damaged-campaigns');

    for (const [key, route, title] of [
      ['Alt+2', 'dossiers', '案卷'],
      ['Alt+3', 'review', '评查'],
      ['Alt+4', 'stats', '统计与导出'],
    ]) {
      await page.keyboard.press(key);
      await expect.poll(() => page.url()).toMatch(new RegExp(`#/${route}$`));
      await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe(title);
      expect(await banner.isVisible(), key).toBe(true);
    }
    await page.keyboard.press('Alt+5');
    await expect.poll(() => page.getByTestId('store-health').innerText()).toContain('已损坏，只读');
    expect(await banner.isVisible()).toBe(true);
    await screenshot(page, 'health-damaged-settings');

    // The API refuses writes even if the UI were bypassed.
    const refused = await page.evaluate(async (token) => {
      const r = await fetch('/api/campaigns.create', {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: '写入', year: 2026 }),
      });
      return r.json();
    }, app.token);
    expect(refused).toMatchObject({ ok: false, error: { code: 'store_damaged' } });
  });
});
