/**
 * Agreement between reviewers over one campaign: per checklist item (which items do reviewers read
 * differently — those need a 统一尺度 ruling), per reviewer pair, and each reviewer's mean score
 * difference against the reference result of the dossiers they shared (who is harsher, who is more
 * lenient). Only dossiers reviewed independently by two or more reviewers say anything here.
 */
import { cohenKappa, fleissKappa, type KappaResult } from './kappa';

export interface AgreementReview {
  reviewId: string;
  dossierId: string;
  reviewerId: string;
  total: number;
}

export interface AgreementAnswer {
  reviewId: string;
  itemCode: string;
  /** The category compared: the item's verdict (conform / deduct / na / veto). */
  verdict: string;
}

export interface AgreementInput {
  reviews: readonly AgreementReview[];
  answers: readonly AgreementAnswer[];
  reviewerNames: ReadonlyMap<string, string>;
  items: ReadonlyMap<string, { title: string; dimension: string }>;
  /**
   * The result each reviewer is measured against, by dossier id. Where a dossier has none, the mean
   * of its independent totals stands in (see `referenceKind`).
   */
  reference?: ReadonlyMap<string, number>;
  /** Items whose kappa is at or below this need a 统一尺度 ruling (default DEFAULT_RULING_AT_OR_BELOW). */
  rulingAtOrBelow?: number;
}

export interface ItemAgreement {
  itemCode: string;
  title: string;
  dimension: string;
  figure: KappaResult;
  /** Dossiers behind the figure on which the reviewers' verdicts were not all the same. */
  disagreements: number;
  needsRuling: boolean;
}

export interface PairAgreement {
  reviewerA: string;
  reviewerB: string;
  nameA: string;
  nameB: string;
  /** Dossiers both reviewed (the figure compares their answers to every item they both answered there). */
  dossiers: number;
  figure: KappaResult;
}

export type ReviewerTendency = 'harsher' | 'lenient' | 'even' | 'too_few' | 'no_overlap';

export interface ReviewerAgreement {
  reviewerId: string;
  name: string;
  /** Counted (submitted or locked) reviews. */
  reviews: number;
  /** Of those, dossiers someone else reviewed too: the mean difference rests on these. */
  sharedDossiers: number;
  /** Mean of (own total − reference total); negative = harsher. null without shared dossiers. */
  meanDifference: number | null;
  /** Sample standard deviation of those differences; null below two. */
  sdDifference: number | null;
  tendency: ReviewerTendency;
}

export interface AgreementReport {
  reviewsCounted: number;
  /** Dossiers with at least two counted reviews. */
  sharedDossiers: number;
  referenceKind: 'agreed' | 'mean_of_independent' | 'mixed';
  overall: KappaResult;
  items: ItemAgreement[];
  pairs: PairAgreement[];
  reviewers: ReviewerAgreement[];
}

/**
 * Kappa 0.40 and below is "fair" or worse on the Landis & Koch scale (一般/轻微/差于偶然): reviewers
 * read such an item differently often enough that the office should rule on how to apply it.
 */
export const DEFAULT_RULING_AT_OR_BELOW = 0.4;

export const TENDENCY_LABELS: Record<ReviewerTendency, string> = {
  harsher: '偏严',
  lenient: '偏宽',
  even: '无明显偏差',
  too_few: '共同案卷太少，无法判断',
  no_overlap: '无与他人共同评查的案卷',
};

interface Rating {
  reviewerId: string;
  verdict: string;
}

/**
 * One kappa over subjects each rated by several reviewers: Cohen's when every subject was rated by
 * exactly the same two reviewers (the method assumes fixed raters), Fleiss' otherwise.
 */
