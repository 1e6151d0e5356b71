/**
 * The loopback host: serves the built renderer and the API over HTTP on 127.0.0.1 only, so the app
 * runs in an ordinary browser (`npm run serve`) and end-to-end tests can drive it in Chromium.
 *
 * Security model (anything on this machine can reach a loopback port, including web pages via the
 * user's browser):
 *  - every /api call needs `Authorization: Bearer <token>`, a random per-run value that reaches the
 *    browser only in the URL fragment (never sent to servers, never logged);
 *  - the Host header must name this loopback port (DNS-rebinding defence);
 *  - an Origin header, when present, must be this host's own origin (cross-site requests refused);
 *  - static files are confined to rendererDir, with a strict CSP and nosniff.
 *
 * Uses node:http only and never imports electron.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { Dispatch, Envelope } from '../../shared/api/define';
import type { ErrorCode } from '../../shared/errors';
import { RENDERER_CSP } from './csp';
import { contentTypeFor } from '../shell/content-types';
import { DOSSIER_FILES_PREFIX, fileIdFromPath, planPdfResponse, type DossierFileSource } from '../core/pdf/serve';
import { claimDownload, contentDisposition, downloadIdFromPath, EXPORT_DOWNLOAD_PREFIX, releaseDownloadFile } from '../core/export/downloads';

export const MAX_BODY_BYTES = 50 * 1024 * 1024;

export interface HostOptions {
  dispatch: Dispatch;
  /** Folder with the built renderer (dist/renderer). */
  rendererDir: string;
  /** Bearer token required on every /api request. */
  token: string;
  /** Who the calls are recorded as in the audit log. */
  actor: string;
  /** Attached dossier PDFs for GET /dossier-files/<fileId> (token required); absent = 404. */
  files?: DossierFileSource;
}

export interface Host {
  listen(port?: number): Promise<{ url: string; port: number }>;
  close(): Promise<void>;
}


const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': RENDERER_CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

const METHOD_NAME = /^[A-Za-z][A-Za-z0-9_]*\.[A-Za-z][A-Za-z0-9_]*$/;

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** The renderer's per-tab "who am I" session (renderer/api.ts): a random key in a header. */
export const SESSION_HEADER = 'x-dossier-session';
const SESSION_KEY = /^[A-Za-z0-9_-]{16,128}$/;
function sessionOf(req: IncomingMessage): { session?: string } {
  const v = req.headers[SESSION_HEADER];
  return typeof v === 'string' && SESSION_KEY.test(v) ? { session: `http:${v}` } : {};
}

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

