import { describe, expect, test } from 'vitest';
import type { DossierFacts, Officer } from '../../shared/domain/rules';
import { evalRule, pg } from './helpers';

const ps = (extra: Partial<DossierFacts> = {}, dates: DossierFacts['dates'] = {}): DossierFacts => ({ caseType: '行政处罚', procedure: '简易程序', dates, ...extra });
const LI = (dates: DossierFacts['dates'], extra: Partial<DossierFacts> = {}): DossierFacts => ({ caseType: '行政许可', dates, ...extra });
const CEE = (dates: DossierFacts['dates'], extra: Partial<DossierFacts> = {}): DossierFacts => ({ caseType: '行政强制', procedure: '强制执行', dates, ...extra });
const statuses = (rule: string, list: DossierFacts[]) => list.map((f) => evalRule(f, rule).status);

describe('D-PEN-14 简易程序 200/3000 (“以下” includes the number)', () => {
  test('个人 199/200/201', () => {
    expect(statuses('D-PEN-14', [199, 200, 201].map((fine) => ps({ partyType: '个人', fineFen: fine * 100, penaltyKinds: ['罚款'] })))).toEqual(['pass', 'pass', 'fail']);
  });
  test('单位 2999/3000/3001', () => {
    expect(statuses('D-PEN-14', [2999, 3000, 3001].map((fine) => ps({ partyType: '单位', fineFen: fine * 100, penaltyKinds: ['罚款'] })))).toEqual(['pass', 'pass', 'fail']);
  });
  test('finding details', () => {
    const e = evalRule(ps({ partyType: '个人', fineFen: 201_00, penaltyKinds: ['罚款'] }), 'D-PEN-14');
    expect(e.findings[0]).toMatchObject({ law: '行政处罚法', article: 51, severity: 'veto', itemCode: 'PS-SUB-01' });
    expect(e.computation).toContain('个人 200 元以下（第五十一条，“以下”含本数）');
  });
  test('other penalty kinds are not allowed; a warning alone is', () => {
    expect(evalRule(ps({ partyType: '个人', fineFen: 100_00, penaltyKinds: ['罚款', '没收违法所得'] }), 'D-PEN-14').status).toBe('fail');
    expect(evalRule(ps({ partyType: '个人', penaltyKinds: ['警告'] }), 'D-PEN-14').status).toBe('pass');
  });
  test('unknown party type: below both limits passes, between them cannot be checked', () => {
    expect(evalRule(ps({ fineFen: 200_00, penaltyKinds: ['罚款'] }), 'D-PEN-14').status).toBe('pass');
    const e = evalRule(ps({ fineFen: 1000_00, penaltyKinds: ['罚款'] }), 'D-PEN-14');
    expect(e.status).toBe('cannot_check');
    expect(e.message).toBe('无法检查：缺少 当事人类型');
  });
  test('limits are configurable (a 法律 may set others)', () => {
    const f = ps({ partyType: '个人', fineFen: 500_00, penaltyKinds: ['罚款'] });
    expect(evalRule(f, 'D-PEN-14', { settings: { simpleProcedureMaxFine: { 个人: 500, 单位: 3000 } } }).status).toBe('pass');
  });
});

describe('D-PEN-01 追责时效', () => {
  // 2 years after 2022-03-15 → 2024-03-15 (Fri)
  const f = (d: string, serious: boolean | null = false) => pg({ violationEnded: '2022-03-15', discovered: d }, { seriousHarm: serious });
  test('at / before / after', () => {
    expect(statuses('D-PEN-01', [f('2024-03-14'), f('2024-03-15'), f('2024-03-16')])).toEqual(['pass', 'pass', 'fail']);
  });
  test('unknown serious-harm flag beyond 2 years → cannot check; 5 years applies when flagged', () => {
    expect(evalRule(f('2024-03-16', null), 'D-PEN-01').status).toBe('cannot_check');
    expect(evalRule(f('2024-03-16', true), 'D-PEN-01').status).toBe('pass');
  });
  test('end of 2-year period on a weekend rolls over', () => {
    // 2022-06-15 + 2 years = 2024-06-15 (Sat) → 2024-06-17
    expect(evalRule(pg({ violationEnded: '2022-06-15', discovered: '2024-06-17' }, { seriousHarm: false }), 'D-PEN-01').status).toBe('pass');
    expect(evalRule(pg({ violationEnded: '2022-06-15', discovered: '2024-06-18' }, { seriousHarm: false }), 'D-PEN-01').status).toBe('fail');
  });
});

