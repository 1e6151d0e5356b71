/**
 * The whole trip with the real campaign package: the office makes one package per team, two empty
 * laptops import them, each reviews its own dossiers, their results packages come back and merge;
 * 统计与导出 at the office then counts every merged review.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { exportCampaignPackage, importCampaignPackage } from '../../electron/core/packages/campaign';
import { useTempDir } from '../foundation/temp';
import { officeWithTeams, TEAM_1, TEAM_2 } from './campaign-fixture';
import { exportFrom, FAST_SCRYPT, importInto, mergedDigest, openSite, PASS, review, type Site } from './results-helpers';

const open: Site[] = [];
afterEach(() => {
  for (const s of open.splice(0)) s.core.close();
});

describe('office → two team laptops (campaign packages) → office (results packages)', () => {
  const tempDir = useTempDir();

  it('merges both teams’ reviews, with page references, and the office’s statistics cover them', async () => {
    const dir = tempDir();
    const o = await officeWithTeams(dir, { pdfs: 0 });
    const office: Site = { core: o.core, api: o.api, path: join(dir, 'office.sqlite') };
    open.push(office);
    const laptops: Site[] = [];
    for (const [i, team] of [TEAM_1, TEAM_2].entries()) {
      const out = join(dir, `team-${i + 1}.drpkg`);
      await exportCampaignPackage(o.core.context, { campaignId: o.campaign.id, team, out, passphrase: PASS, actor: '法制科', scrypt: FAST_SCRYPT });
      const laptop = await openSite(join(dir, `laptop-${i + 1}.sqlite`), i === 0 ? '甲评查' : '乙评查');
      open.push(laptop);
      await importCampaignPackage(laptop.core.context, { file: out, passphrase: PASS, actor: i === 0 ? '甲评查' : '乙评查' });
      laptops.push(laptop);
    }
    const jia = o.team1.find((a) => a.reviewerId === o.reviewers.jia.id)!;
    const yi = o.team2[0];
    const reviewed = [jia.caseNo, yi.caseNo];
    await review(laptops[0], jia.id, { deduction: 1, note: '立案审批表缺负责人签名', submit: true });
    await review(laptops[1], yi.id, { deduction: 2, note: '送达回证无日期', submit: true });

    const p1 = await exportFrom(laptops[0], o.campaign.id, join(dir, 'results-1.drpkg'));
    const p2 = await exportFrom(laptops[1], o.campaign.id, join(dir, 'results-2.drpkg'));
    expect(p1.signerFingerprint).not.toBe(p2.signerFingerprint);
    expect((await importInto(office, p2.files[0])).reviews.added).toBe(1);
    expect((await importInto(office, p1.files[0])).reviews.added).toBe(1);
    const digest = mergedDigest(office);
    expect((await importInto(office, p1.files[0])).totals.unchanged).toBe(1);
    expect(mergedDigest(office)).toBe(digest);

    const rows = await office.api.exports.dossiers({ campaignId: o.campaign.id });
    const done = rows.filter((r) => r.reviewStatus === 'submitted').map((r) => r.caseNo).sort();
    expect(done).toEqual([...reviewed].sort());
    for (const caseNo of reviewed) expect(rows.find((r) => r.caseNo === caseNo)!.total).toBeGreaterThan(0);
    const merged = await office.api.results.reviews({ campaignId: o.campaign.id });
    const bySheet = await Promise.all(merged.map((m) => office.api.reviews.get({ reviewId: m.reviewId })));
    expect(bySheet.flatMap((s) => s.answers.filter((a) => a.verdict === 'deduct').map((a) => [a.note, a.pageRefs]))).toEqual(
      expect.arrayContaining([['立案审批表缺负责人签名', [{ page: 3 }]], ['送达回证无日期', [{ page: 3 }]]]),
    );
  });
});
