import { describe, expect, it } from 'vitest';
import { cal } from '../rules/helpers';
import { documentTitle } from '../../shared/domain/documents';
import { runRules, type Finding } from '../../shared/domain/rules';
import {
  answerFromAbsence,
  compareFacts,
  engineFacts,
  inferProcedure,
  mismatchFinding,
  findOfficers,
  parseAmountFen,
  parseDate,
  readDocument,
  type FactDocument,
} from '../../shared/domain/facts';

const doc = (docType: string, pages: string[][]): FactDocument => ({
  docType,
  title: documentTitle(docType),
  pages: pages.map((lines, i) => ({ page: 10 + i, fileId: 'f1', filePage: 10 + i, lines: lines.map((text) => ({ text, box: null })) })),
});

describe('date reader', () => {
  it('reads figures, Chinese numerals and OCR noise', () => {
    expect(parseDate('2024年5月23日')).toBe('2024-05-23');
    expect(parseDate('日期：2024 年 5 月 23 日')).toBe('2024-05-23');
    expect(parseDate('二〇二四年五月二十三日')).toBe('2024-05-23');
    expect(parseDate('二O二四年十二月三十一日')).toBe('2024-12-31'); // 〇 misread as O
    expect(parseDate('二o二四年十月一日')).toBe('2024-10-01');
    expect(parseDate('２０２４年５月２３日')).toBe('2024-05-23'); // full-width digits
    expect(parseDate('2O24年5月3曰')).toBe('2024-05-03'); // O for 0, 曰 for 日
    expect(parseDate('2024.05.23')).toBe('2024-05-23');
  });
  it('refuses dates that do not exist', () => {
    expect(parseDate('2024年2月30日')).toBeNull();
    expect(parseDate('二〇二四年十三月一日')).toBeNull();
    expect(parseDate('第5条第2款')).toBeNull();
  });
  it('reads a date split over two lines', () => {
    const d = doc('PENALTY_NOTICE', [['示例市市场监督管理局', '本局拟作出处罚。', '2024年5月', '23日']]);
    expect(readDocument(d).find((f) => f.key === 'dateNotice')?.value).toBe('2024-05-23');
  });
});

describe('amount reader', () => {
  it('reads figures, 万元 and capitals', () => {
    expect(parseAmountFen('罚款人民币5,000.00元')).toBe(500000);
    expect(parseAmountFen('罚款１．２万元')).toBe(1200000);
    expect(parseAmountFen('罚款人民币伍仟元整')).toBe(500000);
    expect(parseAmountFen('壹万贰仟叁佰元伍角')).toBe(1230050);
    expect(parseAmountFen('人民币壹仟零伍拾元')).toBe(105000);
    expect(parseAmountFen('¥3000')).toBe(300000);
  });
  it('takes the fine imposed, not the statute range quoted before it', () => {
    const d = doc('PENALTY_DECISION', [
      [
        '依据《食品安全法》第一百二十四条，可处五万元以上十万元以下罚款。',
        '本局决定对当事人作出如下行政处罚：',
        '1.罚款人民币陆万元整（¥60000.00）；',
        '2.没收违法所得人民币1200元。',
        '当事人应当自收到本决定书之日起十五日内缴纳罚款。',
        '二〇二四年六月三日',
      ],
    ]);
    const facts = readDocument(d);
    expect(facts.find((f) => f.key === 'fineFen')?.value).toBe(6000000);
    expect(facts.find((f) => f.key === 'confiscationFen')?.value).toBe(120000);
    expect(facts.find((f) => f.key === 'penaltyKinds')?.value).toEqual(['罚款', '没收违法所得']);
    expect(facts.find((f) => f.key === 'dateDecision')).toMatchObject({ value: '2024-06-03', page: 10 });
  });
});

