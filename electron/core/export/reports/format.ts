/** Small formatting helpers shared by the report generators. */

/** Today's date on this computer (not UTC: a clerk in 北京 at 07:00 expects today's date), YYYY-MM-DD. */
export function localToday(now = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}

export const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** 87.5 → "87.5", 90 → "90". */
export const score = (v: number): string => (Number.isInteger(v) ? String(v) : (Math.round(v * 100) / 100).toString());

/** 2026-12-23 → 2026年12月23日. */
export function cnDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : iso;
}
