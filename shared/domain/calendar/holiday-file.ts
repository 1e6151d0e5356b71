/**
 * The holiday file: how a user adds a new year's schedule when the State Council publishes it,
 * without a program update. Plain UTF-8 text, one entry per line, four columns:
 *
 *     年份,日期,类型,名称
 *     2027,,source,格式示例（日期为虚构，不是正式安排；载入时请按国务院办公厅当年通知原文填写）
 *     2027,2027-01-01,holiday,元旦
 *     2027,2027-02-06~2027-02-12,holiday,春节
 *     2027,2027-02-14,workday,春节调休上班
 *
 * - Separator: comma (tab also accepted; a full-width "，" only on lines without a comma or tab).
 * - Lines starting with # are comments; blank lines are ignored; an optional header line starting
 *   with "year" or "年份" is skipped. A UTF-8 BOM and CRLF line ends are accepted.
 * - 类型 (kind): holiday (also 放假/休息) = day(s) off; workday (also 上班/调休上班/补班) = a make-up
 *   working day, which must be a Saturday or Sunday; source (also 来源/通知) = the notice title for the
 *   year (日期 left empty). Every year needs exactly one source line and at least one entry.
 * - 日期: YYYY-MM-DD, or a run YYYY-MM-DD~YYYY-MM-DD (inclusive, ≤ 15 days). Dates belong to the
 *   notice year, or to December of the year before / January of the year after (the 2023 notice
 *   starts 元旦 on 2022-12-31).
 * - A year in the file replaces that whole year when merged (mergeHolidayData).
 * Errors are reported per line: "第 N 行：…".
 */

import { diffDays, isIsoDate, weekday, yearOf, type IsoDate } from './date';
import { entryDates, type HolidayEntry, type YearSchedule } from './work-calendar';

export interface HolidayFileError {
  /** 1-based line number; 0 for errors about the file as a whole. */
  line: number;
  message: string;
}

export type HolidayFileResult = { ok: true; years: YearSchedule[] } | { ok: false; errors: HolidayFileError[] };

const KIND_ALIASES: Record<string, 'holiday' | 'workday' | 'source'> = {
  holiday: 'holiday',
  放假: 'holiday',
  休息: 'holiday',
  假日: 'holiday',
  workday: 'workday',
  上班: 'workday',
  调休上班: 'workday',
  补班: 'workday',
  source: 'source',
  来源: 'source',
  通知: 'source',
};

const MAX_RUN_DAYS = 15;

function splitLine(line: string): string[] {
  if (line.includes(',') || line.includes('\t')) return line.split(/[,\t]/).map((c) => c.trim());
  return line.split('，').map((c) => c.trim());
}

