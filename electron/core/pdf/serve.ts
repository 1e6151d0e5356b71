/**
 * Serving an attached dossier PDF to the viewer by file id, shared by the loopback host
 * (GET /dossier-files/<id>) and Electron's app:// protocol. The client names only a file id: the
 * path on disk always comes from the store (dossier_files.sha256 → <filesDir>/<sha256>.pdf), so no
 * client-supplied text ever reaches the filesystem. Range requests are answered so pdf.js can load
 * a large scanned dossier lazily instead of waiting for every byte.
 */
import { statSync } from 'node:fs';
import { filesRepository } from '../../../db/repositories/files';
import type { Store } from '../../../db/store';
import { AppError } from '../../../shared/errors';
import { storedFilePath } from './attach';

/** URL path prefix under which both transports serve dossier files. */
export const DOSSIER_FILES_PREFIX = '/dossier-files/';

/** File ids are UUIDs (newId); anything else is refused before touching the store. */
const FILE_ID = /^[0-9A-Za-z-]{8,64}$/;

export interface ServedPdf {
  path: string;
  size: number;
  originalName: string;
}

export type PdfLookup = { ok: true; file: ServedPdf } | { ok: false; status: 400 | 404 | 409; message: string };

/** Resolves a file id to the stored PDF, or a Chinese explanation of why it cannot be served. */
export type DossierFileSource = (fileId: string) => PdfLookup;

export function dossierFileSource(store: Pick<Store, 'db' | 'filesDir'>): DossierFileSource {
  const repo = filesRepository(store.db);
  return (fileId) => {
    if (!FILE_ID.test(fileId)) return { ok: false, status: 400, message: '无效的文件编号。' };
    const record = repo.getFile(fileId);
    if (!record) return { ok: false, status: 404, message: `没有编号为 ${fileId} 的卷宗文件。` };
    const path = storedFilePath(store, record.sha256);
    let size: number;
    try {
      const st = statSync(path);
      if (!st.isFile()) throw new Error('not a file');
      size = st.size;
    } catch {
      return { ok: false, status: 404, message: `卷宗文件“${record.originalName}”的 PDF 已不在存储文件夹中，请重新导入该文件。` };
    }
    if (size !== record.sizeBytes) {
      return {
        ok: false,
        status: 409,
        message: `卷宗文件“${record.originalName}”已损坏：存储的文件大小为 ${size} 字节，导入时为 ${record.sizeBytes} 字节。请重新导入该文件。`,
      };
    }
    return { ok: true, file: { path, size, originalName: record.originalName } };
  };
}

export type ByteRange = { start: number; end: number };

/**
 * Parses a Range header against a file size: null = serve the whole file (no header, or a form we
 * do not honour such as several ranges — RFC 9110 allows ignoring it), 'unsatisfiable' = 416.
 */
export function parseRange(header: string | null | undefined, size: number): ByteRange | null | 'unsatisfiable' {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/i.exec(header.trim());
  if (!m) return null;
  const [, a, b] = m;
  if (a === '' && b === '') return null;
  if (a === '') {
    const suffix = Number(b);
    if (suffix === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(a);
  if (start >= size) return 'unsatisfiable';
  const end = b === '' ? size - 1 : Math.min(Number(b), size - 1);
  if (end < start) return null;
  return { start, end };
}

export interface PdfResponsePlan {
  status: 200 | 206 | 400 | 404 | 409 | 416;
  headers: Record<string, string>;
  /** The bytes to send (inclusive range of the file at `path`); absent for errors and HEAD. */
  body?: { path: string; start: number; end: number };
  /** Error text (plain, Chinese) for non-2xx statuses. */
  message?: string;
}

/**
 * What to answer for GET/HEAD of a dossier file: status, headers and which bytes. The transports
 * only copy this onto their own response type.
 */
export function planPdfResponse(source: DossierFileSource, fileId: string, opts: { method: string; range?: string | null }): PdfResponsePlan {
  const found = source(fileId);
  if (!found.ok) {
    return { status: found.status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' }, message: found.message };
  }
  const { path, size, originalName } = found.file;
  const base: Record<string, string> = {
    'Content-Type': 'application/pdf',
    'Accept-Ranges': 'bytes',
    // Content-addressed: the bytes behind an id never change, but keep them out of shared caches.
    'Cache-Control': 'private, max-age=3600',
    'Content-Disposition': `inline; filename*=UTF-8''${encodeURIComponent(originalName.split(/[\\/]/).pop() || 'dossier.pdf')}`,
  };
  const range = parseRange(opts.range, size);
  if (range === 'unsatisfiable') {
    return { status: 416, headers: { ...base, 'Content-Range': `bytes */${size}`, 'Content-Type': 'text/plain; charset=utf-8' }, message: '请求的字节范围超出文件大小。' };
  }
  const head = opts.method === 'HEAD';
  if (!range) {
    return { status: 200, headers: { ...base, 'Content-Length': String(size) }, body: head || size === 0 ? undefined : { path, start: 0, end: size - 1 } };
  }
  return {
    status: 206,
    headers: { ...base, 'Content-Length': String(range.end - range.start + 1), 'Content-Range': `bytes ${range.start}-${range.end}/${size}` },
    body: head ? undefined : { path, ...range },
  };
}

/** The file id named by a request path under DOSSIER_FILES_PREFIX, or null when it is not one. */
export function fileIdFromPath(pathname: string): string | null {
  if (!pathname.startsWith(DOSSIER_FILES_PREFIX)) return null;
  const rest = pathname.slice(DOSSIER_FILES_PREFIX.length);
  return FILE_ID.test(rest) ? rest : '';
}

/** What the viewer needs about one file before it renders: the record, each page's text source, its documents. */
export function describeDossierFile(store: Pick<Store, 'db'>, fileId: string) {
  const repo = filesRepository(store.db);
  const file = repo.getFile(fileId);
  if (!file) throw new AppError('not_found', `没有编号为 ${fileId} 的卷宗文件。`);
  return {
    file,
    pages: repo.listPages(fileId).map((p) => ({ pageNo: p.pageNo, textSource: p.textSource })),
    documents: repo.getFileDocumentMap(fileId),
  };
}
