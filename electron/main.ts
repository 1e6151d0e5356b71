/**
 * Electron main process (bundled to dist/electron/main.cjs by scripts/build-electron.mjs; CommonJS,
 * so __dirname, never import.meta). Thin on purpose: it opens the core, serves the renderer over
 * app://dossier-review/, and routes the one IPC channel into core.dispatch. All policy lives in
 * ./shell/*.ts as pure, tested functions.
 */
import { app, BrowserWindow, dialog, ipcMain, protocol, session, shell, utilityProcess, type OpenDialogOptions, type SaveDialogOptions, type Session, type WebContents } from 'electron';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { IPC_CHANNEL } from '../shared/api/contract';
import { DIALOG_CHANNEL, type DialogRequest, type DialogResult } from '../shared/shell-dialog';
import { createDialogHandler, electronDialogCall } from './shell/dialogs';
import { APP_NAME, APP_VERSION } from '../shared/app-info';
import { openCore, type Core } from './core';
import { dbPathFromArgv } from './shell/args';
import { defaultDataDir, STORE_FILE_NAME } from './core/data-dir';
import { installMenu } from './shell/menu';
import { createAppProtocolHandler } from './shell/protocol';
import { dossierFileSource } from './core/pdf/serve';
import { configureExports } from './core/export/config';
import { createElectronPrinter } from './shell/pdf-printer';
import { configureOcrHost } from './core/ocr/host';
import { createUtilityOcrHost, OCR_UTILITY_FILE } from './shell/ocr-utility-host';
import {
  APP_ENTRY_URL,
  APP_SCHEME,
  CONTENT_SECURITY_POLICY,
  createIpcHandler,
  ipcSessionKey,
  externalUrlToOpen,
  isNavigationAllowed,
  isTrustedPageUrl,
  isViewerWindowUrl,
  parseDevUrl,
  withCspHeader,
  type DevTarget,
} from './shell/security';

/** dist/electron/main.cjs → dist/renderer and dist/electron/preload.cjs. */
const RENDERER_DIR = join(__dirname, '..', 'renderer');
const PRELOAD = join(__dirname, 'preload.cjs');

// Must happen before `ready`. standard+secure: a real origin for the renderer (storage, fetch,
// module scripts and the pdf.js worker behave as on https).
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, codeCache: true } },
]);

// The same data folder for development and packaged builds, whatever productName says, and the one
// `npm run serve` uses (electron/core/data-dir.ts).
app.setPath('userData', defaultDataDir());

const isDev = !app.isPackaged;
let devTarget: DevTarget | null = null;
let devUrlError: string | null = null;
if (isDev && process.env.DOSSIER_REVIEW_DEV_URL) {
  try {
    devTarget = parseDevUrl(process.env.DOSSIER_REVIEW_DEV_URL);
  } catch (err) {
    devUrlError = err instanceof Error ? err.message : String(err);
  }
}
const devOrigin = devTarget?.origin ?? null;

let core: Core | null = null;
let mainWindow: BrowserWindow | null = null;
/** Dossier viewer windows (viewer.html) the main window opened: IPC from their top frame is accepted. */
const viewerWindows = new Set<BrowserWindow>();
let dbPath = '';

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

function currentActor(): string {
  try {
    return userInfo().username || 'unknown';
  } catch {
    return process.env.USERNAME || process.env.USER || 'unknown';
  }
}

function fatal(title: string, message: string): void {
  dialog.showErrorBox(title, message);
  app.exit(1);
}

