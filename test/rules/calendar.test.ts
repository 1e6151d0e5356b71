import { describe, expect, test } from 'vitest';
import {
  addMonths,
  CN_HOLIDAYS,
  computeDeadline,
  countWorkingDays,
  createWorkCalendar,
  entryDates,
  isIsoDate,
  mergeHolidayData,
  parseDateTime,
  weekday,
} from '../../shared/domain/calendar';
import { chineseNumeral, statutoryDayUnit } from '../../shared/domain/rules';
import { cal } from './helpers';

function deadline(start: string, n: number, unit: 'calendar' | 'working' | 'months' | 'years') {
  const r = computeDeadline(cal, start, n, unit);
  if (!r.ok) throw new Error(r.message);
  return r;
}

describe('date helpers', () => {
  test('strict ISO dates', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2023-02-29')).toBe(false);
    expect(isIsoDate('2024-2-1')).toBe(false);
    expect(weekday('2024-09-27')).toBe(5);
  });
  test('months end on the same day or the month end (民法典 第二百零二条)', () => {
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2024-02-29', 12)).toBe('2025-02-28');
    expect(addMonths('2024-03-15', 2)).toBe('2024-05-15');
  });
  test('datetime parsing', () => {
    expect(parseDateTime('2024-05-06T22:00')).toEqual({ date: '2024-05-06', minutes: 1320 });
    expect(parseDateTime('2024-05-06 05:59')).toEqual({ date: '2024-05-06', minutes: 359 });
    expect(parseDateTime('2024-05-06')).toEqual({ date: '2024-05-06', minutes: null });
    expect(parseDateTime('2024-05-06T25:00')).toBeNull();
  });
});

describe('holiday data 2023–2026', () => {
  test('each year names its source notice and make-up days fall on weekends', () => {
    expect(CN_HOLIDAYS.years.map((y) => y.year)).toEqual([2023, 2024, 2025, 2026]);
    for (const y of CN_HOLIDAYS.years) {
      expect(y.source).toBe(`国务院办公厅关于${y.year}年部分节假日安排的通知`);
      for (const e of y.entries) {
        if (e.kind === 'workday') for (const d of entryDates(e)) expect([0, 6]).toContain(weekday(d));
      }
    }
  });
  test('no date is both a holiday and a make-up day', () => {
    const seen = new Set<string>();
    for (const y of CN_HOLIDAYS.years)
      for (const e of y.entries)
        for (const d of entryDates(e)) {
          expect(seen.has(d)).toBe(false);
          seen.add(d);
        }
  });
  test('break lengths as announced', () => {
    const count = (year: number, name: string) =>
      CN_HOLIDAYS.years.find((y) => y.year === year)!.entries.filter((e) => e.kind === 'holiday' && e.name === name).flatMap(entryDates).length;
    expect(count(2024, '春节')).toBe(8);
    expect(count(2024, '国庆节')).toBe(7);
    expect(count(2025, '国庆节、中秋节')).toBe(8);
    expect(count(2026, '春节')).toBe(9);
    expect(count(2023, '中秋节、国庆节')).toBe(8);
  });
  test('day classes', () => {
    expect(cal.day('2024-02-18')).toMatchObject({ working: true, cls: 'makeup' });
    expect(cal.day('2024-02-14')).toMatchObject({ working: false, cls: 'holiday', name: '春节' });
    expect(cal.day('2024-06-15')).toMatchObject({ working: false, cls: 'weekend' });
    expect(cal.day('2024-06-14')).toMatchObject({ working: true, cls: 'weekday' });
    expect(cal.day('2027-01-04')).toBeNull();
    expect(cal.day('2022-12-30')).toBeNull();
  });
});

describe('worked examples (brief §4.1)', () => {
  test('5 working days after service on Fri 2024-09-27 → 2024-10-10 (National Day + make-up 9-29)', () => {
    const d = deadline('2024-09-27', 5, 'working');
    expect(d.deadline).toBe('2024-10-10');
    expect(d.makeUpDays).toEqual(['2024-09-29']);
    expect(d.holidayRuns).toEqual([{ name: '国庆节', from: '2024-10-01', to: '2024-10-07' }]);
  });
  test('15 calendar days after 2024-01-30 → nominal 02-14 in the Spring Festival → 02-18 (make-up Sunday)', () => {
    const d = deadline('2024-01-30', 15, 'calendar');
    expect(d.nominalEnd).toBe('2024-02-14');
    expect(d.deadline).toBe('2024-02-18');
    expect(d.rolledOverFrom?.cls).toBe('holiday');
  });
  test('90 days from 立案 2024-03-01 → 2024-05-30', () => {
    expect(deadline('2024-03-01', 90, 'calendar').deadline).toBe('2024-05-30');
  });
  test('7 working days after 2024-05-06 → 2024-05-14 (5-11 is a make-up Saturday)', () => {
    const d = deadline('2024-05-06', 7, 'working');
    expect(d.deadline).toBe('2024-05-14');
    expect(d.makeUpDays).toEqual(['2024-05-11']);
  });
});