export function createHost(options: HostOptions): Host {
  const { dispatch, actor } = options;
  if (!options.token || options.token.length < 16) throw new Error('createHost: token must be at least 16 characters');
  // Compare fixed-length digests so timingSafeEqual never sees different lengths (and length leaks nothing).
  const tokenDigest = digest(options.token);
  const root = resolve(options.rendererDir);
  let rootReal: string | null = null;
  let port = 0;
  let server: Server | null = null;
  const sockets = new Set<import('node:net').Socket>();

  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);

  function send(res: ServerResponse, status: number, headers: Record<string, string | number>, body?: Buffer | string) {
    res.writeHead(status, { ...SECURITY_HEADERS, ...headers });
    res.end(body);
  }

  function sendJson(res: ServerResponse, status: number, payload: unknown) {
    const body = Buffer.from(JSON.stringify(payload), 'utf8');
    send(res, status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': body.length, 'Cache-Control': 'no-store' }, body);
  }

  function sendError(res: ServerResponse, err: HttpError) {
    const envelope: Envelope = { ok: false, error: { code: err.code, message: err.message } };
    sendJson(res, err.status, envelope);
  }

  function checkToken(req: IncomingMessage): boolean {
    const header = req.headers.authorization;
    if (typeof header !== 'string') return false;
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!m) return false;
    return timingSafeEqual(digest(m[1]), tokenDigest);
  }

  function readBody(req: IncomingMessage): Promise<Buffer> {
    return new Promise((resolveBody, reject) => {
      const declared = Number(req.headers['content-length']);
      if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) {
        reject(new HttpError(413, 'bad_input', `请求内容过大（上限 ${MAX_BODY_BYTES / 1024 / 1024} MB）。`));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      let failed = false;
      req.on('data', (chunk: Buffer) => {
        if (failed) return;
        size += chunk.length;
        if (size > MAX_BODY_BYTES) {
          failed = true;
          reject(new HttpError(413, 'bad_input', `请求内容过大（上限 ${MAX_BODY_BYTES / 1024 / 1024} MB）。`));
          return;
        }
        chunks.push(chunk);
      });
      req.on('end', () => {
        if (!failed) resolveBody(Buffer.concat(chunks));
      });
      req.on('error', (e) => {
        if (!failed) reject(e);
      });
    });
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, pathname: string) {
    if (req.method !== 'POST') {
      send(res, 405, { Allow: 'POST', 'Content-Type': 'text/plain; charset=utf-8' }, '只接受 POST 请求。');
      return;
    }
    if (!checkToken(req)) {
      // Drain nothing: the connection is closed after the reply so an unauthenticated upload is not read.
      res.setHeader('Connection', 'close');
      throw new HttpError(401, 'unauthorized', '缺少或无效的访问令牌。请打开 `npm run serve` 打印的完整地址（含 #token=…）。');
    }
    const method = pathname.slice('/api/'.length);
    if (!METHOD_NAME.test(method)) throw new HttpError(404, 'not_found', `没有这个接口：${method.slice(0, 100)}`);
    let body: Buffer;
    try {
      body = await readBody(req);
    } catch (e) {
      res.setHeader('Connection', 'close');
      throw e;
    }
    let input: unknown = {};
    const text = body.toString('utf8');
    if (text.trim() !== '') {
      try {
        input = JSON.parse(text);
      } catch (e) {
        const why = e instanceof Error ? e.message : String(e);
        throw new HttpError(400, 'bad_input', `请求内容不是有效的 JSON：${why}`);
      }
    }
    const envelope = await dispatch(method, input, { actor, transport: 'http', ...sessionOf(req) });
    sendJson(res, 200, envelope);
  }

  /** Maps a URL path to a file inside root, or null if it is outside or malformed. */
  async function resolveStatic(rawPath: string): Promise<string | null> {
    let decoded: string;
    try {
      decoded = decodeURIComponent(rawPath);
    } catch {
      return null;
    }
    if (decoded.includes('\0') || decoded.includes('\\')) return null;
    const segments = decoded.split('/');
    if (segments.some((s) => s === '..' || s === '.')) return null;
    const rel = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
    const candidate = resolve(root, rel);
    const within = (p: string, base: string) => {
      const r = relative(base, p);
      return r !== '' && !r.startsWith('..') && !isAbsolute(r);
    };
    if (!within(candidate, root)) return null;
    try {
      const real = await realpath(candidate);
      rootReal ??= await realpath(root);
      if (!within(real, rootReal)) return null;
      const st = await stat(real);
      return st.isFile() ? real : null;
    } catch {
      return null;
    }
  }

  async function handleStatic(req: IncomingMessage, res: ServerResponse, rawPath: string) {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' }, '不支持的请求方法。');
      return;
    }
    const file = await resolveStatic(rawPath);
    if (!file) {
      send(res, 404, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' }, '未找到。');
      return;
    }
    const st = await stat(file);
    const ext = extname(file).toLowerCase();
    const isIndex = file.endsWith(`${sep}index.html`) && ext === '.html';
    const headers: Record<string, string | number> = {
      'Content-Type': contentTypeFor(file),
      'Content-Length': st.size,
      'Cache-Control': isIndex || ext === '.html' ? 'no-store' : 'no-cache',
    };
    if (req.method === 'HEAD') {
      send(res, 200, headers);
      return;
    }
    res.writeHead(200, { ...SECURITY_HEADERS, ...headers });
    const stream = createReadStream(file);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  }

  /** A dossier PDF by file id, with Range support so pdf.js loads only the pages it shows. */
  function handleDossierFile(req: IncomingMessage, res: ServerResponse, rawPath: string) {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' }, '不支持的请求方法。');
      return;
    }
    if (!checkToken(req)) {
      res.setHeader('Connection', 'close');
      throw new HttpError(401, 'unauthorized', '缺少或无效的访问令牌。');
    }
    const fileId = fileIdFromPath(rawPath) ?? '';
    const plan = options.files
      ? planPdfResponse(options.files, fileId, { method: req.method, range: req.headers.range })
      : { status: 404 as const, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, message: '本服务未提供卷宗文件。' };
    if (!plan.body) {
      send(res, plan.status, plan.headers, plan.message);
      return;
    }
    res.writeHead(plan.status, { ...SECURITY_HEADERS, ...plan.headers });
    const stream = createReadStream(plan.body.path, { start: plan.body.start, end: plan.body.end });
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  }

  /** A finished export (GET /exports/<id>, token required): sent once as an attachment, then deleted. */
  function handleExportDownload(req: IncomingMessage, res: ServerResponse, rawPath: string) {
    if (req.method !== 'GET') {
      send(res, 405, { Allow: 'GET', 'Content-Type': 'text/plain; charset=utf-8' }, '不支持的请求方法。');
      return;
    }
    if (!checkToken(req)) {
      res.setHeader('Connection', 'close');
      throw new HttpError(401, 'unauthorized', '缺少或无效的访问令牌。');
    }
    const id = downloadIdFromPath(rawPath);
    const download = id ? claimDownload(id) : undefined;
    if (!download) throw new HttpError(404, 'not_found', '导出文件不存在或已下载过，请重新导出。');
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': download.mime,
      'Content-Length': download.size,
      'Content-Disposition': contentDisposition(download.fileName),
      'Cache-Control': 'no-store',
    });
    const stream = createReadStream(download.path);
    stream.on('error', () => res.destroy());
    res.on('close', () => releaseDownloadFile(download));
    stream.pipe(res);
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const host = req.headers.host;
    if (typeof host !== 'string' || !allowedHosts().has(host.toLowerCase())) {
      res.setHeader('Connection', 'close');
      throw new HttpError(403, 'unauthorized', '拒绝访问：Host 头不是本机回环地址。');
    }
    const origin = req.headers.origin;
    if (origin !== undefined && origin.toLowerCase() !== `http://${host.toLowerCase()}`) {
      res.setHeader('Connection', 'close');
      throw new HttpError(403, 'unauthorized', '拒绝访问：请求来源（Origin）不是本程序。');
    }
    const url = req.url ?? '/';
    if (!url.startsWith('/')) throw new HttpError(400, 'bad_input', '无效的请求地址。');
    const q = url.search(/[?#]/);
    const rawPath = q < 0 ? url : url.slice(0, q);
    if (rawPath === '/api' || rawPath.startsWith('/api/')) {
      await handleApi(req, res, rawPath);
      return;
    }
    if (rawPath.startsWith(EXPORT_DOWNLOAD_PREFIX)) {
      handleExportDownload(req, res, rawPath);
      return;
    }
    if (rawPath.startsWith(DOSSIER_FILES_PREFIX)) {
      handleDossierFile(req, res, rawPath);
      return;
    }
    await handleStatic(req, res, rawPath);
  }

  return {
    listen(requested = 0) {
      if (server) return Promise.reject(new Error('host already listening'));
      const srv = createServer((req, res) => {
        handle(req, res).catch((err: unknown) => {
          if (res.headersSent) {
            res.destroy();
            return;
          }
          if (err instanceof HttpError) {
            sendError(res, err);
          } else {
            console.error('[host] request failed:', err);
            sendError(res, new HttpError(500, 'internal', '服务器内部错误。'));
          }
        });
      });
      srv.on('connection', (s) => {
        sockets.add(s);
        s.on('close', () => sockets.delete(s));
      });
      server = srv;
      return new Promise((resolveListen, reject) => {
        srv.once('error', reject);
        srv.listen(requested, '127.0.0.1', () => {
          srv.off('error', reject);
          port = (srv.address() as AddressInfo).port;
          resolveListen({ url: `http://127.0.0.1:${port}/`, port });
        });
      });
    },
    close() {
      const srv = server;
      server = null;
      if (!srv) return Promise.resolve();
      return new Promise<void>((resolveClose) => {
        srv.close(() => resolveClose());
        srv.closeIdleConnections();
        // Keep-alive connections from a browser would otherwise hold close() open.
        for (const s of sockets) s.destroy();
      });
    },
  };
}
