import { z } from 'zod';
import { mutation, query } from '../define';
import { Id, IsoDate } from './common';

export const NoticeStatus = z.enum(['draft', 'sent', 'replied', 'closed']);
export type NoticeStatus = z.infer<typeof NoticeStatus>;

export const Notice = z.object({
  id: Id,
  campaignId: Id,
  unitId: Id,
  unitName: z.string(),
  status: NoticeStatus,
  replyDeadline: z.string().nullable(),
  /** Dates (YYYY-MM-DD) of each step; null until it happens. */
  sentDate: z.string().nullable(),
  replyDate: z.string().nullable(),
  replyNote: z.string(),
  closedDate: z.string().nullable(),
  closeNote: z.string(),
  createdAt: z.string(),
  /** Deadline passed without a reply (draft or sent, deadline before today). */
  overdue: z.boolean(),
});
export type Notice = z.infer<typeof Notice>;

export const NoticeUnitRow = z.object({
  unitId: Id,
  unitName: z.string(),
  reviewed: z.number().int(),
  /** Deduct/veto answers in the unit's reviewed dossiers. */
  problemCount: z.number().int(),
  notice: Notice.nullable(),
});
export type NoticeUnitRow = z.infer<typeof NoticeUnitRow>;

export const notices = {
  list: query('整改通知一览：每个有评查结果的单位及其整改通知状态', z.object({ campaignId: Id }), z.array(NoticeUnitRow)),
  issue: mutation(
    '为单位生成整改通知（或修改尚未发出的通知的回复期限）',
    z.object({ campaignId: Id, unitId: Id, replyDeadline: IsoDate }),
    Notice,
  ),
  markSent: mutation('标记整改通知已发出', z.object({ id: Id, date: IsoDate }), Notice),
  markReplied: mutation(
    '登记单位的整改回复',
    z.object({ id: Id, date: IsoDate, note: z.string().trim().max(2000, '回复说明不能超过 2000 个字').default('') }),
    Notice,
  ),
  close: mutation('整改通知办结', z.object({ id: Id, date: IsoDate, note: z.string().trim().max(2000, '办结说明不能超过 2000 个字').default('') }), Notice),
};
