/**
 * One page of the continuous view: a canvas rendered at the current zoom (and the screen's pixel
 * ratio), then pdf.js's text layer for selection and highlights, and OCR hit boxes on scanned pages.
 * The canvas is created outside React and zeroed on unmount, so a page scrolled far away frees its
 * pixels at once instead of waiting for garbage collection.
 */
import { memo, useEffect, useRef, useState } from 'react';
import { RenderingCancelledException, TextLayer, type PDFDocumentProxy, type PDFPageProxy } from 'pdfjs-dist';
import type { PageBox } from '../../../shared/domain/documents/ocr';
import { pageRenderEnded, pageRenderStarted } from './renderQueue';

export type PageTextSource = 'text' | 'ocr' | 'none';

/** Upper bound on a page canvas's pixels: beyond it the output scale drops (sharpness, not memory, gives). */
const MAX_CANVAS_PIXELS = 12_000_000;

export interface PageViewProps {
  doc: PDFDocumentProxy;
  pageNo: number;
  top: number;
  width: number;
  height: number;
  scale: number;
  textSource?: PageTextSource;
  /** Normalised search text to highlight in the text layer. */
  highlight?: string;
  /** OCR match boxes (fractions of the page). */
  boxes?: readonly PageBox[];
  /** Where a fact was read (关键事实 → 卷内值), outlined on the page. */
  mark?: PageBox | null;
  onSize?(pageNo: number, width: number, height: number): void;
  onPainted?(pageNo: number): void;
  onRenderError?(pageNo: number, message: string): void;
}

/** Lower-case, no spaces, full-width ASCII folded: how search text is compared. */
export const normaliseForSearch = (s: string): string =>
  s
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .toLowerCase();

