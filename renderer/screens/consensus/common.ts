/** Small pieces the 合议与复核 screens share. */
import type { ResultSource } from '../../../shared/domain/consensus/final';
import { RESULT_SOURCE_LABELS } from '../../../shared/domain/consensus/final';

export const pts = (n: number | null | undefined) => (n === null || n === undefined ? '—' : Number.isInteger(n) ? String(n) : n.toFixed(1));

export const sourceLabel = (s: ResultSource) => RESULT_SOURCE_LABELS[s];

export const RULING_LABELS = { upheld: '采纳', partly: '部分采纳', rejected: '不予采纳' } as const;

export const TRIGGER_LABELS = { grade: '等次不同', veto: '否决项', margin: '分差超限' } as const;

const ACTOR_KEY = 'consensus.actor';
/** Who is at the keyboard, remembered per campaign. TODO(roles): replace with the session once it exists. */
export function rememberedActor(campaignId: string): string | null {
  try {
    return localStorage.getItem(`${ACTOR_KEY}.${campaignId}`);
  } catch {
    return null;
  }
}
export function rememberActor(campaignId: string, reviewerId: string): void {
  try {
    localStorage.setItem(`${ACTOR_KEY}.${campaignId}`, reviewerId);
  } catch {
    // not remembered
  }
}
