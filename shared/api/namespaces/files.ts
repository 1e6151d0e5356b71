import { z } from 'zod';
import { job, mutation, query } from '../define';
import { Id } from './common';

export const DocumentSource = z.enum(['auto', 'ocr', 'manual']);
export type DocumentSource = z.infer<typeof DocumentSource>;

export const DocumentMapEntry = z.object({
  tagId: z.string(),
  fileId: z.string(),
  title: z.string(),
  docType: z.string(),
  startPage: z.number().int(),
  endPage: z.number().int(),
  source: DocumentSource,
  confidence: z.number().nullable(),
});

export const DossierFile = z.object({
  id: z.string(),
  dossierId: z.string(),
  sha256: z.string(),
  originalName: z.string(),
  sizeBytes: z.number().int(),
  pageCount: z.number().int(),
  attachedAt: z.string(),
  actor: z.string(),
});

export const AttachResult = z.object({
  matched: z.array(
    z.object({
      caseNo: z.string(),
      dossierId: z.string(),
      file: z.string(),
      fileId: z.string(),
      sha256: z.string(),
      pages: z.number().int(),
      pagesWithoutText: z.number().int(),
      documents: z.array(DocumentMapEntry),
      /** chosen: the user picked the dossier (files.attach with dossierId). */
      matchedBy: z.enum(['file_ref', 'case_no', 'chosen']),
      alreadyAttached: z.boolean(),
      /** Files the dossier had before this one: the app asks whether to replace them (files.detach) or keep both. */
      otherFiles: z.array(z.object({ fileId: z.string(), name: z.string(), pages: z.number().int() })).default([]),
    }),
  ),
  missing: z.array(z.string()),
  unmatched: z.array(z.string()),
  failed: z.array(z.object({ file: z.string(), message: z.string() })),
});
export type AttachResult = z.infer<typeof AttachResult>;

/** A rectangle on a page, as fractions of the page's width and height (origin top-left). */
export const PageBox = z.object({ x: z.number(), y: z.number(), w: z.number(), h: z.number() });

export const TextSearchHit = z.object({
  page: z.number().int(),
  snippet: z.string(),
  /** Where the page's text came from: its text layer or OCR. */
  source: z.enum(['text', 'ocr']),
  /** Boxes of the matches (OCR pages); empty for text-layer pages. */
  boxes: z.array(PageBox),
  count: z.number().int(),
});
export type TextSearchHit = z.infer<typeof TextSearchHit>;

/**
 * Where OCR stands, in one word: running; paused by the user with pages left; failed (the engine
 * process ended mid-run — pages stay queued, a retry starts a fresh one); unavailable (the engine is
 * not installed or cannot load on this installation); idle (nothing to read).
 */
export const OcrState = z.enum(['idle', 'running', 'paused', 'failed', 'unavailable']);
export type OcrState = z.infer<typeof OcrState>;

export const OcrStatus = z.object({
  state: OcrState,
  /** What went wrong, in words a user reads (failed / unavailable), e.g. 文字识别进程意外退出（退出代码 139）; else null. */
  reason: z.string().nullable(),
  /** What the user can do about it (failed / unavailable), else null. */
  remedy: z.string().nullable(),
  /** The engine process's exit code when it ended unexpectedly (failed), else null. */
  exitCode: z.number().int().nullable(),
  running: z.boolean(),
  jobId: z.string().nullable(),
  /** Stopped by the user; resumes with the next attach or files.ocrResume. */
  paused: z.boolean(),
  /** Pages read in the current run, and the run's total so far. */
  done: z.number().int(),
  total: z.number().int(),
  pass: z.enum(['title', 'full']).nullable(),
  step: z.string(),
  /** Pages still to read (in the campaign when one is given), per pass. */
  pending: z.object({ title: z.number().int(), full: z.number().int() }),
  failed: z.number().int(),
  /** Why OCR cannot run on this installation (pages stay queued), else null. */
  error: z.string().nullable(),
});
export type OcrStatus = z.infer<typeof OcrStatus>;

