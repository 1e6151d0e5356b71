import { CN_HOLIDAYS, entryDates } from '../../shared/domain/calendar';
import type { Migration } from './types';

/**
 * The working-day calendar in the store: seeds calendar_years/calendar_days with the built-in
 * State Council schedules (CN_HOLIDAYS, 2023–2026) so deadline checks run on a fresh store with no
 * setup step, and records which notice year each special day belongs to (2023's 元旦 starts on
 * 2022-12-31), so importing a year's holiday file can replace exactly that year.
 * Also gives stored findings the engine's kind (violation | cannot_check).
 * Self-contained SQL: a shipped migration must not change when helpers elsewhere change.
 */
export const calendarSeed: Migration = {
  version: 3,
  name: 'calendar-seed',
  up: (db) => {
    db.exec(`
      ALTER TABLE calendar_days ADD COLUMN year INTEGER;
      UPDATE calendar_days SET year = CAST(substr(date, 1, 4) AS INTEGER) WHERE year IS NULL;
      CREATE INDEX calendar_days_year ON calendar_days (year);
      ALTER TABLE findings ADD COLUMN kind TEXT NOT NULL DEFAULT 'violation' CHECK (kind IN ('violation','cannot_check'));
    `);
    const now = new Date().toISOString();
    const hasYear = db.prepare('SELECT 1 FROM calendar_years WHERE year = ?').pluck();
    const insYear = db.prepare('INSERT INTO calendar_years (year, source, loaded_at) VALUES (?, ?, ?)');
    const insDay = db.prepare('INSERT OR REPLACE INTO calendar_days (date, kind, name, year) VALUES (?, ?, ?, ?)');
    for (const y of CN_HOLIDAYS.years) {
      if (hasYear.get(y.year)) continue; // never overwrite a schedule a user already loaded
      insYear.run(y.year, y.docNo ? `${y.source}（${y.docNo}）` : y.source, now);
      for (const e of y.entries) for (const d of entryDates(e)) insDay.run(d, e.kind, e.name, y.year);
    }
  },
};
