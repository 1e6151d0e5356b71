import { describe, expect, test } from 'vitest';
import {
  createBenchmarkLookup,
  RULES,
  describeRules,
  runRules,
  type DocumentTag,
  type DossierFacts,
} from '../../shared/domain/rules';
import { cal, evalRule, pg } from './helpers';

const BENCH = createBenchmarkLookup([
  {
    violationCode: 'SC-053',
    violationName: '未按规定查验记录进货',
    source: '示例基准（测试数据）',
    effectiveFrom: '2023-01-01',
    tiers: [
      { circumstance: '轻微', fineMinYuan: 5000, fineMaxYuan: 18500, label: '从轻' },
      { circumstance: '一般', fineMinYuan: 18500, fineMaxYuan: 36500, label: '一般' },
      { circumstance: '严重', fineMinYuan: 36500, fineMaxYuan: 50000, label: '从重' },
    ],
  },
]);

const PG_DOCS: DocumentTag[] = [
  ['COVER', 1],
  ['CATALOGUE', 2],
  ['CASE_SOURCE', 3],
  ['FILING_APPROVAL', 4],
  ['INQUIRY_RECORD', 5],
  ['SITE_INSPECTION_RECORD', 8],
  ['EVIDENCE', 10],
  ['INVESTIGATION_REPORT', 20],
  ['PENALTY_NOTICE', 22],
  ['SERVICE_RECEIPT', 24],
  ['DECISION_APPROVAL', 25],
  ['PENALTY_DECISION', 26],
  ['SERVICE_RECEIPT', 29],
  ['PAYMENT_VOUCHER', 30],
  ['CLOSING_REPORT', 31],
  ['RECORD_SHEET', 32],
].map(([docType, page]) => ({ docType: docType as string, page: page as number }));

/** A clean 一般程序 dossier: every rule passes or is not applicable. */
function cleanPg(): DossierFacts {
  return pg(
    {
      violationEnded: '2024-02-20',
      discovered: '2024-02-28',
      filed: '2024-03-01',
      noticeServed: '2024-05-06',
      decision: '2024-05-20',
      decisionServed: '2024-05-22',
      paid: '2024-06-05',
      lastEvidence: '2024-04-28',
    },
    {
      partyType: '单位',
      officers: [
        { name: '张三', certNo: 'A001' },
        { name: '李四', certNo: 'A002' },
      ],
      penaltyKinds: ['罚款'],
      fineFen: 20_000_00,
      violationCode: 'SC-053',
      circumstance: '一般',
      hearingRightNotified: false,
      defenceWaived: false,
      extensionApproved: false,
      legalReview: false,
      collectiveDiscussion: false,
      seriousHarm: false,
    },
  );
}

