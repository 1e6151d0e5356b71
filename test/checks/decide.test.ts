/**
 * checks.confirm / dismiss / revert: a proposed finding becomes a deduction only when a reviewer
 * confirms it, through the same save path as the workspace; refusals are in Chinese.
 */
import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import { useTempDir } from '../foundation/temp';
import { LATE_COMPUTATION, openCheckHarness, type CheckHarness } from './helpers';

const tempDir = useTempDir();

async function errorOf(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

/** Every dossier sampled and assigned to one reviewer; checks run; the review of the late dossier opened. */
async function setup(h: CheckHarness) {
  await h.api.sampling.draw({ campaignId: h.campaignId, settings: { mode: 'per_unit', perUnit: 1000 }, seed: '全部' });
  await h.api.reviewers.add({ campaignId: h.campaignId, name: '王评查', unitName: '外市司法局', role: 'reviewer' });
  const { assignments } = await h.api.assignments.assign({ campaignId: h.campaignId, perDossier: 1, seed: '分配' });
  await h.api.checks.run({ campaignId: h.campaignId });
  const findings = await h.api.checks.list({ campaignId: h.campaignId });
  const late = findings.find((f) => f.dossierNo === h.late && f.ruleId === 'D-PEN-11')!;
  const missing = findings.find((f) => f.dossierNo === h.missing && f.ruleId === 'D-PEN-11')!;
  const assignmentOf = (caseNo: string) => assignments.find((a) => a.caseNo === caseNo)!;
  const sheet = await h.api.reviews.open({ assignmentId: assignmentOf(h.late).id });
  return { late, missing, sheet, assignmentOf, findings };
}

const answerOf = (h: CheckHarness, reviewId: string, item: string) =>
  h.core.store.db.prepare('SELECT verdict, deduction, occurrences, note FROM answers WHERE review_id = ? AND item_code = ?').get(reviewId, item) as
    | { verdict: string; deduction: number; occurrences: number; note: string }
    | undefined;

describe('checks.confirm', () => {
  it('applies what the item fixes for late service, writes the computation as the note, marks the finding and changes the score', async () => {
    const h = await openCheckHarness(tempDir());
    try {
      const { late, sheet } = await setup(h);
      expect(late).toMatchObject({ status: 'proposed', item: 'PG-PROC-20', severity: 'deduction' });
      expect(answerOf(h, sheet.review.id, 'PG-PROC-20')).toBeUndefined();
      const before = sheet.score.total;

      const res = await h.api.checks.confirm({ findingId: late.id, reviewId: sheet.review.id });
      expect(res.finding).toMatchObject({ id: late.id, status: 'confirmed', decidedBy: '李评查', reviewId: sheet.review.id });
      expect(res.revision).toBe(sheet.review.revision + 1);
      // A new campaign scores with PG v3, where PG-PROC-20 is a range item 1–3 points whose note says
      // "超期送达的，扣3分" (the reference value): 3 points, not the minimum.
      expect(sheet.template).toMatchObject({ key: 'PG', version: 3 });
      expect(res.score.total).toBe(before - 3);
      const answer = answerOf(h, sheet.review.id, 'PG-PROC-20')!;
      expect(answer).toMatchObject({ verdict: 'deduct', deduction: 3 });
      expect(answer.note).toContain('D-PEN-11');
      expect(answer.note).toContain(LATE_COMPUTATION);

      const reread = await h.api.reviews.get({ reviewId: sheet.review.id });
      expect(reread.review.revision).toBe(res.revision);
      expect(reread.review.total).toBe(res.score.total);

      const audit = h.core.store.db.prepare(`SELECT action, actor FROM audit_log WHERE entity = 'finding' AND entity_id = ?`).all(late.id);
      expect(audit).toEqual([{ action: 'confirm_finding', actor: '李评查' }]);

      // A second confirmation is refused; nothing changes.
      const again = await errorOf(h.api.checks.confirm({ findingId: late.id, reviewId: sheet.review.id }));
      expect(again.message).toContain('已确认');
      expect((await h.api.reviews.get({ reviewId: sheet.review.id })).review.revision).toBe(res.revision);
    } finally {
      h.core.close();
    }
  });

  it('extends an existing note instead of replacing it', async () => {
    const h = await openCheckHarness(tempDir());
    try {
      const { late, sheet } = await setup(h);
      await h.api.reviews.saveAnswer({ reviewId: sheet.review.id, itemCode: 'PG-PROC-20', verdict: 'deduct', deduction: 1.5, note: '送达回证无签收日期' });
      await h.api.checks.confirm({ findingId: late.id, reviewId: sheet.review.id });
      const answer = answerOf(h, sheet.review.id, 'PG-PROC-20')!;
      // The item's 3 points for late service replace the lower 1.5 already given (never lowered).
      expect(answer.deduction).toBe(3);
      expect(answer.note.split('\n')[0]).toBe('送达回证无签收日期');
      expect(answer.note).toContain(LATE_COMPUTATION);
    } finally {
      h.core.close();
    }
  });

  it('refuses advisories, findings without an item, another dossier’s review and a submitted review', async () => {
    const h = await openCheckHarness(tempDir());
    try {
      const { late, missing, sheet, assignmentOf } = await setup(h);
      const db = h.core.store.db;

      const advisory = await errorOf(h.api.checks.confirm({ findingId: missing.id, reviewId: sheet.review.id }));
      expect(advisory.code).toBe('conflict');
      expect(advisory.message).toContain('不能据此扣分');

      db.prepare('UPDATE findings SET item_code = NULL WHERE id = ?').run(late.id);
      const noItem = await errorOf(h.api.checks.confirm({ findingId: late.id, reviewId: sheet.review.id }));
      expect(noItem.message).toContain('没有对应的评查项');
      db.prepare(`UPDATE findings SET item_code = 'PG-PROC-20' WHERE id = ?`).run(late.id);

      const other = await h.api.reviews.open({ assignmentId: assignmentOf(h.missing).id });
      const wrong = await errorOf(h.api.checks.confirm({ findingId: late.id, reviewId: other.review.id }));
      expect(wrong.message).toContain('不属于');

      db.prepare(`UPDATE reviews SET status = 'submitted' WHERE id = ?`).run(sheet.review.id);
      const submitted = await errorOf(h.api.checks.confirm({ findingId: late.id, reviewId: sheet.review.id }));
      expect(submitted.message).toContain('已提交');
      expect(answerOf(h, sheet.review.id, 'PG-PROC-20')).toBeUndefined();
      expect((db.prepare('SELECT status FROM findings WHERE id = ?').pluck().get(late.id) as string)).toBe('proposed');
    } finally {
      h.core.close();
    }
  });
});

describe('checks.dismiss and checks.revert', () => {
  it('dismisses with a reason, never deducts, and reverts back to proposed', async () => {
    const h = await openCheckHarness(tempDir());
    try {
      const { late, sheet } = await setup(h);
      await expect(h.api.checks.dismiss({ findingId: late.id, reason: '  ' })).rejects.toMatchObject({ code: 'invalid_argument' });

      const d = await h.api.checks.dismiss({ findingId: late.id, reason: '当事人书面同意电子送达，送达日期以系统回执为准' });
      expect(d.finding).toMatchObject({ status: 'dismissed', decisionReason: '当事人书面同意电子送达，送达日期以系统回执为准' });
      expect(answerOf(h, sheet.review.id, 'PG-PROC-20')).toBeUndefined();

      // A rerun keeps the dismissal and does not propose the same rule + item again.
      const rerun = await h.api.checks.run({ campaignId: h.campaignId, caseNo: h.late });
      expect(rerun.alreadyDecided).toBeGreaterThanOrEqual(1);

      const r = await h.api.checks.revert({ findingId: late.id });
      expect(r).toMatchObject({ previous: 'dismissed', answerKept: false, finding: { status: 'proposed', decisionReason: null, decidedBy: null } });
      const noop = await errorOf(h.api.checks.revert({ findingId: late.id }));
      expect(noop.message).toContain('待确认');
    } finally {
      h.core.close();
    }
  });

  it('reverting a confirmation leaves the answer and says so; a confirmed finding cannot be dismissed directly', async () => {
    const h = await openCheckHarness(tempDir());
    try {
      const { late, sheet } = await setup(h);
      const c = await h.api.checks.confirm({ findingId: late.id, reviewId: sheet.review.id });
      const refused = await errorOf(h.api.checks.dismiss({ findingId: late.id, reason: '误报' }));
      expect(refused.message).toContain('先撤销确认');

      const r = await h.api.checks.revert({ findingId: late.id });
      expect(r).toMatchObject({ previous: 'confirmed', answerKept: true, finding: { status: 'proposed', reviewId: null } });
      expect(r.message).toContain('保持不变');
      expect(answerOf(h, sheet.review.id, 'PG-PROC-20')).toMatchObject({ verdict: 'deduct', deduction: 3 });
      expect((await h.api.reviews.get({ reviewId: sheet.review.id })).review.total).toBe(c.score.total);
    } finally {
      h.core.close();
    }
  });
});
