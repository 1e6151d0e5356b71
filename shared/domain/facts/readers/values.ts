/**
 * Reading dates and amounts from the text of dossier documents, as printed and as OCR returns it:
 * `2024年5月23日`, `2024 年 5 月 23 日`, `2024.5.23`, full-width digits, `二〇二四年五月二十三日`
 * (with 〇 misread as O, o, 0 or ○), 日 misread as 曰/目, a date split across two lines; amounts with
 * 元 (`5,000.00元`, `1.2万元`, `¥5000`) and in capitals (`伍仟元整`, `壹万贰仟叁佰元伍角`).
 * Pure functions: no Node, no DOM.
 */
import { isIsoDate, type IsoDate } from '../../calendar/date';

/** Full-width → ASCII, CJK radicals left alone (NFKC does the full-width digits and letters). */
const fold = (s: string): string => s.normalize('NFKC');

/** Letters OCR returns for digits when they stand beside digits (2O24, l5). */
function repairDigits(s: string): string {
  let out = s;
  for (let i = 0; i < 2; i++) {
    out = out
      .replace(/(?<=\d)[OoΟ○〇]|[OoΟ○〇](?=\d)/gu, '0')
      .replace(/(?<=\d)[lI|]|[lI|](?=\d)/gu, '1')
      .replace(/(?<=\d)[Ss](?=\d)/gu, '5');
  }
  return out;
}

/** The line as the date and amount patterns read it: folded, digits repaired, spaces removed. */
export function readingForm(line: string): string {
  return repairDigits(fold(line).replace(/\s+/gu, ''));
}

const CN_DIGIT: Readonly<Record<string, number>> = {
  '〇': 0, '○': 0, 零: 0, O: 0, o: 0, 'Ο': 0, '0': 0,
  一: 1, 壹: 1, 二: 2, 贰: 2, 两: 2, 三: 3, 叁: 3, 四: 4, 肆: 4, 五: 5, 伍: 5,
  六: 6, 陆: 6, 七: 7, 柒: 7, 八: 8, 捌: 8, 九: 9, 玖: 9,
};
const CN_YEAR_CHAR = '[〇○零Oo0Ο一二三四五六七八九]';
const CN_SMALL = '[一二三四五六七八九十廿两]';

/** "十二" → 12, "二十三" → 23, "廿三" → 23, "三十一" → 31, "五" → 5 (1–39). */
export function smallChineseNumber(s: string): number | null {
  const t = s.replace(/廿/gu, '二十');
  const m = /^([一二三四五六七八九两])?(十)?([一二三四五六七八九])?$/u.exec(t);
  if (!m || (!m[1] && !m[2] && !m[3])) return null;
  if (!m[2]) return m[3] ? null : CN_DIGIT[m[1]!]!;
  return (m[1] ? CN_DIGIT[m[1]]! : 1) * 10 + (m[3] ? CN_DIGIT[m[3]]! : 0);
}

const pad = (n: number) => String(n).padStart(2, '0');

function isoOf(year: number, month: number, day: number): IsoDate | null {
  if (year < 1990 || year > 2100) return null;
  const iso = `${year}-${pad(month)}-${pad(day)}`;
  return isIsoDate(iso) ? iso : null;
}

// 日 is often read as 曰 or 目; 号 is used in speech-like forms.
const DAY_MARK = '[日曰目号]';
const ARABIC_DATE = new RegExp(`(\\d{4})年(\\d{1,2})月(\\d{1,2})${DAY_MARK}?|(\\d{4})[.\\-/](\\d{1,2})[.\\-/](\\d{1,2})(?!\\d)`, 'gu');
const CHINESE_DATE = new RegExp(`(${CN_YEAR_CHAR}{4})年(${CN_SMALL}{1,3})月(${CN_SMALL}{1,4})${DAY_MARK}?`, 'gu');

export interface DateHit {
  iso: IsoDate;
  /** Index in the reading form of the line (spaces removed). */
  index: number;
  /** The text read, as it appears in the reading form. */
  text: string;
}

/** Every date in one line, in order. */
export function findDates(line: string): DateHit[] {
  const s = readingForm(line);
  const hits: DateHit[] = [];
  for (const m of s.matchAll(ARABIC_DATE)) {
    const [y, mo, d] = m[1] ? [m[1], m[2]!, m[3]!] : [m[4]!, m[5]!, m[6]!];
    const iso = isoOf(Number(y), Number(mo), Number(d));
    if (iso) hits.push({ iso, index: m.index, text: m[0] });
  }
  for (const m of s.matchAll(CHINESE_DATE)) {
    const year = [...m[1]!].map((c) => CN_DIGIT[c]).join('');
    const month = smallChineseNumber(m[2]!);
    const day = smallChineseNumber(m[3]!);
    if (year.length !== 4 || month === null || day === null) continue;
    const iso = isoOf(Number(year), month, day);
    if (iso) hits.push({ iso, index: m.index, text: m[0] });
  }
  return hits.sort((a, b) => a.index - b.index);
}

