import { describe, expect, it } from 'vitest';
import { builtinTemplate } from '../../shared/domain/templates';
import {
  applicableItems,
  fromTenths,
  gradeForTotal,
  scoreReview,
  toTenths,
  validateAnswers,
} from '../../shared/domain/scoring';
import { ALL_CODES, answers, fixture } from './fixture';

const dim = (r: ReturnType<typeof scoreReview>, code: string) => r.dimensions.find((d) => d.code === code)!;
const item = (r: ReturnType<typeof scoreReview>, code: string) => r.items.find((i) => i.code === code)!;

describe('exact arithmetic', () => {
  it('adds tenths without float drift', () => {
    expect(0.1 + 0.2).not.toBe(0.3); // the problem being avoided
    expect(fromTenths(toTenths(0.1)! + toTenths(0.2)!)).toBe(0.3);
    expect(toTenths(0.05)).toBeNull();
  });

  it('half points sum exactly: 0.5 × 7 = 3.5', () => {
    const r = scoreReview(fixture(), answers({ 'TT-PROC-02': { verdict: 'deduct', occurrences: 7, note: '七处' } }));
    expect(r.errors).toEqual([]);
    expect(item(r, 'TT-PROC-02').deducted).toBe(3.5);
    expect(item(r, 'TT-PROC-02').score).toBe(1.5);
    expect(dim(r, 'PROC').score).toBe(36.5);
    expect(r.total).toBe(96.5);
  });

  it('many 0.1-style deductions across items stay exact', () => {
    const t = fixture();
    const r = scoreReview(
      t,
      answers({
        'TT-PROC-01': { verdict: 'deduct', deduction: 1.5, note: 'x' },
        'TT-PROC-02': { verdict: 'deduct', occurrences: 3, note: 'x' },
        'TT-SUB-02': { verdict: 'deduct', occurrences: 1, note: 'x' },
      }),
    );
    // 100 − 1.5 − 1.5 − 1 = 96
    expect(r.total).toBe(96);
    expect(r.dimensions.map((d) => d.deducted)).toEqual([1, 3, 0]);
  });
});

describe('caps and floors', () => {
  it('per-occurrence deduction stops at the cap', () => {
    const r = scoreReview(fixture(), answers({ 'TT-SUB-02': { verdict: 'deduct', occurrences: 8, note: '八处' } }));
    const it2 = item(r, 'TT-SUB-02');
    expect(it2.requested).toBe(5);
    expect(it2.deducted).toBe(5);
    expect(it2.score).toBe(5);
    expect(it2.capped).toBe(true);
    expect(r.total).toBe(95);
  });

  it('below the cap nothing is marked capped', () => {
    const r = scoreReview(fixture(), answers({ 'TT-SUB-02': { verdict: 'deduct', occurrences: 4, note: 'x' } }));
    expect(item(r, 'TT-SUB-02').capped).toBe(false);
    expect(r.total).toBe(96);
  });

  it('deducting everything gives 0, never a negative item, dimension or total', () => {
    const r = scoreReview(
      fixture(),
      answers({
        'TT-SUB-02': { verdict: 'deduct', occurrences: 100, note: 'x' },
        'TT-SUB-03': { verdict: 'deduct', note: 'x' },
        'TT-PROC-01': { verdict: 'deduct', deduction: 5, note: 'x' },
        'TT-PROC-02': { verdict: 'deduct', occurrences: 99, note: 'x' },
        'TT-PROC-03': { verdict: 'deduct', note: 'x' },
        'TT-DOC-01': { verdict: 'deduct', occurrences: 50, note: 'x' },
        'TT-DOC-02': { verdict: 'deduct', note: 'x' },
      }),
    );
    expect(r.errors).toEqual([]);
    for (const i of r.items) expect(i.score).toBeGreaterThanOrEqual(0);
    for (const d of r.dimensions) expect(d.score).toBeGreaterThanOrEqual(0);
    // SUB-02 keeps 5 (cap 5 of 10); everything else is 0.
    expect(r.total).toBe(5);
    expect(r.grade).toBe('不合格');
  });

  it('fixed items deduct the whole item', () => {
    const r = scoreReview(fixture(), answers({ 'TT-SUB-03': { verdict: 'deduct', note: 'x' } }));
    expect(item(r, 'TT-SUB-03').deducted).toBe(30);
    expect(r.total).toBe(70);
  });
});