export function parseHolidayFile(text: string): HolidayFileResult {
  const errors: HolidayFileError[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const byYear = new Map<number, { source: string | null; sourceLine: number; firstLine: number; entries: HolidayEntry[] }>();
  const seenDate = new Map<IsoDate, number>();
  let headerSeen = false;
  let dataLines = 0;

  lines.forEach((raw, idx) => {
    const lineNo = idx + 1;
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const cols = splitLine(line);
    if (!headerSeen && dataLines === 0 && /^(year|年份)$/i.test(cols[0] ?? '')) {
      headerSeen = true;
      return;
    }
    dataLines++;
    const err = (message: string) => errors.push({ line: lineNo, message: `第 ${lineNo} 行：${message}` });
    if (cols.length !== 4) {
      err(`应为 4 列（年份,日期,类型,名称），实际 ${cols.length} 列`);
      return;
    }
    const [yearText, dateText, kindText, name] = cols as [string, string, string, string];
    if (!/^\d{4}$/.test(yearText) || Number(yearText) < 1990 || Number(yearText) > 2999) {
      err(`年份无效：“${yearText}”（应为四位数字，如 2027）`);
      return;
    }
    const year = Number(yearText);
    const kind = KIND_ALIASES[kindText.toLowerCase()];
    if (!kind) {
      err(`类型无效：“${kindText}”（应为 holiday 放假、workday 调休上班 或 source 通知名称）`);
      return;
    }
    const slot = byYear.get(year) ?? { source: null, sourceLine: 0, firstLine: lineNo, entries: [] };
    byYear.set(year, slot);
    if (name === '') {
      err(kind === 'source' ? '通知名称不能为空' : '名称不能为空（如 春节、国庆节调休上班）');
      return;
    }
    if (kind === 'source') {
      if (dateText !== '') {
        err('source 行的日期列应为空');
        return;
      }
      if (slot.source !== null) {
        err(`${year} 年的通知名称重复（第 ${slot.sourceLine} 行已给出）`);
        return;
      }
      slot.source = name;
      slot.sourceLine = lineNo;
      return;
    }
    const parts = dateText.split(/~|～/).map((p) => p.trim());
    if (parts.length > 2 || !parts.every((p) => isIsoDate(p))) {
      err(`日期无效：“${dateText}”（应为 YYYY-MM-DD 或 YYYY-MM-DD~YYYY-MM-DD）`);
      return;
    }
    const from = parts[0] as IsoDate;
    const to = parts[1] as IsoDate | undefined;
    if (to !== undefined) {
      const len = diffDays(from, to);
      if (len < 0) {
        err(`日期区间起止颠倒：${dateText}`);
        return;
      }
      if (len + 1 > MAX_RUN_DAYS) {
        err(`日期区间长达 ${len + 1} 天，超过 ${MAX_RUN_DAYS} 天，请核对`);
        return;
      }
    }
    const entry: HolidayEntry = to !== undefined && to !== from ? { kind, name, from, to } : { kind, name, from };
    const dates = entryDates(entry);
    for (const d of dates) {
      const dy = yearOf(d);
      const month = Number(d.slice(5, 7));
      const allowed = dy === year || (dy === year - 1 && month === 12) || (dy === year + 1 && month === 1);
      if (!allowed) {
        err(`日期 ${d} 不属于 ${year} 年的安排（只允许该年、上一年 12 月或次年 1 月的日期）`);
        return;
      }
      if (kind === 'workday' && weekday(d) !== 0 && weekday(d) !== 6) {
        err(`调休上班日 ${d} 不是周六或周日`);
        return;
      }
      const prev = seenDate.get(d);
      if (prev !== undefined) {
        err(`日期 ${d} 与第 ${prev} 行重复`);
        return;
      }
    }
    for (const d of dates) seenDate.set(d, lineNo);
    slot.entries.push(entry);
  });

  if (dataLines === 0) errors.push({ line: 0, message: '文件中没有任何节假日数据' });
  for (const [year, slot] of byYear) {
    if (slot.source === null) {
      errors.push({
        line: slot.firstLine,
        message: `第 ${slot.firstLine} 行：${year} 年缺少通知名称行（类型 source，如“${year},,source,国务院办公厅关于${year}年部分节假日安排的通知”）`,
      });
    } else if (slot.entries.length === 0) {
      errors.push({ line: slot.sourceLine, message: `第 ${slot.sourceLine} 行：${year} 年只有通知名称，没有任何放假或调休日期` });
    }
  }
  if (errors.length > 0) {
    errors.sort((a, b) => a.line - b.line);
    return { ok: false, errors };
  }
  const years: YearSchedule[] = [...byYear.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([year, slot]) => ({ year, source: slot.source as string, entries: slot.entries }));
  return { ok: true, years };
}

/** Writes schedules in the holiday-file format (round-trips through parseHolidayFile). */
export function formatHolidayFile(years: readonly YearSchedule[]): string {
  const out = ['# 节假日安排文件：年份,日期,类型,名称（holiday 放假 / workday 调休上班 / source 通知名称）', '年份,日期,类型,名称'];
  for (const y of years) {
    out.push(`${y.year},,source,${y.source}`);
    for (const e of y.entries) out.push(`${y.year},${e.to && e.to !== e.from ? `${e.from}~${e.to}` : e.from},${e.kind},${e.name}`);
  }
  return out.join('\n') + '\n';
}
