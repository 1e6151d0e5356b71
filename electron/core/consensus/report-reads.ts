/**
 * The one place the campaign reports ask "which answers count for this dossier": the report reads
 * (db/repositories/reports.ts) with every dossier that has a 合议, 复核 or objection ruling served
 * from its final result instead of its single review. Such a dossier's counted "review" gets the id
 * `final:<dossierId>`; every read keyed by review id answers for it from the final result, so the
 * bulletin, unit summaries, workbook, 整改通知 and the 统计 screen need no change of their own.
 */
import type { ReportReads, ProblemAnswer, WorkbookAnswer } from '../../../db/repositories/reports';
import type { ReadableDB } from '../../../db/handles';
import type { AnswerFact, ReviewFact } from '../../../shared/domain/reports/aggregate';
import { RESULT_SOURCE_LABELS } from '../../../shared/domain/consensus/final';
import { finalResults, type FinalResult } from './final';

const PREFIX = 'final:';
export const finalReviewId = (dossierId: string) => `${PREFIX}${dossierId}`;
export const isFinalReviewId = (id: string) => id.startsWith(PREFIX);

const isProblem = (verdict: string) => verdict === 'deduct' || verdict === 'veto';

export function withFinalResults(reads: ReportReads, db: ReadableDB): ReportReads {
  const finals = finalResults(db);
  /** Final results by their report id, filled when a campaign's reviews are listed. */
  const byId = new Map<string, FinalResult>();
  const final = (id: string): FinalResult | undefined => {
    if (!isFinalReviewId(id)) return undefined;
    let r = byId.get(id);
    if (!r) {
      r = finals.ofDossier(id.slice(PREFIX.length)) ?? undefined;
      if (r) byId.set(id, r);
    }
    return r;
  };
  const names = (r: FinalResult) => `${r.reviews.map((x) => x.reviewer).join('、')}（${RESULT_SOURCE_LABELS[r.source]}）`;

  return {
    ...reads,
    finalReviews: (campaignId: string): ReviewFact[] => {
      const decided = finals.decidedOfCampaign(campaignId);
      return reads.finalReviews(campaignId).map((r) => {
        const f = decided.get(r.dossierId);
        if (!f) return r;
        const id = finalReviewId(r.dossierId);
        byId.set(id, f);
        return { ...r, reviewId: id, templateId: f.templateId, total: f.total, grade: f.grade, veto: f.veto, dimensionScores: f.dimensionScores };
      });
    },
    problemAnswers: (reviewIds: ReadonlySet<string>): AnswerFact[] => {
      const out = reads.problemAnswers(reviewIds);
      for (const id of reviewIds) {
        const f = final(id);
        if (!f) continue;
        for (const a of f.answers) if (isProblem(a.verdict)) out.push({ reviewId: id, itemCode: a.itemCode, verdict: a.verdict, deduction: a.deduction });
      }
      return out;
    },
    note: (reviewId: string, itemCode: string) => {
      const f = final(reviewId);
      return f ? f.answers.find((a) => a.itemCode === itemCode)?.note : reads.note(reviewId, itemCode);
    },
    reviewProblems: (reviewId: string): ProblemAnswer[] => {
      const f = final(reviewId);
      if (!f) return reads.reviewProblems(reviewId);
      return f.answers.filter((a) => isProblem(a.verdict)).map((a) => ({ itemCode: a.itemCode, verdict: a.verdict, deduction: a.deduction, note: a.note }));
    },
    problemCount: (reviewId: string) => {
      const f = final(reviewId);
      return f ? f.answers.filter((a) => isProblem(a.verdict)).length : reads.problemCount(reviewId);
    },
    summaryDossier: (reviewId: string) => {
      const f = final(reviewId);
      return f ? { ...reads.summaryDossier(f.baseReviewId), reviewer: names(f) } : reads.summaryDossier(reviewId);
    },
    workbookDossier: (reviewId: string) => {
      const f = final(reviewId);
      return f ? { ...reads.workbookDossier(f.baseReviewId), reviewer: names(f), status: RESULT_SOURCE_LABELS[f.source] } : reads.workbookDossier(reviewId);
    },
    workbookAnswers: (reviewId: string): WorkbookAnswer[] => {
      const f = final(reviewId);
      if (!f) return reads.workbookAnswers(reviewId);
      return [...f.answers]
        .sort((a, b) => (a.itemCode < b.itemCode ? -1 : a.itemCode > b.itemCode ? 1 : 0))
        .map((a) => [a.itemCode, a.verdict, a.deduction, a.occurrences, a.note, a.pageRefs]);
    },
  };
}
