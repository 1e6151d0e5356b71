import { describe, expect, test } from 'vitest';
import { addDays } from '../../shared/domain/calendar';
import { PERIOD_RULES, RULES, type DossierFacts } from '../../shared/domain/rules';
import { evalRule, pg } from './helpers';

interface Case {
  rule: string;
  facts: (to: string) => DossierFacts;
  deadline: string;
  /** 'within': on/before the deadline is fine. 'after': must be after it. 'atOrAfter': on or after it. */
  mode: 'within' | 'after' | 'atOrAfter';
}

const LI = (dates: DossierFacts['dates'], extra: Partial<DossierFacts> = {}): DossierFacts => ({ caseType: '行政许可', dates, ...extra });
const PS = (dates: DossierFacts['dates'], extra: Partial<DossierFacts> = {}): DossierFacts => ({ caseType: '行政处罚', procedure: '简易程序', partyType: '个人', dates, ...extra });
const CEE = (dates: DossierFacts['dates'], extra: Partial<DossierFacts> = {}): DossierFacts => ({ caseType: '行政强制', procedure: '强制执行', dates, ...extra });
const CEM = (dates: DossierFacts['dates'], extra: Partial<DossierFacts> = {}): DossierFacts => ({ caseType: '行政强制', procedure: '强制措施', dates, ...extra });

