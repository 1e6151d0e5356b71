/**
 * The sign-off baseline travels in results packages (#18): a review locked on the laptop, sent back,
 * edited and resubmitted there arrives at the office as "submitted" — without the laptop's baseline the
 * office took that for a fresh sign-off and 待锁定 did not mark it. Also: a package without the baseline
 * (written before it travelled) stays readable, and a later lock on the laptop clears the mark.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApiClient } from '../../shared/api/contract';
import { useTempDir } from '../foundation/temp';
import { copySite, exportFrom, importInto, makeOffice, review, type Site } from './results-helpers';

const open: Site[] = [];
afterEach(() => {
  for (const s of open.splice(0)) s.core.close();
});

/** A session of a newly added reviewer with `role` on `site` (sign-off needs someone chosen). */
async function asRole(site: Site, campaignId: string, name: string, role: 'leader' | 'legal_office') {
  const who = await site.api.reviewers.add({ campaignId, name, unitName: '示例市司法局', role });
  const api = createApiClient((m, i) => site.core.dispatch(m, i, { actor: name, transport: 'http', session: `${name}-window` }));
  await api.session.choose({ reviewerId: who.id });
  return api;
}

/** On the laptop: submit, 组长 locks, sends back, the reviewer changes one answer and resubmits. */
async function lockReturnEditResubmit(laptop: Site, campaignId: string, assignmentId: string) {
  const reviewId = await review(laptop, assignmentId, { deduction: 1, submit: true });
  const leader = await asRole(laptop, campaignId, '丙组长', 'leader');
  await leader.reviews.lock({ reviewId });
  await leader.reviews.reopen({ reviewId, reason: '补充页码' });
  const sheet = await laptop.api.reviews.get({ reviewId });
  await laptop.api.reviews.saveAnswer({ reviewId, itemCode: sheet.applicable[1], verdict: 'na' });
  await laptop.api.reviews.submit({ reviewId });
  return { reviewId, leader };
}

describe('the sign-off baseline in results packages', () => {
  const tempDir = useTempDir();

  it('marks at the office a review locked on the laptop, then sent back, edited and resubmitted there', async () => {
    const dir = tempDir();
    const { office, campaign, assignments } = await makeOffice(dir);
    const laptop = await copySite(office, join(dir, 'laptop.sqlite'), '甲评查');
    open.push(office, laptop);
    const { reviewId, leader } = await lockReturnEditResubmit(laptop, campaign.id, assignments[0].id);
    const untouchedId = await review(laptop, assignments[1].id, { submit: true });
    await leader.reviews.lock({ reviewId: untouchedId });
    // The laptop's own 待锁定 marks it: its baseline is the locked content.
    expect((await leader.reviews.awaitingLock({ campaignId: campaign.id })).entries.find((e) => e.reviewId === reviewId)?.changedSinceSignOff).toBe(true);

    const r = await importInto(office, (await exportFrom(laptop, campaign.id, join(dir, 'a1.drpkg'))).files[0]);
    expect(r.reviews.added).toBe(2);
    const rows = await office.api.results.reviews({ campaignId: campaign.id });
    expect(rows.find((x) => x.reviewId === reviewId)).toMatchObject({ status: 'submitted', changedSinceSignOff: true });
    expect(rows.find((x) => x.reviewId === untouchedId)).toMatchObject({ status: 'locked', changedSinceSignOff: false });
    const clerk = await asRole(office, campaign.id, '赵法制', 'legal_office');
    const awaiting = async () => (await clerk.reviews.awaitingLock({ campaignId: campaign.id })).entries.find((e) => e.reviewId === reviewId)?.changedSinceSignOff;
    expect(await awaiting()).toBe(true);
    const stored = office.core.store.db.prepare('SELECT action, signed_by FROM review_signoffs WHERE review_id = ?').get(reviewId);
    expect(stored).toEqual({ action: 'lock', signed_by: expect.stringContaining('丙组长') });

    // The 组长 accepts the change on the laptop: the next package clears the mark at the office.
    await leader.reviews.lock({ reviewId });
    const r2 = await importInto(office, (await exportFrom(laptop, campaign.id, join(dir, 'a2.drpkg'))).files[0]);
    expect(r2.reviews.changed).toBe(1);
    expect((await office.api.results.reviews({ campaignId: campaign.id })).find((x) => x.reviewId === reviewId)?.changedSinceSignOff).toBe(false);
    expect(await awaiting()).toBeUndefined(); // locked: no longer waiting
  });

  it('reads a package without the baseline (written before it travelled) as before: no mark', async () => {
    const dir = tempDir();
    const { office, campaign, assignments } = await makeOffice(dir);
    const laptop = await copySite(office, join(dir, 'laptop.sqlite'), '甲评查');
    open.push(office, laptop);
    const { reviewId } = await lockReturnEditResubmit(laptop, campaign.id, assignments[0].id);
    // An older laptop wrote no baseline: the same as a laptop whose table is empty.
    laptop.core.store.db.prepare('DELETE FROM review_signoffs').run();
    const r = await importInto(office, (await exportFrom(laptop, campaign.id, join(dir, 'old.drpkg'))).files[0]);
    expect(r.reviews.added).toBe(1);
    expect((await office.api.results.reviews({ campaignId: campaign.id })).find((x) => x.reviewId === reviewId)).toMatchObject({ status: 'submitted', changedSinceSignOff: false });
    expect(office.core.store.db.prepare('SELECT COUNT(*) AS n FROM review_signoffs WHERE review_id = ?').get(reviewId)).toEqual({ n: 0 });
  });

  it('takes the baseline with the version when a conflict is resolved by taking the laptop version', async () => {
    const dir = tempDir();
    const { office, campaign, assignments } = await makeOffice(dir);
    const a = await copySite(office, join(dir, 'a.sqlite'), '甲评查');
    const b = await copySite(office, join(dir, 'b.sqlite'), '乙评查');
    open.push(office, a, b);
    await review(a, assignments[0].id, { deduction: 1, note: '甲的草稿' }); // a draft: no baseline
    await importInto(office, (await exportFrom(a, campaign.id, join(dir, 'a.drpkg'))).files[0]);
    const { reviewId } = await lockReturnEditResubmit(b, campaign.id, assignments[0].id);
    const r = await importInto(office, (await exportFrom(b, campaign.id, join(dir, 'b.drpkg'))).files[0]);
    expect(r.reviews.conflict).toBe(1);
    const [conflict] = await office.api.results.conflicts({ campaignId: campaign.id });
    await office.api.results.resolveConflict({ id: conflict.id, choice: 'theirs', reason: '采用乙组版本' });
    const [row] = await office.api.results.reviews({ campaignId: campaign.id });
    expect(row).toMatchObject({ status: 'submitted', changedSinceSignOff: true });
    expect(office.core.store.db.prepare('SELECT action FROM review_signoffs WHERE review_id = ?').get(row.reviewId)).toEqual({ action: 'lock' });
    expect((await office.api.reviews.get({ reviewId: row.reviewId })).answers.find((x) => x.verdict === 'na')).toBeTruthy(); // B's edit
    expect(reviewId).toBeTruthy();
  });
});