describe('D-PEN-05 事先告知在决定之前', () => {
  test('一般程序: strictly before', () => {
    const f = (n: string) => pg({ noticeServed: n, decision: '2024-06-20' });
    expect(statuses('D-PEN-05', [f('2024-06-19'), f('2024-06-20'), f('2024-06-21')])).toEqual(['pass', 'fail', 'fail']);
    expect(evalRule(f('2024-06-20'), 'D-PEN-05').findings[0]).toMatchObject({ severity: 'veto', itemCode: 'PG-PROC-14', article: 44 });
  });
  test('简易程序: same day allowed', () => {
    const f = (n: string) => ps({}, { noticeServed: n, decision: '2024-06-20' });
    expect(statuses('D-PEN-05', [f('2024-06-19'), f('2024-06-20'), f('2024-06-21')])).toEqual(['pass', 'pass', 'fail']);
    expect(evalRule(f('2024-06-21'), 'D-PEN-05').findings[0]!.itemCode).toBe('PS-PROC-02');
  });
});

describe('hearing request within 5 working days', () => {
  // 5 working days after 2024-09-27 → 2024-10-10
  const f = (d: string, held: boolean | null = true) => pg({ noticeServed: '2024-09-27', hearingRequested: d }, { hearingHeld: held });
  test('D-PEN-07 at / before / after', () => {
    expect(statuses('D-PEN-07', [f('2024-10-09'), f('2024-10-10'), f('2024-10-11')])).toEqual(['pass', 'pass', 'fail']);
    expect(evalRule(f('2024-10-11'), 'D-PEN-07').findings[0]!.severity).toBe('advisory');
  });
  test('timely request but no hearing → veto; unknown → cannot check; no request → not applicable', () => {
    expect(evalRule(f('2024-10-10', false), 'D-PEN-07').findings[0]).toMatchObject({ severity: 'veto', itemCode: 'PG-PROC-16' });
    expect(evalRule(f('2024-10-10', null), 'D-PEN-07').status).toBe('cannot_check');
    expect(evalRule(pg({ noticeServed: '2024-09-27' }), 'D-PEN-07').status).toBe('not_applicable');
  });
  test('D-LIC-07a: applicant unit is a setting (default calendar: 5 days → 10-02 holiday → rolls to 10-08)', () => {
    const l = (d: string) => LI({ noticeServed: '2024-09-27', hearingRequested: d }, { hearingHeld: true });
    expect(evalRule(l('2024-10-08'), 'D-LIC-07a').status).toBe('pass');
    expect(evalRule(l('2024-10-09'), 'D-LIC-07a').status).toBe('fail');
    const working = { settings: { licensingApplicantUnit: 'working' as const } };
    expect(['2024-10-09', '2024-10-10', '2024-10-11'].map((d) => evalRule(l(d), 'D-LIC-07a', working).status)).toEqual(['pass', 'pass', 'fail']);
  });
});

