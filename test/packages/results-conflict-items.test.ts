/**
 * A review conflict taken item by item: some items from the office's version, some from the
 * incoming one, then rescored by the template's scoring engine; the choice of every item and the
 * reason go to the audit log. Every differing line must be chosen; a later package is a conflict
 * with the office's mix, and the choice cannot be made twice.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../foundation/temp';
import { copySite, exportFrom, importInto, makeOffice, type Site } from './results-helpers';

const open: Site[] = [];
afterEach(() => {
  for (const s of open.splice(0)) s.core.close();
});

/** Every applicable item conforms, except `deduct` (item code → points). */
async function answer(site: Site, assignmentId: string, deduct: Record<string, number>, submit: boolean) {
  const sheet = await site.api.reviews.open({ assignmentId });
  for (const code of sheet.applicable) {
    const points = deduct[code];
    await site.api.reviews.saveAnswer({
      reviewId: sheet.review.id,
      itemCode: code,
      ...(points !== undefined ? { verdict: 'deduct' as const, deduction: points, note: `${site.path.includes('laptop-a') ? '甲' : '乙'}：扣 ${points} 分` } : { verdict: 'conform' as const }),
    });
  }
  if (submit) await site.api.reviews.submit({ reviewId: sheet.review.id });
  return site.api.reviews.get({ reviewId: sheet.review.id });
}

describe('a review conflict resolved item by item', () => {
  const tempDir = useTempDir();

  it('takes the chosen side of each item, rescores the review and audits each choice', async () => {
    const dir = tempDir();
    const { office, campaign, assignments } = await makeOffice(dir);
    const a = await copySite(office, join(dir, 'laptop-a.sqlite'), '甲评查');
    const b = await copySite(office, join(dir, 'laptop-b.sqlite'), '乙评查');
    open.push(office, a, b);
    const id = assignments[0].id;
    const sheet = await a.api.reviews.open({ assignmentId: id });
    const items = new Map(sheet.template.items.map((i) => [i.code, i]));
    // Two items that take a deduction in points (range rules), each deducting its least.
    const [x, y] = sheet.applicable.filter((c) => items.get(c)!.deduction.kind === 'range');
    const least = (c: string) => (items.get(c)!.deduction as { min: number }).min;
    const [dx, dy] = [least(x), least(y)];
    const onA = await answer(a, id, { [x]: dx }, true); // A deducts x, submitted
    const onB = await answer(b, id, { [y]: dy }, false); // B deducts y, a draft
    await importInto(office, (await exportFrom(a, campaign.id, join(dir, 'a.drpkg'))).files[0]);
    await importInto(office, (await exportFrom(b, campaign.id, join(dir, 'b.drpkg'))).files[0]);
    const [conflict] = await office.api.results.conflicts({ campaignId: campaign.id });
    const detail = await office.api.results.conflict({ id: conflict.id });
    const choosable = detail.lines.filter((l) => l.differs && l.choosable).map((l) => l.key);
    expect(choosable.sort()).toEqual(['status', x, y].sort());
    expect(detail.lines.find((l) => l.key === 'total')).toMatchObject({ choosable: false });

    // Every differing line must be chosen; an unknown line is refused; nothing changes meanwhile.
    await expect(
      office.api.results.resolveConflict({ id: conflict.id, choice: 'items', items: [{ key: x, take: 'ours' }] }),
    ).rejects.toMatchObject({ code: 'invalid_argument', message: expect.stringContaining('还有 2 项未选择') });
    await expect(
      office.api.results.resolveConflict({ id: conflict.id, choice: 'items', items: [{ key: 'total', take: 'theirs' }] }),
    ).rejects.toMatchObject({ code: 'invalid_argument' });
    expect((await office.api.results.conflicts({ campaignId: campaign.id }))[0].status).toBe('open');

    // Both deductions kept: x from the office's version (A's), y from B's, the status as submitted here.
    const resolved = await office.api.results.resolveConflict({
      id: conflict.id,
      choice: 'items',
      items: [{ key: x, take: 'ours' }, { key: y, take: 'theirs' }, { key: 'status', take: 'ours' }],
      reason: '两位评查员各发现一处问题',
    });
    expect(resolved.status).toBe('mixed');
    const reviewId = (await office.api.results.reviews({ campaignId: campaign.id }))[0].reviewId;
    const mixed = await office.api.reviews.get({ reviewId });
    const deducted = Object.fromEntries(mixed.answers.filter((r) => r.verdict === 'deduct').map((r) => [r.itemCode, r.deduction]));
    expect(deducted).toEqual({ [x]: dx, [y]: dy });
    expect(mixed.answers.find((r) => r.itemCode === y)?.note).toBe(`乙：扣 ${dy} 分`);
    expect(mixed.review.status).toBe('submitted');
    // Rescored: y's points below A's total, which already lost x's (neither side's stored total).
    expect(mixed.review.total).toBe(onA.review.total! - dy);
    expect(mixed.review.total).not.toBe(onB.review.total);

    const [entry] = await office.api.audit.list({ limit: 1 });
    expect(entry).toMatchObject({ action: 'resolve_merge_conflict', reason: '两位评查员各发现一处问题', entityId: reviewId });
    const after = entry.after as { choice: string; items: { key: string; label: string; take: string }[]; total: { before: number; after: number } };
    expect(after.choice).toBe('items');
    expect(after.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ key: x, take: 'ours', label: expect.stringContaining(x) }),
        expect.objectContaining({ key: y, take: 'theirs', label: expect.stringContaining(y) }),
        expect.objectContaining({ key: 'status', take: 'ours' }),
      ]),
    );
    expect(after.total).toEqual({ before: onA.review.total, after: mixed.review.total });
    expect((await office.api.audit.verify({})).ok).toBe(true);

    await expect(office.api.results.resolveConflict({ id: conflict.id, choice: 'ours' })).rejects.toMatchObject({ code: 'conflict' });
    // B's package again: the mix stays, no new conflict (the choice was made for that version).
    const again = await importInto(office, join(dir, 'b.drpkg'));
    expect(again.reviews).toMatchObject({ conflict: 0, changed: 0 });
    expect((await office.api.reviews.get({ reviewId })).review.total).toBe(mixed.review.total);
  });
});
