/**
 * 居民身份证号码 (GB 11643—1999): 6-digit region code, 8-digit birth date, 3-digit sequence, and an
 * ISO 7064 MOD 11-2 check character (0–9 or X).
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/** The check character for the first 17 digits. Throws on input that is not 17 digits. */
export function gb11643CheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new Error('身份证号码前 17 位必须是数字');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

/** 18 characters with a plausible birth date: how a 居民身份证号码 looks (a credit code rarely does). */
const RESIDENT_ID_RE = /^\d{6}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx]$/;

export function looksLikeResidentId(value: string): boolean {
  return RESIDENT_ID_RE.test(value);
}

export type ResidentIdCheck = { ok: true } | { ok: false; reason: string };

/** Full check of an 18-character ID number: shape, birth date, check character. */
export function checkResidentId(value: string): ResidentIdCheck {
  const v = value.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(v)) return { ok: false, reason: '不是 18 位居民身份证号码' };
  const y = Number(v.slice(6, 10));
  const m = Number(v.slice(10, 12));
  const d = Number(v.slice(12, 14));
  const probe = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || probe.getUTCFullYear() !== y || probe.getUTCMonth() !== m - 1 || probe.getUTCDate() !== d) {
    return { ok: false, reason: '身份证号码中的出生日期不存在' };
  }
  const expected = gb11643CheckChar(v.slice(0, 17));
  if (v[17] !== expected) return { ok: false, reason: `身份证号码校验位错误（按 GB 11643 应为 ${expected}）` };
  return { ok: true };
}
