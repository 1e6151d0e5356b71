/**
 * The renderer's one API client. In Electron the preload exposes window.dossierApi.invoke (IPC);
 * in a browser served by the loopback host, calls go over fetch with the per-run bearer token that
 * arrived in the URL fragment (#token=…). Either way the same typed `Api` comes out.
 */
import { createApiClient, type Api } from '../shared/api/contract';
import type { Envelope, Transport } from '../shared/api/define';
import { AppError } from '../shared/errors';

const TOKEN_KEY = 'dossier-review.token';

export type Connection =
  | { kind: 'ipc' }
  | { kind: 'http'; token: string }
  /** No preload and no token: the page was opened without the URL `npm run serve` printed. */
  | { kind: 'none' };

/**
 * Reads `#token=…` from the address bar, keeps it in sessionStorage (this tab only) and removes it
 * from the address bar and history, leaving the hash route. True when a token was taken.
 */
export function takeTokenFromLocation(): boolean {
  const hash = window.location.hash;
  if (!hash.startsWith('#token=') && !hash.includes('&token=')) return false;
  const params = new URLSearchParams(hash.slice(1));
  const token = params.get('token');
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  params.delete('token');
  const route = params.get('route');
  const clean = `${window.location.pathname}${window.location.search}${route ? `#${route}` : ''}`;
  window.history.replaceState(null, '', clean);
  return Boolean(token);
}

/**
 * Takes the token at start-up and again whenever the address changes: after the host restarts, the
 * user pastes its new address into the open tab, which changes only the fragment (no page load).
 * A new token starts the page afresh so that nothing keeps using the old one.
 */
export function watchTokenInLocation(): void {
  takeTokenFromLocation();
  window.addEventListener('hashchange', () => {
    if (takeTokenFromLocation()) window.location.reload();
  });
}

export function currentConnection(): Connection {
  if (typeof window.dossierApi?.invoke === 'function') return { kind: 'ipc' };
  const token = sessionStorage.getItem(TOKEN_KEY);
  return token ? { kind: 'http', token } : { kind: 'none' };
}

export function forgetToken(): void {
  sessionStorage.removeItem(TOKEN_KEY);
}

/** Listeners told when the host refuses our token (e.g. it was restarted with a new one). */
const unauthorizedListeners = new Set<() => void>();
export function onUnauthorized(fn: () => void): () => void {
  unauthorizedListeners.add(fn);
  return () => unauthorizedListeners.delete(fn);
}

function isEnvelope(v: unknown): v is Envelope {
  return typeof v === 'object' && v !== null && typeof (v as { ok?: unknown }).ok === 'boolean';
}

const SESSION_KEY = 'dossier-review.session';
/**
 * This tab's "who am I" session key (sent as X-Dossier-Session): random, kept in sessionStorage so a
 * reload keeps the chosen reviewer while another tab is another session.
 */
function tabSession(): string {
  let key = sessionStorage.getItem(SESSION_KEY);
  if (!key) {
    const bytes = crypto.getRandomValues(new Uint8Array(18));
    key = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
    sessionStorage.setItem(SESSION_KEY, key);
  }
  return key;
}

function httpTransport(token: string): Transport {
  return async (method, input) => {
    let res: Response;
    try {
      res = await fetch(`/api/${encodeURIComponent(method)}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}`, 'X-Dossier-Session': tabSession() },
        body: JSON.stringify(input ?? {}),
        cache: 'no-store',
        credentials: 'omit',
      });
    } catch {
      return {
        ok: false,
        error: { code: 'internal', message: '无法连接到本机服务。请确认 `npm run serve` 仍在运行，然后刷新页面。' },
      };
    }
    let body: unknown = null;
    try {
      body = await res.json();
    } catch {
      body = null;
    }
    if (res.status === 401) {
      for (const fn of unauthorizedListeners) fn();
      return {
        ok: false,
        error: { code: 'unauthorized', message: '访问令牌无效或已过期。请重新打开 `npm run serve` 打印的完整地址。' },
      };
    }
    if (isEnvelope(body)) return body;
    return { ok: false, error: { code: 'internal', message: `本机服务返回了意外的响应（HTTP ${res.status}）。` } };
  };
}

function ipcTransport(): Transport {
  return async (method, input) => {
    const bridge = window.dossierApi;
    if (!bridge) return { ok: false, error: { code: 'internal', message: '桌面程序的接口桥不可用。' } };
    return bridge.invoke(method, input);
  };
}

let cached: { key: string; api: Api } | null = null;

/** The typed client for the current connection; throws if the page has neither preload nor token. */
export function getApi(): Api {
  const conn = currentConnection();
  const key = conn.kind === 'http' ? `http:${conn.token}` : conn.kind;
  if (cached?.key === key) return cached.api;
  if (conn.kind === 'none') throw new AppError('unauthorized', '未找到访问令牌。');
  const api = createApiClient(conn.kind === 'ipc' ? ipcTransport() : httpTransport(conn.token));
  cached = { key, api };
  return api;
}

/**
 * Where the PDF viewer fetches an attached dossier file, and with which headers: streamed bytes with
 * Range support (never base64 inside JSON). Loopback host: /dossier-files/<id> with the bearer token;
 * Electron: the same path on app://dossier-review/ (only this app's pages can reach it).
 */
export function pdfFileRequest(fileId: string): { url: string; headers: Record<string, string> } {
  const conn = currentConnection();
  const path = `/dossier-files/${encodeURIComponent(fileId)}`;
  if (conn.kind === 'http') return { url: new URL(path, window.location.origin).href, headers: { Authorization: `Bearer ${conn.token}` } };
  if (conn.kind === 'ipc') return { url: `app://dossier-review${path}`, headers: {} };
  throw new AppError('unauthorized', '未找到访问令牌。');
}

/** A user-facing message for anything thrown by an API call. */
export function errorMessage(err: unknown): string {
  if (err instanceof AppError) return err.message;
  if (err instanceof Error) return err.message;
  return String(err);
}