describe('runRules', () => {
  test('a clean dossier has no findings and every rule is evaluated once', () => {
    const r = runRules(cleanPg(), { calendar: cal, documents: PG_DOCS, benchmarks: BENCH });
    expect(r.findings).toEqual([]);
    expect(r.evaluations.map((e) => e.ruleId)).toEqual(RULES.map((d) => d.id));
    const byStatus = (s: string) => r.evaluations.filter((e) => e.status === s).map((e) => e.ruleId);
    expect(byStatus('fail')).toEqual([]);
    expect(byStatus('cannot_check')).toEqual([]);
    expect(byStatus('pass')).toEqual(
      expect.arrayContaining(['D-PEN-01', 'D-PEN-02', 'D-PEN-13', 'D-PEN-18', 'D-PEN-04', 'D-PEN-05', 'D-PEN-06a', 'D-PEN-11', 'D-PEN-12', 'D-PEN-19', 'DISC-RANGE', 'DOC-REQ', 'DOC-ORDER']),
    );
  });

  test('a dossier with missing facts yields only cannot-check advisories, no false findings', () => {
    const r = runRules(pg({}), { calendar: cal });
    expect(r.findings.length).toBeGreaterThan(5);
    for (const f of r.findings) {
      expect(f.kind).toBe('cannot_check');
      expect(f.severity).toBe('advisory');
      expect(f.message.startsWith('无法检查：')).toBe(true);
    }
    for (const e of r.evaluations) expect(['cannot_check', 'not_applicable']).toContain(e.status);
    expect(r.evaluations.find((e) => e.ruleId === 'D-PEN-11')!.message).toBe('无法检查：缺少 决定日期、决定送达日期');
  });

  test('partially missing facts never turn into violations', () => {
    const facts = cleanPg();
    facts.dates.decisionServed = null;
    facts.fineFen = null;
    facts.officers = null;
    facts.extensionApproved = null;
    const r = runRules(facts, { calendar: cal });
    expect(r.findings.filter((f) => f.kind === 'violation')).toEqual([]);
  });

  test('unknown procedure → 行政处罚 rules cannot be checked; other types not applicable', () => {
    const r = runRules({ caseType: '行政处罚', dates: {} }, { calendar: cal });
    expect(r.evaluations.find((e) => e.ruleId === 'D-PEN-04')!.message).toBe('无法检查：缺少 程序类型（普通程序/简易程序）');
    expect(r.evaluations.find((e) => e.ruleId === 'D-LIC-02')!.status).toBe('not_applicable');
  });

  test('case types outside a rule’s scope are not applicable', () => {
    expect(evalRule({ caseType: '行政许可', dates: { filed: '2024-01-01', decision: '2024-12-01' } }, 'D-PEN-04').status).toBe('not_applicable');
  });

  test('a year without a schedule → the rule reports cannot check, never pass/fail', () => {
    const facts = pg({ decision: '2027-03-01', decisionServed: '2027-03-15' });
    const r = runRules(facts, { calendar: cal });
    const e = r.evaluations.find((x) => x.ruleId === 'D-PEN-11')!;
    expect(e.status).toBe('cannot_check');
    expect(e.findings[0]!.message).toContain('缺少 2027 年节假日安排，无法准确计算工作日');
  });
});

describe('RULES', () => {
  test('ids unique, labelled, laws and article numbers as integers', () => {
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of RULES) {
      expect(r.label.length).toBeGreaterThan(3);
      expect(r.appliesTo.length).toBeGreaterThan(0);
      expect(r.computation.length).toBeGreaterThan(5);
      if (r.law !== null) expect(Number.isInteger(r.article)).toBe(true);
    }
    expect(ids).toEqual(expect.arrayContaining(['D-PEN-04', 'D-PEN-11', 'D-PEN-14', 'D-LIC-02', 'D-ENF-02', 'D-ENF-04', 'DOC-REQ', 'DOC-ORDER', 'DISC-RANGE']));
  });
  test('describeRules reflects an office’s settings', () => {
    const d = describeRules({ periodOverrides: { 'D-PEN-06a': { length: 3 } } }).find((r) => r.id === 'D-PEN-06a')!;
    expect(d.computation).toContain('3 个工作日');
    expect(RULES.find((r) => r.id === 'D-PEN-06a')!.computation).toContain('5 个工作日');
  });
});

