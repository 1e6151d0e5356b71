import { describe, expect, it } from 'vitest';
import { aggregateCampaign, type AnswerFact, type ItemInfo, type ReviewFact } from '../../shared/domain/reports/aggregate';

const review = (id: string, unit: string, total: number, grade: string, veto = false, dims: Record<string, number> = {}): ReviewFact => ({
  reviewId: `r${id}`,
  dossierId: `d${id}`,
  caseNo: `案-${id}`,
  unitId: `u-${unit}`,
  unitName: unit,
  caseType: '行政处罚',
  templateId: 't',
  total,
  grade,
  veto,
  dimensionScores: dims,
});
const items = new Map<string, ItemInfo>([
  ['PG-PROC-01', { code: 'PG-PROC-01', title: '告知', dimension: 'PROC', maxPoints: 5, legalBasis: '《行政处罚法》第四十四条' }],
  ['PG-SUB-01', { code: 'PG-SUB-01', title: '主体', dimension: 'SUB', maxPoints: 10, legalBasis: '' }],
]);
const dimensions = [
  { code: 'SUB', name: '实体合法', maxPoints: 40 },
  { code: 'PROC', name: '程序合法', maxPoints: 60 },
];

// 甲: 95 优秀, 85 良好, 0 不合格 (veto) → mean 60, sum 180, pass 2/3
// 乙: 70 合格, 60 合格 → mean 65, sum 130, pass 2/2
// 丙: 65 合格 → mean 65, sum 65 → same mean as 乙, lower total → ranked after 乙
const reviews = [
  review('1', '甲局', 95, '优秀', false, { SUB: 40, PROC: 55 }),
  review('2', '甲局', 85, '良好', false, { SUB: 35, PROC: 50 }),
  review('3', '甲局', 0, '不合格', true, { SUB: 0, PROC: 0 }),
  review('4', '乙局', 70, '合格', false, { SUB: 30, PROC: 40 }),
  review('5', '乙局', 60, '合格', false, { SUB: 20, PROC: 40 }),
  review('6', '丙局', 65, '合格', false, { SUB: 25, PROC: 40 }),
];
const answers: AnswerFact[] = [
  { reviewId: 'r2', itemCode: 'PG-PROC-01', verdict: 'deduct', deduction: 2 },
  { reviewId: 'r4', itemCode: 'PG-PROC-01', verdict: 'deduct', deduction: 5 },
  { reviewId: 'r5', itemCode: 'PG-PROC-01', verdict: 'deduct', deduction: 3 },
  { reviewId: 'r6', itemCode: 'PG-PROC-01', verdict: 'deduct', deduction: 1 },
  { reviewId: 'r3', itemCode: 'PG-SUB-01', verdict: 'veto', deduction: 0 },
  { reviewId: 'r1', itemCode: 'PG-SUB-01', verdict: 'conform', deduction: 0 },
  // A superseded review's answer is ignored.
  { reviewId: 'rX', itemCode: 'PG-SUB-01', verdict: 'deduct', deduction: 9 },
];

const agg = aggregateCampaign({
  reviews,
  answers,
  findings: [
    { dossierId: 'd4', ruleId: 'R-NOTICE', law: '行政处罚法', article: 44, itemCode: 'PG-PROC-01', message: '告知晚于决定', severity: 'deduction' },
    { dossierId: 'd5', ruleId: 'R-NOTICE', law: '行政处罚法', article: 44, itemCode: 'PG-PROC-01', message: '未告知', severity: 'deduction' },
    { dossierId: 'd1', ruleId: 'R-SERVE', law: '行政处罚法', article: 61, itemCode: null, message: '送达超期', severity: 'deduction' },
    { dossierId: 'other', ruleId: 'R-SERVE', law: null, article: null, itemCode: null, message: '别的活动', severity: 'deduction' },
  ],
  items,
  dimensions,
  gradeOrder: ['优秀', '良好', '合格', '不合格'],
  failGrade: '不合格',
  examplesPerProblem: 2,
});

