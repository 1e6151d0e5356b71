/**
 * OCR results in the store: the page queue (what is left to read, per pass) and the result cache
 * keyed by page-image hash. Callers wrap writes that belong together in one transaction.
 */
import type { ReadableDB, WritableDB } from '../handles';
import type { OcrLine } from '../../shared/domain/documents/ocr';

/**
 * The two passes the queue and cache hold (ocr_queue.pass / ocr_cache.pass). The engine declares the
 * same pair for itself, because its worker file may import packages only.
 */
export type OcrPass = 'title' | 'full';

export interface QueueItem {
  fileId: string;
  pageNo: number;
  pass: OcrPass;
}

export interface CachedResult {
  text: string;
  lines: OcrLine[];
  confidence: number | null;
  reason: string | null;
  ms: number;
}

export interface PassCounts {
  pending: number;
  done: number;
  failed: number;
}

type CountRow = { pass: OcrPass; status: 'pending' | 'done' | 'failed'; n: number };

function passCounts(rows: CountRow[]): Record<OcrPass, PassCounts> {
  const out: Record<OcrPass, PassCounts> = { title: { pending: 0, done: 0, failed: 0 }, full: { pending: 0, done: 0, failed: 0 } };
  for (const r of rows) out[r.pass][r.status] += r.n;
  return out;
}

export function ocrReads(db: ReadableDB) {
  // Title bands of every queued page first (the document map), then full pages; files in attach order.
  const next = db.prepare(
    `SELECT q.file_id, q.page_no, q.pass FROM ocr_queue q JOIN dossier_files f ON f.id = q.file_id
     WHERE q.status = 'pending' ORDER BY CASE q.pass WHEN 'title' THEN 0 ELSE 1 END, f.attached_at, f.id, q.page_no LIMIT 1`,
  );
  const getItem = db.prepare(`SELECT status, reason FROM ocr_queue WHERE file_id = ? AND page_no = ? AND pass = ?`);
  const pendingAll = db.prepare(`SELECT pass, status, COUNT(*) AS n FROM ocr_queue GROUP BY pass, status`);
  const pendingCampaign = db.prepare(
    `SELECT q.pass, q.status, COUNT(*) AS n FROM ocr_queue q JOIN dossier_files f ON f.id = q.file_id JOIN dossiers d ON d.id = f.dossier_id
     WHERE d.campaign_id = ? GROUP BY q.pass, q.status`,
  );
  const pendingFile = db.prepare(`SELECT COUNT(*) AS n FROM ocr_queue WHERE file_id = ? AND pass = ? AND status = 'pending'`);
  const fileItems = db.prepare(`SELECT page_no, pass, status, reason FROM ocr_queue WHERE file_id = ? ORDER BY page_no, pass`);
  const cacheGet = db.prepare(`SELECT text, lines, confidence, reason, ms FROM ocr_cache WHERE image_sha256 = ? AND pass = ?`);

  return {
    next: (): QueueItem | null => {
      const r = next.get() as { file_id: string; page_no: number; pass: OcrPass } | undefined;
      return r ? { fileId: r.file_id, pageNo: r.page_no, pass: r.pass } : null;
    },
    item: (item: QueueItem): { status: string; reason: string | null } | undefined =>
      getItem.get(item.fileId, item.pageNo, item.pass) as { status: string; reason: string | null } | undefined,
    counts: (campaignId?: string): Record<OcrPass, PassCounts> => passCounts((campaignId ? pendingCampaign.all(campaignId) : pendingAll.all()) as CountRow[]),
    pendingForFile: (fileId: string, pass: OcrPass): number => (pendingFile.get(fileId, pass) as { n: number }).n,
    fileItems: (fileId: string): { pageNo: number; pass: OcrPass; status: string; reason: string | null }[] =>
      (fileItems.all(fileId) as { page_no: number; pass: OcrPass; status: string; reason: string | null }[]).map((r) => ({ pageNo: r.page_no, pass: r.pass, status: r.status, reason: r.reason })),
    cacheGet: (sha: string, pass: OcrPass): CachedResult | null => {
      const r = cacheGet.get(sha, pass) as { text: string; lines: string; confidence: number | null; reason: string | null; ms: number } | undefined;
      return r ? { text: r.text, lines: JSON.parse(r.lines) as OcrLine[], confidence: r.confidence, reason: r.reason, ms: r.ms } : null;
    },
  };
}

export function ocrRepository(db: WritableDB) {
  const enqueue = db.prepare(
    `INSERT INTO ocr_queue (file_id, page_no, pass, status, reason, updated_at) VALUES (?, ?, ?, 'pending', NULL, ?)
     ON CONFLICT (file_id, page_no, pass) DO NOTHING`,
  );
  const finish = db.prepare(`UPDATE ocr_queue SET status = ?, reason = ?, updated_at = ? WHERE file_id = ? AND page_no = ? AND pass = ?`);
  const cachePut = db.prepare(
    `INSERT INTO ocr_cache (image_sha256, pass, text, lines, confidence, reason, engine, ms, created_at)
     VALUES (@sha, @pass, @text, @lines, @confidence, @reason, @engine, @ms, @createdAt)
     ON CONFLICT (image_sha256, pass) DO NOTHING`,
  );
  return {
    ...ocrReads(db),
    enqueue: (fileId: string, pageNo: number, pass: OcrPass, at: string): void => void enqueue.run(fileId, pageNo, pass, at),
    finish: (item: QueueItem, status: 'done' | 'failed', reason: string | null, at: string): void =>
      void finish.run(status, reason, at, item.fileId, item.pageNo, item.pass),
    cachePut: (sha: string, pass: OcrPass, r: CachedResult, engine: string, createdAt: string): void =>
      void cachePut.run({ sha, pass, text: r.text, lines: JSON.stringify(r.lines), confidence: r.confidence, reason: r.reason, engine, ms: r.ms, createdAt }),
  };
}

export type OcrRepository = ReturnType<typeof ocrRepository>;