// Deadlines worked out by hand from the 2024/2025 notices (see comments).
const CASES: Case[] = [
  // 6-4…6-7 (4), 6-10 端午, 6-11 (5), 6-12 (6), 6-13 (7)
  { rule: 'D-PEN-03', facts: (to) => pg({ preserved: '2024-06-03', preservationHandled: to }), deadline: '2024-06-13', mode: 'within' },
  { rule: 'D-PEN-04', facts: (to) => pg({ filed: '2024-03-01', decision: to }, { extensionApproved: false }), deadline: '2024-05-30', mode: 'within' },
  // 9-29 (make-up Sun) 1, 9-30 2, 10-1…10-7 国庆, 10-8 3, 10-9 4, 10-10 5
  { rule: 'D-PEN-06a', facts: (to) => pg({ noticeServed: '2024-09-27', decision: to }, { hearingRightNotified: false }), deadline: '2024-10-10', mode: 'after' },
  { rule: 'D-PEN-06b', facts: (to) => pg({ noticeServed: '2024-09-27', decision: to }, { hearingRightNotified: true }), deadline: '2024-10-10', mode: 'after' },
  // 'exclusive' convention: the hearing may be held on the day after the 7th working day
  { rule: 'D-PEN-08', facts: (to) => pg({ hearingNotice: '2024-06-03', hearing: to }), deadline: '2024-06-13', mode: 'after' },
  { rule: 'D-PEN-11', facts: (to) => pg({ decision: '2024-05-06', decisionServed: to }), deadline: '2024-05-14', mode: 'within' },
  { rule: 'D-PEN-12', facts: (to) => pg({ decisionServed: '2024-01-30', paid: to }), deadline: '2024-02-18', mode: 'within' },
  // 9-23…9-27 (5), 9-29 make-up (6), 9-30 (7), 10-8…10-11 (11), 10-12 make-up (12), 10-14…10-18 (17), 10-21…10-23 (20)
  { rule: 'D-LIC-02', facts: (to) => LI({ accepted: '2024-09-20', decision: to }, { extensionApproved: false }), deadline: '2024-10-23', mode: 'within' },
  // 9-29 1, 9-30 2, 10-8…10-11 6, 10-12 make-up 7, 10-14…10-16 10
  { rule: 'D-LIC-06', facts: (to) => LI({ decision: '2024-09-27', certificateIssued: to }, { licenceGranted: true }), deadline: '2024-10-16', mode: 'within' },
  // 2025 春节: 1-26 make-up 1, 1-27 2, 1-28…2-4 off, 2-5…2-7 5, 2-8 make-up 6, 2-10…2-14 11, 2-17…2-21 16, 2-24…2-27 20
  { rule: 'D-LIC-07b', facts: (to) => LI({ hearingRequested: '2025-01-24', hearing: to }), deadline: '2025-02-27', mode: 'within' },
  // 2025 国庆中秋: 9-28 make-up 1, 9-29 2, 9-30 3, 10-1…10-8 off, 10-9 4, 10-10 5, 10-11 make-up 6, 10-13 7
  { rule: 'D-LIC-07c', facts: (to) => LI({ hearingNotice: '2025-09-26', hearing: to }), deadline: '2025-10-13', mode: 'after' },
  // 30 days after 2024-09-02 = 10-02 (国庆) → rolls over to 10-08
  { rule: 'D-ENF-02', facts: (to) => CEM({ seized: '2024-09-02', released: to }, { extensionApproved: false }), deadline: '2024-10-08', mode: 'within' },
  // 15 working days (sector rule): 9-23…9-27 5, 9-29 make-up 6, 9-30 7, 10-8…10-11 11, 10-12 make-up 12, 10-14…10-16 15
  { rule: 'D-PEN-02', facts: (to) => pg({ discovered: '2024-09-20', filed: to }, { filingExtensionApproved: false }), deadline: '2024-10-16', mode: 'within' },
  // 2 working days: 9-29 make-up 1, 9-30 2
  { rule: 'D-PEN-16a', facts: (to) => PS({ onSpotCollected: '2024-09-27', fineHandedOver: to }), deadline: '2024-09-30', mode: 'within' },
  // 2 working days after 9-30: 10-8, 10-9
  { rule: 'D-PEN-16b', facts: (to) => PS({ onSpotCollected: '2024-09-27', fineHandedOver: '2024-09-30', fineBanked: to }), deadline: '2024-10-09', mode: 'within' },
  // 6 months after 2024-01-31 → 2024-07-31 (Wed): the application must come after it
  { rule: 'D-PEN-17a', facts: (to) => pg({ decisionServed: '2024-01-31', courtApplied: to }), deadline: '2024-07-31', mode: 'after' },
  // 6 + 3 months after 2024-01-31 → 2024-10-31 (Thu)
  { rule: 'D-PEN-17b', facts: (to) => pg({ decisionServed: '2024-01-31', courtApplied: to }), deadline: '2024-10-31', mode: 'within' },
  // 10 working days after the 催告: 9-23…9-27 5, 9-29 6, 9-30 7, 10-8 8, 10-9 9, 10-10 10
  { rule: 'D-PEN-17c', facts: (to) => pg({ reminder: '2024-09-20', courtApplied: to }), deadline: '2024-10-10', mode: 'after' },
  // 3 working days: 9-29 1, 9-30 2, 10-8 3
  { rule: 'D-PEN-20', facts: (to) => pg({ decisionAltered: '2024-09-27', publicityWithdrawn: to }), deadline: '2024-10-08', mode: 'within' },
  // 45 working days from 9-20: 20 by 10-23 (as D-LIC-02), 10-24…10-25 22, then 23 more: 10-28…11-29 → 11-27 is the 45th
  { rule: 'D-LIC-03', facts: (to) => LI({ accepted: '2024-09-20', decision: to }, { jointHandling: true, extensionApproved: false }), deadline: '2024-11-27', mode: 'within' },
  { rule: 'D-LIC-04', facts: (to) => LI({ accepted: '2024-09-20', lowerReviewed: to }), deadline: '2024-10-23', mode: 'within' },
  // applicant's 30 calendar days (第八十二条 covers only the organ's periods), counted back from the expiry:
  // applying on the 30th day before it is in time; no roll-over (10-02 is a holiday, the expiry does not move)
  { rule: 'D-LIC-08a', facts: (to) => LI({ renewalApplied: '2024-09-02', licenceExpiry: to }), deadline: '2024-10-02', mode: 'atOrAfter' },
  // 3 working days: 9-29, 9-30, 10-8
  { rule: 'D-ENF-03a', facts: (to) => CEM({ frozen: '2024-09-27', freezeDecisionServed: to }), deadline: '2024-10-08', mode: 'within' },
  // 30 calendar days after 9-02 = 10-02 (国庆) → 10-08
  { rule: 'D-ENF-03b', facts: (to) => CEM({ frozen: '2024-09-02', freezeHandled: to }, { extensionApproved: false }), deadline: '2024-10-08', mode: 'within' },
  { rule: 'D-ENF-05', facts: (to) => CEE({ surchargeStarted: '2024-09-02', reminder: to }), deadline: '2024-10-08', mode: 'after' },
  // 3 working days: 9-29, 9-30, 10-8 — 代履行 on 10-9 at the earliest
  { rule: 'D-ENF-06', facts: (to) => CEE({ substituteReminder: '2024-09-27', substituteExecuted: to }), deadline: '2024-10-08', mode: 'after' },
  { rule: 'D-ENF-07', facts: (to) => CEE({ decisionServed: '2024-01-31', enforced: to }, { illegalBuilding: true }), deadline: '2024-07-31', mode: 'after' },
];

