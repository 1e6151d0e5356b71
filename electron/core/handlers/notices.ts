import type { Handlers } from '../../../shared/api/contract';
import type { Notice, NoticeStatus, NoticeUnitRow } from '../../../shared/api/namespaces/notices';
import { AppError } from '../../../shared/errors';
import { NOTICE_STATUS_LABELS } from '../../../shared/labels';
import { newId, nowIso } from '../../../db/util';
import { notFound, type CoreContext } from '../context';
import { loadCampaign, loadFinalReviews } from '../export/reports/data';
import { localToday } from '../export/reports/format';

interface NoticeRow {
  id: string;
  campaign_id: string;
  unit_id: string;
  unit_name: string;
  status: NoticeStatus;
  reply_deadline: string | null;
  body: string;
  created_at: string;
}

/** What the body JSON holds: the dates and notes of each step (the *_at columns keep the timestamps). */
interface NoticeBody {
  sentDate?: string;
  replyDate?: string;
  replyNote?: string;
  closedDate?: string;
  closeNote?: string;
}

const SELECT = `SELECT n.id, n.campaign_id, n.unit_id, u.name AS unit_name, n.status, n.reply_deadline, n.body, n.created_at
  FROM rectification_notices n JOIN units u ON u.id = n.unit_id`;

export function toNotice(row: NoticeRow, today = localToday()): Notice {
  const body = JSON.parse(row.body) as NoticeBody;
  return {
    id: row.id,
    campaignId: row.campaign_id,
    unitId: row.unit_id,
    unitName: row.unit_name,
    status: row.status,
    replyDeadline: row.reply_deadline,
    sentDate: body.sentDate ?? null,
    replyDate: body.replyDate ?? null,
    replyNote: body.replyNote ?? '',
    closedDate: body.closedDate ?? null,
    closeNote: body.closeNote ?? '',
    createdAt: row.created_at,
    overdue: (row.status === 'draft' || row.status === 'sent') && row.reply_deadline !== null && row.reply_deadline < today,
  };
}

export function noticeHandlers(ctx: CoreContext): Handlers['notices'] {
  const get = (id: string): NoticeRow => {
    const row = ctx.db.prepare(`${SELECT} WHERE n.id = ?`).get(id) as NoticeRow | undefined;
    if (!row) throw notFound('整改通知', id);
    return row;
  };

  /** One step of the lifecycle: checks the current status, stores the date and note, audits. */
  const step = (
    id: string,
    from: NoticeStatus[],
    to: NoticeStatus,
    actor: string,
    update: (body: NoticeBody) => NoticeBody,
    stampColumn: 'sent_at' | 'replied_at' | 'closed_at',
  ): Notice => {
    ctx.tx(() => {
      const row = get(id);
      if (!from.includes(row.status)) {
        throw new AppError(
          'conflict',
          `整改通知（${row.unit_name}）当前为“${NOTICE_STATUS_LABELS[row.status]}”，不能改为“${NOTICE_STATUS_LABELS[to]}”。`,
          { status: row.status },
        );
      }
      const body = update(JSON.parse(row.body) as NoticeBody);
      ctx.db
        .prepare(`UPDATE rectification_notices SET status = ?, body = ?, ${stampColumn} = ? WHERE id = ?`)
        .run(to, JSON.stringify(body), nowIso(), id);
      ctx.audit({ actor, action: `notice_${to}`, entity: 'rectification_notice', entityId: id, before: { status: row.status }, after: { status: to, ...body } });
    });
    return toNotice(get(id));
  };

  const checkNotBefore = (date: string, earlier: string | undefined | null, what: string) => {
    if (earlier && date < earlier) throw new AppError('invalid_argument', `${what}（${date}）不能早于${earlier}。`, { date, earlier });
  };

  return {
    list: ({ campaignId }) => {
      loadCampaign(ctx.db, campaignId);
      const today = localToday();
      const reviews = loadFinalReviews(ctx.db, campaignId);
      const problemCount = ctx.db.prepare(`SELECT COUNT(*) FROM answers WHERE review_id = ? AND verdict IN ('deduct','veto')`).pluck();
      const units = new Map<string, NoticeUnitRow>();
      for (const r of reviews) {
        let u = units.get(r.unitId);
        if (!u) units.set(r.unitId, (u = { unitId: r.unitId, unitName: r.unitName, reviewed: 0, problemCount: 0, notice: null }));
        u.reviewed++;
        u.problemCount += problemCount.get(r.reviewId) as number;
      }
      const rows = ctx.db.prepare(`${SELECT} WHERE n.campaign_id = ?`).all(campaignId) as NoticeRow[];
      for (const row of rows) {
        const notice = toNotice(row, today);
        const u = units.get(row.unit_id);
        if (u) u.notice = notice;
        else units.set(row.unit_id, { unitId: row.unit_id, unitName: row.unit_name, reviewed: 0, problemCount: 0, notice });
      }
      return [...units.values()].sort((a, b) => a.unitName.localeCompare(b.unitName, 'zh-CN'));
    },
    issue: ({ campaignId, unitId, replyDeadline }, call) => {
      loadCampaign(ctx.db, campaignId);
      const unitName = ctx.db.prepare('SELECT name FROM units WHERE id = ?').pluck().get(unitId) as string | undefined;
      if (!unitName) throw notFound('执法单位', unitId);
      if (replyDeadline < localToday()) {
        throw new AppError('invalid_argument', `回复期限（${replyDeadline}）早于今天，请选择今天或以后的日期。`, { field: 'replyDeadline' });
      }
      let id = '';
      ctx.tx(() => {
        const existing = ctx.db
          .prepare('SELECT id, status, reply_deadline FROM rectification_notices WHERE campaign_id = ? AND unit_id = ?')
          .get(campaignId, unitId) as { id: string; status: NoticeStatus; reply_deadline: string | null } | undefined;
        if (existing) {
          if (existing.status !== 'draft') {
            throw new AppError('conflict', `${unitName}的整改通知已${NOTICE_STATUS_LABELS[existing.status]}，不能再修改回复期限。`, { status: existing.status });
          }
          ctx.db.prepare('UPDATE rectification_notices SET reply_deadline = ? WHERE id = ?').run(replyDeadline, existing.id);
          ctx.audit({ actor: call.actor, action: 'notice_deadline', entity: 'rectification_notice', entityId: existing.id, before: { replyDeadline: existing.reply_deadline }, after: { replyDeadline } });
          id = existing.id;
        } else {
          id = newId();
          ctx.db
            .prepare(`INSERT INTO rectification_notices (id, campaign_id, unit_id, status, reply_deadline, body, created_at) VALUES (?, ?, ?, 'draft', ?, '{}', ?)`)
            .run(id, campaignId, unitId, replyDeadline, nowIso());
          ctx.audit({ actor: call.actor, action: 'notice_issue', entity: 'rectification_notice', entityId: id, after: { campaignId, unitId, unitName, replyDeadline } });
        }
      });
      return toNotice(get(id));
    },
    markSent: ({ id, date }, call) => step(id, ['draft'], 'sent', call.actor, (b) => ({ ...b, sentDate: date }), 'sent_at'),
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
        'replied_at',
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
        'closed_at',
      ),
  };
}
