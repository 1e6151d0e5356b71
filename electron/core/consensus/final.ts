/**
 * THE final result of a dossier: the objection ruling over the 复核 answer over the 合议 answer over
 * the single (counted) review, item by item, scored with the shared engine. Every output that states
 * a dossier's score or findings asks here (the reports through ./report-reads.ts, the 评查表 export,
 * the 合议 screen); the individual reviews stay as they were, in `reviews`/`answers`.
 */
import { consensusReads, type DecidedAnswerRow, type DossierReviewRow, type ReviewAnswerRow } from '../../../db/repositories/consensus';
import type { ReadableDB } from '../../../db/handles';
import type { PageRef } from '../../../shared/api/namespaces/reviews';
import { layerAnswers, type ResultSource, type StageAnswer } from '../../../shared/domain/consensus/final';
import { scoreReview, type ScoreResult } from '../../../shared/domain/scoring/engine';
import { withGradeModel } from '../../../shared/domain/scoring/grade-models';
import { gradeModelOf } from '../settings/service';
import type { ChecklistTemplate, ItemAnswer, ReviewAnswers, Verdict } from '../../../shared/domain/scoring/schema';
import { caseContext } from '../review/service';

/** One item's counted answer and where it comes from; `reason`/`decidedBy`/`decidedAt` only for decided ones. */
export interface FinalAnswer {
  itemCode: string;
  verdict: Verdict;
  deduction: number;
  occurrences: number;
  note: string;
  /** JSON [{page, text?}], as stored. */
  pageRefs: string;
  source: ResultSource;
  reason: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
}

export interface FinalResult {
  dossierId: string;
  campaignId: string;
  /** The highest layer that decided any item ('review' when nothing was decided). */
  source: ResultSource;
  /** The review the undecided items fall through to (the counted one: locked, primary, latest). */
  baseReviewId: string;
  /** Every submitted/locked review of the dossier, base first. */
  reviews: { id: string; reviewerId: string; reviewer: string }[];
  templateId: string;
  template: ChecklistTemplate;
  answers: FinalAnswer[];
  score: ScoreResult;
  total: number;
  grade: string;
  veto: boolean;
  dimensionScores: Record<string, number>;
}

/** The counted figures of a dossier, as campaign lists need them. */
export interface FinalSummary {
  dossierId: string;
  source: ResultSource;
  baseReviewId: string;
  total: number;
  grade: string;
  veto: boolean;
}

const pageRefText = (p: PageRef): string => (p.text ? `第${p.page}页：${p.text}` : `第${p.page}页`);

/** A stored answer row as the scoring engine takes it (as the review service does); a null deduction = the item's rule decides (fixed, per occurrence). */
export function toItemAnswer(r: Pick<ReviewAnswerRow, 'verdict' | 'occurrences' | 'note' | 'page_refs'> & { deduction: number | null }): ItemAnswer {
  const refs = JSON.parse(r.page_refs) as PageRef[];
  return {
    verdict: r.verdict as Verdict,
    ...(r.deduction !== null ? { deduction: r.deduction } : {}),
    occurrences: r.occurrences,
    ...(r.note ? { note: r.note } : {}),
    ...(refs.length ? { pageRefs: refs.map(pageRefText) } : {}),
  };
}

const counted = (r: DossierReviewRow) => (r.status === 'submitted' || r.status === 'locked') && r.total !== null && r.grade !== null;

type Row = Omit<ReviewAnswerRow, 'deduction'> & { deduction: number | null } & Partial<Pick<DecidedAnswerRow, 'reason' | 'decided_by' | 'decided_at'>>;
/** A decided answer not stored yet: its deduction is null when the item's rule fixes it. */
export type PendingAnswerRow = Omit<DecidedAnswerRow, 'deduction'> & { deduction: number | null };

export type FinalResults = ReturnType<typeof finalResults>;