export function kappaForSubjects(subjects: readonly (readonly Rating[])[]): KappaResult {
  const rated = subjects.filter((s) => s.length >= 2);
  const first = rated[0];
  const samePair =
    first !== undefined &&
    first.length === 2 &&
    rated.every((s) => s.length === 2 && s.some((r) => r.reviewerId === first[0].reviewerId) && s.some((r) => r.reviewerId === first[1].reviewerId));
  if (samePair) {
    const a = first[0].reviewerId;
    return cohenKappa(rated.map((s) => (s[0].reviewerId === a ? [s[0].verdict, s[1].verdict] : [s[1].verdict, s[0].verdict]) as [string, string]));
  }
  return fleissKappa(rated.map((s) => s.map((r) => r.verdict)));
}

function byKappaAscending(x: ItemAgreement, y: ItemAgreement): number {
  // Defined figures first, lowest first; undefined ones (everyone agreed on one category) last.
  const kx = x.figure.kappa;
  const ky = y.figure.kappa;
  if (kx === null || ky === null) return kx === null && ky === null ? y.figure.subjects - x.figure.subjects || x.itemCode.localeCompare(y.itemCode) : kx === null ? 1 : -1;
  return kx - ky || y.figure.subjects - x.figure.subjects || x.itemCode.localeCompare(y.itemCode);
}

