/**
 * The app:// protocol handler: serves dist/renderer to the window. Pure (Node fs + the Fetch API's
 * Request/Response), so it is tested without Electron; main.ts passes it to protocol.handle.
 */
import { readFile as fsReadFile } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import { APP_HOST, APP_SCHEME } from './security';
import { contentTypeFor } from './content-types';

export { contentTypeFor };


/**
 * The file under `root` that an app:// URL names, or null when the URL is not ours or would escape
 * `root` (dot segments, encoded slashes or backslashes, NUL bytes). "/" and "dir/" mean index.html.
 */
export function resolveAppPath(root: string, requestUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST || url.username || url.password || url.port) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (!pathname.startsWith('/') || pathname.includes('\0') || pathname.includes('\\')) return null;
  if (pathname.split('/').some((seg) => seg === '..')) return null;
  if (pathname.endsWith('/')) pathname += 'index.html';
  const base = resolve(root);
  const full = resolve(base, `.${pathname}`);
  if (!full.startsWith(base + sep)) return null;
  return full;
}

export interface AppProtocolOptions {
  /** Folder with the built renderer (dist/renderer). */
  root: string;
  /** Sent as the Content-Security-Policy header of every response. */
  csp: string;
  readFile?: (file: string) => Promise<Uint8Array>;
}

export function createAppProtocolHandler(opts: AppProtocolOptions): (request: Request) => Promise<Response> {
  const readFile = opts.readFile ?? ((file: string) => fsReadFile(file));
  const baseHeaders = {
    'Content-Security-Policy': opts.csp,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-cache',
  };
  const text = (status: number, body: string) =>
    new Response(body, { status, headers: { ...baseHeaders, 'Content-Type': 'text/plain; charset=utf-8' } });

  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return text(405, '不支持的请求方法');
    const file = resolveAppPath(opts.root, request.url);
    if (!file) return text(403, '拒绝访问');
    let body: Uint8Array;
    try {
      body = await readFile(file);
    } catch {
      return text(404, '未找到该文件');
    }
    const headers = { ...baseHeaders, 'Content-Type': contentTypeFor(file), 'Content-Length': String(body.byteLength) };
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers });
  };
}
