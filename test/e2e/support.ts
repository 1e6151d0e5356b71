/**
 * End-to-end helpers: the real core on a SQLite file, the loopback host serving the built renderer,
 * and Debian's Chromium driven by playwright-core.
 *
 *   const app = await startApp({ dbPath });
 *   await app.page.getByRole('button', { name: '新建评查活动' }).click();
 *   await screenshot(app.page, 'campaigns');
 *   await app.close();
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { createApiClient, type Api } from '../../shared/api/contract';
import { openCore, type Core } from '../../electron/core/index';
import { REPO_ROOT, RENDERER_DIST } from '../../electron/host/paths';
import { createHost, type Host } from '../../electron/host/server';
import { dossierFileSource } from '../../electron/core/pdf/serve';
import { encodeCsv, generateRegisterRows, registerToCsv } from '../fixtures/registers';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-dev-shm-usage',
];
export const RESULTS_DIR = join(REPO_ROOT, 'test-results');

/** A fresh folder for a test's database (and anything else it writes). */
export function tempDir(prefix = 'dossier-e2e-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function assertRendererBuilt(): void {
  if (!existsSync(join(RENDERER_DIST, 'index.html'))) {
    throw new Error(`${RENDERER_DIST}/index.html is missing: run \`npx vite build\` (npm run build:renderer) before the e2e tests.`);
  }
}

export interface RunningHost {
  core: Core;
  host: Host;
  /** Base URL without token, e.g. http://127.0.0.1:41234/ */
  baseUrl: string;
  /** The URL a user opens: base URL plus #token=… */
  url: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

/** The real core on dbPath behind the loopback host on a random port. */
export async function startHost(opts: { dbPath: string; token?: string; actor?: string }): Promise<RunningHost> {
  assertRendererBuilt();
  const token = opts.token ?? randomBytes(32).toString('base64url');
  const core = await openCore(opts.dbPath);
  const host = createHost({ dispatch: core.dispatch, rendererDir: RENDERER_DIST, token, actor: opts.actor ?? 'e2e', files: dossierFileSource(core.store) });
  const { url: baseUrl, port } = await host.listen(0);
  let closed = false;
  return {
    core,
    host,
    baseUrl,
    url: `${baseUrl}#token=${token}`,
    token,
    port,
    close: async () => {
      if (closed) return;
      closed = true;
      await host.close();
      await core.close();
    },
  };
}

export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`Chromium not found at ${CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH).`);
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

export interface RunningApp extends RunningHost {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught page errors seen so far (for assertions). */
  pageErrors: string[];
}

/**
 * Host + Chromium + a page that has opened the app with its token and shows the shell.
 * close() closes the browser, the host and the store (in that order) and is safe to call twice.
 */
export async function startApp(opts: { dbPath: string; token?: string; viewport?: { width: number; height: number } }): Promise<RunningApp> {
  const running = await startHost(opts);
  let browser: Browser | null = null;
  try {
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: opts.viewport ?? { width: 1280, height: 800 }, locale: 'zh-CN' });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(`pageerror: ${e.message}`));
    page.on('response', (r) => {
      // 401 is how the host answers a bad token: tests that provoke it assert it themselves.
      if (r.status() >= 400 && r.status() !== 401) pageErrors.push(`http ${r.status()}: ${r.url()}`);
    });
    page.on('console', (m) => {
      // Chromium reports that frame-ancestors has no effect in a <meta> CSP; the header carries it.
      const text = m.text();
      if (m.type() === 'error' && !text.includes("'frame-ancestors'") && !text.startsWith('Failed to load resource')) pageErrors.push(`console: ${text}`);
    });
    await page.goto(running.url);
    await page.locator('.app-header').waitFor();
    const b = browser;
    return {
      ...running,
      browser: b,
      context,
      page,
      pageErrors,
      close: async () => {
        await b.close().catch(() => undefined);
        await running.close();
      },
    };
  } catch (err) {
    await browser?.close().catch(() => undefined);
    await running.close();
    throw err;
  }
}

/** Full-page screenshot to test-results/<name>.png; returns the path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** A typed API client straight on a core's dispatcher (test setup without going through the UI). */
export function coreApi(core: Core, actor = 'e2e'): Api {
  return createApiClient((method, input) => core.dispatch(method, input, { actor, transport: 'test' }));
}

/** 我是谁 in the header: choose who this tab is (the roster member's id; their PIN if set). */
export async function chooseWho(page: Page, reviewerId: string, pin?: string): Promise<void> {
  await page.getByTestId('who-am-i').click();
  const dialog = page.getByRole('dialog', { name: '我是谁' });
  await dialog.getByLabel('姓名').selectOption(reviewerId);
  if (pin !== undefined) await dialog.getByLabel('PIN', { exact: true }).fill(pin);
  await dialog.getByRole('button', { name: '确定' }).click();
  await dialog.waitFor({ state: 'detached' });
}

/**
 * A fresh campaign selected in the browser with 设置 → 评查规则参数 open: the setup the rule-settings
 * screens' tests share.
 */
export async function openRuleSettings(app: RunningApp): Promise<{ api: Api; campaignId: string; table: Locator }> {
  const { page } = app;
  const api = coreApi(app.core);
  const campaign = await api.campaigns.create({ name: '2026年度行政执法案卷评查', year: 2026, organiser: '示例市司法局' });
  await openOnCampaign(app, campaign.id, '#/campaigns');
  await page.getByRole('button', { name: '查看或修改评查规则参数' }).click();
  const table = page.getByRole('table', { name: '评查规则参数' });
  await table.waitFor();
  return { api, campaignId: campaign.id, table };
}

/** Selects a campaign in the browser (as the campaign switcher does) and opens one of its screens. */
export async function openOnCampaign(app: RunningApp, campaignId: string, hash: string): Promise<void> {
  await app.page.evaluate((id) => localStorage.setItem('dossier-review.selectedCampaign', id), campaignId);
  await app.page.goto(`${app.baseUrl}${hash}`);
  await app.page.reload();
}

/** A campaign with a register of 20 generated dossiers, made through the API: where the roles screens' tests start. */
export async function campaignWithRegister(app: RunningApp, name = '2025年度行政执法案卷评查'): Promise<{ api: Api; campaignId: string }> {
  const api = coreApi(app.core);
  const campaign = await api.campaigns.create({ name, year: 2025, organiser: '示例市司法局' });
  const csv = encodeCsv(registerToCsv(generateRegisterRows({ seed: 9, count: 20 })), 'utf-8');
  await api.registers.import({ campaignId: campaign.id, files: [{ name: 'r.csv', dataBase64: csv.toString('base64') }] });
  return { api, campaignId: campaign.id };
}
