/** 复核 triggers at and just past each threshold, and the settings they read. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_RECHECK_SETTINGS, objectionDaysOf, recheckSettingsOf, recheckTriggers, type ReviewOutcome } from '../../shared/domain/consensus/triggers';
import { compareItems } from '../../shared/domain/consensus/compare';
import { layerAnswers } from '../../shared/domain/consensus/final';

const r = (reviewer: string, total: number, grade: string, veto = false): ReviewOutcome => ({ reviewer, total, grade, veto });
const kinds = (reviews: ReviewOutcome[], s = DEFAULT_RECHECK_SETTINGS) => recheckTriggers(reviews, s).map((t) => t.kind);

describe('复核 triggers', () => {
  it('grades: the same grade does not trigger, a different one does', () => {
    expect(kinds([r('甲', 85, '良好'), r('乙', 80, '良好')])).toEqual([]);
    expect(kinds([r('甲', 90, '优秀'), r('乙', 89.5, '良好')])).toEqual(['grade']);
  });

  it('veto: any one reviewer marking a veto triggers, even alone', () => {
    expect(kinds([r('甲', 0, '不合格', true)])).toEqual(['veto']);
    expect(recheckTriggers([r('甲', 92, '优秀'), r('乙', 0, '不合格', true)], DEFAULT_RECHECK_SETTINGS).find((t) => t.kind === 'veto')?.detail).toContain('乙');
  });

  it('margin: exactly the margin (10) does not trigger, just past it does; float noise does not', () => {
    expect(kinds([r('甲', 89, '良好'), r('乙', 79, '良好')])).toEqual([]);
    expect(kinds([r('甲', 89.5, '良好'), r('乙', 79, '良好')])).toEqual(['margin']);
    expect(kinds([r('甲', 88.6, '良好'), r('乙', 78.6 - 1e-12, '良好')])).toEqual([]);
    const t = recheckTriggers([r('甲', 89.5, '良好'), r('乙', 79, '良好'), r('丙', 85, '良好')], DEFAULT_RECHECK_SETTINGS);
    expect(t[0].detail).toBe('总分相差 10.5 分，超过 10 分：甲 89.5，乙 79');
  });

  it('a configured margin and switched-off triggers are honoured', () => {
    const s = { onGradeDiffers: false, onAnyVeto: false, totalMargin: 5 };
    expect(kinds([r('甲', 90, '优秀'), r('乙', 85, '良好')], s)).toEqual([]);
    expect(kinds([r('甲', 90, '优秀'), r('乙', 84.5, '良好', true)], s)).toEqual(['margin']);
    expect(kinds([r('甲', 100, '优秀'), r('乙', 0, '不合格')], { ...s, totalMargin: null })).toEqual([]);
  });

  it('settings come from campaign data with defaults for anything missing or malformed', () => {
    expect(recheckSettingsOf({})).toEqual({ onGradeDiffers: true, onAnyVeto: true, totalMargin: 10 });
    expect(recheckSettingsOf({ consensus: { totalMargin: 6, onAnyVeto: false } })).toEqual({ onGradeDiffers: true, onAnyVeto: false, totalMargin: 6 });
    expect(recheckSettingsOf({ consensus: { totalMargin: -1 } }).totalMargin).toBe(10);
    expect(recheckSettingsOf({ consensus: { totalMargin: null } }).totalMargin).toBeNull();
    expect(objectionDaysOf({ consensus: { objectionDays: 3 } })).toBe(3);
    expect(objectionDaysOf(undefined)).toBe(5);
  });
});

describe('comparison and layering', () => {
  it('flags verdict, deduction, pages and notes separately; a blank answer disagrees', () => {
    const a = new Map([
      ['X', { verdict: 'deduct', deduction: 2, occurrences: 0, note: '缺日期', pages: [3, 1] }],
      ['Y', { verdict: 'conform', deduction: 0, occurrences: 0, note: '', pages: [] }],
    ]);
    const b = new Map([
      ['X', { verdict: 'deduct', deduction: 2, occurrences: 0, note: ' 缺日期\n', pages: [1, 3] }],
      ['Y', { verdict: 'conform', deduction: 0, occurrences: 0, note: '见第5页', pages: [5] }],
      ['Z', { verdict: 'na', deduction: 0, occurrences: 0, note: '', pages: [] }],
    ]);
    const [x, y, z] = compareItems(['X', 'Y', 'Z'], [a, b]);
    expect(x.differs).toEqual({ verdict: false, deduction: false, pages: false, note: false });
    expect(y.differs).toEqual({ verdict: false, deduction: false, pages: true, note: true });
    expect(y.scoreDiffers).toBe(false);
    expect(z.scoreDiffers).toBe(true);
    expect(z.answers[0]).toBeNull();
  });

  it('objection over 复核 over 合议 over the review; the later of two objection rulings wins', () => {
    const base = new Map([['A', 'r'], ['B', 'r'], ['C', 'r']]);
    const { answers, source } = layerAnswers(base, [
      { stage: 'recheck', itemCode: 'A', answer: 'k', at: '2' },
      { stage: 'agreed', itemCode: 'A', answer: 'g', at: '3' },
      { stage: 'agreed', itemCode: 'B', answer: 'g', at: '1' },
      { stage: 'objection', itemCode: 'C', answer: 'o2', at: '5' },
      { stage: 'objection', itemCode: 'C', answer: 'o1', at: '4' },
    ]);
    expect(Object.fromEntries([...answers].map(([k, v]) => [k, `${v.source}:${v.answer}`]))).toEqual({ A: 'recheck:k', B: 'agreed:g', C: 'objection:o2' });
    expect(source).toBe('objection');
  });
});
