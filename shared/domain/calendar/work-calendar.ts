/**
 * Working-day calendar and period (期间) computation.
 *
 * COUNTING CONVENTION (domain brief §4.1 — implemented here once, reused by every rule):
 *  1. Start day excluded: a period in days/months/years starts on the day after the triggering event
 *     (民法典 第二百零一条; same rule in 民事诉讼法 第八十五条). The event day is never counted, even if
 *     it is a working day.
 *  2. Working-day periods (工作日): count only working days after the event. Rest days are weekends and
 *     the days off of the State Council's holiday notice; official make-up working days (调休上班日) on
 *     a Saturday/Sunday ARE working days (option `makeUpWorkdaysAreWorkdays`, default true — (verify)
 *     against court practice). The deadline is the N-th working day; it is never a rest day.
 *     Which periods are working days is law, decided in rules/period-law.ts (行政处罚法 第八十五条,
 *     行政强制法 第六十九条, 行政许可法 第八十二条); this module only counts.
 *  3. Calendar-day periods (日/自然日): nominal end = event + N days. Months/years: the same-numbered
 *     day of the final month, or that month's last day if it does not exist (民法典 第二百零二条).
 *     If the nominal end is a rest day (weekend or holiday, make-up working days excepted) the period
 *     ends on the first working day after it (民法典 第二百零三条第一款).
 *  4. "以内/届满" include the last day: an act on the deadline is in time (民法典 第一千二百五十九条).
 *  5. No guessing: if any day the computation must classify lies in a year without a loaded holiday
 *     schedule, the result is a CalendarGap with the message
 *     "缺少 YYYY 年节假日安排，无法准确计算工作日" and callers report "cannot check".
 */

import {
  addDays,
  addMonths,
  diffDays,
  isIsoDate,
  monthDayZh,
  weekday,
  weekdayZh,
  yearOf,
  type IsoDate,
} from './date';

export type HolidayKind = 'holiday' | 'workday';

/** One line of a notice: a day off (or a run of days off) or a make-up working day. */
export interface HolidayEntry {
  kind: HolidayKind;
  /** e.g. 春节, 国庆节调休上班 */
  name: string;
  from: IsoDate;
  /** Inclusive end of a run; omitted for a single day. */
  to?: IsoDate;
}

/** One year's schedule, from one State Council notice. */
export interface YearSchedule {
  year: number;
  /** Title of the source notice (国务院办公厅关于YYYY年部分节假日安排的通知). */
  source: string;
  docNo?: string | null;
  /** What still needs checking against the official text. */
  verify?: string | null;
  entries: HolidayEntry[];
}

export interface HolidayDataSet {
  schemaVersion: 1;
  region: string;
  years: YearSchedule[];
}

export interface CalendarOptions {
  /** Treat 调休上班日 as working days (default true; (verify) against court practice). */
  makeUpWorkdaysAreWorkdays?: boolean;
}

export type DayClass = 'weekday' | 'weekend' | 'holiday' | 'makeup';

export interface DayInfo {
  date: IsoDate;
  working: boolean;
  cls: DayClass;
  /** Holiday or make-up name from the notice; null for ordinary days. */
  name: string | null;
}

export interface WorkCalendar {
  /** Years with a loaded schedule, ascending. */
  readonly years: readonly number[];
  readonly schedules: readonly YearSchedule[];
  readonly options: Required<CalendarOptions>;
  hasYear(year: number): boolean;
  /** Classification of a day, or null when the day's year has no schedule. */
  day(date: IsoDate): DayInfo | null;
}

export function missingYearMessage(year: number): string {
  return `缺少 ${year} 年节假日安排，无法准确计算工作日`;
}

/** Expands an entry's from..to run into single dates. */
export function entryDates(e: HolidayEntry): IsoDate[] {
  const end = e.to ?? e.from;
  const n = diffDays(e.from, end);
  const out: IsoDate[] = [];
  for (let i = 0; i <= n; i++) out.push(addDays(e.from, i));
  return out;
}

