/** The deduction rule helpers the engine, the core and the review workspace share (shared/domain/scoring/deduction.ts). */
import { describe, expect, it } from 'vitest';
import { answerForVerdict, describeRule, effectiveDeduction, ruleDeduction, scoreReview, verdictAllowed, type ChecklistItem } from '../../shared/domain/scoring';
import { answers, fixture } from './fixture';

const template = fixture();
const item = (code: string): ChecklistItem => template.items.find((i) => i.code === code)!;
const withRule = (code: string, patch: Partial<ChecklistItem>): ChecklistItem => ({ ...item(code), ...patch });

describe('effectiveDeduction', () => {
  it('counts in tenths: 0.1 + 0.2 chosen is 0.3, three problems at 0.1 are 0.3', () => {
    const range = withRule('TT-PROC-01', { deduction: { kind: 'range', min: 0.1, max: 5, step: 0.1 } });
    expect(effectiveDeduction(range, { verdict: 'deduct', deduction: 0.1 + 0.2 })).toBe(0.3);
    const perTenth = withRule('TT-PROC-02', { deduction: { kind: 'per_occurrence', pointsPerOccurrence: 0.1, cap: 5 } });
    expect(3 * 0.1).not.toBe(0.3); // the float drift the tenths avoid
    expect(effectiveDeduction(perTenth, { verdict: 'deduct', occurrences: 3 })).toBe(0.3);
    expect(effectiveDeduction(item('TT-PROC-02'), { verdict: 'deduct', occurrences: 7 })).toBe(3.5);
  });

  it('stops at the rule cap, and at the item maximum even when a rule asks for more', () => {
    expect(ruleDeduction(item('TT-DOC-01'), { verdict: 'deduct', occurrences: 4 })).toEqual({ requested: 100, taken: 100, cappedByRule: true });
    expect(ruleDeduction(item('TT-DOC-01'), { verdict: 'deduct', occurrences: 3 })).toEqual({ requested: 90, taken: 90, cappedByRule: false });
    // A cap above the item maximum (validation refuses such a template; the arithmetic still floors the item at 0).
    const loose = withRule('TT-SUB-02', { deduction: { kind: 'per_occurrence', pointsPerOccurrence: 4, cap: 20 } });
    expect(ruleDeduction(loose, { verdict: 'deduct', occurrences: 4 })).toEqual({ requested: 160, taken: 100, cappedByRule: false });
    expect(effectiveDeduction(loose, { verdict: 'deduct', occurrences: 4 })).toBe(10);
  });

  it('fixed takes the item maximum; range counts its minimum until points are chosen; only a deduct verdict deducts', () => {
    expect(effectiveDeduction(item('TT-SUB-03'), { verdict: 'deduct' })).toBe(30);
    expect(effectiveDeduction(item('TT-PROC-01'), { verdict: 'deduct' })).toBe(1);
    expect(effectiveDeduction(item('TT-PROC-01'), { verdict: 'deduct', deduction: 2.5 })).toBe(2.5);
    expect(effectiveDeduction(item('TT-SUB-02'), { verdict: 'veto' })).toBe(0);
    expect(effectiveDeduction(item('TT-SUB-03'), { verdict: 'conform' })).toBe(0);
    expect(effectiveDeduction(item('TT-SUB-03'), undefined)).toBe(0);
    expect(effectiveDeduction(item('TT-SUB-01'), { verdict: 'deduct' })).toBe(0);
  });

  it('is what the engine deducts for every rule kind', () => {
    const given = {
      'TT-SUB-02': { verdict: 'deduct', occurrences: 2, note: '两处' },
      'TT-SUB-03': { verdict: 'deduct', note: '缺' },
      'TT-PROC-01': { verdict: 'deduct', deduction: 3.5, note: '迟' },
      'TT-PROC-02': { verdict: 'deduct', occurrences: 11, note: '多处' },
      'TT-DOC-01': { verdict: 'deduct', occurrences: 4, note: '多处' },
    } as const;
    const score = scoreReview(template, answers(given));
    expect(score.errors).toEqual([]);
    for (const [code, answer] of Object.entries(given)) {
      expect(effectiveDeduction(item(code), answer), code).toBe(score.items.find((i) => i.code === code)!.deducted);
    }
  });
});

describe('answerForVerdict', () => {
  it('a first deduction: one problem, the range minimum, nothing to choose under fixed', () => {
    expect(answerForVerdict(item('TT-PROC-02'), 'deduct')).toEqual({ verdict: 'deduct', occurrences: 1 });
    expect(answerForVerdict(item('TT-PROC-01'), 'deduct')).toEqual({ verdict: 'deduct', deduction: 1 });
    expect(answerForVerdict(item('TT-SUB-03'), 'deduct')).toEqual({ verdict: 'deduct' });
    expect(answerForVerdict(item('TT-SUB-02'), 'veto', { verdict: 'deduct', occurrences: 3 })).toEqual({ verdict: 'veto' });
    expect(answerForVerdict(item('TT-PROC-02'), 'conform', { verdict: 'deduct', occurrences: 3 })).toEqual({ verdict: 'conform' });
  });

  it('keeps what an earlier deduction counted; a confirmed finding adds one problem', () => {
    const counted = { verdict: 'deduct' as const, occurrences: 3, deduction: 1.5 };
    expect(answerForVerdict(item('TT-PROC-02'), 'deduct', counted)).toEqual({ verdict: 'deduct', occurrences: 3 });
    expect(answerForVerdict(item('TT-PROC-02'), 'deduct', counted, 1)).toEqual({ verdict: 'deduct', occurrences: 4 });
    expect(answerForVerdict(item('TT-PROC-02'), 'deduct', { verdict: 'deduct', occurrences: 0 })).toEqual({ verdict: 'deduct', occurrences: 1 });
    expect(answerForVerdict(item('TT-PROC-01'), 'deduct', { verdict: 'deduct', deduction: 2.5 })).toEqual({ verdict: 'deduct', deduction: 2.5 });
    // A stored conform row has deduction 0 and occurrences 0: nothing to carry over.
    expect(answerForVerdict(item('TT-PROC-01'), 'deduct', { verdict: 'conform', deduction: 0, occurrences: 0 }, 1)).toEqual({ verdict: 'deduct', deduction: 1 });
    expect(answerForVerdict(item('TT-PROC-02'), 'deduct', { verdict: 'na', deduction: 0, occurrences: 0 }, 1)).toEqual({ verdict: 'deduct', occurrences: 1 });
  });

  it('verdictAllowed: veto only on veto items, deduct only under a rule that deducts', () => {
    expect(verdictAllowed(item('TT-SUB-01'), 'deduct')).toBe(false);
    expect(verdictAllowed(item('TT-SUB-01'), 'veto')).toBe(true);
    expect(verdictAllowed(item('TT-SUB-03'), 'veto')).toBe(false);
    expect(verdictAllowed(item('TT-SUB-03'), 'deduct')).toBe(true);
    expect(verdictAllowed(item('TT-SUB-03'), 'na')).toBe(true);
  });
});

describe('describeRule', () => {
  it('says each rule kind in words', () => {
    expect(describeRule({ kind: 'none' }, 0)).toBe('不扣分（仅否决）');
    expect(describeRule({ kind: 'fixed' }, 30)).toBe('扣全分（30 分）');
    expect(describeRule({ kind: 'per_occurrence', pointsPerOccurrence: 0.5, cap: 5 }, 5)).toBe('每处扣 0.5 分，上限 5 分');
    expect(describeRule({ kind: 'range', min: 1, max: 5, step: 0.5 }, 5)).toBe('扣 1–5 分（步长 0.5）');
  });
});