describe('officer reader', () => {
  it('pairs names and certificate numbers in every layout', () => {
    expect(findOfficers(['执法人员：李示范（执法证号：14010001）、王样本（执法证号：14010002）'])).toEqual([
      { name: '李示范', certNo: '14010001' },
      { name: '王样本', certNo: '14010002' },
    ]);
    expect(findOfficers(['询问人：李示范 执法证号：１４０１０００１', '记录人：王样本 执法证号：14010002'])).toEqual([
      { name: '李示范', certNo: '14010001' },
      { name: '王样本', certNo: '14010002' },
    ]);
    expect(findOfficers(['执法人员：李示范、王样本 执法证号：14010001、14010002'])).toEqual([
      { name: '李示范', certNo: '14010001' },
      { name: '王样本', certNo: '14010002' },
    ]);
  });
});

describe('document readers', () => {
  it('a 送达回证 dates the document it served', () => {
    const served = (title: string) =>
      readDocument(doc('SERVICE_RECEIPT', [['送达回证', `送达文书名称：${title}（示市监罚〔2024〕3号）`, '受送达人：某公司', '送达日期：2024年5月30日']]));
    expect(served('行政处罚决定书')).toMatchObject([{ key: 'dateDecisionServed', value: '2024-05-30', page: 10, line: '送达日期：2024年5月30日' }]);
    expect(served('行政处罚事先告知书')).toMatchObject([{ key: 'dateNoticeServed', value: '2024-05-30' }]);
    expect(served('查封扣押决定书')).toMatchObject([{ key: 'dates.seizureDecisionHanded', value: '2024-05-30' }]);
  });
  it('an approval form proves its flag unless it was refused', () => {
    expect(readDocument(doc('EXTENSION_APPROVAL', [['延期审批表', '负责人意见：同意延长办案期限三十日。']]))).toMatchObject([{ key: 'extensionApproved', value: true }]);
    expect(readDocument(doc('EXTENSION_APPROVAL', [['延期审批表', '负责人意见：不同意延期。']]))).toMatchObject([{ key: 'extensionApproved', value: false }]);
  });
  it('dates of the coercion and licensing documents', () => {
    expect(readDocument(doc('SEIZURE_EXTENSION', [['延长查封扣押决定书', '查封扣押期限延长三十日。', '二〇二四年七月一日']]))).toMatchObject([{ key: 'dateSeizureExtended', value: '2024-07-01' }]);
    expect(readDocument(doc('FILING_APPROVAL', [['立案审批表', '立案日期：2024年3月4日', '负责人：同意 2024年3月5日']]))).toMatchObject([{ key: 'dateFiled', value: '2024-03-04' }]);
    expect(readDocument(doc('ACCEPTANCE_NOTICE', [['受理通知书', '你单位的申请材料齐全，决定受理。', '2024年4月1日']]))).toMatchObject([{ key: 'dateAccepted', value: '2024-04-01' }]);
    expect(readDocument(doc('HEARING_NOTICE', [['听证通知书', '本机关定于2024年6月10日9时举行听证。', '2024年6月1日']])).map((f) => [f.key, f.value])).toEqual([
      ['dateHearingNotice', '2024-06-01'],
      ['dateHearing', '2024-06-10'],
    ]);
  });
});

describe('precedence and comparison', () => {
  const register = { caseType: '行政处罚', procedure: '一般程序', dateDecisionServed: '2024-05-23', fineFen: 500000, officers: [], penaltyKinds: [] };
  const read = readDocument(doc('SERVICE_RECEIPT', [['送达文书名称：行政处罚决定书', '送达日期：2024年5月30日']]));

  it('a correction wins over the dossier, the dossier over the register', () => {
    expect(engineFacts(register, {}, {}).dates.decisionServed).toBe('2024-05-23');
    expect(engineFacts(register, {}, { dateDecisionServed: '2024-05-30' }).dates.decisionServed).toBe('2024-05-30');
    expect(engineFacts(register, { dateDecisionServed: '2024-05-31' }, { dateDecisionServed: '2024-05-30' }).dates.decisionServed).toBe('2024-05-31');
  });
  it('says which source each fact takes and whether register and dossier agree', () => {
    const c = compareFacts(register, {}, read);
    expect(c.find((x) => x.key === 'dateDecisionServed')).toMatchObject({ register: '2024-05-23', used: '2024-05-30', source: 'dossier', status: 'differs' });
    expect(c.find((x) => x.key === 'fineFen')).toMatchObject({ used: 500000, source: 'register', status: 'register-only' });
    const corrected = compareFacts(register, { dateDecisionServed: '2024-05-31' }, read);
    expect(corrected.find((x) => x.key === 'dateDecisionServed')).toMatchObject({ used: '2024-05-31', source: 'correction', status: 'differs' });
  });
});