export function createWorkCalendar(
  data: HolidayDataSet | readonly YearSchedule[],
  options: CalendarOptions = {},
): WorkCalendar {
  const schedules = [...(Array.isArray(data) ? (data as readonly YearSchedule[]) : (data as HolidayDataSet).years)].sort(
    (a, b) => a.year - b.year,
  );
  const years = schedules.map((s) => s.year);
  const yearSet = new Set(years);
  const special = new Map<IsoDate, { kind: HolidayKind; name: string }>();
  for (const s of schedules) {
    for (const e of s.entries) {
      if (!isIsoDate(e.from) || (e.to !== undefined && !isIsoDate(e.to))) {
        throw new Error(`节假日数据中日期无效：${s.year} 年 ${e.from}${e.to ? '~' + e.to : ''}`);
      }
      for (const d of entryDates(e)) special.set(d, { kind: e.kind, name: e.name });
    }
  }
  const opts: Required<CalendarOptions> = { makeUpWorkdaysAreWorkdays: options.makeUpWorkdaysAreWorkdays ?? true };
  return {
    years,
    schedules,
    options: opts,
    hasYear: (y) => yearSet.has(y),
    day(date) {
      if (!yearSet.has(yearOf(date))) return null;
      const sp = special.get(date);
      const wd = weekday(date);
      const isWeekend = wd === 0 || wd === 6;
      if (sp?.kind === 'holiday') return { date, working: false, cls: 'holiday', name: sp.name };
      if (sp?.kind === 'workday' && isWeekend) {
        return { date, working: opts.makeUpWorkdaysAreWorkdays, cls: 'makeup', name: sp.name };
      }
      if (isWeekend) return { date, working: false, cls: 'weekend', name: null };
      return { date, working: true, cls: 'weekday', name: null };
    },
  };
}

/** Merges schedules: a year present in `update` replaces that whole year of `base`. */
export function mergeHolidayData(base: HolidayDataSet, update: readonly YearSchedule[]): HolidayDataSet {
  const byYear = new Map<number, YearSchedule>(base.years.map((y) => [y.year, y]));
  for (const y of update) byYear.set(y.year, y);
  return { ...base, years: [...byYear.values()].sort((a, b) => a.year - b.year) };
}

export type PeriodUnit = 'calendar' | 'working' | 'months' | 'years';

export interface CalendarGap {
  ok: false;
  missingYears: number[];
  message: string;
}

export interface HolidayRun {
  name: string;
  from: IsoDate;
  to: IsoDate;
}

export interface Deadline {
  ok: true;
  start: IsoDate;
  length: number;
  unit: PeriodUnit;
  /** Calendar units: start + length before any roll-over. Working days: same as deadline. */
  nominalEnd: IsoDate;
  deadline: IsoDate;
  /** The rest day the nominal end fell on, when the deadline was rolled over (民法典 第二百零三条). */
  rolledOverFrom: DayInfo | null;
  /** Make-up working days counted inside a working-day period. */
  makeUpDays: IsoDate[];
  /** Holiday runs skipped inside a working-day period, or crossed by a roll-over. */
  holidayRuns: HolidayRun[];
}

export type DeadlineResult = Deadline | CalendarGap;

function gap(year: number): CalendarGap {
  return { ok: false, missingYears: [year], message: missingYearMessage(year) };
}

function pushHoliday(runs: HolidayRun[], info: DayInfo): void {
  const last = runs[runs.length - 1];
  if (last && last.name === info.name && diffDays(last.to, info.date) === 1) {
    last.to = info.date;
  } else {
    runs.push({ name: info.name ?? '节假日', from: info.date, to: info.date });
  }
}

/**
 * The last day of a period of `length` units that starts after `start` (start day excluded).
 * Working days: the length-th working day after `start`. Calendar units: nominal end, rolled over
 * to the next working day if it is a rest day.
 */