export function campaignAgreement(input: AgreementInput): AgreementReport {
  const reviewById = new Map(input.reviews.map((r) => [r.reviewId, r]));
  // dossier → its reviews (one per reviewer: a second review by the same person is not independent)
  const dossierReviews = new Map<string, AgreementReview[]>();
  for (const r of input.reviews) {
    const list = dossierReviews.get(r.dossierId) ?? [];
    if (!list.some((x) => x.reviewerId === r.reviewerId)) list.push(r);
    dossierReviews.set(r.dossierId, list);
  }
  const independent = new Set<string>();
  for (const list of dossierReviews.values()) if (list.length >= 2) for (const r of list) independent.add(r.reviewId);

  // item → dossier → ratings, over shared dossiers only
  const byItem = new Map<string, Map<string, Rating[]>>();
  // reviewId → item → verdict, for the pair figures
  const verdicts = new Map<string, Map<string, string>>();
  for (const a of input.answers) {
    if (!independent.has(a.reviewId)) continue;
    const review = reviewById.get(a.reviewId)!;
    let perDossier = byItem.get(a.itemCode);
    if (!perDossier) byItem.set(a.itemCode, (perDossier = new Map()));
    const ratings = perDossier.get(review.dossierId) ?? [];
    ratings.push({ reviewerId: review.reviewerId, verdict: a.verdict });
    perDossier.set(review.dossierId, ratings);
    let v = verdicts.get(a.reviewId);
    if (!v) verdicts.set(a.reviewId, (v = new Map()));
    v.set(a.itemCode, a.verdict);
  }

  const items: ItemAgreement[] = [];
  const allSubjects: Rating[][] = [];
  for (const [itemCode, perDossier] of byItem) {
    const subjects = [...perDossier.values()].filter((s) => s.length >= 2);
    if (subjects.length === 0) continue;
    allSubjects.push(...subjects);
    const figure = kappaForSubjects(subjects);
    const meta = input.items.get(itemCode);
    items.push({
      itemCode,
      title: meta?.title ?? itemCode,
      dimension: meta?.dimension ?? '',
      figure,
      disagreements: subjects.filter((s) => s.some((r) => r.verdict !== s[0].verdict)).length,
      needsRuling: figure.kappa !== null && figure.kappa <= (input.rulingAtOrBelow ?? DEFAULT_RULING_AT_OR_BELOW),
    });
  }
  items.sort(byKappaAscending);

  // Pairs: every two reviewers of a shared dossier, over the items both answered there.
  const pairData = new Map<string, { a: string; b: string; dossiers: Set<string>; pairs: [string, string][] }>();
  for (const [dossierId, list] of dossierReviews) {
    if (list.length < 2) continue;
    const sorted = [...list].sort((x, y) => x.reviewerId.localeCompare(y.reviewerId));
    for (let i = 0; i < sorted.length; i++) {
      for (let j = i + 1; j < sorted.length; j++) {
        const [ra, rb] = [sorted[i], sorted[j]];
        const key = `${ra.reviewerId}\u0000${rb.reviewerId}`;
        let p = pairData.get(key);
        if (!p) pairData.set(key, (p = { a: ra.reviewerId, b: rb.reviewerId, dossiers: new Set(), pairs: [] }));
        p.dossiers.add(dossierId);
        const va = verdicts.get(ra.reviewId);
        const vb = verdicts.get(rb.reviewId);
        if (!va || !vb) continue;
        for (const [code, v] of va) {
          const w = vb.get(code);
          if (w !== undefined) p.pairs.push([v, w]);
        }
      }
    }
  }
  const name = (id: string) => input.reviewerNames.get(id) ?? id;
  const pairs: PairAgreement[] = [...pairData.values()]
    .map((p) => ({ reviewerA: p.a, reviewerB: p.b, nameA: name(p.a), nameB: name(p.b), dossiers: p.dossiers.size, figure: cohenKappa(p.pairs) }))
    .sort((x, y) => (x.figure.kappa ?? Infinity) - (y.figure.kappa ?? Infinity) || y.dossiers - x.dossiers || x.nameA.localeCompare(y.nameA, 'zh'));

  // Score differences against the reference result of each shared dossier.
  let agreedUsed = 0;
  let meanUsed = 0;
  const differences = new Map<string, number[]>();
  const reviewCount = new Map<string, number>();
  for (const r of input.reviews) reviewCount.set(r.reviewerId, (reviewCount.get(r.reviewerId) ?? 0) + 1);
  for (const [dossierId, list] of dossierReviews) {
    if (list.length < 2) continue;
    let reference = input.reference?.get(dossierId);
    if (reference === undefined) {
      reference = list.reduce((s, r) => s + r.total, 0) / list.length;
      meanUsed++;
    } else agreedUsed++;
    for (const r of list) {
      const d = differences.get(r.reviewerId) ?? [];
      d.push(r.total - reference);
      differences.set(r.reviewerId, d);
    }
  }
  const reviewers: ReviewerAgreement[] = [...reviewCount.entries()]
    .map(([reviewerId, reviews]) => {
      const d = differences.get(reviewerId) ?? [];
      const n = d.length;
      const mean = n ? d.reduce((s, x) => s + x, 0) / n : null;
      const sd = n >= 2 && mean !== null ? Math.sqrt(d.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1)) : null;
      return { reviewerId, name: name(reviewerId), reviews, sharedDossiers: n, meanDifference: mean, sdDifference: sd, tendency: tendencyOf(mean, sd, n) };
    })
    .sort((x, y) => (x.meanDifference ?? Infinity) - (y.meanDifference ?? Infinity) || x.name.localeCompare(y.name, 'zh'));

  return {
    reviewsCounted: input.reviews.length,
    sharedDossiers: [...dossierReviews.values()].filter((l) => l.length >= 2).length,
    referenceKind: agreedUsed > 0 && meanUsed > 0 ? 'mixed' : agreedUsed > 0 ? 'agreed' : 'mean_of_independent',
    overall: kappaForSubjects(allSubjects),
    items,
    pairs,
    reviewers,
  };
}

/**
 * Harsher / more lenient only when the mean difference stands clear of its own noise: more than two
 * standard errors from zero (about 95 % confidence), so one odd dossier does not label a reviewer.
 */
export function tendencyOf(mean: number | null, sd: number | null, n: number): ReviewerTendency {
  if (mean === null || n === 0) return 'no_overlap';
  if (n < 2 || sd === null) return 'too_few';
  const standardError = sd / Math.sqrt(n);
  if (Math.abs(mean) <= 2 * standardError || Math.abs(mean) < 1e-9) return 'even';
  return mean < 0 ? 'harsher' : 'lenient';
}
