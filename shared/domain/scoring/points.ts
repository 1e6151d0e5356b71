/**
 * Exact point arithmetic. Every point value in a template or an answer is a multiple of 0.1; the
 * engine converts them to integer tenths (十分之一分) once, adds and subtracts integers only, and
 * converts back at the edge. 0.1 + 0.2 therefore gives exactly 0.3, and 0.5 × 7 exactly 3.5.
 */

/** Integer number of tenths of a point. */
export type Tenths = number;

const EPS = 1e-6;

/** 0.1-point multiples → integer tenths; `null` when the value is not finite or not a multiple of 0.1. */
export function toTenths(points: number): Tenths | null {
  if (typeof points !== 'number' || !Number.isFinite(points)) return null;
  const scaled = points * 10;
  const t = Math.round(scaled);
  return Math.abs(scaled - t) < EPS ? t : null;
}

/** Like {@link toTenths} but throws: only for values already validated by the template schema. */
export function tenths(points: number): Tenths {
  const t = toTenths(points);
  if (t === null) throw new RangeError(`分值 ${points} 不是 0.1 的整数倍`);
  return t;
}

/** Integer tenths → points. Division of an integer by 10 yields the double closest to the decimal. */
export const fromTenths = (t: Tenths): number => t / 10;

/** True when `points` is a multiple of 0.1. */
export const isTenthMultiple = (points: number): boolean => toTenths(points) !== null;

/** Integer division rounding half up (numerator ≥ 0, denominator > 0). */
export function divRoundHalfUp(numerator: number, denominator: number): number {
  return Math.floor((2 * numerator + denominator) / (2 * denominator));
}

/** Integer division rounding down (numerator ≥ 0, denominator > 0). */
export function divFloor(numerator: number, denominator: number): number {
  return Math.floor(numerator / denominator);
}