/** Where a page's text came from: the PDF's text layer, OCR, or nowhere (yet, or nothing readable). */
export const TextSource = z.enum(['text', 'ocr', 'none']);

export const PageInfo = z.object({
  pageNo: z.number().int(),
  textSource: TextSource,
  confidence: z.number().nullable(),
  /** OCR state of the page: none (has a text layer), pending, title (title band read), full, failed. */
  ocr: z.enum(['none', 'pending', 'title', 'full', 'failed']),
  /** Why OCR found nothing (blank page, photo, unreadable image), when it did not. */
  reason: z.string().nullable(),
});
export type PageInfo = z.infer<typeof PageInfo>;

/** A file sent by a browser (bytes) rather than named by path (CLI, Electron dialogs). */
export const Upload = z.object({ name: z.string().min(1).max(500), dataBase64: z.string() });

export const files = {
  attach: job(
    '导入卷宗 PDF（按卷宗文件列或案卷编号匹配）；返回任务，结果为匹配情况',
    z
      .object({
        campaignId: Id,
        dir: z.string().min(1).optional(),
        files: z.array(z.object({ name: z.string().min(1), path: z.string().min(1) })).optional(),
        uploads: z.array(Upload).optional(),
        /** Attach every given file to this dossier of the campaign, whatever its name (a scan listed as 未能匹配). */
        dossierId: Id.optional(),
        /** Start OCR of pages without a text layer when done (default true; they stay queued otherwise). */
        ocr: z.boolean().optional(),
      })
      .refine((i) => i.dir || i.files?.length || i.uploads?.length, { message: '请选择要导入的卷宗 PDF 文件或所在文件夹' }),
    AttachResult,
  ),
  list: query('案卷的 PDF 文件', z.object({ dossierId: Id }), z.array(DossierFile)),
  detach: mutation(
    '从案卷中移除 PDF 文件（替换为新导入的文件时）；文件内容仍保留在数据库文件夹中',
    z.object({ fileIds: z.array(z.string().min(1)).min(1).max(100) }),
    z.object({ detached: z.number().int() }),
  ),
  documentMap: query('案卷文书目录（起止页）', z.object({ dossierId: Id }), z.array(DocumentMapEntry)),
  setDocumentStart: mutation(
    '标记某页为文书首页（人工更正）',
    z.object({ fileId: z.string(), pageNo: z.number().int().min(1), docType: z.string().min(1), title: z.string().optional() }),
    z.array(DocumentMapEntry),
  ),
  correctTag: mutation(
    '更正文书标记',
    z.object({ tagId: z.string(), pageNo: z.number().int().min(1).optional(), docType: z.string().optional(), title: z.string().optional() }),
    z.array(DocumentMapEntry),
  ),
  removeTag: mutation('删除文书标记', z.object({ tagId: z.string() }), z.array(DocumentMapEntry)),
  describe: query(
    '卷宗文件概况（供阅读器）：文件记录、各页文字来源、该文件的文书目录',
    z.object({ fileId: z.string() }),
    z.object({
      file: DossierFile,
      pages: z.array(z.object({ pageNo: z.number().int(), textSource: TextSource })),
      documents: z.array(DocumentMapEntry),
    }),
  ),
  pages: query('文件各页的文字来源（文字层 / OCR）与识别状态', z.object({ fileId: z.string() }), z.array(PageInfo)),
  ocrStatus: query('文字识别（OCR）进度；有待识别页面时自动继续', z.object({ campaignId: Id.optional() }), OcrStatus),
  ocrCancel: mutation('停止文字识别（已识别的页面保留，剩余页面下次继续）', z.object({}), OcrStatus),
  ocrResume: mutation('继续文字识别', z.object({}), OcrStatus),
  searchText: query(
    '在卷宗文件的页面文字（文字层或 OCR 识别结果）中查找；忽略空格、换行与全半角',
    z.object({ fileId: z.string(), query: z.string().trim().min(1, '请输入要查找的文字').max(200), limit: z.number().int().min(1).max(1000).optional() }),
    z.array(TextSearchHit),
  ),
};
