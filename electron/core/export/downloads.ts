/**
 * Finished exports waiting to be downloaded by a browser (loopback host): the file sits in a
 * private temporary folder under an unguessable id until GET /exports/<id> fetches it (once) or
 * it expires. Process-wide, because the host and the core share the process.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const EXPORT_DOWNLOAD_PREFIX = '/exports/';
const EXPIRE_MS = 60 * 60 * 1000;

export interface PendingDownload {
  id: string;
  path: string;
  fileName: string;
  mime: string;
  size: number;
  createdAt: number;
}

const pending = new Map<string, PendingDownload>();
let folder: string | null = null;

/** The private folder downloads are written to (created on first use, mode 0700 via mkdtemp). */
export function downloadFolder(): string {
  if (!folder) {
    const created = mkdtempSync(join(tmpdir(), 'dossier-review-exports-'));
    folder = created;
    // Undownloaded exports may hold personal data: never leave them behind.
    process.once('exit', () => rmSync(created, { recursive: true, force: true }));
  }
  return folder;
}

export function newDownloadId(): string {
  return randomBytes(18).toString('base64url');
}

export function addDownload(entry: Omit<PendingDownload, 'size' | 'createdAt'>): PendingDownload {
  expireDownloads();
  const d = { ...entry, size: statSync(entry.path).size, createdAt: Date.now() };
  pending.set(d.id, d);
  return d;
}

export function findDownload(id: string): PendingDownload | undefined {
  expireDownloads();
  return pending.get(id);
}

/**
 * Claims a download for sending: it is forgotten at once, so a second request for the same link
 * gets 404 even while the first is still streaming. Call releaseDownloadFile when the send ends.
 */
export function claimDownload(id: string): PendingDownload | undefined {
  const d = findDownload(id);
  if (d) pending.delete(id);
  return d;
}

export function releaseDownloadFile(d: PendingDownload): void {
  rmSync(d.path, { force: true });
}

/** Forgets a download and deletes its file (expired or never fetched). */
export function takeDownload(id: string): void {
  const d = pending.get(id);
  if (!d) return;
  pending.delete(id);
  rmSync(d.path, { force: true });
}

export function downloadIdFromPath(rawPath: string): string | null {
  if (!rawPath.startsWith(EXPORT_DOWNLOAD_PREFIX)) return null;
  const id = rawPath.slice(EXPORT_DOWNLOAD_PREFIX.length);
  return /^[A-Za-z0-9_-]{16,64}$/.test(id) ? id : null;
}

/** RFC 6266 Content-Disposition with an ASCII fallback and the UTF-8 (Chinese) name. */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

function expireDownloads(): void {
  const now = Date.now();
  for (const d of pending.values()) if (now - d.createdAt > EXPIRE_MS) takeDownload(d.id);
}
