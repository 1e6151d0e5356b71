/**
 * pdf.js set-up for the renderer: the worker is bundled by Vite (a same-origin file, so the strict
 * CSP's worker-src 'self' admits it), and CMaps, standard fonts, wasm decoders and ICC profiles are
 * copied into the build under pdfjs/ (vite.config.ts) so nothing is ever fetched from the network.
 */
import {
  getDocument,
  GlobalWorkerOptions,
  InvalidPDFException,
  PasswordException,
  PDFDataRangeTransport,
  PDFWorker,
  ResponseException,
  type PDFDocumentProxy,
} from 'pdfjs-dist';
import { fetchRanges, needsRangeTransport, openRangeTransport } from './range-transport';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';

GlobalWorkerOptions.workerSrc = workerUrl;

/**
 * One worker for every document the app opens, started as soon as this module loads: its 1 MB
 * script is fetched and compiled while React mounts, not after, and the next dossier reuses it.
 */
let sharedWorker: PDFWorker | null = null;
function pdfWorker(): PDFWorker {
  if (!sharedWorker || sharedWorker.destroyed) sharedWorker = new PDFWorker();
  return sharedWorker;
}
pdfWorker();

/** Opens started ahead of the viewer (viewer.html knows the file before React renders). */
const prefetched = new Map<string, Promise<OpenedPdf>>();

/** Where to fetch a file and with which headers (renderer/api.ts pdfFileRequest). */
export type PdfRequest = { url: string; headers: Record<string, string> };

/** Starts opening a file now; the next openDossierPdf(fileId) takes this one over. */
export function prefetchDossierPdf(fileId: string, request: PdfRequest): void {
  if (!prefetched.has(fileId)) {
    const p = openFresh(request);
    p.catch(() => undefined); // reported when the viewer takes it over
    prefetched.set(fileId, p);
  }
}

/** Folder (with trailing slash) of pdf.js's runtime assets inside the built renderer. */
const assetUrl = (sub: string) => new URL(`./pdfjs/${sub}/`, document.baseURI).href;

export interface OpenedPdf {
  doc: PDFDocumentProxy;
  destroy(): void;
}

/**
 * Opens an attached dossier file by id. Range requests with auto-fetch off: a 300-page scan shows
 * its first page after the cross-reference table and that page's bytes, not the whole file.
 */
/**
 * Fetches and parses one page of a prefetched file ahead of the viewer, so that rendering it later
 * only draws (pdf.js keeps the page's operator list and decoded images).
 */
export async function warmPage(fileId: string, pageNo: number): Promise<void> {
  const opening = prefetched.get(fileId);
  if (!opening) return;
  const { doc } = await opening;
  const page = await doc.getPage(Math.min(Math.max(1, Math.round(pageNo) || 1), doc.numPages));
  await page.getOperatorList();
}

export function openDossierPdf(fileId: string, request: PdfRequest): Promise<OpenedPdf> {
  const early = prefetched.get(fileId);
  if (early) {
    prefetched.delete(fileId);
    return early;
  }
  return openFresh(request);
}

const RANGE_CHUNK = 256 * 1024;

async function openFresh({ url, headers }: PdfRequest, fileLabel?: string): Promise<OpenedPdf> {
  // Over app:// pdf.js would read the whole file first: feed it ranges ourselves (range-transport.ts).
  let source: { url: string; httpHeaders: Record<string, string> } | { range: PDFDataRangeTransport };
  if (needsRangeTransport(url)) {
    try {
      source = { range: await openRangeTransport(PDFDataRangeTransport, fetchRanges(url, headers), RANGE_CHUNK) };
    } catch (err) {
      // Explained like pdf.js's own failed request (the server's reply says which file and why).
      throw new Error(await explainOpenError(new ResponseException(String(err), 0, false), url, headers, fileLabel));
    }
  } else {
    source = { url, httpHeaders: headers };
  }
  const params: Record<string, unknown> = {
    worker: pdfWorker(),
    ...source,
    withCredentials: false,
    disableAutoFetch: true,
    disableStream: true,
    rangeChunkSize: RANGE_CHUNK,
    cMapUrl: assetUrl('cmaps'),
    cMapPacked: true,
    standardFontDataUrl: assetUrl('standard_fonts'),
    wasmUrl: assetUrl('wasm'),
    iccUrl: assetUrl('iccs'),
    // Dossier PDFs never need scripting or XFA; keep the attack surface small.
    enableXfa: false,
    isEvalSupported: false,
    verbosity: 0,
  };
  const task = getDocument(params as Parameters<typeof getDocument>[0]);
  try {
    const doc = await task.promise;
    return { doc, destroy: () => void task.destroy() };
  } catch (err) {
    void task.destroy();
    throw new Error(await explainOpenError(err, url, headers, fileLabel));
  }
}

/** A Chinese message for a failed open; asks the server for its own explanation when it refused. */
async function explainOpenError(err: unknown, url: string, headers: Record<string, string>, fileLabel?: string): Promise<string> {
  const name = fileLabel ? `“${fileLabel}”` : '';
  if (err instanceof ResponseException || (err as { name?: string })?.name === 'ResponseException') {
    // pdf.js keeps only the status; the host's reply body says which file and why.
    try {
      const res = await fetch(url, { headers: { ...headers, Range: 'bytes=0-0' }, cache: 'no-store', credentials: 'omit' });
      if (!res.ok) {
        const text = (await res.text()).trim();
        if (text && !text.startsWith('{')) return `无法打开卷宗 PDF${name}：${text}`;
        if (res.status === 401) return '无法打开卷宗 PDF：访问令牌无效或已过期，请重新打开程序地址。';
      }
    } catch {
      return `无法打开卷宗 PDF${name}：无法连接到本机服务。`;
    }
    return `无法打开卷宗 PDF${name}：找不到该文件。请重新导入该卷宗的 PDF。`;
  }
  if (err instanceof PasswordException) return `卷宗 PDF${name}设有打开密码，无法显示。请导入未加密的文件，或对照纸质案卷评查。`;
  if (err instanceof InvalidPDFException || (err as { name?: string })?.name === 'InvalidPDFException') {
    return `卷宗 PDF${name}已损坏或不是有效的 PDF 文件，无法显示。可对照纸质案卷继续评查，或重新导入该文件。`;
  }
  const why = err instanceof Error ? err.message : String(err);
  return `无法打开卷宗 PDF${name}：${why}`;
}