describe('counting convention', () => {
  test('start day excluded, even when the event is on a working day', () => {
    expect(deadline('2024-06-03', 1, 'working').deadline).toBe('2024-06-04');
    expect(deadline('2024-06-03', 1, 'calendar').deadline).toBe('2024-06-04');
  });
  test('event on a rest day: counting begins with the next working day', () => {
    expect(deadline('2024-10-01', 1, 'working').deadline).toBe('2024-10-08');
  });
  test('calendar period ending on an ordinary weekend rolls to Monday', () => {
    const d = deadline('2024-05-31', 15, 'calendar');
    expect(d.nominalEnd).toBe('2024-06-15');
    expect(d.deadline).toBe('2024-06-17');
  });
  test('calendar period ending on a make-up Saturday does not roll', () => {
    const d = deadline('2024-04-26', 15, 'calendar');
    expect(d.nominalEnd).toBe('2024-05-11');
    expect(d.deadline).toBe('2024-05-11');
    expect(d.rolledOverFrom).toBeNull();
  });
  test('calendar period ending in the 2025 National Day break rolls to 10-09', () => {
    expect(deadline('2025-09-15', 16, 'calendar').deadline).toBe('2025-10-09');
  });
  test('Spring Festival 2025 working days: make-up 01-26 and 02-08 count', () => {
    // After Fri 2025-01-24: 01-26 (make-up Sun) 1, 01-27 2, [01-28…02-04 off], 02-05 3, 02-06 4, 02-07 5, 02-08 (make-up Sat) 6
    const d = deadline('2025-01-24', 6, 'working');
    expect(d.deadline).toBe('2025-02-08');
    expect(d.makeUpDays).toEqual(['2025-01-26', '2025-02-08']);
  });
  test('make-up days can be configured as rest days (verify setting)', () => {
    const strict = createWorkCalendar(CN_HOLIDAYS, { makeUpWorkdaysAreWorkdays: false });
    const r = computeDeadline(strict, '2024-09-27', 5, 'working');
    expect(r.ok && r.deadline).toBe('2024-10-11');
  });
  test('countWorkingDays counts (after, through]', () => {
    const c = countWorkingDays(cal, '2024-05-14', '2024-05-16');
    expect(c.ok && c.count).toBe(2);
    const c2 = countWorkingDays(cal, '2024-09-30', '2024-10-08');
    expect(c2.ok && c2.count).toBe(1);
  });
});

describe('missing year → no guessing', () => {
  test('working days into 2027 report the missing year', () => {
    const r = computeDeadline(cal, '2026-12-29', 5, 'working');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.missingYears).toEqual([2027]);
      expect(r.message).toBe('缺少 2027 年节假日安排，无法准确计算工作日');
    }
  });
  test('a calendar deadline in a year without a schedule is not guessed either', () => {
    const r = computeDeadline(cal, '2022-03-01', 90, 'calendar');
    expect(r.ok).toBe(false);
  });
  test('merging a new year fixes it', () => {
    const withNext = createWorkCalendar(
      mergeHolidayData(CN_HOLIDAYS, [{ year: 2027, source: '国务院办公厅关于2027年部分节假日安排的通知', entries: [{ kind: 'holiday', name: '元旦', from: '2027-01-01' }] }]),
    );
    const r = computeDeadline(withNext, '2026-12-29', 5, 'working');
    // 12-30, 12-31, [01-01 off, 01-02/03 weekend], 01-04, 01-05, 01-06
    expect(r.ok && r.deadline).toBe('2027-01-06');
  });
});

describe('which periods are working days is law', () => {
  test('行政处罚法 第八十五条: only 2, 3, 5, 7', () => {
    for (const n of [2, 3, 5, 7]) expect(statutoryDayUnit('行政处罚法', n)).toEqual({ unit: 'working', basisArticle: 85 });
    for (const n of [1, 10, 15, 60, 90]) expect(statutoryDayUnit('行政处罚法', n).unit).toBe('calendar');
  });
  test('行政强制法 第六十九条: ten days or fewer', () => {
    expect(statutoryDayUnit('行政强制法', 10)).toEqual({ unit: 'working', basisArticle: 69 });
    expect(statutoryDayUnit('行政强制法', 3).unit).toBe('working');
    expect(statutoryDayUnit('行政强制法', 11).unit).toBe('calendar');
    expect(statutoryDayUnit('行政强制法', 15).unit).toBe('calendar');
    expect(statutoryDayUnit('行政强制法', 30).unit).toBe('calendar');
  });
  test('行政许可法 第八十二条: all agency periods; applicant periods per setting', () => {
    for (const n of [5, 10, 20, 45]) expect(statutoryDayUnit('行政许可法', n)).toEqual({ unit: 'working', basisArticle: 82 });
    expect(statutoryDayUnit('行政许可法', 5, 'party', 'calendar').unit).toBe('calendar');
    expect(statutoryDayUnit('行政许可法', 5, 'party', 'working').unit).toBe('working');
  });
  test('Chinese article numerals', () => {
    expect(chineseNumeral(85)).toBe('八十五');
    expect(chineseNumeral(60)).toBe('六十');
    expect(chineseNumeral(10)).toBe('十');
    expect(chineseNumeral(15)).toBe('十五');
    expect(chineseNumeral(105)).toBe('一百零五');
    expect(chineseNumeral(110)).toBe('一百一十');
    expect(chineseNumeral(203)).toBe('二百零三');
    expect(chineseNumeral(1259)).toBe('一千二百五十九');
  });
});
