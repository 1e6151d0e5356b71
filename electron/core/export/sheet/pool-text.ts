/**
 * What the 评查表 prints for a dimension scored as a whole (扣完为止 at the dimension, PG v3), shared by the
 * HTML/PDF and DOCX renderers so both say the same: such a dimension's items have no points of their own,
 * only the most each takes off, and the subtotal is the dimension's points minus the items' deductions,
 * floored at 0.
 */
import { pts, type SheetDimension, type SheetItemRow } from './data';

/** "一、程序（28分，本维度扣完为止）" without the ordinal. */
export const dimensionHeading = (dim: SheetDimension): string => `${dim.name}（${pts(dim.max)}分${dim.pooled ? '，本维度扣完为止' : ''}）`;

/** The 分值 cell of an item row: its points, or under a dimension cap the most it takes off. */
export function itemMaxCell(dim: SheetDimension, r: SheetItemRow): string {
  if (r.maxPoints === 0) return r.veto ? '否决' : '—';
  return dim.pooled ? `≤${pts(r.maxPoints)}` : pts(r.maxPoints);
}

/** The 得分 cell of an item row; under a dimension cap only the subtotal has a score. */
export function itemScoreCell(m: { blank: boolean }, dim: SheetDimension, r: SheetItemRow): string {
  if (m.blank) return '';
  if (r.maxPoints === 0 || dim.pooled) return '—';
  return pts(r.score);
}

/** The note of a subtotal row when the items asked for more than the dimension holds. */
export function subtotalNote(dim: SheetDimension): string {
  return dim.pooled && dim.requested !== null && dim.deducted !== null && dim.requested > dim.deducted
    ? `各项扣分合计 ${pts(dim.requested)} 分，本维度扣完为止`
    : '';
}
