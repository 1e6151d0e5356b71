/**
 * The viewer's page layout (renderer/components/pdf/layout.ts): which pages get mounted for a scroll
 * position, which page counts as current, fit-width and zoom steps. Pure arithmetic, tested in Node.
 */
import { describe, expect, it } from 'vitest';
import { computeLayout, currentPageAt, fitWidthScale, MAX_SCALE, MIN_SCALE, nextZoom, PAGE_GAP, PAGE_PADDING, visibleRange } from '../../renderer/components/pdf/layout';

const A4 = { width: 595, height: 842 };
const pages = (n: number) => Array.from({ length: n }, () => A4);

describe('viewer layout', () => {
  it('stacks pages with gaps and padding', () => {
    const l = computeLayout([A4, { width: 842, height: 595 }, A4], 1);
    expect(l.tops).toEqual([PAGE_PADDING, PAGE_PADDING + 842 + PAGE_GAP, PAGE_PADDING + 842 + 595 + 2 * PAGE_GAP]);
    expect(l.maxWidth).toBe(842);
    expect(l.totalHeight).toBe(PAGE_PADDING * 2 + 842 * 2 + 595 + 2 * PAGE_GAP);
  });

  it('mounts only the pages near the viewport of a 300-page dossier', () => {
    const l = computeLayout(pages(300), 1.5);
    const pageH = 842 * 1.5 + PAGE_GAP;
    const top = l.tops[149]!; // page 150 at the top of the viewport
    expect(visibleRange(l, top, 900, 0)).toEqual({ first: 150, last: 150 });
    expect(visibleRange(l, top, 900, 1)).toEqual({ first: 149, last: 151 });
    expect(visibleRange(l, top + pageH - 100, 900, 0)).toEqual({ first: 150, last: 151 });
    expect(visibleRange(l, 0, 900, 2)).toEqual({ first: 1, last: 3 });
    expect(visibleRange(l, l.totalHeight - 900, 900, 2)).toEqual({ first: 298, last: 300 });
  });

  it('calls current the page a third of the way down', () => {
    const l = computeLayout(pages(10), 1);
    expect(currentPageAt(l, 0, 900)).toBe(1);
    expect(currentPageAt(l, l.tops[4]! - 150, 900)).toBe(5);
    expect(currentPageAt(l, l.tops[4]! - 250, 900)).toBe(4);
    expect(currentPageAt(computeLayout([], 1), 0, 900)).toBe(1);
  });

  it('fits the widest page to the width and clamps zoom', () => {
    expect(fitWidthScale(pages(3), 595 + 2 * PAGE_PADDING)).toBeCloseTo(1);
    expect(fitWidthScale([A4, { width: 1190, height: 842 }], 1190 / 2 + 2 * PAGE_PADDING)).toBeCloseTo(0.5);
    expect(fitWidthScale(pages(1), 10)).toBe(MIN_SCALE);
    expect(fitWidthScale(pages(1), 100000)).toBe(MAX_SCALE);
    expect(nextZoom(1, 1)).toBe(1.1);
    expect(nextZoom(1, -1)).toBe(0.9);
    expect(nextZoom(1.03, 1)).toBe(1.1);
    expect(nextZoom(MAX_SCALE, 1)).toBe(MAX_SCALE);
    expect(nextZoom(MIN_SCALE, -1)).toBe(MIN_SCALE);
  });
});