describe('every period rule at, one day before and one day after its boundary', () => {
  test('the table covers every period rule', () => {
    expect(CASES.map((c) => c.rule).sort()).toEqual(PERIOD_RULES.map((r) => r.id).sort());
  });
  for (const c of CASES) {
    test(`${c.rule}: boundary ${c.deadline}`, () => {
      const at = evalRule(c.facts(c.deadline), c.rule);
      const before = evalRule(c.facts(addDays(c.deadline, -1)), c.rule);
      const after = evalRule(c.facts(addDays(c.deadline, 1)), c.rule);
      if (c.mode === 'within') {
        expect([at.status, before.status, after.status]).toEqual(['pass', 'pass', 'fail']);
        expect(at.computation).toContain(`届满 ${c.deadline}`);
        expect(after.findings).toHaveLength(1);
        expect(after.findings[0]!.kind).toBe('violation');
      } else if (c.mode === 'atOrAfter') {
        expect([at.status, before.status, after.status]).toEqual(['pass', 'fail', 'pass']);
        expect(at.computation).toContain(`届满 ${c.deadline}`);
      } else {
        expect([at.status, before.status, after.status]).toEqual(['fail', 'fail', 'pass']);
        expect(at.computation).toContain(`届满 ${c.deadline}`);
      }
    });
  }
});

describe('行政许可 applicant periods are calendar days (第八十二条 covers only the organ periods)', () => {
  const renewal = (applied: string, expiry: string) => evalRule(LI({ renewalApplied: applied, licenceExpiry: expiry }), 'D-LIC-08a');
  test('D-LIC-08a: applied 30 days before expiry → in time; 29 days → late; wording "前30日提出申请"', () => {
    expect(renewal('2024-03-01', '2024-03-31').status).toBe('pass');
    const late = renewal('2024-03-02', '2024-03-31');
    expect(late.status).toBe('fail');
    expect(late.computation).toContain('应于有效期届满日前 30 日（自然日）提出申请');
    expect(late.computation).not.toContain('工作日');
    // the case: 41 calendar days ahead is in time
    expect(renewal('2024-03-01', '2024-04-11').status).toBe('pass');
  });
  test('D-LIC-07a: hearing requested 5 calendar days after the notice → timely; 6 days → late', () => {
    const request = (d: string) => evalRule(LI({ noticeServed: '2024-03-06', hearingRequested: d }, { hearingHeld: true }), 'D-LIC-07a');
    expect(request('2024-03-11').status).toBe('pass');
    const late = request('2024-03-12');
    expect(late.status).toBe('fail');
    expect(late.computation).toContain('期限 5 日（自然日）');
  });
});

