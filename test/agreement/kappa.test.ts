/**
 * Kappa against values computed by hand on small tables (the arithmetic is in the comments), the
 * degenerate cases, and the campaign report's grouping (items, pairs, reviewers against the reference).
 */
import { describe, expect, it } from 'vitest';
import { cohenKappa, fleissKappa, kappaStrength } from '../../shared/domain/agreement/kappa';
import { campaignAgreement, kappaForSubjects, tendencyOf, type AgreementAnswer, type AgreementReview } from '../../shared/domain/agreement/report';

const rep = <T>(x: T, n: number): T[] => Array.from({ length: n }, () => x);

describe("Cohen's kappa", () => {
  it('matches a hand-computed 2×2 table', () => {
    // 10 dossiers: both 符合 5, both 扣分 2, A 符合/B 扣分 2, A 扣分/B 符合 1.
    // p_o = 7/10; A: 符合 7, 扣分 3; B: 符合 6, 扣分 4; p_e = .7·.6 + .3·.4 = .54; κ = .16/.46.
    const k = cohenKappa([...rep(['conform', 'conform'] as const, 5), ...rep(['deduct', 'deduct'] as const, 2), ...rep(['conform', 'deduct'] as const, 2), ['deduct', 'conform']]);
    expect(k.method).toBe('cohen');
    expect(k.observed).toBeCloseTo(0.7, 12);
    expect(k.expected).toBeCloseTo(0.54, 12);
    expect(k.kappa).toBeCloseTo(0.16 / 0.46, 12);
    expect(k.subjects).toBe(10);
    expect(k.categories).toEqual(['conform', 'deduct']);
    expect(k.undefinedReason).toBeNull();
  });

  it('is -1 for systematic disagreement and 0 when each rater sticks to a different category', () => {
    // p_o = 0, p_e = .5·.5 + .5·.5 = .5 → κ = -1.
    expect(cohenKappa([['conform', 'deduct'], ['deduct', 'conform']]).kappa).toBeCloseTo(-1, 12);
    // A always 符合, B always 扣分: p_o = 0, p_e = 1·0 + 0·1 = 0 → κ = 0 (defined: two categories occur).
    const k = cohenKappa(rep(['conform', 'deduct'] as const, 4));
    expect(k.kappa).toBe(0);
    expect(k.expected).toBe(0);
  });

  it('is undefined, with its reason, when every answer is in one category (chance agreement = 1)', () => {
    const k = cohenKappa(rep(['conform', 'conform'] as const, 6));
    expect(k.kappa).toBeNull();
    expect(k.expected).toBe(1);
    expect(k.observed).toBe(1);
    expect(k.undefinedReason).toBe('one_category');
    expect(k.subjects).toBe(6);
    expect(kappaStrength(k.kappa)).toBe('—');
  });

  it('is undefined with no overlap at all', () => {
    const k = cohenKappa([]);
    expect(k).toMatchObject({ kappa: null, observed: null, expected: null, subjects: 0, undefinedReason: 'no_overlap' });
  });
});

describe("Fleiss' kappa", () => {
  it('matches a hand-computed table with three raters', () => {
    // s1 C C C → P=1; s2 C C D → P=(2·1)/(3·2)=1/3; s3 D D D → P=1; P̄ = 7/9.
    // C 5, D 4 of 9 → P_e = 25/81 + 16/81 = 41/81; κ = (63/81 − 41/81)/(40/81) = 22/40.
    const k = fleissKappa([
      ['conform', 'conform', 'conform'],
      ['conform', 'conform', 'deduct'],
      ['deduct', 'deduct', 'deduct'],
    ]);
    expect(k.method).toBe('fleiss');
    expect(k.observed).toBeCloseTo(7 / 9, 12);
    expect(k.expected).toBeCloseTo(41 / 81, 12);
    expect(k.kappa).toBeCloseTo(0.55, 12);
    expect(k.subjects).toBe(3);
  });

  it('reproduces Fleiss (1971) as printed in the textbooks: 10 subjects, 14 raters, 5 categories → 0.210', () => {
    const table = [
      [0, 0, 0, 0, 14],
      [0, 2, 6, 4, 2],
      [0, 0, 3, 5, 6],
      [0, 3, 9, 2, 0],
      [2, 2, 8, 1, 1],
      [7, 7, 0, 0, 0],
      [3, 2, 6, 3, 0],
      [2, 5, 3, 2, 2],
      [6, 5, 2, 1, 0],
      [0, 2, 2, 3, 7],
    ];
    const subjects = table.map((row) => row.flatMap((n, k) => rep(`c${k}`, n)));
    const k = fleissKappa(subjects);
    expect(k.observed).toBeCloseTo(0.378, 3);
    expect(k.expected).toBeCloseTo(0.213, 3);
    expect(k.kappa).toBeCloseTo(0.21, 3);
  });

  it('takes a varying number of raters per subject and skips subjects rated once', () => {
    // s1 C C → P=1; s2 C D D → P=2/6; s3 (one rating) skipped. P̄ = 2/3.
    // C 3, D 2 of 5 → P_e = 9/25 + 4/25 = 13/25; κ = (2/3 − 13/25)/(12/25) = 11/36.
    const k = fleissKappa([['conform', 'conform'], ['conform', 'deduct', 'deduct'], ['veto']]);
    expect(k.subjects).toBe(2);
    expect(k.categories).toEqual(['conform', 'deduct']);
    expect(k.kappa).toBeCloseTo(11 / 36, 12);
  });

  it('is undefined for one category only and for subjects never rated twice', () => {
    const one = fleissKappa([['na', 'na'], ['na', 'na', 'na']]);
    expect(one).toMatchObject({ kappa: null, observed: 1, expected: 1, subjects: 2, undefinedReason: 'one_category' });
    const none = fleissKappa([['conform'], ['deduct']]);
    expect(none).toMatchObject({ kappa: null, subjects: 0, undefinedReason: 'no_overlap' });
  });
});