describe('D-PEN-09 / D-PEN-10a / D-PEN-10b thresholds (“以上” includes the number)', () => {
  const f = (fine: number, partyType: '个人' | '单位', extra: Partial<DossierFacts> = {}) =>
    pg({}, { fineFen: fine * 100, partyType, penaltyKinds: ['罚款'], hearingRightNotified: false, legalReview: false, collectiveDiscussion: false, ...extra });
  test('单位 99,999 / 100,000 and 个人 9,999 / 10,000', () => {
    for (const rule of ['D-PEN-09', 'D-PEN-10a', 'D-PEN-10b']) {
      expect(statuses(rule, [f(99_999, '单位'), f(100_000, '单位'), f(9_999, '个人'), f(10_000, '个人')])).toEqual(['not_applicable', 'fail', 'not_applicable', 'fail']);
    }
  });
  test('findings map to the right items and are vetoes', () => {
    expect(evalRule(f(100_000, '单位'), 'D-PEN-09').findings[0]).toMatchObject({ article: 63, itemCode: 'PG-PROC-16', severity: 'veto' });
    expect(evalRule(f(100_000, '单位'), 'D-PEN-10a').findings[0]).toMatchObject({ article: 58, itemCode: 'PG-PROC-12', severity: 'veto' });
    expect(evalRule(f(100_000, '单位'), 'D-PEN-10b').findings[0]).toMatchObject({ article: 57, itemCode: 'PG-PROC-13', severity: 'veto' });
  });
  test('done → pass; not recorded → cannot check', () => {
    expect(evalRule(f(100_000, '单位', { legalReview: true }), 'D-PEN-10a').status).toBe('pass');
    expect(evalRule(f(100_000, '单位', { legalReview: null }), 'D-PEN-10a').message).toBe('无法检查：缺少 是否经法制审核');
  });
  test('heavy penalty kinds trigger regardless of the fine; a hearing triggers 法制审核', () => {
    expect(evalRule(pg({}, { penaltyKinds: ['吊销许可证件'], hearingRightNotified: false }), 'D-PEN-09').status).toBe('fail');
    expect(evalRule(f(500, '个人', { hearingHeld: true, majorInterests: true }), 'D-PEN-10a').status).toBe('fail');
  });
  test('第五十八条第一款第二项 needs both 重大权益 and a hearing: a hearing alone is no veto', () => {
    const both = evalRule(f(500, '个人', { hearingHeld: true, majorInterests: true }), 'D-PEN-10a');
    expect(both.findings[0]).toMatchObject({ severity: 'veto', itemCode: 'PG-PROC-12' });
    expect(both.computation).toContain('直接关系当事人或者第三人重大权益，且经过听证程序');
    expect(evalRule(f(500, '个人', { hearingHeld: true, majorInterests: false }), 'D-PEN-10a').status).toBe('not_applicable');
    const unknown = evalRule(f(500, '个人', { hearingHeld: true }), 'D-PEN-10a');
    expect(unknown.status).toBe('cannot_check');
    expect(unknown.findings.every((x) => x.severity === 'advisory')).toBe(true);
    expect(unknown.message).toContain('是否直接关系当事人或者第三人重大权益');
    // 重大权益 without a hearing is not item (二) either
    expect(evalRule(f(500, '个人', { hearingHeld: false, majorInterests: true }), 'D-PEN-10a').status).toBe('not_applicable');
  });
  test('thresholds are settings', () => {
    const s = { settings: { largeFine: { 个人: 5_000, 单位: 50_000 } } };
    expect(evalRule(f(50_000, '单位'), 'D-PEN-09', s).status).toBe('fail');
    expect(evalRule(f(50_000, '单位'), 'D-PEN-09').status).toBe('not_applicable');
  });
  test('missing amount → cannot check', () => {
    expect(evalRule(pg({}, { partyType: '单位', penaltyKinds: ['罚款'] }), 'D-PEN-09').message).toBe('无法检查：缺少 罚款金额');
  });
});

describe('officers (D-PEN-19, X-ENF-18)', () => {
  const o = (name: string, certNo: string | null = `证${name}`, certValid: boolean | null = null): Officer => ({ name, certNo, certValid });
  test('two certified officers pass; one fails; missing cert number cannot be checked', () => {
    expect(evalRule(pg({}, { officers: [o('张三'), o('李四')] }), 'D-PEN-19').status).toBe('pass');
    expect(evalRule(pg({}, { officers: [o('张三')] }), 'D-PEN-19').findings[0]).toMatchObject({ severity: 'veto', itemCode: 'PG-PROC-03', article: 42 });
    expect(evalRule(pg({}, { officers: [o('张三'), o('张三')] }), 'D-PEN-19').status).toBe('fail');
    expect(evalRule(pg({}, { officers: [o('张三'), o('李四', null)] }), 'D-PEN-19').message).toBe('无法检查：缺少 执法证号（李四）');
    expect(evalRule(pg({}, { officers: [o('张三'), o('李四', 'x', false)] }), 'D-PEN-19').status).toBe('fail');
    expect(evalRule(pg({}), 'D-PEN-19').message).toBe('无法检查：缺少 执法人员信息');
  });
  test('简易程序 one-officer exception is a setting; 行政强制 uses 第十八条', () => {
    expect(evalRule(ps({ officers: [o('张三')] }), 'D-PEN-19').status).toBe('fail');
    expect(evalRule(ps({ officers: [o('张三')] }), 'D-PEN-19', { settings: { simpleProcedureMinOfficers: 1 } }).status).toBe('pass');
    expect(evalRule(CEE({}, { officers: [o('张三')] }), 'X-ENF-18').findings[0]).toMatchObject({ law: '行政强制法', article: 18, itemCode: 'CE-SUB-03' });
  });
});

