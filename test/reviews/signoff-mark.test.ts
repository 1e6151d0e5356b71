/**
 * 签批后有改动 in the reviewer-side lists (#18): the reviewer's 评查 queue and the 组长's 待锁定 list
 * mark a review whose content changed after it was signed off (submitted or locked) — a review sent
 * back and resubmitted with other answers, and an edit made at the office after the 法制机构
 * reopens a locked review (with nobody chosen in 我是谁: a chosen 法制机构 may only read it). Resubmitting the same content is not marked; a lock accepts the change.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../electron/core';
import { createApiClient, type Api } from '../../shared/api/contract';
import type { Reviewer } from '../../shared/api/namespaces/reviewers';
import { encodeCsv, generateRegisterRows, registerToCsv } from '../fixtures/registers';
import { useTempDir } from '../foundation/temp';

describe('changed since sign-off, in the queue and 待锁定', () => {
  const tempDir = useTempDir();
  let core: Core;
  afterEach(() => core?.close());

  const windowApi = (session?: string): Api =>
    createApiClient((m, i) => core.dispatch(m, i, { actor: 'os-user', transport: 'test', ...(session ? { session } : {}) }));

  async function setup() {
    core = await openCore(join(tempDir(), 'mark.sqlite'));
    const office = windowApi();
    const campaign = await office.campaigns.create({ name: '签批标记', year: 2025 });
    const csv = encodeCsv(registerToCsv(generateRegisterRows({ seed: 9, count: 60 })), 'utf-8');
    await office.registers.import({ campaignId: campaign.id, files: [{ name: 'r.csv', dataBase64: csv.toString('base64') }] });
    await office.sampling.draw({ campaignId: campaign.id, settings: { mode: 'per_unit', perUnit: 2 }, seed: 's' });
    const add = (name: string, role: Reviewer['role'], team: string) =>
      office.reviewers.add({ campaignId: campaign.id, name, unitName: '示例律师事务所', role, team });
    const people = { jia: await add('甲评查', 'reviewer', '一组'), wang: await add('王组长', 'leader', '一组'), zhao: await add('赵法制', 'legal_office', '') };
    const { assignments } = await office.assignments.assign({ campaignId: campaign.id, perDossier: 1, seed: 'a' });
    const as = async (session: string, reviewerId: string) => {
      const api = windowApi(session);
      await api.session.choose({ reviewerId });
      return api;
    };
    const jia = await as('w-jia', people.jia.id);
    const wang = await as('w-wang', people.wang.id);
    const zhao = await as('w-zhao', people.zhao.id);
    for (const a of assignments.filter((x) => x.reviewerId === people.jia.id)) {
      const sheet = await jia.reviews.open({ assignmentId: a.id }).catch(() => null);
      if (!sheet) continue;
      const item = sheet.template.items.find((i) => sheet.applicable.includes(i.code) && i.deduction.kind === 'fixed' && !i.veto);
      if (!item) continue;
      for (const code of sheet.applicable) await jia.reviews.saveAnswer({ reviewId: sheet.review.id, itemCode: code, verdict: 'conform' });
      await jia.reviews.submit({ reviewId: sheet.review.id });
      const queueMark = async () => (await jia.reviews.queue({ campaignId: campaign.id, reviewerId: people.jia.id })).find((q) => q.reviewId === sheet.review.id)!.changedSinceSignOff;
      const awaitingMark = async () => (await wang.reviews.awaitingLock({ campaignId: campaign.id })).entries.find((e) => e.reviewId === sheet.review.id)?.changedSinceSignOff;
      return { reviewId: sheet.review.id, itemCode: item.code, jia, wang, zhao, office, queueMark, awaitingMark };
    }
    throw new Error('no reviewable dossier with a fixed-deduction item for 甲评查 in the fixture');
  }

  it('a review sent back and resubmitted with other answers is marked until the 组长 locks it', async () => {
    const { reviewId, itemCode, jia, wang, queueMark, awaitingMark } = await setup();
    expect(await queueMark()).toBe(false);
    expect(await awaitingMark()).toBe(false);

    // Sent back and resubmitted unchanged: nothing to mark.
    await wang.reviews.reopen({ reviewId, reason: '请核对' });
    expect(await queueMark()).toBe(false);
    await jia.reviews.submit({ reviewId });
    expect(await awaitingMark()).toBe(false);

    await wang.reviews.reopen({ reviewId, reason: '第 3 项应扣分' });
    await jia.reviews.saveAnswer({ reviewId, itemCode, verdict: 'deduct', note: '送达回证缺签收日期' });
    expect(await queueMark()).toBe(true);
    await jia.reviews.submit({ reviewId });
    // The 组长 sees in 待锁定 that it came back changed, and the reviewer's queue still says so.
    expect(await awaitingMark()).toBe(true);
    expect(await queueMark()).toBe(true);

    await wang.reviews.lock({ reviewId });
    expect(await queueMark()).toBe(false);
  });

  it('an edit made at the office after the 法制机构 reopens a locked review is marked; undoing it clears the mark', async () => {
    const { reviewId, itemCode, wang, zhao, office, queueMark, awaitingMark } = await setup();
    await wang.reviews.lock({ reviewId });
    expect(await queueMark()).toBe(false);

    await zhao.reviews.reopen({ reviewId, reason: '法制机构复查' });
    expect(await queueMark()).toBe(false);
    // The 法制机构 chosen in 我是谁 reads but does not answer someone else's review …
    await expect(zhao.reviews.saveAnswer({ reviewId, itemCode, verdict: 'deduct', note: '法制机构：缺签收日期' })).rejects.toMatchObject({ code: 'forbidden' });
    // … an edit at the office with nobody chosen (the single-user path) still goes through, and is marked.
    await office.reviews.saveAnswer({ reviewId, itemCode, verdict: 'deduct', note: '法制机构：缺签收日期' });
    expect(await queueMark()).toBe(true);
    await office.reviews.submit({ reviewId });
    expect(await awaitingMark()).toBe(true);

    // Back to the signed-off answer: the content is what was locked, so no mark (the audit log keeps both edits).
    await zhao.reviews.reopen({ reviewId, reason: '撤回改动' });
    await office.reviews.saveAnswer({ reviewId, itemCode, verdict: 'conform' });
    expect(await queueMark()).toBe(false);
    await office.reviews.submit({ reviewId });
    expect(await awaitingMark()).toBe(false);
  });
});
