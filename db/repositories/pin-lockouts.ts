/** SQL for the PIN lock-out (migration 20): wrong PINs in a row per roster member, and the lock's end. */
import type { WritableDB } from '../handles';

export interface PinLockoutRow {
  failures: number;
  lastFailureAt: string;
  lockedUntil: string | null;
}

export function pinLockoutRepository(db: WritableDB) {
  const get = db.prepare('SELECT failures, last_failure_at AS lastFailureAt, locked_until AS lockedUntil FROM pin_lockouts WHERE reviewer_id = ?');
  const put = db.prepare(
    `INSERT INTO pin_lockouts (reviewer_id, failures, last_failure_at, locked_until) VALUES (@id, @failures, @at, @lockedUntil)
     ON CONFLICT (reviewer_id) DO UPDATE SET failures = excluded.failures, last_failure_at = excluded.last_failure_at, locked_until = excluded.locked_until`,
  );
  const clear = db.prepare('DELETE FROM pin_lockouts WHERE reviewer_id = ?');
  const policy = db.prepare(`SELECT json_extract(settings, '$.pinLockout') FROM campaigns WHERE id = ?`).pluck();
  const setPolicy = db.prepare(`UPDATE campaigns SET settings = json_set(settings, '$.pinLockout', json(?)), updated_at = ? WHERE id = ?`);
  return {
    get: (reviewerId: string) => get.get(reviewerId) as PinLockoutRow | undefined,
    put: (reviewerId: string, r: PinLockoutRow) => void put.run({ id: reviewerId, failures: r.failures, at: r.lastFailureAt, lockedUntil: r.lockedUntil }),
    /** A right PIN, or a PIN set or cleared: the count starts again. */
    clear: (reviewerId: string) => void clear.run(reviewerId),
    /** The campaign's lock-out policy as stored (JSON text), or null for the defaults. */
    policy: (campaignId: string) => (policy.get(campaignId) as string | null | undefined) ?? null,
    setPolicy: (campaignId: string, json: string, at: string) => void setPolicy.run(json, at, campaignId),
  };
}