describe('required documents and filing order', () => {
  const run = (docs: DocumentTag[], facts: DossierFacts = cleanPg(), settings = {}) =>
    runRules(facts, { calendar: cal, documents: docs, benchmarks: BENCH, settings });
  test('a missing document is a finding with its item code', () => {
    const r = run(PG_DOCS.filter((d) => d.docType !== 'PENALTY_NOTICE'));
    const f = r.findings.filter((x) => x.ruleId === 'DOC-REQ');
    expect(f).toEqual([expect.objectContaining({ itemCode: 'PG-PROC-14', severity: 'veto', message: '卷内缺少行政处罚事先告知书' })]);
  });
  test('tags may use the Chinese title', () => {
    const docs = PG_DOCS.map((d) => (d.docType === 'PENALTY_NOTICE' ? { ...d, docType: '行政处罚事先告知书' } : d));
    expect(run(docs).findings).toEqual([]);
  });
  test('conditional documents: 听证笔录 only when a hearing was held', () => {
    const facts = cleanPg();
    expect(run(PG_DOCS, facts).findings.filter((x) => x.ruleId === 'DOC-REQ')).toEqual([]);
    facts.hearingHeld = true;
    const msgs = run(PG_DOCS, facts).findings.filter((x) => x.ruleId === 'DOC-REQ').map((x) => x.message);
    expect(msgs).toEqual(expect.arrayContaining([expect.stringContaining('听证笔录'), expect.stringContaining('听证通知书')]));
  });
  test('a seizure ends by 解除, 没收 or 销毁 (行政强制法 第二十七条): no missing 解除 document after a confiscation', () => {
    const seizure: DossierFacts = { caseType: '行政强制', procedure: '强制措施', dates: { seized: '2024-06-03', released: '2024-06-20' } };
    const docs = (end: string): DocumentTag[] => [
      { docType: 'SITE_INSPECTION_RECORD', page: 1 },
      { docType: 'SEIZURE_DECISION', page: 2 },
      { docType: 'SEIZURE_LIST', page: 3 },
      { docType: end, page: 4 },
      { docType: 'SERVICE_RECEIPT', page: 5 },
    ];
    const missing = (end: string) => run(docs(end), seizure).findings.filter((x) => x.ruleId === 'DOC-REQ').map((x) => x.itemCode);
    expect(missing('SEIZURE_RELEASE')).toEqual([]);
    expect(missing('CONFISCATION_DECISION')).toEqual([]);
    expect(missing('销毁决定书')).toEqual([]);
    expect(missing('OTHER')).toEqual(['CE-PROC-07']);
  });
  test('a document out of order → 立卷 advisory PG-DOC-06', () => {
    const docs = PG_DOCS.map((d) => (d.docType === 'FILING_APPROVAL' ? { ...d, page: 27 } : d));
    const f = run(docs).findings.filter((x) => x.ruleId === 'DOC-ORDER');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ itemCode: 'PG-DOC-06', severity: 'advisory' });
    expect(f[0]!.message).toContain('立案审批表（第 27 页）应排在');
  });
  test('decision-first filing is a setting', () => {
    const docs = PG_DOCS.map((d) => (d.docType === 'PENALTY_DECISION' ? { ...d, page: 2.5 } : d));
    expect(run(docs).findings.filter((x) => x.ruleId === 'DOC-ORDER')).toHaveLength(1);
    expect(run(docs, cleanPg(), { decisionFirstFiling: true }).findings.filter((x) => x.ruleId === 'DOC-ORDER')).toHaveLength(0);
  });
  test('no document tags → cannot check', () => {
    expect(evalRule(cleanPg(), 'DOC-REQ').message).toBe('无法检查：缺少 卷内文书标注');
  });
});

describe('discretion benchmarks', () => {
  const f = (fine: number, circumstance: DossierFacts['circumstance'] = '一般', reason: string | null = null) => {
    const x = cleanPg();
    x.fineFen = fine * 100;
    x.circumstance = circumstance;
    x.discretionReason = reason;
    return x;
  };
  const st = (x: DossierFacts) => evalRule(x, 'DISC-RANGE', { benchmarks: BENCH });
  test('range ends are inclusive; one yuan outside is a finding', () => {
    expect([18_499, 18_500, 36_500, 36_501].map((n) => st(f(n)).status)).toEqual(['fail', 'pass', 'pass', 'fail']);
    const e = st(f(40_000));
    expect(e.findings[0]).toMatchObject({ itemCode: 'PG-DISC-01', article: 34, law: '行政处罚法', severity: 'deduction' });
    expect(e.findings[0]!.computation).toContain('基准罚款幅度 18500 元～36500 元');
  });
  test('outside the tier with a recorded reason → no finding', () => {
    const e = st(f(40_000, '一般', '当事人多次违法，依基准第八条从重'));
    expect(e.status).toBe('pass');
    expect(e.findings).toEqual([]);
  });
  test('simple procedure maps to PS-DISC-01', () => {
    const x: DossierFacts = { caseType: '行政处罚', procedure: '简易程序', dates: { decision: '2024-05-01' }, fineFen: 100_00, violationCode: 'SC-053', circumstance: '轻微' };
    expect(st(x).findings[0]!.itemCode).toBe('PS-DISC-01');
  });
  test('missing benchmark, code or tier → cannot check', () => {
    expect(evalRule(f(20_000), 'DISC-RANGE').message).toContain('缺少 裁量基准');
    const unknown = f(20_000);
    unknown.violationCode = 'XX-999';
    expect(st(unknown).message).toContain('未找到违法行为编码 XX-999');
    expect(st(f(20_000, '较重')).message).toContain('未规定“较重”档次');
    const before = f(20_000);
    before.dates.decision = '2022-12-01';
    expect(st(before).status).toBe('cannot_check');
  });
});