describe('not-applicable items', () => {
  const naAnswers = answers({
    'TT-SUB-03': { verdict: 'na' },
    'TT-PROC-03': { verdict: 'deduct', note: '未送达' },
  });

  it('full_marks: N/A items count as earned', () => {
    const r = scoreReview(fixture({ naPolicy: 'full_marks' }), naAnswers);
    expect(r.total).toBe(70);
    expect(dim(r, 'SUB').score).toBe(40);
    expect(dim(r, 'SUB').applicableMax).toBe(10);
    expect(r.applicableMax).toBe(70);
    expect(r.complete).toBe(true);
  });

  it('reweight: earned ÷ applicable max × 100, rounded half up to 0.1', () => {
    // earned 40 of applicable 70 → 57.142… → 57.1
    const r = scoreReview(fixture({ naPolicy: 'reweight' }), naAnswers);
    expect(r.total).toBe(57.1);
    expect(r.grade).toBe('不合格');
    expect(dim(r, 'SUB').score).toBe(10);
  });

  it('reweight rounding variants on an exact half: 99.375', () => {
    // DOC (20) not applicable, 0.5 deducted → 79.5 / 80 × 100 = 99.375
    const a = answers({
      'TT-DOC-01': { verdict: 'na' },
      'TT-DOC-02': { verdict: 'na' },
      'TT-PROC-02': { verdict: 'deduct', occurrences: 1, note: 'x' },
    });
    const total = (step: 0.1 | 0.5, mode: 'half_up' | 'floor') =>
      scoreReview(fixture({ naPolicy: 'reweight', reweightRounding: { step, mode } }), a).total;
    expect(total(0.1, 'half_up')).toBe(99.4);
    expect(total(0.1, 'floor')).toBe(99.3);
    expect(total(0.5, 'half_up')).toBe(99.5);
    expect(total(0.5, 'floor')).toBe(99);
    expect(scoreReview(fixture({ naPolicy: 'full_marks' }), a).total).toBe(99.5);
  });

  it('reweight with nothing N/A equals the plain sum', () => {
    const a = answers({ 'TT-PROC-01': { verdict: 'deduct', deduction: 2.5, note: 'x' } });
    expect(scoreReview(fixture({ naPolicy: 'reweight' }), a).total).toBe(97.5);
  });

  it('reweight with every item N/A gives full points', () => {
    const a: Record<string, { verdict: 'na' }> = {};
    for (const c of ALL_CODES) a[c] = { verdict: 'na' };
    expect(scoreReview(fixture({ naPolicy: 'reweight' }), a).total).toBe(100);
  });
});