describe('D-LIC-01 补正告知 / 受理 within 5 working days (→ 2024-10-10)', () => {
  test('acceptance at / before / after', () => {
    const f = (d: string) => LI({ applied: '2024-09-27', accepted: d });
    expect(statuses('D-LIC-01', [f('2024-10-09'), f('2024-10-10'), f('2024-10-11')])).toEqual(['pass', 'pass', 'fail']);
    expect(evalRule(f('2024-10-11'), 'D-LIC-01').findings[0]!.severity).toBe('advisory');
  });
  test('late supplement notice is a deduction', () => {
    const e = evalRule(LI({ applied: '2024-09-27', supplementNotice: '2024-10-11', accepted: '2024-10-20' }), 'D-LIC-01');
    expect(e.findings[0]).toMatchObject({ severity: 'deduction', itemCode: 'LI-PROC-02', article: 32 });
    expect(evalRule(LI({ applied: '2024-09-27', supplementNotice: '2024-10-10', accepted: '2024-10-20' }), 'D-LIC-01').status).toBe('pass');
  });
});

describe('D-ENF-04 no enforcement at night or on rest days', () => {
  const f = (t: string, emergency: boolean | null = false) => CEE({ enforced: t }, { emergency });
  test('night window 22:00 (inclusive) – 06:00 (exclusive) on a working day', () => {
    expect(statuses('D-ENF-04', [f('2024-06-14T21:59'), f('2024-06-14T22:00'), f('2024-06-14T05:59'), f('2024-06-14T06:00')])).toEqual(['pass', 'fail', 'fail', 'pass']);
    expect(evalRule(f('2024-06-14T22:00'), 'D-ENF-04').findings[0]).toMatchObject({ severity: 'veto', itemCode: 'CE-PROC-12', article: 43, law: '行政强制法' });
  });
  test('holidays and weekends; make-up working days are working days', () => {
    expect(evalRule(f('2024-10-01'), 'D-ENF-04').status).toBe('fail');
    expect(evalRule(f('2024-10-01'), 'D-ENF-04').message).toContain('国庆节');
    expect(evalRule(f('2024-09-29T10:00'), 'D-ENF-04').status).toBe('pass');
    expect(evalRule(f('2024-06-15T10:00'), 'D-ENF-04').status).toBe('fail');
    expect(evalRule(f('2024-06-15T10:00'), 'D-ENF-04', { settings: { enforcementRestDays: 'holidays' } }).status).toBe('pass');
  });
  test('emergency exception; unknown emergency → cannot check; date only on a working day → cannot check', () => {
    expect(evalRule(f('2024-10-01', true), 'D-ENF-04').status).toBe('pass');
    expect(evalRule(f('2024-10-01', null), 'D-ENF-04').status).toBe('cannot_check');
    expect(evalRule(f('2024-06-14'), 'D-ENF-04').status).toBe('cannot_check');
  });
  test('year without a schedule → cannot check', () => {
    expect(evalRule(f('2027-05-01T10:00'), 'D-ENF-04').message).toBe('无法检查：缺少 2027 年节假日安排，无法准确计算工作日');
  });
});

describe('D-ENF-08 催告 before enforcement', () => {
  test('reminder must precede the enforcement day', () => {
    const f = (r: string) => CEE({ reminder: r, enforced: '2024-06-20T10:00' });
    expect(statuses('D-ENF-08', [f('2024-06-19'), f('2024-06-20'), f('2024-06-21')])).toEqual(['pass', 'fail', 'fail']);
    expect(evalRule(f('2024-06-20'), 'D-ENF-08').findings[0]).toMatchObject({ severity: 'veto', itemCode: 'CE-PROC-10' });
  });
  test('enforcement only after the reminder deadline', () => {
    const f = (dl: string) => CEE({ reminder: '2024-06-01', reminderDeadline: dl, enforced: '2024-06-20' });
    expect(statuses('D-ENF-08', [f('2024-06-19'), f('2024-06-20'), f('2024-06-21')])).toEqual(['pass', 'fail', 'fail']);
    expect(evalRule(f('2024-06-20'), 'D-ENF-08').findings[0]).toMatchObject({ article: 37, itemCode: 'CE-PROC-11', severity: 'deduction' });
  });
  test('missing reminder → cannot check', () => {
    expect(evalRule(CEE({ enforced: '2024-06-20' }), 'D-ENF-08').message).toBe('无法检查：缺少 催告书送达日期');
  });
});
