/**
 * Who is at the keyboard (issue #18, docs/roles.md). Each window (IPC) or browser tab (HTTP) has a
 * session key its transport puts in CallContext.session; the member of a campaign roster chosen for
 * it is kept here, in memory only (a restart asks again). Every call is resolved before its handler
 * runs: `reviewer` is filled in from the session (whatever the caller passed is dropped) and the
 * audit actor becomes `姓名（角色）#id`.
 *
 * With nobody chosen the app works as on a single-user laptop (actor = the OS user), except that
 * 组长锁定 and 退回 need a 组长 of the review's team or the 法制机构 (mayLockOrReturn).
 */
import { reviewRoleReads, reviewRoleRepository, type MemberRow, type ReviewOwner } from '../../../db/repositories/review-roles';
import type { CallContext, SessionReviewer } from '../../../shared/api/define';
import type { RosterMember, SessionMember, SessionState } from '../../../shared/api/namespaces/session';
import { AppError } from '../../../shared/errors';
import { REVIEWER_ROLE_LABELS } from '../../../shared/labels';
import { notFound, type CoreContext } from '../context';
import { hashPin, verifyPin } from './pin';
import { pinLockoutRepository } from '../../../db/repositories/pin-lockouts';
import type { LockoutPolicy } from '../../../shared/api/namespaces/session';
import { afterWrongPin, lockedFor, lockoutPolicyOf, waitText } from './lockout';
import { nowIso } from '../../../db/util';

/** Session key → chosen reviewer id. One per core: sessions end when the app does. */
export type SessionTable = Map<string, string>;

/** How the audit log names a chosen reviewer. */
export const actorOf = (r: Pick<SessionReviewer, 'id' | 'name' | 'role'>): string => `${r.name}（${REVIEWER_ROLE_LABELS[r.role]}）#${r.id}`;

const toSessionReviewer = (m: MemberRow): SessionReviewer => ({ id: m.id, campaignId: m.campaignId, name: m.name, role: m.role, team: m.team });
const toMember = (m: MemberRow): SessionMember => ({
  id: m.id,
  campaignId: m.campaignId,
  campaignName: m.campaignName,
  name: m.name,
  unitName: m.unitName,
  role: m.role,
  team: m.team,
  hasPin: m.pinHash !== null,
});
const toRosterMember = (m: MemberRow): RosterMember => {
  const { campaignName: _, ...rest } = toMember(m);
  return rest;
};

/** Fills in `reviewer` and the actor from the call's session; built once per core. */
export function sessionResolver(ctx: CoreContext): (call: CallContext) => CallContext {
  const reads = reviewRoleReads(ctx.read);
  return (call) => {
    const { reviewer: _ignored, ...base } = call;
    const id = call.session ? ctx.sessions.get(call.session) : undefined;
    if (!id) return base;
    const m = reads.member(id);
    if (!m) {
      // Removed from the roster since: the session ends.
      ctx.sessions.delete(call.session!);
      return base;
    }
    const reviewer = toSessionReviewer(m);
    return { ...base, reviewer, actor: actorOf(reviewer) };
  };
}

const teamName = (team: string) => (team ? `“${team}”` : '本活动');

/**
 * Why `who` may not lock or send back a review of `owner`'s, or null when they may: only a 组长 of
 * the reviewer's own team (never for their own review) or the campaign's 法制机构.
 */
export function refusalToSignOff(who: SessionReviewer | undefined, owner: ReviewOwner, verb: string): string | null {
  if (!who) return `${verb}须由组长或法制机构办理：请先点击右上角“我是谁”选择本人（设有 PIN 的须输入 PIN）。`;
  if (who.campaignId !== owner.campaignId) return `当前使用者“${who.name}”不在这份评查表所属评查活动的名单中，不能${verb}。`;
  if (who.role === 'legal_office') return null;
  if (who.role === 'reviewer') return `评查员不能${verb}评查表：须由${teamName(owner.team)}组长或法制机构办理。`;
  if (who.id === owner.id) return `组长不能${verb}本人的评查表：须由法制机构办理。`;
  if (who.team !== owner.team) {
    return `“${who.name}”是${who.team ? `“${who.team}”` : '未分组人员'}的组长，这份评查表属于${owner.team ? `“${owner.team}”` : '未分组'}的评查人员“${owner.name}”，须由该组组长或法制机构${verb}。`;
  }
  return null;
}