describe('程序类型 inference and evidence of absence', () => {
  it('a 行政强制 row registered as 一般程序 is 强制措施 when a seizure date or document shows it, and says so', () => {
    expect(inferProcedure('行政强制', '一般程序', '2024-03-05', null)).toMatchObject({ procedure: '强制措施', reason: expect.stringContaining('登记为“一般程序”') });
    expect(inferProcedure('行政强制', '一般程序', null, [{ docType: 'SEIZURE_DECISION', page: 4 }])!.reason).toContain('查封扣押决定书（第4页）');
    expect(inferProcedure('行政强制', null, null, [{ docType: 'REMINDER', page: 9 }])).toMatchObject({ procedure: '强制执行' });
    expect(inferProcedure('行政强制', '强制措施', '2024-03-05', null)).toBeNull();
    expect(inferProcedure('行政处罚', '一般程序', '2024-03-05', null)).toBeNull();
    expect(inferProcedure('行政强制', '一般程序', null, [{ docType: 'FILING_APPROVAL', page: 1 }])).toBeNull();
  });

  it('the checks run the coercion rules on such a row instead of "cannot check"', () => {
    const facts = engineFacts({ caseType: '行政强制', procedure: '一般程序', dateSeized: '2024-03-05', officers: [], penaltyKinds: [] }, {});
    const calendar = cal;
    const before = runRules(facts, { calendar });
    expect(before.evaluations.some((e) => e.message.includes('缺少 程序类型'))).toBe(true);
    const inferred = inferProcedure('行政强制', facts.procedure ?? null, facts.dates.seized ?? null, null)!;
    const after = runRules({ ...facts, procedure: inferred.procedure }, { calendar });
    expect(after.evaluations.some((e) => e.message.includes('缺少 程序类型'))).toBe(false);
  });

  const cannot = (message: string): Finding => ({ ruleId: 'D-X', kind: 'cannot_check', law: '行政处罚法', article: 62, severity: 'advisory', itemCode: null, message, computation: '' });
  it('no 事先告知书 and no 告知日期 becomes the finding under 第四十四条; with the document there it stays', () => {
    const missing = [cannot('无法检查：缺少 告知书送达日期'), cannot('无法检查：缺少 告知书日期、决定日期')];
    const without = answerFromAbsence(missing, '行政处罚', [{ docType: 'PENALTY_DECISION', page: 5 }]);
    expect(without).toHaveLength(1);
    expect(without[0]).toMatchObject({ kind: 'violation', law: '行政处罚法', article: 44, severity: 'deduction' });
    expect(without[0]!.message).toContain('第六十二条');
    expect(answerFromAbsence(missing, '行政处罚', [{ docType: 'PENALTY_NOTICE', page: 3 }])).toEqual(missing);
    // Without any file nothing is known to be absent.
    expect(answerFromAbsence(missing, '行政处罚', null)).toEqual(missing);
  });

  it('a difference is a finding listing each one with both values and the page', () => {
    const read = readDocument(doc('SERVICE_RECEIPT', [['送达文书名称：行政处罚决定书', '送达日期：2024年5月30日']]));
    const f = mismatchFinding(compareFacts({ caseType: '行政处罚', dateDecisionServed: '2024-05-23' }, {}, read))!;
    expect(f.message).toContain('登记信息与卷内不一致');
    expect(f.computation).toBe('决定送达日期：登记 2024年5月23日，卷内 送达回证（第10页）：2024年5月30日');
    expect(mismatchFinding(compareFacts({ caseType: '行政处罚', dateDecisionServed: '2024-05-30' }, {}, read))).toBeNull();
  });
});
