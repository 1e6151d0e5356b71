import { describe, expect, it } from 'vitest';
import {
  checkResidentId,
  diffDossierInputs,
  contentKey,
  gb11643CheckChar,
  looksLikeResidentId,
  parseAmountFen,
  parseDate,
  parseYesNo,
  resolveMapping,
  splitList,
  suggestMapping,
  normaliseHeader,
  validateRegisterTable,
  type RegisterTable,
} from '../../shared/domain/register';
import { mulberry32 } from '../../shared/domain/sampling';
import { fictionalResidentId } from '../fixtures/registers';

describe('parseDate', () => {
  it.each([
    ['2024-03-05', '2024-03-05'],
    ['2024/3/5', '2024-03-05'],
    ['2024.3.5', '2024-03-05'],
    ['2024年3月5日', '2024-03-05'],
    ['2024年03月05', '2024-03-05'],
    [' 2024-3-5 ', '2024-03-05'],
    ['2024/3/5 0:00', '2024-03-05'],
    ['2024-03-05 00:00:00', '2024-03-05'],
    ['2024-02-29', '2024-02-29'],
  ])('accepts %s', (input, iso) => {
    expect(parseDate(input)).toEqual({ ok: true, value: iso });
  });

  it.each([
    ['2024-02-30', /2024年2月没有第 30 日/],
    ['2023-02-29', /2023年2月没有第 29 日/],
    ['2024-13-01', /月份 13 不存在/],
    ['2024-04-31', /没有第 31 日/],
    ['昨天', /无法识别/],
    ['2024-3', /无法识别/],
    ['1900-01-01', /超出合理范围/],
  ])('rejects %s with a reason', (input, reason) => {
    const r = parseDate(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(reason);
  });
});

describe('parseAmountFen', () => {
  it.each([
    ['5000', 500000],
    ['5000.5', 500050],
    ['5000.05', 500005],
    ['1,234,567.89', 123456789],
    ['12,000元', 1200000],
    ['¥300', 30000],
    ['0', 0],
    ['0.10', 10],
    ['12.500000', 1250],
  ])('%s → %i fen', (input, fen) => {
    expect(parseAmountFen(input)).toEqual({ ok: true, value: fen });
  });

  it.each([
    ['-100', /不能为负数/],
    ['－100元', /不能为负数/],
    ['一千元', /不是数字金额/],
    ['12.345', /最多精确到分/],
    ['1,23,4', /千分位/],
    ['100万', /不是数字金额/],
  ])('rejects %s', (input, reason) => {
    const r = parseAmountFen(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(reason);
  });
});

describe('yes/no and lists', () => {
  it('reads 是/否 and rejects anything else', () => {
    expect(parseYesNo('是')).toEqual({ ok: true, value: true });
    expect(parseYesNo(' 否 ')).toEqual({ ok: true, value: false });
    expect(parseYesNo('可能').ok).toBe(false);
    expect(parseYesNo('').ok).toBe(false);
  });

  it('splits on 、 , ， ; ； and drops blanks', () => {
    expect(splitList('警告、罚款，没收违法所得;责令改正；; ')).toEqual(['警告', '罚款', '没收违法所得', '责令改正']);
    expect(splitList('')).toEqual([]);
  });
});

describe('GB 11643 ID numbers', () => {
  it('computes the check character of the standard example', () => {
    expect(gb11643CheckChar('11010519491231002')).toBe('X');
    expect(checkResidentId('11010519491231002X')).toEqual({ ok: true });
    expect(checkResidentId('11010519491231002x')).toEqual({ ok: true });
  });

  it('accepts generated numbers and flags a changed check digit', () => {
    const rand = mulberry32(7);
    for (let i = 0; i < 200; i++) {
      const id = fictionalResidentId(rand);
      expect(checkResidentId(id), id).toEqual({ ok: true });
      const wrong = id.slice(0, 17) + (id[17] === '1' ? '2' : '1');
      const r = checkResidentId(wrong);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.reason).toContain(`应为 ${id[17]}`);
    }
  });

  it('tells ID-shaped values from credit codes', () => {
    expect(looksLikeResidentId('11010519491231002X')).toBe(true);
    expect(looksLikeResidentId('91110000MA01ABCD2X')).toBe(false);
    expect(looksLikeResidentId('110105194912310')).toBe(false);
  });
});

describe('headers and mapping', () => {
  it('normalises decorated headers', () => {
    expect(normaliseHeader('*案卷编号')).toBe('案卷编号');
    expect(normaliseHeader(' 罚款金额（元） ')).toBe('罚款金额');
    expect(normaliseHeader('\uFEFF结案 日期')).toBe('结案日期');
  });

  it('suggests exact names and common synonyms, each template column once', () => {
    const m = suggestMapping(['案号', '办案单位', '案件类型', '案由', '当事人名称', '结案时间', '备注', '当事人']);
    expect(m).toEqual({
      案号: '案卷编号',
      办案单位: '执法单位',
      案件类型: '案件类型',
      案由: '案由',
      当事人名称: null, // 当事人 itself is present and wins
      结案时间: '结案日期',
      备注: null,
      当事人: '当事人',
    });
  });

  it('lets a saved mapping and then an explicit one override the suggestion', () => {
    const headers = ['编号', '主办机关', '类型', '事由', '相对人', '办结'];
    const saved = { 主办机关: '执法单位', 类型: '案件类型', 事由: '案由', 办结: '结案日期' };
    const m = resolveMapping(headers, { saved, explicit: { 编号: null, 相对人: '当事人' } });
    expect(m).toEqual({ 编号: null, 主办机关: '执法单位', 类型: '案件类型', 事由: '案由', 相对人: '当事人', 办结: '结案日期' });
  });
});

describe('validateRegisterTable', () => {
  const headers = ['案卷编号', '执法单位', '案件类型', '案由', '当事人', '结案日期', '承办人', '执法证号', '备注'];
  const table = (rows: string[][]): RegisterTable => ({ headers, headerRow: 1, rows: rows.map((cells, i) => ({ row: i + 2, cells })) });
  const opts = { file: 'a.csv', mapping: resolveMapping(headers), today: '2025-01-10' };

  it('pairs officers by position and keeps unknown columns as extras', () => {
    const r = validateRegisterTable(table([['A1', '示例市生态环境局', '行政处罚', '案由', '张某某', '2024-05-01', '甲、乙', '001、002', '已归档']]), opts);
    expect(r.errors).toEqual([]);
    expect(r.rows[0].record.officers).toEqual([{ name: '甲', certNo: '001' }, { name: '乙', certNo: '002' }]);
    expect(r.rows[0].record.extra).toEqual({ 备注: '已归档' });
    expect(r.rows[0].raw.备注).toBe('已归档');
  });

  it('warns when officer and certificate counts differ', () => {
    const r = validateRegisterTable(table([['A1', 'U', '行政处罚', '案由', '张某某', '2024-05-01', '甲、乙', '001', '']]), opts);
    expect(r.errors).toEqual([]);
    expect(r.rows[0].record.officers).toEqual([{ name: '甲', certNo: '001' }, { name: '乙', certNo: null }]);
    expect(r.warnings).toEqual([expect.objectContaining({ row: 2, column: '执法证号', value: '001' })]);
  });

  it('warns about dates more than a day after the import date, but not the next day', () => {
    const r = validateRegisterTable(
      table([
        ['A1', 'U', '行政处罚', '案由', '张某某', '2025-01-11', '', '', ''],
        ['A2', 'U', '行政处罚', '案由', '张某某', '2025-01-12', '', '', ''],
      ]),
      opts,
    );
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([expect.objectContaining({ row: 3, column: '结案日期', value: '2025-01-12' })]);
    expect(r.warnings[0].message).toContain('晚于导入日期');
  });
});

describe('diffing', () => {
  const base = () => {
    const headers = ['案卷编号', '执法单位', '案件类型', '案由', '当事人', '结案日期', '罚款金额', '法制审核', '备注'];
    const v = validateRegisterTable(
      { headers, headerRow: 1, rows: [{ row: 2, cells: ['A1', 'U', '行政处罚', '案由', '张某某', '2024-05-01', '500', '是', 'x'] }] },
      { file: 'f', mapping: resolveMapping(headers), today: '2025-01-01' },
    );
    return v.rows[0].record;
  };

  it('lists each differing field with its label and display values', () => {
    const a = base();
    const b = { ...base(), fineFen: 80000, legalReview: false, extra: { 备注: 'y' } };
    expect(diffDossierInputs(a, b)).toEqual([
      { field: 'fineFen', label: '罚款金额', before: '500.00', after: '800.00' },
      { field: 'legalReview', label: '法制审核', before: '是', after: '否' },
      { field: 'extra:备注', label: '备注', before: 'x', after: 'y' },
    ]);
    expect(diffDossierInputs(a, base())).toEqual([]);
  });

  it('gives equal records equal content keys and different ones different keys', () => {
    expect(contentKey(base())).toBe(contentKey(base()));
    expect(contentKey({ ...base(), party: '李某某' })).not.toBe(contentKey(base()));
    expect(contentKey({ ...base(), extra: {} })).not.toBe(contentKey(base()));
  });
});