/** `now`: the clock the PIN lock-out reads (tests inject one). */
export function sessionService(ctx: CoreContext, options: { now?: () => number } = {}) {
  const now = options.now ?? Date.now;
  const repo = reviewRoleRepository(ctx.db);
  const lockouts = pinLockoutRepository(ctx.db);
  const policyOf = (campaignId: string): LockoutPolicy => lockoutPolicyOf(lockouts.policy(campaignId));
  const clockText = (ms: number) => new Date(ms).toLocaleTimeString('zh-CN', { hour12: false });
  const mustMember = (id: string) => {
    const m = repo.member(id);
    if (!m) throw notFound('评查人员', id);
    return m;
  };
  const state = (call: CallContext): SessionState => {
    const id = call.session ? ctx.sessions.get(call.session) : undefined;
    const m = id ? repo.member(id) : undefined;
    return { reviewer: m ? toMember(m) : null, available: Boolean(call.session) };
  };

  return {
    current: state,
    roster: (campaignId: string): RosterMember[] => repo.roster(campaignId).map(toRosterMember),

    /**
     * A wrong PIN is refused (`forbidden`) and audited, so repeated guessing shows in the log; after
     * the campaign's limit of wrong PINs in a row, tries for that member are refused unchecked until
     * the lock-out ends (lockout.ts). A right PIN starts the count again.
     */
    choose: (call: CallContext, reviewerId: string, pin: string | undefined): SessionState => {
      if (!call.session) throw new AppError('invalid_argument', '命令行没有“使用者”会话：请用 --actor 记录操作人。');
      const m = mustMember(reviewerId);
      if (m.pinHash !== null) {
        const at = now();
        const policy = policyOf(m.campaignId);
        const lock = lockouts.get(m.id);
        const wait = lockedFor(lock, at);
        const refuse = (message: string, after: Record<string, unknown>, details: Record<string, unknown> = {}): never => {
          ctx.tx(() => ctx.audit({ actor: call.actor, action: 'session_pin_refused', entity: 'reviewer', entityId: m.id, after: { name: m.name, ...after } }));
          throw new AppError('forbidden', message, { needsPin: true, ...details });
        };
        if (wait > 0) {
          // Not even checked: a guesser learns nothing while locked out.
          refuse(
            `“${m.name}”的 PIN 已连续输错 ${lock!.failures} 次，暂停验证：请 ${waitText(wait)}后再试（${clockText(at + wait)} 起），或请法制机构重置 PIN。`,
            { lockedUntil: lock!.lockedUntil },
            { lockedUntil: lock!.lockedUntil, retryAfterSeconds: Math.ceil(wait / 1000) },
          );
        }
        if (!pin) refuse(`“${m.name}”设有 PIN，请输入 PIN。`, {});
        if (!verifyPin(pin!, m.pinHash)) {
          const next = afterWrongPin(lock, at, policy);
          ctx.tx(() => {
            lockouts.put(m.id, next);
            ctx.audit({ actor: call.actor, action: 'session_pin_refused', entity: 'reviewer', entityId: m.id, after: { name: m.name, failures: next.failures } });
            if (next.lockedUntil) {
              ctx.audit({ actor: call.actor, action: 'pin_lockout', entity: 'reviewer', entityId: m.id, after: { name: m.name, failures: next.failures, lockedUntil: next.lockedUntil, minutes: policy.minutes } });
            }
          });
          const left = policy.maxFailures - next.failures;
          throw new AppError(
            'forbidden',
            next.lockedUntil
              ? `“${m.name}”的 PIN 不正确；已连续输错 ${next.failures} 次，暂停验证 ${policy.minutes} 分钟（${clockText(Date.parse(next.lockedUntil))} 起可再试），或请法制机构重置 PIN。`
              : `“${m.name}”的 PIN 不正确（再输错 ${left} 次将暂停验证 ${policy.minutes} 分钟）。`,
            { needsPin: true, failures: next.failures, ...(next.lockedUntil ? { lockedUntil: next.lockedUntil, retryAfterSeconds: policy.minutes * 60 } : {}) },
          );
        }
        if (lock) ctx.tx(() => lockouts.clear(m.id));
      }
      ctx.sessions.set(call.session, m.id);
      const who = toSessionReviewer(m);
      ctx.tx(() => ctx.audit({ actor: actorOf(who), action: 'session_start', entity: 'reviewer', entityId: m.id, after: { transport: call.transport } }));
      return state(call);
    },

    leave: (call: CallContext): SessionState => {
      if (call.session) ctx.sessions.delete(call.session);
      return state(call);
    },

    /**
     * Sets or clears a PIN: the member themselves, anyone while the member has none yet, or the
     * campaign's 法制机构 (a forgotten PIN).
     */
    setPin: (call: CallContext, reviewerId: string, pin: string | null): RosterMember =>
      ctx.tx(() => {
        const m = mustMember(reviewerId);
        const self = call.reviewer?.id === m.id;
        const office = call.reviewer?.role === 'legal_office' && call.reviewer.campaignId === m.campaignId;
        if (m.pinHash !== null && !self && !office) {
          throw new AppError('forbidden', `“${m.name}”已设有 PIN：只有本人（先以本人身份进入）或法制机构可以修改。`);
        }
        repo.setPin(m.id, pin === null ? null : hashPin(pin));
        // A new or cleared PIN (the 法制机构's reset of a forgotten one) ends any lock-out.
        const wasLocked = lockedFor(lockouts.get(m.id), now()) > 0;
        lockouts.clear(m.id);
        const reset = !self && m.pinHash !== null;
        ctx.audit({
          actor: call.actor,
          action: reset ? 'reset_pin' : pin === null ? 'clear_pin' : 'set_pin',
          entity: 'reviewer',
          entityId: m.id,
          after: { name: m.name, hasPin: pin !== null, ...(wasLocked ? { lockoutEnded: true } : {}) },
        });
        return toRosterMember(mustMember(m.id));
      }),

    lockoutPolicy: (campaignId: string): LockoutPolicy => policyOf(campaignId),

    /** The 法制机构 (or, with nobody chosen, a single-user laptop) sets the campaign's lock-out policy. */
    setLockoutPolicy: (call: CallContext, campaignId: string, policy: LockoutPolicy): LockoutPolicy =>
      ctx.tx(() => {
        const who = call.reviewer;
        if (who && !(who.role === 'legal_office' && who.campaignId === campaignId)) {
          throw new AppError('forbidden', `PIN 连续输错暂停规则只能由本活动的法制机构设置；当前使用者是“${who.name}”。`);
        }
        const before = policyOf(campaignId);
        lockouts.setPolicy(campaignId, JSON.stringify(policy), nowIso());
        ctx.audit({ actor: call.actor, action: 'set_pin_lockout_policy', entity: 'campaign', entityId: campaignId, before, after: policy });
        return policyOf(campaignId);
      }),
  };
}