describe('D-PEN-04: time the sector rules exclude is deducted from the 90 days (第六十条)', () => {
  // 90 days from 3-01 end 5-30; 12 excluded days → 6-11 (a Tuesday, after 端午 6-10)
  const f = (decision: string, extra: Partial<DossierFacts> = {}) =>
    evalRule(pg({ filed: '2024-03-01', decision }, { extensionApproved: false, excludedDays: 12, excludedReason: '听证、产品检验', ...extra }), 'D-PEN-04');
  test('a hearing and lab testing of 12 days: decision on day 102 is in time, day 103 is late', () => {
    const at = f('2024-06-11');
    expect(at.status).toBe('pass');
    expect(at.computation).toContain('期限 90 日（自然日），扣除不计入期限的 12 日（听证、产品检验；部门办案程序规定');
    expect(at.computation).toContain('届满 2024-06-11');
    expect(f('2024-06-12').status).toBe('fail');
    expect(f('2024-06-11', { excludedDays: null }).status).toBe('fail');
  });
  test('exclusion and an approved extension add up; a bad count cannot be checked', () => {
    // 90 + 12 + 30 = 132 days from 3-01 → 7-11
    expect(f('2024-07-11', { extensionApproved: true }).status).toBe('pass');
    expect(f('2024-07-12', { extensionApproved: true }).status).toBe('fail');
    expect(f('2024-06-01', { excludedDays: -3 }).status).toBe('cannot_check');
  });
});

describe('computation texts', () => {
  test('the issue example, verbatim', () => {
    const e = evalRule(pg({ decision: '2024-05-06', decisionServed: '2024-05-16' }), 'D-PEN-11');
    expect(e.status).toBe('fail');
    expect(e.computation).toBe('决定日期 2024-05-06，送达日期 2024-05-16；期限 7 个工作日（第八十五条），5月11日为调休上班日，届满 2024-05-14；超期 2 个工作日');
    expect(e.findings[0]).toMatchObject({ ruleId: 'D-PEN-11', law: '行政处罚法', article: 61, severity: 'deduction', itemCode: 'PG-PROC-20' });
  });
  test('National Day in a working-day period', () => {
    // 7 working days after Fri 9-27: 9-29 (make-up), 9-30, 10-08…10-11, 10-12 (make-up Sat)
    const e = evalRule(pg({ decision: '2024-09-27', decisionServed: '2024-10-12' }), 'D-PEN-11');
    expect(e.status).toBe('pass');
    expect(e.computation).toContain('期限 7 个工作日（第八十五条），9月29日、10月12日为调休上班日，10月1日至10月7日为国庆节假期，届满 2024-10-12；未超期');
    const late = evalRule(pg({ decision: '2024-09-27', decisionServed: '2024-10-14' }), 'D-PEN-11');
    expect(late.computation).toContain('超期 1 个工作日');
  });
  test('Spring Festival roll-over onto a make-up Sunday', () => {
    const e = evalRule(pg({ decisionServed: '2024-01-30', paid: '2024-02-18' }), 'D-PEN-12');
    expect(e.computation).toBe(
      '送达日期 2024-01-30，缴款日期 2024-02-18；期限 15 日（自然日），名义届满日 2024-02-14 为休息日（春节），依民法典第二百零三条顺延，届满 2024-02-18（调休上班日）；未超期',
    );
  });
  test('90 days is a calendar-day period and 90 days from 2024-03-01 ends 2024-05-30', () => {
    const e = evalRule(pg({ filed: '2024-03-01', decision: '2024-05-31' }, { extensionApproved: false }), 'D-PEN-04');
    expect(e.computation).toBe('立案日期 2024-03-01，决定日期 2024-05-31；期限 90 日（自然日），届满 2024-05-30；超期 1 日');
    expect(e.findings[0]).toMatchObject({ article: 60, itemCode: 'PG-PROC-19' });
  });
  test('a period ending on an ordinary weekend rolls to Monday', () => {
    expect(evalRule(pg({ decisionServed: '2024-05-31', paid: '2024-06-17' }), 'D-PEN-12').status).toBe('pass');
    const late = evalRule(pg({ decisionServed: '2024-05-31', paid: '2024-06-18' }), 'D-PEN-12');
    expect(late.status).toBe('fail');
    expect(late.computation).toContain('名义届满日 2024-06-15 为休息日（周六）');
    expect(late.findings[0]!.severity).toBe('advisory');
  });
});

