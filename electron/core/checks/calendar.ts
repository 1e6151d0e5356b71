/**
 * The working-day calendar as stored (calendar_years + calendar_days, seeded with the built-in
 * 2023–2026 schedules by migration 3), and the holiday-file import that replaces whole years.
 */
import type { WritableDB } from '../../../db/handles';
import { calendarRepository, type CalendarYearInfo } from '../../../db/repositories/calendar';
import { createWorkCalendar, entryDates, parseHolidayFile, type WorkCalendar, type YearSchedule } from '../../../shared/domain/calendar';
import { AppError } from '../../../shared/errors';

export type { CalendarYearInfo };

/** The schedules in the store, one single-day entry per stored day. */
export function loadSchedules(db: WritableDB): YearSchedule[] {
  const repo = calendarRepository(db);
  const byYear = new Map<number, YearSchedule>(repo.years().map((y) => [y.year, { year: y.year, source: y.source, entries: [] }]));
  for (const d of repo.days()) byYear.get(d.year ?? Number(d.date.slice(0, 4)))?.entries.push({ kind: d.kind, name: d.name, from: d.date });
  return [...byYear.values()];
}

export function loadWorkCalendar(db: WritableDB): WorkCalendar {
  return createWorkCalendar(loadSchedules(db));
}

export function listCalendarYears(db: WritableDB): CalendarYearInfo[] {
  return calendarRepository(db).yearInfo();
}

/** Parses a holiday file; a bad_input AppError listing every "第 N 行：…" error when it does not parse. */
export function parseHolidayText(text: string): YearSchedule[] {
  const r = parseHolidayFile(text);
  if (!r.ok) {
    const shown = r.errors.slice(0, 10).map((e) => e.message);
    const more = r.errors.length > 10 ? `（另有 ${r.errors.length - 10} 处错误）` : '';
    throw new AppError('bad_input', `节假日文件有误，未作任何修改：${shown.join('；')}${more}`, { errors: r.errors });
  }
  return r.years;
}

/** Replaces each given year as a whole (call inside a transaction). */
export function replaceCalendarYears(db: WritableDB, years: readonly YearSchedule[], now: string): void {
  const expanded = years.map((y) => ({ year: y.year, source: y.source, days: y.entries.flatMap((e) => entryDates(e).map((date) => ({ date, kind: e.kind, name: e.name }))) }));
  calendarRepository(db).replaceYears(expanded, now);
}