describe('veto', () => {
  it('zero_total: total becomes 0 and the grade fails, with the reason and pages kept', () => {
    const r = scoreReview(
      fixture({ vetoRule: 'zero_total' }),
      answers({ 'TT-SUB-01': { verdict: 'veto', note: '无管辖权', pageRefs: ['3'] } }),
    );
    expect(r.veto.hit).toBe(true);
    expect(r.veto.items).toEqual(['TT-SUB-01']);
    expect(r.veto.reasons).toEqual([{ itemCode: 'TT-SUB-01', title: '评查项 TT-SUB-01', reason: '无管辖权', pageRefs: ['3'] }]);
    expect(r.pointsBeforeVeto).toBe(100);
    expect(r.total).toBe(0);
    expect(r.grade).toBe('不合格');
  });

  it('fail_keep_points: grade fails but points stay', () => {
    const r = scoreReview(
      fixture({ vetoRule: 'fail_keep_points' }),
      answers({ 'TT-SUB-01': { verdict: 'veto', note: '无管辖权' } }),
    );
    expect(r.total).toBe(100);
    expect(r.grade).toBe('不合格');
    expect(r.veto.hit).toBe(true);
  });

  it('a vetoable item with points loses its own points when vetoed', () => {
    const r = scoreReview(
      fixture({ vetoRule: 'fail_keep_points' }),
      answers({ 'TT-SUB-02': { verdict: 'veto', note: '当事人认定错误' } }),
    );
    expect(item(r, 'TT-SUB-02').score).toBe(0);
    expect(r.total).toBe(90);
    expect(r.grade).toBe('不合格');
  });

  it('the same vetoable item can instead take an ordinary deduction', () => {
    const r = scoreReview(fixture(), answers({ 'TT-SUB-02': { verdict: 'deduct', occurrences: 2, note: '名称不一致' } }));
    expect(r.veto.hit).toBe(false);
    expect(r.total).toBe(98);
    expect(r.grade).toBe('优秀');
  });

  it('missing veto note falls back to the item and is reported', () => {
    const r = scoreReview(fixture(), answers({ 'TT-SUB-01': { verdict: 'veto' } }));
    expect(r.veto.reasons[0]!.reason).toBe('评查项 TT-SUB-01');
    expect(r.missingReasons).toEqual(['TT-SUB-01']);
  });
});

describe('grade boundaries', () => {
  const cases: [string, Record<string, { verdict: 'deduct'; occurrences?: number; note: string }>, number, string][] = [
    ['100', {}, 100, '优秀'],
    ['90', { 'TT-DOC-02': { verdict: 'deduct', note: 'x' } }, 90, '优秀'],
    ['89.5', { 'TT-DOC-02': { verdict: 'deduct', note: 'x' }, 'TT-PROC-02': { verdict: 'deduct', occurrences: 1, note: 'x' } }, 89.5, '良好'],
    ['80', { 'TT-DOC-02': { verdict: 'deduct', note: 'x' }, 'TT-DOC-01': { verdict: 'deduct', occurrences: 4, note: 'x' } }, 80, '良好'],
    [
      '79.5',
      {
        'TT-DOC-02': { verdict: 'deduct', note: 'x' },
        'TT-DOC-01': { verdict: 'deduct', occurrences: 4, note: 'x' },
        'TT-PROC-02': { verdict: 'deduct', occurrences: 1, note: 'x' },
      },
      79.5,
      '合格',
    ],
    ['60', { 'TT-SUB-03': { verdict: 'deduct', note: 'x' }, 'TT-DOC-02': { verdict: 'deduct', note: 'x' } }, 60, '合格'],
    [
      '59.5',
      {
        'TT-SUB-03': { verdict: 'deduct', note: 'x' },
        'TT-DOC-02': { verdict: 'deduct', note: 'x' },
        'TT-PROC-02': { verdict: 'deduct', occurrences: 1, note: 'x' },
      },
      59.5,
      '不合格',
    ],
  ];
  for (const [label, overrides, total, grade] of cases) {
    it(`${label} → ${grade}`, () => {
      const r = scoreReview(fixture(), answers(overrides));
      expect(r.errors).toEqual([]);
      expect(r.total).toBe(total);
      expect(r.grade).toBe(grade);
    });
  }

  it('three-tier variant: 89.5 is 合格', () => {
    const t = fixture({
      grading: { tiers: [{ grade: '优秀', minScore: 90 }, { grade: '合格', minScore: 60 }], failGrade: '不合格' },
    });
    const r = scoreReview(t, answers(cases[2]![1]));
    expect(r.grade).toBe('合格');
    expect(scoreReview(t, answers(cases[1]![1])).grade).toBe('优秀');
  });

  it('优秀 can require no deduction in SUB', () => {
    const t = fixture({
      grading: {
        tiers: [
          { grade: '优秀', minScore: 90, requireNoDeductionIn: ['SUB'] },
          { grade: '良好', minScore: 80 },
          { grade: '合格', minScore: 60 },
        ],
        failGrade: '不合格',
      },
    });
    const sub = scoreReview(t, answers({ 'TT-SUB-02': { verdict: 'deduct', occurrences: 1, note: 'x' } }));
    expect(sub.total).toBe(99);
    expect(sub.grade).toBe('良好');
    const proc = scoreReview(t, answers({ 'TT-PROC-01': { verdict: 'deduct', deduction: 1, note: 'x' } }));
    expect(proc.total).toBe(99);
    expect(proc.grade).toBe('优秀');
  });

  it('gradeForTotal grades a mean with the same thresholds', () => {
    const t = fixture();
    expect(gradeForTotal(t, 90)).toBe('优秀');
    expect(gradeForTotal(t, 89.99)).toBe('良好');
    expect(gradeForTotal(t, (89.9 + 90.1) / 2)).toBe('优秀');
    expect(gradeForTotal(t, 12)).toBe('不合格');
  });
});

