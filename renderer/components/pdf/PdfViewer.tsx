/**
 * The dossier PDF viewer of the review workspace (and of viewer.html, its own window).
 *
 * Continuous scroll over a computed layout: only the pages in (or next to) the viewport are mounted,
 * each with its own canvas, and a page leaving that window frees its canvas — a 300-page scan keeps a
 * handful of canvases alive whatever the reviewer does. The file streams from the host by id with
 * Range requests, so the first page shows before the rest of the file has arrived.
 *
 * Keyboard (when the viewer has focus): PageDown/J next page, PageUp/K previous, Home/End, +/- zoom,
 * Ctrl+F search, Enter/Shift+Enter next/previous hit.
 */
import { forwardRef, useCallback, useEffect, useImperativeHandle, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { PDFDocumentProxy } from 'pdfjs-dist';
import type { PageBox } from '../../../shared/domain/documents/ocr';
import { currentConnection, errorMessage, getApi, pdfFileRequest } from '../../api';
import { DocumentMap, type DocumentMapEntry } from './DocumentMap';
import { computeLayout, currentPageAt, fitWidthScale, nextZoom, PAGE_PADDING, visibleRange, type PageSize } from './layout';
import { openDossierPdf } from './pdfjs';
import { normaliseForSearch, PageView, type PageTextSource } from './PageView';
import { searchDossier, type SearchHit } from './search';
import { Thumbnails } from './Thumbnails';
import './pdf-viewer.css';

export interface PdfViewerHandle {
  /** Scrolls to the page (clamped); asked before the file has opened, it is applied once it has. */
  goToPage(page: number): void;
  /** The page in view; 0 while no document is shown (loading, or it failed to open). */
  currentPage(): number;
  focus(): void;
  selectedText(): { page: number; text: string } | null;
  /** Scrolls to the page and marks a box on it (where a fact was read); null box: the page alone. */
  showBox(page: number, box: PageBox | null): void;
}

export interface PdfViewerProps {
  fileId: string;
  initialPage?: number;
  onPageChange?(page: number, pageCount: number): void;
  onError?(message: string): void;
  className?: string;
  /** Show the thumbnails strip at start (default true). */
  showThumbnails?: boolean;
  /** Show the document map at start (default true). */
  showDocumentMap?: boolean;
  /** Replaces the built-in "在新窗口中打开" (Electron needs the main process to open a window). */
  onOpenInNewWindow?(page: number): void;
  /** Called after the reviewer corrects the document map. */
  onDocumentMapChange?(documents: DocumentMapEntry[]): void;
  /** The document map without its correction buttons (someone else's review in the workspace). */
  documentMapReadOnly?: boolean;
}

type Zoom = { mode: 'fit' } | { mode: 'fixed'; scale: number };

interface FileInfo {
  name: string;
  textSources: (PageTextSource | undefined)[];
  documents: DocumentMapEntry[];
}

const isTyping = (el: EventTarget | null): boolean => el instanceof HTMLElement && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName));

