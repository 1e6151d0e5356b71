/**
 * Page layout of the continuous-scroll viewer, as pure arithmetic: where each page sits at a given
 * zoom, which pages intersect the viewport, which page is "current". Only the pages this returns are
 * mounted; everything else is empty space, so a 300-page scan costs a handful of canvases.
 */

/** A page's size in PDF points at zoom 1 (rotation applied). */
export interface PageSize {
  width: number;
  height: number;
}

export const PAGE_GAP = 12;
export const PAGE_PADDING = 16;
export const MIN_SCALE = 0.25;
export const MAX_SCALE = 5;
export const ZOOM_STEPS = [0.25, 0.33, 0.5, 0.67, 0.75, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2, 2.5, 3, 4, 5];

export interface Layout {
  scale: number;
  /** Top of page i+1 (0-based index i) in CSS pixels. */
  tops: number[];
  heights: number[];
  widths: number[];
  totalHeight: number;
  maxWidth: number;
}

export function computeLayout(sizes: readonly PageSize[], scale: number): Layout {
  const tops: number[] = [];
  const heights: number[] = [];
  const widths: number[] = [];
  let y = PAGE_PADDING;
  let maxWidth = 0;
  for (const s of sizes) {
    const h = Math.round(s.height * scale);
    const w = Math.round(s.width * scale);
    tops.push(y);
    heights.push(h);
    widths.push(w);
    maxWidth = Math.max(maxWidth, w);
    y += h + PAGE_GAP;
  }
  return { scale, tops, heights, widths, totalHeight: y - PAGE_GAP + PAGE_PADDING, maxWidth };
}

/** Index of the last page whose top is at or above y (binary search). */
function pageAt(layout: Layout, y: number): number {
  let lo = 0;
  let hi = layout.tops.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (layout.tops[mid]! <= y) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** 1-based first/last pages intersecting [scrollTop, scrollTop+viewportHeight], widened by `extra` pages each side. */
export function visibleRange(layout: Layout, scrollTop: number, viewportHeight: number, extra = 1): { first: number; last: number } {
  const n = layout.tops.length;
  if (n === 0) return { first: 1, last: 0 };
  const first = pageAt(layout, scrollTop);
  const last = pageAt(layout, scrollTop + viewportHeight);
  return { first: Math.max(1, first + 1 - extra), last: Math.min(n, last + 1 + extra) };
}

/** The page a reader is looking at: the one covering the line a third of the way down the viewport. */
export function currentPageAt(layout: Layout, scrollTop: number, viewportHeight: number): number {
  if (layout.tops.length === 0) return 1;
  return pageAt(layout, scrollTop + Math.min(viewportHeight / 3, 200)) + 1;
}

/** The zoom at which the widest page fills the available width. */
export function fitWidthScale(sizes: readonly PageSize[], availableWidth: number): number {
  const widest = sizes.reduce((m, s) => Math.max(m, s.width), 0) || 595;
  return clampScale((availableWidth - 2 * PAGE_PADDING) / widest);
}

export const clampScale = (s: number): number => Math.min(MAX_SCALE, Math.max(MIN_SCALE, Number.isFinite(s) ? s : 1));

export function nextZoom(scale: number, direction: 1 | -1): number {
  if (direction > 0) return ZOOM_STEPS.find((z) => z > scale + 0.001) ?? MAX_SCALE;
  return [...ZOOM_STEPS].reverse().find((z) => z < scale - 0.001) ?? MIN_SCALE;
}