/** Every webContents (the window, devtools, anything else): no navigation away, no new windows, no webviews. */
function hardenContents(contents: WebContents): void {
  contents.on('will-navigate', (event) => {
    if (!isNavigationAllowed(event.url, devOrigin)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isNavigationAllowed(event.url, devOrigin)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    // Exactly one kind of window may open: the dossier viewer, from the main window, with the main
    // window's security settings (and its sender checks, see viewerFrames).
    if (isViewerWindowUrl(url) && mainWindow && !mainWindow.isDestroyed() && contents === mainWindow.webContents) {
      return { action: 'allow', overrideBrowserWindowOptions: { ...VIEWER_WINDOW, webPreferences: secureWebPreferences() } };
    }
    const external = externalUrlToOpen(url);
    if (external) void shell.openExternal(external);
    return { action: 'deny' };
  });
  contents.on('did-create-window', (win, details) => {
    // Never expected (the open handler allows viewer.html only): close anything else at once.
    if (!isViewerWindowUrl(details.url)) {
      win.destroy();
      return;
    }
    viewerWindows.add(win);
    win.on('closed', () => viewerWindows.delete(win));
  });
}

const VIEWER_WINDOW = { width: 1000, height: 900, minWidth: 600, minHeight: 500, backgroundColor: '#ffffff', autoHideMenuBar: true };

/** The renderer's webPreferences: the main window and the viewer windows get exactly these. */
function secureWebPreferences() {
  return {
    preload: PRELOAD,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
    navigateOnDragDrop: false,
    devTools: isDev,
  };
}

function hardenSession(ses: Session): void {
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  // app:// responses carry the CSP from the protocol handler; this covers the dev server too.
  ses.webRequest.onHeadersReceived((details, callback) => {
    if (!isTrustedPageUrl(details.url, devOrigin)) {
      callback({});
      return;
    }
    callback({ responseHeaders: withCspHeader(details.responseHeaders, CONTENT_SECURITY_POLICY) });
  });
}

function showAbout(): void {
  const options = {
    type: 'info' as const,
    title: '关于',
    message: APP_NAME,
    detail: `版本 ${APP_VERSION}\n数据库：${dbPath}\n本程序离线运行，数据只保存在本机。`,
    buttons: ['确定'],
  };
  void (mainWindow ? dialog.showMessageBox(mainWindow, options) : dialog.showMessageBox(options));
}

const SAVE_FILTERS: Record<string, { name: string; extensions: string[] }> = {
  pdf: { name: 'PDF 文件', extensions: ['pdf'] },
  docx: { name: 'Word 文档', extensions: ['docx'] },
  xlsx: { name: 'Excel 工作簿', extensions: ['xlsx'] },
};

/** The save dialog for an export: suggested (masked) name in Documents; null when the user cancels. */
async function askSavePath(suggestedName: string): Promise<string | null> {
  const ext = suggestedName.slice(suggestedName.lastIndexOf('.') + 1).toLowerCase();
  const options = {
    title: '保存导出文件',
    defaultPath: join(app.getPath('documents'), suggestedName),
    filters: SAVE_FILTERS[ext] ? [SAVE_FILTERS[ext]] : [],
    properties: ['createDirectory' as const, 'showOverwriteConfirmation' as const],
  };
  const result = mainWindow ? await dialog.showSaveDialog(mainWindow, options) : await dialog.showSaveDialog(options);
  return result.canceled || !result.filePath ? null : result.filePath;
}

/** A native file dialog for the renderer (window.dossierShell.dialog), parented to the main window. */
async function showNativeDialog(req: DialogRequest): Promise<DialogResult> {
  const call = electronDialogCall(req, app.getPath('documents'), join);
  if (call.method === 'showOpenDialog') {
    const options = call.options as OpenDialogOptions;
    const r = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
    return { canceled: r.canceled, paths: r.canceled ? [] : r.filePaths };
  }
  const options = call.options as SaveDialogOptions;
  const r = mainWindow ? await dialog.showSaveDialog(mainWindow, options) : await dialog.showSaveDialog(options);
  return r.canceled || !r.filePath ? { canceled: true, paths: [] } : { canceled: false, paths: [r.filePath] };
}

/** The main window's top-level frame: the only sender whose API calls and dialog requests are answered. */
const mainFrame = () => (mainWindow && !mainWindow.isDestroyed() ? mainWindow.webContents.mainFrame : null);

function createWindow(): void {
  const win = new BrowserWindow({
    title: APP_NAME,
    width: 1366,
    height: 860,
    minWidth: 1100,
    minHeight: 700,
    show: false,
    backgroundColor: '#ffffff',
    webPreferences: secureWebPreferences(),
  });
  mainWindow = win;
  win.on('page-title-updated', (event) => event.preventDefault());
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  win.loadURL(devTarget?.url ?? APP_ENTRY_URL).catch((err: unknown) => {
    win.show();
    dialog.showErrorBox('界面加载失败', `无法加载程序界面：${errorText(err)}`);
  });
}

async function onReady(): Promise<void> {
  if (devUrlError) {
    fatal('开发地址无效', devUrlError);
    return;
  }
  try {
    dbPath = dbPathFromArgv(process.argv) ?? join(app.getPath('userData'), STORE_FILE_NAME);
    core = await openCore(dbPath);
  } catch (err) {
    fatal('无法打开评查数据库', `无法打开数据库文件：\n${dbPath || '（未指定）'}\n\n${errorText(err)}\n\n程序将退出。`);
    return;
  }

  // OCR runs in a utility process, not a thread of this one: a native crash there ends only that process.
  configureOcrHost(core.context, createUtilityOcrHost((path, args, options) => utilityProcess.fork(path, args, options), join(__dirname, OCR_UTILITY_FILE)));

  hardenSession(session.defaultSession);
  protocol.handle(APP_SCHEME, createAppProtocolHandler({ root: RENDERER_DIR, csp: CONTENT_SECURITY_POLICY, files: dossierFileSource(core.store) }));

  ipcMain.handle(
    IPC_CHANNEL,
    createIpcHandler({
      expectedFrame: mainFrame,
      viewerFrames: () => [...viewerWindows].filter((w) => !w.isDestroyed()).map((w) => w.webContents.mainFrame),
      mainSessionKey: () => (mainWindow && !mainWindow.isDestroyed() ? ipcSessionKey(mainWindow.webContents.id) : undefined),
      dispatch: (method, input, ctx) =>
        core
          ? core.dispatch(method, input, ctx)
          : Promise.resolve({ ok: false, error: { code: 'cancelled', message: '程序正在退出，请求未执行。' } }),
      actor: currentActor(),
      devOrigin,
    }),
  );

  ipcMain.handle(DIALOG_CHANNEL, createDialogHandler({ expectedFrame: mainFrame, devOrigin, show: showNativeDialog }));

  // Exports print with Chromium's own engine and ask where to save with the system dialog.
  configureExports(core.context, { printer: createElectronPrinter(), chooseSavePath: askSavePath });

  installMenu({ isDev, onAbout: showAbout });
  createWindow();
}

if (!app.requestSingleInstanceLock()) {
  // Another instance owns the store: it gets focused (second-instance) and this one leaves.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('web-contents-created', (_event, contents) => {
    hardenContents(contents);
    // A closed window's "who am I" session ends with it.
    contents.on('destroyed', () => core?.context.sessions.delete(ipcSessionKey(contents.id)));
  });
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => {
    core?.close();
    core = null;
  });
  app.whenReady().then(onReady, (err: unknown) => fatal('启动失败', errorText(err)));
}
