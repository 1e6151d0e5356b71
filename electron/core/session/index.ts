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

export function sessionService(ctx: CoreContext) {
  const repo = reviewRoleRepository(ctx.db);
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

    /** A wrong PIN is refused (`forbidden`) and audited, so repeated guessing shows in the log. */
    choose: (call: CallContext, reviewerId: string, pin: string | undefined): SessionState => {
      if (!call.session) throw new AppError('invalid_argument', '命令行没有“使用者”会话：请用 --actor 记录操作人。');
      const m = mustMember(reviewerId);
      if (m.pinHash !== null && !(pin && verifyPin(pin, m.pinHash))) {
        ctx.tx(() => ctx.audit({ actor: call.actor, action: 'session_pin_refused', entity: 'reviewer', entityId: m.id, after: { name: m.name } }));
        throw new AppError('forbidden', pin ? `“${m.name}”的 PIN 不正确。` : `“${m.name}”设有 PIN，请输入 PIN。`, { needsPin: true });
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
        ctx.audit({ actor: call.actor, action: pin === null ? 'clear_pin' : 'set_pin', entity: 'reviewer', entityId: m.id, after: { name: m.name } });
        return toRosterMember(mustMember(m.id));
      }),
  };
}
