/** Small pieces the 合议与复核 screens share. */
import type { ResultSource } from '../../../shared/domain/consensus/final';
import { RESULT_SOURCE_LABELS } from '../../../shared/domain/consensus/final';

export const pts = (n: number | null | undefined) => (n === null || n === undefined ? '—' : Number.isInteger(n) ? String(n) : n.toFixed(1));

export const sourceLabel = (s: ResultSource) => RESULT_SOURCE_LABELS[s];

export const RULING_LABELS = { upheld: '采纳', partly: '部分采纳', rejected: '不予采纳' } as const;

export const TRIGGER_LABELS = { grade: '等次不同', veto: '否决项', margin: '分差超限' } as const;

/** Who acts on these screens: the session's reviewer (我是谁). */
export interface Actor {
  id: string;
  name: string;
  role: 'reviewer' | 'leader' | 'legal_office';
}
