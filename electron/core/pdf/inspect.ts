/**
 * Reading a dossier PDF in plain Node with pdf.js (legacy build): page count and the text layer of
 * every page, in reading order with line breaks. Every failure becomes an AppError('bad_input')
 * that names the file — empty, not a PDF, truncated, damaged, password-protected, no pages, or too
 * slow — so one bad file never crashes or hangs an import.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { OcrLine } from '../../../shared/domain/documents/ocr';
import { AppError } from '../../../shared/errors';

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');

const require = createRequire(import.meta.url);
const PDFJS_DIR = dirname(require.resolve('pdfjs-dist/package.json'));
/** pdf.js wants folder "URLs" with a trailing slash; in Node they are read as file paths. */
export const PDFJS_ASSETS = {
  cMapUrl: join(PDFJS_DIR, 'cmaps') + '/',
  standardFontDataUrl: join(PDFJS_DIR, 'standard_fonts') + '/',
  wasmUrl: join(PDFJS_DIR, 'wasm') + '/',
};

let pdfjs: Promise<PdfJs> | null = null;
const loadPdfJs = (): Promise<PdfJs> => (pdfjs ??= import('pdfjs-dist/legacy/build/pdf.mjs'));

export interface InspectedPage {
  pageNo: number;
  text: string;
  /** False when the page has no usable text (a scan without OCR, or only stray marks). */
  hasTextLayer: boolean;
  /** The text's lines with their boxes (empty when they could not be placed). */
  lines?: OcrLine[];
}

export interface PdfInspection {
  pageCount: number;
  pages: InspectedPage[];
  /** Always false without a password; true when a password was given and opened the file. */
  encrypted: boolean;
  /** Pages that could not be read (their text is left empty). */
  warnings: string[];
}

export interface InspectOptions {
  /** File name used in error messages. */
  name?: string;
  /** Whole-file time limit (default 60 s). */
  timeoutMs?: number;
  /** User password for a protected file. */
  password?: string;
}

const DEFAULT_TIMEOUT_MS = 60_000;

function indexOfAscii(bytes: Uint8Array, needle: string, from: number, to: number): number {
  const n = needle.length;
  outer: for (let i = Math.max(0, from); i <= Math.min(bytes.length, to) - n; i++) {
    for (let k = 0; k < n; k++) if (bytes[i + k] !== needle.charCodeAt(k)) continue outer;
    return i;
  }
  return -1;
}

/** Minimal letters/digits a page needs before its text counts as a text layer. */
const MIN_TEXT_CHARS = 2;

export function hasUsableText(text: string): boolean {
  const m = text.match(/[\p{L}\p{N}]/gu);
  return (m?.length ?? 0) >= MIN_TEXT_CHARS;
}

interface TextItemLike {
  str: string;
  hasEOL: boolean;
  transform: number[];
  width?: number;
  height: number;
}

/** Joins pdf.js text items into lines: a new line on hasEOL or when the baseline moves. */
export function joinTextItems(items: readonly unknown[]): string {
  return joinTextLines(items, null).text;
}

/**
 * joinTextItems, with each line's box on the page (fractions, top-left origin) when the page's view
 * box is given: what the fact readers cite and the viewer highlights (issue #14).
 */
