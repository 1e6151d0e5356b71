/**
 * The later non-period rules (more-checks.ts): each at, just before and just after its boundary,
 * plus the missing-fact and not-applicable paths.
 */
import { describe, expect, test } from 'vitest';
import { addDays } from '../../shared/domain/calendar';
import type { DossierFacts } from '../../shared/domain/rules';
import { evalRule, pg } from './helpers';

const PS = (dates: DossierFacts['dates'], extra: Partial<DossierFacts> = {}): DossierFacts => ({ caseType: '行政处罚', procedure: '简易程序', partyType: '个人', dates, ...extra });
const LI = (dates: DossierFacts['dates'], extra: Partial<DossierFacts> = {}): DossierFacts => ({ caseType: '行政许可', dates, ...extra });
const CEM = (dates: DossierFacts['dates'], extra: Partial<DossierFacts> = {}): DossierFacts => ({ caseType: '行政强制', procedure: '强制措施', dates, ...extra });
const IN = (extra: Partial<DossierFacts> = {}): DossierFacts => ({ caseType: '行政检查', dates: {}, ...extra });

const statuses = (ruleId: string, make: (shift: number) => DossierFacts, settings = {}) =>
  [-1, 0, 1].map((s) => evalRule(make(s), ruleId, { settings }).status);

describe('D-PEN-13 加处罚款', () => {
  // served 2024-05-22 → 15 days end 2024-06-06 (Thu)
  const facts = (paid: string, surchargeYuan: number | null, fineYuan = 1000) =>
    pg({ decisionServed: '2024-05-22', paid }, { fineFen: fineYuan * 100, penaltyKinds: ['罚款'], surchargeYuan });
  test('paid on the due date, the day before and the day after', () => {
    expect(evalRule(facts('2024-06-05', null), 'D-PEN-13').status).toBe('pass');
    expect(evalRule(facts('2024-06-06', null), 'D-PEN-13').status).toBe('pass');
    const late = evalRule(facts('2024-06-07', 30), 'D-PEN-13');
    expect(late.status).toBe('pass');
    expect(late.computation).toContain('逾期 1 日 × 1000 元 × 3% = 30 元');
  });
  test('a wrong or missing surcharge', () => {
    expect(evalRule(facts('2024-06-08', 30), 'D-PEN-13')).toMatchObject({ status: 'fail', message: '加处罚款少于法定数额' });
    expect(evalRule(facts('2024-06-07', 31), 'D-PEN-13')).toMatchObject({ status: 'fail', message: '加处罚款超过法定数额' });
    const m = evalRule(facts('2024-06-07', null), 'D-PEN-13');
    expect(m).toMatchObject({ status: 'cannot_check', message: '无法检查：缺少 加处罚款金额' });
    expect(m.findings[0]).toMatchObject({ kind: 'cannot_check', severity: 'advisory' });
  });
  test('capped at the fine; an approved due date wins', () => {
    // 40 days × 3% = 120% → capped at 100%
    const capped = evalRule(facts('2024-07-16', 1000), 'D-PEN-13');
    expect(capped.status).toBe('pass');
    expect(capped.computation).toContain('以罚款数额 1000 元为限');
    const deferred = pg({ decisionServed: '2024-05-22', paymentDue: '2024-07-31', paid: '2024-07-31' }, { fineFen: 1000_00, surchargeYuan: null });
    expect(evalRule(deferred, 'D-PEN-13').status).toBe('pass');
  });
});

describe('D-PEN-15 当场收缴', () => {
  const ps = (fineYuan: number, ground: boolean | null = null) => PS({ onSpotCollected: '2024-05-06' }, { fineFen: fineYuan * 100, onSpotGroundRecorded: ground });
  test('100 yuan is the limit ("以下" includes it)', () => {
    expect([99, 100, 101].map((f) => evalRule(ps(f), 'D-PEN-15').status)).toEqual(['pass', 'pass', 'cannot_check']);
    expect(evalRule(ps(101, false), 'D-PEN-15').status).toBe('fail');
    expect(evalRule(ps(101, true), 'D-PEN-15').status).toBe('pass');
  });
  test('not collected on the spot → not applicable', () => {
    expect(evalRule(PS({}, { fineFen: 150_00 }), 'D-PEN-15').status).toBe('not_applicable');
  });
});

describe('D-PEN-18 决定后取证', () => {
  test('evidence on, before and after the decision day', () => {
    expect(statuses('D-PEN-18', (s) => pg({ decision: '2024-05-20', lastEvidence: addDays('2024-05-20', s) }))).toEqual(['pass', 'pass', 'fail']);
    expect(evalRule(pg({ decision: '2024-05-20' }), 'D-PEN-18').message).toBe('无法检查：缺少 最晚取证日期');
  });
});

describe('D-LIC-05 扣除期限的书面告知', () => {
  test('excluded and told / not told / unknown; nothing excluded', () => {
    expect(evalRule(LI({}, { licensingTimeExcluded: true, exclusionNotified: true }), 'D-LIC-05').status).toBe('pass');
    expect(evalRule(LI({}, { licensingTimeExcluded: true, exclusionNotified: false }), 'D-LIC-05').status).toBe('fail');
    expect(evalRule(LI({}, { licensingTimeExcluded: true }), 'D-LIC-05').status).toBe('cannot_check');
    expect(evalRule(LI({}), 'D-LIC-05').status).toBe('not_applicable');
  });
});