/** The first date in a text, or null. */
export function parseDate(text: string): IsoDate | null {
  return findDates(text)[0]?.iso ?? null;
}

/** A line ending in a date cut short (`2024年5月`, `二〇二四年`): the next line may finish it. */
export function endsInPartialDate(line: string): boolean {
  const s = readingForm(line);
  return new RegExp(`(\\d{4}年(\\d{1,2}月)?|${CN_YEAR_CHAR}{4}年(${CN_SMALL}{1,3}月)?)$`, 'u').test(s);
}

// ---------------------------------------------------------------------------------------------
// Amounts

const CAPITAL_UNIT: Readonly<Record<string, number>> = { 拾: 10, 十: 10, 佰: 100, 百: 100, 仟: 1000, 千: 1000 };
const CAPITAL_CHARS = '零〇壹贰叁肆伍陆柒捌玖一二三四五六七八九两拾十佰百仟千万亿';

/** A section below 万 ("伍仟零伍拾" → 5050, "拾贰" → 12). */
function capitalSection(s: string): number | null {
  let total = 0;
  let digit: number | null = null;
  for (const ch of s) {
    if (ch === '零' || ch === '〇') {
      digit = null;
      continue;
    }
    if (ch in CN_DIGIT) {
      digit = CN_DIGIT[ch]!;
      continue;
    }
    const unit = CAPITAL_UNIT[ch];
    if (!unit) return null;
    total += (digit ?? 1) * unit;
    digit = null;
  }
  return total + (digit ?? 0);
}

/** "伍仟" → 5000, "壹万贰仟叁佰" → 12300, "贰亿" → 200000000 (whole yuan, no 元). */
export function parseCapitalInteger(s: string): number | null {
  if (!s) return null;
  let rest = s;
  let total = 0;
  for (const [mark, scale] of [['亿', 1e8], ['万', 1e4]] as const) {
    const at = rest.indexOf(mark);
    if (at < 0) continue;
    const head = capitalSection(rest.slice(0, at));
    if (head === null) return null;
    total += (head || 1) * scale;
    rest = rest.slice(at + 1);
  }
  const tail = rest ? capitalSection(rest) : 0;
  return tail === null ? null : total + tail;
}

export interface AmountHit {
  /** Integer fen. */
  fen: number;
  index: number;
  text: string;
}

const ARABIC_AMOUNT = /(?:人民币|[¥￥])?(\d{1,3}(?:[,，]\d{3})+|\d+)(?:\.(\d{1,2}))?(万)?元/gu;
const SYMBOL_AMOUNT = /[¥￥](\d{1,3}(?:[,，]\d{3})+|\d+)(?:\.(\d{1,2}))?/gu;
const CAPITAL_AMOUNT = new RegExp(`(?:人民币)?([${CAPITAL_CHARS}]+)[元圆](?:([${CAPITAL_CHARS}])角)?(?:([${CAPITAL_CHARS}])分)?(?:整|正)?`, 'gu');

/** Every amount in one line, in order (a capital amount and its figure in brackets both count). */
export function findAmounts(line: string): AmountHit[] {
  const s = readingForm(line);
  const hits: AmountHit[] = [];
  const covered: [number, number][] = [];
  const add = (fen: number, index: number, text: string) => {
    if (covered.some(([a, b]) => index < b && index + text.length > a)) return;
    covered.push([index, index + text.length]);
    hits.push({ fen, index, text });
  };
  for (const m of s.matchAll(ARABIC_AMOUNT)) {
    const whole = Number(m[1]!.replace(/[,，]/gu, ''));
    const cents = m[2] ? Number(m[2].padEnd(2, '0')) : 0;
    const fen = m[3] ? Math.round((whole + cents / 100) * 10000 * 100) : whole * 100 + cents;
    add(fen, m.index, m[0]);
  }
  for (const m of s.matchAll(SYMBOL_AMOUNT)) add(Number(m[1]!.replace(/[,，]/gu, '')) * 100 + (m[2] ? Number(m[2].padEnd(2, '0')) : 0), m.index, m[0]);
  for (const m of s.matchAll(CAPITAL_AMOUNT)) {
    const yuan = parseCapitalInteger(m[1]!);
    if (yuan === null) continue;
    // A capital amount needs a unit character or a capital digit: "元" alone after 一 is not money ("每一元").
    if (!/[拾佰仟万亿壹贰叁肆伍陆柒捌玖十百千]/u.test(m[1]!)) continue;
    const jiao = m[2] ? (CN_DIGIT[m[2]] ?? 0) : 0;
    const fen = m[3] ? (CN_DIGIT[m[3]] ?? 0) : 0;
    add(yuan * 100 + jiao * 10 + fen, m.index, m[0]);
  }
  return hits.sort((a, b) => a.index - b.index);
}

/** The first amount in a text, in fen, or null. */
export function parseAmountFen(text: string): number | null {
  return findAmounts(text)[0]?.fen ?? null;
}
