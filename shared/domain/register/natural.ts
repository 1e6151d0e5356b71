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
 * expects. Runs once per imported row: a few regex passes, no per-character work in JS.
 */
export function caseNoSortKey(caseNo: string): string {
  const s = caseNo
    .trim()
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