describe('campaign aggregation', () => {
  it('counts grades, pass rate and the histogram', () => {
    expect(agg.reviewed).toBe(6);
    expect(agg.unitCount).toBe(3);
    expect(agg.grades.map((g) => [g.grade, g.count])).toEqual([
      ['优秀', 1],
      ['良好', 1],
      ['合格', 3],
      ['不合格', 1],
    ]);
    expect(agg.passed).toBe(5);
    expect(agg.passRate).toBeCloseTo(5 / 6, 10);
    expect(agg.excellentRate).toBeCloseTo(1 / 6, 10);
    expect(agg.meanScore).toBe(62.5); // 375 / 6
    expect(agg.vetoCount).toBe(1);
    const bins = Object.fromEntries(agg.histogram.map((b) => [b.label, b.count]));
    expect(bins).toEqual({ '<60': 1, '60–65': 1, '65–70': 1, '70–75': 1, '75–80': 0, '80–85': 0, '85–90': 1, '90–95': 0, '95–100': 1 });
  });

  it('ranks units by mean, ties by total score', () => {
    expect(agg.units.map((u) => [u.unitName, u.rank, u.meanScore, u.sumScore])).toEqual([
      ['乙局', 1, 65, 130],
      ['丙局', 2, 65, 65],
      ['甲局', 3, 60, 180],
    ]);
    const jia = agg.units.find((u) => u.unitName === '甲局')!;
    expect(jia.passed).toBe(2);
    expect(jia.passRate).toBeCloseTo(2 / 3, 10);
    expect(jia.minScore).toBe(0);
    expect(jia.maxScore).toBe(95);
    expect(jia.vetoCount).toBe(1);
    // SUB mean (40+35+0)/3 = 25 of 40; PROC (55+50+0)/3 = 35 of 60.
    expect(jia.dimensions.map((d) => [d.code, d.meanScore, d.rate, d.problemCount])).toEqual([
      ['SUB', 25, 0.625, 1],
      ['PROC', 35, 0.5833, 1],
    ]);
  });

  it('ranks problems by item with examples from different units, largest deductions first', () => {
    const [first, second] = agg.problemsByItem;
    expect(first.itemCode).toBe('PG-PROC-01');
    expect(first.count).toBe(4);
    expect(first.totalDeduction).toBe(11);
    expect(first.legalBasis).toBe('《行政处罚法》第四十四条');
    // 乙局 5 (over its 3), then 甲局 2 — 丙局's 1 is weaker.
    expect(first.examples.map((e) => [e.unitName, e.caseNo, e.deduction])).toEqual([
      ['乙局', '案-4', 5],
      ['甲局', '案-2', 2],
    ]);
    expect(second).toMatchObject({ itemCode: 'PG-SUB-01', count: 1, vetoCount: 1 });
    expect(agg.problemsByUnit.get('u-乙局')!.map((p) => [p.itemCode, p.count, p.totalDeduction])).toEqual([['PG-PROC-01', 2, 8]]);
  });

  it('groups confirmed findings by rule and lists veto cases', () => {
    expect(agg.problemsByRule.map((r) => [r.ruleId, r.count, r.examples.length])).toEqual([
      ['R-NOTICE', 2, 1], // both in 乙局: one example per unit
      ['R-SERVE', 1, 1],
    ]);
    expect(agg.vetoCases).toEqual([
      { reviewId: 'r3', dossierId: 'd3', caseNo: '案-3', unitName: '甲局', caseType: '行政处罚', itemCodes: ['PG-SUB-01'], reasons: [] },
    ]);
  });

  it('handles a campaign with nothing reviewed', () => {
    const empty = aggregateCampaign({ reviews: [], answers: [], findings: [], items, dimensions, gradeOrder: ['优秀', '不合格'], failGrade: '不合格' });
    expect(empty.reviewed).toBe(0);
    expect(empty.passRate).toBe(0);
    expect(empty.units).toEqual([]);
    expect(empty.grades.every((g) => g.count === 0)).toBe(true);
  });
});
