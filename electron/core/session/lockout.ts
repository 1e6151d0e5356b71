/**
 * PIN lock-out (#18, docs/roles.md): after `maxFailures` wrong PINs in a row for one roster member,
 * further tries for that member are refused for `minutes`, without checking the PIN. The count lives
 * in the store (migration 20), so a restart does not reset it; a right PIN, a PIN set or cleared (the
 * 法制机构's reset), or the end of a lock-out starts it again. Policy per campaign, defaults 5 / 5 min.
 */
import { LockoutPolicy } from '../../../shared/api/namespaces/session';
import type { PinLockoutRow } from '../../../db/repositories/pin-lockouts';

export const DEFAULT_LOCKOUT_POLICY: LockoutPolicy = { maxFailures: 5, minutes: 5 };

/** The stored policy, or the defaults when none (or an unreadable one) is stored. */
export function lockoutPolicyOf(json: string | null): LockoutPolicy {
  if (!json) return DEFAULT_LOCKOUT_POLICY;
  try {
    const parsed = LockoutPolicy.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : DEFAULT_LOCKOUT_POLICY;
  } catch {
    return DEFAULT_LOCKOUT_POLICY;
  }
}

/** Milliseconds the member is still locked out at `now`, 0 when not. */
export function lockedFor(row: PinLockoutRow | undefined, now: number): number {
  if (!row?.lockedUntil) return 0;
  return Math.max(0, Date.parse(row.lockedUntil) - now);
}

/** The row after one more wrong PIN at `now`: a finished lock-out counts from one again. */
export function afterWrongPin(row: PinLockoutRow | undefined, now: number, policy: LockoutPolicy): PinLockoutRow {
  const failures = row && !row.lockedUntil ? row.failures + 1 : 1;
  const locked = failures >= policy.maxFailures;
  return {
    failures,
    lastFailureAt: new Date(now).toISOString(),
    lockedUntil: locked ? new Date(now + policy.minutes * 60_000).toISOString() : null,
  };
}

/** “4 分 05 秒”, “35 秒”: the wait as the refusal says it (rounded up, never “0 秒”). */
export function waitText(ms: number): string {
  const s = Math.max(1, Math.ceil(ms / 1000));
  const m = Math.floor(s / 60);
  return m ? `${m} 分 ${String(s % 60).padStart(2, '0')} 秒` : `${s} 秒`;
}
