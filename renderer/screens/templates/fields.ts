/** Lists and numbers as the template screens write them in text: "行政处罚、行政许可", an empty number input. */
export const joinList = (xs: readonly string[]) => xs.join('、');
export const splitList = (s: string) =>
  s
    .split(/[、,，;；]/)
    .map((x) => x.trim())
    .filter(Boolean);

/** A number input's value as a number (NaN when empty, so the validator reports it). */
export const numberOf = (v: string) => (v.trim() === '' ? Number.NaN : Number(v));
export const numberText = (n: number) => (Number.isFinite(n) ? String(n) : '');
