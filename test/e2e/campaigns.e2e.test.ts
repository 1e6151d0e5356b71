/**
 * 评查活动 end to end: the built renderer in Chromium, the loopback host, the real SQLite core.
 * Run after `npx vite build`: `npx vitest run -c vitest.e2e.config.ts`.
 */
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RENDERER_CSP } from '../../electron/host/csp';
import { REPO_ROOT } from '../../electron/host/paths';
import { launchChromium, screenshot, startApp, startHost, tempDir, type RunningApp } from './support';

interface CampaignRow {
  id: string;
  name: string;
  year: number;
  organiser: string;
  scope_notes: string;
  phase: string;
}

function campaignRows(dbPath: string): CampaignRow[] {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT id, name, year, organiser, scope_notes, phase FROM campaigns ORDER BY name').all() as CampaignRow[];
  } finally {
    db.close();
  }
}

const open: RunningApp[] = [];
async function start(dbPath: string): Promise<RunningApp> {
  const app = await startApp({ dbPath });
  open.push(app);
  return app;
}

afterEach(async () => {
  while (open.length) await open.pop()!.close();
});

describe('评查活动 (campaigns) in the browser', () => {
  it('creates, edits, survives a restart, and deletes a campaign; every screen renders', async () => {
    const dbPath = join(tempDir(), 'store.sqlite');
    let app = await start(dbPath);
    const { page } = app;

    // The token moved from the address bar into sessionStorage.
    expect(page.url()).not.toContain('token=');
    expect(page.url()).toMatch(/#\/campaigns$/);
    expect(await page.evaluate(() => sessionStorage.getItem('dossier-review.token'))).toBe(app.token);

    // CSP: the meta tag in the page and the header on the document are the same strict policy.
    expect(await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')).toBe(RENDERER_CSP);
    const doc = await fetch(app.baseUrl);
    expect(doc.headers.get('content-security-policy')).toBe(RENDERER_CSP);
    expect(doc.headers.get('x-content-type-options')).toBe('nosniff');
    expect(doc.headers.get('cache-control')).toBe('no-store');
    expect(readFileSync(join(REPO_ROOT, 'renderer', 'index.html'), 'utf8')).toContain(`content="${RENDERER_CSP}"`);

    // Empty state with a call to action.
    await expect.poll(() => page.getByRole('heading', { name: '还没有评查活动' }).isVisible()).toBe(true);
    await expect.poll(() => page.getByTestId('current-campaign').innerText()).toContain('未选择');
    await screenshot(page, 'campaigns-empty');

    // New campaign dialog: year defaults to this year; a server validation error shows inline.
    await page.getByRole('button', { name: '新建评查活动' }).click();
    const dialog = page.getByRole('dialog', { name: '新建评查活动' });
    await dialog.waitFor();
    expect(await dialog.getByLabel('年度').inputValue()).toBe(String(new Date().getFullYear()));
    await dialog.getByLabel('名称').fill('2026 年度行政执法案卷评查');
    await dialog.getByLabel('年度').fill('1999');
    await dialog.getByLabel('组织单位').fill('某市司法局');
    await dialog.getByLabel('范围说明').fill('市场监管、生态环境、交通运输三个领域\n每单位抽查 5 卷');
    await dialog.getByLabel('名称').press('Enter');
    await expect.poll(() => dialog.locator('.field-error').allInnerTexts()).toEqual(['年度不能早于 2000']);
    expect(await dialog.getByRole('alert').innerText()).toContain('请更正');
    // The cursor moved to the field to correct.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('campaign-year');
    expect(campaignRows(dbPath)).toEqual([]);
    await screenshot(page, 'campaign-dialog-error');

    // Fix it and submit with Enter.
    await dialog.getByLabel('年度').fill('2026');
    await dialog.getByLabel('年度').press('Enter');
    await dialog.waitFor({ state: 'detached' });
    const row = page.locator('tbody tr', { hasText: '2026 年度行政执法案卷评查' });
    await row.waitFor();
    expect(await row.locator('td').allInnerTexts()).toEqual([
      expect.stringContaining('2026 年度行政执法案卷评查'),
      '2026',
      '某市司法局',
      '方案制定',
      '0',
      expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/),
      expect.any(String),
    ]);
    // The first campaign becomes the current one, shown in the header.
    await expect.poll(() => page.getByTestId('current-campaign').innerText()).toContain('2026 年度行政执法案卷评查');
    expect(await row.getAttribute('aria-current')).toBe('true');

    // Esc closes a dialog without saving.
    await page.getByRole('button', { name: '新建评查活动' }).click();
    await page.getByRole('dialog', { name: '新建评查活动' }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog', { name: '新建评查活动' }).waitFor({ state: 'detached' });
    expect(await page.locator('tbody tr').count()).toBe(1);

    // Edit: same dialog, pre-filled; change name, organiser and phase.
    await row.getByRole('button', { name: /^编辑/ }).click();
    const edit = page.getByRole('dialog', { name: '编辑评查活动' });
    await edit.waitFor();
    expect(await edit.getByLabel('名称').inputValue()).toBe('2026 年度行政执法案卷评查');
    expect(await edit.getByLabel('范围说明').inputValue()).toBe('市场监管、生态环境、交通运输三个领域\n每单位抽查 5 卷');
    await edit.getByLabel('名称').fill('2026 年度全市行政执法案卷集中评查');
    await edit.getByLabel('组织单位').fill('某市人民政府行政执法协调监督办公室');
    await edit.getByLabel('阶段').selectOption({ label: '集中评查' });
    await screenshot(page, 'campaign-dialog-edit');
    await edit.getByLabel('组织单位').press('Enter');
    await edit.waitFor({ state: 'detached' });
    const edited = page.locator('tbody tr', { hasText: '2026 年度全市行政执法案卷集中评查' });
    await edited.waitFor();
    expect(await edited.locator('td').nth(2).innerText()).toBe('某市人民政府行政执法协调监督办公室');
    expect(await edited.locator('td').nth(3).innerText()).toBe('集中评查');
    await expect.poll(() => page.getByTestId('current-campaign').innerText()).toContain('2026 年度全市行政执法案卷集中评查');

    // A second campaign, to see a table with more than one row and switching the current one.
    await page.getByRole('button', { name: '新建评查活动' }).click();
    const second = page.getByRole('dialog', { name: '新建评查活动' });
    await second.getByLabel('名称').fill('2025 年度案卷评查（补充）');
    await second.getByLabel('年度').fill('2025');
    await second.getByLabel('名称').press('Enter');
    await second.waitFor({ state: 'detached' });
    const secondRow = page.locator('tbody tr', { hasText: '2025 年度案卷评查（补充）' });
    await secondRow.waitFor();
    expect(await page.locator('tbody tr td.name-cell .cell-title').allInnerTexts()).toEqual([
      '2026 年度全市行政执法案卷集中评查',
      '2025 年度案卷评查（补充）',
    ]);
    // Creating another does not steal "current".
    await expect.poll(() => page.getByTestId('current-campaign').innerText()).toContain('2026 年度全市行政执法案卷集中评查');
    await screenshot(page, 'campaigns-table');

    // Every screen, by keyboard (Alt+1..5).
    await page.keyboard.press('Alt+2');
    await expect.poll(() => page.url()).toMatch(/#\/dossiers$/);
    await expect.poll(() => page.getByRole('heading', { name: '尚未导入案卷登记表' }).isVisible()).toBe(true);
    await screenshot(page, 'screen-dossiers');
    await page.keyboard.press('Alt+3');
    await expect.poll(() => page.getByRole('heading', { name: '暂无待评查的案卷' }).isVisible()).toBe(true);
    await screenshot(page, 'screen-review');
    await page.keyboard.press('Alt+4');
    await expect.poll(() => page.getByRole('heading', { name: '暂无已分配评查的案卷' }).isVisible()).toBe(true);
    await screenshot(page, 'screen-stats');
    await page.keyboard.press('Alt+5');
    await expect.poll(() => page.getByTestId('store-path').innerText()).toBe(dbPath);
    expect(await page.getByTestId('app-version').innerText()).toBe('0.1.0');
    expect(await page.getByTestId('store-health').innerText()).toBe('正常');
    await expect.poll(() => page.getByTestId('identity-fingerprint').innerText()).toMatch(/^([0-9A-F]{4} ){15}[0-9A-F]{4}$/);
    expect(await page.getByTestId('health-banner').count()).toBe(0);
    await page.getByRole('button', { name: '校验审计日志' }).click();
    await expect.poll(() => page.getByTestId('audit-result').innerText()).toMatch(/^校验通过：.*3 条/);
    await screenshot(page, 'screen-settings');
    await page.keyboard.press('Alt+1');
    await page.locator('tbody tr').first().waitFor();

    // The rows are in the SQLite file itself.
    const stored = campaignRows(dbPath);
    expect(stored.map((r) => [r.name, r.year, r.organiser, r.phase])).toEqual([
      ['2025 年度案卷评查（补充）', 2025, '', 'planned'],
      ['2026 年度全市行政执法案卷集中评查', 2026, '某市人民政府行政执法协调监督办公室', 'review'],
    ]);
    expect(app.pageErrors).toEqual([]);

    // Restart: a new host (new token, new port) on the same file still has both campaigns.
    await app.close();
    open.length = 0;
    app = await start(dbPath);
    const page2 = app.page;
    const again = page2.locator('tbody tr', { hasText: '2026 年度全市行政执法案卷集中评查' });
    await again.waitFor();
    expect(await page2.locator('tbody tr').count()).toBe(2);

    // Delete with confirmation: the dialog names the campaign and warns about its data.
    await again.getByRole('button', { name: /^删除/ }).click();
    const confirm = page2.getByRole('alertdialog', { name: '删除评查活动' });
    await confirm.waitFor();
    const confirmText = await confirm.innerText();
    expect(confirmText).toContain('“2026 年度全市行政执法案卷集中评查”');
    expect(confirmText).toContain('全部数据');
    expect(confirmText).toContain('无法恢复');
    // The safe button has the focus: Enter here would cancel, not delete.
    await expect.poll(() => page2.evaluate(() => document.activeElement?.textContent)).toBe('取消');
    await screenshot(page2, 'campaign-delete-confirm');
    await confirm.getByRole('button', { name: '删除', exact: true }).click();
    await confirm.waitFor({ state: 'detached' });
    await again.waitFor({ state: 'detached' });
    expect(await page2.locator('tbody tr').count()).toBe(1);
    expect(campaignRows(dbPath).map((r) => r.name)).toEqual(['2025 年度案卷评查（补充）']);
    expect(app.pageErrors).toEqual([]);
  });

  it('refuses API calls without the token, from the page and from Node', async () => {
    const dbPath = join(tempDir(), 'store.sqlite');
    const app = await start(dbPath);

    const fromPage = await app.page.evaluate(async () => {
      const noToken = await fetch('/api/campaigns.list', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
      const wrong = await fetch('/api/campaigns.create', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: 'Bearer not-the-token' },
        body: JSON.stringify({ name: '不应写入', year: 2026 }),
      });
      return { noToken: noToken.status, wrong: wrong.status, body: await wrong.json() };
    });
    expect(fromPage.noToken).toBe(401);
    expect(fromPage.wrong).toBe(401);
    expect(fromPage.body).toMatchObject({ ok: false, error: { code: 'unauthorized' } });

    const fromNode = await fetch(`${app.baseUrl}api/campaigns.list`, { method: 'POST', body: '{}' });
    expect(fromNode.status).toBe(401);
    const withToken = await fetch(`${app.baseUrl}api/campaigns.list`, { method: 'POST', body: '{}', headers: { Authorization: `Bearer ${app.token}` } });
    expect(withToken.status).toBe(200);
    expect(await withToken.json()).toEqual({ ok: true, value: [] });
    expect(campaignRows(dbPath)).toEqual([]);
  });

  it('explains how to connect when the page is opened without the token', async () => {
    const dbPath = join(tempDir(), 'store.sqlite');
    const host = await startHost({ dbPath });
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.goto(host.baseUrl);
      await page.getByRole('heading', { name: '未找到访问令牌' }).waitFor();
      expect(await page.locator('.no-connection').innerText()).toContain('npm run serve');
      await screenshot(page, 'no-token');

      // A stale token (host restarted) is detected on the first call and explained the same way.
      // (Pasting an address with a token into the open tab is enough: the page takes it and starts afresh.)
      await page.goto(`${host.baseUrl}#token=stale-token-from-an-earlier-run`);
      await page.getByRole('heading', { name: '访问令牌无效' }).waitFor();
      expect(await page.evaluate(() => sessionStorage.getItem('dossier-review.token'))).toBeNull();
    } finally {
      await browser.close();
      await host.close();
    }
  });
});