describe('extensions', () => {
  test('D-PEN-04: approved extension adds 30 days (120 from 2024-03-01 = Sat 06-29 → Mon 07-01)', () => {
    const f = (d: string) => pg({ filed: '2024-03-01', decision: d }, { extensionApproved: true });
    expect(evalRule(f('2024-07-01'), 'D-PEN-04').status).toBe('pass');
    expect(evalRule(f('2024-07-02'), 'D-PEN-04').status).toBe('fail');
  });
  test('D-PEN-04: extension not recorded and overrun → cannot check, not a finding', () => {
    const e = evalRule(pg({ filed: '2024-03-01', decision: '2024-06-10' }), 'D-PEN-04');
    expect(e.status).toBe('cannot_check');
    expect(e.findings.every((f) => f.kind === 'cannot_check' && f.severity === 'advisory')).toBe(true);
  });
  test('D-LIC-02: +10 working days when approved (→ 2024-11-06)', () => {
    const f = (d: string) => LI({ accepted: '2024-09-20', decision: d }, { extensionApproved: true });
    expect(evalRule(f('2024-11-06'), 'D-LIC-02').status).toBe('pass');
    expect(evalRule(f('2024-11-07'), 'D-LIC-02').status).toBe('fail');
  });
  test('D-ENF-02: extension approved before expiry counts; after expiry it does not', () => {
    const f = (ext: string, rel: string) => CEM({ seized: '2024-09-02', seizureExtended: ext, released: rel });
    // 60 days after 09-02 = 11-01 (Fri)
    expect(evalRule(f('2024-10-08', '2024-11-01'), 'D-ENF-02').status).toBe('pass');
    expect(evalRule(f('2024-10-08', '2024-11-02'), 'D-ENF-02').status).toBe('fail');
    const late = evalRule(f('2024-10-09', '2024-10-20'), 'D-ENF-02');
    expect(late.status).toBe('fail');
    expect(late.computation).toContain('晚于原期限届满日 2024-10-08，延长不计入');
  });
  test('period overrides let an office change a sector value', () => {
    const f = pg({ noticeServed: '2024-09-27', decision: '2024-10-09' }, { hearingRightNotified: false });
    expect(evalRule(f, 'D-PEN-06a').status).toBe('fail');
    // 3 working days: 9-29, 9-30, 10-08 → decision on 10-09 is fine
    expect(evalRule(f, 'D-PEN-06a', { settings: { periodOverrides: { 'D-PEN-06a': { length: 3 } } } }).status).toBe('pass');
    expect(evalRule(f, 'D-PEN-06a', { settings: { periodOverrides: { 'D-PEN-06a': { enabled: false } } } }).status).toBe('not_applicable');
  });
  test('hearing notice: inclusive convention allows the hearing on the 7th working day', () => {
    const f = (d: string) => pg({ hearingNotice: '2024-06-03', hearing: d });
    const inclusive = { settings: { noticeBeforeConvention: 'inclusive' as const } };
    expect(evalRule(f('2024-06-13'), 'D-PEN-08', inclusive).status).toBe('pass');
    expect(evalRule(f('2024-06-12'), 'D-PEN-08', inclusive).status).toBe('fail');
  });
  test('defence waived → no waiting period', () => {
    expect(evalRule(pg({ noticeServed: '2024-09-27', decision: '2024-09-28' }, { defenceWaived: true }), 'D-PEN-06a').status).toBe('pass');
  });
});

