/**
 * The app:// protocol handler: serves dist/renderer to the window. Pure (Node fs + the Fetch API's
 * Request/Response), so it is tested without Electron; main.ts passes it to protocol.handle.
 */
import { createReadStream } from 'node:fs';
import { readFile as fsReadFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { fileIdFromPath, planPdfResponse, type DossierFileSource } from '../core/pdf/serve';
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

/** The pathname of an app:// URL of ours, or null. */
function safePathname(requestUrl: string): string | null {
  try {
    const url = new URL(requestUrl);
    return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST ? url.pathname : null;
  } catch {
    return null;
  }
}

export interface AppProtocolOptions {
  /** Folder with the built renderer (dist/renderer). */
  root: string;
  /** Sent as the Content-Security-Policy header of every response. */
  csp: string;
  readFile?: (file: string) => Promise<Uint8Array>;
  /** Attached dossier PDFs at app://dossier-review/dossier-files/<fileId> (only this app's pages reach app://). */
  files?: DossierFileSource;
}

/** Answers a dossier-file request from the shared plan (status, headers, byte range). */
function dossierFileResponse(files: DossierFileSource | undefined, fileId: string, request: Request, baseHeaders: Record<string, string>): Response {
  const plan = files
    ? planPdfResponse(files, fileId, { method: request.method, range: request.headers.get('range') })
    : { status: 404 as const, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, message: '本程序未提供卷宗文件。' };
  const headers = { ...baseHeaders, ...plan.headers };
  if (!plan.body) return new Response(request.method === 'HEAD' ? null : (plan.message ?? null), { status: plan.status, headers });
  const stream = createReadStream(plan.body.path, { start: plan.body.start, end: plan.body.end });
  return new Response(Readable.toWeb(stream) as ReadableStream<Uint8Array>, { status: plan.status, headers });
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
    const pathname = safePathname(request.url);
    const fileId = pathname === null ? null : fileIdFromPath(pathname);
    if (fileId !== null) return dossierFileResponse(opts.files, fileId, request, baseHeaders);
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
