/**
 * Security policy of the Electron shell, as pure functions (no electron import) so that they are
 * unit-tested under plain Node: the app:// origin, the Content-Security-Policy, which frames may
 * call the API over IPC, where the window may navigate, which links may go to the system browser.
 */
import { API_METHODS } from '../../shared/api/contract';
import type { CallContext, Dispatch, Envelope } from '../../shared/api/define';
import { RENDERER_CSP } from '../host/csp';

/** The renderer is served from app://dossier-review/ (a privileged standard scheme), never file://. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'dossier-review';
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/**
 * The same policy the loopback host sends and renderer/index.html carries in its meta tag (one
 * source of truth in electron/host/csp.ts): script-src 'self' (plus 'wasm-unsafe-eval' for pdf.js's decoders), no eval, no remote anything.
 */
export const CONTENT_SECURITY_POLICY: string = RENDERER_CSP;

/** A loopback dev server (Vite) to load instead of app://, from DOSSIER_REVIEW_DEV_URL. */
export interface DevTarget {
  url: string;
  origin: string;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Validates DOSSIER_REVIEW_DEV_URL: http(s) on a loopback host only. Throws with a Chinese message. */
export function parseDevUrl(raw: string): DevTarget {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`DOSSIER_REVIEW_DEV_URL 不是有效的网址：${raw}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`DOSSIER_REVIEW_DEV_URL 只能使用 http 或 https：${raw}`);
  }
  if (!LOOPBACK_HOSTS.has(url.hostname) || url.username || url.password) {
    throw new Error(`DOSSIER_REVIEW_DEV_URL 只能指向本机回环地址（127.0.0.1、localhost、[::1]）：${raw}`);
  }
  return { url: url.href, origin: url.origin };
}

/**
 * True for pages of this app: app://dossier-review/… or, in development, the dev server's origin.
 * (WHATWG URL gives custom schemes an opaque origin, so scheme and host are compared instead.)
 */
export function isTrustedPageUrl(raw: string, devOrigin: string | null = null): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.protocol === `${APP_SCHEME}:`) {
    return url.host === APP_HOST && !url.username && !url.password && !url.port;
  }
  return devOrigin !== null && (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === devOrigin;
}

/** will-navigate / will-redirect: the window may only move within the app's own origin. */
export const isNavigationAllowed = (url: string, devOrigin: string | null = null): boolean => isTrustedPageUrl(url, devOrigin);

/**
 * Links that may be handed to the system browser (shell.openExternal): http(s) with a host and no
 * embedded credentials. Returns the normalised URL, or null to drop the link.
 */
export function externalUrlToOpen(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (!url.hostname || url.username || url.password) return null;
  return url.href;
}

/**
 * The one window a page may open: the dossier viewer, app://dossier-review/viewer.html#file=…
 * (the fragment carries the file and page; nothing else — no query, no other path, no credentials).
 */
export function isViewerWindowUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST && !url.username && !url.password && !url.port && url.pathname === '/viewer.html' && !url.search;
}

/** Response headers with our CSP replacing any the response carried (header names compared case-insensitively). */
export function withCspHeader(headers: Record<string, string[]> | undefined, csp: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (k.toLowerCase() !== 'content-security-policy') out[k] = v;
  }
  out['Content-Security-Policy'] = [csp];
  return out;
}

/** The parts of Electron's WebFrameMain the sender check looks at. */
export interface FrameLike {
  readonly url: string;
  readonly processId: number;
  readonly frameToken: string;
  readonly parent: unknown;
}

/**
 * An IPC call is accepted only from the main window's top-level frame (or a viewer window's, see
 * createIpcHandler) while it shows one of our pages: not from another window, an iframe, or a page
 * that somehow navigated elsewhere.
 */
export function isAllowedSender(frame: FrameLike | null | undefined, expected: FrameLike | null | undefined, devOrigin: string | null = null): boolean {
  if (!frame || !expected) return false;
  const same = frame === expected || (frame.processId === expected.processId && frame.frameToken === expected.frameToken);
  return same && frame.parent === null && isTrustedPageUrl(frame.url, devOrigin);
}

export const isApiMethod = (method: unknown): method is string => typeof method === 'string' && API_METHODS.includes(method);

/** The frame shows viewer.html (its origin is checked by isAllowedSender). */
function showsViewer(frame: FrameLike | null): boolean {
  try {
    return frame !== null && new URL(frame.url).pathname === '/viewer.html';
  } catch {
    return false;
  }
}

export interface IpcHandlerOptions {
  /** The main window's top-level frame, or null while there is no window. */
  expectedFrame(): FrameLike | null;
  /** Top-level frames of the viewer windows the main window opened (viewer.html only); none by default. */
  viewerFrames?(): FrameLike[];
  dispatch: Dispatch;
  actor: string;
  devOrigin?: string | null;
  /** The main window's session key (ipcSessionKey of its webContents), which viewer windows share. */
  mainSessionKey?(): string | undefined;
}

/** The body of the one ipcMain.handle(IPC_CHANNEL, …): vet the sender and the method, then dispatch. */
export function createIpcHandler(opts: IpcHandlerOptions) {
  return async (event: { senderFrame: FrameLike | null; sender?: { id: number } }, method: unknown, input: unknown): Promise<Envelope> => {
    const devOrigin = opts.devOrigin ?? null;
    const fromMain = isAllowedSender(event.senderFrame, opts.expectedFrame(), devOrigin);
    // A viewer window is trusted like the main window, but only while it shows viewer.html.
    const fromViewer =
      !fromMain &&
      (opts.viewerFrames?.() ?? []).some((f) => isAllowedSender(event.senderFrame, f, devOrigin)) &&
      showsViewer(event.senderFrame);
    if (!fromMain && !fromViewer) {
      return { ok: false, error: { code: 'unauthorized', message: '已拒绝：请求不是来自本应用的主窗口。' } };
    }
    if (!isApiMethod(method)) {
      return { ok: false, error: { code: 'invalid_argument', message: `未知的接口方法：${String(method)}` } };
    }
    // One "who am I" session per main window (its webContents), as the host has one per browser tab;
    // a viewer window works for the main window that opened it, so it shares that window's session.
    const session = fromViewer ? opts.mainSessionKey?.() : event.sender ? ipcSessionKey(event.sender.id) : undefined;
    const ctx: CallContext = { actor: opts.actor, transport: 'ipc', ...(session ? { session } : {}) };
    return opts.dispatch(method, input, ctx);
  };
}

/** The session key of a window's calls; main.ts ends the session when the webContents goes. */
export const ipcSessionKey = (webContentsId: number): string => `ipc:${webContentsId}`;