describe('completeness', () => {
  it('lists unanswered items and is not complete', () => {
    const codes = ALL_CODES.filter((c) => c !== 'TT-PROC-01' && c !== 'TT-DOC-02');
    const r = scoreReview(fixture(), answers({}, codes));
    expect(r.unanswered).toEqual(['TT-PROC-01', 'TT-DOC-02']);
    expect(r.complete).toBe(false);
    expect(r.total).toBe(100); // provisional: no deduction yet
  });

  it('is complete when every item is answered', () => {
    const r = scoreReview(fixture(), answers());
    expect(r.unanswered).toEqual([]);
    expect(r.complete).toBe(true);
  });

  it('reports deductions without a reason', () => {
    const r = scoreReview(fixture(), answers({ 'TT-DOC-02': { verdict: 'deduct' } }));
    expect(r.missingReasons).toEqual(['TT-DOC-02']);
  });
});

describe('invalid answers', () => {
  const bad = (code: string, answer: Parameters<typeof scoreReview>[1][string]) => {
    const r = scoreReview(fixture(), answers({ [code]: answer }));
    expect(r.complete).toBe(false);
    expect(r.invalid).toContain(code);
    expect(r.errors.length).toBeGreaterThan(0);
    for (const e of r.errors) {
      expect(e.itemCode).toBe(code);
      expect(e.message).toContain(code);
    }
    return r.errors.map((e) => e.message).join('\n');
  };

  it('range deduction above the maximum', () => {
    expect(bad('TT-PROC-01', { verdict: 'deduct', deduction: 6 })).toBe('评查项 TT-PROC-01：扣分 6 超出扣分区间 1–5');
  });
  it('range deduction below the minimum', () => {
    expect(bad('TT-PROC-01', { verdict: 'deduct', deduction: 0.5 })).toContain('超出扣分区间');
  });
  it('range deduction off the 0.5 step', () => {
    expect(bad('TT-PROC-01', { verdict: 'deduct', deduction: 1.2 })).toContain('不是扣分步长 0.5 的整数倍');
  });
  it('range deduction missing', () => {
    expect(bad('TT-PROC-01', { verdict: 'deduct' })).toContain('须填写扣分');
  });
  it('veto on a non-veto item', () => {
    expect(bad('TT-SUB-03', { verdict: 'veto', note: 'x' })).toBe('评查项 TT-SUB-03：不是否决项，不能作否决结论');
  });
  it('non-integer or negative occurrences', () => {
    expect(bad('TT-PROC-02', { verdict: 'deduct', occurrences: 1.5 })).toContain('非负整数');
    expect(bad('TT-PROC-02', { verdict: 'deduct', occurrences: -1 })).toContain('非负整数');
    expect(bad('TT-PROC-02', { verdict: 'deduct' })).toContain('未填写');
  });
  it('a deduction on a pure veto item', () => {
    expect(bad('TT-SUB-01', { verdict: 'deduct', note: 'x' })).toContain('不扣分');
  });
  it('a fixed item with a partial deduction', () => {
    expect(bad('TT-DOC-02', { verdict: 'deduct', deduction: 3 })).toContain('扣全分 10 分');
  });
  it('conform with a deduction', () => {
    expect(bad('TT-DOC-02', { verdict: 'conform', deduction: 3 })).toContain('不能扣分');
  });
  it('an unknown item code', () => {
    const errs = validateAnswers(fixture(), answers({ 'TT-SUB-99': { verdict: 'conform' } }));
    expect(errs).toEqual([{ itemCode: 'TT-SUB-99', message: '评查项 TT-SUB-99：不在模板 TT v1 中' }]);
  });
  it('a malformed answer object', () => {
    const r = scoreReview(fixture(), answers({ 'TT-DOC-01': null as never }));
    expect(r.errors).toEqual([{ itemCode: 'TT-DOC-01', message: '评查项 TT-DOC-01：答案格式无效' }]);
    expect(r.complete).toBe(false);
  });
  it('invalid answers do not change the score', () => {
    const r = scoreReview(fixture(), answers({ 'TT-PROC-01': { verdict: 'deduct', deduction: 6 } }));
    expect(r.total).toBe(100);
    expect(item(r, 'TT-PROC-01').status).toBe('invalid');
  });
  it('valid answers produce no errors', () => {
    expect(validateAnswers(fixture(), answers({ 'TT-PROC-01': { verdict: 'deduct', deduction: 5, note: 'x' } }))).toEqual([]);
  });
});

