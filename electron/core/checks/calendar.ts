/**
 * The working-day calendar as stored (calendar_years + calendar_days, seeded with the built-in
 * 2023–2026 schedules by migration 3), and the holiday-file import that replaces whole years.
 */
import type Database from 'better-sqlite3';
import { createWorkCalendar, entryDates, parseHolidayFile, type WorkCalendar, type YearSchedule } from '../../../shared/domain/calendar';
import { AppError } from '../../../shared/errors';

export interface CalendarYearInfo {
  year: number;
  source: string;
  loadedAt: string;
  holidays: number;
  workdays: number;
}

/** The schedules in the store, one single-day entry per stored day. */
export function loadSchedules(db: Database.Database): YearSchedule[] {
  const years = db.prepare('SELECT year, source FROM calendar_years ORDER BY year').all() as { year: number; source: string }[];
  const days = db.prepare('SELECT date, kind, name, year FROM calendar_days ORDER BY date').all() as {
    date: string;
    kind: 'holiday' | 'workday';
    name: string;
    year: number | null;
  }[];
  const byYear = new Map<number, YearSchedule>(years.map((y) => [y.year, { year: y.year, source: y.source, entries: [] }]));
  for (const d of days) byYear.get(d.year ?? Number(d.date.slice(0, 4)))?.entries.push({ kind: d.kind, name: d.name, from: d.date });
  return [...byYear.values()];
}

export function loadWorkCalendar(db: Database.Database): WorkCalendar {
  return createWorkCalendar(loadSchedules(db));
}

export function listCalendarYears(db: Database.Database): CalendarYearInfo[] {
  return db
    .prepare(
      `SELECT y.year, y.source, y.loaded_at AS loadedAt,
              (SELECT COUNT(*) FROM calendar_days d WHERE d.year = y.year AND d.kind = 'holiday') AS holidays,
              (SELECT COUNT(*) FROM calendar_days d WHERE d.year = y.year AND d.kind = 'workday') AS workdays
         FROM calendar_years y ORDER BY y.year`,
    )
    .all() as CalendarYearInfo[];
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
export function replaceCalendarYears(db: Database.Database, years: readonly YearSchedule[], now: string): void {
  const delDays = db.prepare('DELETE FROM calendar_days WHERE year = ?');
  const upYear = db.prepare(
    'INSERT INTO calendar_years (year, source, loaded_at) VALUES (?, ?, ?) ON CONFLICT (year) DO UPDATE SET source = excluded.source, loaded_at = excluded.loaded_at',
  );
  const insDay = db.prepare('INSERT OR REPLACE INTO calendar_days (date, kind, name, year) VALUES (?, ?, ?, ?)');
  for (const y of years) {
    delDays.run(y.year);
    upYear.run(y.year, y.source, now);
    for (const e of y.entries) for (const d of entryDates(e)) insDay.run(d, e.kind, e.name, y.year);
  }
}
