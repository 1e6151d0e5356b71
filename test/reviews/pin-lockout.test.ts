/**
 * PIN lock-out (#18, docs/roles.md): after the campaign's limit of wrong PINs in a row (5 by default)
 * tries for that member are refused, unchecked, for the set time (5 minutes), with the time left in the
 * message; kept in the store across a restart; audited; a right PIN, the end of the lock-out or the
 * 法制机构's reset starts the count again. The session service runs on an injected clock.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../electron/core';
import { sessionService } from '../../electron/core/session';
import { waitText } from '../../electron/core/session/lockout';
import { createApiClient, type Api } from '../../shared/api/contract';
import type { CallContext } from '../../shared/api/define';
import { AppError } from '../../shared/errors';
import { useTempDir } from '../foundation/temp';

const T0 = Date.parse('2026-03-02T08:00:00Z');
const MIN = 60_000;

function refusalOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return e as AppError;
  }
  throw new Error('expected a refusal');
}

describe('PIN lock-out', () => {
  const tempDir = useTempDir();
  let core: Core | undefined;
  afterEach(() => core?.close());

  const apiOf = (c: Core, session?: string): Api =>
    createApiClient((m, i) => c.dispatch(m, i, { actor: 'os-user', transport: 'test', ...(session ? { session } : {}) }));
  const win = (session: string): CallContext => ({ actor: 'os-user', transport: 'test', session });

  async function setup(path: string) {
    core = await openCore(path);
    const api = apiOf(core);
    const campaign = await api.campaigns.create({ name: 'PIN 测试', year: 2025 });
    const wang = await api.reviewers.add({ campaignId: campaign.id, name: '王组长', unitName: '示例市司法局', role: 'leader', team: '一组' });
    const zhao = await api.reviewers.add({ campaignId: campaign.id, name: '赵法制', unitName: '示例市司法局', role: 'legal_office' });
    await api.session.setPin({ reviewerId: wang.id, pin: '2468' });
    return { api, campaign, wang, zhao };
  }
  const clock = (start: number) => {
    let t = start;
    return { now: () => t, advance: (ms: number) => void (t += ms) };
  };
  const auditOf = (c: Core, reviewerId: string, action: string) =>
    c.store.db.prepare(`SELECT after FROM audit_log WHERE entity = 'reviewer' AND entity_id = ? AND action = ? ORDER BY seq`).pluck().all(reviewerId, action) as string[];

  it('5 wrong PINs lock the member out for 5 minutes — even the right PIN — with the time left; kept across a restart; then the count starts again', async () => {
    const path = join(tempDir(), 'pins.sqlite');
    const { wang } = await setup(path);
    const c = clock(T0);
    let svc = sessionService(core!.context, { now: c.now });

    for (let i = 1; i <= 4; i++) {
      const e = refusalOf(() => svc.choose(win('w1'), wang.id, '1111'));
      expect(e.code).toBe('forbidden');
      expect(e.message).toContain(`PIN 不正确（再输错 ${5 - i} 次将暂停验证 5 分钟）`);
      c.advance(10_000);
    }
    const fifth = refusalOf(() => svc.choose(win('w1'), wang.id, '1111'));
    expect(fifth.message).toContain('已连续输错 5 次，暂停验证 5 分钟');
    expect(fifth.details).toMatchObject({ failures: 5, retryAfterSeconds: 300 });
    expect(auditOf(core!, wang.id, 'pin_lockout').map((a) => JSON.parse(a) as { failures: number; minutes: number })).toEqual([
      expect.objectContaining({ failures: 5, minutes: 5 }),
    ]);

    // The right PIN is refused too while locked out, with the time left.
    c.advance(2 * MIN);
    const locked = refusalOf(() => svc.choose(win('w1'), wang.id, '2468'));
    expect(locked.message).toContain(`请 ${waitText(3 * MIN)}后再试`);
    expect(locked.message).toContain('3 分 00 秒');
    expect(locked.message).toContain('法制机构重置 PIN');
    expect(locked.details).toMatchObject({ retryAfterSeconds: 180 });
    expect(svc.current(win('w1')).reviewer).toBeNull();

    // A restart does not reset it: the count is in the store.
    core!.close();
    core = await openCore(path);
    c.advance(1 * MIN);
    svc = sessionService(core.context, { now: c.now });
    expect(refusalOf(() => svc.choose(win('w1'), wang.id, '2468')).message).toContain('2 分 00 秒');
    const refused = auditOf(core, wang.id, 'session_pin_refused').length;
    expect(refused).toBe(7);

    // Over: the right PIN is accepted, and a later wrong one counts from one again.
    c.advance(2 * MIN + 1000);
    expect(svc.choose(win('w1'), wang.id, '2468').reviewer?.id).toBe(wang.id);
    expect(refusalOf(() => svc.choose(win('w2'), wang.id, '9999')).message).toContain('再输错 4 次');
  });

  it('a right PIN resets the count before the limit', async () => {
    const { wang } = await setup(join(tempDir(), 'pins.sqlite'));
    const c = clock(T0);
    const svc = sessionService(core!.context, { now: c.now });
    for (let i = 0; i < 4; i++) refusalOf(() => svc.choose(win('w1'), wang.id, '1111'));
    svc.choose(win('w1'), wang.id, '2468');
    expect(refusalOf(() => svc.choose(win('w2'), wang.id, '1111')).message).toContain('再输错 4 次');
  });

  it('the 法制机构 resetting the PIN ends a lock-out (audited as reset_pin); the limit and the time are set per campaign by the 法制机构 only', async () => {
    const { api, campaign, wang, zhao } = await setup(join(tempDir(), 'pins.sqlite'));
    expect(await api.session.lockoutPolicy({ campaignId: campaign.id })).toEqual({ maxFailures: 5, minutes: 5 });

    const office = apiOf(core!, 'w-office');
    await office.session.choose({ reviewerId: zhao.id });
    const leader = apiOf(core!, 'w-leader');
    await leader.session.choose({ reviewerId: wang.id, pin: '2468' });
    await expect(leader.session.setLockoutPolicy({ campaignId: campaign.id, policy: { maxFailures: 3, minutes: 10 } })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(office.session.setLockoutPolicy({ campaignId: campaign.id, policy: { maxFailures: 2, minutes: 10 } })).rejects.toMatchObject({ code: 'invalid_argument' });
    expect(await office.session.setLockoutPolicy({ campaignId: campaign.id, policy: { maxFailures: 3, minutes: 10 } })).toEqual({ maxFailures: 3, minutes: 10 });

    // Now: the reset below goes through the API, on the real clock.
    const c = clock(Date.now());
    const svc = sessionService(core!.context, { now: c.now });
    refusalOf(() => svc.choose(win('w1'), wang.id, '1111'));
    refusalOf(() => svc.choose(win('w1'), wang.id, '1111'));
    expect(refusalOf(() => svc.choose(win('w1'), wang.id, '1111')).message).toContain('已连续输错 3 次，暂停验证 10 分钟');
    expect(refusalOf(() => svc.choose(win('w1'), wang.id, '2468')).message).toContain('10 分 00 秒');

    // A forgotten PIN: the 法制机构 clears it; the member chooses themselves and sets a new one.
    await office.session.setPin({ reviewerId: wang.id, pin: null });
    expect(svc.choose(win('w1'), wang.id, undefined).reviewer?.id).toBe(wang.id);
    const reset = auditOf(core!, wang.id, 'reset_pin').map((a) => JSON.parse(a) as Record<string, unknown>);
    expect(reset).toEqual([{ name: '王组长', hasPin: false, lockoutEnded: true }]);
    const actor = core!.store.db.prepare(`SELECT actor FROM audit_log WHERE action = 'reset_pin'`).pluck().get();
    expect(actor).toBe(`赵法制（法制机构）#${zhao.id}`);
    expect(core!.store.db.prepare('SELECT COUNT(*) FROM pin_lockouts').pluck().get()).toBe(0);
  });
});
