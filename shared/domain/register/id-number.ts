/**
 * 居民身份证号码 (GB 11643—1999): 6-digit region code, 8-digit birth date, 3-digit sequence, and an
 * ISO 7064 MOD 11-2 check character (0–9 or X).
 */

import { daysInMonth } from './normalise';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/** The check character for the first 17 digits. Throws on input that is not 17 digits. */
export function gb11643CheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new Error('身份证号码前 17 位必须是数字');
  return checkCharOf(first17);
}

/** The check character of a string whose first 17 characters are known to be digits. */
function checkCharOf(digits: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (digits.charCodeAt(i) - 48) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

/** 18 characters with a plausible birth date: how a 居民身份证号码 looks (a credit code rarely does). */
const RESIDENT_ID_RE = /^\d{6}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx]$/;

export function looksLikeResidentId(value: string): boolean {
  return RESIDENT_ID_RE.test(value);
}

export type ResidentIdCheck = { ok: true } | { ok: false; reason: string };

const RESIDENT_ID_SHAPE = /^\d{17}[\dX]$/;

/** The number written by the digits v[from..from+n) (known to be digits). */
function digitsValue(v: string, from: number, n: number): number {
  let x = 0;
  for (let i = from; i < from + n; i++) x = x * 10 + v.charCodeAt(i) - 48;
  return x;
}

/** Full check of an 18-character ID number: shape, birth date, check character. */
export function checkResidentId(value: string): ResidentIdCheck {
  const v = value.trim().toUpperCase();
  if (!RESIDENT_ID_SHAPE.test(v)) return { ok: false, reason: '不是 18 位居民身份证号码' };
  const y = digitsValue(v, 6, 4);
  const m = digitsValue(v, 10, 2);
  const d = digitsValue(v, 12, 2);
  // Calendar arithmetic, no Date object: runs for every personal party of a 50,000-row register.
  if (y < 1900 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) {
    return { ok: false, reason: '身份证号码中的出生日期不存在' };
  }
  const expected = checkCharOf(v);
  if (v[17] !== expected) return { ok: false, reason: `身份证号码校验位错误（按 GB 11643 应为 ${expected}）` };
  return { ok: true };
}
