/**
 * A store whose audit log ends before its signed chain head (here: replaced by an older copy, as a
 * damaged -wal file would leave it): the app says so at start in a dialog naming the lost changes,
 * offers no writes until the user acknowledges, and then works normally.
 */
import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openCore } from '../../electron/core/index';
import { coreApi, screenshot, startApp, tempDir, type RunningApp } from './support';

async function storeWithLostChanges(): Promise<{ dbPath: string; campaignId: string }> {
  const dir = tempDir();
  const dbPath = join(dir, 'store.sqlite');
  const core = await openCore(dbPath);
  const api = coreApi(core, '张评查');
  const c = await api.campaigns.create({ name: '断电前的评查活动', year: 2026 });
  await core.store.backupTo(join(dir, 'older.sqlite'));
  await api.campaigns.update({ id: c.id, name: '断电前改过名的活动' });
  await api.campaigns.update({ id: c.id, scopeNotes: '2025年度结案案卷' });
  core.close();
  for (const f of [dbPath, `${dbPath}-wal`, `${dbPath}-shm`]) rmSync(f, { force: true });
  copyFileSync(join(dir, 'older.sqlite'), dbPath);
  return { dbPath, campaignId: c.id };
}

let app: RunningApp | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
});

describe('audit gap at start', () => {
  it('names the lost changes, blocks writes until acknowledged, then records the acknowledgement', async () => {
    const { dbPath, campaignId } = await storeWithLostChanges();
    app = await startApp({ dbPath });
    const { page } = app;

    const dialog = page.getByTestId('audit-gap-dialog');
    await dialog.waitFor();
    expect(await page.getByRole('alertdialog').getByRole('heading').innerText()).toBe('审计日志有缺失：部分已保存的修改可能已丢失');
    const rows = page.getByTestId('audit-gap-missing').locator('tbody tr');
    expect(await rows.count()).toBe(2);
    expect(await rows.nth(0).innerText()).toContain('张评查');
    expect(await rows.nth(0).innerText()).toContain('修改');
    expect(await rows.nth(0).innerText()).toContain(campaignId);
    await screenshot(page, 'audit-gap-dialog');

    // Look first: the dialog closes, the banner stays, nothing can be changed.
    await page.getByRole('button', { name: '暂不确认（只读查看）' }).click();
    const banner = page.getByTestId('health-banner');
    await banner.waitFor();
    expect(await banner.innerText()).toContain('审计日志有问题');
    await page.locator('tbody tr', { hasText: '断电前的评查活动' }).waitFor();
    expect(await page.getByRole('button', { name: '新建评查活动' }).isDisabled()).toBe(true);
    await screenshot(page, 'audit-gap-banner');

    await banner.getByRole('button', { name: '查看并确认…' }).click();
    await page.getByRole('button', { name: '我已知晓，记录并恢复写入' }).click();
    await dialog.waitFor({ state: 'detached' });
    await banner.waitFor({ state: 'detached' });
    expect(await page.getByRole('button', { name: '新建评查活动' }).isDisabled()).toBe(false);

    const api = coreApi(app.core);
    const [entry] = await api.audit.list({ limit: 1 });
    expect(entry).toMatchObject({ action: 'audit_gap_acknowledged', before: { missingCount: 2 } });
    expect(await api.audit.verify({})).toMatchObject({ ok: true, head: { state: 'ok' } });
  });

  it('a deleted signed-head file: the same dialog says the head file is missing and what to do, writes wait for acknowledgement', async () => {
    const dir = tempDir();
    const dbPath = join(dir, 'store.sqlite');
    const core = await openCore(dbPath);
    await coreApi(core, '张评查').campaigns.create({ name: '链头被删的评查活动', year: 2026 });
    await core.close();
    rmSync(`${dbPath}.audit-head.json`);
    app = await startApp({ dbPath });
    const { page } = app;

    const dialog = page.getByTestId('audit-gap-dialog');
    await dialog.waitFor();
    expect(await page.getByRole('alertdialog').getByRole('heading').innerText()).toBe('签名链头文件缺失：无法确认审计日志完整');
    expect(await dialog.innerText()).toContain('签名链头文件缺失');
    expect(await dialog.innerText()).toContain('.identity 文件夹');
    expect(await page.getByTestId('audit-gap-missing').count()).toBe(0);
    await screenshot(page, 'audit-gap-head-missing');
    await page.getByRole('button', { name: '暂不确认（只读查看）' }).click();
    expect(await page.getByRole('button', { name: '新建评查活动' }).isDisabled()).toBe(true);
    await page.getByTestId('health-banner').getByRole('button', { name: '查看并确认…' }).click();
    await page.getByRole('button', { name: '我已知晓，记录并恢复写入' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await page.getByRole('button', { name: '新建评查活动' }).isDisabled()).toBe(false);
    expect((await coreApi(app.core).audit.list({ limit: 1 }))[0]).toMatchObject({ action: 'audit_gap_acknowledged', before: { kind: 'head_missing' } });
  });
});