export function computeDeadline(cal: WorkCalendar, start: IsoDate, length: number, unit: PeriodUnit): DeadlineResult {
  if (!Number.isInteger(length) || length < 0) throw new Error(`期限长度无效：${length}`);
  const makeUpDays: IsoDate[] = [];
  const holidayRuns: HolidayRun[] = [];
  if (unit === 'working') {
    let d = start;
    let counted = 0;
    let guard = 0;
    while (counted < length) {
      d = addDays(d, 1);
      if (++guard > 3660) throw new Error('工作日计算超出范围');
      const info = cal.day(d);
      if (!info) return gap(yearOf(d));
      if (info.working) {
        counted++;
        if (info.cls === 'makeup') makeUpDays.push(d);
      } else if (info.cls === 'holiday') {
        pushHoliday(holidayRuns, info);
      }
    }
    return { ok: true, start, length, unit, nominalEnd: d, deadline: d, rolledOverFrom: null, makeUpDays, holidayRuns };
  }
  const nominalEnd =
    unit === 'calendar' ? addDays(start, length) : addMonths(start, unit === 'months' ? length : length * 12);
  let d = nominalEnd;
  let first: DayInfo | null = null;
  for (let guard = 0; ; guard++) {
    if (guard > 60) throw new Error('顺延计算超出范围');
    const info = cal.day(d);
    if (!info) return gap(yearOf(d));
    if (info.working) break;
    if (!first) first = info;
    if (info.cls === 'holiday') pushHoliday(holidayRuns, info);
    d = addDays(d, 1);
  }
  const endInfo = cal.day(d);
  if (endInfo?.cls === 'makeup') makeUpDays.push(d);
  return { ok: true, start, length, unit, nominalEnd, deadline: d, rolledOverFrom: first, makeUpDays, holidayRuns };
}

/**
 * The earliest day the deadline can be, computed without a calendar: start + length days (or
 * months/years). A working-day deadline is never earlier, and a roll-over only moves a calendar
 * deadline later, so an act on or before this day is in time whatever the holiday schedule says.
 */
export function earliestPossibleDeadline(start: IsoDate, length: number, unit: PeriodUnit): IsoDate {
  if (unit === 'months') return addMonths(start, length);
  if (unit === 'years') return addMonths(start, length * 12);
  return addDays(start, length);
}

/** Number of working days in (after, through]; 0 when through ≤ after. */
export function countWorkingDays(
  cal: WorkCalendar,
  after: IsoDate,
  through: IsoDate,
): { ok: true; count: number } | CalendarGap {
  let count = 0;
  const n = diffDays(after, through);
  for (let i = 1; i <= n; i++) {
    const d = addDays(after, i);
    const info = cal.day(d);
    if (!info) return gap(yearOf(d));
    if (info.working) count++;
  }
  return { ok: true, count };
}

/** "休息日（春节）" / "休息日（周六）" — how a rest day is described in computation texts. */
export function describeRestDay(info: DayInfo): string {
  if (info.cls === 'holiday') return `休息日（${info.name ?? '节假日'}）`;
  return `休息日（${weekdayZh(info.date)}）`;
}

/** "5月11日、5月12日为调休上班日". */
export function describeMakeUpDays(days: readonly IsoDate[]): string | null {
  if (days.length === 0) return null;
  return `${days.map(monthDayZh).join('、')}为调休上班日`;
}

/** "10月1日至10月7日为国庆节假期". */
export function describeHolidayRuns(runs: readonly HolidayRun[]): string | null {
  if (runs.length === 0) return null;
  return runs
    .map((r) =>
      r.from === r.to ? `${monthDayZh(r.from)}为${r.name}假期` : `${monthDayZh(r.from)}至${monthDayZh(r.to)}为${r.name}假期`,
    )
    .join('，');
}