export function finalResults(db: ReadableDB) {
  const reads = consensusReads(db);
  const templates = new Map<string, ChecklistTemplate>();
  const templateOf = (id: string): ChecklistTemplate | undefined => {
    let t = templates.get(id);
    if (!t) {
      const body = reads.templateBody(id);
      if (!body) return undefined;
      // Stored bodies were validated on the way in.
      templates.set(id, (t = JSON.parse(body) as ChecklistTemplate));
    }
    return t;
  };

  /** Scores an answer set for a dossier the way its reviews are scored. */
  const scoreWith = (template: ChecklistTemplate, caseType: string, procedure: string | null, rows: Iterable<Row>): ScoreResult => {
    const answers: ReviewAnswers = {};
    for (const r of rows) answers[r.item_code] = toItemAnswer(r);
    return scoreReview(template, answers, { context: caseContext(template, caseType, procedure) });
  };

  const ofDossier = (dossierId: string, extra: readonly PendingAnswerRow[] = []): FinalResult | null => {
    const dossier = reads.dossier(dossierId);
    if (!dossier) return null;
    const reviews = reads.reviewsOf(dossierId).filter(counted);
    if (reviews.length === 0) return null;
    const base = reviews[0];
    const template = templateOf(base.template_id);
    if (!template) return null;
    const baseRows = new Map<string, Row>(reads.answers(base.id).map((a) => [a.item_code, a]));
    const decided: StageAnswer<Row>[] = [...reads.decided(dossierId), ...extra].map((d) => ({ stage: d.stage, itemCode: d.item_code, answer: d, at: d.decided_at }));
    const layered = layerAnswers(baseRows, decided);
    const rows = [...layered.answers.values()].map((l) => l.answer);
    // Graded with the campaign's 等次模型, as its reviews are (review service).
    const score = scoreWith(withGradeModel(template, gradeModelOf(db, dossier.campaign_id)), dossier.case_type, dossier.procedure, rows);
    const order = new Map(template.items.map((i, n) => [i.code, n]));
    const answers: FinalAnswer[] = [...layered.answers.entries()]
      .sort(([a], [b]) => (order.get(a) ?? 1e9) - (order.get(b) ?? 1e9))
      .map(([code, l]) => ({
        itemCode: code,
        verdict: l.answer.verdict as Verdict,
        deduction: l.answer.deduction ?? 0,
        occurrences: l.answer.occurrences,
        note: l.answer.note,
        pageRefs: l.answer.page_refs,
        source: l.source,
        reason: l.answer.reason ?? null,
        decidedBy: l.answer.decided_by ?? null,
        decidedAt: l.answer.decided_at ?? null,
      }));
    return {
      dossierId,
      campaignId: dossier.campaign_id,
      source: layered.source,
      baseReviewId: base.id,
      reviews: reviews.map((r) => ({ id: r.id, reviewerId: r.reviewer_id, reviewer: r.reviewer })),
      templateId: base.template_id,
      template,
      answers,
      score,
      total: score.total,
      grade: score.grade,
      veto: score.veto.hit,
      dimensionScores: Object.fromEntries(score.dimensions.map((d) => [d.code, d.score])),
    };
  };

  return {
    /** A stored template by id, parsed once per finalResults instance. */
    templateOf,
    /** The dossier's final result; null before any review of it is submitted. */
    ofDossier: (dossierId: string): FinalResult | null => ofDossier(dossierId),
    /** What the result would be with `pending` decided answers added (a ruling's score change before it is stored). */
    withPending: (dossierId: string, pending: readonly PendingAnswerRow[]): FinalResult | null => ofDossier(dossierId, pending),
    /** Full results of the campaign's dossiers that have any decided answer (the only ones whose figures differ from their review's). */
    decidedOfCampaign: (campaignId: string): Map<string, FinalResult> => {
      const out = new Map<string, FinalResult>();
      for (const id of reads.decidedDossiers(campaignId)) {
        const r = ofDossier(id);
        if (r) out.set(id, r);
      }
      return out;
    },
    /** The counted figures of every reviewed dossier of the campaign, in case-number order. */
    ofCampaign: (campaignId: string): FinalSummary[] => {
      const decided = new Set(reads.decidedDossiers(campaignId));
      const out: FinalSummary[] = [];
      let last = '';
      for (const r of reads.campaignReviews(campaignId)) {
        if (r.dossier_id === last) continue;
        last = r.dossier_id;
        const full = decided.has(r.dossier_id) ? ofDossier(r.dossier_id) : null;
        out.push(
          full
            ? { dossierId: r.dossier_id, source: full.source, baseReviewId: full.baseReviewId, total: full.total, grade: full.grade, veto: full.veto }
            : { dossierId: r.dossier_id, source: 'review', baseReviewId: r.id, total: r.total!, grade: r.grade!, veto: r.veto === 1 },
        );
      }
      return out;
    },
  };
}
