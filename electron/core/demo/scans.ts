/**
 * Fictional scanned dossiers for OCR tests and benchmarks: the pages of makeDossierPdf rendered at
 * 150 dpi, grey, some slightly rotated (±1.5°) and speckled, JPEG-compressed, and put back into a
 * PDF with no text layer — what a scanner in a legal office produces. Deterministic for a seed.
 *
 * Uses @napi-rs/canvas and sharp directly: for tests, the bench and the CLI only (never imported by
 * the Electron main bundle, which keeps native image libraries in the OCR worker).
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { mulberry32 } from '../../../shared/domain/sampling/prng';
import { documentStartPages, makeDossierPdf, type DossierPdfSpec } from './pdfs';

const require = createRequire(import.meta.url);

export interface ScanOptions {
  /** Scanner resolution (default 150). */
  dpi?: number;
  /** PRNG seed: which pages are rotated, the angles and the noise. */
  seed?: number;
  /** Share of pages given a small rotation (default 0.5). */
  rotatedShare?: number;
  /** Largest rotation in degrees (default 1.5). */
  maxAngle?: number;
  /** Noise amplitude in grey levels (default 18) plus sparse dark specks. */
  noise?: number;
  /** JPEG quality (default 70). */
  quality?: number;
}

/** Renders every page of a PDF to grey pixels with pdf.js on @napi-rs/canvas. */
export async function renderPdfGrey(bytes: Uint8Array, dpi: number): Promise<{ grey: Buffer; width: number; height: number }[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const dir = dirname(require.resolve('pdfjs-dist/package.json'));
  const task = pdfjs.getDocument({
    data: bytes.slice(),
    cMapUrl: join(dir, 'cmaps') + '/',
    cMapPacked: true,
    standardFontDataUrl: join(dir, 'standard_fonts') + '/',
    useSystemFonts: false,
    disableFontFace: true,
    isOffscreenCanvasSupported: false,
    verbosity: pdfjs.VerbosityLevel.ERRORS,
  });
  const { createCanvas } = require('@napi-rs/canvas') as typeof import('@napi-rs/canvas');
  try {
    const doc = await task.promise;
    const out: { grey: Buffer; width: number; height: number }[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const viewport = page.getViewport({ scale: dpi / 72 });
      const canvas = createCanvas(Math.round(viewport.width), Math.round(viewport.height));
      const ctx = canvas.getContext('2d');
      ctx.fillStyle = '#ffffff';
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      await page.render({ canvasContext: ctx as unknown as CanvasRenderingContext2D, canvas: canvas as unknown as HTMLCanvasElement, viewport }).promise;
      const rgba = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
      const grey = Buffer.alloc(canvas.width * canvas.height);
      for (let i = 0, p = 0; p < grey.length; i += 4, p++) grey[p] = (rgba[i]! * 77 + rgba[i + 1]! * 150 + rgba[i + 2]! * 29) >> 8;
      out.push({ grey, width: canvas.width, height: canvas.height });
      page.cleanup();
    }
    return out;
  } finally {
    await task.destroy();
  }
}

/** One scanned page as a grey JPEG: optional rotation about the centre, noise, compression. */
async function scanPage(page: { grey: Buffer; width: number; height: number }, angle: number, noise: number, quality: number, rand: () => number): Promise<Buffer> {
  const { width, height } = page;
  let grey = page.grey;
  if (angle !== 0) {
    const rotated = await sharp(grey, { raw: { width, height, channels: 1 } })
      .rotate(angle, { background: { r: 255, g: 255, b: 255 } })
      .raw()
      .toBuffer({ resolveWithObject: true });
    const left = Math.floor((rotated.info.width - width) / 2);
    const top = Math.floor((rotated.info.height - height) / 2);
    grey = await sharp(rotated.data, { raw: { width: rotated.info.width, height: rotated.info.height, channels: rotated.info.channels } })
      .extract({ left, top, width, height })
      .extractChannel(0)
      .raw()
      .toBuffer();
  } else {
    grey = Buffer.from(grey);
  }
  if (noise > 0) {
    // Paper grain everywhere, a slightly grey background, and sparse dark specks.
    for (let p = 0; p < grey.length; p++) {
      let v = grey[p]! - 10 + (rand() - 0.5) * noise;
      if (rand() < 0.0004) v = 40 + rand() * 80;
      grey[p] = v < 0 ? 0 : v > 255 ? 255 : v;
    }
  }
  return sharp(grey, { raw: { width, height, channels: 1 } }).jpeg({ quality, chromaSubsampling: '4:4:4' }).toBuffer();
}

/** Image-only PDF from grey JPEG pages (each page A4-sized at the given dpi). */
export async function assembleImagePdf(jpegs: readonly Buffer[], dpi: number, sizes: readonly { width: number; height: number }[]): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setCreator('dossier-review scan generator');
  doc.setCreationDate(new Date('2024-06-01T00:00:00Z'));
  doc.setModificationDate(new Date('2024-06-01T00:00:00Z'));
  for (let i = 0; i < jpegs.length; i++) {
    const img = await doc.embedJpg(jpegs[i]!);
    const w = (sizes[i]!.width * 72) / dpi;
    const h = (sizes[i]!.height * 72) / dpi;
    doc.addPage([w, h]).drawImage(img, { x: 0, y: 0, width: w, height: h });
  }
  return doc.save();
}

export interface ScannedDossier {
  bytes: Uint8Array;
  /** 1-based first page of each document, in spec order. */
  starts: number[];
  /** Rotation applied to each page, degrees. */
  angles: number[];
}

/** A dossier as a scanner would deliver it: same pages as makeDossierPdf, images only. */
export async function makeScannedDossierPdf(spec: DossierPdfSpec, options: ScanOptions = {}): Promise<ScannedDossier> {
  const dpi = options.dpi ?? 150;
  const rand = mulberry32(options.seed ?? 1);
  const maxAngle = options.maxAngle ?? 1.5;
  const pages = await renderPdfGrey(await makeDossierPdf(spec), dpi);
  const jpegs: Buffer[] = [];
  const angles: number[] = [];
  for (const page of pages) {
    const angle = rand() < (options.rotatedShare ?? 0.5) ? Math.round((rand() * 2 - 1) * maxAngle * 100) / 100 : 0;
    angles.push(angle);
    jpegs.push(await scanPage(page, angle, options.noise ?? 18, options.quality ?? 70, rand));
  }
  return { bytes: await assembleImagePdf(jpegs, dpi, pages), starts: documentStartPages(spec), angles };
}

/** An image-only page that is a photo-like texture (no text), as grey JPEG. */
export async function makePhotoPage(width = 1240, height = 1754, seed = 5): Promise<Buffer> {
  const rand = mulberry32(seed);
  const grey = Buffer.alloc(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = 128 + 60 * Math.sin(x / 37 + y / 53) + 40 * Math.cos(y / 23) + (rand() - 0.5) * 40;
      grey[y * width + x] = v < 0 ? 0 : v > 255 ? 255 : v;
    }
  }
  return sharp(grey, { raw: { width, height, channels: 1 } }).blur(3).jpeg({ quality: 70 }).toBuffer();
}

/** A white page (an empty sheet that went through the scanner), as grey JPEG. */
export async function makeBlankPage(width = 1240, height = 1754): Promise<Buffer> {
  return sharp(Buffer.alloc(width * height, 255), { raw: { width, height, channels: 1 } }).jpeg({ quality: 70 }).toBuffer();
}
