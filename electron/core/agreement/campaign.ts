/**
 * 评查一致性 of one campaign: reads the counted reviews and the verdicts of the dossiers reviewed by
 * two or more reviewers, and hands them to the pure computation in shared/domain/agreement.
 * Used by the `agreement.campaign` API method, the CLI and the workbook's 评查一致性 sheet.
 */
import { agreementReads } from '../../../db/repositories/agreement';
import { campaignReads } from '../../../db/repositories/campaigns';
import { reportReads } from '../../../db/repositories/reports';
import { finalResults } from '../consensus/final';
import type { ReadableDB } from '../../../db/handles';
import type { AgreementReport, KappaFigure } from '../../../shared/api/namespaces/agreement';
import { KAPPA_UNDEFINED_TEXT, kappaStrength, type KappaResult } from '../../../shared/domain/agreement/kappa';
import { campaignAgreement, DEFAULT_RULING_AT_OR_BELOW, TENDENCY_LABELS, type AgreementAnswer } from '../../../shared/domain/agreement/report';

export const REFERENCE_TEXT: Record<AgreementReport['referenceKind'], string> = {
  agreed: '合议结果',
  mean_of_independent: '各评查人独立评分的平均分',
  mixed: '合议结果（尚无合议的案卷用各评查人独立评分的平均分）',
};

const figure = (k: KappaResult): KappaFigure => ({
  ...k,
  reasonText: k.undefinedReason ? KAPPA_UNDEFINED_TEXT[k.undefinedReason] : null,
  strength: kappaStrength(k.kappa),
});

export function agreementForCampaign(db: ReadableDB, campaignId: string, opts: { rulingAtOrBelow?: number } = {}): AgreementReport {
  campaignReads(db).mustExist(campaignId);
  const reads = agreementReads(db);
  const reviews = reads.countedReviews(campaignId);

  // Only reviews of a dossier someone else reviewed too carry answers worth reading.
  const reviewersOf = new Map<string, Set<string>>();
  for (const r of reviews) reviewersOf.set(r.dossierId, (reviewersOf.get(r.dossierId) ?? new Set()).add(r.reviewerId));
  const answers: AgreementAnswer[] = [];
  for (const r of reviews) {
    if (reviewersOf.get(r.dossierId)!.size < 2) continue;
    for (const [itemCode, verdict] of reads.verdicts(r.reviewId)) answers.push({ reviewId: r.reviewId, itemCode, verdict });
  }

  const items = new Map<string, { title: string; dimension: string }>();
  for (const t of reportReads(db).templates(new Set(reviews.map((r) => r.templateId))).values()) {
    const dims = new Map(t.dimensions.map((d) => [d.code, d.name]));
    for (const it of t.items) if (!items.has(it.code)) items.set(it.code, { title: it.title, dimension: dims.get(it.dimension) ?? it.dimension });
  }

  // The reference each reviewer's total is compared with: the final result (合议, then 复核 and
  // 异议 rulings over it) where the office decided any item of the dossier; elsewhere the mean of the
  // independent totals — the undecided final result is just one reviewer's sheet, which would make
  // that reviewer the yardstick.
  const reference = new Map<string, number>();
  for (const [dossierId, result] of finalResults(db).decidedOfCampaign(campaignId)) reference.set(dossierId, result.total);
  const report = campaignAgreement({
    reference,
    reviews,
    answers,
    reviewerNames: new Map(reviews.map((r) => [r.reviewerId, r.reviewerName])),
    items,
    rulingAtOrBelow: opts.rulingAtOrBelow,
  });

  return {
    campaignId,
    reviewsCounted: report.reviewsCounted,
    sharedDossiers: report.sharedDossiers,
    referenceKind: report.referenceKind,
    referenceText: REFERENCE_TEXT[report.referenceKind],
    rulingAtOrBelow: opts.rulingAtOrBelow ?? DEFAULT_RULING_AT_OR_BELOW,
    overall: figure(report.overall),
    items: report.items.map((i) => ({ ...i, figure: figure(i.figure), dossiers: i.figure.subjects })),
    pairs: report.pairs.map((p) => ({ ...p, figure: figure(p.figure) })),
    reviewers: report.reviewers.map((r) => ({ ...r, tendencyText: TENDENCY_LABELS[r.tendency] })),
  };
}
