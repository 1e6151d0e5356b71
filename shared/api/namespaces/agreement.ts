import { z } from 'zod';
import { query } from '../define';
import { Id } from './common';

export const KappaFigure = z.object({
  method: z.enum(['cohen', 'fleiss']),
  /** null when undefined: `undefinedReason` says why, `reasonText` in words. */
  kappa: z.number().nullable(),
  observed: z.number().nullable(),
  expected: z.number().nullable(),
  /** Dossiers (per item) or dossier-item answers (per pair, overall) the figure rests on. */
  subjects: z.number().int(),
  categories: z.array(z.string()),
  undefinedReason: z.enum(['no_overlap', 'one_category']).nullable(),
  reasonText: z.string().nullable(),
  /** Landis & Koch strength in words (轻微、一般、中等…), '—' when undefined. */
  strength: z.string(),
});
export type KappaFigure = z.infer<typeof KappaFigure>;

export const ItemAgreement = z.object({
  itemCode: z.string(),
  title: z.string(),
  dimension: z.string(),
  figure: KappaFigure,
  /** Dossiers behind the figure (each reviewed independently by two or more reviewers). */
  dossiers: z.number().int(),
  disagreements: z.number().int(),
  needsRuling: z.boolean(),
});
export type ItemAgreement = z.infer<typeof ItemAgreement>;

export const PairAgreement = z.object({
  reviewerA: Id,
  reviewerB: Id,
  nameA: z.string(),
  nameB: z.string(),
  dossiers: z.number().int(),
  figure: KappaFigure,
});
export type PairAgreement = z.infer<typeof PairAgreement>;

export const ReviewerAgreement = z.object({
  reviewerId: Id,
  name: z.string(),
  reviews: z.number().int(),
  sharedDossiers: z.number().int(),
  /** Mean of (own total − reference total) over shared dossiers; negative = harsher. */
  meanDifference: z.number().nullable(),
  sdDifference: z.number().nullable(),
  tendency: z.enum(['harsher', 'lenient', 'even', 'too_few', 'no_overlap']),
  tendencyText: z.string(),
});
export type ReviewerAgreement = z.infer<typeof ReviewerAgreement>;

export const AgreementReport = z.object({
  campaignId: Id,
  reviewsCounted: z.number().int(),
  sharedDossiers: z.number().int(),
  /** What the score differences are measured against, and in words. */
  referenceKind: z.enum(['agreed', 'mean_of_independent', 'mixed']),
  referenceText: z.string(),
  rulingAtOrBelow: z.number(),
  overall: KappaFigure,
  items: z.array(ItemAgreement),
  pairs: z.array(PairAgreement),
  reviewers: z.array(ReviewerAgreement),
});
export type AgreementReport = z.infer<typeof AgreementReport>;

export const agreement = {
  campaign: query(
    '评查一致性：各评查项、各评查人组合的 kappa 系数（Cohen / Fleiss）及各评查人与参照结果的平均分差',
    z.object({
      campaignId: Id,
      /** Items with kappa at or below this are flagged for a 统一尺度 ruling (default 0.4). */
      rulingAtOrBelow: z.number().min(-1, '阈值不能小于 -1').max(1, '阈值不能大于 1').optional(),
    }),
    AgreementReport,
  ),
};
