/** results.exportPreview (#18): what the 导出成果包 dialog says a package will hold matches what the export then writes. */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../foundation/temp';
import { copySite, exportFrom, importInto, makeOffice, review, type Site } from './results-helpers';

const open: Site[] = [];
afterEach(() => {
  for (const s of open.splice(0)) s.core.close();
});

describe('results.exportPreview', () => {
  const tempDir = useTempDir();

  it('counts what a full and a since-last package hold, as the export then writes it', async () => {
    const dir = tempDir();
    const { office, campaign, assignments } = await makeOffice(dir);
    const laptop = await copySite(office, join(dir, 'laptop.sqlite'), '甲评查');
    open.push(office, laptop);
    await review(laptop, assignments[0].id, { deduction: 1, submit: true });
    await review(laptop, assignments[1].id);

    const full = await laptop.api.results.exportPreview({ campaignId: campaign.id, sinceLast: true }); // nothing receipted: full
    expect(full).toMatchObject({ mode: 'full', sinceExportId: null, reviews: { draft: 1, submitted: 1, locked: 0 } });
    const written = await exportFrom(laptop, campaign.id, join(dir, 'a1.drpkg'), true);
    expect([written.reviews, written.findings, written.facts, written.documentMaps]).toEqual([2, full.findings, full.facts, full.documentMaps]);
    expect(written.auditEntries).toBe(full.auditEntries);

    const merged = await importInto(office, written.files[0]);
    await laptop.api.results.acknowledge({ receipt: await office.api.results.receipt({ importId: merged.importId }), campaignId: campaign.id });
    await review(laptop, assignments[2].id, { submit: true });
    const inc = await laptop.api.results.exportPreview({ campaignId: campaign.id, sinceLast: true });
    expect(inc).toMatchObject({ mode: 'incremental', sinceExportId: written.exportId, sinceFileName: 'a1.drpkg', reviews: { draft: 0, submitted: 1, locked: 0 } });
    expect(inc.sinceAcknowledgedAt).not.toBeNull();
    const next = await exportFrom(laptop, campaign.id, join(dir, 'a2.drpkg'), true);
    expect(next.reviews).toBe(1);
    expect(next.auditEntries).toBe(inc.auditEntries);
    // Full again: every review.
    expect((await laptop.api.results.exportPreview({ campaignId: campaign.id, sinceLast: false })).reviews).toEqual({ draft: 1, submitted: 2, locked: 0 });
  });
});