export function joinTextLines(items: readonly unknown[], view: readonly number[] | null): { text: string; lines: OcrLine[] } {
  const lines: string[] = [];
  const boxes: OcrLine[] = [];
  let line = '';
  let lastY: number | null = null;
  let lastHeight = 0;
  let box: { x0: number; y0: number; x1: number; y1: number } | null = null;
  const [vx0, vy0, vx1, vy1] = view ?? [0, 0, 1, 1];
  const pageW = Math.max(1, vx1! - vx0!);
  const pageH = Math.max(1, vy1! - vy0!);
  const round = (v: number) => Math.round(Math.min(1, Math.max(0, v)) * 10000) / 10000;
  const flush = () => {
    const t = line.replace(/\s+$/u, '');
    if (t.trim()) {
      lines.push(t);
      if (view && box) {
        boxes.push({ text: t, x: round((box.x0 - vx0!) / pageW), y: round((vy1! - box.y1) / pageH), w: round((box.x1 - box.x0) / pageW), h: round((box.y1 - box.y0) / pageH), confidence: 1 });
      }
    }
    line = '';
    box = null;
  };
  const extend = (item: TextItemLike) => {
    const x = item.transform[4] ?? 0;
    const y = item.transform[5] ?? 0;
    const w = item.width ?? 0;
    const h = item.height || Math.abs(item.transform[3] ?? 0);
    const b = { x0: x, y0: y - h * 0.2, x1: x + w, y1: y + h * 0.9 };
    box = box ? { x0: Math.min(box.x0, b.x0), y0: Math.min(box.y0, b.y0), x1: Math.max(box.x1, b.x1), y1: Math.max(box.y1, b.y1) } : b;
  };
  for (const raw of items) {
    if (!raw || typeof raw !== 'object' || !('str' in raw)) continue; // marked-content markers
    const item = raw as TextItemLike;
    const y = item.transform[5] ?? 0;
    if (lastY !== null && line && item.str) {
      const tolerance = Math.max(1, 0.5 * Math.min(lastHeight || item.height || 1, item.height || lastHeight || 1));
      if (Math.abs(y - lastY) > tolerance) flush();
    }
    line += item.str;
    if (item.str) {
      if (item.str.trim()) extend(item);
      lastY = y;
      lastHeight = item.height;
    }
    if (item.hasEOL) flush();
  }
  flush();
  return { text: lines.join('\n'), lines: view && boxes.length === lines.length ? boxes : [] };
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function translatePdfJsError(err: unknown, name: string, pdf: PdfJs | null, withPassword: boolean): AppError {
  if (err instanceof AppError) return err;
  const e = err as { name?: string; code?: number } | null;
  if (pdf && err instanceof pdf.PasswordException) {
    return e?.code === pdf.PasswordResponses.INCORRECT_PASSWORD && withPassword
      ? new AppError('bad_input', `文件“${name}”的打开密码不正确。`, { reason: 'wrong_password' })
      : new AppError('bad_input', `文件“${name}”受密码保护，无法读取。请向报送单位索取未加密的文件，或提供打开密码。`, { reason: 'encrypted' });
  }
  if (pdf && err instanceof pdf.InvalidPDFException) {
    return new AppError('bad_input', `文件“${name}”已损坏，无法解析为 PDF（${describe(err)}）。`, { reason: 'corrupt' });
  }
  return new AppError('bad_input', `文件“${name}”无法读取：${describe(err)}`, { reason: 'unreadable' });
}

/** Checks that can be made on the bytes alone, before pdf.js sees them. */
function precheck(bytes: Uint8Array, name: string): void {
  if (bytes.length === 0) throw new AppError('bad_input', `文件“${name}”是空文件（0 字节）。`, { reason: 'empty' });
  if (indexOfAscii(bytes, '%PDF-', 0, 1024) < 0) {
    throw new AppError('bad_input', `文件“${name}”不是 PDF 文件（缺少 %PDF 文件头）。`, { reason: 'not_pdf' });
  }
  // Readers require %%EOF within the last kilobyte; a file cut short by an interrupted copy lacks it.
  if (indexOfAscii(bytes, '%%EOF', bytes.length - 2048, bytes.length) < 0) {
    throw new AppError('bad_input', `文件“${name}”不完整（缺少 PDF 结束标记），可能在复制或下载时被截断，请重新获取原文件。`, { reason: 'truncated' });
  }
}

/**
 * Page count and per-page text of a PDF. Never throws anything but AppError('bad_input', …)
 * naming the file; gives up after options.timeoutMs.
 */
export async function inspectPdf(bytes: Uint8Array, options: InspectOptions = {}): Promise<PdfInspection> {
  const name = options.name ?? '（未命名文件）';
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  precheck(bytes, name);

  let pdf: PdfJs | null = null;
  let task: ReturnType<PdfJs['getDocument']> | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new AppError('bad_input', `文件“${name}”解析超时（超过 ${Math.round(timeoutMs / 1000)} 秒），文件可能已损坏。`, { reason: 'timeout' })),
      timeoutMs,
    );
  });

  const work = async (): Promise<PdfInspection> => {
    pdf = await loadPdfJs();
    task = pdf.getDocument({
      // pdf.js may take ownership of the buffer: give it a copy so the caller's bytes stay intact.
      data: bytes.slice(),
      password: options.password,
      ...PDFJS_ASSETS,
      cMapPacked: true,
      useSystemFonts: false,
      disableFontFace: true,
      isOffscreenCanvasSupported: false,
      verbosity: pdf.VerbosityLevel.ERRORS,
    });
    // No onPassword handler: pdf.js then rejects with PasswordException instead of waiting for one.
    const doc = await task.promise;
    const pageCount = doc.numPages;
    if (!pageCount) throw new AppError('bad_input', `文件“${name}”没有任何页面。`, { reason: 'no_pages' });
    const pages: InspectedPage[] = [];
    const warnings: string[] = [];
    for (let pageNo = 1; pageNo <= pageCount; pageNo++) {
      try {
        const page = await doc.getPage(pageNo);
        const content = await page.getTextContent();
        const { text, lines } = joinTextLines(content.items, page.view);
        pages.push({ pageNo, text, hasTextLayer: hasUsableText(text), lines });
        page.cleanup();
      } catch (err) {
        warnings.push(`第 ${pageNo} 页无法读取：${describe(err)}`);
        pages.push({ pageNo, text: '', hasTextLayer: false });
      }
    }
    if (warnings.length === pageCount) {
      throw new AppError('bad_input', `文件“${name}”的全部 ${pageCount} 页都无法读取，文件可能已损坏。`, { reason: 'corrupt', warnings: warnings.slice(0, 5) });
    }
    return { pageCount, pages, encrypted: Boolean(options.password), warnings };
  };

  try {
    return await Promise.race([work(), timeout]);
  } catch (err) {
    throw translatePdfJsError(err, name, pdf, Boolean(options.password));
  } finally {
    clearTimeout(timer);
    const t = task as ReturnType<PdfJs['getDocument']> | null;
    if (t) await t.destroy().catch(() => {});
  }
}