function PageViewInner(props: PageViewProps) {
  const { doc, pageNo, scale, textSource } = props;
  const canvasHost = useRef<HTMLDivElement>(null);
  const textHost = useRef<HTMLDivElement>(null);
  const [painted, setPainted] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);
  const [textReady, setTextReady] = useState(0);
  /** The page and viewport of the canvas on screen, for the text layer. */
  const [shown, setShown] = useState<{ proxy: PDFPageProxy; viewport: ReturnType<PDFPageProxy['getViewport']> } | null>(null);
  const callbacks = useRef(props);
  callbacks.current = props;

  useEffect(() => {
    let cancelled = false;
    let renderTask: ReturnType<PDFPageProxy['render']> | null = null;
    let proxy: PDFPageProxy | null = null;
    const canvas = document.createElement('canvas');
    canvas.setAttribute('aria-hidden', 'true');

    let counted = true;
    pageRenderStarted();
    const done = () => {
      if (counted) pageRenderEnded();
      counted = false;
    };
    (async () => {
      try {
        proxy = await doc.getPage(pageNo);
        if (cancelled) return;
        const base = proxy.getViewport({ scale: 1 });
        callbacks.current.onSize?.(pageNo, base.width, base.height);
        const viewport = proxy.getViewport({ scale });
        const ratio = Math.min(window.devicePixelRatio || 1, Math.sqrt(MAX_CANVAS_PIXELS / Math.max(1, viewport.width * viewport.height)));
        canvas.width = Math.max(1, Math.floor(viewport.width * ratio));
        canvas.height = Math.max(1, Math.floor(viewport.height * ratio));
        renderTask = proxy.render({ canvas, viewport, transform: ratio !== 1 ? [ratio, 0, 0, ratio, 0, 0] : undefined });
        await renderTask.promise;
        if (cancelled) return;
        // Swap in the finished canvas: during a zoom the old one stays visible (stretched) until then.
        const hostEl = canvasHost.current;
        if (!hostEl) return;
        for (const old of Array.from(hostEl.querySelectorAll('canvas'))) {
          old.width = 0;
          old.height = 0;
          old.remove();
        }
        hostEl.appendChild(canvas);
        done();
        setPainted(true);
        setShown({ proxy, viewport });
        callbacks.current.onPainted?.(pageNo);
      } catch (err) {
        done();
        if (cancelled || err instanceof RenderingCancelledException) return;
        const message = `第 ${pageNo} 页无法显示：${err instanceof Error ? err.message : String(err)}`;
        setFailed(message);
        callbacks.current.onRenderError?.(pageNo, message);
      }
    })();

    return () => {
      cancelled = true;
      done();
      renderTask?.cancel();
      if (!canvas.isConnected) {
        canvas.width = 0;
        canvas.height = 0;
      }
    };
  }, [doc, pageNo, scale]);

  // The text layer (selection, highlights) once the canvas is up; not for scans (no text to select).
  // Separate from the canvas so learning the page's text source later never repaints the page.
  useEffect(() => {
    const container = textHost.current;
    if (!shown || !container || textSource === 'ocr' || textSource === 'none') return;
    let cancelled = false;
    container.replaceChildren();
    const layer = new TextLayer({ textContentSource: shown.proxy.streamTextContent(), container, viewport: shown.viewport });
    layer.render().then(
      () => {
        if (!cancelled) setTextReady((n) => n + 1);
      },
      () => undefined,
    );
    return () => {
      cancelled = true;
      layer.cancel();
    };
  }, [shown, textSource]);

  // On unmount: free every pixel and the page's parsed resources.
  useEffect(
    () => () => {
      const hostEl = canvasHost.current;
      for (const c of Array.from(hostEl?.querySelectorAll('canvas') ?? [])) {
        c.width = 0;
        c.height = 0;
        c.remove();
      }
      void doc.getPage(pageNo).then((p) => p.cleanup(), () => undefined);
    },
    [doc, pageNo],
  );

  // Text-layer highlights: mark the spans that contain the query (or a piece of it across spans).
  useEffect(() => {
    const container = textHost.current;
    if (!container) return;
    const spans = Array.from(container.querySelectorAll<HTMLElement>('span:not(.markedContent)'));
    for (const s of spans) s.classList.remove('pdfv-hit');
    const q = props.highlight;
    if (!q) return;
    const texts = spans.map((s) => normaliseForSearch(s.textContent ?? ''));
    const joined = texts.join('');
    let from = 0;
    const starts: number[] = [];
    let acc = 0;
    for (const t of texts) {
      starts.push(acc);
      acc += t.length;
    }
    for (let at = joined.indexOf(q, from); at >= 0; at = joined.indexOf(q, from)) {
      const end = at + q.length;
      spans.forEach((s, i) => {
        const a = starts[i]!;
        const b = a + texts[i]!.length;
        if (b > at && a < end) s.classList.add('pdfv-hit');
      });
      from = end;
    }
  }, [props.highlight, textReady]);

  return (
    <div
      className={`pdfv-page${painted ? ' painted' : ''}`}
      data-page={pageNo}
      data-painted={painted ? 'true' : undefined}
      // pdf.js sizes text-layer glyphs from --scale-factor; it must sit on the page box the layer inherits from.
      style={{ top: props.top, width: props.width, height: props.height, ['--scale-factor' as string]: String(scale) }}
      aria-label={`第 ${pageNo} 页`}
      role="img"
    >
      <div className="pdfv-canvas" ref={canvasHost} />
      <div className="textLayer" ref={textHost} />
      {props.boxes?.map((b, i) => (
        <div
          key={i}
          className="pdfv-ocr-hit"
          data-testid="ocr-hit"
          style={{ left: `${b.x * 100}%`, top: `${b.y * 100}%`, width: `${b.w * 100}%`, height: `${b.h * 100}%` }}
        />
      ))}
      {props.mark ? (
        <div
          className="pdfv-fact-mark"
          data-testid="fact-mark"
          style={{ left: `${props.mark.x * 100}%`, top: `${props.mark.y * 100}%`, width: `${props.mark.w * 100}%`, height: `${props.mark.h * 100}%` }}
        />
      ) : null}
      {!painted && !failed && <div className="pdfv-page-loading">第 {pageNo} 页</div>}
      {failed && <div className="pdfv-page-error">{failed}</div>}
      {textSource === 'ocr' && <span className="pdfv-badge pdfv-badge-ocr" title="本页文字由 OCR 识别，可能有误">OCR 识别</span>}
      {textSource === 'none' && <span className="pdfv-badge" title="本页没有文字层，也未经 OCR 识别">无文字</span>}
    </div>
  );
}

export const PageView = memo(PageViewInner);
