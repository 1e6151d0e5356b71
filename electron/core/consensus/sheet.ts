/** A dossier's final result as a 评查表 (the export prints it like a review: same template, rows, score). */
import type { ReviewSheet } from '../../../shared/api/namespaces/reviews';
import type { ResultSource } from '../../../shared/domain/consensus/final';
import type { PageRef } from '../../../shared/api/namespaces/reviews';
import type { CoreContext } from '../context';
import { reviewService } from '../review/service';
import { finalResults } from './final';

/** The final result as a sheet, or null when nothing was decided for the dossier (its review then prints as is). */
export function decidedSheet(ctx: CoreContext, dossierId: string): { sheet: ReviewSheet; source: ResultSource } | null {
  const f = finalResults(ctx.read).ofDossier(dossierId);
  if (!f || f.source === 'review') return null;
  const base = reviewService(ctx).sheet(f.baseReviewId);
  return {
    source: f.source,
    sheet: {
      ...base,
      review: { ...base.review, total: f.total, grade: f.grade, veto: f.veto, dimensionScores: f.dimensionScores },
      answers: f.answers.map((a) => ({
        itemCode: a.itemCode,
        verdict: a.verdict,
        deduction: a.deduction,
        occurrences: a.occurrences,
        note: a.note,
        pageRefs: JSON.parse(a.pageRefs) as PageRef[],
        updatedAt: a.decidedAt ?? base.review.updatedAt,
      })),
      score: f.score,
    },
  };
}
