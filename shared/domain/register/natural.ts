/**
 * Natural ordering of case numbers (案卷编号): 罚字〔2024〕2号 sorts before 罚字〔2024〕10号. The key is a
 * plain string, so SQLite can index and ORDER BY it with its default BINARY collation.
 */

/** Bumped if the key's layout changes (a migration must then recompute stored keys). */
export const CASE_NO_SORT_KEY_VERSION = 1;

// Bracket variants clerks type for the year (〔〕 is the official form): one spelling each, so
// 罚字[2024]3号 and 罚字〔2024〕3号 sort together.
const OPEN_BRACKETS = /[[［【(（{｛]/g;
const CLOSE_BRACKETS = /[\]］】)）}｝]/g;
const FULL_WIDTH_DIGITS = /[０-９]/g;
const DIGIT_RUNS = /\d+/g;

const digitRunKey = (run: string): string => {
  let i = 0;
  while (i < run.length - 1 && run.charCodeAt(i) === 48) i++;
  const n = run.length - i;
  return (n < 10 ? `0${n}` : String(Math.min(n, 99))) + (i ? run.slice(i) : run);
};

/**
 * Every run of digits (ASCII or full-width) becomes its length (two digits) followed by the digits
 * without leading zeros, so shorter numbers sort first and equal lengths compare digit by digit.
 * Digit runs start with "0"-"9", which sort before any letter or CJK character, as natural sort
 * expects. Runs once per imported row.
 */
export function caseNoSortKey(caseNo: string): string {
  const s = caseNo.trim();
  return usualSpellingKey(s) ?? generalKey(s);
}

const isAsciiDigit = (c: number): boolean => c >= 48 && c <= 57;

/**
 * Whether a character stays as it is in the key: no case (so toUpperCase keeps it), not a bracket
 * variant, not a full-width digit. ASCII other than a-z and ([{}]), CJK ideographs and 〔〕.
 */
const keptAsIs = (c: number): boolean =>
  c < 128 ? !(c >= 97 && c <= 122) && c !== 40 && c !== 41 && c !== 91 && c !== 93 && c !== 123 && c !== 125 : (c >= 0x4e00 && c <= 0x9fff) || c === 0x3014 || c === 0x3015;

/**
 * The key of a case number spelled the usual way (罚字〔2024〕12号: only ASCII digits need work), in
 * one pass with no regex; null when some character needs the general path.
 */
function usualSpellingKey(s: string): string | null {
  let key = '';
  let copiedTo = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isAsciiDigit(c)) {
      let end = i + 1;
      while (end < s.length && isAsciiDigit(s.charCodeAt(end))) end++;
      // A full-width digit right after the run would join it: the loop meets it next and bails out.
      key += s.slice(copiedTo, i) + digitRunKey(s.slice(i, end));
      copiedTo = end;
      i = end - 1;
    } else if (!keptAsIs(c)) return null;
  }
  return copiedTo === 0 ? s : key + s.slice(copiedTo);
}

function generalKey(trimmed: string): string {
  const s = trimmed
    .replace(FULL_WIDTH_DIGITS, (d) => String.fromCharCode(d.charCodeAt(0) - 0xff10 + 48))
    .replace(OPEN_BRACKETS, '〔')
    .replace(CLOSE_BRACKETS, '〕')
    .toUpperCase();
  return s.replace(DIGIT_RUNS, digitRunKey);
}

/** Compares two case numbers the way the dossier list orders them (key, then the number itself). */
export function compareCaseNos(a: string, b: string): number {
  const ka = caseNoSortKey(a);
  const kb = caseNoSortKey(b);
  if (ka !== kb) return ka < kb ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
