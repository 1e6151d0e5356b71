/**
 * When a dossier goes to 复核 (re-check): its independent reviews fall in different grades, any
 * reviewer marked a veto item, or their totals differ by more than a margin. Which of these apply,
 * and the margin, are campaign settings (campaigns.settings → `consensus`), never constants here.
 */

export interface RecheckSettings {
  /** Reviews in different grades (等次不同). */
  onGradeDiffers: boolean;
  /** Any reviewer marked a veto item (任一评查人员认定否决项). */
  onAnyVeto: boolean;
  /** Totals differ by MORE than this many points; null = this trigger is off. */
  totalMargin: number | null;
}

/** The defaults the issue names: all three triggers on, margin 10 points. */
export const DEFAULT_RECHECK_SETTINGS: RecheckSettings = { onGradeDiffers: true, onAnyVeto: true, totalMargin: 10 };

/** Working days an agency has to object after being told its results (commonly 3–5; the brief says verify). */
export const DEFAULT_OBJECTION_DAYS = 5;

const partOf = (campaignSettings: unknown): Record<string, unknown> | undefined => {
  const raw = campaignSettings && typeof campaignSettings === 'object' ? (campaignSettings as Record<string, unknown>).consensus : undefined;
  return raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : undefined;
};

/** The objection period from a campaign's settings JSON (`consensus.objectionDays`), else the default. */
export function objectionDaysOf(campaignSettings: unknown): number {
  const d = partOf(campaignSettings)?.objectionDays;
  return typeof d === 'number' && Number.isInteger(d) && d >= 1 ? d : DEFAULT_OBJECTION_DAYS;
}

/** Reads the `consensus` part of a campaign's settings JSON; anything missing or malformed falls back to the default. */
export function recheckSettingsOf(campaignSettings: unknown): RecheckSettings {
  const raw = partOf(campaignSettings) as
    | Partial<Record<keyof RecheckSettings, unknown>>
    | undefined;
  if (!raw || typeof raw !== 'object') return { ...DEFAULT_RECHECK_SETTINGS };
  const margin = raw.totalMargin;
  return {
    onGradeDiffers: typeof raw.onGradeDiffers === 'boolean' ? raw.onGradeDiffers : DEFAULT_RECHECK_SETTINGS.onGradeDiffers,
    onAnyVeto: typeof raw.onAnyVeto === 'boolean' ? raw.onAnyVeto : DEFAULT_RECHECK_SETTINGS.onAnyVeto,
    totalMargin: margin === null ? null : typeof margin === 'number' && Number.isFinite(margin) && margin >= 0 ? margin : DEFAULT_RECHECK_SETTINGS.totalMargin,
  };
}

/** One independent review as the triggers see it. */
export interface ReviewOutcome {
  reviewer: string;
  total: number;
  grade: string;
  veto: boolean;
}

export type RecheckTriggerKind = 'grade' | 'veto' | 'margin';

export interface RecheckTrigger {
  kind: RecheckTriggerKind;
  /** Why, in Chinese, naming reviewers and figures (shown in the 复核 queue). */
  detail: string;
}

const pts = (n: number): string => (Number.isInteger(n) ? String(n) : n.toFixed(1));
/** Totals are stored with float noise (e.g. 87.5 − 77.49999); compare at a tenth of a hundredth of a point. */
const EPSILON = 1e-6;

/**
 * The 复核 triggers that fire for a dossier's independent (submitted) reviews. Fewer than two
 * reviews cannot disagree, but one reviewer's veto still sends the dossier to 复核.
 */
export function recheckTriggers(reviews: readonly ReviewOutcome[], settings: RecheckSettings): RecheckTrigger[] {
  const out: RecheckTrigger[] = [];
  if (settings.onGradeDiffers && reviews.length >= 2) {
    const grades = [...new Set(reviews.map((r) => r.grade))];
    if (grades.length > 1) out.push({ kind: 'grade', detail: `等次不一致：${reviews.map((r) => `${r.reviewer} ${r.grade}`).join('，')}` });
  }
  if (settings.onAnyVeto) {
    const vetoed = reviews.filter((r) => r.veto);
    if (vetoed.length > 0) out.push({ kind: 'veto', detail: `认定否决项：${vetoed.map((r) => r.reviewer).join('、')}` });
  }
  if (settings.totalMargin !== null && reviews.length >= 2) {
    const totals = reviews.map((r) => r.total);
    const max = Math.max(...totals);
    const min = Math.min(...totals);
    const diff = max - min;
    if (diff > settings.totalMargin + EPSILON) {
      const hi = reviews.find((r) => r.total === max)!;
      const lo = reviews.find((r) => r.total === min)!;
      out.push({
        kind: 'margin',
        detail: `总分相差 ${pts(Math.round(diff * 100) / 100)} 分，超过 ${pts(settings.totalMargin)} 分：${hi.reviewer} ${pts(max)}，${lo.reviewer} ${pts(min)}`,
      });
    }
  }
  return out;
}
