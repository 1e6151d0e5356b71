/**
 * Text search within one dossier file. Two sources, merged by page:
 *  - pdf.js text content of the pages that have a text layer (exact, what the reader sees selected);
 *  - the core's files.searchText when the contract has it: page texts from the text layer and from
 *    OCR, with match boxes on scanned pages (fractions of the page) to draw over the image.
 * Comparison ignores spaces and line breaks and folds full-width ASCII (NFKC), as Chinese scans and
 * text layers break lines anywhere.
 */
import type { PDFDocumentProxy } from 'pdfjs-dist';
import { getApi } from '../../api';
import type { PageBox } from '../../../shared/domain/documents/ocr';
import { normaliseForSearch, type PageTextSource } from './PageView';

export interface SearchHit {
  page: number;
  snippet: string;
  source: 'text' | 'ocr';
  boxes: PageBox[];
}

type ServerSearch = (input: { fileId: string; query: string }) => Promise<{ page: number; snippet: string; source: 'text' | 'ocr'; boxes: PageBox[] }[]>;

function serverSearch(): ServerSearch | null {
  const files = getApi().files as unknown as { searchText?: ServerSearch };
  return typeof files.searchText === 'function' ? files.searchText.bind(files) : null;
}

const SNIPPET_RADIUS = 18;

async function searchTextLayers(doc: PDFDocumentProxy, query: string, pages: number[], signal: AbortSignal): Promise<SearchHit[]> {
  const q = normaliseForSearch(query);
  const hits: SearchHit[] = [];
  for (const pageNo of pages) {
    if (signal.aborted) break;
    const page = await doc.getPage(pageNo);
    const content = await page.getTextContent();
    const raw = content.items.map((i) => ('str' in i ? i.str : '')).join('');
    const text = normaliseForSearch(raw);
    const at = text.indexOf(q);
    if (at < 0) continue;
    const start = Math.max(0, at - SNIPPET_RADIUS);
    const snippet = `${start > 0 ? '…' : ''}${text.slice(start, at + q.length + SNIPPET_RADIUS)}${at + q.length + SNIPPET_RADIUS < text.length ? '…' : ''}`;
    hits.push({ page: pageNo, snippet, source: 'text', boxes: [] });
  }
  return hits;
}

/**
 * Searches the file; `textSources[i]` says where page i+1's text came from (undefined: unknown, so
 * its text layer is searched). Returns hits in page order and the reasons a source failed.
 */
export async function searchDossier(opts: { doc: PDFDocumentProxy; fileId: string; query: string; textSources: readonly (PageTextSource | undefined)[]; signal: AbortSignal }): Promise<{ hits: SearchHit[]; warnings: string[] }> {
  const { doc, fileId, query, signal } = opts;
  const warnings: string[] = [];
  const textPages: number[] = [];
  for (let p = 1; p <= doc.numPages; p++) {
    const s = opts.textSources[p - 1];
    if (s === undefined || s === 'text') textPages.push(p);
  }
  const remote = serverSearch();
  const [local, server] = await Promise.all([
    searchTextLayers(doc, query, textPages, signal).catch((err: unknown) => {
      warnings.push(`文字层查找失败：${err instanceof Error ? err.message : String(err)}`);
      return [] as SearchHit[];
    }),
    remote
      ? remote({ fileId, query }).catch((err: unknown) => {
          warnings.push(`OCR 文字查找失败：${err instanceof Error ? err.message : String(err)}`);
          return [] as SearchHit[];
        })
      : Promise.resolve([] as SearchHit[]),
  ]);
  const byPage = new Map<number, SearchHit>();
  for (const h of local) byPage.set(h.page, h);
  // The core's hit wins on a page both found: it carries OCR boxes.
  for (const h of server) byPage.set(h.page, { page: h.page, snippet: h.snippet, source: h.source, boxes: h.boxes ?? [] });
  return { hits: [...byPage.values()].sort((a, b) => a.page - b.page), warnings };
}
