/**
 * Plain calendar-date arithmetic on `YYYY-MM-DD` strings (the store's date format).
 *
 * Pure: no time zones are involved — a date is converted to a day number (days since 1970-01-01,
 * computed with Date.UTC) and back, so the result never depends on the machine's local zone.
 */

export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_DATETIME = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/**
 * Day-number conversions are the rule engine's hot path (every working day counted goes through
 * them); the dates of a review span a few thousand days, so both directions are memoised. The caches
 * are bounded and simply reset when full.
 */
const CACHE_LIMIT = 50_000;
const dayNumberCache = new Map<string, number>();
const isoCache = new Map<number, IsoDate>();

/** True when `s` is a real calendar date written as YYYY-MM-DD (2024-02-30 is rejected). */
export function isIsoDate(s: unknown): s is IsoDate {
  if (typeof s !== 'string') return false;
  if (dayNumberCache.has(s)) return true;
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (y < 1900 || y > 2999 || mo < 1 || mo > 12 || d < 1) return false;
  return d <= daysInMonth(y, mo);
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return MONTH_DAYS[month - 1];
}

/** Day number (days since 1970-01-01). Throws on an invalid date: validate first with isIsoDate. */
export function toDayNumber(date: IsoDate): number {
  const hit = dayNumberCache.get(date);
  if (hit !== undefined) return hit;
  if (!isIsoDate(date)) throw new Error(`无效日期：${date}`);
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const n = Math.round(Date.UTC(y, m - 1, d) / 86_400_000);
  if (dayNumberCache.size >= CACHE_LIMIT) dayNumberCache.clear();
  dayNumberCache.set(date, n);
  return n;
}

export function fromDayNumber(n: number): IsoDate {
  const hit = isoCache.get(n);
  if (hit !== undefined) return hit;
  const dt = new Date(n * 86_400_000);
  const y = dt.getUTCFullYear();
  const m = dt.getUTCMonth() + 1;
  const d = dt.getUTCDate();
  const iso = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  if (isoCache.size >= CACHE_LIMIT) isoCache.clear();
  isoCache.set(n, iso);
  return iso;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/** b − a in days. */
export function diffDays(a: IsoDate, b: IsoDate): number {
  return toDayNumber(b) - toDayNumber(a);
}

/**
 * Adds whole months; if the same-numbered day does not exist in the target month the result is
 * that month's last day (民法典 第二百零二条).
 */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const ty = Math.floor(total / 12);
  const tm = (total % 12) + 1;
  const td = Math.min(d, daysInMonth(ty, tm));
  return `${String(ty).padStart(4, '0')}-${String(tm).padStart(2, '0')}-${String(td).padStart(2, '0')}`;
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: IsoDate): number {
  // 1970-01-01 was a Thursday (4).
  return (((toDayNumber(date) + 4) % 7) + 7) % 7;
}

export function yearOf(date: IsoDate): number {
  return Number(date.slice(0, 4));
}

const WEEKDAY_ZH = ['日', '一', '二', '三', '四', '五', '六'] as const;

/** "周六" style weekday name. */
export function weekdayZh(date: IsoDate): string {
  return `周${WEEKDAY_ZH[weekday(date)]}`;
}

/** "5月11日" — month and day without leading zeros, as used in computation texts. */
export function monthDayZh(date: IsoDate): string {
  const [, m, d] = date.split('-').map(Number) as [number, number, number];
  return `${m}月${d}日`;
}

export interface DateTimeParts {
  date: IsoDate;
  /** Minutes after midnight, or null when only a date was given. */
  minutes: number | null;
}

/** Parses `YYYY-MM-DD`, `YYYY-MM-DDTHH:mm[:ss]` or `YYYY-MM-DD HH:mm[:ss]` (local wall-clock time). */
export function parseDateTime(s: unknown): DateTimeParts | null {
  if (typeof s !== 'string') return null;
  const m = ISO_DATETIME.exec(s.trim());
  if (!m || !isIsoDate(m[1])) return null;
  if (m[2] === undefined) return { date: m[1], minutes: null };
  const h = Number(m[2]);
  const mi = Number(m[3]);
  const sec = m[4] === undefined ? 0 : Number(m[4]);
  if (h > 23 || mi > 59 || sec > 59) return null;
  return { date: m[1], minutes: h * 60 + mi };
}

/** "HH:mm" → minutes after midnight, or null. */
export function parseClock(s: string): number | null {
  const m = /^(\d{1,2}):(\d{2})$/.exec(s.trim());
  if (!m) return null;
  const h = Number(m[1]);
  const mi = Number(m[2]);
  if (h > 24 || mi > 59 || (h === 24 && mi !== 0)) return null;
  return h * 60 + mi;
}