describe('choosing the method', () => {
  it("uses Cohen's when the same two reviewers rated every subject, Fleiss' otherwise", () => {
    const r = (reviewerId: string, verdict: string) => ({ reviewerId, verdict });
    const same = kappaForSubjects([
      [r('a', 'conform'), r('b', 'conform')],
      [r('b', 'deduct'), r('a', 'conform')], // order of the two does not matter: a=符合, b=扣分
      [r('a', 'deduct'), r('b', 'deduct')],
    ]);
    // pairs (a,b): (C,C), (C,D), (D,D): p_o = 2/3; a: C 2/3, D 1/3; b: C 1/3, D 2/3; p_e = 2/9 + 2/9 = 4/9;
    // κ = (6/9 − 4/9)/(5/9) = 0.4
    expect(same.method).toBe('cohen');
    expect(same.kappa).toBeCloseTo(0.4, 12);
    const mixed = kappaForSubjects([
      [r('a', 'conform'), r('b', 'conform')],
      [r('a', 'conform'), r('c', 'deduct')],
    ]);
    expect(mixed.method).toBe('fleiss');
  });
});

describe('campaign report', () => {
  // Reviewers 甲 乙 丙 丁. Dossiers d1–d3 reviewed by 甲 and 乙; d4 by 甲, 乙 and 丙; d5 by 丁 alone.
  const reviews: AgreementReview[] = [
    { reviewId: 'r1a', dossierId: 'd1', reviewerId: 'A', total: 90 },
    { reviewId: 'r1b', dossierId: 'd1', reviewerId: 'B', total: 96 },
    { reviewId: 'r2a', dossierId: 'd2', reviewerId: 'A', total: 80 },
    { reviewId: 'r2b', dossierId: 'd2', reviewerId: 'B', total: 84 },
    { reviewId: 'r3a', dossierId: 'd3', reviewerId: 'A', total: 70 },
    { reviewId: 'r3b', dossierId: 'd3', reviewerId: 'B', total: 78 },
    { reviewId: 'r4a', dossierId: 'd4', reviewerId: 'A', total: 60 },
    { reviewId: 'r4b', dossierId: 'd4', reviewerId: 'B', total: 66 },
    { reviewId: 'r4c', dossierId: 'd4', reviewerId: 'C', total: 66 },
    { reviewId: 'r5d', dossierId: 'd5', reviewerId: 'D', total: 100 },
  ];
  const v = (reviewId: string, itemCode: string, verdict: string): AgreementAnswer => ({ reviewId, itemCode, verdict });
  const answers: AgreementAnswer[] = [
    // X1: everyone 符合 everywhere → undefined (one category)
    ...reviews.map((r) => v(r.reviewId, 'X1', 'conform')),
    // X2: 甲 and 乙 agree on d1, d2, disagree on d3; d4: 甲 扣分, 乙 扣分, 丙 符合
    v('r1a', 'X2', 'deduct'), v('r1b', 'X2', 'deduct'),
    v('r2a', 'X2', 'conform'), v('r2b', 'X2', 'conform'),
    v('r3a', 'X2', 'deduct'), v('r3b', 'X2', 'conform'),
    v('r4a', 'X2', 'deduct'), v('r4b', 'X2', 'deduct'), v('r4c', 'X2', 'conform'),
    // X3: systematic disagreement between 甲 and 乙 on d1, d2 only
    v('r1a', 'X3', 'deduct'), v('r1b', 'X3', 'conform'),
    v('r2a', 'X3', 'conform'), v('r2b', 'X3', 'deduct'),
    v('r5d', 'X3', 'deduct'),
  ];
  const report = campaignAgreement({
    reviews,
    answers,
    reviewerNames: new Map([['A', '甲'], ['B', '乙'], ['C', '丙'], ['D', '丁']]),
    items: new Map([['X2', { title: '送达', dimension: '程序' }]]),
  });

  it('lists items lowest agreement first, the undefined one last, with the dossiers behind each', () => {
    expect(report.items.map((i) => i.itemCode)).toEqual(['X3', 'X2', 'X1']);
    const [x3, x2, x1] = report.items;
    // X3: same pair (甲,乙) on both dossiers → Cohen: (D,C),(C,D): κ = -1
    expect(x3.figure.method).toBe('cohen');
    expect(x3.figure.kappa).toBeCloseTo(-1, 12);
    expect(x3.figure.subjects).toBe(2);
    expect(x3.disagreements).toBe(2);
    expect(x3.needsRuling).toBe(true);
    // X2: d4 has three raters → Fleiss over d1..d4:
    // P: d1 1, d2 1, d3 0, d4 (2·1)/(3·2) = 1/3 → P̄ = 7/12; D 5, C 4 of 9 → P_e = 41/81;
    // κ = (7/12 − 41/81)/(40/81) = (189 − 164)/324 · 81/40 = 25/160 = 0.15625
    expect(x2.figure.method).toBe('fleiss');
    expect(x2.figure.kappa).toBeCloseTo(0.15625, 12);
    expect(x2.figure.subjects).toBe(4);
    expect(x2.disagreements).toBe(2);
    expect(x2.title).toBe('送达');
    // X1: d5 (one reviewer) is not counted; the four shared dossiers all 符合.
    expect(x1.figure).toMatchObject({ kappa: null, undefinedReason: 'one_category', subjects: 4 });
    expect(x1.needsRuling).toBe(false);
    expect(report.sharedDossiers).toBe(4);
    expect(report.reviewsCounted).toBe(10);
  });

  it("gives each reviewer pair Cohen's kappa over the items both answered on their shared dossiers", () => {
    const ab = report.pairs.find((p) => p.nameA === '甲' && p.nameB === '乙')!;
    expect(ab.dossiers).toBe(4);
    // (甲,乙) answers: X1 ×4 (C,C); X2 (D,D),(C,C),(D,C),(D,D); X3 (D,C),(C,D) → 10 pairs, 4 + 3 = 7 agree.
    // 甲: C 4+1+1 = 6, D 4; 乙: C 4+2+1 = 7, D 3; p_e = .6·.7 + .4·.3 = .54; κ = (.7 − .54)/.46
    expect(ab.figure.subjects).toBe(10);
    expect(ab.figure.observed).toBeCloseTo(0.7, 12);
    expect(ab.figure.kappa).toBeCloseTo(0.16 / 0.46, 12);
    const ac = report.pairs.find((p) => p.nameA === '甲' && p.nameB === '丙')!;
    expect(ac.dossiers).toBe(1);
    // (C,C) and (D,C): p_o = .5; 甲 C .5 D .5; 丙 C 1 → p_e = .5 → κ = 0
    expect(ac.figure.kappa).toBeCloseTo(0, 12);
    expect(report.pairs.some((p) => p.nameA === '丁' || p.nameB === '丁')).toBe(false);
  });

  it('measures each reviewer against the mean of the independent totals, and says who has no overlap', () => {
    const byName = new Map(report.reviewers.map((r) => [r.name, r]));
    // 甲: d1 90−93 = −3, d2 80−82 = −2, d3 70−74 = −4, d4 60−64 = −4 → mean −3.25, sd √(0.9167)
    const a = byName.get('甲')!;
    expect(a.sharedDossiers).toBe(4);
    expect(a.meanDifference).toBeCloseTo(-3.25, 12);
    expect(a.sdDifference).toBeCloseTo(Math.sqrt((0.0625 + 1.5625 + 0.5625 + 0.5625) / 3), 12);
    expect(a.tendency).toBe('harsher');
    expect(byName.get('乙')!.meanDifference).toBeCloseTo((3 + 2 + 4 + 2) / 4, 12);
    expect(byName.get('乙')!.tendency).toBe('lenient');
    expect(byName.get('丙')!).toMatchObject({ sharedDossiers: 1, tendency: 'too_few' });
    expect(byName.get('丁')!).toMatchObject({ reviews: 1, sharedDossiers: 0, meanDifference: null, tendency: 'no_overlap' });
    expect(report.referenceKind).toBe('mean_of_independent');
    // harshest first
    expect(report.reviewers[0].name).toBe('甲');
  });

  it('uses the agreed result where one is given', () => {
    const withAgreed = campaignAgreement({ reviews, answers, reviewerNames: new Map(), items: new Map(), reference: new Map([['d1', 90]]) });
    expect(withAgreed.referenceKind).toBe('mixed');
    const a = withAgreed.reviewers.find((r) => r.reviewerId === 'A')!;
    // d1 against 90 → 0; others as before −2, −4, −4
    expect(a.meanDifference).toBeCloseTo(-2.5, 12);
  });

  it('labels a tendency only when the mean stands more than two standard errors from zero', () => {
    expect(tendencyOf(-1, 4, 4)).toBe('even'); // SE 2, |mean| 1 ≤ 4
    expect(tendencyOf(-5, 4, 4)).toBe('harsher');
    expect(tendencyOf(3, 0, 3)).toBe('lenient');
    expect(tendencyOf(0, 0, 3)).toBe('even');
    expect(tendencyOf(2, null, 1)).toBe('too_few');
  });
});
