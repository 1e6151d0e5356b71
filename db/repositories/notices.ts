/** 整改通知 (rectification_notices): one per unit and campaign, with its lifecycle draft → sent → replied → closed. */
import type { NoticeStatus } from '../../shared/api/namespaces/notices';
import type { ReadableDB, WritableDB } from '../handles';

/** What the body JSON holds: the dates and notes of each step (the *_at columns keep the timestamps). */
export interface NoticeBody {
  sentDate?: string;
  replyDate?: string;
  replyNote?: string;
  closedDate?: string;
  closeNote?: string;
}

export interface StoredNotice {
  id: string;
  campaignId: string;
  unitId: string;
  unitName: string;
  status: NoticeStatus;
  replyDeadline: string | null;
  body: NoticeBody;
  createdAt: string;
}

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

const toStored = (r: NoticeRow): StoredNotice => ({
  id: r.id,
  campaignId: r.campaign_id,
  unitId: r.unit_id,
  unitName: r.unit_name,
  status: r.status,
  replyDeadline: r.reply_deadline,
  body: JSON.parse(r.body) as NoticeBody,
  createdAt: r.created_at,
});

const SELECT = `SELECT n.id, n.campaign_id, n.unit_id, u.name AS unit_name, n.status, n.reply_deadline, n.body, n.created_at
  FROM rectification_notices n JOIN units u ON u.id = n.unit_id`;

export type NoticeStep = 'sent' | 'replied' | 'closed';

export function noticeReads(db: ReadableDB) {
  const get = db.prepare(`${SELECT} WHERE n.id = ?`);
  const ofCampaign = db.prepare(`${SELECT} WHERE n.campaign_id = ?`);
  const ofUnit = db.prepare(`${SELECT} WHERE n.campaign_id = ? AND n.unit_id = ?`);
  return {
    get: (id: string): StoredNotice | undefined => {
      const r = get.get(id) as NoticeRow | undefined;
      return r && toStored(r);
    },
    ofCampaign: (campaignId: string): StoredNotice[] => (ofCampaign.all(campaignId) as NoticeRow[]).map(toStored),
    ofUnit: (campaignId: string, unitId: string): StoredNotice | undefined => {
      const r = ofUnit.get(campaignId, unitId) as NoticeRow | undefined;
      return r && toStored(r);
    },
  };
}

export type NoticeReads = ReturnType<typeof noticeReads>;

export function noticeRepository(db: WritableDB) {
  const insert = db.prepare(
    `INSERT INTO rectification_notices (id, campaign_id, unit_id, status, reply_deadline, body, created_at) VALUES (?, ?, ?, 'draft', ?, '{}', ?)`,
  );
  const setDeadline = db.prepare('UPDATE rectification_notices SET reply_deadline = ? WHERE id = ?');
  // One statement per step: each stamps its own column.
  const stamped = (column: string) => db.prepare(`UPDATE rectification_notices SET status = ?, body = ?, ${column} = ? WHERE id = ?`);
  const steps: Record<NoticeStep, ReturnType<typeof stamped>> = { sent: stamped('sent_at'), replied: stamped('replied_at'), closed: stamped('closed_at') };
  return {
    ...noticeReads(db),
    insert: (n: { id: string; campaignId: string; unitId: string; replyDeadline: string; createdAt: string }): void =>
      void insert.run(n.id, n.campaignId, n.unitId, n.replyDeadline, n.createdAt),
    setDeadline: (id: string, replyDeadline: string): void => void setDeadline.run(replyDeadline, id),
    /** Moves the notice to the step's status with its new body, stamping the step's *_at column. */
    step: (id: string, to: NoticeStep, body: NoticeBody, at: string): void => void steps[to].run(to, JSON.stringify(body), at, id),
  };
}
