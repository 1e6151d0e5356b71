/**
 * A results package is one snapshot of the laptop's store: an answer saved while the package is
 * being written is not in it (neither the new answer nor its audit entry), and goes into the next.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { exportResults } from '../../electron/core/packages/results';
import { RECORD } from '../../electron/core/packages/results/wire';
import { useTempDir } from '../foundation/temp';
import { FAST_SCRYPT, PASS, copySite, exportFrom, importInto, makeOffice, review, type Site } from './results-helpers';

const open: Site[] = [];
afterEach(() => {
  for (const s of open.splice(0)) s.core.close();
});

describe('results export snapshot', () => {
  const tempDir = useTempDir();

  it('writes the store as it was when the export began, whatever is saved meanwhile', async () => {
    const dir = tempDir();
    const { office, campaign, assignments } = await makeOffice(dir);
    const a = await copySite(office, join(dir, 'laptop-a.sqlite'), '甲评查');
    open.push(office, a);
    const first = await review(a, assignments[0].id, { deduction: 3, note: '导出前的意见' });
    const second = await review(a, assignments[1].id, { deduction: 3, note: '导出前的意见' });
    const byAssignment = new Map([[assignments[0].id, second], [assignments[1].id, first]]);
    let edited = false;
    let headBeforeEdit = 0;
    const p = await exportResults(a.core.context, {
      campaignId: campaign.id,
      out: join(dir, 'a.drpkg'),
      passphrase: PASS,
      scrypt: FAST_SCRYPT,
      // After the first review is written, the reviewer edits the other one (not yet written).
      onRecord: async (name) => {
        if (edited || !name.startsWith(RECORD.review)) return;
        edited = true;
        headBeforeEdit = (await a.api.audit.list({ limit: 1 }))[0].seq;
        const other = byAssignment.get(name.slice(RECORD.review.length))!;
        const sheet = await a.api.reviews.get({ reviewId: other });
        const deducted = sheet.answers.find((x) => x.verdict === 'deduct')!;
        await a.api.reviews.saveAnswer({ reviewId: other, itemCode: deducted.itemCode, verdict: 'deduct', deduction: 3, note: '导出期间改的意见' });
      },
    });
    expect(edited).toBe(true);
    expect(p.reviews).toBe(2);
    expect(p.auditTo).toBe(headBeforeEdit); // the edit's audit entry is the next package's

    await importInto(office, p.files[0]);
    const notes = async () =>
      (await Promise.all((await office.api.results.reviews({ campaignId: campaign.id })).map((r) => office.api.reviews.get({ reviewId: r.reviewId }))))
        .flatMap((s) => s.answers.filter((x) => x.verdict === 'deduct').map((x) => x.note));
    expect(await notes()).toEqual(['导出前的意见', '导出前的意见']);

    // The next package carries the edit.
    await importInto(office, (await exportFrom(a, campaign.id, join(dir, 'a2.drpkg'))).files[0]);
    expect((await notes()).sort()).toEqual(['导出前的意见', '导出期间改的意见'].sort());
  });
});