describe('D-LIC-08b 延续决定', () => {
  test('decided the day before, on and after expiry', () => {
    expect(
      statuses('D-LIC-08b', (s) => LI({ renewalApplied: '2024-05-01', licenceExpiry: '2024-07-01', renewalDecided: addDays('2024-07-01', s) })),
    ).toEqual(['pass', 'pass', 'fail']);
    expect(evalRule(LI({ renewalApplied: '2024-05-01', licenceExpiry: '2024-07-01' }), 'D-LIC-08b').message).toBe('无法检查：缺少 延续决定日期');
    expect(evalRule(LI({}), 'D-LIC-08b').status).toBe('not_applicable');
  });
});

describe('D-ENF-01 强制措施批准', () => {
  test('approval the day before, on and after the seizure', () => {
    const f = (s: number, emergency: boolean | null = false) => CEM({ seized: '2024-05-06', measureApproved: addDays('2024-05-06', s) }, { emergency });
    expect([-1, 0, 1].map((s) => evalRule(f(s), 'D-ENF-01').status)).toEqual(['pass', 'pass', 'fail']);
    expect(evalRule(f(1), 'D-ENF-01').findings[0]).toMatchObject({ severity: 'veto', itemCode: 'CE-PROC-01' });
  });
  test('emergency: approval within 24 hours (next day at the latest)', () => {
    const f = (s: number) => CEM({ seized: '2024-05-06', measureApproved: addDays('2024-05-06', s) }, { emergency: true });
    expect([0, 1, 2].map((s) => evalRule(f(s), 'D-ENF-01').status)).toEqual(['pass', 'pass', 'fail']);
    expect(evalRule(f(2), 'D-ENF-01').findings[0]).toMatchObject({ article: 19 });
    expect(evalRule(CEM({ seized: '2024-05-06', measureApproved: '2024-05-07' }, { emergency: null }), 'D-ENF-01').status).toBe('cannot_check');
  });
  test('freezing counts as the start; no date at all → cannot check', () => {
    expect(evalRule(CEM({ frozen: '2024-05-06', measureApproved: '2024-05-06' }), 'D-ENF-01').status).toBe('pass');
    expect(evalRule(CEM({}), 'D-ENF-01').message).toContain('缺少');
  });
});

describe('D-ENF-09 当场交付', () => {
  test('handed the same day; the day after is late; before is a data error', () => {
    expect(statuses('D-ENF-09', (s) => CEM({ seized: '2024-05-06', seizureDecisionHanded: addDays('2024-05-06', s) }))).toEqual([
      'cannot_check',
      'pass',
      'fail',
    ]);
    expect(evalRule(CEM({ frozen: '2024-05-06' }), 'D-ENF-09').status).toBe('not_applicable');
  });
});

describe('D-IN-01 检查频次', () => {
  test('at, below and above the configured cap; no cap set → cannot check', () => {
    expect([1, 2, 3].map((n) => evalRule(IN({ inspectionsThisYear: n }), 'D-IN-01', { settings: { inspectionCapPerYear: 2 } }).status)).toEqual([
      'pass',
      'pass',
      'fail',
    ]);
    const noCap = evalRule(IN({ inspectionsThisYear: 1 }), 'D-IN-01');
    expect(noCap.status).toBe('cannot_check');
    expect(noCap.message).toContain('年度检查频次上限');
    expect(evalRule(IN(), 'D-IN-01').message).toBe('无法检查：缺少 本年度检查次数');
  });
});

describe('D-ENF-07 强制拆除 with a time of day', () => {
  test('reads the date part of a date-time enforcement record', () => {
    const f = (enforced: string) => ({ caseType: '行政强制' as const, procedure: '强制执行' as const, dates: { decisionServed: '2024-01-31', enforced }, illegalBuilding: true });
    expect(evalRule(f('2024-07-31T09:30'), 'D-ENF-07').status).toBe('fail');
    expect(evalRule(f('2024-08-01 09:30'), 'D-ENF-07').status).toBe('pass');
    expect(evalRule({ ...f('2024-08-01'), illegalBuilding: null }, 'D-ENF-07').status).toBe('not_applicable');
  });
});

describe('D-LIC-02 and D-LIC-03 split on joint handling', () => {
  test('joint handling switches the 20-day period off and the 45-day period on', () => {
    const joint = LI({ accepted: '2024-09-20', decision: '2024-11-20' }, { jointHandling: true, extensionApproved: false });
    expect(evalRule(joint, 'D-LIC-02').status).toBe('not_applicable');
    expect(evalRule(joint, 'D-LIC-03').status).toBe('pass');
    const single = LI({ accepted: '2024-09-20', decision: '2024-10-23' }, { extensionApproved: false });
    expect(evalRule(single, 'D-LIC-03').status).toBe('not_applicable');
    expect(evalRule(single, 'D-LIC-02').status).toBe('pass');
  });
});
