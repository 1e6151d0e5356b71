import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../foundation/temp';
import { copySite, importInto, makeOffice, PASS, review, type Site } from './results-helpers';

async function exportJob(site: Site, campaignId: string, out: string, sinceLast: boolean) {
  const { jobId } = await site.api.results.startExport({ campaignId, out, passphrase: PASS, sinceLast });
  const job = await site.core.context.jobs.wait(jobId);
  if (job.status !== 'done') throw new Error(job.error?.message ?? 'failed');
  return job.result!;
}

describe('results.startExport / results.exports (team laptop)', () => {
  const tempDir = useTempDir();

  it('exports as a job, lists the export, records the office receipt, and then exports only what changed', async () => {
    const dir = tempDir();
    const { office, campaign, assignments } = await makeOffice(dir);
    const laptop = await copySite(office, join(dir, 'laptop.sqlite'), '甲评查');
    await review(laptop, assignments[0].id, { deduction: 1, submit: true });

    const full = await exportJob(laptop, campaign.id, join(dir, 'full.drpkg'), true); // nothing acknowledged yet: full
    expect(full).toMatchObject({ mode: 'full', reviews: 1, sinceExportId: null });
    let list = await laptop.api.results.exports({ campaignId: campaign.id });
    expect(list).toEqual([expect.objectContaining({ id: full.exportId, mode: 'full', acknowledgedAt: null })]);

    const merged = await importInto(office, full.files[0]);
    const receipt = await office.api.results.receipt({ importId: merged.importId });
    await laptop.api.results.acknowledge({ receipt });
    list = await laptop.api.results.exports({ campaignId: campaign.id });
    expect(list[0].acknowledgedAt).not.toBeNull();

    await review(laptop, assignments[1].id);
    const inc = await exportJob(laptop, campaign.id, join(dir, 'inc.drpkg'), true);
    expect(inc).toMatchObject({ mode: 'incremental', reviews: 1, sinceExportId: full.exportId });
    expect((await laptop.api.results.exports({ campaignId: campaign.id })).map((e) => e.id)).toContain(inc.exportId);
    await expect(laptop.api.results.startExport({ campaignId: campaign.id, out: join(dir, 'x.drpkg'), passphrase: 'short', sinceLast: false })).rejects.toThrow(/8/);
    office.core.close();
    laptop.core.close();
  });
});
