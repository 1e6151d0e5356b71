/**
 * Cell normalisers for register columns. Each returns either a value or a reason in Chinese, so the
 * validator can name the cell and say what is wrong with it. Pure and allocation-light: they run
 * for every cell of registers with 50,000 rows.
 */

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(reason: string): Parsed<T> => ({ ok: false, reason });

/** Trims a cell: ASCII and full-width whitespace, NBSP, zero-width characters. */
const isSpace = (c: number): boolean =>
  c <= 0x20 || c === 0x3000 || c === 0xa0 || c === 0x200b || c === 0xfeff || c === 0x2028 || c === 0x2029 || (c >= 0x2000 && c <= 0x200a) || c === 0x85;

export function cleanCell(value: string | null | undefined): string {
  if (value == null) return '';
  let start = 0;
  let end = value.length;
  while (start < end && isSpace(value.charCodeAt(start))) start++;
  while (end > start && isSpace(value.charCodeAt(end - 1))) end--;
  return start === 0 && end === value.length ? value : value.slice(start, end);
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(y: number, m: number): number {
  return m === 2 ? (isLeapYear(y) ? 29 : 28) : [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
}

/** Builds an ISO date from parts, or says why the parts are not a real calendar date. */
export function isoDateFromParts(y: number, m: number, d: number): Parsed<string> {
  if (y < 1949 || y > 2100) return fail(`年份 ${y} 超出合理范围（1949–2100）`);
  if (m < 1 || m > 12) return fail(`月份 ${m} 不存在`);
  if (d < 1 || d > daysInMonth(y, m)) return fail(`${y}年${m}月没有第 ${d} 日`);
  return ok(`${y}-${pad2(m)}-${pad2(d)}`);
}

// 2024-03-05, 2024/3/5, 2024.3.5, 2024年3月5日 (the 日 optional), each optionally followed by a time
// of day as spreadsheet exports add it ("2024-03-05 00:00:00", "2024/3/5 0:00").
const DATE_RE = /^(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/;
const COMPACT_DATE_RE = /^(\d{4})(\d{2})(\d{2})$/;

const isDigit = (c: number) => c >= 48 && c <= 57;
const ISO_DIGIT_POSITIONS = [0, 1, 2, 3, 5, 6, 8, 9];

/** An already-canonical, valid YYYY-MM-DD (most cells of real registers): no regex, no allocation. */
function isoDateFastPath(s: string): string | null {
  if (s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return null;
  for (const i of ISO_DIGIT_POSITIONS) if (!isDigit(s.charCodeAt(i))) return null;
  const y = (s.charCodeAt(0) - 48) * 1000 + (s.charCodeAt(1) - 48) * 100 + (s.charCodeAt(2) - 48) * 10 + (s.charCodeAt(3) - 48);
  const m = (s.charCodeAt(5) - 48) * 10 + (s.charCodeAt(6) - 48);
  const d = (s.charCodeAt(8) - 48) * 10 + (s.charCodeAt(9) - 48);
  if (y < 1949 || y > 2100 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return null;
  return s;
}

/** Parses the date spellings registers use into YYYY-MM-DD. An empty cell is an error here; callers decide. */
export function parseDate(input: string): Parsed<string> {
  const fast = isoDateFastPath(input);
  if (fast !== null) return ok(fast);
  const s = cleanCell(input);
  if (!s) return fail('日期为空');
  const m = DATE_RE.exec(s) ?? COMPACT_DATE_RE.exec(s);
  if (!m) return fail('无法识别的日期，应写作 2024-03-05、2024/3/5、2024.3.5 或 2024年3月5日');
  return isoDateFromParts(Number(m[1]), Number(m[2]), Number(m[3]));
}

const AMOUNT_RE = /^(\d+)(?:\.(\d*))?$/;

/**
 * Parses an amount in 元 into integer fen: plain numbers, thousands separators (1,234.50), a leading
 * ¥/￥ and a trailing 元 are tolerated. Exact decimal arithmetic on the digits, never floats.
 */
export function parseAmountFen(input: string): Parsed<number> {
  // Most cells are plain digits (5000, 1234.5): straight to the arithmetic, no cleaning passes.
  const plain = AMOUNT_RE.exec(input);
  return plain ? fenOf(plain[1], plain[2]) : parseDecoratedAmount(input);
}

function parseDecoratedAmount(input: string): Parsed<number> {
  let s = cleanCell(input);
  if (!s) return fail('金额为空');
  s = s.replace(/^[¥￥]/, '').replace(/\s*元$/, '').replace(/^[¥￥]/, '').trim();
  const negative = /^[-−－]/.test(s);
  if (negative) s = s.slice(1).trim();
  // Thousands separators: only between digit groups of three.
  if (/[,，]/.test(s)) {
    if (!/^\d{1,3}([,，]\d{3})+(\.\d*)?$/.test(s)) return fail('金额的千分位分隔符位置不对');
    s = s.replace(/[,，]/g, '');
  }
  const m = AMOUNT_RE.exec(s);
  if (!m) return fail('不是数字金额（单位：元）');
  if (negative) return fail('金额不能为负数');
  return fenOf(m[1], m[2]);
}

/** Integer fen from the digits before and after the decimal point. */
function fenOf(whole: string, fraction: string | undefined): Parsed<number> {
  let frac = fraction ?? '';
  // Spreadsheet floats sometimes carry trailing zeros (12.500000); anything beyond fen must be zero.
  if (frac.length > 2) {
    if (/[^0]/.test(frac.slice(2))) return fail('金额最多精确到分（两位小数）');
    frac = frac.slice(0, 2);
  }
  const yuan = whole.replace(/^0+(?=\d)/, '');
  const fen = Number(yuan) * 100 + Number((frac + '00').slice(0, 2));
  if (!Number.isSafeInteger(fen)) return fail('金额过大');
  return ok(fen);
}

/** Formats integer fen as 元 with two decimals and thousands separators (1234500 → "12,345.00"). */
export function formatFen(fen: number): string {
  const yuan = Math.trunc(fen / 100);
  const rest = String(Math.abs(fen % 100)).padStart(2, '0');
  return `${yuan.toLocaleString('en-US')}.${rest}`;
}

const YES = new Set(['是', 'Y', 'y', 'YES', 'Yes', 'yes', '√', 'TRUE', 'true', '1']);
const NO = new Set(['否', 'N', 'n', 'NO', 'No', 'no', '×', 'FALSE', 'false', '0']);

/** 是/否 (and the spreadsheet spellings Y/N, TRUE/FALSE, 1/0, √/×). */
export function parseYesNo(input: string): Parsed<boolean> {
  const s = cleanCell(input);
  if (YES.has(s)) return ok(true);
  if (NO.has(s)) return ok(false);
  return fail('应填写“是”或“否”');
}

/** Splits a multi-value cell on 、 , ， ; ； (and line breaks); blanks are dropped. */
export function splitList(input: string): string[] {
  // A scan instead of split(regex): this runs two or three times per row of a 50,000-row register.
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i <= input.length; i++) {
    if (i < input.length && !isListSeparator(input.charCodeAt(i))) continue;
    const v = cleanCell(input.slice(start, i));
    if (v) out.push(v);
    start = i + 1;
  }
  return out;
}

const isListSeparator = (c: number): boolean =>
  c === 0x3001 || c === 0x2c || c === 0xff0c || c === 0x3b || c === 0xff1b || c === 0x0a || c === 0x0d;

/** Adds days to an ISO date (UTC arithmetic, no time-zone drift). */
export function addDaysIso(iso: string, days: number): string {
  const t = Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) + days * 86_400_000;
  const d = new Date(t);
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}
