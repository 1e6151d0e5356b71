/**
 * The thumbnails strip: a virtualised column of small page images. Thumbnails render one at a time
 * after the main view has painted, so they never delay the page the reviewer is reading.
 */
import { memo, useEffect, useRef, useState } from 'react';
import { RenderingCancelledException, type PDFDocumentProxy } from 'pdfjs-dist';
import type { PageSize } from './layout';
import { whenPagesIdle } from './renderQueue';
import type { PageTextSource } from './PageView';

const THUMB_WIDTH = 96;
const ROW_GAP = 26; // page-number caption under each image
const OVERSCAN = 3;

/** One render at a time across all thumbnails (a promise chain). */
let queue: Promise<unknown> = Promise.resolve();
const enqueue = <T,>(job: () => Promise<T>): Promise<T> => {
  const next = queue.then(job, job);
  queue = next.catch(() => undefined);
  return next;
};

function Thumb({ doc, pageNo, width, height, active, enabled, textSource, onPick }: { doc: PDFDocumentProxy; pageNo: number; width: number; height: number; active: boolean; enabled: boolean; textSource?: PageTextSource; onPick(page: number): void }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!enabled) return;
    const state = { cancelled: false };
    let cancel: (() => void) | null = null;
    const canvas = document.createElement('canvas');
    void enqueue(async () => {
      await whenPagesIdle(state);
      if (state.cancelled) return;
      const page = await doc.getPage(pageNo);
      if (state.cancelled) return;
      const viewport = page.getViewport({ scale: width / page.getViewport({ scale: 1 }).width });
      canvas.width = Math.floor(viewport.width);
      canvas.height = Math.floor(viewport.height);
      const task = page.render({ canvas, viewport });
      cancel = () => task.cancel();
      try {
        await task.promise;
        if (!state.cancelled) host.current?.replaceChildren(canvas);
      } catch (err) {
        if (!(err instanceof RenderingCancelledException)) throw err;
      }
    }).catch(() => undefined);
    return () => {
      state.cancelled = true;
      cancel?.();
      canvas.width = 0;
      canvas.height = 0;
    };
  }, [doc, pageNo, width, enabled]);

  return (
    <button
      type="button"
      className={`pdfv-thumb${active ? ' active' : ''}`}
      onClick={() => onPick(pageNo)}
      aria-label={`转到第 ${pageNo} 页`}
      aria-current={active ? 'page' : undefined}
      tabIndex={-1}
    >
      <div className="pdfv-thumb-img" ref={host} style={{ width, height }} />
      <span className="pdfv-thumb-no">
        {pageNo}
        {textSource === 'ocr' && <span className="pdfv-thumb-ocr" title="OCR 识别页"> · OCR</span>}
      </span>
    </button>
  );
}

function ThumbnailsInner(props: { doc: PDFDocumentProxy; sizes: readonly PageSize[]; current: number; enabled: boolean; textSources?: readonly (PageTextSource | undefined)[]; onPick(page: number): void }) {
  const { sizes, current } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const [scroll, setScroll] = useState({ top: 0, height: 600 });
  // Rows share one height (from the first page): scans are uniform, and odd pages just letterbox.
  const ratio = sizes[0] ? sizes[0].height / sizes[0].width : 1.414;
  const thumbHeight = Math.round(THUMB_WIDTH * ratio);
  const rowHeight = thumbHeight + ROW_GAP + 8;
  const first = Math.max(1, Math.floor(scroll.top / rowHeight) + 1 - OVERSCAN);
  const last = Math.min(sizes.length, Math.ceil((scroll.top + scroll.height) / rowHeight) + OVERSCAN);

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const update = () => setScroll({ top: el.scrollTop, height: el.clientHeight });
    update();
    const ro = new ResizeObserver(update);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // Keep the current page's thumbnail in view.
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const top = (current - 1) * rowHeight;
    if (top < el.scrollTop || top + rowHeight > el.scrollTop + el.clientHeight) el.scrollTop = Math.max(0, top - el.clientHeight / 2 + rowHeight / 2);
  }, [current, rowHeight]);

  const rows = [];
  for (let p = first; p <= last; p++) {
    rows.push(
      <div key={p} className="pdfv-thumb-row" style={{ top: (p - 1) * rowHeight, height: rowHeight }}>
        <Thumb doc={props.doc} pageNo={p} width={THUMB_WIDTH} height={thumbHeight} active={p === current} enabled={props.enabled} textSource={props.textSources?.[p - 1]} onPick={props.onPick} />
      </div>,
    );
  }
  return (
    <nav className="pdfv-thumbs" aria-label="页面缩略图" ref={scroller} onScroll={(e) => setScroll({ top: e.currentTarget.scrollTop, height: e.currentTarget.clientHeight })}>
      <div style={{ height: sizes.length * rowHeight, position: 'relative' }}>{rows}</div>
    </nav>
  );
}

export const Thumbnails = memo(ThumbnailsInner);