export const PdfViewer = forwardRef<PdfViewerHandle, PdfViewerProps>(function PdfViewer(props, ref) {
  const { fileId } = props;
  const root = useRef<HTMLDivElement>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const searchInput = useRef<HTMLInputElement>(null);
  const [doc, setDoc] = useState<PDFDocumentProxy | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [sizes, setSizes] = useState<PageSize[]>([]);
  const [info, setInfo] = useState<FileInfo | null>(null);
  const [zoom, setZoom] = useState<Zoom>({ mode: 'fit' });
  const [box, setBox] = useState({ width: 800, height: 600 });
  const [scrollTop, setScrollTop] = useState(0);
  const [showThumbs, setShowThumbs] = useState(props.showThumbnails ?? true);
  const [showMap, setShowMap] = useState(props.showDocumentMap ?? true);
  const [firstPainted, setFirstPainted] = useState(false);
  const painted = useRef(new Set<number>());
  const [paintTick, setPaintTick] = useState(0);
  const [pageInput, setPageInput] = useState('1');
  const [query, setQuery] = useState('');
  const [search, setSearch] = useState<{ query: string; hits: SearchHit[]; index: number; busy: boolean; warnings: string[] } | null>(null);
  const searchAbort = useRef<AbortController | null>(null);
  const callbacks = useRef(props);
  callbacks.current = props;

  // ---- open the file -------------------------------------------------------------------------
  useEffect(() => {
    let cancelled = false;
    let destroy: (() => void) | null = null;
    setDoc(null);
    setError(null);
    setSizes([]);
    setInfo(null);
    setSearch(null);
    setFirstPainted(false);
    painted.current.clear();
    setScrollTop(0);
    pendingPage.current = null;
    if (scroller.current) scroller.current.scrollTop = 0; // the next dossier starts at its first page
    const fail = (message: string) => {
      if (cancelled) return;
      setError(message);
      callbacks.current.onError?.(message);
    };
    const described = getApi()
      .files.describe({ fileId })
      .then(
        (d) => d,
        () => null, // the PDF's own error says it better; the map and OCR marks are optional
      );
    void (async () => {
      try {
        const opened = await openDossierPdf(fileId, pdfFileRequest(fileId));
        if (cancelled) {
          opened.destroy();
          return;
        }
        destroy = opened.destroy;
        const first = await opened.doc.getPage(1);
        const vp = first.getViewport({ scale: 1 });
        if (cancelled) return;
        // Until a page is fetched, assume it is the size of page 1 (a scanned dossier is uniform).
        setSizes(Array.from({ length: opened.doc.numPages }, () => ({ width: vp.width, height: vp.height })));
        setDoc(opened.doc);
      } catch (err) {
        const d = await described;
        const msg = errorMessage(err);
        fail(d && !msg.includes(d.file.originalName) ? msg.replace('卷宗 PDF', `卷宗 PDF“${d.file.originalName}”`) : msg);
      }
    })();
    void described.then((d) => {
      if (cancelled || !d) return;
      const textSources: (PageTextSource | undefined)[] = Array.from({ length: d.file.pageCount }, () => undefined);
      for (const p of d.pages) textSources[p.pageNo - 1] = p.textSource;
      setInfo({ name: d.file.originalName, textSources, documents: d.documents });
    });
    return () => {
      cancelled = true;
      searchAbort.current?.abort();
      destroy?.();
    };
  }, [fileId]);

  // ---- geometry ------------------------------------------------------------------------------
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = () => setBox({ width: el.clientWidth, height: el.clientHeight });
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, [doc]);

  const scale = zoom.mode === 'fit' ? fitWidthScale(sizes, box.width) : zoom.scale;
  const layout = useMemo(() => computeLayout(sizes, scale), [sizes, scale]);
  const pageCount = sizes.length;
  const current = pageCount ? currentPageAt(layout, scrollTop, box.height) : 0;
  const currentRef = useRef(current);
  currentRef.current = current;

  const pendingPage = useRef<number | null>(null);
  const scrollToPage = useCallback(
    (page: number, offsetFraction = 0) => {
      const el = scroller.current;
      if (!el || !layout.tops.length) {
        pendingPage.current = page;
        return;
      }
      const p = Math.min(layout.tops.length, Math.max(1, Math.round(page)));
      const top = Math.max(0, layout.tops[p - 1]! - PAGE_PADDING / 2 + offsetFraction * layout.heights[p - 1]!);
      el.scrollTop = top;
      setScrollTop(el.scrollTop);
    },
    [layout],
  );

  // Keep the page in view when the zoom changes: an explicit anchor (zoom buttons) or else the page
  // at the top of the old layout (fit-width after a resize, or the first measurement of the box).
  const anchor = useRef<{ page: number; fraction: number } | null>(null);
  const prevLayout = useRef(layout);
  useLayoutEffect(() => {
    const before = prevLayout.current;
    prevLayout.current = layout;
    if (before.scale === layout.scale) return;
    let a = anchor.current;
    anchor.current = null;
    const el = scroller.current;
    if (!a && el && before.tops.length && el.scrollTop > 0) {
      const y = el.scrollTop + PAGE_PADDING / 2;
      const page = visibleRange(before, y, 0, 0).first;
      a = { page, fraction: Math.max(0, (y - before.tops[page - 1]!) / before.heights[page - 1]!) };
    }
    if (a) scrollToPage(a.page, a.fraction);
  }, [layout, scrollToPage]);
  const changeZoom = useCallback(
    (next: Zoom) => {
      const p = currentRef.current || 1;
      const el = scroller.current;
      const top = layout.tops[p - 1] ?? 0;
      const h = layout.heights[p - 1] ?? 1;
      anchor.current = { page: p, fraction: el ? Math.max(0, (el.scrollTop + PAGE_PADDING / 2 - top) / h) : 0 };
      setZoom(next);
    },
    [layout],
  );
  const zoomBy = (dir: 1 | -1) => changeZoom({ mode: 'fixed', scale: nextZoom(scale, dir) });

  // Initial page once the layout exists.
  const initialDone = useRef<string | null>(null);
  useLayoutEffect(() => {
    if (!doc || !pageCount || initialDone.current === fileId) return;
    initialDone.current = fileId;
    const target = pendingPage.current ?? props.initialPage;
    pendingPage.current = null;
    if (target && target > 1) scrollToPage(target);
  }, [doc, pageCount, fileId, props.initialPage, scrollToPage]);

  // Report the page.
  useEffect(() => {
    if (!pageCount) return;
    setPageInput(String(current));
    callbacks.current.onPageChange?.(current, pageCount);
  }, [current, pageCount]);

  const rafPending = useRef(false);
  const onScroll = () => {
    if (rafPending.current) return;
    rafPending.current = true;
    requestAnimationFrame(() => {
      rafPending.current = false;
      if (scroller.current) setScrollTop(scroller.current.scrollTop);
    });
  };

  // Pages in view first; their neighbours only once those are painted, so they never compete.
  const core = pageCount ? visibleRange(layout, scrollTop, box.height, 0) : { first: 1, last: 0 };
  let allPainted = core.last >= core.first;
  for (let p = core.first; p <= core.last && allPainted; p++) allPainted = painted.current.has(p);
  void paintTick;
  const range = allPainted ? { first: Math.max(1, core.first - 1), last: Math.min(pageCount, core.last + 1) } : core;

  const onPainted = useCallback((page: number) => {
    // For `npm run bench` (and DevTools): when the first page of this file became visible.
    if (painted.current.size === 0 && performance.getEntriesByName('pdf-first-page').length === 0) performance.mark('pdf-first-page');
    painted.current.add(page);
    setFirstPainted(true);
    setPaintTick((n) => n + 1);
  }, []);
  const onSize = useCallback((page: number, width: number, height: number) => {
    setSizes((prev) => {
      const s = prev[page - 1];
      if (!s || (Math.abs(s.width - width) < 0.5 && Math.abs(s.height - height) < 0.5)) return prev;
      const next = prev.slice();
      next[page - 1] = { width, height };
      return next;
    });
  }, []);
  // A page that leaves the window or is re-rendered at a new zoom is no longer painted.
  useEffect(() => {
    for (const p of [...painted.current]) if (p < range.first || p > range.last) painted.current.delete(p);
  }, [range.first, range.last]);
  useEffect(() => {
    painted.current.clear();
  }, [scale]);

  const goTo = useCallback((p: number) => scrollToPage(p), [scrollToPage]);

  // ---- search --------------------------------------------------------------------------------
  const runSearch = useCallback(
    async (q: string) => {
      searchAbort.current?.abort();
      const text = q.trim();
      if (!doc || !text) {
        setSearch(null);
        return;
      }
      const abort = new AbortController();
      searchAbort.current = abort;
      setSearch({ query: text, hits: [], index: -1, busy: true, warnings: [] });
      const { hits, warnings } = await searchDossier({ doc, fileId, query: text, textSources: info?.textSources ?? [], signal: abort.signal });
      if (abort.signal.aborted) return;
      setSearch({ query: text, hits, index: hits.length ? 0 : -1, busy: false, warnings });
      if (hits.length) scrollToPage(hits[0]!.page);
    },
    [doc, fileId, info, scrollToPage],
  );
  const stepHit = (dir: 1 | -1) => {
    if (!search || !search.hits.length) return;
    const index = (search.index + dir + search.hits.length) % search.hits.length;
    setSearch({ ...search, index });
    scrollToPage(search.hits[index]!.page);
  };
  const hitsByPage = useMemo(() => new Map((search?.hits ?? []).map((h) => [h.page, h])), [search]);
  // The box of a fact the reviewer opened from 关键事实 (stays until another is opened).
  const [mark, setMark] = useState<{ page: number; box: PageBox | null } | null>(null);
  const highlight = search ? normaliseForSearch(search.query) : undefined;

  // ---- imperative handle and keyboard --------------------------------------------------------
  useImperativeHandle(
    ref,
    () => ({
      goToPage: (page: number) => scrollToPage(page),
      showBox: (page: number, box: PageBox | null) => {
        setMark({ page, box });
        scrollToPage(page);
      },
      currentPage: () => currentRef.current,
      focus: () => root.current?.focus(),
      selectedText: () => {
        const sel = window.getSelection();
        if (!sel || sel.isCollapsed || !sel.anchorNode || !root.current?.contains(sel.anchorNode)) return null;
        const el = sel.anchorNode instanceof Element ? sel.anchorNode : sel.anchorNode.parentElement;
        const pageEl = el?.closest<HTMLElement>('[data-page]');
        const text = sel.toString().replace(/\s+/g, ' ').trim();
        if (!pageEl || !text) return null;
        return { page: Number(pageEl.dataset.page), text };
      },
    }),
    [scrollToPage],
  );

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'f') {
      e.preventDefault();
      searchInput.current?.focus();
      searchInput.current?.select();
      return;
    }
    if (isTyping(e.target) || e.altKey || e.ctrlKey || e.metaKey) return;
    const go = (p: number) => {
      e.preventDefault();
      scrollToPage(p);
    };
    switch (e.key) {
      case 'PageDown':
      case 'j':
      case 'J':
        return go(current + 1);
      case 'PageUp':
      case 'k':
      case 'K':
        return go(current - 1);
      case 'Home':
        return go(1);
      case 'End':
        return go(pageCount);
      case '+':
      case '=':
        e.preventDefault();
        return zoomBy(1);
      case '-':
      case '_':
        e.preventDefault();
        return zoomBy(-1);
    }
  };

  const openInNewWindow = () => {
    if (props.onOpenInNewWindow) return props.onOpenInNewWindow(current);
    const conn = currentConnection();
    if (conn.kind === 'none') return;
    // In the app (IPC) the main process allows exactly this window, with the main window's security settings.
    const token = conn.kind === 'http' ? `&token=${encodeURIComponent(conn.token)}` : '';
    const url = new URL(`viewer.html#file=${encodeURIComponent(fileId)}&page=${current}${token}`, document.baseURI);
    window.open(url.href, `dossier-pdf-${fileId}`);
  };
  const canOpenWindow = !!props.onOpenInNewWindow || currentConnection().kind !== 'none';

  // ---- render --------------------------------------------------------------------------------
  const pages = [];
  if (doc) {
    const contentWidth = Math.max(box.width, layout.maxWidth + 2 * PAGE_PADDING);
    for (let p = range.first; p <= range.last; p++) {
      const w = layout.widths[p - 1]!;
      const hit = hitsByPage.get(p);
      pages.push(
        <div key={p} className="pdfv-page-slot" style={{ left: (contentWidth - w) / 2 }}>
          <PageView
            doc={doc}
            pageNo={p}
            top={layout.tops[p - 1]!}
            width={w}
            height={layout.heights[p - 1]!}
            scale={scale}
            textSource={info?.textSources[p - 1]}
            highlight={hit ? highlight : undefined}
            boxes={hit?.boxes}
            mark={mark && mark.page === p ? mark.box : undefined}
            onSize={onSize}
            onPainted={onPainted}
          />
        </div>,
      );
    }
  }

  const activeHit = search && search.index >= 0 ? search.hits[search.index] : undefined;

  return (
    <div ref={root} className={`pdfv ${props.className ?? ''}`} tabIndex={0} onKeyDown={onKeyDown} data-testid="pdf-viewer" aria-label="卷宗 PDF 阅读器">
      {!error && (
        <div className="pdfv-toolbar" role="toolbar" aria-label="PDF 工具栏">
          <button type="button" className={`button small${showThumbs ? ' pressed' : ''}`} aria-pressed={showThumbs} onClick={() => setShowThumbs((v) => !v)} title="显示或隐藏缩略图">
            缩略图
          </button>
          <span className="pdfv-sep" />
          <button type="button" className="button small" onClick={() => scrollToPage(current - 1)} disabled={!doc || current <= 1} title="上一页（PageUp 或 K）">
            上一页
          </button>
          <form
            className="pdfv-pageform"
            onSubmit={(e) => {
              e.preventDefault();
              const n = Number(pageInput);
              if (Number.isInteger(n) && n >= 1 && n <= pageCount) scrollToPage(n);
              else setPageInput(String(current));
              root.current?.focus();
            }}
          >
            <label>
              第
              <input aria-label="页码" inputMode="numeric" value={pageInput} onChange={(e) => setPageInput(e.target.value.replace(/[^\d]/g, ''))} onFocus={(e) => e.target.select()} disabled={!doc} />
              页 / 共 <span data-testid="page-count">{pageCount || '–'}</span> 页
            </label>
          </form>
          <button type="button" className="button small" onClick={() => scrollToPage(current + 1)} disabled={!doc || current >= pageCount} title="下一页（PageDown 或 J）">
            下一页
          </button>
          <span className="pdfv-sep" />
          <button type="button" className="button small" onClick={() => zoomBy(-1)} disabled={!doc} aria-label="缩小" title="缩小（-）">
            −
          </button>
          <span className="pdfv-zoom" data-testid="zoom-level">
            {doc ? `${Math.round(scale * 100)}%` : '–'}
          </span>
          <button type="button" className="button small" onClick={() => zoomBy(1)} disabled={!doc} aria-label="放大" title="放大（+）">
            +
          </button>
          <button type="button" className={`button small${zoom.mode === 'fit' ? ' pressed' : ''}`} onClick={() => changeZoom({ mode: 'fit' })} disabled={!doc} aria-pressed={zoom.mode === 'fit'}>
            适合宽度
          </button>
          <span className="pdfv-sep" />
          <form
            className="pdfv-search"
            role="search"
            onSubmit={(e) => {
              e.preventDefault();
              if (search && search.query === query.trim() && search.hits.length) stepHit(1);
              else void runSearch(query);
            }}
          >
            <input
              ref={searchInput}
              type="search"
              aria-label="在卷宗中查找"
              placeholder="查找（Ctrl+F）"
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && e.shiftKey) {
                  e.preventDefault();
                  stepHit(-1);
                } else if (e.key === 'Escape') {
                  setQuery('');
                  setSearch(null);
                  root.current?.focus();
                }
              }}
              disabled={!doc}
            />
            {search && (
              <span className="pdfv-search-status" data-testid="search-status" aria-live="polite">
                {search.busy ? '查找中…' : search.hits.length ? `第 ${search.index + 1} / ${search.hits.length} 页` : '未找到'}
              </span>
          )}
          {search && search.hits.length > 1 && (
            <>
              <button type="button" className="button small" onClick={() => stepHit(-1)} aria-label="上一处">
                ↑
              </button>
              <button type="button" className="button small" onClick={() => stepHit(1)} aria-label="下一处">
                ↓
              </button>
            </>
          )}
        </form>
        <span className="pdfv-spacer" />
        {canOpenWindow && (
          <button type="button" className="button small" onClick={openInNewWindow} disabled={!doc} title="在新窗口中打开（适合双屏）">
            在新窗口中打开
          </button>
        )}
        <button type="button" className={`button small${showMap ? ' pressed' : ''}`} aria-pressed={showMap} onClick={() => setShowMap((v) => !v)}>
          文书目录
        </button>
      </div>
      )}

      {activeHit && (
        <div className="pdfv-hitbar" data-testid="search-hit">
          <span className="pdfv-hit-page">第 {activeHit.page} 页</span>
          {activeHit.source === 'ocr' && <span className="pdfv-badge-inline">OCR</span>}
          <span className="pdfv-hit-snippet">{activeHit.snippet}</span>
        </div>
      )}
      {search?.warnings.map((w) => (
        <div key={w} className="pdfv-warning">
          {w}
        </div>
      ))}

      {error ? (
        <div className="pdfv-error" role="alert" data-testid="pdf-error">
          <strong>无法显示卷宗 PDF</strong>
          <p>{error}</p>
          <p className="pdfv-error-hint">评查表仍可正常填写，可对照纸质案卷继续评查。</p>
        </div>
      ) : (
        <div className="pdfv-body">
          {/* Side panels take their width before the file opens, so fit-width is right the first time. */}
          {showThumbs && (doc ? <Thumbnails doc={doc} sizes={sizes} current={current} enabled={firstPainted} textSources={info?.textSources} onPick={goTo} /> : <nav className="pdfv-thumbs" aria-label="页面缩略图" />)}
          <div className="pdfv-scroll" ref={scroller} onScroll={onScroll} data-testid="pdf-scroll">
            {!doc && <div className="pdfv-loading">正在打开卷宗 PDF…</div>}
            <div className="pdfv-pages" style={{ height: doc ? layout.totalHeight : 0, width: Math.max(box.width, layout.maxWidth + 2 * PAGE_PADDING) }}>
              {pages}
            </div>
          </div>
          {showMap && !doc && <aside className="pdfv-map" aria-label="文书目录" />}
          {showMap && doc && (
            <DocumentMap
              fileId={fileId}
              documents={info?.documents ?? []}
              currentPage={current || 1}
              readOnly={props.documentMapReadOnly}
              onGoTo={(p) => scrollToPage(p)}
              onChanged={(documents) => {
                setInfo((prev) => (prev ? { ...prev, documents } : prev));
                callbacks.current.onDocumentMapChange?.(documents);
              }}
            />
          )}
        </div>
      )}
    </div>
  );
});