describe('statutory units in the table', () => {
  const unitOf = (id: string) => RULES.find((r) => r.id === id)!.computation;
  test('7/5 days of 行政处罚法 are working days; 15 and 90 are calendar days', () => {
    expect(unitOf('D-PEN-11')).toContain('7 个工作日（第八十五条）');
    expect(unitOf('D-PEN-03')).toContain('7 个工作日（第八十五条）');
    expect(unitOf('D-PEN-06b')).toContain('5 个工作日（第八十五条）');
    expect(unitOf('D-PEN-12')).toContain('15 日（自然日）');
    expect(unitOf('D-PEN-04')).toContain('90 日（自然日）');
  });
  test('行政强制法 30 days calendar; 行政许可法 agency periods working days', () => {
    expect(unitOf('D-ENF-02')).toContain('30 日（自然日）');
    expect(unitOf('D-LIC-02')).toContain('20 个工作日（第八十二条）');
    expect(unitOf('D-LIC-06')).toContain('10 个工作日（第八十二条）');
  });
});

describe('missing facts and missing holiday years', () => {
  test('missing date → cannot check with the field name', () => {
    const e = evalRule(pg({ decision: '2024-05-06' }), 'D-PEN-11');
    expect(e.status).toBe('cannot_check');
    expect(e.message).toBe('无法检查：缺少 决定送达日期');
    expect(e.findings).toEqual([expect.objectContaining({ kind: 'cannot_check', severity: 'advisory', message: '无法检查：缺少 决定送达日期' })]);
  });
  test('malformed date → cannot check', () => {
    expect(evalRule(pg({ decision: '2024-13-01', decisionServed: '2024-05-16' }), 'D-PEN-11').message).toContain('格式无效');
  });
  test('working-day period into 2027 → advisory "缺少 2027 年节假日安排"', () => {
    const e = evalRule(pg({ decision: '2026-12-28', decisionServed: '2027-01-08' }), 'D-PEN-11');
    expect(e.status).toBe('cannot_check');
    expect(e.message).toBe('无法检查：缺少 2027 年节假日安排，无法准确计算工作日');
    expect(e.findings[0]).toMatchObject({ kind: 'cannot_check', severity: 'advisory' });
  });
  test('an act within N calendar days is in time whatever the missing schedule says', () => {
    const e = evalRule(pg({ decision: '2026-12-28', decisionServed: '2027-01-04' }), 'D-PEN-11');
    expect(e.status).toBe('pass');
    const e2 = evalRule(pg({ decision: '2026-12-28', decisionServed: '2027-01-05' }), 'D-PEN-11');
    expect(e2.status).toBe('cannot_check');
  });
  test('calendar-day period in a year without schedule: near the end cannot check; far beyond it fails', () => {
    expect(evalRule(pg({ decisionServed: '2022-03-01', paid: '2022-03-20' }), 'D-PEN-12').status).toBe('cannot_check');
    expect(evalRule(pg({ decisionServed: '2022-03-01', paid: '2022-03-16' }), 'D-PEN-12').status).toBe('pass');
    expect(evalRule(pg({ decisionServed: '2022-03-01', paid: '2022-05-01' }), 'D-PEN-12').status).toBe('fail');
  });
  test('optional events: no hearing → not applicable; hearing held but date missing → cannot check', () => {
    expect(evalRule(pg({ hearingNotice: '2024-06-03' }), 'D-PEN-08').status).toBe('not_applicable');
    expect(evalRule(pg({ hearingNotice: '2024-06-03' }, { hearingHeld: true }), 'D-PEN-08').message).toBe('无法检查：缺少 听证日期');
  });
  test('onlyIf unknown and failing → cannot check; false → not applicable', () => {
    const f = (g: boolean | null) => LI({ decision: '2024-09-27', certificateIssued: '2024-10-17' }, { licenceGranted: g });
    expect(evalRule(f(null), 'D-LIC-06').status).toBe('cannot_check');
    expect(evalRule(f(false), 'D-LIC-06').status).toBe('not_applicable');
    expect(evalRule(f(true), 'D-LIC-06').status).toBe('fail');
  });
  test('dates in the wrong order → advisory', () => {
    const e = evalRule(pg({ decision: '2024-05-06', decisionServed: '2024-05-01' }), 'D-PEN-11');
    expect(e.findings[0]).toMatchObject({ severity: 'advisory', kind: 'violation' });
    expect(e.message).toContain('日期顺序异常');
  });
});

