/** Display formatting in zh-CN conventions. */
const pad = (n: number) => String(n).padStart(2, '0');

/** ISO timestamp → local "2026-11-23 09:41". */
export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
