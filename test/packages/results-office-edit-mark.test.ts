/**
 * 签批后有改动 for an office edit (#18): a review merged from a laptop as submitted, reopened by the
 * office's 法制机构 and edited in the workspace, is marked in the office's 成果汇总 list and in the
 * office's own 待锁定 list once resubmitted — not only when a laptop sends an edited version.
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

describe('an office edit after sign-off', () => {
  const tempDir = useTempDir();

  it('is marked in 成果汇总 and 待锁定 after the office reopens and edits a merged review', async () => {
    const dir = tempDir();
    const { office, campaign, assignments } = await makeOffice(dir);
    const a = await copySite(office, join(dir, 'laptop-a.sqlite'), '甲评查');
    open.push(office, a);
    const reviewId = await review(a, assignments[0].id, { submit: true });
    await importInto(office, (await exportFrom(a, campaign.id, join(dir, 'a1.drpkg'))).files[0]);
    const mark = async () => (await office.api.results.reviews({ campaignId: campaign.id })).find((r) => r.reviewId === reviewId)!.changedSinceSignOff;
    expect(await mark()).toBe(false);

    const clerk = await office.api.reviewers.add({ campaignId: campaign.id, name: '赵法制', unitName: '示例市司法局', role: 'legal_office' });
    const asClerk = createApiClient((m, i) => office.core.dispatch(m, i, { actor: '赵法制', transport: 'http', session: 'office-window' }));
    await asClerk.session.choose({ reviewerId: clerk.id });
    const awaiting = async () => (await asClerk.reviews.awaitingLock({ campaignId: campaign.id })).entries.find((e) => e.reviewId === reviewId)?.changedSinceSignOff;
    expect(await awaiting()).toBe(false);

    await asClerk.reviews.reopen({ reviewId, reason: '法制机构复查' });
    expect(await mark()).toBe(false);
    const sheet = await asClerk.reviews.get({ reviewId });
    // Chosen as the 法制机构, the clerk reads the review but may not answer it (only its reviewer may) …
    await expect(asClerk.reviews.saveAnswer({ reviewId, itemCode: sheet.applicable[0], verdict: 'na' })).rejects.toMatchObject({ code: 'forbidden' });
    // … with nobody chosen (the single-user path) the office's edit goes through and is marked.
    await office.api.reviews.saveAnswer({ reviewId, itemCode: sheet.applicable[0], verdict: 'na' });
    expect(await mark()).toBe(true);
    await office.api.reviews.submit({ reviewId });
    expect(await mark()).toBe(true);
    expect(await awaiting()).toBe(true);
  });
});
