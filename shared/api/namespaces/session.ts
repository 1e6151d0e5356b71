/**
 * Who is at the keyboard: each window (Electron) or browser tab (loopback host) chooses once which
 * member of a campaign's roster it is, with that member's PIN when one is set. The choice lives in
 * the running core only (a restart asks again), travels as CallContext.reviewer, names the actor in
 * the audit log, and decides who may lock or send back a review (docs/roles.md).
 */
import { z } from 'zod';
import { mutation, query } from '../define';
import { Id } from './common';
import { ReviewerRole } from './reviewers';

/** A PIN tells people apart on a shared laptop; it is stored only as an scrypt hash. */
export const Pin = z.string().regex(/^\d{4,12}$/, 'PIN 须为 4–12 位数字');

/** PIN lock-out per campaign: wrong PINs in a row before tries are refused, and for how long. */
export const LockoutPolicy = z.object({
  maxFailures: z.number().int().min(3, '连续输错次数至少为 3').max(20, '连续输错次数最多为 20'),
  minutes: z.number().int().min(1, '暂停时间至少 1 分钟').max(24 * 60, '暂停时间最多 24 小时'),
});
export type LockoutPolicy = z.infer<typeof LockoutPolicy>;

export const SessionMember = z.object({
  id: Id,
  campaignId: Id,
  campaignName: z.string(),
  name: z.string(),
  unitName: z.string(),
  role: ReviewerRole,
  /** 评查组 ('' = the campaign's only team). */
  team: z.string(),
  hasPin: z.boolean(),
});
export type SessionMember = z.infer<typeof SessionMember>;

export const SessionState = z.object({
  /** null = nobody chosen: everything works as on a single-user laptop, except 组长锁定 and 退回. */
  reviewer: SessionMember.nullable(),
  /** false when the caller has no session at all (the command line), so none can be chosen. */
  available: z.boolean(),
});
export type SessionState = z.infer<typeof SessionState>;

export const RosterMember = SessionMember.omit({ campaignName: true });
export type RosterMember = z.infer<typeof RosterMember>;

export const session = {
  current: query('本窗口当前的使用者（我是谁）', z.object({}), SessionState),
  roster: query('可选择的使用者：评查活动的人员名单（含是否设有 PIN）', z.object({ campaignId: Id }), z.array(RosterMember)),
  choose: mutation(
    '选择本窗口的使用者（设有 PIN 的须输入 PIN）',
    z.object({ reviewerId: Id, pin: z.string().max(12).optional() }),
    SessionState,
  ),
  leave: mutation('退出当前使用者', z.object({}), SessionState),
  setPin: mutation(
    '设置或清除某位人员的 PIN（本人、尚无 PIN 时，或法制机构可设置）',
    z.object({ reviewerId: Id, pin: Pin.nullable() }),
    RosterMember,
  ),
  lockoutPolicy: query('本活动的 PIN 连续输错暂停规则（默认连续 5 次、暂停 5 分钟）', z.object({ campaignId: Id }), LockoutPolicy),
  setLockoutPolicy: mutation('设置本活动的 PIN 连续输错暂停规则（法制机构）', z.object({ campaignId: Id, policy: LockoutPolicy }), LockoutPolicy),
};
