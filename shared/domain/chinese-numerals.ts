/**
 * Chinese numerals for article numbers: statutes and official outputs (评查表, 通报, 整改通知, notes)
 * cite articles as 第八十五条, never 第85条. Shared by the rules, the exports and the screens.
 */

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 85 → 八十五, 10 → 十, 105 → 一百零五, 110 → 一百一十, 203 → 二百零三, 1259 → 一千二百五十九. */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 9999) throw new Error(`不支持的数字：${n}`);
  if (n === 0) return '零';
  if (n < 10) return DIGITS[n] as string;
  if (n < 20) return '十' + (n % 10 === 0 ? '' : DIGITS[n % 10]);
  const units: [number, string][] = [
    [1000, '千'],
    [100, '百'],
    [10, '十'],
    [1, ''],
  ];
  let out = '';
  let zero = false;
  let started = false;
  for (const [u, name] of units) {
    const d = Math.floor(n / u) % 10;
    if (d === 0) {
      if (started) zero = true;
      continue;
    }
    if (zero) out += '零';
    zero = false;
    out += (DIGITS[d] as string) + name;
    started = true;
  }
  return out;
}

/** "第八十五条" */
export function articleZh(article: number): string {
  return `第${chineseNumeral(article)}条`;
}

/** articleZh for a stored article that may be absent: "" for null (or a number no statute has). */
export function articleZhOrEmpty(article: number | null | undefined): string {
  return article !== null && article !== undefined && Number.isInteger(article) && article > 0 && article <= 9999 ? articleZh(article) : '';
}
