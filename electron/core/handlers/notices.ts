import { noticeRepository, type NoticeBody, type NoticeStep, type StoredNotice } from '../../../db/repositories/notices';
import { newId, nowIso } from '../../../db/util';
import type { Handlers } from '../../../shared/api/contract';
import type { Notice, NoticeStatus, NoticeUnitRow } from '../../../shared/api/namespaces/notices';
import { AppError } from '../../../shared/errors';
import { NOTICE_STATUS_LABELS } from '../../../shared/labels';
import { notFound, type CoreContext } from '../context';
import { reportSources } from '../export/reports/data';
import { localToday } from '../export/reports/format';

function toNotice(n: StoredNotice, today = localToday()): Notice {
  return {
    id: n.id,
    campaignId: n.campaignId,
    unitId: n.unitId,
    unitName: n.unitName,
    status: n.status,
    replyDeadline: n.replyDeadline,
    sentDate: n.body.sentDate ?? null,
    replyDate: n.body.replyDate ?? null,
    replyNote: n.body.replyNote ?? '',
    closedDate: n.body.closedDate ?? null,
    closeNote: n.body.closeNote ?? '',
    createdAt: n.createdAt,
    overdue: (n.status === 'draft' || n.status === 'sent') && n.replyDeadline !== null && n.replyDeadline < today,
  };
}

export function noticeHandlers(ctx: CoreContext): Handlers['notices'] {
  const sources = reportSources(ctx.read);
  const notices = noticeRepository(ctx.db);
  const get = (id: string): StoredNotice => {
    const n = notices.get(id);
    if (!n) throw notFound('整改通知', id);
    return n;
  };

  /** One step of the lifecycle: checks the current status, stores the date and note, audits. */
  const step = (id: string, from: NoticeStatus[], to: NoticeStep, actor: string, update: (body: NoticeBody) => NoticeBody): Notice => {
    ctx.tx(() => {
      const n = get(id);
      if (!from.includes(n.status)) {
        throw new AppError(
          'conflict',
          `整改通知（${n.unitName}）当前为“${NOTICE_STATUS_LABELS[n.status]}”，不能改为“${NOTICE_STATUS_LABELS[to]}”。`,
          { status: n.status },
        );
      }
      const body = update(n.body);
      notices.step(id, to, body, nowIso());
      ctx.audit({ actor, action: `notice_${to}`, entity: 'rectification_notice', entityId: id, before: { status: n.status }, after: { status: to, ...body } });
    });
    return toNotice(get(id));
  };

  const checkNotBefore = (date: string, earlier: string | undefined | null, what: string) => {
    if (earlier && date < earlier) throw new AppError('invalid_argument', `${what}（${date}）不能早于${earlier}。`, { date, earlier });
  };

  return {
    list: ({ campaignId }) => {
      sources.campaigns.mustExist(campaignId);
      const today = localToday();
      const reviews = sources.reports.finalReviews(campaignId);
      const units = new Map<string, NoticeUnitRow>();
      for (const r of reviews) {
        let u = units.get(r.unitId);
        if (!u) units.set(r.unitId, (u = { unitId: r.unitId, unitName: r.unitName, reviewed: 0, problemCount: 0, notice: null }));
        u.reviewed++;
        u.problemCount += sources.reports.problemCount(r.reviewId);
      }
      for (const n of notices.ofCampaign(campaignId)) {
        const notice = toNotice(n, today);
        const u = units.get(n.unitId);
        if (u) u.notice = notice;
        else units.set(n.unitId, { unitId: n.unitId, unitName: n.unitName, reviewed: 0, problemCount: 0, notice });
      }
      return [...units.values()].sort((a, b) => a.unitName.localeCompare(b.unitName, 'zh-CN'));
    },
    issue: ({ campaignId, unitId, replyDeadline }, call) => {
      sources.campaigns.mustExist(campaignId);
      const unitName = sources.units.byId(unitId)?.name;
      if (!unitName) throw notFound('执法单位', unitId);
      if (replyDeadline < localToday()) {
        throw new AppError('invalid_argument', `回复期限（${replyDeadline}）早于今天，请选择今天或以后的日期。`, { field: 'replyDeadline' });
      }
      let id = '';
      ctx.tx(() => {
        const existing = notices.ofUnit(campaignId, unitId);
        if (existing) {
          if (existing.status !== 'draft') {
            throw new AppError('conflict', `${unitName}的整改通知已${NOTICE_STATUS_LABELS[existing.status]}，不能再修改回复期限。`, { status: existing.status });
          }
          notices.setDeadline(existing.id, replyDeadline);
          ctx.audit({ actor: call.actor, action: 'notice_deadline', entity: 'rectification_notice', entityId: existing.id, before: { replyDeadline: existing.replyDeadline }, after: { replyDeadline } });
          id = existing.id;
        } else {
          id = newId();
          notices.insert({ id, campaignId, unitId, replyDeadline, createdAt: nowIso() });
          ctx.audit({ actor: call.actor, action: 'notice_issue', entity: 'rectification_notice', entityId: id, after: { campaignId, unitId, unitName, replyDeadline } });
        }
      });
      return toNotice(get(id));
    },
    markSent: ({ id, date }, call) => step(id, ['draft'], 'sent', call.actor, (b) => ({ ...b, sentDate: date })),
    markReplied: ({ id, date, note }, call) =>
      step(
        id,
        ['sent'],
        'replied',
        call.actor,
        (b) => {
          checkNotBefore(date, b.sentDate, '回复日期');
          return { ...b, replyDate: date, replyNote: note };
        },
      ),
    close: ({ id, date, note }, call) =>
      step(
        id,
        ['replied'],
        'closed',
        call.actor,
        (b) => {
          checkNotBefore(date, b.replyDate, '办结日期');
          return { ...b, closedDate: date, closeNote: note };
        },
      ),
  };
}