describe('applicability', () => {
  const ce = builtinTemplate('CE')!;

  it('selects items by procedure', () => {
    const seizure = applicableItems(ce, { caseType: '行政强制', procedure: '查封扣押' }).map((i) => i.code);
    expect(seizure).toContain('CE-PROC-04');
    expect(seizure).toContain('CE-SUB-01');
    expect(seizure).not.toContain('CE-PROC-08');
    expect(seizure).not.toContain('CE-PROC-10');
    const freezing = applicableItems(ce, { caseType: '行政强制', procedure: '冻结' }).map((i) => i.code);
    expect(freezing).toContain('CE-PROC-08');
    expect(freezing).not.toContain('CE-PROC-04');
    const execution = applicableItems(ce, { caseType: '行政强制', procedure: '强制执行' }).map((i) => i.code);
    expect(execution).toContain('CE-PROC-10');
    expect(execution).not.toContain('CE-PROC-01');
    expect(applicableItems(ce, { caseType: '行政强制' })).toHaveLength(ce.items.length);
  });

  it('returns nothing for a case the template does not cover', () => {
    const pg = builtinTemplate('PG')!;
    expect(applicableItems(pg, { caseType: '行政处罚', procedure: '简易程序' })).toEqual([]);
    expect(applicableItems(pg, { caseType: '行政许可' })).toEqual([]);
    expect(applicableItems(pg, { caseType: '行政处罚', procedure: '一般程序' })).toHaveLength(pg.items.length);
  });

  it('with a case context, inapplicable items are N/A, not unanswered', () => {
    const ctx = { caseType: '行政强制', procedure: '查封扣押' };
    const a: Record<string, { verdict: 'conform' }> = {};
    for (const i of applicableItems(ce, ctx)) a[i.code] = { verdict: 'conform' };
    const r = scoreReview(ce, a, { context: ctx });
    expect(r.unanswered).toEqual([]);
    expect(r.complete).toBe(true);
    expect(r.total).toBe(100);
    expect(r.items.find((i) => i.code === 'CE-PROC-10')!.status).toBe('not_applicable');
    const withoutContext = scoreReview(ce, a);
    expect(withoutContext.unanswered).toContain('CE-PROC-10');
  });

  it('rejects a deduction on an item that does not apply to the case', () => {
    const ctx = { caseType: '行政强制', procedure: '查封扣押' };
    const r = scoreReview(ce, { 'CE-PROC-11': { verdict: 'deduct', note: 'x' } }, { context: ctx });
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]!.message).toContain('CE-PROC-11');
    expect(r.errors[0]!.message).toContain('不适用于本案');
  });
});
