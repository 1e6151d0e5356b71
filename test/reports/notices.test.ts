/** 整改通知 tracking: issue → sent → replied → closed, refused out-of-order steps, overdue, audit. */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { seedReviewedCampaign } from '../../bench/reports';
import { openCore, type Core } from '../../electron/core';
import { createApiClient } from '../../shared/api/contract';
import { AppError } from '../../shared/errors';
import { useTempDir } from '../foundation/temp';

const dir = useTempDir();
let core: Core | null = null;
afterEach(() => {
  core?.close();
  core = null;
});

async function setup() {
  core = await openCore(join(dir(), 'store.sqlite'));
  const api = createApiClient((m, i) => core!.dispatch(m, i, { actor: '李科长', transport: 'test' }));
  const seeded = seedReviewedCampaign(core.store.db, { dossiers: 12, itemsPerReview: 20, units: 3, seed: 5 });
  return { api, ...seeded, db: core.store.db };
}

async function errorOf(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

describe('rectification notices', () => {
  it('lists every unit with reviewed dossiers and its problem count', async () => {
    const { api, campaignId, unitNames, db } = await setup();
    const rows = await api.notices.list({ campaignId });
    expect(rows.map((r) => r.unitName).sort()).toEqual([...unitNames].sort());
    expect(rows.every((r) => r.notice === null && r.reviewed === 4)).toBe(true);
    const total = db.prepare(`SELECT COUNT(*) FROM answers WHERE verdict IN ('deduct','veto')`).pluck().get() as number;
    expect(rows.reduce((s, r) => s + r.problemCount, 0)).toBe(total);
  });

  it('goes through issue → sent → replied → closed, audited, refusing steps out of order', async () => {
    const { api, campaignId, db } = await setup();
    const [row] = await api.notices.list({ campaignId });
    const issued = await api.notices.issue({ campaignId, unitId: row.unitId, replyDeadline: '2099-01-31' });
    expect(issued).toMatchObject({ status: 'draft', replyDeadline: '2099-01-31', overdue: false, unitName: row.unitName });
    // Issuing again while a draft only moves the deadline.
    const moved = await api.notices.issue({ campaignId, unitId: row.unitId, replyDeadline: '2099-02-28' });
    expect(moved.id).toBe(issued.id);
    expect(moved.replyDeadline).toBe('2099-02-28');

    expect((await errorOf(api.notices.markReplied({ id: issued.id, date: '2026-01-05', note: '' }))).message).toContain('当前为“待发出”');
    const sent = await api.notices.markSent({ id: issued.id, date: '2026-01-02' });
    expect(sent).toMatchObject({ status: 'sent', sentDate: '2026-01-02' });
    expect((await errorOf(api.notices.issue({ campaignId, unitId: row.unitId, replyDeadline: '2099-03-01' }))).code).toBe('conflict');
    expect((await errorOf(api.notices.markReplied({ id: issued.id, date: '2026-01-01', note: '' }))).message).toContain('不能早于2026-01-02');
    const replied = await api.notices.markReplied({ id: issued.id, date: '2026-01-20', note: '已报送整改报告' });
    expect(replied).toMatchObject({ status: 'replied', replyDate: '2026-01-20', replyNote: '已报送整改报告' });
    const closed = await api.notices.close({ id: issued.id, date: '2026-02-01', note: '复查整改到位' });
    expect(closed).toMatchObject({ status: 'closed', closedDate: '2026-02-01', closeNote: '复查整改到位' });
    expect((await errorOf(api.notices.markSent({ id: issued.id, date: '2026-02-02' }))).code).toBe('conflict');

    const actions = db.prepare(`SELECT action FROM audit_log WHERE entity = 'rectification_notice' ORDER BY seq`).pluck().all();
    expect(actions).toEqual(['notice_issue', 'notice_deadline', 'notice_sent', 'notice_replied', 'notice_closed']);
    const stored = db.prepare('SELECT status, sent_at, replied_at, closed_at FROM rectification_notices WHERE id = ?').get(issued.id) as Record<string, string>;
    expect(stored.status).toBe('closed');
    expect(stored.sent_at && stored.replied_at && stored.closed_at).toBeTruthy();
  });

  it('flags a sent notice past its deadline as overdue, and refuses a deadline in the past', async () => {
    const { api, campaignId, db } = await setup();
    const [row] = await api.notices.list({ campaignId });
    expect((await errorOf(api.notices.issue({ campaignId, unitId: row.unitId, replyDeadline: '2000-01-01' }))).message).toContain('早于今天');
    const n = await api.notices.issue({ campaignId, unitId: row.unitId, replyDeadline: '2099-01-01' });
    await api.notices.markSent({ id: n.id, date: '2026-01-01' });
    db.prepare(`UPDATE rectification_notices SET reply_deadline = '2020-01-01' WHERE id = ?`).run(n.id);
    const listed = (await api.notices.list({ campaignId })).find((r) => r.unitId === row.unitId)!;
    expect(listed.notice).toMatchObject({ status: 'sent', overdue: true });
    await api.notices.markReplied({ id: n.id, date: '2026-01-03', note: '' });
    const after = (await api.notices.list({ campaignId })).find((r) => r.unitId === row.unitId)!;
    expect(after.notice?.overdue).toBe(false);
  });
});

describe('a campaign with nothing reviewed yet', () => {
  it('gives an empty overview, a generated draft and no notice rows; exports refuse with a reason', async () => {
    core = await openCore(join(dir(), 'empty.sqlite'));
    const api = createApiClient((m, i) => core!.dispatch(m, i, { actor: '李科长', transport: 'test' }));
    const c = await api.campaigns.create({ name: '空活动', year: 2026, organiser: '示例市司法局' });
    const o = await api.reports.overview({ campaignId: c.id });
    expect(o).toMatchObject({ reviewed: 0, unitCount: 0, passRate: 0, units: [], problemsByItem: [] });
    const d = await api.reports.bulletinDraft({ campaignId: c.id });
    expect(d.draft.title).toBe('关于空活动情况的通报');
    expect(d.draft.issuer).toBe('示例市司法局');
    expect(await api.notices.list({ campaignId: c.id })).toEqual([]);
    const job = await api.exports.start({ campaignId: c.id, kind: 'workbook', format: 'xlsx', destination: { kind: 'path', path: join(dir(), 'x.xlsx') } });
    const done = await core.context.jobs.wait(job.jobId);
    expect(done.status).toBe('failed');
    expect(done.error?.message).toContain('还没有已提交的评查表');
    expect((await errorOf(api.reports.overview({ campaignId: '01a20860-1807-7155-b1f6-d4b8c7f2e356' }))).code).toBe('not_found');
  });
});
