import { describe, expect, test } from 'vitest';
import { CN_HOLIDAYS, computeDeadline, createWorkCalendar, formatHolidayFile, mergeHolidayData, parseHolidayFile } from '../../shared/domain/calendar';

const GOOD = [
  '\uFEFF# 2027 年安排（示例数据，仅用于测试）',
  '年份,日期,类型,名称',
  '2027,,source,国务院办公厅关于2027年部分节假日安排的通知',
  '2027,2027-01-01,holiday,元旦',
  '2027,2027-02-06~2027-02-12,放假,春节',
  '2027,2027-02-14,调休上班,春节调休上班',
  '',
].join('\r\n');

describe('holiday file parser', () => {
  test('parses a valid file (BOM, CRLF, header, comment, Chinese kinds, ranges)', () => {
    const r = parseHolidayFile(GOOD);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.years).toEqual([
      {
        year: 2027,
        source: '国务院办公厅关于2027年部分节假日安排的通知',
        entries: [
          { kind: 'holiday', name: '元旦', from: '2027-01-01' },
          { kind: 'holiday', name: '春节', from: '2027-02-06', to: '2027-02-12' },
          { kind: 'workday', name: '春节调休上班', from: '2027-02-14' },
        ],
      },
    ]);
  });

  test('round-trips through formatHolidayFile', () => {
    const again = parseHolidayFile(formatHolidayFile(CN_HOLIDAYS.years));
    expect(again.ok).toBe(true);
    if (again.ok) expect(again.years.map((y) => y.entries)).toEqual(CN_HOLIDAYS.years.map((y) => y.entries));
  });

  test('a parsed year is usable by the calendar after merging', () => {
    const r = parseHolidayFile(GOOD);
    if (!r.ok) throw new Error('parse failed');
    const c = createWorkCalendar(mergeHolidayData(CN_HOLIDAYS, r.years));
    const d = computeDeadline(c, '2027-02-05', 1, 'working');
    expect(d.ok && d.deadline).toBe('2027-02-14');
  });

  test('errors carry line numbers', () => {
    const text = [
      '年份,日期,类型,名称', // 1
      '2027,,source,国务院办公厅关于2027年部分节假日安排的通知', // 2
      '2027,2027-02-30,holiday,春节', // 3 invalid date
      '2027,2027-02-10,vacation,春节', // 4 bad kind
      '2027,2027-02-10,workday,调休', // 5 Wednesday
      '2027,2027-01-01', // 6 columns
      '2027,2027-01-01,holiday,元旦', // 7 ok
      '2027,2027-01-01,holiday,元旦', // 8 duplicate
      '2027,2027-03-10~2027-03-01,holiday,x', // 9 reversed
      '2027,2028-05-01,holiday,劳动节', // 10 wrong year
      '27,2027-05-01,holiday,劳动节', // 11 bad year
      '2027,2027-05-01,holiday,', // 12 empty name
      '2027,,source,重复', // 13 duplicate source
      '2027,2027-07-01~2027-07-31,holiday,过长', // 14 too long
    ].join('\n');
    const r = parseHolidayFile(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const byLine = new Map(r.errors.map((e) => [e.line, e.message]));
    expect([...byLine.keys()]).toEqual([3, 4, 5, 6, 8, 9, 10, 11, 12, 13, 14]);
    expect(byLine.get(3)).toBe('第 3 行：日期无效：“2027-02-30”（应为 YYYY-MM-DD 或 YYYY-MM-DD~YYYY-MM-DD）');
    expect(byLine.get(4)).toContain('类型无效');
    expect(byLine.get(5)).toBe('第 5 行：调休上班日 2027-02-10 不是周六或周日');
    expect(byLine.get(6)).toBe('第 6 行：应为 4 列（年份,日期,类型,名称），实际 2 列');
    expect(byLine.get(8)).toBe('第 8 行：日期 2027-01-01 与第 7 行重复');
    expect(byLine.get(9)).toContain('起止颠倒');
    expect(byLine.get(10)).toContain('不属于 2027 年');
    expect(byLine.get(11)).toContain('年份无效');
    expect(byLine.get(12)).toContain('名称不能为空');
    expect(byLine.get(13)).toBe('第 13 行：2027 年的通知名称重复（第 2 行已给出）');
    expect(byLine.get(14)).toContain('超过 15 天');
  });

  test('a year without a source line is rejected at its first line', () => {
    const r = parseHolidayFile('2028,2028-01-01,holiday,元旦\n');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors).toEqual([{ line: 1, message: expect.stringContaining('2028 年缺少通知名称行') }]);
  });

  test('a source without entries and an empty file are rejected', () => {
    const a = parseHolidayFile('2028,,source,国务院办公厅关于2028年部分节假日安排的通知\n');
    expect(!a.ok && a.errors[0]!.message).toContain('没有任何放假或调休日期');
    const b = parseHolidayFile('# 空\n\n');
    expect(!b.ok && b.errors[0]).toEqual({ line: 0, message: '文件中没有任何节假日数据' });
  });

  test('previous December is allowed (2023 notice starts on 2022-12-31)', () => {
    const r = parseHolidayFile('2023,,source,国务院办公厅关于2023年部分节假日安排的通知\n2023,2022-12-31~2023-01-02,holiday,元旦\n');
    expect(r.ok).toBe(true);
  });
});
