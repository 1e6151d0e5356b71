/** The working-day calendar as stored: calendar_years (one row per loaded year) and calendar_days. */
import type Database from 'better-sqlite3';

export interface CalendarYearInfo {
  year: number;
  source: string;
  loadedAt: string;
  holidays: number;
  workdays: number;
}

export interface CalendarDayRow {
  date: string;
  kind: 'holiday' | 'workday';
  name: string;
  year: number | null;
}

export function calendarRepository(db: Database.Database) {
  return {
    years: () => db.prepare('SELECT year, source FROM calendar_years ORDER BY year').all() as { year: number; source: string }[],
    days: () => db.prepare('SELECT date, kind, name, year FROM calendar_days ORDER BY date').all() as CalendarDayRow[],
    yearInfo: () =>
      db
        .prepare(
          `SELECT y.year, y.source, y.loaded_at AS loadedAt,
                  (SELECT COUNT(*) FROM calendar_days d WHERE d.year = y.year AND d.kind = 'holiday') AS holidays,
                  (SELECT COUNT(*) FROM calendar_days d WHERE d.year = y.year AND d.kind = 'workday') AS workdays
             FROM calendar_years y ORDER BY y.year`,
        )
        .all() as CalendarYearInfo[],
    /** Replaces whole years: each year's days go, the year row is upserted, the new days inserted (call inside a transaction). */
    replaceYears: (years: readonly { year: number; source: string; days: readonly { date: string; kind: string; name: string }[] }[], now: string): void => {
      const delDays = db.prepare('DELETE FROM calendar_days WHERE year = ?');
      const upYear = db.prepare(
        'INSERT INTO calendar_years (year, source, loaded_at) VALUES (?, ?, ?) ON CONFLICT (year) DO UPDATE SET source = excluded.source, loaded_at = excluded.loaded_at',
      );
      const insDay = db.prepare('INSERT OR REPLACE INTO calendar_days (date, kind, name, year) VALUES (?, ?, ?, ?)');
      for (const y of years) {
        delDays.run(y.year);
        upYear.run(y.year, y.source, now);
        for (const d of y.days) insDay.run(d.date, d.kind, d.name, y.year);
      }
    },
  };
}
